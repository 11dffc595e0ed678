# qemu_libs.sh: for bin/mte-lab (uses its W, aptopts, say, die; source it after them).
# qemu_libs makes the bookworm-backports qemu that setup unpacks runnable without installing anything;
# apt_needs_nothing_upgraded installs the few host packages the lab does need only when that changes no
# installed package's version.

# qemu_libs [Q [DEBS]]: Q (default $W/qemu) holds qemu unpacked from the debs in DEBS (default $W/qdebs).
# The packages qemu-system-arm depends on that this machine's dpkg database does not satisfy (missing, or
# older than the Depends asks) are fetched with the private amd64 tree (apt-get download: nothing is
# installed), with those of theirs the machine does not satisfy either; of their files only the libraries
# ldd shows qemu loading are copied to Q/libs, until ldd finds nothing missing. libc6 never comes from
# there: a glibc older than qemu's dies with one line. The modules in Q's module directory are deleted but
# those MTE_LAB_QEMU_MODULES names (e.g. "ui-curses"; default none: the lab runs -nographic -nic none
# without any, qemu only probes audio-*, ui-opengl and ui-spice-core, which drag libraries in).
# Writes the wrapper Q/qemu-system-aarch64 (LD_LIBRARY_PATH=Q/libs and QEMU_MODULE_DIR, unless set, Q's module
# directory, then the real binary) and prints its path.
# QEMU_LIBS_ROOT=DIR (for tests): judge the machine rooted at DIR instead (its dpkg database, ldd under
# chroot DIR); Q must be inside DIR and the wrapper is written with paths as seen from DIR.
qemu_libs() {
  local q=${1:-$W/qemu} debs=${2:-$W/qdebs} root=${QEMU_LIBS_ROOT:-} t0=$SECONDS
  local bin=$q/usr/bin/qemu-system-aarch64 moddir=$q/usr/lib/x86_64-linux-gnu/qemu
  [ -x "$bin" ] || die "no qemu-system-aarch64 under $q"
  ls "$debs"/qemu-system-arm_*.deb >/dev/null 2>&1 || die "no qemu-system-arm deb in $debs"
  [ -s "$W/amd64/sources.list" ] || die "no private amd64 apt tree in $W/amd64 (bin/mte-lab setup makes it)"
  if [ -n "$root" ]; then
    case $q in "$root"/*) ;; *) die "QEMU_LIBS_ROOT: $q is not inside $root" ;; esac
  fi
  local adm=${root:-}/var/lib/dpkg glibc
  glibc=$(ql_in_root ldd --version 2>/dev/null | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p' || true)
  [ -n "$glibc" ] || die "cannot tell this machine's glibc version (ldd --version)"

  # the modules: all deleted but the kept ones, whose packages' Depends count too
  local m keep=" ${MTE_LAB_QEMU_MODULES:-} " d deps
  local -a targets=("$bin")
  deps=$(dpkg-deb -f "$debs"/qemu-system-arm_*.deb Depends)
  for m in "$moddir"/*.so; do
    [ -e "$m" ] || continue
    case $keep in
      *" $(basename "$m" .so) "*)
        targets+=("$m")
        for d in "$debs"/*.deb; do
          if dpkg-deb -c "$d" | awk -v f="/qemu/$(basename "$m")" 'substr($NF, length($NF) - length(f) + 1) == f {y = 1} END {exit !y}'; then deps="$deps, $(dpkg-deb -f "$d" Depends)"; fi
        done ;;
      *) rm -f "$m" ;;
    esac
  done

  # the packages this machine lacks, with their own unsatisfied Depends, downloaded and unpacked
  local stage queue dep first p op v i d cand seen=" " n=0
  local -a todo want
  stage=$q/.libstage # left behind only when this dies; Q is unpacked afresh then
  rm -rf "$stage" && mkdir -p "$stage/debs" "$stage/root"
  queue=$deps
  while [ -n "$queue" ]; do
    todo=() want=()
    while IFS= read -r dep; do
      [ -n "$dep" ] || continue
      first=${dep%%|*}
      read -r p op v <<< "$(echo "$first" | tr -d '()')"
      p=${p%:any}
      case $p in qemu-*) continue ;; esac
      if [ "$p" = libc6 ]; then # judged by the glibc ldd reports, not by dpkg
        [ -z "$op" ] || dpkg --compare-versions "$glibc" "$op" "${v%%-*}" \
          || die "this machine's glibc $glibc is older than qemu needs (libc6 $op $v): run the lab on Debian 12 or newer"
        continue
      fi
      ql_satisfied "$dep" && continue
      case $seen in *" $p "*) continue ;; esac
      seen="$seen$p "
      todo+=("$p") want+=("$op $v")
    done < <(echo "$queue" | tr ',' '\n' | sed 's/^ *//; s/ *$//')
    queue=""
    [ ${#todo[@]} -gt 0 ] || break
    # the private tree's candidates (bookworm's)
    # shellcheck disable=SC2046
    (cd "$stage/debs" && apt-get $(aptopts amd64 amd64) download "${todo[@]}" >&2) \
      || die "apt-get download ${todo[*]} failed (private tree $W/amd64)"
    for i in "${!todo[@]}"; do
      p=${todo[$i]}
      d=$(ls "$stage/debs/${p}_"*.deb)
      read -r op v <<< "${want[$i]}"
      if [ -n "$op" ] && ! dpkg --compare-versions "$(dpkg-deb -f "$d" Version)" "$op" "$v"; then
        # too old: the newest version the tree has (bookworm-backports')
        rm -f "$d"
        # shellcheck disable=SC2046
        cand=$(apt-cache $(aptopts amd64 amd64) madison "$p" | awk -F'|' '{gsub(/ /, "", $2); print $2}' | sort -V -r | sed -n 1p)
        { [ -n "$cand" ] && dpkg --compare-versions "$cand" "$op" "$v"; } \
          || die "qemu needs $p ($op $v), which the private amd64 tree ($W/amd64) does not have"
        # shellcheck disable=SC2046
        (cd "$stage/debs" && apt-get $(aptopts amd64 amd64) download "$p=$cand" >&2) || die "apt-get download $p=$cand failed"
        d=$(ls "$stage/debs/${p}_"*.deb)
      fi
      dpkg -x "$d" "$stage/root"
      queue="$queue, $(dpkg-deb -f "$d" Depends)"
      n=$((n + 1))
    done
  done

  # copy what ldd shows qemu loading and a downloaded package has, until that stops changing
  rm -rf "$q/libs" && mkdir -p "$q/libs"
  local out so f round copied from_cache=""
  for round in 1 2 3 4 5 6 7 8 9 10; do
    out=$(ql_ldd "${targets[@]}")
    copied=0
    for so in $(echo "$out" | awk '$2 == "=>" {print $1}' | sort -u); do
      [ ! -e "$q/libs/$so" ] || continue
      f=$(find "$stage/root" -path '*/lib/*' -name "$so" \( -type f -o -type l \) -print -quit)
      [ -n "$f" ] || continue
      cp -L "$f" "$q/libs/$so"
      from_cache="$from_cache $so"
      copied=1
    done
    [ $copied = 1 ] || break
  done
  rm -rf "$stage"
  out=$(ql_ldd -r "$bin"; [ ${#targets[@]} -eq 1 ] || ql_ldd "${targets[@]:1}")
  so=$(echo "$out" | sed -n "s/.*version \`\(GLIBC_[0-9.]*\)' not found.*/\1/p" | sort -V | tail -n1)
  [ -z "$so" ] || die "this machine's glibc $glibc is older than qemu's libraries need ($so): run the lab on Debian 12 or newer"
  so=$(echo "$out" | { grep -E 'not found|undefined symbol' || true; } | sed 's/^[[:space:]]*//' | sort -u | sed -n 1,3p | tr '\n' ';')
  [ -z "$so" ] || die "qemu still cannot run with $q/libs: $so"

  local wq=${q#"$root"}
  cat > "$q/qemu-system-aarch64" <<EOF
#!/bin/sh
# bin/mte-lab: qemu with the libraries this machine lacks (in $wq/libs) before its own
LD_LIBRARY_PATH=$wq/libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
QEMU_MODULE_DIR=\${QEMU_MODULE_DIR:-$wq/usr/lib/x86_64-linux-gnu/qemu}
export LD_LIBRARY_PATH QEMU_MODULE_DIR
exec $wq/usr/bin/qemu-system-aarch64 "\$@"
EOF
  chmod +x "$q/qemu-system-aarch64"
  say "qemu's libraries: $(echo "$out" | awk '$2 == "=>" {print $1}' | sort -u | wc -l) loaded, $(echo "$from_cache" | wc -w) of them" \
    "from $n downloaded packages ($(du -sh "$q/libs" | cut -f1) in $q/libs:${from_cache:- none}), the rest from this machine;" \
    "$(( ${#targets[@]} - 1 )) modules kept; $((SECONDS - t0)) s; run it as $q/qemu-system-aarch64" \
    "(= LD_LIBRARY_PATH=$wq/libs $wq/usr/bin/qemu-system-aarch64)"
  echo "$q/qemu-system-aarch64"
}

ql_in_root() { # CMD...: CMD on this machine, or under chroot QEMU_LIBS_ROOT
  if [ -n "${QEMU_LIBS_ROOT:-}" ]; then chroot "$QEMU_LIBS_ROOT" "$@"; else "$@"; fi
}

ql_ldd() { # [-r] FILE...: ldd of qemu's files with Q/libs first (Q from qemu_libs), as the machine sees them
  local a
  local -a args=()
  for a in "$@"; do args+=("${a#"${QEMU_LIBS_ROOT:-}"}"); done
  ql_in_root env LD_LIBRARY_PATH="${q#"${QEMU_LIBS_ROOT:-}"}/libs" ldd "${args[@]}" 2>&1 || true
}

ql_satisfied() { # a Depends entry ("a (>= 1) | b"): true when the machine's dpkg database (dir $adm) satisfies it
  local alt p op v have
  while IFS= read -r alt; do
    read -r p op v <<< "$(echo "$alt" | tr -d '()')"
    p=${p%:any}
    have=$(dpkg-query --admindir="$adm" -W -f='${db:Status-Abbrev} ${Architecture} ${Version}\n' "$p" 2>/dev/null \
      | awk '$1 == "ii" && ($2 == "amd64" || $2 == "all") {print $3; exit}' || true)
    [ -n "$have" ] || continue
    if [ -z "$op" ] || dpkg --compare-versions "$have" "$op" "$v"; then return 0; fi
  done < <(echo "$1" | tr '|' '\n' | sed 's/^ *//; s/ *$//')
  return 1
}

# apt_needs_nothing_upgraded PKG...: installs PKG... on this machine (--no-install-recommends), but only when
# apt would merely add packages: when it would upgrade, downgrade or remove any installed one it refuses,
# in one line naming them, and installs nothing.
apt_needs_nothing_upgraded() {
  local sim changed ok=1
  sim=$(LC_ALL=C apt-get -s -q install --no-install-recommends --no-remove "$@" 2>&1) || ok=0
  if [ $ok = 0 ] && grep -qE 'Unable to locate package|has no installation candidate' <<< "$sim"; then
    apt-get -q update >&2 || true # the lists are missing or stale (a fresh machine)
    ok=1; sim=$(LC_ALL=C apt-get -s -q install --no-install-recommends --no-remove "$@" 2>&1) || ok=0
  fi
  [ $ok = 1 ] || die "apt cannot install $*: $(echo "$sim" | grep -m1 '^E:' | sed 's/^E: //')"
  # "Inst X [old] (new ...)": X is installed and would change version; "Remv X [old]": X would go
  changed=$(echo "$sim" | awk '($1 == "Inst" || $1 == "Remv") && $3 ~ /^\[/ {
      v = $4; gsub(/^\(/, "", v); printf "%s%s %s -> %s", sep, $2, substr($3, 2, length($3) - 2), ($1 == "Remv" ? "removed" : v); sep = ", " }')
  [ -z "$changed" ] || die "not installing $*: apt would change installed packages: $changed"
  if ! grep -q '^Inst ' <<< "$sim"; then return 0; fi
  say "installing $(echo "$sim" | awk '$1 == "Inst" {printf "%s ", $2}')(nothing installed changes)"
  apt-get -q install -y --no-install-recommends --no-remove "$@" >&2
}
