#!/usr/bin/env bash
# Benchmark: sockscope against ss and netstat on the same sockets, in one run.
#
#   scripts/bench.sh [--sockets N[,N...]] [--runs R] [--procs P] [--out FILE] [--bin-dir DIR]
#
# For each size N it creates a private network namespace, starts P
# sockscope-loadgen processes there (each one listener pair and N/2/P
# established loopback TCP pairs, every 10th over IPv6, plus a few UDP and
# UNIX sockets; a process may hold only ~20,000 fds here), then runs every
# command of the table below for sockscope, ss and netstat back to back,
# alternating tools, one warm-up round and R measured rounds. It reports the median CPU (user+sys) and wall time, the peak
# RSS, and the ratios sockscope/ss and sockscope/netstat. `floor` is the least
# work possible (sockscope-floor: a decoded sock_diag dump; with -p plus one
# walk of /proc/*/fd). Times come from wait4's rusage (sockscope-timeit).
# A last table checks the targets of issue 5 at the largest size (the
# per-socket cost against the smallest); a miss is reported, not fatal.
# Machines are noisy: read the ratios, not the seconds.
#
# Needs root (ip netns), iproute2, net-tools, a release build
# (built here if missing). Cleans up its namespace and processes on exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

sizes="20000,200000"
runs=5
procs=20
out=""
bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sockets) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --procs) procs="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --bin-dir) bin="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

for tool in ip ss netstat; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "bench.sh: needs root (ip netns add)" >&2; exit 1; }

# --bin-dir: use binaries built elsewhere (the test suite passes its debug
# build, to check this script without a release build).
if [ -z "$bin" ]; then
    cargo build --release --quiet -p sockscope-cli -p sockscope-testkit
    bin="$PWD/target/release"
fi
sockscope="$bin/sockscope"
floor="$bin/sockscope-floor"
loadgen="$bin/sockscope-loadgen"
timeit="$bin/sockscope-timeit"

ns=""
work=$(mktemp -d /tmp/sockscope-bench-XXXXXX)
cleanup() {
    if [ -n "$ns" ]; then
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# One measurement: "cpu_seconds wall_seconds max_rss_kb" of a command in $ns.
# sockscope-timeit runs inside the namespace, so `ip netns exec` is not counted.
measure() {
    ip netns exec "$ns" "$timeit" "$@" 2>"$work/stderr" || {
        echo "bench.sh: failed: $*" >&2; cat "$work/stderr" >&2; return 1; }
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
secs() { awk -v v="$1" 'BEGIN { printf "%.4f", v }'; }

report=""
# Every median, by "size|label|tool|cpu" (or rss), for the targets table.
declare -A seen
totals=()
emit() { report+="$1"$'\n'; echo "$1"; }

emit "# sockscope benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
emit "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r); ss $(ss -V | awk '{print $NF}'), net-tools netstat $(netstat -V | awk 'NR==1 {print $2}')"
emit "runs: $runs measured after 1 warm-up, tools alternating; medians; cpu = user+sys seconds"

IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
    ns="ssbench-$$-$size"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    pairs=$(( size / 2 / procs ))
    [ "$pairs" -ge 1 ] || pairs=1
    for i in $(seq 1 "$procs"); do
        ip netns exec "$ns" "$loadgen" --pairs "$pairs" --port $(( 20000 + i )) \
            --ready "$work/ready.$i" >/dev/null 2>"$work/loadgen.$i.err" &
    done
    disown -a  # killed by namespace below; no job-control noise
    for i in $(seq 1 "$procs"); do
        for _ in $(seq 1 600); do
            [ -s "$work/ready.$i" ] && break
            sleep 0.1
        done
        [ -s "$work/ready.$i" ] || { echo "bench.sh: loadgen $i not ready" >&2; cat "$work/loadgen.$i.err" >&2; exit 1; }
    done
    total=$(ip netns exec "$ns" ss -tanH | wc -l)
    totals+=("$size:$total")
    port=$(( 20000 + procs / 2 ))
    emit ""
    emit "## $size sockets requested: $total TCP sockets in the namespace, $procs processes"
    emit ""
    emit "| command | tool | cpu s | wall s | max RSS MB | cpu vs ss | cpu vs netstat |"
    emit "|---|---|---|---|---|---|---|"

    # label | sockscope args | ss args | netstat args | floor args
    cases=(
        "-tan|-tan|-tan|-tan|"
        "-tanp|-tanp|-tanp|-tanp|-p"
        "filtered: state established dport = :$port|-tan state established dport = :$port|-tan state established dport = :$port||"
    )
    for case in "${cases[@]}"; do
        IFS='|' read -r label s_args ss_args ns_args floor_args <<<"$case"
        tools=(sockscope ss)
        [ -n "$ns_args" ] && tools+=(netstat)
        [ "$label" = "-tan" ] || [ "$label" = "-tanp" ] && tools+=(floor)
        : >"$work/results"
        for round in $(seq 0 "$runs"); do
            for t in "${tools[@]}"; do
                case "$t" in
                    sockscope) cmd=("$sockscope" $s_args) ;;
                    ss) cmd=(ss $ss_args) ;;
                    netstat) cmd=(netstat $ns_args) ;;
                    floor) cmd=("$floor" $floor_args) ;;
                esac
                m=$(measure "${cmd[@]}")
                [ "$round" -eq 0 ] || echo "$t $m" >>"$work/results"
            done
        done
        declare -A cpu wall rss
        for t in "${tools[@]}"; do
            cpu[$t]=$(awk -v t="$t" '$1 == t { print $2 }' "$work/results" | median)
            wall[$t]=$(awk -v t="$t" '$1 == t { print $3 }' "$work/results" | median)
            rss[$t]=$(awk -v t="$t" '$1 == t { print $4 }' "$work/results" | median)
        done
        for t in "${tools[@]}"; do
            vs_ss=$(ratio "${cpu[$t]}" "${cpu[ss]}")
            vs_ns="n/a"
            [ -n "${cpu[netstat]:-}" ] && vs_ns=$(ratio "${cpu[$t]}" "${cpu[netstat]}")
            key="$size|${label%%:*}|$t"
            seen[$key|cpu]=${cpu[$t]}
            seen[$key|rss]=${rss[$t]}
            emit "| $label | $t | $(secs "${cpu[$t]}") | $(secs "${wall[$t]}") | $(awk -v k="${rss[$t]}" 'BEGIN { printf "%.1f", k / 1024 }') | $vs_ss | $vs_ns |"
        done
        unset cpu wall rss
    done
    for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns"
    ns=""
    rm -f "$work"/ready.*
done

# The issue's targets, checked at the largest size (per-socket cost against
# the smallest). Informational: a miss is reported, not fatal.
get() { echo "${seen[$1]:-0}"; }
check() { # label measured-ratio goal-op goal
    local met
    met=$(awk -v v="$2" -v op="$3" -v g="$4" 'BEGIN {
        if (v == "n/a") { print "n/a"; exit }
        ok = (op == "<=") ? (v + 0 <= g + 0) : (v + 0 >= g + 0); print ok ? "yes" : "**no**" }')
    emit "| $1 | $2 | $3 $4 | $met |"
}
big=${totals[-1]%%:*}; big_n=${totals[-1]##*:}
small=${totals[0]%%:*}; small_n=${totals[0]##*:}
emit ""
emit "## Targets at $big sockets"
emit ""
emit "| target | measured | goal | met |"
emit "|---|---|---|---|"
check "-tan CPU, sockscope / ss" "$(ratio "$(get "$big|-tan|sockscope|cpu")" "$(get "$big|-tan|ss|cpu")")" "<=" 0.5
check "-tan CPU, sockscope / floor" "$(ratio "$(get "$big|-tan|sockscope|cpu")" "$(get "$big|-tan|floor|cpu")")" "<=" 1.2
check "-tanp CPU, ss / sockscope (times faster)" "$(ratio "$(get "$big|-tanp|ss|cpu")" "$(get "$big|-tanp|sockscope|cpu")")" ">=" 20
check "-tanp CPU, netstat / sockscope (times faster)" "$(ratio "$(get "$big|-tanp|netstat|cpu")" "$(get "$big|-tanp|sockscope|cpu")")" ">=" 8
if [ "$big" != "$small" ]; then
    per_big=$(awk -v c="$(get "$big|-tan|sockscope|cpu")" -v n="$big_n" 'BEGIN { print c / n }')
    per_small=$(awk -v c="$(get "$small|-tan|sockscope|cpu")" -v n="$small_n" 'BEGIN { print c / n }')
    check "-tan CPU per socket, $big / $small" "$(ratio "$per_big" "$per_small")" "<=" 1.2
fi
check "filtered query CPU, sockscope / ss" "$(ratio "$(get "$big|filtered|sockscope|cpu")" "$(get "$big|filtered|ss|cpu")")" "<=" 1.0
check "-tan peak RSS, sockscope / ss" "$(ratio "$(get "$big|-tan|sockscope|rss")" "$(get "$big|-tan|ss|rss")")" "<=" 1.0
check "-tanp peak RSS, sockscope / ss" "$(ratio "$(get "$big|-tanp|sockscope|rss")" "$(get "$big|-tanp|ss|rss")")" "<=" 0.5

if [ -n "$out" ]; then
    printf '%s' "$report" >"$out"
    echo "bench.sh: wrote $out"
fi
