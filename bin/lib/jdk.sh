# Sourced by bin/* scripts: find a JDK 22+ and build Faultline when it is missing or stale.
# Order: $JAVA_HOME, then `java` on PATH, then the standard JVM directory (/usr/lib/jvm, or
# $FAULTLINE_JVM_DIR).

FAULTLINE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

jdk_major() { # $1 = java home; prints the major version or nothing
  local v
  [ -x "$1/bin/java" ] || return 0
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  echo "${v%%.*}"
}

find_jdk() { # prints a java home with java and javac, version >= 22
  local c m
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in "${FAULTLINE_JVM_DIR:-/usr/lib/jvm}"/*; do [ -e "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    m=$(jdk_major "$c")
    if [ -n "$m" ] && [ "$m" -ge 22 ] 2>/dev/null && [ -x "$c/bin/javac" ]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

require_jdk() {
  if ! FAULTLINE_JAVA_HOME=$(find_jdk); then
    echo "faultline: no JDK 22 or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
    echo "faultline: install one, e.g. 'apt-get install openjdk-25-jdk-headless' (Debian trixie) or Temurin 25, or set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME="$FAULTLINE_JAVA_HOME"
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "faultline: Maven is needed to build (apt-get install maven)." >&2
    exit 1
  fi
}

build_if_stale() { # builds target/faultline.jar when missing or older than a source
  local jar="$FAULTLINE_HOME/target/faultline.jar"
  if [ -f "$jar" ] && [ -z "$(find "$FAULTLINE_HOME/src/main" "$FAULTLINE_HOME/pom.xml" -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  require_maven
  echo "faultline: building (mvn package, tests skipped)..." >&2
  # Maven 3.8 on JDK 25 prints bare ANSI resets even in batch mode: strip them
  local log status=0
  log=$(mktemp)
  (cd "$FAULTLINE_HOME" && mvn -q -B -ntp -Dstyle.color=never -DskipTests package) >"$log" 2>&1 || status=$?
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v '^$' >&2 || true
  rm -f "$log"
  if [ "$status" -ne 0 ]; then
    echo "faultline: build failed (mvn exit $status)" >&2
    exit 1
  fi
}
