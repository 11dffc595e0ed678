# bin/lib/lava.sh: `bin/mte-lab lava [KERNEL]`, sourced by bin/mte-lab (functions and a variable only).
# Writes a LAVA job (the test engine under KernelCI and Linaro's LKFT) that boots the kernel in qemu
# with MTE from the lab's initramfs and runs the scan's short form and the reproducers there, each
# printing KTAP; a LAVA monitor test makes every KTAP result line a LAVA test case. Then runs the job
# with Debian's lava-dispatcher (bookworm's lava-run) from a chroot in the lab's cache, made with
# debootstrap from a `dpkg -x` of its package: nothing installed on the host changes.
# The guest behaves as a board (FAULTLINE_EMULATED_MACHINE=0): the cases and reproducers known to keep
# a CPU until reboot on the kernel are not started, each a SKIP naming its finding page.
# Uses from bin/mte-lab: W, R, FAULTLINE_HOME, say, progress, die, setup, setup_kernel, new_run_dir,
# stage_app, initramfs, kernel_image, K_NAME; from bin/lib/repro.sh: repro_names, repro_build.

# the guest's command (/cmd of the lab's init): KTAP blocks, then the end marker the monitor waits for
LAVA_GUEST='
echo 1 > /proc/sys/kernel/printk
unk=" $(faultline mte status --json 2>/dev/null | sed -n "s/.*\"knownUnkillable\":\[\([^]]*\)\].*/\1/p" | tr -d "\"" | tr "," " ") "
echo "# faultline-lava: kernel $(uname -r), known to keep a CPU until reboot here:$unk"
faultline scan --short --quiet --format ktap > /tmp/scan.ktap 2> /tmp/scan.err || echo "# faultline-lava: scan exit $?"
cat /tmp/scan.ktap
for r in /app/repro/*; do
  n=${r##*/}
  case "$unk" in
    *" $n "*) printf "KTAP version 1\n1..1\nok 1 %s # SKIP known to keep a CPU until reboot on this kernel (native-notes/findings/%s.md)\n" "$n" "$n" ;;
    *) (cd /tmp && "$r") ;;
  esac
done
echo "# faultline-lava: end of KTAP"
'

lava_chroot() { # $W/lava/root: bookworm amd64, lava-dispatcher in it; the host's packages untouched
  local root=$W/lava/root dl=$W/lava/dl mirror
  [ -f "$root/.lava.ready" ] && return 0
  mirror=$(awk '$1 == "deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null)
  [ -n "$mirror" ] || mirror=$(sed -n 's/^URIs: //p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  [ -n "$mirror" ] || die "lava: no Debian mirror in /etc/apt/sources.list*: lava-run's chroot is made from one"
  mkdir -p "$dl" "$root"
  if [ ! -x "$W/lava/debootstrap/usr/sbin/debootstrap" ]; then
    progress "lava: debootstrap, unpacked from its package (not installed)"
    (cd "$dl" && apt-get download debootstrap >&2) || die "lava: apt-get download debootstrap failed"
    dpkg -x "$dl"/debootstrap_*_all.deb "$W/lava/debootstrap"
  fi
  if [ ! -f "$root/.debootstrap.done" ]; then
    progress "lava: a bookworm chroot for lava-dispatcher (about a minute)"
    DEBOOTSTRAP_DIR=$W/lava/debootstrap/usr/share/debootstrap nice -n 19 "$W/lava/debootstrap/usr/sbin/debootstrap" \
      --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg bookworm "$root" "$mirror" >&2 \
      || die "lava: debootstrap of the chroot failed"
    touch "$root/.debootstrap.done"
  fi
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$mirror" "$mirror" > "$root/etc/apt/sources.list"
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d" && chmod +x "$root/usr/sbin/policy-rc.d" # no daemons
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  progress "lava: apt-get install lava-dispatcher in the chroot (about three minutes)"
  lava_mount "$root"
  chroot "$root" env DEBIAN_FRONTEND=noninteractive nice -n 19 apt-get update >&2 \
    && chroot "$root" env DEBIAN_FRONTEND=noninteractive nice -n 19 apt-get install -y --no-install-recommends \
      lava-dispatcher >&2 || { lava_umount "$root"; die "lava: installing lava-dispatcher in the chroot failed"; }
  lava_umount "$root"
  touch "$root/.lava.ready"
}

lava_mount() { # $1 = chroot; $2.. = host directories bound at the same path (read-only but the last)
  local root=$1 d n=$# i=1
  shift
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  mountpoint -q "$root/sys" || mount -t sysfs sysfs "$root/sys"
  mountpoint -q "$root/dev" || { mount --bind /dev "$root/dev"; mount --make-private "$root/dev"; }
  mountpoint -q "$root/dev/pts" || mount --bind /dev/pts "$root/dev/pts"
  for d in "$@"; do
    i=$((i + 1))
    mkdir -p "$root$d"
    mountpoint -q "$root$d" && continue
    mount --bind "$d" "$root$d"
    [ "$i" = "$n" ] || mount -o remount,bind,ro "$root$d"
  done
}

lava_umount() { # $1 = chroot: everything under it, deepest first
  local m
  for m in $(awk -v r="$1" 'index($2, r "/") == 1 {print $2}' /proc/mounts | sort -r); do umount "$m" 2>/dev/null || umount -l "$m"; done
}

lava_yaml() { # $1 = job dir (artifacts there): device.yaml, dispatcher.yaml, job.yaml
  local j=$1
  cat > "$j/device.yaml" <<EOS
# LAVA device: qemu aarch64 with MTE (bin/mte-lab lava). The rendered form of a qemu device
# dictionary, as lava-run --device takes it; qemu-system-aarch64 is the lab's (a link in the chroot).
constants:
  posix:
    lava_test_sh_cmd: /bin/sh
    lava_test_results_dir: /lava-%s
    lava_test_shell_file: ~/.bashrc
  kernel-start-message: Linux version [0-9]
  shutdown-message: "reboot: Power down"
  default-shell-prompt: "lava-test: # "
  spawn_maxread: "4092"
  failure_retry: 1
  boot_retry: 1
commands: {}
parameters: {}
available_architectures: [aarch64, arm64]
actions:
  deploy:
    connections: {serial: }
    methods: {image: {parameters: {guest: {size: 512, interface: virtio, driveid: lavatest}}}}
  boot:
    connections: {serial: }
    methods:
      qemu:
        parameters:
          command: qemu-system-aarch64
          options:
          - -L $W/qemu/usr/share/qemu
          - -machine virt,mte=on
          - -cpu max,pauth=off
          - -m 3G
          - -smp 2
          - -nographic
          - -no-reboot
          - -nic none
          - -monitor none
timeouts:
  actions: {execute-qemu: {minutes: 2}, lava-test-monitor: {minutes: 40}}
  connections: {lava-test-monitor: {minutes: 40}}
EOS
  echo "dispatcher_ip: 127.0.0.1" > "$j/dispatcher.yaml"
  cat > "$j/job.yaml" <<EOS
# LAVA job (bin/mte-lab lava): Debian's $K_NAME kernel in qemu with MTE; the scan's short form and the
# reproducers print KTAP, and a monitor makes each result line a test case (ok pass, not ok fail, SKIP skip).
device_type: qemu
job_name: faultline on $K_NAME (qemu virt,mte=on)
priority: medium
visibility: public
timeouts: {job: {minutes: 60}, action: {minutes: 45}, connection: {minutes: 2}}
context: {arch: aarch64}
actions:
- deploy:
    to: tmpfs
    timeout: {minutes: 2}
    images:
      kernel:
        url: file://$j/vmlinuz
        image_arg: -kernel {kernel} -append "console=ttyAMA0 rdinit=/init panic=-1 quiet LAB_DEADLINE=2400"
      ramdisk:
        url: file://$j/initrd.cpio
        image_arg: -initrd {ramdisk}
- boot:
    method: qemu
    media: tmpfs
    timeout: {minutes: 3}
- test:
    timeout: {minutes: 45}
    monitors:
    - name: faultline
      start: KTAP version 1
      end: "# faultline-lava: end of KTAP"
      # a KTAP result line, whole (the pty turns CRLF into CR CR LF): SKIP when it says so, else ok / not ok
      pattern: '(?=(?:[^\r\n]*# (?=SKIP))?(?P<result>not ok|ok|SKIP))(?:not )?ok \d+ (?P<test_case_id>[^\s#]+)[^\r\n]*[\r\n]'
      fixupdict: {ok: pass, not ok: fail, SKIP: skip}
EOS
}

lava_main() { # $1 = KERNEL (optional)
  local j name bin rc=0 ktap lava
  [ $# = 0 ] || export MTE_LAB_KERNEL=$1
  setup >/dev/null
  setup_kernel
  lava_chroot
  new_run_dir
  stage_app
  mkdir -p "$R/app/repro"
  for name in $(repro_names); do
    bin=$(repro_build "$name")
    cp "$bin" "$R/app/repro/$name"
  done
  MTE_LAB_AS_BOARD=1 initramfs "$LAVA_GUEST"
  j=$W/lava/job/$K_NAME
  rm -rf "$j" && mkdir -p "$j/out"
  cp "$(kernel_image)" "$j/vmlinuz"
  cp "$R/initrd.cpio" "$j/initrd.cpio"
  lava_yaml "$j"
  progress "lava: lava-run $j/job.yaml (the scan and $(repro_names | wc -w) reproducers in the guest)"
  # LAVA runs qemu-system-ARCH from its PATH: the lab's qemu, bound into the chroot at the same path
  ln -sfn "$(qemu_bin)" "$W/lava/root/usr/local/bin/qemu-system-aarch64"
  lava_mount "$W/lava/root" "$W/qemu" "$j" "$j/out"
  chroot "$W/lava/root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    TERM=dumb nice -n 10 lava-run --job-id 1 --output-dir "$j/out" --device "$j/device.yaml" \
    --dispatcher "$j/dispatcher.yaml" "$j/job.yaml" > "$j/out/lava-run.stdout" 2> "$j/out/job-log.jsonl" || rc=$?
  lava_umount "$W/lava/root"
  # every result LAVA recorded, against every KTAP result line the guest printed
  python3 - "$j/out/job-log.jsonl" > "$j/results.txt" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if '"lvl": "results"' not in line:
        continue
    r = json.loads(line.replace(': ! "', ': "'))["msg"]
    print("%s %s %s" % (r.get("definition"), r.get("case"), r.get("result")))
PY
  ktap=$(python3 - "$j/out/job-log.jsonl" <<'PY'
import json, re, sys
n = 0
for line in open(sys.argv[1]):
    if '"lvl": "target"' not in line:
        continue
    msg = json.loads(line.replace(': ! "', ': "'))["msg"]
    if re.match(r"^(not )?ok \d+ \S", str(msg).strip()):
        n += 1
print(n)
PY
)
  lava=$(awk '$1 == "faultline"' "$j/results.txt" | wc -l)
  mkdir -p "$FAULTLINE_HOME/target/lava" && cp "$j/results.txt" "$j/out/job-log.jsonl" "$j/job.yaml" "$j/device.yaml" \
    "$FAULTLINE_HOME/target/lava/"
  awk '{c[$1 " " $3]++} END {for (k in c) print "lava: " k ": " c[k]}' "$j/results.txt" | sort
  echo "lava: lava-run exit $rc; $ktap KTAP result lines in the guest's console, $lava test cases recorded (target/lava/results.txt)"
  [ "$rc" = 0 ] && [ "$ktap" -gt 0 ] && [ "$ktap" = "$lava" ]
}
