# shellcheck shell=bash
# Sourced by bin/* scripts: find a JDK 22+ and build Faultline when it is missing or stale.
# Order: $JAVA_HOME, then `java` on PATH, then the standard JVM directory (/usr/lib/jvm, or
# $FAULTLINE_JVM_DIR). A JDK's version comes from its `release` file: no JVM is started, except
# for a candidate without one. The choice is remembered in target/.jdk and reused while
# $JAVA_HOME, $PATH and the JVM directory are the same and that JDK is still there and 22+.
# bin/faultline also runs with a start-up archive (see startup_archive below).

FAULTLINE_HOME=$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)

jdk_major() { # $1 = java home; sets JDK_MAJOR to its feature version (25 for 25.0.3), or to ""
  local line v=""
  JDK_MAJOR=""
  if [ -r "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v//\"/}; break ;;
      esac
    done < "$1/release"
  fi
  if [ -z "$v" ] && [ -x "$1/bin/java" ]; then # no release file (or no JAVA_VERSION in it): ask java
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  fi
  v=${v#1.}                            # 1.8.0_412: 8
  v=${v%%[!0-9]*}                      # 25.0.3: 25, 26-ea: 26
  JDK_MAJOR=$v
}

jdk_usable() { # $1 = java home; true for a JDK 22+ (java and javac); else JDK_WHY says why not
  JDK_WHY=""
  if [ ! -x "$1/bin/java" ]; then
    JDK_WHY="is not a JDK (no bin/java)"
    return 1
  fi
  jdk_major "$1"
  if [ -z "$JDK_MAJOR" ]; then
    JDK_WHY="has a java whose version could not be read"
    return 1
  fi
  if [ "$JDK_MAJOR" -lt 22 ]; then
    JDK_WHY="is JDK $JDK_MAJOR, older than 22"
    return 1
  fi
  if [ ! -x "$1/bin/javac" ]; then
    JDK_WHY="is a JRE $JDK_MAJOR (no bin/javac)"
    return 1
  fi
  return 0
}

find_jdk() { # sets FOUND_JDK to the first usable java home after $JAVA_HOME: java on PATH, then the JVM directory
  local c java
  FOUND_JDK=""
  if java=$(command -v java 2>/dev/null) && java=$(readlink -f "$java") && [ -n "$java" ]; then
    c=${java%/bin/java}
    if [ "$c" != "$java" ] && jdk_usable "$c"; then
      FOUND_JDK=$c
      return 0
    fi
  fi
  for c in "${FAULTLINE_JVM_DIR:-/usr/lib/jvm}"/*; do
    if [ -d "$c" ] && jdk_usable "$c"; then
      FOUND_JDK=$c
      return 0
    fi
  done
  return 1
}

require_jdk() { # exports JAVA_HOME as a JDK 22+ (its version in JDK_MAJOR), or exits 1 saying what to install
  local cache="$FAULTLINE_HOME/target/.jdk" key home="" cached_key="" major="" rejected=""
  if [ -n "${JAVA_HOME:-}" ]; then
    if jdk_usable "$JAVA_HOME"; then
      export JAVA_HOME
      return 0
    fi
    rejected="faultline: JAVA_HOME=$JAVA_HOME $JDK_WHY"
  fi
  key="JAVA_HOME=${JAVA_HOME:-} PATH=$PATH JVM_DIR=${FAULTLINE_JVM_DIR:-/usr/lib/jvm}"
  if [ -r "$cache" ]; then
    { read -r home; read -r cached_key; read -r major; } < "$cache" || true
    if [ "$cached_key" != "$key" ] || [ -z "$home" ]; then
      home=""
    elif [ ! -r "$home/release" ] && [ -n "$major" ] && [ -x "$home/bin/javac" ] \
        && [ -x "$home/bin/java" ] && [ ! "$home/bin/java" -nt "$cache" ]; then
      JDK_MAJOR=$major # no release file: the version found when it was chosen, while its java is unchanged
    elif ! jdk_usable "$home"; then
      home=""
    fi
  fi
  if [ -z "$home" ]; then
    if ! find_jdk; then
      echo "faultline: no JDK 22 or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
      echo "faultline: install one, e.g. 'apt-get install openjdk-25-jdk-headless' (Debian trixie) or Temurin 25, or set JAVA_HOME." >&2
      exit 1
    fi
    home=$FOUND_JDK
    # remembered when target/ can be written (a read-only checkout searches each time: a few ms)
    { mkdir -p "$FAULTLINE_HOME/target" && printf '%s\n%s\n%s\n' "$home" "$key" "$JDK_MAJOR" > "$cache"; } \
      2>/dev/null || true
  fi
  if [ -n "$rejected" ]; then
    echo "$rejected: using $home (JDK $JDK_MAJOR) instead" >&2
  fi
  export JAVA_HOME="$home"
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "faultline: Maven is needed to build (apt-get install maven)." >&2
    exit 1
  fi
}

build_if_stale() { # builds target/faultline.jar when missing or older than a source (src/main, pom.xml)
  local jar="$FAULTLINE_HOME/target/faultline.jar" stamp="$FAULTLINE_HOME/target/.build-stamp" ref
  # the reference is the stamp taken when our last build started (an edit made during a build
  # is newer than it), or the jar when someone ran mvn package since
  ref=$stamp
  if [ ! -f "$stamp" ] || [ "$jar" -nt "$stamp" ]; then
    ref=$jar
  fi
  # find stops at the first newer file or directory (a directory's time catches a deletion)
  if [ -f "$jar" ] && [ -d "$FAULTLINE_HOME/target/lib" ] \
      && [ -z "$(find "$FAULTLINE_HOME/src/main" "$FAULTLINE_HOME/pom.xml" -newer "$ref" -print -quit)" ]; then
    return 0
  fi
  require_maven
  echo "faultline: building (mvn package, tests skipped)..." >&2
  mkdir -p "$FAULTLINE_HOME/target"
  rm -rf "$FAULTLINE_HOME/target/lib" # copied again by the build: no jar of an earlier dependency set stays
  : > "$stamp.new"
  # Maven 3.8 on JDK 25 prints bare ANSI resets even in batch mode: strip them
  local log status=0
  log=$(mktemp)
  (cd "$FAULTLINE_HOME" && mvn -q -B -ntp -Dstyle.color=never -DskipTests package) >"$log" 2>&1 || status=$?
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v '^$' >&2 || true
  rm -f "$log"
  if [ "$status" -ne 0 ]; then
    rm -f "$stamp.new"
    echo "faultline: build failed (mvn exit $status)" >&2
    exit 1
  fi
  mv -f "$stamp.new" "$stamp"
}

# The start-up archive. A training run (dev.faultline.cli.StartupTraining: mte status, map and
# probe on a small layout, in one JVM) is recorded into, on JDK 25+, an AOT cache (JEP 483/514/515:
# classes loaded and linked, lambdas resolved, method profiles), on JDK 22-24 a dynamic CDS
# archive (-XX:ArchiveClassesAtExit). One archive per JDK, in target/cds/, made again when the
# JDK, the class path or a jar changes. The JVM checks it too: a stale or missing archive only
# costs the speed-up (its warnings are switched off), never the run. FAULTLINE_CDS=off runs
# without one; FAULTLINE_CDS=dynamic makes a dynamic CDS archive on JDK 25 too (to compare).

faultline_classpath() { # sets FAULTLINE_CP: the jar and target/lib/*.jar, spelt out (an archive records it)
  local j
  FAULTLINE_CP="$FAULTLINE_HOME/target/faultline.jar"
  for j in "$FAULTLINE_HOME"/target/lib/*.jar; do
    [ -f "$j" ] && FAULTLINE_CP="$FAULTLINE_CP:$j"
  done
}

# JVM options of every bin/faultline run, the training run's included (an archive is made for
# the options it will be used with).
FAULTLINE_JVM_BASE=(--enable-native-access=ALL-UNNAMED)

jdk_build() { # $1 = java home; sets JDK_BUILD to its exact build (release: JAVA_RUNTIME_VERSION), or ""
  local line
  JDK_BUILD=""
  [ -r "$1/release" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      JAVA_RUNTIME_VERSION=*) line=${line#JAVA_RUNTIME_VERSION=}; JDK_BUILD=${line//\"/}; return 0 ;;
    esac
  done < "$1/release"
}

# shellcheck disable=SC2034 # STARTUP_OPTS is for the script that sources this file
startup_archive() { # sets FAULTLINE_CP, and STARTUP_OPTS to the JVM options that use the archive (made first when needed)
  local mode ext name dir archive key cached="" j status=0 log tmp
  STARTUP_OPTS=()
  faultline_classpath
  [ "${FAULTLINE_CDS:-}" = off ] && return 0
  [ -n "${JDK_MAJOR:-}" ] || jdk_major "$JAVA_HOME" # require_jdk has set it
  [ -n "$JDK_MAJOR" ] || return 0
  mode=aot ext=aot
  if [ "$JDK_MAJOR" -lt 25 ] || [ "${FAULTLINE_CDS:-}" = dynamic ]; then
    mode=dynamic ext=jsa
  fi
  jdk_build "$JAVA_HOME"
  name=${JAVA_HOME%/}
  name=${name##*/}
  dir="$FAULTLINE_HOME/target/cds"
  archive="$dir/$name.$ext"
  key="$JAVA_HOME ${JDK_BUILD:-$JDK_MAJOR} $mode ${FAULTLINE_JVM_BASE[*]} $FAULTLINE_CP"
  if [ -f "$archive.key" ]; then
    read -r cached < "$archive.key" || true
  fi
  if [ "$cached" = "$key" ]; then
    # made for this JDK and class path: still fresh unless a jar changed since
    for j in "$FAULTLINE_HOME/target/faultline.jar" "$FAULTLINE_HOME"/target/lib/*.jar; do
      if [ "$j" -nt "$archive.key" ]; then
        cached=""
        break
      fi
    done
  fi
  if [ "$cached" != "$key" ]; then
    { mkdir -p "$dir" && [ -w "$dir" ]; } 2>/dev/null || return 0 # read-only checkout: no archive
    echo "faultline: making the start-up archive for JDK $JDK_MAJOR ($mode; once per build and JDK)..." >&2
    rm -f "$archive" "$archive.key"
    log="$dir/$name.$ext.log"
    tmp="$archive.$$.tmp"
    if [ "$mode" = aot ]; then
      "$JAVA_HOME/bin/java" "${FAULTLINE_JVM_BASE[@]}" -XX:AOTCacheOutput="$tmp" \
        -cp "$FAULTLINE_CP" dev.faultline.cli.StartupTraining >"$log" 2>&1 || status=$?
    else
      "$JAVA_HOME/bin/java" "${FAULTLINE_JVM_BASE[@]}" -XX:ArchiveClassesAtExit="$tmp" \
        -cp "$FAULTLINE_CP" dev.faultline.cli.StartupTraining >"$log" 2>&1 || status=$?
    fi
    if [ "$status" -eq 0 ] && [ -s "$tmp" ]; then
      mv -f "$tmp" "$archive"
    else
      rm -f "$tmp"
      echo "faultline: no start-up archive (training exit $status, see $log); running without one" >&2
    fi
    # written either way: a training that failed is not tried again until something changes
    { printf '%s\n' "$key" > "$archive.key"; } 2>/dev/null || true
  fi
  [ -f "$archive" ] || return 0
  if [ "$mode" = aot ]; then
    STARTUP_OPTS=(-XX:AOTCache="$archive" -Xlog:aot=off -Xlog:cds=off)
  else
    STARTUP_OPTS=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}
