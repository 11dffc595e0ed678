# bin/lib/board.sh: `bin/mte-lab board [KERNEL] [-- COMMAND...]`, sourced by bin/mte-lab (variables and
# functions only). A full Debian trixie arm64 system in the emulated MTE machine, used as a board user uses
# a board: a clone of the repository, the README's two commands, its first session, a jshell session, the board
# report and `bench/run smoke`, each a step with its exit status and seconds; a table at the end.
# The guest's two scripts are files of their own: bin/lib/board-init.sh (PID 1 of the image) and
# bin/lib/board-session.sh (the session, or the COMMAND).
# - The image ($W/board/rootfs.img, 6 GiB sparse ext4), made once, each step stamped in $W/board/stamps:
#   debootstrap --foreign of trixie arm64 from this machine's Debian mirror (debootstrap itself unpacked from
#   its .deb, not installed), mkfs.ext4 -d of the tree (no mount), debootstrap's second stage in the guest.
# - Per kernel ($W/board/kernels/KERNEL): the kernel's whole module tree (from its Debian package) and an
#   initramfs of its own that loads virtio_blk and ext4, mounts the image and starts /sbin/board-init (the
#   initramfs puts the current one there at every boot). A kernel whose modules the image lacks gets them in
#   a setup boot (depmod in the guest); BOARD_EXTRAS (default chromium: what bin/test installs that the
#   image lacks; btrfs-progs is in it) is installed there too, with qemu's user network.
# - A run boots the image with snapshot=on (it stays as built), no network. On a second virtio disk, a tar:
#   the guest's script, a git bundle of the repository at HEAD, and the Maven repository seed
#   ($W/board/m2-seed.tar: a copy of this machine's ~/.m2/repository, checked offline in a temporary clone
#   with dependency:go-offline).
# Each step prints "@@BOARD-STEP name status seconds@@"; the host prints a table and exits 1 when a step failed
# or never ended (with -- COMMAND: the command's status). The console: $W/board/logs/KERNEL.log (a COMMAND's:
# KERNEL-command.log).
# Environment: BOARD_STEP_LIMIT (s a step, 5400), BOARD_TIMEOUT (s the whole boot, 14400), BOARD_SESSION
# (steps of the session, default all: demo test first-session jshell bench-smoke), BOARD_EXTRAS (chromium;
# empty: none), BOARD_M2 (the repository to seed from, ~/.m2/repository), BOARD_M2_MAX_MB (600), BOARD_MEM
# (3G), BOARD_SMP (2), BOARD_SIZE (6G), BOARD_FORCE=1 (the image made again), BOARD_STAGE2_TIMEOUT (7200),
# BOARD_SETUP_TIMEOUT (5400).
# Uses from bin/mte-lab: W, FAULTLINE_HOME, R, HB, K_NAME, K_PATH, K_DIR, K_SUITE, setup, setup_kernel,
# kernel_image, ensure_tree, tree_of, kernel_debs, aptopts, mirror, pick_modules, qemu_bin, new_run_dir,
# heartbeat, progress, say, die, quiet, require_jdk, require_maven (bin/lib/jdk.sh); doc_row (bin/lib/docrows.sh).
source "$(dirname "${BASH_SOURCE[0]}")/docrows.sh"

# the packages of the image (debootstrap --include); changing them makes the image again
BOARD_INCLUDE=openjdk-25-jdk-headless,maven,git,gcc,libc6-dev,make,ca-certificates,procps,util-linux,kmod,e2fsprogs,btrfs-progs,xfsprogs,dosfstools,iproute2,busybox-static,xz-utils,unzip,patch,file,less
# the initramfs's modules: enough to mount the image (their depends= come along)
BOARD_ROOT_MODULES="virtio_blk crc32c_generic crc32c-generic ext4"
# the steps of a session after the seed and the clone, in order (BOARD_SESSION picks some of them)
BOARD_SESSION_STEPS="demo test first-session jshell board-report bench-smoke"

board_has() { [ -f "$WB/stamps/$1" ] && [ "$(cat "$WB/stamps/$1")" = "${2:-done}" ]; }
board_stamp() { mkdir -p "$WB/stamps" && echo "${2:-done}" > "$WB/stamps/$1"; }

board_init_script() { # /sbin/board-init, PID 1 of the image (the initramfs installs it at every boot)
  local m sec
  m=$(mirror)
  sec=$(grep -h '^URIs:.*security' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2; exit}' || true)
  [ -n "$sec" ] || sec=$(awk '$1 == "deb" && /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$sec" ] || sec=http://deb.debian.org/debian-security
  sed -e "s|@MIRROR@|$m|g" -e "s|@SECURITY@|$sec|g" "$(dirname "${BASH_SOURCE[0]}")/board-init.sh"
}

board_kernel() { # sets BK (dir) and BK_VER: the whole module tree of the kernel K_NAME names (kept), and
  # its initramfs (made again each time)
  local key t img f d why
  BK=$WB/kernels/$K_NAME
  if [ "$K_NAME" = trixie ]; then key=$(cat "$W/guest.ready"); else key=$(cat "$K_DIR/kernel.ready"); fi
  if [ "$(cat "$BK/ready" 2>/dev/null)" != "$key" ]; then
    progress "board: the modules of $K_NAME ($key)"
    rm -rf "$BK" && mkdir -p "$BK/debs" "$BK/x"
    if [ "$K_NAME" = trixie ]; then # the lab's own copy of the package
      for f in "$W"/debs/linux-image-*.deb; do ln -s "$f" "$BK/debs/"; done
    else
      why=$(ensure_tree "$K_SUITE") || die "board: no $K_SUITE on this mirror: $why"
      t=$(tree_of "$K_SUITE")
      img=$(kernel_debs "$t" "$key")
      # shellcheck disable=SC2046,SC2086
      (cd "$BK/debs" && apt-get $(aptopts "$t" arm64) download $img > "$BK/download.log" 2>&1) \
        || die "board: cannot download $img: see $BK/download.log"
    fi
    for f in "$BK"/debs/*.deb; do
      dpkg-deb --fsys-tarfile "$f" | tar -x -C "$BK/x" --wildcards './lib/modules/*' './usr/lib/modules/*' 2>/dev/null || true
    done
    d=$(ls -d "$BK"/x/usr/lib/modules/*/ "$BK"/x/lib/modules/*/ 2>/dev/null | head -n1 || true)
    [ -n "$d" ] || die "board: no modules in the packages of $K_NAME ($key)"
    mkdir -p "$BK/modules" && mv "$d" "$BK/modules/"
    rm -f "$BK"/modules/*/vmlinuz*   # 7.x's linux-binary-* keeps its vmlinuz there
    rm -rf "$BK/x" "$BK/debs"
    BK_VER=$(ls "$BK/modules")
    grep -aq "Linux version $BK_VER " "$(kernel_image)" \
      || say "board: warning: $(kernel_image) does not say it is $BK_VER"
    echo "$BK_VER" > "$BK/version"
    echo "$key" > "$BK/ready"
  fi
  BK_VER=$(cat "$BK/version")
  board_initrd # every time (a second): it carries the current /sbin/board-init
}

board_initrd() { # $BK/initrd.img: trixie's static busybox, BOARD_ROOT_MODULES of the kernel, /init, /board-init
  local ir=$BK/initrd.d
  local ROOT_MODULES=$BOARD_ROOT_MODULES # pick_modules's roots
  rm -rf "$ir" && mkdir -p "$ir"/{bin,dev,proc,sys,newroot}
  cp "$W/sysroot/usr/bin/busybox" "$ir/bin/busybox"
  pick_modules "$BK/modules" "$ir/modules"
  board_init_script > "$ir/board-init"
  cat > "$ir/init" <<'EOF'
#!/bin/busybox sh
# the board's initramfs (bin/lib/board.sh): load what mounts /dev/vda, put /sbin/board-init there, switch_root
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $(cat /modules/order); do
  e=$(insmod /modules/$m.ko 2>&1) || case "$e" in *exists*) ;; *) echo "initramfs: insmod $m: $e" ;; esac
done
i=0; while [ ! -b /dev/vda ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
if ! mount -t ext4 -o rw /dev/vda /newroot; then
  echo "initramfs: cannot mount /dev/vda"; echo "@@BOARD-EXIT=125@@"; poweroff -f
fi
cp /board-init /newroot/sbin/board-init && chmod 755 /newroot/sbin/board-init
for d in dev proc sys; do
  if [ -L /newroot/$d ]; then rm /newroot/$d; fi
  mkdir -p /newroot/$d; mount --move /$d /newroot/$d
done
exec switch_root /newroot /sbin/board-init
EOF
  chmod 755 "$ir/init"
  (cd "$ir" && find . -print0 | cpio --null -o -H newc --quiet | gzip -9) > "$BK/initrd.img"
  rm -rf "$ir"
}

board_image() { # $WB/rootfs.img: debootstrap's first stage, mkfs.ext4 -d, the second stage in the guest
  local root=$WB/root img=$WB/rootfs.img feat=""
  mkdir -p "$WB/logs" "$WB/dl"
  [ "${BOARD_FORCE:-0}" != 1 ] || rm -f "$WB"/stamps/*
  if board_has stage1 "$BOARD_INCLUDE" && ! board_has image && [ ! -d "$root/debootstrap" ]; then
    rm -f "$WB/stamps/stage1" # the tree is gone: made again
  fi
  if ! board_has stage1 "$BOARD_INCLUDE"; then
    rm -f "$WB"/stamps/*
    if [ ! -x "$WB/debootstrap/usr/sbin/debootstrap" ]; then
      progress "board: debootstrap, unpacked from its package (not installed)"
      (cd "$WB/dl" && rm -f debootstrap_*.deb && apt-get download debootstrap > "$WB/logs/debootstrap-download.log" 2>&1) \
        || die "board: apt-get download debootstrap failed: see $WB/logs/debootstrap-download.log"
      rm -rf "$WB/debootstrap" && dpkg -x "$WB"/dl/debootstrap_*_all.deb "$WB/debootstrap"
    fi
    progress "board: debootstrap --foreign of trixie arm64 from $(mirror) (first stage, no emulation; a minute)"
    rm -rf "$root"
    DEBOOTSTRAP_DIR=$WB/debootstrap/usr/share/debootstrap nice -n 19 "$WB/debootstrap/usr/sbin/debootstrap" \
      --foreign --arch=arm64 --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
      --include="$BOARD_INCLUDE" trixie "$root" "$(mirror)" > "$WB/logs/stage1.log" 2>&1 \
      || die "board: debootstrap (first stage) failed: see $WB/logs/stage1.log"
    # the first stage leaves /proc a link to the host's: the guest needs a mount point
    if [ -L "$root/proc" ]; then rm "$root/proc" && mkdir -m 555 "$root/proc"; fi
    board_stamp stage1 "$BOARD_INCLUDE"
  fi
  if ! board_has image; then
    rm -f "$WB/stamps/stage2" "$WB/stamps/extras" "$img"
    # older kernels of the set (bullseye's 5.10) cannot mount an ext4 with orphan_file
    grep -q orphan_file /etc/mke2fs.conf 2>/dev/null && feat="-O ^orphan_file"
    progress "board: mkfs.ext4 -d of the tree into $img (${BOARD_SIZE:-6G}, sparse)"
    # shellcheck disable=SC2086
    nice -n 19 mkfs.ext4 -q -F -L board-root $feat -d "$root" "$img" "${BOARD_SIZE:-6G}" > "$WB/logs/mkfs.log" 2>&1 \
      || die "board: mkfs.ext4 failed: see $WB/logs/mkfs.log"
    board_stamp image
  fi
  if ! board_has stage2; then
    progress "board: debootstrap's second stage in the guest (TCG: about half an hour), console in $WB/logs/stage2.log"
    local rc=0
    BOARD_TIMEOUT=${BOARD_STAGE2_TIMEOUT:-7200} board_qemu stage2 "$WB/logs/stage2.log" "" || rc=$?
    [ "$rc" = 0 ] || die "board: the second stage failed (status $rc): see $WB/logs/stage2.log"
    board_stamp stage2
  fi
}

board_image_modules() { # the kernel versions whose module trees the image has (read with debugfs, no mount)
  debugfs -R 'ls -p /usr/lib/modules' "$WB/rootfs.img" 2>/dev/null | awk -F/ '$6 != "" && $6 != "." && $6 != ".." {print $6}'
}

board_setup() { # one boot, only when needed: the kernel's modules into the image, BOARD_EXTRAS installed
  local extras=${BOARD_EXTRAS-chromium} need="" pay rc=0
  grep -qxF "$BK_VER" <<< "$(board_image_modules)" || need="modules"
  [ -z "$extras" ] || board_has extras "$extras" || need="$need${need:+, }$extras"
  [ -n "$need" ] || return 0
  progress "board: setting up the image for $K_NAME: $need (console in $WB/logs/setup-$K_NAME.log)"
  pay=$R/setup && rm -rf "$pay" && mkdir -p "$pay"
  tar -cf "$pay/modules.tar" -C "$BK/modules" "$BK_VER"
  { printf 'EXTRAS="%s"\n' "$extras"; cat <<'EOF'
set -e -o pipefail
kv=$(uname -r)
if [ ! -d "/usr/lib/modules/$kv" ]; then
  mkdir -p /usr/lib/modules # an image made from nothing has no kernel, so no module tree yet
  tar -xOf /dev/vdb ./modules.tar | tar -x -C /usr/lib/modules
  depmod -a "$kv"
  echo "board setup: the modules of $kv, $(du -sh "/usr/lib/modules/$kv" | cut -f1)"
fi
if [ -n "$EXTRAS" ]; then
  modprobe virtio_net
  ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2
  apt-get -q update
  DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends -o Dpkg::Use-Pty=0 $EXTRAS
  apt-get clean
  echo "board setup: installed $EXTRAS"
fi
fstrim / || true
EOF
  } > "$pay/cmd"
  BOARD_TIMEOUT=${BOARD_SETUP_TIMEOUT:-5400} BOARD_NET=$([ -n "$extras" ] && echo 1 || echo 0) \
    board_qemu setup "$WB/logs/setup-$K_NAME.log" "$pay" || rc=$?
  rm -rf "$pay"
  [ "$rc" = 0 ] || die "board: the setup boot failed (status $rc): see $WB/logs/setup-$K_NAME.log"
  grep -qxF "$BK_VER" <<< "$(board_image_modules)" || die "board: the image still has no modules for $BK_VER"
  [ -z "$extras" ] || board_stamp extras "$extras"
}

board_m2_seed() { # $WB/m2-seed.tar: the Maven repository the guest starts from (it has no network)
  local src=${BOARD_M2:-$HOME/.m2/repository} key tmp mb rc=0
  key="$(git -C "$FAULTLINE_HOME" rev-parse HEAD:pom.xml) $src"
  [ -f "$WB/m2-seed.tar" ] && [ "$(cat "$WB/m2-seed.key" 2>/dev/null)" = "$key" ] && return 0
  [ -d "$src" ] || die "board: no Maven repository at $src to seed the guest's from (run bin/test here once, or set BOARD_M2)"
  mb=$(du -sm "$src" | cut -f1)
  [ "$mb" -le "${BOARD_M2_MAX_MB:-600}" ] \
    || die "board: $src is $mb MB, more than BOARD_M2_MAX_MB=${BOARD_M2_MAX_MB:-600}: point BOARD_M2 at a repository of this project's build alone"
  progress "board: the Maven seed: a copy of $src ($mb MB), checked offline with dependency:go-offline in a temporary clone"
  require_jdk
  require_maven
  mkdir -p "$WB/logs"
  tmp=$(mktemp -d "$WB/m2.XXXXXX")
  cp -a "$src" "$tmp/repo"
  git clone -q "$FAULTLINE_HOME" "$tmp/src"
  (cd "$tmp/src" && mvn -B -q -o -ntp -Dstyle.color=never -Dmaven.repo.local="$tmp/repo" dependency:go-offline) \
    > "$WB/logs/m2-seed.log" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then # something the build needs is missing from the copy: fetched, if this machine can
    say "board: the copy lacks some of what the build needs (offline go-offline: exit $rc); resolving it online"
    rc=0
    (cd "$tmp/src" && mvn -B -q -ntp -Dstyle.color=never -Dmaven.repo.local="$tmp/repo" dependency:go-offline) \
      >> "$WB/logs/m2-seed.log" 2>&1 || rc=$?
    [ "$rc" = 0 ] || { rm -rf "$tmp"; die "board: dependency:go-offline failed: see $WB/logs/m2-seed.log"; }
  fi
  tar -cf "$WB/m2-seed.tar.new" -C "$tmp/repo" .
  mv "$WB/m2-seed.tar.new" "$WB/m2-seed.tar"
  echo "$key" > "$WB/m2-seed.key"
  rm -rf "$tmp"
}

board_guest_script() { # the session (or the COMMAND), run in the guest as root with bash -l in /root
  cat "$(dirname "${BASH_SOURCE[0]}")/board-session.sh"
}

# awk: the text of the console marker @@TAG text@@ on this line (every reader of the console uses it)
BOARD_AWK_FIELD='function field(tag,   x) { x = $0; sub(".*@@" tag " ", "", x); sub(/@@.*/, "", x); return x }'

# the console filter: the guest's steps as progress lines, a COMMAND's output to stdout
BOARD_AWK="$BOARD_AWK_FIELD"'
function stage(s) {
  if (!q) { printf "mte-lab: [%d s] board: %s\n", systime() - t0, s > "/dev/stderr"; fflush("/dev/stderr") }
  print s > sf; close(sf)
}
BEGIN { q = (quiet == "1") }
index($0, "@@BOARD-START@@") { stage("guest started"); next }
index($0, "@@BOARD-STAGE2-START@@") { stage("second stage running"); next }
index($0, "@@BOARD-KERNEL ") { split(field("BOARD-KERNEL"), a, " ")
  printf "mte-lab: kernel %s, %s-byte pages, MTE on %s CPUs\n", a[1], a[2], a[3] > "/dev/stderr"; fflush("/dev/stderr"); next }
index($0, "@@BOARD-STEP-BEGIN ") { n = field("BOARD-STEP-BEGIN"); stage("step " n " running"); on = (n == "command"); next }
index($0, "@@BOARD-STEP ") { split(field("BOARD-STEP"), a, " "); stage("step " a[1] ": exit " a[2] " in " a[3] " s"); on = 0; next }
index($0, "@@BOARD-") { next }
on { print; fflush() }
'

board_qemu() { # $1 stage2|setup|run, $2 console log, $3 payload dir (its files: the tar on /dev/vdb) or "":
  # boots the image with the kernel; returns the guest's exit status, 125 when it reported none
  local mode=$1 log=$2 pay=$3 q status rc
  local -a drives nic=(-nic none)
  q=$(qemu_bin) || die "no qemu-system-aarch64 >= 8: run 'bin/mte-lab setup' first"
  drives=(-drive "file=$WB/rootfs.img,format=raw,if=virtio,discard=unmap$([ "$mode" = run ] && echo ,snapshot=on)")
  if [ -n "$pay" ]; then
    tar -cf "$R/payload.tar" -C "$pay" .
    drives+=(-drive "file=$R/payload.tar,format=raw,if=virtio,readonly=on")
  fi
  if [ "$mode" != run ]; then # a boot that keeps what it writes: the journal of an unclean power-off replayed first
    rc=0; e2fsck -p "$WB/rootfs.img" > "$R/e2fsck.log" 2>&1 || rc=$?
    [ "$rc" -lt 4 ] || die "board: e2fsck cannot repair $WB/rootfs.img: $(tail -n1 "$R/e2fsck.log")"
  fi
  [ "${BOARD_NET:-0}" = 0 ] || nic=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile=)
  local LINEBUF="" AWK_LINES=""
  command -v stdbuf >/dev/null && LINEBUF="stdbuf -oL"
  awk -W version 2>&1 | grep -q mawk && AWK_LINES="-W interactive"
  echo booting > "$R/stage"
  if ! quiet; then heartbeat > /dev/null & HB=$!; fi
  # the snapshot's overlay (what a run writes) goes to the run's directory, removed with it
  TMPDIR=$R timeout "${BOARD_TIMEOUT:-14400}" "$q" -L "$W/qemu/usr/share/qemu" \
    -machine virt,mte=on -cpu max,pauth=off -m "${BOARD_MEM:-3G}" -smp "${BOARD_SMP:-2}" -nographic -no-reboot \
    "${nic[@]}" -kernel "$(kernel_image)" -initrd "$BK/initrd.img" "${drives[@]}" \
    -append "console=ttyAMA0 panic=-1 $([ "$mode" = stage2 ] && echo board_stage2)" \
    < /dev/null 2> "$R/qemu.err" | $LINEBUF tr -d '\r' | tee "$log" \
    | awk $AWK_LINES -v t0="$T0E" -v quiet="${MTE_LAB_QUIET:-0}" -v sf="$R/stage" "$BOARD_AWK" || true
  [ -z "$HB" ] || kill "$HB" 2>/dev/null || true
  HB=""
  [ ! -s "$R/qemu.err" ] || sed 's/^/board: qemu: /' "$R/qemu.err" >&2
  rm -f "$R/payload.tar"
  status=$(sed -n 's/^@@BOARD-EXIT=\([0-9]*\)@@$/\1/p' "$log" | tail -n1)
  [ -n "$status" ] || { say "board: the guest reported no exit status (boot failure, panic or BOARD_TIMEOUT); console in $log"; return 125; }
  return "$status"
}

board_table() { # $1 console log, $2.. the steps: the table on stdout; true when every step reported exit 0
  local log=$1 ok=0 row
  shift
  echo "| step | exit | seconds | notes |"
  echo "|---|---|---|---|"
  for s in "$@"; do
    row=$(awk -v s="$s" "$BOARD_AWK_FIELD"'
      index($0, "@@BOARD-STEP-BEGIN " s "@@") { begun = 1 }
      index($0, "@@BOARD-STEP " s " ") { split(field("BOARD-STEP"), a, " "); st = a[2]; sec = a[3] }
      index($0, "@@BOARD-NOTE " s " ") { n = field("BOARD-NOTE"); note = (note == "" ? "" : note "; ") substr(n, length(s) + 2) }
      END {
        if (st == "") { st = "-"; sec = "-"; note = (begun ? "cut off (no end: BOARD_TIMEOUT or a crash)" : "not reached") }
        gsub(/\|/, "/", note)
        printf "| %s | %s | %s | %s |\n", s, st, sec, note
      }' "$log")
    echo "$row"
    [ "$(echo "$row" | awk -F' [|] ' '{print $2}')" = 0 ] || ok=1
  done
  return $ok
}

BOARD_SECTION="## The board: Debian trixie arm64 in the emulated machine (\`bin/mte-lab board\`)"
BOARD_HEADER="| kernel | uname -r | page size | demo: exit, s | bin/test: tests, failures, errors, skipped; s | first session: exits; s | jshell: documented lines seen; s | board-report: parts; s | bench smoke: exit, s | session | date (UTC) | code | command |"

board_row() { # $1 kernel, $2 console log, $3 code, $4 the session's seconds: the kernel's row of $BOARD_SECTION
  awk -v k="$1" -v code="$3" -v total="$4" -v date="$(date -u -r "$2" '+%Y-%m-%d %H:%M')" "$BOARD_AWK_FIELD"'
    index($0, "@@BOARD-KERNEL ") { split(field("BOARD-KERNEL"), a, " "); kr = a[1]; pg = a[2] }
    index($0, "@@BOARD-STEP ") && !index($0, "@@BOARD-STEP-BEGIN") { split(field("BOARD-STEP"), a, " "); st[a[1]] = a[2]; sec[a[1]] = a[3] }
    index($0, "@@BOARD-NOTE ") { n = field("BOARD-NOTE"); s = n; sub(/ .*/, "", s); note[s] = substr(n, length(s) + 2) }
    function cell(s, what) { return s in st ? (what == "" ? "exit " st[s] : what (st[s] == 0 ? "" : ", exit " st[s])) ", " sec[s] " s" : "not run" }
    END {
      t = note["test"]; sub(/^Tests run: /, "", t); gsub(/ (Failures|Errors|Skipped): /, " ", t); gsub(/,/, "", t); gsub(/ /, ", ", t)
      fs = note["first-session"]; sub(/^.*exits: /, "", fs)
      js = note["jshell"]; sub(/^.*; /, "", js); sub(/ of the /, " of ", js); sub(/ documented output lines seen/, "", js)
      br = note["board-report"]; sub(/^.*; \(/, "", br); sub(/\),.*$/, "", br)
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | `bin/mte-lab board %s` |\n", k, kr, pg,
        cell("demo", ""), cell("test", t), cell("first-session", fs), cell("jshell", js), cell("board-report", br),
        cell("bench-smoke", ""),
        sprintf("%d min %d s", total / 60, total % 60), date, code, k
    }' "$2"
}

board_main() { # [KERNEL] [-- COMMAND...]
  local cmd="" rc=0 log steps session s t0 code
  if [ $# -gt 0 ] && [ "$1" != -- ]; then export MTE_LAB_KERNEL=$1; shift; fi
  if [ $# -gt 0 ]; then
    [ "$1" = -- ] && [ $# -ge 2 ] || die "usage: bin/mte-lab board [KERNEL] [-- COMMAND...]"
    shift
    cmd=$*
  fi
  WB=$W/board
  mkdir -p "$WB/logs"
  setup >/dev/null
  setup_kernel
  [ -z "$K_PATH" ] || die "board: a kernel of the lab's set by name (trixie, trixie-16k, bookworm, ...): the image needs its Debian modules package"
  new_run_dir
  # one board guest at a time: they share the image
  exec 8> "$WB/.lock"
  flock -n 8 || { say "board: another board guest is running; waiting"; flock 8; }
  board_kernel
  board_image
  board_setup
  board_m2_seed
  code=$(git -C "$FAULTLINE_HOME" rev-parse --short HEAD) # the commit the guest clones, whatever HEAD is by the end
  progress "board: payload: a git bundle of $code, the Maven seed ($(du -h "$WB/m2-seed.tar" | cut -f1))"
  mkdir -p "$R/pay"
  git -C "$FAULTLINE_HOME" bundle create "$R/pay/faultline.bundle" HEAD $(git -C "$FAULTLINE_HOME" symbolic-ref -q HEAD || true) 2> "$R/bundle.log" \
    || die "board: git bundle failed: $(tail -n1 "$R/bundle.log")"
  ln "$WB/m2-seed.tar" "$R/pay/m2-seed.tar" 2>/dev/null || cp "$WB/m2-seed.tar" "$R/pay/m2-seed.tar"
  session=${BOARD_SESSION:-$BOARD_SESSION_STEPS}
  for s in $session; do
    [[ " $BOARD_SESSION_STEPS " == *" $s "* ]] || die "board: BOARD_SESSION: no step '$s' (steps: $BOARD_SESSION_STEPS)"
  done
  { echo "BOARD_STEP_LIMIT=${BOARD_STEP_LIMIT:-5400} BOARD_SESSION=\"$session\""; board_guest_script; } > "$R/pay/cmd"
  steps="seed clone $session"
  if [ -n "$cmd" ]; then printf '%s\n' "$cmd" > "$R/pay/command"; steps="seed clone command"; fi
  log=$WB/logs/$K_NAME.log
  [ -z "$cmd" ] || log=$WB/logs/$K_NAME-command.log # a COMMAND's console leaves the last session's alone
  progress "board: booting $K_NAME ($BK_VER) on the image, snapshot=on, no network; console in $log"
  t0=$(date +%s)
  board_qemu run "$log" "$R/pay" || rc=$?
  mkdir -p "$FAULTLINE_HOME/target/board" && cp "$log" "$FAULTLINE_HOME/target/board/"
  echo
  echo "board: $K_NAME ($(sed -n 's/^@@BOARD-KERNEL \([^ ]*\) \([0-9]*\) .*/\1, \2-byte pages/p' "$log" | head -n1)), commit $code, guest exit ${rc}"
  # shellcheck disable=SC2086
  board_table "$log" $steps || { [ "$rc" != 0 ] || rc=1; }
  if [ -z "$cmd" ] && [ "$session" = "$BOARD_SESSION_STEPS" ] && grep -q '@@BOARD-KERNEL ' "$log"; then # a whole session: its row
    doc_row "$FAULTLINE_HOME/docs/kernels.md" "$BOARD_SECTION" "$BOARD_HEADER" "$K_NAME" \
      "$(board_row "$K_NAME" "$log" "$code" $(( $(date +%s) - t0 )))"
  fi
  [ -z "$cmd" ] || rc=$(sed -n 's/^@@BOARD-STEP command \([0-9]*\) .*/\1/p' "$log" | tail -n1 | grep . || echo 125)
  return "$rc"
}
