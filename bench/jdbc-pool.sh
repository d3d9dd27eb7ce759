#!/usr/bin/env bash
# bench/jdbc-pool.sh — KeepAlivePool next to HikariCP 6 under JMH, over a stub JDBC driver (issue 6).
#
# Cells: HikariCP's two classic cycles (dev.keepalive.bench.jdbc.PoolBenchmark)
#   connectionCycle  getConnection(); close()
#   statementCycle   getConnection(); prepareStatement(); execute(); close both
# at THREADS threads: platform threads as JMH threads (PoolBenchmark, -t N), virtual threads as N
# virtual threads sharing 64 000 cycles per invocation (VirtualPoolBenchmark: JMH 1.37's own virtual
# executor mis-times and can hang with more threads than carriers). Both pools are fixed at SIZE
# connections, with their defaults otherwise.
#
# Order: ROUNDS rounds; in each round every cell runs once per pool, one JMH fork each, the pool
# order alternating from round to round, so whatever else the machine does is spread over both pools
# alike. A pool's score in a cell is the median of all its measured iterations over all rounds
# (ROUNDS x ITERATIONS samples): not the best, because with more threads than cores JMH's per-thread
# timing can also overstate a lucky iteration. Prints ops/ms per cell and the ratio ours/Hikari
# (target >= 1.00 everywhere), with the spread of each ratio over the rounds.
# Raw JMH output and JSON go to bench/target/results/jdbc-pool-<timestamp>/ (jdbc-pool-latest links it);
# SUMMARIZE=<that directory> bench/jdbc-pool.sh prints the table again from it without measuring.
#
# How long: the first Maven build ~1 min; then ROUNDS x cells x 2 pools x ~(WARMUP + ITERATIONS) s
# plus ~2 s JVM start each. Defaults: 3 x 6 x 2 x 2 forks ~ 6 min.
#
# Usage (from anywhere):   bench/jdbc-pool.sh
#   ROUNDS=1 THREADS="1 64" EXECUTORS=PLATFORM bench/jdbc-pool.sh
# Environment knobs [default]:
#   ROUNDS [3]  THREADS ["1 8 64"]  EXECUTORS ["PLATFORM VIRTUAL"]  SIZE [32] (pool size)
#   WARMUP [2] and ITERATIONS [3] JMH iterations of TIME [1s] each
#   BUILD [1]   0 skips the Maven build (bench/target must be current)
#   SUMMARIZE [] a results directory to summarize instead of measuring
# Needs: a JDK >= 21 (found like ./mvnw does: JAVA_HOME, PATH, /usr/lib/jvm ...), awk.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-"1 8 64"}
EXECUTORS=${EXECUTORS:-"PLATFORM VIRTUAL"}
SIZE=${SIZE:-32}
WARMUP=${WARMUP:-2}
ITERATIONS=${ITERATIONS:-3}
TIME=${TIME:-1s}
BUILD=${BUILD:-1}

die() { echo "jdbc-pool.sh: $*" >&2; exit 1; }
log() { echo "jdbc-pool.sh: $*" >&2; }

# shellcheck source=../.mvn/jdk.sh
. "$ROOT/.mvn/jdk.sh"
kal_find_jdk || die "no JDK >= 21: $KAL_JDK_NONE_FOUND"
JAVA=$KAL_JDK/bin/java

# Prints "benchmark score" for every measured iteration in a JMH JSON result file.
samples_of() {
    awk '
        /"benchmark" *:/ { split($0, a, "\""); n = split(a[4], p, "."); bench = p[n]; inraw = 0; next }
        /"rawData" *:/ { inraw = 1; next }
        inraw && /[{}"]/ { inraw = 0 }
        inraw && /^[ \t]*[0-9.eE+-]+,?[ \t]*$/ { v = $1; sub(",", "", v); printf "%s %.1f\n", bench, v + 0 }
    ' "$1"
}

# Prints the table from the raw JSON files in $1.
summarize() {
    local dir=$1 f base
    for f in "$dir"/raw/*.json; do
        [[ -s $f ]] || continue
        base=$(basename "$f" .json) # EXECUTOR-tN-pool-rR
        IFS=- read -r ex t pool round <<< "$base"
        samples_of "$f" | while read -r bench score; do echo "$bench ${t#t} $ex $pool ${round#r} $score"; done
    done > "$dir/samples.txt"
    echo "| cycle | threads | executor | keepalive ops/ms | HikariCP ops/ms | ours/Hikari | per round |"
    echo "|---|---:|---|---:|---:|---:|---|"
    # median per (cell, pool) over all samples, and the ratio of each round's medians
    sort -k1,1 -k3,3 -k2,2n -k4,4 -k6,6g "$dir/samples.txt" | awk '
        function median(key,   c) { c = n[key]; return (c % 2) ? v[key, (c + 1) / 2] : (v[key, c / 2] + v[key, c / 2 + 1]) / 2 }
        {
            cell = $1 " " $2 " " $3
            if (!(cell in seen)) { seen[cell] = 1; cells[++k] = cell }
            key = cell " " $4; v[key, ++n[key]] = $6
            rk = key " " $5; rv[rk, ++rn[rk]] = $6; rounds[$5] = 1
        }
        END {
            for (i = 1; i <= k; i++) {
                split(cells[i], f, " ")
                ours = median(cells[i] " keepalive"); hik = median(cells[i] " hikari")
                spread = ""
                for (r = 1; r <= 99; r++) {
                    if (!(r in rounds)) continue
                    a = cells[i] " keepalive " r; b = cells[i] " hikari " r
                    if (rn[a] == 0 || rn[b] == 0) continue
                    # rounds are sorted, so the middle sample is the round median
                    ma = rv[a, int((rn[a] + 1) / 2)]; mb = rv[b, int((rn[b] + 1) / 2)]
                    spread = spread (spread == "" ? "" : " ") sprintf("%.2f", ma / mb)
                }
                ratio = (ours > 0 && hik > 0) ? sprintf("%.2f", ours / hik) : "n/a"
                printf "| %s | %s | %s | %.0f | %.0f | %s | %s |\n", f[1], f[2], tolower(f[3]), ours, hik, ratio, spread
            }
        }
    '
}

if [[ -n ${SUMMARIZE:-} ]]; then
    summarize "$SUMMARIZE"
    exit 0
fi

if [[ $BUILD == 1 ]]; then
    log "building bench (./mvnw -B -q -Pbench -pl bench -am package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q -Pbench -pl bench -am package -DskipTests)
fi
[[ -f $ROOT/bench/target/classes/META-INF/BenchmarkList ]] || die "no JMH benchmarks in bench/target/classes: build with BUILD=1"

OUT=$ROOT/bench/target/results/jdbc-pool-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT/raw"
ln -sfn "$(basename "$OUT")" "$ROOT/bench/target/results/jdbc-pool-latest"
CP="$ROOT/bench/target/classes:$ROOT/bench/target/lib/*"
# Quiet pools: our System.Logger (JUL) and HikariCP's SLF4J (jetty-slf4j-impl is the provider here).
printf '.level = WARNING\nhandlers = java.util.logging.ConsoleHandler\n' > "$OUT/logging.properties"
QUIET="-Djava.util.logging.config.file=$OUT/logging.properties -Dcom.zaxxer.hikari.LEVEL=WARN"


for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 == 1 )); then pools="keepalive hikari"; else pools="hikari keepalive"; fi
    for ex in $EXECUTORS; do
        for t in $THREADS; do
            for pool in $pools; do
                name="$ex-t$t-$pool-r$round"
                log "round $round/$ROUNDS: $ex threads=$t pool=$pool"
                if [[ $ex == VIRTUAL ]]; then
                    which=(dev.keepalive.bench.jdbc.VirtualPoolBenchmark -p threads="$t" -t 1)
                else
                    which=(dev.keepalive.bench.jdbc.PoolBenchmark -t "$t")
                fi
                if ! timeout 600 "$JAVA" -cp "$CP" org.openjdk.jmh.Main "${which[@]}" \
                        -p pool="$pool" -p size="$SIZE" -f 1 -wi "$WARMUP" -w "$TIME" -i "$ITERATIONS" -r "$TIME" \
                        -to 120s -jvmArgsAppend "$QUIET" -rf json -rff "$OUT/raw/$name.json" \
                        > "$OUT/raw/$name.txt" 2>&1; then
                    log "  failed or timed out: see $OUT/raw/$name.txt (the cell keeps its other rounds)"
                    continue
                fi
            done
        done
    done
done

{
    echo "KeepAlivePool vs HikariCP $(ls "$ROOT"/bench/target/lib | sed -n 's/^HikariCP-\(.*\)\.jar$/\1/p'), stub driver, pool size $SIZE;"
    echo "median of $ROUNDS rounds x $ITERATIONS iterations of $TIME, ops/ms; $("$JAVA" -version 2>&1 | head -1); $(nproc) CPUs"
    echo
    summarize "$OUT"
} | tee "$OUT/summary.md"
log "raw results: $OUT"
