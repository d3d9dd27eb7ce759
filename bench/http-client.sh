#!/usr/bin/env bash
# bench/http-client.sh — our HTTP/1.1 client (keepalive-http) next to the JDK's java.net.http.HttpClient
# (HTTP/1.1 forced), OkHttp 4 and Apache HttpClient 5 (classic, pooling manager), in one run, against
# one local server: our HttpServer in a JVM of its own, answering GET / with "hello from kal\n".
#
# Cases (dev.keepalive.bench.client.HttpClientBench does the work; this script builds and runs it):
#   sequential  GETs one after another on one thread, one route, the connection reused
#   parallel    the same from 64 virtual threads at once; every pool sized >= 64, reuse on
#   stale       300 sequential GETs per client after random gaps of 0-400 ms against a server with a
#               250 ms idle timeout and no Keep-Alive header, and at the same time 300 POSTs (which no
#               client may retry on its own after sending them): failures the caller sees, the
#               client's retries, connections opened and requests served (server counters), latency
# Throughput: each client warms up 3 s, then 3 rounds of 3 s, every client once per round in
# rotating order; a cell is the best round. Ratios ours/peer and ours/best peer per cell; the CPU of
# the client JVM, the server JVM and everything else in each best round (others = noise).
# Retries stay at each library's default; the report says what each default is.
#
# How long: the first Maven build ~1 min; then ~1 min per throughput case and ~1 min for stale
# (~3.5 min in all).
#
# Usage (from anywhere):   bench/http-client.sh [HttpClientBench flags]
#   bench/http-client.sh --cases stale --stale-requests 2000
#   bench/http-client.sh --clients ours,ours-defaults,okhttp --cases parallel
#   BUILD=0 bench/http-client.sh --rounds 5 --duration-s 5
# Flags (defaults): --clients ours,jdk,okhttp,apache (also: ours-defaults = ClientOptions.defaults())
#   --cases sequential,parallel,stale  --warmup-s 3  --duration-s 3  --rounds 3  --threads 64
#   --stale-requests 300  --stale-gap-ms 0-400  --stale-idle-ms 250  --stale-methods GET,POST  --seed 42
# Environment knobs [default]:
#   CLIENT_JAVA_OPTS [-Xms1g -Xmx1g]   the benchmark JVM (all clients)
#   SERVER_JAVA_OPTS [-Xms1g -Xmx1g]   the server JVM
#   BUILD [1]                          0 skips the Maven build of the bench module
#   RESULTS [bench/target/results]     output goes to RESULTS/http-client-<timestamp>/ (summary.txt,
#                                      raw.txt with every round, log.txt, server.log);
#                                      RESULTS/http-client-latest points at it
# Needs a JDK >= 21 (found like ./mvnw finds it: JAVA_HOME, PATH, /usr/lib/jvm, ...). Pins nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xms1g -Xmx1g}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms1g -Xmx1g}
BUILD=${BUILD:-1}
RESULTS=${RESULTS:-$BENCH/target/results}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# shellcheck source=../.mvn/jdk.sh
. "$ROOT/.mvn/jdk.sh"
kal_find_jdk || die "no JDK >= 21: $KAL_JDK_NONE_FOUND"
JAVA=$KAL_JDK/bin/java

cd "$ROOT"
if [[ $BUILD == 1 ]]; then
    log "building bench (./mvnw -B -q -Pbench -pl bench -am package -DskipTests)"
    ./mvnw -B -q -Pbench -pl bench -am package -DskipTests
fi
[[ -d $BENCH/target/lib && -d $BENCH/target/classes/dev/keepalive/bench/client ]] ||
    die "bench is not built (bench/target/lib, bench/target/classes): run with BUILD=1"
CP="$BENCH/target/classes:$BENCH/target/lib/*"

OUT=$RESULTS/http-client-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
ln -sfn "$(basename "$OUT")" "$RESULTS/http-client-latest"
log "JDK $KAL_JDK; results go to $OUT"

read -ra client_opts <<<"$CLIENT_JAVA_OPTS"
# The benchmark starts the server JVM itself (same java, same class path) and stops it on exit; if
# this JVM dies, the server sees its stdin close and exits too.
"$JAVA" "${client_opts[@]}" -cp "$CP" dev.keepalive.bench.client.HttpClientBench \
    --server-jvm "$SERVER_JAVA_OPTS" --out "$OUT" "$@" 2> >(tee "$OUT/log.txt" >&2)
