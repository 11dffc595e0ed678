# bin/mte-lab board's session: each step under the step limit, "@@BOARD-STEP name status seconds@@" after it
# (BOARD_PAYLOAD and BOARD_DISK, for a dry run elsewhere: the payload's files and the tar they came from)
P=${BOARD_PAYLOAD:-/var/tmp/board} D=${BOARD_DISK:-/dev/vdb}
board_note() { echo "@@BOARD-NOTE $*@@"; }
step() { # NAME FUNCTION
  local t0 s
  echo "@@BOARD-STEP-BEGIN $1@@"
  t0=$(date +%s)
  # timeout's own process group: the step's children (mvn, surefire's forks, jshell's agent) end with it
  timeout -k 30 "$BOARD_STEP_LIMIT" bash -c "$2"; s=$?
  [ "$s" != 124 ] || board_note "$1" "cut off at the step limit ($BOARD_STEP_LIMIT s)"
  echo "@@BOARD-STEP $1 $s $(( $(date +%s) - t0 ))@@"
  return "$s"
}
board_seed() {
  set -o pipefail
  mkdir -p "$HOME/.m2/repository"
  tar -xOf "$D" ./m2-seed.tar | tar -xf - -C "$HOME/.m2/repository" || return
  printf '<settings>\n  <offline>true</offline>\n</settings>\n' > "$HOME/.m2/settings.xml"
  board_note seed "$(du -sm "$HOME/.m2/repository" | cut -f1) MB in ~/.m2/repository; Maven offline (settings.xml)"
}
board_clone() {
  git clone "$P/faultline.bundle" "$HOME/faultline" || return
  board_note clone "$(git -C "$HOME/faultline" log -1 --format=%h) ($(git -C "$HOME/faultline" rev-parse --abbrev-ref HEAD))"
}
board_demo() { cd "$HOME/faultline" && bin/faultline demo; }
board_tests() {
  local s T
  cd "$HOME/faultline" || return
  T=$(mktemp)
  bin/test 2>&1 | tee "$T"; s=${PIPESTATUS[0]}
  # Maven's totals: its last "Tests run: ..." line without a class's "Time elapsed"
  board_note test "$(grep -aoE 'Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$T" | tail -n1 \
    | grep . || echo 'no surefire totals')"
  rm -f "$T"
  return "$s"
}
board_first() { # every line of the sh blocks of the README's "A first session"
  local line s want exits="" bad=0 n=0 a b T re='#.*Linux ([0-9]+)\.([0-9]+)\+.*exit ([0-9]+)'
  cd "$HOME/faultline" || return
  T=$(mktemp)
  awk '/^## A first session/ {on = 1; next} on && /^## / {exit} on && /^```sh/ {b = 1; next} b && /^```/ {b = 0; next} on && b' \
    README.md > "$T"
  read -r a b <<< "$(uname -r | sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/')"
  while IFS= read -r line; do
    [ -n "${line// /}" ] || continue
    want=0 # a line whose comment says "Linux X.Y+ ... exit N": N on older kernels
    if [[ $line =~ $re ]] && { [ "$a" -lt "${BASH_REMATCH[1]}" ] || { [ "$a" = "${BASH_REMATCH[1]}" ] && [ "$b" -lt "${BASH_REMATCH[2]}" ]; }; }; then
      want=${BASH_REMATCH[3]}
    fi
    echo "board\$ $line"
    bash -c "$line" < /dev/null; s=$?
    if [ "$want" != 0 ]; then exits="$exits $s (documented: $want before ${BASH_REMATCH[1]}.${BASH_REMATCH[2]})"; else exits="$exits $s"; fi
    [ "$s" = "$want" ] || bad=1
    n=$((n + 1))
  done < "$T"
  rm -f "$T"
  [ "$n" -gt 0 ] || { echo "board: no sh block under \"## A first session\" in README.md"; bad=1; }
  board_note first-session "$n lines, exits:$exits"
  return $bad
}
board_jshell() { # the jshell session of docs/exploring.md, through bin/faultline jshell; its documented output counted
  local s l n=0 m=0 e T
  T=$(mktemp -d)
  cd "$HOME/faultline" || return
  awk '/^```jshell/ {on = 1; next} on && /^```/ {exit} on' docs/exploring.md > "$T/session.jsh"
  # the documented output is 4 KiB pages': a number after "=" that is a multiple of 4096 is pages of it
  awk -v page="$(getconf PAGESIZE)" 'st == 0 && /^```jshell/ {st = 1; next} st == 1 && /^```/ {st = 2; next}
       st == 2 && /^```/ {st = 3; next} st == 3 && /^```/ {exit}
       st == 3 {o = ""; while (match($0, /=[0-9]+/)) {n = substr($0, RSTART + 1, RLENGTH - 1) + 0
                  o = o substr($0, 1, RSTART) (n > 0 && n % 4096 == 0 ? n / 4096 * page : n); $0 = substr($0, RSTART + RLENGTH)}
                print o $0}' docs/exploring.md > "$T/session.out"
  l=$(grep -c . "$T/session.jsh")
  echo /exit >> "$T/session.jsh"
  cat "$T/session.jsh"
  bin/faultline jshell -q "$T/session.jsh" < /dev/null > "$T/jshell.log" 2>&1; s=$?
  cat "$T/jshell.log"
  while IFS= read -r e; do
    [ -n "$e" ] || continue
    n=$((n + 1)); grep -qF -- "$e" "$T/jshell.log" && m=$((m + 1))
  done < "$T/session.out"
  if [ "$s" = 0 ] && grep -qE '^\|  Error|Exception' "$T/jshell.log"; then s=1; fi
  rm -rf "$T"
  board_note jshell "$l lines; $m of the $n documented output lines seen"
  return "$s"
}
board_report() { # the report a board user sends back, every part (docs/board.md): each part's exit and seconds noted
  local s T
  cd "$HOME/faultline" || return
  T=$(mktemp)
  bin/faultline board-report --out target/board-report.html 2>&1 | tee "$T"; s=${PIPESTATUS[0]}
  board_note board-report "$(sed -n 's/^board-report: \[[0-9]*\/[0-9]*\] \(.*: exit .*\)/\1/p' "$T" | paste -sd';' - | sed 's/;/; /g');\
 $(grep -a '^board report: ' "$T" | tail -n1 | sed 's/^board report: [^ ]* //'), $(wc -c < target/board-report.html 2>/dev/null || echo 0) bytes"
  rm -f "$T"
  return "$s"
}
board_bench() { cd "$HOME/faultline" && bench/run smoke; }
board_command() { cd "$HOME/faultline" && bash -c "$(cat "$P/command")"; }
export -f board_note board_seed board_clone board_demo board_tests board_first board_jshell board_report board_bench board_command
export P D BOARD_STEP_LIMIT BOARD_SESSION
echo "@@BOARD-KERNEL $(uname -r) $(getconf PAGESIZE) $(grep -c '^Features.* mte' /proc/cpuinfo)@@"
rc=0
step seed board_seed || rc=1
if step clone board_clone; then
  if [ -f "$P/command" ]; then
    step command board_command; rc=$?
  else
    for s in $BOARD_SESSION; do
      case $s in
        demo) step demo board_demo || rc=1 ;;
        test) step test board_tests || rc=1 ;;
        first-session) step first-session board_first || rc=1 ;;
        jshell) step jshell board_jshell || rc=1 ;;
        board-report) step board-report board_report || rc=1 ;;
        bench-smoke) step bench-smoke board_bench || rc=1 ;;
      esac
    done
  fi
else
  rc=1
fi
exit "$rc"
