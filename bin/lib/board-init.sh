#!/bin/sh
# PID 1 of the board image (bin/lib/board.sh; the initramfs puts it here at every boot). Kernel command line:
#   board_stage2   debootstrap's second stage and the image's settings, then power off
# otherwise: /var/tmp/board/cmd (from the tar on /dev/vdb; the tar's *.tar members stay on the disk for the
# command to read) runs as root with bash -l in /root; without one, a login shell on the console.
# Either way "@@BOARD-EXIT=<status>@@", then power off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin HOME=/root LANG=C.UTF-8 TERM=${TERM:-vt100}
mnt() { mountpoint -q "$3" 2>/dev/null || mount -t "$1" ${4:+-o "$4"} "$2" "$3"; }
mounts() {
  mkdir -p /proc /sys /dev /run /tmp
  mnt proc proc /proc; mnt sysfs sys /sys; mnt devtmpfs dev /dev
  mkdir -p /dev/pts /dev/shm
  mnt devpts devpts /dev/pts gid=5,mode=620,ptmxmode=666; mnt tmpfs shm /dev/shm mode=1777
  # what udev would make: bash's <(...) needs /dev/fd
  [ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
  for i in 0:stdin 1:stdout 2:stderr; do [ -e /dev/${i#*:} ] || ln -s /proc/self/fd/${i%%:*} /dev/${i#*:}; done
  mnt tmpfs run /run mode=755,size=20%; mkdir -p /run/lock
}
say() { echo "@@BOARD-$*@@"; }
off() { sync; mount -o remount,ro / 2>/dev/null; sync; echo o > /proc/sysrq-trigger; sleep 60; }
mounts
if grep -qw board_stage2 /proc/cmdline; then
  say STAGE2-START
  rc=0
  if [ -d /debootstrap ]; then /debootstrap/debootstrap --second-stage || rc=$?; fi
  mounts                                        # debootstrap unmounts what it mounted
  if [ $rc = 0 ]; then
    rm -f /etc/apt/sources.list
    cat > /etc/apt/sources.list.d/debian.sources <<EOS
Types: deb
URIs: @MIRROR@
Suites: trixie trixie-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: @SECURITY@
Suites: trixie-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
    echo board > /etc/hostname
    printf '127.0.0.1\tlocalhost\n127.0.1.1\tboard\n::1\tlocalhost ip6-localhost ip6-loopback\n' > /etc/hosts
    echo '/dev/vda / ext4 defaults 0 1' > /etc/fstab
    echo 'nameserver 10.0.2.3' > /etc/resolv.conf
    # maven brings openjdk-21: java and javac are 25's
    j=$(ls -d /usr/lib/jvm/java-25-openjdk-*/bin 2>/dev/null | head -n1)
    if [ -n "$j" ]; then
      for t in java javac jar jshell; do [ -x "$j/$t" ] && update-alternatives --set $t "$j/$t"; done
      echo "JAVA_HOME=${j%/bin}" >> /etc/environment
    fi
    passwd -d root >/dev/null
    apt-get clean
    dpkg --audit || rc=$?
    fstrim -v / || true                           # the freed blocks (the .debs) back to the sparse image
  fi
  say EXIT=$rc
  off
fi
hostname board
ip link set lo up
dmesg -n 1 2>/dev/null                          # no kernel messages inside the command's lines
for m in loop virtio_rng; do modprobe -q $m; done
rm -rf /var/tmp/board /tmp/* 2>/dev/null; mkdir -p /var/tmp/board
[ -b /dev/vdb ] && tar -xf /dev/vdb -C /var/tmp/board --exclude='*.tar'
set -a; [ -r /etc/environment ] && . /etc/environment; set +a
cd /root
say START
if [ -f /var/tmp/board/cmd ]; then
  bash -l /var/tmp/board/cmd < /dev/null; rc=$?
else
  setsid -c bash -l < /dev/ttyAMA0 > /dev/ttyAMA0 2>&1; rc=$?
fi
say EXIT=$rc
off
