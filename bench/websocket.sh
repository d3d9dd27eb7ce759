#!/usr/bin/env bash
# bench/websocket.sh — WebSocket liveness at scale: our server (./kal serve --ws) next to a Netty 4.1
# WebSocket server whose pings come from IdleStateHandler (bench's dev.keepalive.bench.ws.NettyWsServer).
#
# Both servers echo on /ws/echo and ping every PING_MS with an 8-byte timestamp; a peer that sends
# nothing for PING_MS after a ping (PONG_MS) is dropped. Per server, one after the other:
#   idle       live heap after a full GC (jcmd GC.class_histogram) without connections, then with
#              CONNS idle WebSocket connections held by bench's WsLoad tool (one selector thread that
#              answers every ping with a pong) → heap bytes per connection; then the server's CPU
#              (user + system, /proc/PID/stat) over WINDOW seconds while it pings all of them → % of
#              one core; the tool reports the pings it answered per second
#   detection  DETECT connections answer one ping each and then go silent without a FIN (the tool
#              keeps reading and discarding, as the kernel of a hung process would ACK, but never
#              writes again) → time from the silence to the server's RST/FIN, against the bound
#              PING_MS + PONG_MS + 10 %
# Raw output (server logs, tool logs, histograms, summary) goes to
# bench/target/results/websocket-<timestamp>/ and bench/target/results/latest-websocket points at it.
#
# How long: the first Maven build ~1 min (./kal builds itself on first use too), then ~1 min per server.
#
# Usage (from anywhere):   bench/websocket.sh
#   CONNS=2000 WINDOW=10 SERVERS=ours bench/websocket.sh
# Environment knobs [default]:
#   CONNS [10000]       idle WebSocket connections
#   PING_MS [1000]      ping interval of both servers
#   PONG_MS [1000]      pong timeout of both servers (Netty: reader idle = PING_MS + PONG_MS)
#   SETTLE [5]          seconds after the last handshake before measuring
#   WINDOW [20]         seconds of CPU measurement
#   DETECT [20]         connections in the detection case
#   SERVERS ["ours netty"]
#   SERVER_JAVA_OPTS [-Xms1g -Xmx1g]   JVM options of both servers (./kal gets them as KAL_JAVA_OPTS)
#   BUILD [1]           0 skips the Maven build of the bench module
#   RESULTS [bench/target/results]
# Needs: a JDK >= 21 with jcmd (JAVA_HOME, else the newest in /usr/lib/jvm), curl, ss.
set -Eeuo pipefail
trap 'printf "%s error: line %s: %s exited with %s\n" "$(date +%H:%M:%S)" "$LINENO" "$BASH_COMMAND" "$?" >&2' ERR

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
CONNS=${CONNS:-10000}
PING_MS=${PING_MS:-1000}
PONG_MS=${PONG_MS:-1000}
SETTLE=${SETTLE:-5}
WINDOW=${WINDOW:-20}
DETECT=${DETECT:-20}
SERVERS=${SERVERS:-ours netty}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xms1g -Xmx1g}
BUILD=${BUILD:-1}
RESULTS=${RESULTS:-$BENCH/target/results}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

STARTED=() # process group ids of everything we started with setsid
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
    for pgid in "${STARTED[@]}"; do stop_group "$pgid"; done
    STARTED=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_group() { # logfile command...; sets STARTED_PID (= its process group id)
    local logfile=$1
    shift
    setsid "$@" >"$logfile" 2>&1 </dev/null &
    STARTED_PID=$!
    STARTED+=("$STARTED_PID")
}

jdk_feature() {
    local v=""
    if [[ -x $1/bin/java && -x $1/bin/jcmd && -f $1/release ]]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
    fi
    echo "${v:-0}"
}
find_jdk() {
    if [[ -n ${JAVA_HOME:-} ]] && (( $(jdk_feature "$JAVA_HOME") >= 21 )); then echo "$JAVA_HOME"; return; fi
    local best="" best_v=0 d v
    for d in /usr/lib/jvm/*; do
        v=$(jdk_feature "$d")
        if (( v >= 21 && v > best_v )); then best=$d best_v=$v; fi
    done
    [[ -n $best ]] || die "no JDK >= 21 (with jcmd) in JAVA_HOME or /usr/lib/jvm"
    echo "$best"
}

free_port() { # below the ephemeral range, nothing on it now
    local low p
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range
    (( low > 11000 )) || low=61000
    for _ in $(seq 200); do
        p=$(( 10000 + RANDOM % (low - 10000) ))
        [[ -z $(ss -Htan "( sport = :$p or dport = :$p )") ]] && { echo "$p"; return; }
    done
    die "found no free loopback port"
}

cpu_ticks() { # user and system ticks of process $1: "user system"
    local stat f
    stat=$(<"/proc/$1/stat")
    stat=${stat##*) }
    read -ra f <<<"$stat"
    echo "${f[11]} ${f[12]}"
}

heap_bytes() { # live heap after a full GC: the Total line of a class histogram; the histogram to $2
    "$JCMD" "$1" GC.class_histogram >"$2" 2>&1 || { echo -; return; }
    awk '$1 == "Total" { print $3 }' "$2"
}

top_classes() { # classes whose live bytes grew most between two histograms
    awk 'FNR == NR && $1 ~ /^[0-9]+:$/ { before[$4] = $3; next }
         $1 ~ /^[0-9]+:$/ { d = $3 - before[$4]; if (d > 0) printf "%12d %s\n", d, $4 }' "$1" "$2" |
        sort -rn | sed -n 1,25p
}

wait_for_line() { # file pattern seconds: waits until a line matches; prints it
    local deadline=$(( SECONDS + $3 )) line
    while (( SECONDS <= deadline )); do
        line=$(grep -m1 -E "$2" "$1" 2>/dev/null || true)
        [[ -n $line ]] && { echo "$line"; return 0; }
        sleep 0.2
    done
    return 1
}

start_server() { # name port: sets PGID, PID
    local name=$1 port=$2 logfile=$OUT/$1-server.log url
    case $name in
        ours)
            start_group "$logfile" env JAVA_HOME="$JDK" KAL_JAVA_OPTS="$SERVER_JAVA_OPTS" "$ROOT/kal" serve --ws \
                --port "$port" --ping-interval "${PING_MS}ms" --pong-timeout "${PONG_MS}ms" \
                --max-connections $(( 2 * CONNS + 1000 ))
            url=http://127.0.0.1:$port/_kal/kal-ws.js
            ;;
        netty)
            start_group "$logfile" "$JAVA" "${JAVA_OPTS_ARR[@]}" "${NETTY_OPTS[@]}" -cp "$CP" \
                dev.keepalive.bench.ws.NettyWsServer --port "$port" --threads "$(nproc)" \
                --ping-interval-ms "$PING_MS" --pong-timeout-ms "$PONG_MS"
            url=http://127.0.0.1:$port/
            ;;
        *) die "unknown server '$name' (ours, netty)" ;;
    esac
    PGID=$STARTED_PID
    local deadline=$(( SECONDS + 180 ))
    until curl -sS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
        kill -0 -- "-$PGID" 2>/dev/null || die "$name did not start; see $logfile"
        (( SECONDS < deadline )) || die "$name did not answer within 180 s; see $logfile"
        sleep 0.3
    done
    PID=$(ss -Htlnp "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | sed -n 1p)
    [[ -n $PID ]] || die "no process owns port $port"
}

measure() { # name
    local name=$1 port heap0 heap1 t0 t1 s0 s1 w0 w1 line opened pings
    port=$(free_port)
    log "$name: starting on 127.0.0.1:$port (ping ${PING_MS} ms, pong timeout ${PONG_MS} ms)"
    start_server "$name" "$port"
    local server_pgid=$PGID server_pid=$PID
    sleep 2
    heap0=$(heap_bytes "$server_pid" "$OUT/$name-histogram-0.txt")
    log "$name: live heap without connections: $heap0 B; opening $CONNS connections"
    local hold=$(( SETTLE + WINDOW + 10 )) # heap histograms take a few seconds each
    start_group "$OUT/$name-idle-tool.log" "$JAVA" -Xmx512m -cp "$CP" dev.keepalive.bench.ws.WsLoad \
        --port "$port" --connections "$CONNS" --hold-s "$hold"
    local tool_pgid=$STARTED_PID
    line=$(wait_for_line "$OUT/$name-idle-tool.log" '^OPEN ' 300) || die "$name: the tool opened nothing; see $name-idle-tool.log"
    log "$name: $line"
    opened=$(sed -n 's/.*OPEN n=\([0-9]*\).*/\1/p' <<<"$line")
    sleep "$SETTLE"
    heap1=$(heap_bytes "$server_pid" "$OUT/$name-histogram-$CONNS.txt")
    local tool_pid=$tool_pgid # setsid did not fork: the java process leads its group
    local su0 ss0 su1 ss1 wu0 ws0 wu1 ws1
    read -r su0 ss0 < <(cpu_ticks "$server_pid"); read -r wu0 ws0 < <(cpu_ticks "$tool_pid"); t0=$(date +%s%N)
    sleep "$WINDOW"
    read -r su1 ss1 < <(cpu_ticks "$server_pid"); read -r wu1 ws1 < <(cpu_ticks "$tool_pid"); t1=$(date +%s%N)
    s0=$(( su0 + ss0 )) s1=$(( su1 + ss1 )) w0=$(( wu0 + ws0 )) w1=$(( wu1 + ws1 ))
    local secs
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    pct() { awk -v d="$1" -v hz="$CLK_TCK" -v s="$secs" 'BEGIN { printf "%.2f", 100 * d / hz / s }'; }
    RESULT[$name.cpu]=$(pct $(( s1 - s0 )))
    RESULT[$name.user]=$(pct $(( su1 - su0 )))
    RESULT[$name.sys]=$(pct $(( ss1 - ss0 )))
    RESULT[$name.toolcpu]=$(pct $(( w1 - w0 )))
    wait_for_line "$OUT/$name-idle-tool.log" '^DONE ' $(( hold + 60 )) >/dev/null || die "$name: tool did not finish"
    pings=$(grep '^SECOND ' "$OUT/$name-idle-tool.log" | tail -n "$WINDOW" | awk '{ split($4, p, "="); s += p[2]; n++ } END { if (n) printf "%.0f", s / n; else print "-" }')
    RESULT[$name.pings]=$pings
    RESULT[$name.opened]=$opened
    RESULT[$name.closed]=$(sed -n 's/.*closed_by_server=\([0-9]*\).*/\1/p' "$OUT/$name-idle-tool.log")
    RESULT[$name.heap]=-
    if [[ $heap0 != - && $heap1 != - ]] && (( opened > 0 )); then
        RESULT[$name.heap]=$(( (heap1 - heap0) / opened ))
    fi
    top_classes "$OUT/$name-histogram-0.txt" "$OUT/$name-histogram-$CONNS.txt" >"$OUT/$name-idle-classes.txt" || true
    log "$name: heap/conn ${RESULT[$name.heap]} B, server CPU ${RESULT[$name.cpu]} % of a core, $pings pings/s answered"
    stop_group "$tool_pgid"
    sleep 2

    log "$name: detection with $DETECT silent peers"
    "$JAVA" -cp "$CP" dev.keepalive.bench.ws.WsLoad --port "$port" --detect "$DETECT" \
        --timeout-s $(( (PING_MS + PONG_MS) / 1000 + 5 )) >"$OUT/$name-detect.log" 2>&1 || true
    line=$(grep '^DETECTED ' "$OUT/$name-detect.log" || echo "DETECTED n=0")
    RESULT[$name.detect]=$line
    RESULT[$name.end]=$(grep -o 'end=[A-Z]*' "$OUT/$name-detect.log" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, substr($2, 5), $1; sep = ", " }')
    log "$name: $line (${RESULT[$name.end]})"
    {
        echo "$name heap_0 $heap0"
        echo "$name heap_$CONNS $heap1"
        echo "$name opened $opened"
        echo "$name server_ticks $(( s1 - s0 )) (user $(( su1 - su0 )), system $(( ss1 - ss0 ))) tool_ticks $(( w1 - w0 ))" \
            "seconds $secs clk_tck $CLK_TCK"
        echo "$name $line"
    } >>"$OUT/raw.txt"
    stop_group "$server_pgid"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.2fx", a / b }'; }
field() { sed -n "s/.* $2=\([0-9]*\).*/\1/p" <<<"$1"; }

report() {
    local bound=$(( (PING_MS + PONG_MS) * 11 / 10 ))
    echo "WebSocket liveness benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, JDK $JDK_VERSION"
    echo "$CONNS idle connections on loopback, ping every $PING_MS ms, pong timeout $PONG_MS ms;" \
        "server JVM options: $SERVER_JAVA_OPTS; CPU over $WINDOW s"
    echo
    printf '%-44s %12s %12s %11s\n' "" ours netty ours/netty
    printf '%-44s %12s %12s %11s\n' "heap per idle connection, bytes (lower=better)" "${RESULT[ours.heap]:--}" \
        "${RESULT[netty.heap]:--}" "$(ratio "${RESULT[ours.heap]:--}" "${RESULT[netty.heap]:--}")"
    printf '%-44s %12s %12s %11s\n' "server CPU, % of one core (lower=better)" "${RESULT[ours.cpu]:--}" \
        "${RESULT[netty.cpu]:--}" "$(ratio "${RESULT[ours.cpu]:--}" "${RESULT[netty.cpu]:--}")"
    printf '%-44s %12s %12s\n' "  of which user / system" "${RESULT[ours.user]:--} / ${RESULT[ours.sys]:--}" \
        "${RESULT[netty.user]:--} / ${RESULT[netty.sys]:--}"
    printf '%-44s %12s %12s\n' "pings answered per second (tool)" "${RESULT[ours.pings]:--}" "${RESULT[netty.pings]:--}"
    printf '%-44s %12s %12s\n' "load tool CPU, % of one core" "${RESULT[ours.toolcpu]:--}" "${RESULT[netty.toolcpu]:--}"
    printf '%-44s %12s %12s\n' "connections opened / closed by the server" \
        "${RESULT[ours.opened]:--}/${RESULT[ours.closed]:--}" "${RESULT[netty.opened]:--}/${RESULT[netty.closed]:--}"
    local name d
    for name in ours netty; do
        d=${RESULT[$name.detect]:-}
        [[ -n $d ]] || continue
        printf '%-44s %12s\n' "detection ms, $name: min / median / max" \
            "$(field "$d" min) / $(field "$d" median) / $(field "$d" max) (n=$(field "$d" n), bound $bound ms; ${RESULT[$name.end]})"
    done
    echo
    echo "raw results: $OUT"
}

main() {
    cd "$ROOT"
    command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
    command -v ss >/dev/null || die "ss is missing (apt-get install iproute2)"
    JDK=$(find_jdk)
    JAVA=$JDK/bin/java
    JCMD=$JDK/bin/jcmd
    JDK_VERSION=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$JDK/release")
    read -ra JAVA_OPTS_ARR <<<"$SERVER_JAVA_OPTS"
    NETTY_OPTS=()
    (( $(jdk_feature "$JDK") >= 24 )) && NETTY_OPTS+=(--sun-misc-unsafe-memory-access=allow)
    CLK_TCK=$(getconf CLK_TCK)
    local need=$(( CONNS + 1024 )) hard
    hard=$(ulimit -Hn)
    if [[ $hard != unlimited ]] && (( hard < need )); then
        die "ulimit -Hn is $hard, $CONNS connections need $need: lower CONNS or raise the hard limit"
    fi
    if [[ $(ulimit -Sn) != unlimited ]] && (( $(ulimit -Sn) < need )); then ulimit -Sn "$need"; fi
    if [[ $BUILD == 1 ]]; then
        log "building bench (./mvnw -B -q -Pbench -pl bench -am package -DskipTests)"
        ./mvnw -B -q -Pbench -pl bench -am package -DskipTests
        log "building kal (./kal --version)"
        "$ROOT/kal" --version >/dev/null
    fi
    CP="$BENCH/target/classes:$BENCH/target/lib/*"
    [[ -d $BENCH/target/lib ]] || die "bench/target/lib is missing: run with BUILD=1"
    OUT=$RESULTS/websocket-$(date +%Y%m%d-%H%M%S)
    mkdir -p "$OUT"
    ln -sfn "$(basename "$OUT")" "$RESULTS/latest-websocket"
    declare -gA RESULT=()
    log "results go to $OUT; JDK $JDK_VERSION; servers: $SERVERS"
    local name
    for name in $SERVERS; do
        measure "$name"
    done
    report | tee "$OUT/summary.txt"
}

main "$@"
