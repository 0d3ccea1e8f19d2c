# Sourced, not run: `. scripts/java-home.sh || exit 1`. Used by .ci/run and ./run-demo.
# Keeps JAVA_HOME when it already points at a JDK >= 21; otherwise picks the newest JDK >= 21 under /usr/lib/jvm
# (Temurin 25 on this project's machines). Exports JAVA_HOME, or prints why not and returns 1.

if [ -z "${JAVA_HOME:-}" ] || ! "${JAVA_HOME}/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA_HOME=""
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if [ -x "${candidate}bin/javac" ] && "${candidate}bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
      JAVA_HOME="${candidate%/}"
      break
    fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer found under /usr/lib/jvm; install one (e.g. Temurin 25) and retry." >&2
    unset JAVA_HOME
    return 1
  fi
fi
export JAVA_HOME
