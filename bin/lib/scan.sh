# bin/lib/scan.sh: the scan in the emulated machine, sourced by bin/mte-lab (functions only).
# The guest has no gcc: the scan's C driver (src/main/c/scan/scancall.c) is cross-compiled here,
# static, with Debian's aarch64 gcc, and staged as /app/bin/scancall; the guest's /init names it
# in FAULTLINE_SCANCALL and says FAULTLINE_EMULATED_MACHINE=1 (a case that keeps a CPU until reboot
# costs a reboot of the guest, not of the host: the scan may start it).
# Uses from bin/mte-lab: W, FAULTLINE_HOME, die; repro_cc from bin/lib/repro.sh.

scan_driver_into() { # $1 = the staged app: $W/scan/scancall, rebuilt when its source is newer, copied to $1/bin
  local src=$FAULTLINE_HOME/src/main/c/scan/scancall.c out=$W/scan/scancall
  declare -F repro_cc >/dev/null || source "$FAULTLINE_HOME/bin/lib/repro.sh"
  mkdir -p "$W/scan" "$1/bin"
  if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
    repro_cc
    aarch64-linux-gnu-gcc -O2 -Wall -static -o "$out.$$" "$src" >&2 || die "cannot compile $src"
    mv "$out.$$" "$out" # several runs may build at once
  fi
  cp "$out" "$1/bin/scancall"
}

# the sweep's scan section (guest shell, inside SWEEP_GUEST or SCAN_RESUME_GUEST): the scan ($SCAN_ARGS: the
# sweep's --short, or what `bin/mte-lab scan` was given) of every
# file system the guest can make, each result kept in /tmp/scan.record (with the record of earlier boots,
# staged as /app/scan.record, their cases are not run again) and copied to the console as it comes in
# ("@@SCAN-REC " lines: they reach the host even if a stuck case wedges the guest); the Markdown report
# and the picture between markers, and "@@SWEEP scan STATUS SECONDS CASES ANOMALIES@@"
SCAN_GUEST='
echo "@@SECTION scan@@"; t=$(now)
[ ! -f /app/scan.record ] || cp /app/scan.record /tmp/scan.record
touch /tmp/scan.record
tail -n +1 -f /tmp/scan.record 2>/dev/null | while IFS= read -r l; do echo "@@SCAN-REC $l"; done & tp=$!
faultline scan $SCAN_ARGS --quiet --format markdown --svg /tmp/scan.svg --record /tmp/scan.record > /tmp/scan.out 2>&1; s=$?
sleep 1; kill $tp 2>/dev/null
echo "@@SCAN-REPORT-BEGIN@@"; cat /tmp/scan.out; echo "@@SCAN-REPORT-END@@"
echo "@@SCAN-SVG-BEGIN@@"; cat /tmp/scan.svg 2>/dev/null; echo "@@SCAN-SVG-END@@"
c=$(sed -n "s/^\([0-9]*\) cases ran on .*/\1/p" /tmp/scan.out)
a=$(sed -n "s/^Anomalies (\([0-9]*\)):.*/\1/p" /tmp/scan.out)
r scan $s $(( $(now) - t )) ${c:-?} ${a:-0}
'

# a boot that only resumes the scan, after a case that left a task SIGKILL did not end on the last one
SCAN_RESUME_GUEST='
r() { echo "@@SWEEP $*@@"; }
now() { date +%s; }
'"$SCAN_GUEST"'
echo "@@SECTION end@@"
'

scan_last() { # $1 = BLOCK (REPORT, SVG), $2 = console log: the last such block, markers dropped
  awk -v b="@@SCAN-$1-BEGIN@@" -v e="@@SCAN-$1-END@@" '$0 == b {on = 1; n = 0; next} $0 == e {on = 0; next}
    on {l[n++] = $0} END {for (i = 0; i < n; i++) print l[i]}' "$2"
}

scan_record() { # $1 = console log: every case's result the scan recorded on every boot, the first of each case
  sed -n 's/^@@SCAN-REC //p' "$1" | tr -d '\r' | awk -F '\t' 'NF == 2 && !seen[$1]++'
}

scan_stopped() { # $1 = console log: whether the last boot's scan stopped short (a case SIGKILL did not end
  # stopped it, or it never printed its report)
  awk '/@@SECTION scan@@/ {scan = 1; report = 0} /@@SCAN-REPORT-END@@/ {report = 1}
       END {exit !(scan && !report)}' "$1" && return 0
  # grep reads to the end (-q would close the pipe at the first match, and pipefail would
  # turn the writer's SIGPIPE into "did not stop")
  scan_last REPORT "$1" | grep 'a fresh boot resumes after it' > /dev/null
}

scan_resume() { # $1 = kernel, $2 = its console log, $3 = the run's app dir, $4 = the scan's arguments: while
  # the scan stopped short and the last boot recorded something new, boot again with the record so far and
  # append that console
  local k=$1 log=$2 app=$3 args=${4---short} boots=1 max=${MTE_LAB_SCAN_BOOTS:-6} before after
  while scan_stopped "$log"; do
    if [ $boots -ge "$max" ]; then progress "$k: the scan still stops after $boots boots; left so"; return 0; fi
    boots=$((boots + 1))
    scan_record "$log" > "$app/scan.record"
    before=$(wc -l < "$app/scan.record")
    progress "$k: the scan stopped at a case SIGKILL did not end; boot $boots resumes after it ($before cases recorded)"
    initramfs "SCAN_ARGS='$args'; $SCAN_RESUME_GUEST"
    # the short scan alone: a quarter of an hour is ample under TCG, and a wedged guest costs no more
    MTE_LAB_DEADLINE=${MTE_LAB_SCAN_DEADLINE:-900} boot "$log.resume" | scan_progress || true
    echo "@@HOST-RESUME $boots@@" >> "$log"
    cat "$log.resume" >> "$log" && rm -f "$log.resume"
    after=$(scan_record "$log" | wc -l)
    if [ "$after" -le "$before" ]; then progress "$k: boot $boots recorded no case; the scan is left where it stopped"; return 0; fi
  done
}

scan_progress() { # the guest's output on stdin: a line on stderr every 250 cases in the record (the earlier
  # boots' cases first), nothing else shown
  quiet && { cat > /dev/null; return 0; }
  awk -v t0="$T0E" 'index($0, "@@SCAN-REC ") == 1 && ++n % 250 == 0 {
    c = $2; sub(/\t.*/, "", c); split(c, a, "/")
    printf "mte-lab: [%d s] scan: %d cases in the record, now %s %s\n", systime() - t0, n, a[1], a[2] > "/dev/stderr"
    fflush("/dev/stderr") }'
}

# `bin/mte-lab scan [KERNEL] [-- SCAN-ARGS...]`: the scan (whole by default) on one kernel in the guest, booted
# again after each case that left a task SIGKILL did not end, its report on stdout and the time of all boots
scan_main() {
  local args="" k t0 log
  while [ $# -gt 0 ]; do
    case $1 in
      --) shift; args="$*"; break ;; # words without spaces or quotes: the guest's shell splits them again
      -*) die "usage: bin/mte-lab scan [KERNEL] [-- SCAN-ARGS...] (e.g. -- --fs ext4,gfs2)" ;;
      *) [ -z "${k:-}" ] || die "usage: bin/mte-lab scan [KERNEL] [-- SCAN-ARGS...]"; k=$1 ;;
    esac
    shift
  done
  [[ "$args" != *[\'\"]* ]] || die "scan: the scan's arguments go to the guest's shell as words: no quotes ($args)"
  [ -z "${k:-}" ] || export MTE_LAB_KERNEL=$k
  t0=$(date +%s)
  setup >/dev/null
  setup_kernel
  new_run_dir
  stage_app
  mkdir -p "$W/scan"
  log=$W/scan/${MTE_LAB_KERNEL:-trixie}.log
  rm -f "$log"
  initramfs "SCAN_ARGS='$args'; $SCAN_RESUME_GUEST"
  MTE_LAB_DEADLINE=${MTE_LAB_DEADLINE:-3600} boot "$log" | scan_progress || true
  MTE_LAB_SCAN_DEADLINE=${MTE_LAB_DEADLINE:-3600} scan_resume "${MTE_LAB_KERNEL:-trixie}" "$log" "$R/app" "$args"
  scan_last REPORT "$log" | sed 's/\r$//'
  local boots; boots=$(( $(grep -c '^@@HOST-RESUME ' "$log" || true) + 1 ))
  local n; n=$(scan_record "$log" | wc -l)
  local s=$(( $(date +%s) - t0 ))
  echo
  echo "bin/mte-lab scan ${MTE_LAB_KERNEL:-trixie}${args:+ -- $args}: $n cases recorded over $boots boot$([ "$boots" = 1 ] || echo s) in $((s / 60)) min $((s % 60)) s (staging and boots included); console in $log"
  # the scan's exit status on its last boot
  [ "$(sweep_field "$log" scan | awk '{print $1}')" = 0 ]
}

scan_doc() { # $1 = the sweep's command line, $2 = the code it staged; then kernels: docs/scan.md and docs/scan/KERNEL.svg
  local cmd=$1 code=$2 k log out=$FAULTLINE_HOME/docs/scan.md
  shift 2
  mkdir -p "$FAULTLINE_HOME/docs/scan"
  {
    echo "# The scan on every kernel"
    echo
    echo "What \`faultline scan --short\` found on each kernel of the default set, in the emulated MTE machine:"
    echo "the real kernel's read and write paths on every file system the guest can make (and btrfs's tree"
    echo "search), and on none the census's other no-fault loops (/proc/kcore, UFFDIO_COPY, the futex calls),"
    echo "against PROT_NONE, hole, read-only, zapped and guard pages, a buffer paged out to its file and"
    echo "mismatched MTE granules, each call in a child process, classified by rule (EXACT, SHORT n, EFAULT,"
    echo "ERROR, DIRTY, OVERREPORT, LIVELOCK, UNKILLABLE). Every anomaly names its finding"
    echo "(native-notes/findings/) and the loop model that covers its path. A case that left a task SIGKILL"
    echo "did not end costs a reboot: the lab boots the kernel again and the scan resumes after it from its"
    echo "record (\`--record\`); such rows say \"recorded on an earlier boot\". Where the census says which"
    echo "loop a path takes: [census.md](census.md)."
    echo
    echo "How a call is watched (\`src/main/c/scan/scancall.c\`): the driver's child marks the moment its call"
    echo "starts and the moment it returns, so the deadline (2 s in the short form) counts the call alone, not"
    echo "the set-up before it. A call still there after 0.25 s whose task then spends half of the next 0.5 s in"
    echo "the kernel spins from the start; any other is looked at again at its deadline, for 0.5 s: one that"
    echo "spends a quarter of that in the kernel spins, one that spends less (it waits for I/O, or for a CPU)"
    echo "gets ten more deadlines. A spinning call gets SIGUSR1 (handled, without SA_RESTART); if it then"
    echo "returns, the row says \"a handled signal ended it\" with what it returned. If not, SIGKILL: LIVELOCK"
    echo "\"only SIGKILL ended it\" when the task ends within 5 s, else UNKILLABLE. A row's (R+40ticks) is the"
    echo "task's state and its ticks in the kernel over the last half-second window (50 is all of it)."
    echo
    echo "This is the short form. The whole scan (every call, three offsets each, private, shared and file"
    echo "buffers) of one kernel is \`bin/mte-lab scan KERNEL\`; on 6.12, 2026-12-07 (Faultline 17f5a95):"
    echo "17,857 cases over 2 boots in 9 min 40 s, staging and boots included, on two lanes (two file"
    echo "systems at a time, each driver's calls on a CPU of its own); gfs2 took 372 s of it, 138 of its"
    echo "cases LIVELOCK, each signalled once seen spinning. Its report ends with where the time went."
    echo
    echo "Made by \`$cmd\` on $(date -u '+%Y-%m-%d'); each kernel's section names the Faultline code that ran on it."
    for k in "$@"; do
      log=$W/sweep/$k.log
      echo
      echo "## $k"
      echo
      echo "Faultline $(sed -n 's/^@@HOST-CODE \(.*\)@@$/\1/p' "$log" 2>/dev/null | tail -n1 | grep . || echo "$code")."
      echo
      if ! grep -q '@@SCAN-REPORT-BEGIN@@' "$log" 2>/dev/null; then echo "Not run (see docs/kernels.md)."; continue; fi
      scan_last SVG "$log" > "$FAULTLINE_HOME/docs/scan/$k.svg"
      echo "![the scan on $k](scan/$k.svg)"
      echo
      scan_last REPORT "$log" | sed 's/\r$//'
    done
  } > "$out"
}
