#!/bin/sh
# bin/lib/mte-selftests-run.sh [DIR] (bin/mte-lab selftest runs it in the guest)   (busybox sh / ash / dash / bash compatible)
#
# Runs every executable in DIR (default: the directory of this script),
# except this script, and prints a KTAP/TAP-13 top level:
#   TAP version 13
#   1..N
#   # <each line of the test's own output, prefixed with "# ">
#   ok I name | ok I name # SKIP | not ok I name # exit=RC
# Exit status: 0 if no test failed (skips are fine), 1 otherwise.
#
# Per-binary verdict (kselftest convention, kselftest.h):
#   exit 0 = pass, 4 = KSFT_SKIP, 124 = timeout (fail), anything else
#   (1 = KSFT_FAIL, signal deaths 128+N, ...) = fail.
#   Extra: exit 0 but a "not ok" line in the binary's own TAP output is also
#   counted as fail (check_prctl always returns 0).
#
# Env: MTE_TIMEOUT=secs per binary (default 300, 0 = none; needs a
#      `timeout` applet), MTE_NO_MOUNT=1 to not touch mounts.
#
# Needs root for: mounting, check_ksm_options (/sys/kernel/mm/ksm),
# check_hugetlb_options (/proc/sys/vm/nr_hugepages).

DIR=${1:-$(dirname "$0")}
TMO=${MTE_TIMEOUT:-300}
SELF=$(basename "$0")

mounted() { grep -q " $1 " /proc/mounts 2>/dev/null; }

if [ "${MTE_NO_MOUNT:-0}" != 1 ]; then
	[ -d /proc ] || mkdir -p /proc
	[ -r /proc/mounts ] || mount -t proc proc /proc 2>/dev/null
	[ -d /sys/kernel ] || { mkdir -p /sys; mount -t sysfs sysfs /sys 2>/dev/null; }
	# create_temp_file() does mkstemp("/dev/shm/tmp_XXXXXX"); the file is
	# then mmap()ed with PROT_MTE, which only shmem (real tmpfs) allows.
	if ! mounted /dev/shm; then
		mkdir -p /dev/shm
		mount -t tmpfs -o mode=1777 tmpfs /dev/shm 2>/dev/null
	fi
fi

# Timeout wrapper: busybox >= 1.30 and coreutils use `timeout SECS cmd`,
# older busybox `timeout -t SECS cmd`.
TCMD=
if [ "$TMO" != 0 ]; then
	if timeout 1 true >/dev/null 2>&1; then TCMD="timeout $TMO"
	elif timeout -t 1 true >/dev/null 2>&1; then TCMD="timeout -t $TMO"
	fi
fi

# collect tests (sorted by the shell glob)
N=0
for f in "$DIR"/*; do
	b=$(basename "$f")
	[ -f "$f" ] && [ -x "$f" ] && [ "$b" != "$SELF" ] || continue
	case "$b" in *.sh|*.log) continue ;; esac
	N=$((N + 1))
done

echo "TAP version 13"
echo "1..$N"
# environment diagnostics (comments only)
echo "# kernel: $(uname -r 2>/dev/null) $(uname -m 2>/dev/null)"
grep -q -w mte /proc/cpuinfo 2>/dev/null || echo "# WARNING: 'mte' not in /proc/cpuinfo Features - tests will SKIP"
if [ -r /proc/sys/abi/tagged_addr_disabled ]; then
	v=$(cat /proc/sys/abi/tagged_addr_disabled)
	echo "# /proc/sys/abi/tagged_addr_disabled=$v"
	[ "$v" = 0 ] || echo "# WARNING: tagged addr ABI disabled - PR_SET_TAGGED_ADDR_CTRL will fail (echo 0 > /proc/sys/abi/tagged_addr_disabled)"
fi
mounted /dev/shm || echo "# WARNING: /dev/shm is not a mount (needs tmpfs for PROT_MTE file mappings)"
[ -d /sys/kernel/mm/ksm ] || echo "# WARNING: /sys/kernel/mm/ksm missing (CONFIG_KSM / sysfs) - check_ksm_options will fail"
[ "$(id -u 2>/dev/null)" = 0 ] || echo "# WARNING: not root"
[ -n "$TCMD" ] || [ "$TMO" = 0 ] || echo "# WARNING: no usable timeout applet, running without timeout"

# kselftest.h prints "TAP version 13" only if KSFT_TAP_LEVEL is unset
KSFT_TAP_LEVEL=1
export KSFT_TAP_LEVEL

I=0; PASS=0; FAIL=0; SKIP=0
T=${TMPDIR:-/tmp}
[ -d "$T" ] && [ -w "$T" ] || T=/dev/shm
LOG=$T/.mte-selftest.$$
for f in "$DIR"/*; do
	b=$(basename "$f")
	[ -f "$f" ] && [ -x "$f" ] && [ "$b" != "$SELF" ] || continue
	case "$b" in *.sh|*.log) continue ;; esac
	I=$((I + 1))
	echo "# selftests: arm64/mte: $b"
	( cd "$DIR" && $TCMD ./"$b" ) > "$LOG" 2>&1
	rc=$?
	sed 's/^/# /' "$LOG"
	if [ $rc = 0 ] && grep -q '^not ok ' "$LOG"; then
		rc=1; why=" # exit=0 but subtest(s) not ok"
	else
		why=" # exit=$rc"
	fi
	case $rc in
	0)   echo "ok $I $b"; PASS=$((PASS + 1)) ;;
	4)   echo "ok $I $b # SKIP"; SKIP=$((SKIP + 1)) ;;
	124|143) echo "not ok $I $b # TIMEOUT $TMO seconds"; FAIL=$((FAIL + 1)) ;;
	*)   echo "not ok $I $b$why"; FAIL=$((FAIL + 1)) ;;
	esac
done
rm -f "$LOG"
echo "# Totals: pass:$PASS fail:$FAIL skip:$SKIP"
[ $FAIL = 0 ]
