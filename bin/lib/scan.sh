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

# the sweep's scan section (guest shell, inside SWEEP_GUEST): the short scan of every file system the
# guest can make; its report on the console, and "@@SWEEP scan STATUS SECONDS CASES ANOMALIES@@"
SCAN_GUEST='
echo "@@SECTION scan@@"; t=$(now)
faultline scan --short --quiet > /tmp/scan.out 2>&1; s=$?; cat /tmp/scan.out
c=$(sed -n "s/^\([0-9]*\) cases ran on .*/\1/p" /tmp/scan.out)
a=$(sed -n "s/^Anomalies (\([0-9]*\)):.*/\1/p" /tmp/scan.out)
r scan $s $(( $(now) - t )) ${c:-?} ${a:-0}
'
