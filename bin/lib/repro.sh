# bin/lib/repro.sh: `bin/mte-lab repro NAME`, sourced by bin/mte-lab (functions only).
# Cross-compiles native-notes/findings/repro/NAME.c (plain C, static, Debian's aarch64 gcc) into
# $W/repro/NAME, boots the guest with it as /app/bin/NAME, runs it and passes its lines through:
# the kernel, REPRODUCED / NOT REPRODUCED / NOT TESTABLE, what it observed, what a handled
# SIGUSR1 and SIGKILL did, and the guest kernel's stall warnings. Exit status 0 whatever the
# verdict; 2 for an unknown NAME; 3 when the guest reported nothing.
# Uses from bin/mte-lab: W, FAULTLINE_HOME, say, die, setup_kernel, initramfs, boot, and
# new_run_dir/R where bin/mte-lab has them (a run directory of its own), else $W/app.

repro_dir() { echo "$FAULTLINE_HOME/native-notes/findings/repro"; }

repro_names() { # the reproducers there, one line: NAME.c, and NAME.scan (a case the scan writes the C of)
  local f names=""
  for f in "$(repro_dir)"/*.c "$(repro_dir)"/*.scan; do [ -f "$f" ] && names="$names $(basename "${f%.*}")"; done
  echo "${names# }"
}

repro_source() { # $1 = NAME: its C file; for NAME.scan (line 1 the case, line 2 the verdict it reproduces)
  # `faultline scan --repro CASE --expect VERDICT` writes it into $W/repro/NAME.c, one file as sent
  local scan c
  scan="$(repro_dir)/$1.scan" c="$(repro_dir)/$1.c"
  if [ -f "$c" ] || [ ! -f "$scan" ]; then echo "$c"; return; fi
  mkdir -p "$W/repro"
  "$FAULTLINE_HOME/bin/faultline" scan --repro "$(sed -n 1p "$scan")" --expect "$(sed -n 2p "$scan")" \
    --out "$W/repro/$1.c" >&2 || die "cannot write the reproducer of $scan"
  echo "$W/repro/$1.c"
}

repro_standalone() { # $1 = NAME: the one C file a report attaches, on stdout: NAME's source with each
  # #include "X" (X beside it: lab.h, another reproducer) replaced by X's text, each file once; it builds
  # with one gcc line and nothing beside it
  local src
  src=$(repro_source "$1")
  awk -v dir="$(dirname "$src")" -v top="$(basename "$src")" '
    function emit(f, name,    line, inc) {
      if (f in seen) return
      seen[f] = 1
      if (name != top) print "/* ---- " name " (inlined from native-notes/findings/repro/" name ") ---- */"
      while ((getline line < f) > 0) {
        if (line ~ /^#include "[^"]+"/) {
          inc = line; sub(/^#include "/, "", inc); sub(/".*/, "", inc)
          emit(dir "/" inc, inc)
          if (name == top) print "/* ---- " top " ---- */"
          continue
        }
        print line
      }
      close(f)
    }
    BEGIN { emit(dir "/" top, top) }'
}

repro_cc() { # Debian's cross compiler, installed with apt when missing
  if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
    say "the reproducers need Debian's cross compiler: gcc-aarch64-linux-gnu libc6-dev-arm64-cross (apt, only if nothing installed changes)"
    apt_needs_nothing_upgraded gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  fi
}

repro_build() { # $1 = NAME: $W/repro/NAME, rebuilt when the source or a file it may include (lab.h, another .c) is newer
  local src out h stale=""
  src=$(repro_source "$1") out="$W/repro/$1"
  mkdir -p "$W/repro"
  [ ! -x "$out" ] || [ "$src" -nt "$out" ] && stale=1
  for h in "$(repro_dir)"/*.h "$(repro_dir)"/*.c; do [ -f "$h" ] && [ "$h" -nt "$out" ] && stale=1; done
  if [ -n "$stale" ]; then
    repro_cc
    # the file a report attaches, built with the one gcc line its page gives
    repro_standalone "$1" > "$out.c.$$" && mv "$out.c.$$" "$out.c"
    aarch64-linux-gnu-gcc -O2 -Wall -static -o "$out.$$" "$out.c" >&2 || die "cannot compile $out.c (from $src)"
    mv "$out.$$" "$out" # several runs may build at once
  fi
  echo "$out"
}

repro_slim() { # the reproducers need no JVM: repack the initramfs without it (a third of the size; boots faster under TCG)
  local d=${R:-$W}
  [ -d "$d/root/usr/lib/jvm" ] && [ -f "$d/initrd.cpio" ] || return 0
  rm -rf "$d/root/usr/lib/jvm" "$d/root/bin/java"
  (cd "$d/root" && find . -print0 | cpio --null -o -H newc --quiet > "$d/initrd.cpio")
}

repro_main() { # $1 = NAME [--standalone [--out FILE]]
  local name=${1:-} bin app rc=0
  if [ "${2:-}" = --standalone ]; then # the one C file of NAME, on stdout or into FILE; no guest
    [ -f "$(repro_dir)/$name.c" ] || [ -f "$(repro_dir)/$name.scan" ] \
      || { echo "mte-lab: unknown reproducer '${name}'; known: $(repro_names)" >&2; exit 2; }
    if [ "${3:-}" = --out ] && [ -n "${4:-}" ]; then repro_standalone "$name" > "$4"; else repro_standalone "$name"; fi
    exit 0
  fi
  if [ -z "$name" ] || { [ ! -f "$(repro_dir)/$name.c" ] && [ ! -f "$(repro_dir)/$name.scan" ]; }; then
    echo "mte-lab: unknown reproducer '${name}'; known: $(repro_names)" >&2
    exit 2
  fi
  [ -f "$W/guest.ready" ] || die "run 'bin/mte-lab setup' first"
  bin=$(repro_build "$name")
  if declare -F new_run_dir >/dev/null; then
    setup_kernel
    new_run_dir
    app=$R/app
  else
    [ "${MTE_LAB_KERNEL:-trixie}" = trixie ] || setup_kernel
    app=$W/app
  fi
  rm -rf "$app" && mkdir -p "$app/bin"
  cp "$bin" "$app/bin/$name"
  # the reproducer reports within about a minute; a task it leaves stuck in the kernel does not keep
  # the guest's final poweroff -f from working, as the reproducers keep CPU 0 free of it (on 5.10 a
  # spinner on CPU 0 does); the deadline is only a backstop
  export MTE_LAB_DEADLINE=${MTE_LAB_DEADLINE:-600}
  initramfs "$name; dmesg | grep -E 'rcu.*stall|soft lockup|hung_task|BUG:|Oops' | head -n 4 | sed 's/^/dmesg: /'; exit 0"
  repro_slim
  boot || rc=$?
  [ "$rc" = 0 ] || exit 3
  exit 0
}
