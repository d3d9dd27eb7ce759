#!/usr/bin/env bash
# bench/http-server.sh — our HTTP/1.1 server (./kal serve) next to Netty 4.1 and Jetty 12, in one run.
#
# Every server answers GET / with the same body: $BODY_LINE and a line feed, which is what
# `kal serve` answers on / ("hello from kal\n"); the peers are told that line. All servers run at
# once, each on its own free loopback port (an idle server costs nothing), and take turns under wrk:
#   keepalive  wrk, $CONNECTIONS keep-alive connections, one request in flight on each
#   pipeline   wrk + bench/pipeline.lua: $PIPELINE requests per write on each connection
#   close      wrk -H 'Connection: close': a new TCP connection for every request
#   idle       live heap after a full GC (jcmd GC.class_histogram) with no connection, then with
#              $IDLE_CONNS idle keep-alive connections held by bench's IdleConnections tool after one
#              request on each, and again after a second request on each (servers may allocate
#              per-connection state on reuse); after each measurement every connection must answer
#              one more request → heap bytes per idle connection (target for ours: <= 2 KiB)
# Order: warm-up (every case, WARMUP each, per server); then per case ROUNDS rounds, in each round
# every server once, the order rotating; a cell is the best round. Interleaving spreads whatever
# else the machine is doing over all servers alike, and taking the best round drops the rounds it
# spoiled: on a shared machine noise only ever lowers throughput. Every round is in raw.txt.
# It prints requests/s per case with the ratios ours/Netty and ours/Jetty, bytes per idle
# connection, the CPU that server, wrk and other processes used, and notes on anything suspect; raw
# output (wrk, server logs, heap histograms, summary) goes to
# bench/target/results/http-server-<timestamp>/, and bench/target/results/latest points at it.
#
# How long: the first Maven build ~1 min (and ./kal builds itself on first use); then about
# servers x (3 x WARMUP + 3 x ROUNDS x DURATION + 35 s). Defaults: ~4.5 min for the three.
#
# Usage (from anywhere; it works in the repository root):   bench/http-server.sh
#   DURATION=30s ROUNDS=1 SERVERS="ours netty" bench/http-server.sh
# Environment knobs [default]:
#   DURATION [5s]          one wrk run (a round of one cell)
#   ROUNDS [3]             rounds per case; a cell is the best of them
#   WARMUP [2s]            wrk run per case per server before measuring, results thrown away
#   THREADS [2]            wrk threads
#   CONNECTIONS [64]       wrk connections, all cases
#   PIPELINE [16]          requests per write in the pipeline case
#   BODY_LINE [hello from kal]   the peers' response body (plus "\n"); a server answering another
#                          body is flagged in the notes
#   IDLE_CONNS [10000]     connections held for the idle measurement (ulimit -n is raised for it)
#   SERVERS ["ours netty jetty"]   CASES ["keepalive pipeline close idle"]
#   SERVER_JAVA_OPTS [-Xms2g -Xmx2g]   JVM options for every server (./kal gets them as KAL_JAVA_OPTS,
#                          and JAVA_HOME = the JDK the peers run on). 2 GiB because Jetty needs ~1.1 GB
#                          for 10 000 idle connections that served two requests each.
#   KAL_SERVE_ARGS []      extra arguments for ./kal serve. When `./kal serve --help` lists
#                          --max-connections, the script passes 2 x IDLE_CONNS so that our connection
#                          limit (and its adaptive idle timeout above 75 %) does not cut the idle test.
#   START_TIMEOUT [120]    seconds a server may take to answer its first request
#   BUILD [1]              0 skips the Maven build of the bench module
#   RESULTS [bench/target/results]
# Needs: a JDK >= 21 (JAVA_HOME, else the newest in /usr/lib/jvm), curl, ss; installs wrk with
# apt-get when it is missing. Pins nothing to CPUs: wrk and the server share the machine's cores.
set -Eeuo pipefail
# Says where a command failed before set -e ends the script (or a subshell) without a word.
trap 'printf "%s error: line %s: %s exited with %s\n" "$(date +%H:%M:%S)" "$LINENO" "$BASH_COMMAND" "$?" >&2' ERR

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
PIPELINE=${PIPELINE:-16}
BODY_LINE=${BODY_LINE:-hello from kal}
IDLE_CONNS=${IDLE_CONNS:-10000}
SERVERS=${SERVERS:-ours netty jetty}
CASES=${CASES:-keepalive pipeline close idle}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms2g -Xmx2g}
KAL_SERVE_ARGS=${KAL_SERVE_ARGS:-}
START_TIMEOUT=${START_TIMEOUT:-120}
BUILD=${BUILD:-1}
RESULTS=${RESULTS:-$BENCH/target/results}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------- processes we start, and their end
STARTED=()   # session ids (= process group ids) of everything started with setsid

stop_group() {
    local pgid=$1
    kill -TERM -- "-$pgid" 2>/dev/null || return 0
    for _ in $(seq 100); do
        kill -0 -- "-$pgid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
    wait "$pgid" 2>/dev/null || true
}

cleanup() {
    local pgid
    for pgid in "${STARTED[@]}"; do
        stop_group "$pgid"
    done
    STARTED=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs "$@" in a new session, output to $1's file; sets STARTED_PID. setsid does not fork here (the
# background child is no group leader), so the pid is also the group id that stop_group kills.
start_group() {
    local logfile=$1
    shift
    setsid "$@" >"$logfile" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED+=("$STARTED_PID")
}

forget_group() {
    local pgid=$1 kept=() p
    for p in "${STARTED[@]}"; do [[ $p == "$pgid" ]] || kept+=("$p"); done
    STARTED=("${kept[@]}")
}

# ---------------------------------------------------------------------------------- prerequisites
jdk_feature() { # prints the feature release (21, 25, ...) of the JDK at $1, or 0
    local v=""
    if [[ -x $1/bin/java && -x $1/bin/jcmd && -f $1/release ]]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
    fi
    echo "${v:-0}"
}

find_jdk() {
    if [[ -n ${JAVA_HOME:-} ]] && (( $(jdk_feature "$JAVA_HOME") >= 21 )); then
        echo "$JAVA_HOME"
        return
    fi
    local best="" best_v=0 d v
    for d in /usr/lib/jvm/*; do
        v=$(jdk_feature "$d")
        if (( v >= 21 && v > best_v )); then best=$d best_v=$v; fi
    done
    [[ -n $best ]] || die "no JDK >= 21 (with jcmd) in JAVA_HOME or /usr/lib/jvm"
    echo "$best"
}

ensure_wrk() {
    command -v wrk >/dev/null && return
    log "wrk is missing; installing it with apt-get"
    local sudo=()
    (( EUID == 0 )) || sudo=(sudo)
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1; then
        "${sudo[@]}" apt-get update -qq
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    fi
    command -v wrk >/dev/null || die "could not install wrk"
}

# A port below the kernel's ephemeral range, so no client socket of wrk or of the idle tool can be
# sitting on it, and with no socket of any state on it now.
free_port() {
    local low p
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range
    (( low > 11000 )) || low=61000
    for _ in $(seq 200); do
        p=$(( 10000 + RANDOM % (low - 10000) ))
        if [[ -z $(ss -Htan "( sport = :$p or dport = :$p )") ]]; then
            echo "$p"
            return
        fi
    done
    die "found no free loopback port"
}

# ----------------------------------------------------------------------------------- the servers
# Starts server $1 on port $2 and records PGID[$1] and PID[$1] (the JVM that listens, found through
# its socket). Returns 1 when it cannot be started or does not answer within START_TIMEOUT.
start_server() {
    local name=$1 port=$2
    local logfile=$OUT/$name-server.log
    case $name in
        ours)
            if [[ ! -x $ROOT/kal ]]; then
                echo "./kal not found or not executable" >"$logfile"
                return 1
            fi
            local extra=() help
            read -ra extra <<<"$KAL_SERVE_ARGS"
            # Also builds kal when its sources are newer than its jar (kal does that on any call),
            # so that START_TIMEOUT only has to cover the server's start.
            log "ours: ./kal serve --help (kal builds itself first when needed)"
            help=$(./kal serve --help 2>&1 || true)
            if [[ $KAL_SERVE_ARGS != *--max-connections* && $help == *--max-connections* ]]; then
                extra+=(--max-connections "$(( 2 * IDLE_CONNS ))")
            fi
            log "ours: ./kal serve --port $port ${extra[*]}"
            start_group "$logfile" env JAVA_HOME="$JDK" KAL_JAVA_OPTS="$SERVER_JAVA_OPTS" \
                ./kal serve --port "$port" "${extra[@]}"
            ;;
        netty)
            start_group "$logfile" "$JAVA" "${JAVA_OPTS_ARR[@]}" "${NETTY_OPTS[@]}" -cp "$CP" \
                dev.keepalive.bench.NettyHelloServer --port "$port" --threads "$(nproc)" --body-line "$BODY_LINE"
            ;;
        jetty)
            start_group "$logfile" "$JAVA" "${JAVA_OPTS_ARR[@]}" -cp "$CP" \
                dev.keepalive.bench.JettyHelloServer --port "$port" --body-line "$BODY_LINE"
            ;;
    esac
    PGID[$name]=$STARTED_PID
    local deadline=$(( SECONDS + START_TIMEOUT )) pid
    until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null; do
        if ! kill -0 -- "-${PGID[$name]}" 2>/dev/null || (( SECONDS > deadline )); then
            return 1
        fi
        sleep 0.2
    done
    pid=$(ss -Htlnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | sed -n 1p)
    [[ -n $pid ]] || { echo "no process owns the listening port $port" >>"$logfile"; return 1; }
    PID[$name]=$pid
}

stop_server() {
    [[ -n ${PGID[$1]:-} ]] || return 0
    stop_group "${PGID[$1]}"
    forget_group "${PGID[$1]}"
}

# Starts server $1, looks at its answer; adds it to LIVE, or notes why it is not there.
bring_up() {
    local name=$1 port
    port=$(free_port)
    if ! start_server "$name" "$port"; then
        log "$name: did not start; last lines of $OUT/$name-server.log:"
        tail -n 15 "$OUT/$name-server.log" >&2 || true
        NOTES+=("$name: did not start, not measured (see $name-server.log)")
        stop_server "$name"
        return 0
    fi
    PORT[$name]=$port
    LIVE+=("$name")
    JVM[$name]=$("$JCMD" "${PID[$name]}" VM.version 2>/dev/null | sed -n '/^JDK /p' | sed -n 1p || true)
    log "$name: pid ${PID[$name]} on 127.0.0.1:$port (${JVM[$name]})"
    "$JCMD" "${PID[$name]}" VM.command_line >"$OUT/$name-jvm.txt" 2>&1 || true
    curl -s -D "$OUT/$name-response-head.txt" -o "$OUT/$name-response-body.txt" "http://127.0.0.1:$port/"
    local status head_bytes body_bytes
    status=$(head -1 "$OUT/$name-response-head.txt" | tr -d '\r')
    head_bytes=$(wc -c <"$OUT/$name-response-head.txt")
    body_bytes=$(wc -c <"$OUT/$name-response-body.txt")
    RESPONSE[$name]="$status, head $head_bytes B, body $body_bytes B"
    if ! cmp -s "$OUT/$name-response-body.txt" <(printf '%s\n' "$BODY_LINE"); then
        NOTES+=("$name: its body is not BODY_LINE + \\n:$(head -c 40 "$OUT/$name-response-body.txt" | od -An -c | tr -s ' ')")
    fi
}

cpu_ticks() { # user + system clock ticks of process $1 (fields 14, 15 after the "(comm)" field)
    local stat f
    stat=$(<"/proc/$1/stat")
    stat=${stat##*) }
    read -ra f <<<"$stat"
    echo $(( f[11] + f[12] ))
}

# Busy ticks of all CPUs in processes (user, nice, system) or stolen by the hypervisor. Interrupt
# and softirq time is left out: on loopback most of it is the benchmark's own packets, charged to no
# process, and would show up as "others".
machine_busy_ticks() {
    local user nice system steal
    read -r _ user nice system _ _ _ _ steal _ </proc/stat
    echo $(( user + nice + system + steal ))
}

# Runs wrk for case $2 against server $1 for $3, output to file $4, and prints "requests/s errors
# server wrk other": errors = socket errors + non-2xx/3xx responses; server, wrk, other = cores each
# used on average during the run, where other is whatever else kept the machine busy (a build, say):
# the noise to report.
run_wrk() {
    local name=$1 kase=$2 duration=$3 outfile=$4
    local port=${PORT[$name]} pid=${PID[$name]}
    local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout 5s) tail=()
    case $kase in
        keepalive) ;;
        pipeline) args+=(-s "$BENCH/pipeline.lua"); tail=(-- "$PIPELINE") ;;
        close) args+=(-H "Connection: close") ;;
    esac
    local t0 t1 s0 s1 m0 m1 wrk_cpu TIMEFORMAT='%U %S'
    s0=$(cpu_ticks "$pid")
    m0=$(machine_busy_ticks)
    t0=$EPOCHREALTIME
    { time wrk "${args[@]}" "http://127.0.0.1:$port/" "${tail[@]}" >"$outfile" 2>&1; } 2>"$outfile.cpu" || true
    t1=$EPOCHREALTIME
    m1=$(machine_busy_ticks)
    s1=$(cpu_ticks "$pid" 2>/dev/null || echo "$s0")
    wrk_cpu=$(awk '{ print $1 + $2 }' "$outfile.cpu")
    awk -v s="$(( s1 - s0 ))" -v m="$(( m1 - m0 ))" -v w="$wrk_cpu" -v hz="$CLK_TCK" -v t0="$t0" -v t1="$t1" '
        /^Requests\/sec:/ { rps = $2 }
        /Socket errors:/  { gsub(",", ""); err += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx/  { err += $NF }
        END {
            wall = t1 - t0; other = (m / hz - s / hz - w) / wall
            printf "%s %d %.2f %.2f %.2f\n", (rps == "" ? "-" : rps), err, s / hz / wall, w / wall, (other < 0 ? 0 : other)
        }' "$outfile"
}

# Live heap bytes after a full GC: GC.class_histogram collects first unless asked for -all. G1's full
# GC leaves dead space in nearly full regions uncompacted, filled with jdk.internal.vm.Filler*
# objects that the histogram lists; they are not live data and are left out (up to 2 KB a
# connection for Jetty otherwise).
live_heap() { # pid histogram-file
    "$JCMD" "$1" GC.class_histogram >"$2" 2>&1 || { echo "-"; return; }
    awk '$1 == "Total" { total = $3 } $4 ~ /^\[?L?jdk\.internal\.vm\.Filler/ { filler += $3 }
         END { if (total == "") print "-"; else printf "%d\n", total - filler }' "$2"
}

rss_bytes() { awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"; }

# Holds IDLE_CONNS idle connections to server $1 and records its heap (and RSS) per connection
# twice: after one request on each connection (as most idle benchmarks do) and after a second
# one, because a server may build per-connection state lazily on reuse (Jetty 12 allocates a header
# field cache on a connection's second request). Each measurement is followed by one more request
# on every connection, which proves the server kept them all open while it was measured.
measure_idle() {
    local name=$1 port=${PORT[$1]} pid=${PID[$1]}
    sleep 3 # let the connections of the close case finish closing and lingering
    local heap0 heap1 heap2 heap3 rss0 rss2 line opened alive1 alive2
    heap0=$(live_heap "$pid" "$OUT/$name-histogram-0.txt")
    rss0=$(rss_bytes "$pid")
    coproc IDLE { exec setsid "$JAVA" -cp "$CP" dev.keepalive.bench.IdleConnections \
        --port "$port" --connections "$IDLE_CONNS" 2>"$OUT/$name-idle-tool.log"; }
    local tool_pid=$IDLE_PID from_tool=${IDLE[0]} to_tool=${IDLE[1]}
    STARTED+=("$tool_pid")
    read -r -t 600 -u "$from_tool" line || line="READY ok=0 (no answer from the idle tool)"
    log "$name: idle tool: $line"
    opened=$(sed -n 's/.*ok=\([0-9]*\).*/\1/p' <<<"$line")
    sleep 2 # let the server settle whatever it does after a request
    heap1=$(live_heap "$pid" "$OUT/$name-histogram-$IDLE_CONNS-1.txt")
    echo verify >&"$to_tool"
    read -r -t 600 -u "$from_tool" line || line="VERIFIED ok=0 (no answer from the idle tool)"
    log "$name: idle tool, 2nd request on each: $line"
    alive1=$(sed -n 's/.*ok=\([0-9]*\).*/\1/p' <<<"$line")
    sleep 2
    heap2=$(live_heap "$pid" "$OUT/$name-histogram-$IDLE_CONNS-2.txt")
    rss2=$(rss_bytes "$pid" 2>/dev/null || echo 0)
    echo verify >&"$to_tool"
    read -r -t 600 -u "$from_tool" line || line="VERIFIED ok=0 (no answer from the idle tool)"
    log "$name: idle tool, 3rd request on each: $line"
    alive2=$(sed -n 's/.*ok=\([0-9]*\).*/\1/p' <<<"$line")
    echo close >&"$to_tool"
    read -r -t 60 -u "$from_tool" line || true
    stop_group "$tool_pid"
    forget_group "$tool_pid"
    sleep 2
    heap3=$(live_heap "$pid" "$OUT/$name-histogram-after.txt")
    {
        echo "$name idle_opened $opened"
        echo "$name idle_usable_after_measure_1 ${alive1:-0}"
        echo "$name idle_usable_after_measure_2 ${alive2:-0}"
        echo "$name heap_0 $heap0"
        echo "$name heap_idle_1_request $heap1"
        echo "$name heap_idle_2_requests $heap2"
        echo "$name heap_after_close $heap3"
        echo "$name rss_0 $rss0"
        echo "$name rss_idle_2_requests $rss2"
    } >>"$OUT/raw.txt"
    log "$name: live heap $heap0 B; with $opened idle connections $heap1 B after 1 request," \
        "$heap2 B after 2; $heap3 B after closing them"
    RESULT[$name.idle1]=- RESULT[$name.idle2]=- RESULT[$name.rss]=-
    if (( ${opened:-0} > 0 )) && [[ $heap0 != - ]]; then
        [[ $heap1 == - ]] || RESULT[$name.idle1]=$(( (heap1 - heap0) / opened ))
        [[ $heap2 == - ]] || RESULT[$name.idle2]=$(( (heap2 - heap0) / opened ))
        (( rss2 == 0 )) || RESULT[$name.rss]=$(( (rss2 - rss0) / opened ))
    fi
    (( ${opened:-0} == IDLE_CONNS )) ||
        NOTES+=("$name: opened ${opened:-0} of $IDLE_CONNS idle connections (see $name-idle-tool.log)")
    if (( ${alive1:-0} != ${opened:-0} || ${alive2:-0} != ${opened:-0} )); then
        line="of $opened idle connections ${alive1:-0} answered a 2nd request and ${alive2:-0} a 3rd"
        NOTES+=("$name: $line (see $name-idle-tool.log, $name-server.log)")
    fi
    top_classes "$OUT/$name-histogram-0.txt" "$OUT/$name-histogram-$IDLE_CONNS-2.txt" >"$OUT/$name-idle-classes.txt"
}

# Classes whose live bytes grew most between two histograms: where an idle connection's heap goes.
# (No `head` in pipelines here: it exits early, the writer gets SIGPIPE and pipefail ends the script.)
top_classes() {
    awk 'FNR == NR && $1 ~ /^[0-9]+:$/ { before[$4] = $3; next }
         $1 ~ /^[0-9]+:$/ { d = $3 - before[$4]; if (d > 0) printf "%12d %s\n", d, $4 }' "$1" "$2" |
        sort -rn | sed -n 1,20p
}

# One case, ROUNDS rounds, every live server once per round in rotating order; a cell keeps its
# best round, with the CPU split of that round.
measure_case() {
    local kase=$1 round i n=${#LIVE[@]} name rps err server wrk other
    for (( round = 1; round <= ROUNDS; round++ )); do
        for (( i = 0; i < n; i++ )); do
            name=${LIVE[(i + round - 1) % n]}
            rps=- err=0 server=- wrk=- other=0
            read -r rps err server wrk other < <(run_wrk "$name" "$kase" "$DURATION" \
                "$OUT/$name-$kase-$round.txt") || true
            log "$name: $kase round $round: $rps req/s, $err errors; cores: server $server, wrk $wrk, others $other"
            echo "$name $kase round $round rps $rps errors $err server_cores $server wrk_cores $wrk other_cores $other" \
                >>"$OUT/raw.txt"
            ROUNDS_OF[$name.$kase]+="${ROUNDS_OF[$name.$kase]:+ }$(cell "$rps")"
            (( err == 0 )) ||
                NOTES+=("$name $kase round $round: $err socket errors or non-2xx responses (see $name-$kase-$round.txt)")
            if [[ $rps != - ]] && awk -v a="$rps" -v b="${RESULT[$name.$kase]:-0}" 'BEGIN { exit !(a > b) }'; then
                RESULT[$name.$kase]=$rps
                CORES[$name.$kase]="$server/$wrk/$other"
            fi
        done
    done
    for name in "${LIVE[@]}"; do
        other=${CORES[$name.$kase]:-0/0/0}
        other=${other##*/}
        if awk -v o="$other" 'BEGIN { exit !(o >= 0.2) }'; then
            NOTES+=("$name $kase: in its best round other processes kept $other cores busy: the cell is unreliable")
        fi
    done
}

# ------------------------------------------------------------------------------------- the report
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2fx", a / b }'
}
cell() { awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"; else printf "%.0f", v }'; }

report() {
    local kase label ours netty jetty
    echo "HTTP/1.1 server benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, JDK $JDK_VERSION for the peers"
    echo "wrk $THREADS threads, $CONNECTIONS connections; a cell is the best of $ROUNDS interleaved $DURATION runs," \
        "after $WARMUP warm-up per case; nothing pinned"
    echo "idle: live heap after a full GC with $IDLE_CONNS idle keep-alive connections minus without, per" \
        "connection; server JVM options: $SERVER_JAVA_OPTS"
    echo
    printf '%-34s %10s %10s %10s %11s %11s\n' "requests/s (higher is better)" ours netty jetty ours/netty ours/jetty
    for kase in keepalive pipeline close idle1 idle2 rss; do
        case $kase in
            keepalive) label="keep-alive, $CONNECTIONS connections" ;;
            pipeline) label="pipelined, depth $PIPELINE" ;;
            close) label="connection per request" ;;
            idle1) label="idle connections, 1 request each" ;;
            idle2) label="                  2 requests each" ;;
            rss) label="RSS, 2 requests each" ;;
        esac
        case $kase in
            idle1 | idle2 | rss) [[ " $CASES " == *" idle "* ]] || continue ;;
            *) [[ " $CASES " == *" $kase "* ]] || continue ;;
        esac
        if [[ $kase == idle1 ]]; then
            echo
            printf '%-34s %10s %10s %10s %11s %11s\n' "bytes per idle conn (lower=better)" \
                ours netty jetty ours/netty ours/jetty
        fi
        ours=${RESULT[ours.$kase]:--} netty=${RESULT[netty.$kase]:--} jetty=${RESULT[jetty.$kase]:--}
        printf '%-34s %10s %10s %10s %11s %11s\n' "$label" "$(cell "$ours")" "$(cell "$netty")" "$(cell "$jetty")" \
            "$(ratio "$ours" "$netty")" "$(ratio "$ours" "$jetty")"
    done
    echo
    local name
    for name in "${LIVE[@]}"; do
        printf '%-6s %s; response: %s\n' "$name" "${JVM[$name]:-JDK ?}" "${RESPONSE[$name]}"
        for kase in $CASES; do
            [[ $kase == idle ]] && continue
            printf '       %-10s rounds: %-26s cores in the best round, server/wrk/others: %s\n' \
                "$kase" "${ROUNDS_OF[$name.$kase]:--}" "${CORES[$name.$kase]:--}"
        done
    done
    if (( ${#NOTES[@]} )); then
        echo
        printf 'note: %s\n' "${NOTES[@]}"
    fi
    echo
    echo "raw results: $OUT"
}

# ------------------------------------------------------------------------------------------- main
main() {
    cd "$ROOT"
    command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
    command -v ss >/dev/null || die "ss is missing (apt-get install iproute2)"
    ensure_wrk
    JDK=$(find_jdk)
    JAVA=$JDK/bin/java
    JCMD=$JDK/bin/jcmd
    JDK_VERSION=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$JDK/release")
    read -ra JAVA_OPTS_ARR <<<"$SERVER_JAVA_OPTS"
    NETTY_OPTS=()
    # JDK 24+ warns when Netty uses sun.misc.Unsafe (JEP 471/498); allowing it keeps Netty on the
    # fast path it normally takes and keeps the warning out of the logs.
    (( $(jdk_feature "$JDK") >= 24 )) && NETTY_OPTS+=(--sun-misc-unsafe-memory-access=allow)
    CLK_TCK=$(getconf CLK_TCK)

    # The idle case needs one descriptor per connection in the server and in the tool.
    local need=$(( IDLE_CONNS + 1024 )) hard
    hard=$(ulimit -Hn)
    if [[ " $CASES " == *" idle "* && $hard != unlimited ]] && (( hard < need )); then
        die "ulimit -Hn is $hard, the idle case needs $need: lower IDLE_CONNS or raise the hard limit"
    fi
    if [[ $(ulimit -Sn) != unlimited ]] && (( $(ulimit -Sn) < need )); then
        ulimit -Sn "$need"
    fi

    if [[ $BUILD == 1 ]]; then
        log "building bench (./mvnw -B -q -Pbench -pl bench -am package -DskipTests)"
        (cd "$ROOT" && ./mvnw -B -q -Pbench -pl bench -am package -DskipTests)
    fi
    CP="$BENCH/target/classes:$BENCH/target/lib/*"
    [[ -d $BENCH/target/lib ]] || die "bench/target/lib is missing: run with BUILD=1"

    OUT=$RESULTS/http-server-$(date +%Y%m%d-%H%M%S)
    mkdir -p "$OUT"
    ln -sfn "$(basename "$OUT")" "$RESULTS/latest"
    declare -gA PORT=() PID=() PGID=() JVM=() RESPONSE=() RESULT=() CORES=() ROUNDS_OF=()
    LIVE=()
    NOTES=()
    log "results go to $OUT; JDK $JDK_VERSION ($JDK); servers: $SERVERS; cases: $CASES"

    local name kase
    for name in $SERVERS; do
        case $name in ours | netty | jetty) ;; *) die "unknown server '$name' (ours, netty, jetty)" ;; esac
        bring_up "$name"
    done
    if (( ${#LIVE[@]} )); then
        for name in "${LIVE[@]}"; do
            for kase in $CASES; do
                [[ $kase == idle ]] && continue
                log "$name: warm-up $kase $WARMUP"
                run_wrk "$name" "$kase" "$WARMUP" "$OUT/$name-$kase-warmup.txt" >/dev/null
            done
        done
        for kase in $CASES; do
            [[ $kase == idle ]] || measure_case "$kase"
        done
        if [[ " $CASES " == *" idle "* ]]; then
            for name in "${LIVE[@]}"; do
                log "$name: idle: $IDLE_CONNS connections"
                measure_idle "$name"
            done
        fi
        for name in "${LIVE[@]}"; do
            stop_server "$name"
        done
    fi
    report | tee "$OUT/summary.txt"
}

main "$@"
