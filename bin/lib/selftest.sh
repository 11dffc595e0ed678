# bin/lib/selftest.sh: `bin/mte-lab selftest [KERNEL]` — the lab proves itself with the kernel's own tests:
# tools/testing/selftests/arm64/mte of the booted kernel's series (Debian's linux-source-X.Y of its suite),
# built static with Debian's cross compiler (bin/lib/mte-selftests-build.sh, cached per series under
# $W/selftest/X.Y), run in the guest as root with /dev/shm on tmpfs, KTAP out (bin/lib/mte-selftests-run.sh);
# the exit status is the runner's: 0 when no test failed. Uses from bin/mte-lab: W, K_*, setup_kernel,
# kernel_parse, kernel_pkg, ensure_tree, tree_of, aptopts, new_run_dir, initramfs, boot, say, die; and
# repro_cc, repro_slim (bin/lib/repro.sh); doc_row (bin/lib/docrows.sh).
source "$(dirname "${BASH_SOURCE[0]}")/docrows.sh"

selftest_series() { # the X.Y of the kernel MTE_LAB_KERNEL names
  local p
  if [ -f "$K_DIR/kernel.ready" ]; then p=$(cat "$K_DIR/kernel.ready"); else p=$(kernel_pkg "$(tree_of "$K_SUITE")"); fi
  echo "$p" | sed -n 's/^linux-image-\([0-9]*\.[0-9]*\)[.-].*/\1/p'
}

selftest_build() { # $1 = X.Y, $2 = suite with its linux-source: prints the directory of the binaries
  local series=$1 suite=$2 d=$W/selftest/$1 t why
  if [ ! -f "$d/ready" ]; then
    why=$(ensure_tree "$suite") || die "no $suite on this mirror: $why"
    t=$(tree_of "$suite")
    rm -rf "$d" && mkdir -p "$d/debs"
    progress "selftest: Debian's linux-source-$series ($suite), the arm64 MTE selftests built static"
    # shellcheck disable=SC2046
    (cd "$d/debs" && apt-get $(aptopts "$t" arm64) download "linux-source-$series" > "$d/download.log" 2>&1) \
      || die "cannot download linux-source-$series: $(grep -m1 '^E:' "$d/download.log" || echo see "$d/download.log")"
    repro_cc
    bash "$(dirname "${BASH_SOURCE[0]}")/mte-selftests-build.sh" "$d"/debs/linux-source-*.deb "$d/out" > "$d/build.out" 2>&1 \
      || die "the MTE selftests of $series did not build: see $d/out/build.log"
    rm -rf "$d/out/src" "$d/out/khdr" "$d/debs" # the tree and its headers: a gigabyte and more
    touch "$d/ready"
  fi
  echo "$d/out/mte"
}

SELFTEST_SECTION="## The kernel's own arm64 MTE selftests (\`bin/mte-lab selftest\`)"
SELFTEST_HEADER="| kernel | uname -r | selftests of Linux | programs pass / fail / skip | subtests pass / fail / skip | date (UTC) | code | command |"

selftest_row() { # $1 = kernel, $2 = the runner's output (KTAP), $3 = the series, $4 = code: one table row
  local kr tot sub
  kr=$(sed -n 's/^# kernel: \([^ ]*\).*/\1/p' "$2" | head -n1)
  tot=$(sed -n 's/^# Totals: pass:\([0-9]*\) fail:\([0-9]*\) skip:\([0-9]*\).*/\1 \/ \2 \/ \3/p' "$2" | tail -n1)
  sub=$(awk '/^# # Totals: pass:/ {for (i = 1; i <= NF; i++) {split($i, kv, ":"); if (kv[1] == "pass") p += kv[2];
          if (kv[1] == "fail") f += kv[2]; if (kv[1] == "skip") s += kv[2]}} END {printf "%d / %d / %d", p, f, s}' "$2")
  echo "| $1 | ${kr:--} | $3 | ${tot:-no totals (cut off?)} | $sub | $(date -u -r "$2" '+%Y-%m-%d %H:%M') | $4 | \`bin/mte-lab selftest $1\` |"
}

selftest_main() {
  local series bins app rc=0
  [ -f "$W/guest.ready" ] || setup
  setup_kernel
  series=$(selftest_series)
  [ -n "$series" ] || die "cannot tell the series of kernel $K_NAME"
  bins=$(selftest_build "$series" "$K_SUITE")
  new_run_dir
  app=$R/app
  rm -rf "$app" && mkdir -p "$app/bin/selftest"
  cp "$bins"/check_* "$app/bin/selftest/"
  cp "$(dirname "${BASH_SOURCE[0]}")/mte-selftests-run.sh" "$app/bin/"
  say "selftest: the arm64 MTE selftests of Linux $series ($(ls "$app/bin/selftest" | wc -l) programs) on kernel $K_NAME"
  export MTE_LAB_DEADLINE=${MTE_LAB_DEADLINE:-1200}
  initramfs "sh /app/bin/mte-selftests-run.sh /app/bin/selftest"
  repro_slim
  boot "$R/selftest.log" || rc=$?
  if [ "$rc" != 3 ] && [ -z "${MTE_LAB_SWEEP_OUT:-}" ]; then # a run that reported: its row in docs/kernels.md
    doc_row "$FAULTLINE_HOME/docs/kernels.md" "$SELFTEST_SECTION" "$SELFTEST_HEADER" "$K_NAME" \
      "$(selftest_row "$K_NAME" "$R/selftest.log" "$series" "$(git -C "$FAULTLINE_HOME" describe --always --dirty 2>/dev/null || echo unknown)")"
  fi
  exit "$rc"
}
