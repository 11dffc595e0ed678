# bin/lib/sweep.sh: `bin/mte-lab sweep`, sourced by bin/mte-lab (a variable and functions only): the
# guest's script of sections and @@SWEEP lines, the table read back from each kernel's console,
# docs/kernels.md. Needs SCAN_GUEST (bin/lib/scan.sh) sourced first; uses from bin/mte-lab: W,
# FAULTLINE_HOME, SWEEP_KERNELS, setup, new_run_dir, stage_app, kernel_parse, initramfs, boot,
# progress, die, qemu_bin, and scan_doc from bin/lib/scan.sh.

# the sweep's guest script: sections and @@SWEEP lines that the host reads back from the console
SWEEP_GUEST='
r() { echo "@@SWEEP $*@@"; }
now() { date +%s; }
J="java --enable-native-access=ALL-UNNAMED -XX:-CreateCoredumpOnCrash -XX:ErrorFile=/tmp/hs_err_%p.log -cp /app:$(ls /app/lib/*.jar | tr "\n" :)"
if [ "$FULL" = 1 ]; then
  echo "@@SECTION tests@@"; t=$(now); mkdir -p target # jqwik keeps its database under target/
  # the test feed goes to the console as each test starts and ends, so a run cut off by the deadline
  # shows where it stood (the tree would come only at the end)
  { $J org.junit.platform.console.ConsoleLauncher execute --disable-banner --disable-ansi-colors --details=testfeed \
      --select-package dev.faultline 2>&1; echo "@@JUNIT-EXIT=$?@@"; } | tee /tmp/junit.out
  s=$(sed -n "s/.*@@JUNIT-EXIT=\([0-9]*\)@@.*/\1/p" /tmp/junit.out)
  p=$(sed -n "s/.*\[ *\([0-9]*\) tests successful.*/\1/p" /tmp/junit.out)
  f=$(sed -n "s/.*\[ *\([0-9]*\) tests failed.*/\1/p" /tmp/junit.out)
  k=$(sed -n "s/.*\[ *\([0-9]*\) tests skipped.*/\1/p" /tmp/junit.out)
  a=$(sed -n "s/.*\[ *\([0-9]*\) tests aborted.*/\1/p" /tmp/junit.out)
  r tests $s ${p:-?} ${f:-?} ${k:-?} ${a:-?} $(( $(now) - t ))
fi
echo "@@SECTION demo@@"; t=$(now)
faultline demo --quiet --out /tmp/demo > /tmp/o 2>&1; s=$?; cat /tmp/o; r demo $s $(( $(now) - t ))
echo "@@SECTION first-session@@"; t=$(now); fs=""
faultline map --layout "rw*2,none,ro,wo,hole,zap,rw"; fs="$fs $?"
faultline probe --layout rw,rw,none --access write --strategy granule --offset 100 --size 10000; fs="$fs $?"
faultline loop --loop btrfs-search --strategy first-byte --layout rw,none --record 100 --json; fs="$fs $?"
faultline loop --loop btrfs-search --strategy page --layout rw,none --record 100; fs="$fs $?"
r first $(( $(now) - t )) $fs
echo "@@SECTION headline@@"; t=$(now)
faultline loop --loop btrfs-search --strategy page --layout "rw~16+16,rw" --record 100 --json > /tmp/o 2>&1; s=$?; cat /tmp/o
v=$(sed -n "s/.*\"verdict\":\"\([A-Z_]*\)\".*/\1/p" /tmp/o | head -n1)
r btrfs $s ${v:-?}
echo "@@SECTION oracle@@"; t=$(now)
# btrfs-search last and on its own: on 5.10 its livelocked ioctls keep their CPUs for good (SIGKILL
# does not end them), so nothing else may run behind them
# the whole sweep adds the slower loops CI leaves out (two minutes a kernel): btrfs direct write, gfs2 inline read
more=""; [ "$FULL" = 1 ] && more=",btrfs-dio-write,gfs2-dio-inline"
faultline oracle --quiet --loops perform-write,buffered-read,dio,btrfs-dio,gfs2-read,gfs2-dio,gfs2-dio-hole,gfs2-fiemap,kcore-read$more > /tmp/oracle.out 2>&1; s=$?
# gfs2 direct I/O on a loop device of 4096-byte sectors, its decisive case (a block from 512 bytes into a
# page straddling the PROT_NONE page): in a process of its own, whose end ends its livelock
# (from v6.0: before, a direct-I/O buffer must be aligned to the logical block and the case is EINVAL)
case "$(uname -r)" in
  [1-5].*) echo "gfs2-dio-4kn: skipped: a direct-I/O buffer must be aligned to the logical block before v6.0" >> /tmp/oracle.out ;;
  *) faultline oracle --quiet --loop gfs2-dio-4kn --layout rw,none,rw --offset 512 >> /tmp/oracle.out 2>&1 || s=$? ;;
esac
so=$s
'"$SCAN_GUEST"'
s=$so
faultline oracle --quiet --loops btrfs-search >> /tmp/oracle.out 2>&1 || s=$?
cat /tmp/oracle.out
r oracle $s $(( $(now) - t )) $(awk "/^[0-9]+ cases, [0-9]+ disagreement/ {n++; c += \$1; d += \$3} END {if (n) printf \"%d cases, %d disagreements\", c, d}" /tmp/oracle.out)
g=$(awk "\$1 == \"gfs2-read\" {print \$5}" /tmp/oracle.out | sort | uniq -c | awk "{printf \"%s%s x%s\", (n++ ? \", \" : \"\"), \$2, \$1}")
[ -n "$g" ] || g=$(grep -m1 "^gfs2-read: skipped" /tmp/oracle.out | tr "|" /)
r gfs2 ${g:-?}
echo "@@SECTION end@@"
'

sweep_field() { # $1 = console log, $2 = tag: the fields of the last "@@SWEEP tag ...@@" line (a resumed scan's)
  sed -n "s/.*@@SWEEP $2 \(.*\)@@.*/\1/p" "$1" | tail -n1
}

sweep_row() { # $1 = kernel, $2 = its console log: one table row (the log carries the host's @@HOST lines)
  local k=$1 log=$2 kr ps tests demo first btrfs oracle gfs2 scan note why
  why=$(sed -n 's/^@@HOST-NOKERNEL \(.*\)@@$/\1/p' "$log" 2>/dev/null | head -n1)
  if [ -n "$why" ]; then echo "| $k | - | - | - | - | - | - | - | - | - | ${why//|//} |"; return; fi
  [ -f "$log" ] || { echo "| $k | - | - | - | - | - | - | - | - | - | no console log |"; return; }
  kr=$(sed -n 's/.*@@FAULTLINE-KERNEL=\([^ ]*\) \([^@]*\)@@.*/\1/p' "$log" | head -n1)
  ps=$(sed -n 's/.*@@FAULTLINE-KERNEL=\([^ ]*\) \([^@]*\)@@.*/\2/p' "$log" | head -n1)
  # shellcheck disable=SC2046
  set -- $(sweep_field "$log" tests)
  if ! grep -q '@@SECTION tests@@' "$log"; then tests="not run"
  elif [ $# -ge 4 ]; then tests="$2 / $3 / $4"; [ "${5:-0}" = 0 ] || tests+=" ($5 aborted)"; tests+=", ${6:-?} s"
  else tests="cut off ($(grep -c ' :: SUCCESSFUL' "$log") passed, $(grep -c ' :: FAILED' "$log") failed so far; running: $(
    awk '/ :: STARTED/ {sub(/ :: STARTED.*/, ""); t = $0} / :: (SUCCESSFUL|FAILED|ABORTED)/ {t = ""} END {print t}' "$log" | tr -d '\r|'))"; fi
  # shellcheck disable=SC2046
  set -- $(sweep_field "$log" demo); demo=${1:-?}
  # shellcheck disable=SC2046
  set -- $(sweep_field "$log" first); shift || true; first=${*:-?}
  # shellcheck disable=SC2046
  set -- $(sweep_field "$log" btrfs); btrfs=${2:-?}; [ "${1:-0}" = 0 ] || btrfs+=" (exit $1)"
  # shellcheck disable=SC2046
  set -- $(sweep_field "$log" oracle); oracle="?"; [ $# -ge 2 ] && { shift 2; oracle=${*:-"no summary line"}; }
  gfs2=$(sweep_field "$log" gfs2); gfs2=${gfs2:-?}
  # shellcheck disable=SC2046
  set -- $(sweep_field "$log" scan); scan="?"
  # the seconds of every boot's scan (a resumed scan's report times only its own boot)
  local scans; scans=$(sed -n 's/.*@@SWEEP scan [0-9]* \([0-9]*\) .*@@.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
  [ $# -ge 4 ] && { scan="$3 cases, $4 anomalies, $scans s"; [ "$1" = 0 ] || scan+=" (exit $1)"; }
  local boots; boots=$(grep -c '^@@HOST-RESUME ' "$log" 2>/dev/null || true)
  [ "${boots:-0}" = 0 ] || scan+=", resumed on $boots more boot$([ "$boots" = 1 ] || echo s) after UNKILLABLE cases"
  # shellcheck disable=SC2046
  set -- $(sed -n 's/^@@HOST-RUN \(.*\)@@$/\1/p' "$log" | head -n1)
  local st=${1:-$(sed -n 's/.*@@FAULTLINE-EXIT=\([0-9]*\)@@.*/\1/p' "$log" | tail -n1)}
  case ${st:-none} in
    0) note="done" ;; 124) note="timeout (guest deadline${3:+ $3 s})" ;; 3|none) note="timeout or panic (no exit status)" ;; *) note="exit $st" ;;
  esac
  [ -z "${2:-}" ] || note+=", $(( $2 / 60 )) min $(( $2 % 60 )) s"
  grep -q 'rcu: INFO: rcu_sched self-detected stall\|rcu_preempt self-detected stall\|detected stalls on CPUs' "$log" && note+=", RCU stalls logged"
  local oops; oops=$(sed -n 's/^@@HOST-OOPS \(.*\)@@$/\1/p' "$log" | head -n1)
  [ -z "$oops" ] || note+=", a kernel oops ended the first boot (${oops//|//}), booted again"
  # the last boot's oops (an oops may also end in a hang, when the lab runs without oops=panic)
  oops=$(awk '/^@@HOST-OOPS / {n = NR} {l[NR] = $0} END {for (i = n + 1; i <= NR; i++) print l[i]}' "$log" | guest_oops /dev/stdin)
  [ -z "$oops" ] || note+=", kernel oops: ${oops//|//}"
  echo "| $k | ${kr:--} | ${ps:--} | $tests | $demo | $first | $oracle | $btrfs | ${gfs2//|//} | $scan | $note |"
}

sweep_skips() { # $1 = kernel, $2 = its console log: the skipped and aborted tests counted by reason
  local sk kr
  [ -f "$2" ] || return 0
  kr=$(sed -n 's/.*@@FAULTLINE-KERNEL=\([^ ]*\) .*/\1/p' "$2" | head -n1)
  sk=$(awk '/@@SECTION tests@@/ {on = 1} /@@SECTION demo@@/ {on = 0} on' "$2" \
        | awk '/ :: SKIPPED/ {getline; print "Assumption failed: " $0; next} {print}' \
        | sed -n -e 's/.*Assumption failed: //p' | sed -e 's/^[[:space:]]*//' -e 's/^skipped: //' -e 's/\r$//' \
        | cut -c1-100 | sort | uniq -c | sort -rn | awk '{n = $1; $1 = ""; sub(/^ /, ""); print "  - " n " x " $0}')
  [ -z "$sk" ] || printf '\nSkipped on %s (%s), by reason:\n\n%s\n' "$1" "$kr" "$sk"
}

sweep_fails() { # $1 = kernel, $2 = its console log: the failed tests, name and message
  local fl kr
  [ -f "$2" ] || return 0
  kr=$(sed -n 's/.*@@FAULTLINE-KERNEL=\([^ ]*\) .*/\1/p' "$2" | head -n1)
  fl=$(awk '/@@SECTION tests@@/ {on = 1} /@@SECTION demo@@/ {on = 0}
            on && / :: FAILED/ {sub(/ :: FAILED.*/, ""); name = $0; next}
            on && name != "" {sub(/^[[:space:]]*/, ""); sub(/\r$/, ""); print "  - `" name "`: " $0; name = ""}' "$2" | head -n 60)
  [ -z "$fl" ] || printf '\nFailures on %s (%s):\n\n%s\n' "$1" "$kr" "$fl"
}

kernels_doc() { # $1 doc, $2 whole|short, $3 header, $4 separator, $5 code, $6 command line, $7.. kernels swept:
  # docs/kernels.md holds the current row of each kernel per kind of run (the whole suite; the short sweep CI
  # runs), each with the date of its console, the code and the command that made it, and the failures and
  # skips of that run; the swept kernels' rows and details replace theirs, the others stay. History is git's.
  local out=$1 kind=$2 header=$3 sep=$4 code=$5 cmdline=$6 k log when kk
  shift 6
  local swept=" $* " tmp
  tmp=$(mktemp -d)
  for kk in whole short; do
    for k in $SWEEP_KERNELS; do
      log=$W/sweep/$k.log
      if [ "$kk" = "$kind" ] && [[ "$swept" == *" $k "* ]]; then
        when=$(date -u -r "$log" '+%Y-%m-%d %H:%M' 2>/dev/null || echo -)
        # the code that ran on this kernel (its console says), not the code that renders the table
        echo "$(sweep_row "$k" "$log") $when | $(sed -n 's/^@@HOST-CODE \(.*\)@@$/\1/p' "$log" 2>/dev/null | tail -n1 | grep . || echo "$code") | \`$cmdline\` |" >> "$tmp/$kk.rows"
        { sweep_fails "$k" "$log"; sweep_skips "$k" "$log"; } > "$tmp/$kk.$k.details"
      elif [ -f "$out" ]; then
        awk -v sec="## $( [ "$kk" = whole ] && echo "The whole suite" || echo "The short sweep")" -v k="$k" \
          'index($0, "## ") == 1 {on = index($0, sec) == 1} on && index($0, "| " k " |") == 1 {print; exit}' "$out" >> "$tmp/$kk.rows"
        awk -v m="<!-- $kk $k -->" '$0 == m {on = 1; next} on && /^<!-- / {exit} on {b[n++] = $0}
          END {while (n > 0 && b[n - 1] == "") n--; for (i = 0; i < n; i++) print b[i]}' "$out" > "$tmp/$kk.$k.details"
      fi
    done
  done
  {
    cat <<'EOS'
# Faultline on Debian's arm64 kernels

`bin/mte-lab sweep` boots each kernel in the emulated MTE machine (qemu TCG, `virt,mte=on`, the
guest's user space is trixie's: openjdk-25 and busybox, with each kernel's own suite's mkfs tools)
and runs there the whole JUnit suite (`--select-package dev.faultline`, jqwik included; not with
`--short`), `faultline demo --quiet --out /tmp/demo`, the README's first-session commands, the
headline btrfs case (`faultline loop --loop btrfs-search --strategy page --layout "rw~16+16,rw"
--record 100 --json`, its verdict), `faultline oracle --quiet` (its summary line, and the real
kernel's verdicts of the gfs2-read cases, a 20 s watchdog standing in for LIVELOCK) and the scan's
short form; the whole sweep's oracle also runs `btrfs-dio-write` and `gfs2-dio-inline`, which
`--short` (CI) leaves out. Each row is the newest run of that kernel, with the date of its console,
the commit of the code that ran and the command; each kernel's console is kept in the lab's cache
(`sweep/KERNEL.log`; `sweep --from-logs` renders them again) and copied to `target/sweep/KERNEL.log`.
Earlier rows are in git's history of this file.
EOS
    for kk in whole short; do
      echo
      if [ "$kk" = whole ]; then echo "## The whole suite (\`bin/mte-lab sweep\`)"; else echo "## The short sweep (\`bin/mte-lab sweep --short\`, as CI runs it)"; fi
      echo
      echo "$header date (UTC) | code | command |"
      echo "$sep---|---|---|"
      [ ! -f "$tmp/$kk.rows" ] || cat "$tmp/$kk.rows"
    done
    # every other section (the selftests' and the board's rows: bin/lib/docrows.sh) stays as it is
    [ ! -f "$out" ] || awk '/^## / {on = !(/^## The whole suite/ || /^## The short sweep/ || /^## Failures and skips/)
        if (on) {while (n > 0 && b[n - 1] == "") n--; b[n++] = ""}}
      on {b[n++] = $0}
      END {while (n > 0 && b[n - 1] == "") n--; for (i = 0; i < n; i++) print b[i]}' "$out"
    echo
    echo "## Failures and skips of each kernel's newest run"
    for kk in whole short; do
      for k in $SWEEP_KERNELS; do
        echo
        echo "<!-- $kk $k -->"
        if [ -s "$tmp/$kk.$k.details" ]; then cat "$tmp/$kk.$k.details"; else echo "$k, $kk: none"; fi
      done
    done
  } > "$out.tmp" && mv "$out.tmp" "$out"
  rm -rf "$tmp"
}

sweep_boot() { # $1 kernel, $2 its number, $3 count, $4 FULL, $5 deadline, $6 code, $7 the staged app: one guest
  local k=$1 log=$W/sweep/$1.log t0 status=0 app=$7
  t0=$(date +%s)
  progress "sweep: kernel $2 of $3: $k (deadline $5 s)"
  new_run_dir
  cp -al "$app" "$R/app" 2>/dev/null || cp -a "$app" "$R/app"
  MTE_LAB_KERNEL=$k kernel_parse
  initramfs "FULL=$4; SCAN_ARGS=--short; $SWEEP_GUEST"
  MTE_LAB_DEADLINE=$5 boot "$log" > /dev/null || status=$?
  local oops; oops=$(guest_oops "$log")
  if [ -n "$oops" ]; then
    # a kernel oops ends the guest (oops=panic): one more boot, the first console kept before the second's
    # (the row names the oops; the table's fields are the last boot's)
    progress "sweep: $k: the kernel oopsed ($oops); booting it once more"
    mv "$log" "$log.first" && status=0
    MTE_LAB_DEADLINE=$5 boot "$log" > /dev/null || status=$?
    { cat "$log.first"; echo "@@HOST-OOPS $oops@@"; cat "$log"; } > "$log.both" && mv "$log.both" "$log" && rm -f "$log.first"
  fi
  scan_resume "$k" "$log" "$R/app"
  echo "@@HOST-RUN $status $(( $(date +%s) - t0 )) $5@@" >> "$log"
  echo "@@HOST-CODE $6@@" >> "$log"
  mkdir -p "$FAULTLINE_HOME/target/sweep" && cp "$log" "$FAULTLINE_HOME/target/sweep/$k.log"
  progress "sweep: $k done in $(( $(date +%s) - t0 )) s, exit status $status"
}

sweep() {
  local full=1 fromlogs=0 kernels=() k n=0 rows="" fails="" dir log jobs=1
  while [ $# -gt 0 ]; do
    case $1 in
      --short) full=0 ;;
      --from-logs) fromlogs=1 ;; # the table again from the consoles the last sweep kept, no boot
      -j) jobs=${2:-}; shift ;;  # -j N: N guests side by side (each 2 vCPUs and 3 GiB), for a bigger machine
      -j[0-9]*) jobs=${1#-j} ;;
      -*) die "usage: bin/mte-lab sweep [--short] [--from-logs] [-j N] [KERNEL...]" ;;
      *) kernels+=("$1") ;;
    esac
    shift
  done
  [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "sweep -j takes a number of guests, 1 or more, not '$jobs'"
  # shellcheck disable=SC2206
  [ ${#kernels[@]} -gt 0 ] || kernels=($SWEEP_KERNELS)
  # the command that made the consoles (--from-logs only renders them again)
  local cmdline="bin/mte-lab sweep$([ $full = 1 ] || echo ' --short')$([ "$jobs" = 1 ] || echo " -j $jobs") ${kernels[*]}"
  local deadline=${MTE_LAB_DEADLINE:-$([ $full = 1 ] && echo 5400 || echo 1800)}
  dir=$W/sweep && mkdir -p "$dir"
  local code
  code=$(git -C "$FAULTLINE_HOME" describe --always --dirty 2>/dev/null || echo unknown)
  if [ $fromlogs = 0 ]; then
    setup >/dev/null
    new_run_dir
    stage_app
    echo "$code" > "$dir/code"
  fi
  [ ! -f "$dir/code" ] || code=$(cat "$dir/code")
  if [ $fromlogs = 0 ]; then
    local app=$R/app running=0 rc why
    # every kernel and its tools first, one after the other (they share the apt trees), then the guests
    for k in "${kernels[@]}"; do
      log=$dir/$k.log
      rm -f "$log"
      rc=0
      MTE_LAB_KERNEL=$k "$0" setup-kernel 2> "$dir/$k.setup.err" || rc=$?
      cat "$dir/$k.setup.err" >&2
      if [ $rc != 0 ]; then
        why=$(grep -v '^mte-lab: \[' "$dir/$k.setup.err" | tail -n1 | sed 's/^mte-lab: //')
        echo "@@HOST-NOKERNEL $why@@" > "$log"
      fi
    done
    for k in "${kernels[@]}"; do
      n=$((n + 1))
      [ ! -f "$dir/$k.log" ] || continue # no such kernel: its row says why
      # each guest in a subshell: its run directory goes when it ends (new_run_dir's trap)
      if [ "$jobs" = 1 ]; then
        (sweep_boot "$k" "$n" "${#kernels[@]}" "$full" "$deadline" "$code" "$app") || true
      else
        (sweep_boot "$k" "$n" "${#kernels[@]}" "$full" "$deadline" "$code" "$app") &
        running=$((running + 1))
        if [ $running -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
      fi
    done
    wait || true
  fi
  for k in "${kernels[@]}"; do
    log=$dir/$k.log
    rows+="$(sweep_row "$k" "$log")"$'\n'
    fails+="$(sweep_fails "$k" "$log")"
    fails+="$(sweep_skips "$k" "$log")"
  done
  local header="| kernel | uname -r | page size | tests passed / failed / skipped | demo exit | first session exits (map, probe, loop, loop) | oracle | btrfs-search page \`rw~16+16,rw\` | gfs2-read kernel verdicts | scan --short | run |"
  local sep="|---|---|---|---|---|---|---|---|---|---|---|"
  printf '\n%s\n%s\n%s%s\n' "$header" "$sep" "$rows" "$fails"
  [ -n "${MTE_LAB_SWEEP_OUT:-}" ] || scan_doc "$cmdline" "$code" "${kernels[@]}"
  local out=${MTE_LAB_SWEEP_OUT:-$FAULTLINE_HOME/docs/kernels.md}
  kernels_doc "$out" "$([ $full = 1 ] && echo whole || echo short)" "$header" "$sep" "$code" "$cmdline" "${kernels[@]}"
  progress "sweep done: table in $out"
}
