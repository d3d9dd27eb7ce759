# shellcheck shell=sh disable=SC2034 # KAL_JDK and KAL_JDK_NONE_FOUND are for the scripts that source this
# Finds a JDK >= 21. Sourced by ./kal (bash) and ./mvnw (sh with `set -euf`), so: POSIX sh only,
# safe under `set -eu`, and globbing switched on only where it is needed.
#
# Order, first that qualifies wins: $JAVA_HOME, `java` on PATH, /usr/lib/jvm/*,
# ~/.sdkman/candidates/java/*, /opt/*jdk*. A candidate qualifies when bin/java and bin/javac are
# executable and its major version (from its `release` file, else `java -version`) is >= 21.
#
# KAL_JDK_SEARCH_ROOTS — for testing only: space-separated globs that replace the three directory
# searches (JAVA_HOME and PATH are still tried). On a machine whose JAVA_HOME/PATH java is older than
# 21, `KAL_JDK_SEARCH_ROOTS=/nonexistent ./mvnw -v` shows the "none found" line, and
# `KAL_JDK_SEARCH_ROOTS='/tmp/fake/*'` tests the order with fake JDK directories.
#
# kal_find_jdk sets KAL_JDK to the JDK's home and returns 0, or returns 1.

KAL_JDK_MIN=21
KAL_JDK_NONE_FOUND="none found in JAVA_HOME, PATH, /usr/lib/jvm, ~/.sdkman/candidates/java, /opt"

# Prints the major version of the JDK at $1 (8, 17, 21 ...), or nothing.
kal_jdk_major() {
  _kal_v=
  if [ -f "$1/release" ]; then
    _kal_v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release" 2>/dev/null) || _kal_v=
  fi
  if [ -z "$_kal_v" ]; then
    # Slower (starts a JVM): only for JDKs without a release file.
    _kal_v=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p') || _kal_v=
  fi
  _kal_v=${_kal_v%%"
"*}
  case "$_kal_v" in 1.*) _kal_v=${_kal_v#1.} ;; esac
  printf '%s\n' "${_kal_v%%[!0-9]*}"
}

# Whether $1 is a JDK (java and javac) of version >= KAL_JDK_MIN.
kal_jdk_ok() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  _kal_major=$(kal_jdk_major "$1")
  [ -n "$_kal_major" ] && [ "$_kal_major" -ge "$KAL_JDK_MIN" ]
}

kal_find_jdk() {
  KAL_JDK=
  if kal_jdk_ok "${JAVA_HOME-}"; then
    KAL_JDK=$JAVA_HOME
    return 0
  fi
  _kal_java=$(command -v java 2>/dev/null) || _kal_java=
  if [ -n "$_kal_java" ]; then
    # /usr/bin/java is usually a chain of links (alternatives) into the JDK's bin/.
    _kal_java=$(readlink -f "$_kal_java" 2>/dev/null) || :
    if kal_jdk_ok "${_kal_java%/bin/java}"; then
      KAL_JDK=${_kal_java%/bin/java}
      return 0
    fi
  fi
  case $- in
    *f*) _kal_noglob=1 && set +f ;;
    *) _kal_noglob= ;;
  esac
  if [ -n "${KAL_JDK_SEARCH_ROOTS+set}" ]; then
    # shellcheck disable=SC2086 # split and glob on purpose
    set -- $KAL_JDK_SEARCH_ROOTS
  else
    set -- /usr/lib/jvm/* "${HOME-}"/.sdkman/candidates/java/* /opt/*jdk*
  fi
  if [ -n "$_kal_noglob" ]; then
    set -f
  fi
  for _kal_home in "$@"; do
    if [ -d "$_kal_home" ] && kal_jdk_ok "$_kal_home"; then
      KAL_JDK=$_kal_home
      return 0
    fi
  done
  return 1
}
