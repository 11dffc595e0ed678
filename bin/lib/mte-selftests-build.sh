#!/bin/bash
# bin/lib/mte-selftests-build.sh SRC OUTDIR (bin/mte-lab selftest runs it)
#
# Build the kernel's arm64 MTE kselftests (tools/testing/selftests/arm64/mte)
# as STATIC aarch64 binaries with Debian's cross compiler.
#
#   SRC    kernel source tree (top dir with Makefile + tools/), or a Debian
#          linux-source-X.Y_*.deb, or a linux-source-X.Y.tar.xz (then only the
#          needed parts are extracted under OUTDIR/src).
#   OUTDIR output dir; binaries land in OUTDIR/mte/, plus
#          OUTDIR/build.log (exact gcc lines), OUTDIR/manifest.txt,
#          OUTDIR/FAILED (only if something failed)
#
# Env knobs:
#   CROSS_COMPILE  default aarch64-linux-gnu-
#   KHDR=kernel    (default) generate the kernel's own uapi headers with
#                  `make ARCH=arm64 O=OUTDIR/khdr headers` (host gcc only; no
#                  headers_install, no rsync, no .config, nothing written to SRC)
#   KHDR=system    use only the cross toolchain's linux-libc-dev headers
#                  (Debian 12: 6.1.4) -- fine for <= 6.12, NOT for 7.x
#   KHDR=/path     use an existing uapi include dir (e.g. INSTALL_HDR_PATH/include)
#   BUILD_MODE=gcc (default) call gcc directly with the flags the selftest
#                  Makefiles would use;  BUILD_MODE=make  run the upstream
#                  selftest Makefile instead (for cross-checking).
#
# Exit status: 0 if every test program built, 1 otherwise.
set -u
SRC=${1:?usage: mte-selftests-build.sh SRC OUTDIR}
OUT=${2:?usage: mte-selftests-build.sh SRC OUTDIR}
CROSS_COMPILE=${CROSS_COMPILE-aarch64-linux-gnu-}   # set and empty: the machine's own gcc (on a board)
CC=${CROSS_COMPILE}gcc
KHDR=${KHDR:-kernel}
BUILD_MODE=${BUILD_MODE:-gcc}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
LOG=$OUT/build.log
: > "$LOG"
rm -f "$OUT/FAILED"
log() { echo "$*" | tee -a "$LOG"; }
die() { log "ERROR: $*"; echo "$*" >> "$OUT/FAILED"; exit 1; }

command -v "$CC" >/dev/null || die "$CC not found (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross)"

# ---- 0. source: tree, .deb or .tar.xz --------------------------------------
extract_tarxz() {   # $1 = command producing the tar.xz on stdout
	mkdir -p "$OUT/src"
	# headers need: Makefile, scripts/, include/, arch/arm64/, usr/, tools/
	eval "$1" | xz -dc | tar -x -C "$OUT/src" --strip-components=1 --wildcards \
		'*/Makefile' '*/Kbuild' '*/Kconfig' '*/scripts/*' '*/include/*' \
		'*/arch/arm64/*' '*/arch/Kconfig' '*/usr/*' '*/tools/*' 2>>"$LOG" || true
}
case "$SRC" in
*.deb)
	log "# extracting $SRC -> $OUT/src"
	extract_tarxz "dpkg-deb --fsys-tarfile '$SRC' | tar -xO --wildcards './usr/src/linux-source-*.tar.xz'"
	SRC=$OUT/src ;;
*.tar.xz)
	log "# extracting $SRC -> $OUT/src"
	extract_tarxz "cat '$SRC'"
	SRC=$OUT/src ;;
esac
SRC=$(cd "$SRC" && pwd)
SEL=$SRC/tools/testing/selftests
MTE=$SEL/arm64/mte
[ -f "$MTE/mte_common_util.c" ] || die "$MTE not found (tree lacks tools/? pass the .deb instead)"
KVER=$(make -s -C "$SRC" kernelversion 2>/dev/null)
[ -n "$KVER" ] || KVER=$(awk '/^VERSION/{v=$3}/^PATCHLEVEL/{p=$3}/^SUBLEVEL/{s=$3}END{print v"."p"."s}' "$SRC/Makefile")
log "# kernel $KVER  src=$SRC  cc=$($CC --version | head -1)"

# ---- 1. kernel uapi headers --------------------------------------------------
case "$KHDR" in
kernel)
	log "# uapi headers: make -C $SRC O=$OUT/khdr ARCH=arm64 headers -j1"
	make -s -C "$SRC" O="$OUT/khdr" ARCH=arm64 headers -j1 >>"$LOG" 2>&1 \
		|| die "make headers failed (see $LOG)"
	KHDR_DIR=$OUT/khdr/usr/include ;;
system) KHDR_DIR= ;;
*)      KHDR_DIR=$KHDR ;;
esac

# ---- 2. flags, derived from the series' own Makefiles ------------------------
A64MK=$SEL/arm64/Makefile; MTEMK=$MTE/Makefile; LIBMK=$SEL/lib.mk
CFLAGS="-Wall -O2 -g -I$SEL/"                            # arm64/Makefile
if [ -n "$KHDR_DIR" ]; then
	if grep -q 'KHDR_INCLUDES' "$A64MK"; then CFLAGS="$CFLAGS -isystem $KHDR_DIR"  # >= 6.1
	else CFLAGS="$CFLAGS -I$KHDR_DIR"; fi                                         # 5.10 khdr_dir
fi
grep -q 'tools/include' "$A64MK" && CFLAGS="$CFLAGS -I$SRC/tools/include"       # >= 6.4ish
CFLAGS="$CFLAGS -std=gnu99 -I."                                                  # mte/Makefile
grep -q '^CFLAGS += -march=armv8.5-a+memtag' "$MTEMK" && CFLAGS="$CFLAGS -march=armv8.5-a+memtag"  # 5.10
grep -q '^CFLAGS.*-pthread' "$MTEMK" && CFLAGS="$CFLAGS -pthread"
grep -q '^CFLAGS += -D_GNU_SOURCE=' "$LIBMK" && CFLAGS="$CFLAGS -D_GNU_SOURCE="  # lib.mk >= 6.10
LDFLAGS=
grep -q '^LDFLAGS.*-pthread' "$MTEMK" && LDFLAGS="-pthread"
LDFLAGS="$LDFLAGS -static"
# mte/Makefile's toolchain probe
$CC $CFLAGS -march=armv8.5-a+memtag -E -x c /dev/null -o /dev/null 2>>"$LOG" \
	|| die "$CC does not accept -march=armv8.5-a+memtag"

TESTS=$(cd "$MTE" && ls *.c | grep -vx mte_common_util.c | sed 's/\.c$//')
mkdir -p "$OUT/mte"
fail=0

# ---- 3. build ---------------------------------------------------------------
if [ "$BUILD_MODE" = make ]; then
	# upstream Makefile. CC= on the command line works around the 5.10 probe
	# running before lib.mk sets CC (otherwise 5.10 silently builds nothing).
	if grep -q KHDR_INCLUDES "$A64MK"; then
		X=(KHDR_INCLUDES="${KHDR_DIR:+-isystem $KHDR_DIR}")
	else  # 5.10: headers expected in $KBUILD_OUTPUT/kselftest/usr/include
		mkdir -p "$OUT/kbo/kselftest/usr"
		[ -n "$KHDR_DIR" ] && ln -sfn "$KHDR_DIR" "$OUT/kbo/kselftest/usr/include"
		X=(KSFT_KHDR_INSTALL_DONE=1 KBUILD_OUTPUT="$OUT/kbo")
	fi
	make -C "$SEL/arm64" ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" CC="$CC" \
		ARM64_SUBTARGETS=mte OUTPUT="$OUT" USERLDFLAGS=-static "${X[@]}" V=1 -j1 all \
		>>"$LOG" 2>&1 || fail=1
else
	for t in $TESTS; do
		cmd="$CC $CFLAGS $LDFLAGS $t.c mte_common_util.c mte_helper.S -o $OUT/mte/$t"
		echo "(cd $MTE && $cmd)" >> "$LOG"
		if ! (cd "$MTE" && $cmd) >>"$LOG" 2>&1; then
			log "# FAILED: $t"; echo "$t" >> "$OUT/FAILED"; fail=1
		fi
	done
fi

# ---- 4. check + manifest -----------------------------------------------------
{
	echo "# MTE selftests from Linux $KVER, built $(date -u +%FT%TZ) with $($CC --version | head -1)"
	echo "# CFLAGS: $CFLAGS"
	echo "# LDFLAGS: $LDFLAGS"
	for t in $TESTS; do
		f=$OUT/mte/$t
		if [ -x "$f" ]; then
			# ELF, e_machine 183 (EM_AARCH64), no PT_INTERP (static): readelf from binutils, which gcc brings
			if ! readelf -h "$f" 2>/dev/null | grep 'AArch64' > /dev/null || readelf -l "$f" 2>/dev/null | grep INTERP > /dev/null; then
				echo "$t: not a static aarch64 ELF" >> "$OUT/FAILED"; fail=1
			fi
			printf '%-24s %8s  %s\n' "$t" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -c1-16)"
		else
			printf '%-24s %8s\n' "$t" MISSING
			grep -qx "$t" "$OUT/FAILED" 2>/dev/null || echo "$t" >> "$OUT/FAILED"; fail=1
		fi
	done
} > "$OUT/manifest.txt"
cat "$OUT/manifest.txt"

grep -hE 'warning:' "$LOG" | sed 's/^/# /' | sort | uniq -c | sort -rn | head -20
[ $fail = 0 ] && log "# OK: all $(echo $TESTS | wc -w) programs built" || log "# SOME FAILED: $(tr '\n' ' ' < "$OUT/FAILED")"
exit $fail
