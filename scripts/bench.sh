#!/usr/bin/env bash
# Benchmark: sockscope against ss and netstat on the same sockets, in one run.
#
#   scripts/bench.sh [--sockets N[,N...]] [--runs R] [--procs P] [--netns N,S|none]
#                    [--child-ehash E] [--out FILE] [--bin-dir DIR]
#
# For each size N it creates a private network namespace, starts P
# sockscope-loadgen processes there (each one listener pair and N/2/P
# established loopback TCP pairs, every 10th over IPv6, plus a few UDP and
# UNIX sockets; a process may hold only ~20,000 fds here), then runs every
# command of the table below for sockscope, ss and netstat back to back,
# alternating tools, one warm-up round and R measured rounds. It reports the
# median CPU (user+sys) and wall time, the peak RSS, and the ratios
# sockscope/ss and sockscope/netstat. `floor` is the least work possible
# (sockscope-floor: a decoded sock_diag dump; with -p plus one walk of
# /proc/*/fd). Times come from wait4's rusage (sockscope-timeit).
# A targets table checks the goals of issue 5 at the largest size (the
# per-socket cost against the smallest); a miss is reported, not fatal.
#
# --netns N,S (default 100,2000; 0 or none skips it) adds issue 10's case:
# N namespaces sockscope-bench-ns-1..N, one loadgen in each holding about S
# TCP sockets (S/2 established pairs and a listener pair), N*S in all. From
# the host it measures A `sockscope -tanp --netns all` against B
# `sockscope --netns ONE -tanp`, ONE being a single namespace holding the same
# N*S sockets over P processes (the size loop's, if a size is N*S; B then runs
# while that namespace is up, the N namespaces never coexist with it), and C
# the shell loop `ip netns exec NS ss -tanp` over the N namespaces (minutes
# long: run once, without warm-up); then checks A's CPU and peak RSS against
# B's, and C's wall time against A's (wall: the loop forks ip and ss).
# By default the namespaces share the host's TCP hash table, as on any host
# that does not set net.ipv4.tcp_child_ehash_entries: every namespace's
# sock_diag dump then walks every socket of the host, so A costs the
# kernel N walks of N*S sockets whatever the tool. --child-ehash E creates
# the N namespaces with tables of their own (the sysctl set to E while they
# are made, then restored), where each dump walks its own sockets only.
# Machines are noisy: read the ratios, not the seconds.
#
# Needs root (ip netns), iproute2, net-tools, a release build
# (built here if missing). Cleans up its namespaces and processes on exit,
# Ctrl-C and failure included.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

sizes="20000,200000"
runs=5
procs=20
netns_case="100,2000"
child_ehash=""
ehash_was=""
out=""
bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sockets) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --procs) procs="$2"; shift 2 ;;
        --netns) netns_case="$2"; shift 2 ;;
        --child-ehash) child_ehash="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --bin-dir) bin="$2"; shift 2 ;;
        -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

# --netns N,S: N namespaces of S sockets each; 0 or none: no such case.
nsn=0
nss=0
case "$netns_case" in
    0|none) ;;
    *,*)
        nsn=${netns_case%%,*}
        nss=${netns_case#*,}
        [[ "$nsn" =~ ^[0-9]+$ && "$nss" =~ ^[0-9]+$ && "$nss" -ge 2 ]] || {
            echo "bench.sh: --netns wants N,S (counts, S >= 2) or none, not $netns_case" >&2; exit 2; }
        ;;
    *) echo "bench.sh: --netns wants N,S or none, not $netns_case" >&2; exit 2 ;;
esac
ns_pairs=$(( nss / 2 ))
ns_total=$(( nsn * nss ))
# One process may hold only so many fds: S in each of the N, N*S/P in B's.
if [ "$nsn" -gt 0 ] && [ $(( 2 * ns_pairs + 100 )) -gt "$(ulimit -n)" ]; then
    echo "bench.sh: --netns $netns_case: one process may hold only $(ulimit -n) fds" >&2; exit 2
fi
if [ "$nsn" -gt 0 ] && [ $(( ns_total / procs + 100 )) -gt "$(ulimit -n)" ]; then
    echo "bench.sh: --netns $netns_case: $ns_total sockets over $procs processes (--procs)" \
        "is more than the $(ulimit -n) fds one process may hold" >&2; exit 2
fi

for tool in ip ss netstat; do
    command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing" >&2; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { echo "bench.sh: needs root (ip netns add)" >&2; exit 1; }
if [ "$nsn" -gt 0 ] && ip netns list | grep -q '^sockscope-bench-ns-'; then
    echo "bench.sh: sockscope-bench-ns-* namespaces exist (another run, or one killed with -9);" \
        "remove them first: ip netns list | awk '/^sockscope-bench-ns-/ {print \$1}' | xargs -rn1 ip netns del" >&2
    exit 1
fi

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
namespaces=()  # every namespace made here and not yet removed
loadgens=()    # every loadgen started and not yet killed (ip netns exec execs it: same pid)
declare -A loadgen_pid  # ready tag -> pid
work=$(mktemp -d /tmp/sockscope-bench-XXXXXX)
# Kill the processes in the namespaces made here, remove the namespaces.
drop_namespaces() {
    local n pid
    for pid in "${loadgens[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for n in "${namespaces[@]}"; do
        for pid in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$n" 2>/dev/null || true
    done
    namespaces=()
    loadgens=()
    rm -f "$work"/ready.*
}
cleanup() {
    if [ -n "$child_ehash" ] && [ -n "$ehash_was" ]; then
        sysctl -qw net.ipv4.tcp_child_ehash_entries="$ehash_was" || true
    fi
    drop_namespaces
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

add_namespace() {
    ip netns add "$1"
    namespaces+=("$1")
    ip -n "$1" link set lo up
}

# start_loadgen NS TAG PAIRS PORT: one sockscope-loadgen in NS, in the
# background; it writes $work/ready.TAG once it holds its sockets.
start_loadgen() {
    ip netns exec "$1" "$loadgen" --pairs "$3" --port "$4" \
        --ready "$work/ready.$2" >/dev/null 2>"$work/loadgen.$2.err" &
    loadgens+=("$!")
    loadgen_pid[$2]=$!
    disown  # killed by drop_namespaces; no job-control noise
}

# wait_ready TAG...: until every one of these loadgens is ready (60 s in all;
# one that exits first is an error at once).
wait_ready() {
    local deadline=$(( SECONDS + 60 )) t
    for t in "$@"; do
        until [ -s "$work/ready.$t" ]; do
            if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "${loadgen_pid[$t]}" 2>/dev/null; then
                sleep 0.2
                [ -s "$work/ready.$t" ] && break
                echo "bench.sh: loadgen $t not ready" >&2; cat "$work/loadgen.$t.err" >&2; exit 1
            fi
            sleep 0.1
        done
    done
}

# One measurement: "cpu_seconds wall_seconds max_rss_kb" of a command in $ns.
# sockscope-timeit runs inside the namespace, so `ip netns exec` is not counted.
measure() {
    ip netns exec "$ns" "$timeit" "$@" 2>"$work/stderr" || {
        echo "bench.sh: failed: $*" >&2; cat "$work/stderr" >&2; return 1; }
}
# The same from the host's namespace (a command that enters namespaces itself).
measure_host() {
    "$timeit" "$@" 2>"$work/stderr" || {
        echo "bench.sh: failed: $*" >&2; cat "$work/stderr" >&2; return 1; }
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
secs() { awk -v v="$1" 'BEGIN { printf "%.4f", v }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

report=""
# Every median, by "size|label|tool|cpu" (or rss), for the targets table;
# the namespace case's by "netns|A|cpu" (wall, rss) for A, B and C.
declare -A seen
totals=()
emit() { report+="$1"$'\n'; echo "$1"; }

# B of the namespace case: `sockscope --netns NS -tanp` from the host, NS
# holding all N*S sockets; a warm-up and $runs rounds.
measure_single() {
    local round m
    : >"$work/results.b"
    for round in $(seq 0 "$runs"); do
        m=$(measure_host "$sockscope" --netns "$1" -tanp)
        [ "$round" -eq 0 ] || echo "$m" >>"$work/results.b"
    done
    seen[netns|B|cpu]=$(awk '{ print $1 }' "$work/results.b" | median)
    seen[netns|B|wall]=$(awk '{ print $2 }' "$work/results.b" | median)
    seen[netns|B|rss]=$(awk '{ print $3 }' "$work/results.b" | median)
    seen[netns|B|sockets]=$2
}

emit "# sockscope benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
emit "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r); ss $(ss -V | awk '{print $NF}'), net-tools netstat $(netstat -V | awk 'NR==1 {print $2}')"
emit "runs: $runs measured after 1 warm-up, tools alternating; medians; cpu = user+sys seconds"

# The namespace case needs `--netns all`; without it, say so and skip it.
if [ "$nsn" -gt 0 ] && ! "$sockscope" -tan --netns all >/dev/null 2>"$work/stderr"; then
    emit "netns case skipped: \`sockscope -tan --netns all\` failed: $(head -1 "$work/stderr")"
    nsn=0
fi

IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
    ns="ssbench-$$-$size"
    add_namespace "$ns"
    pairs=$(( size / 2 / procs ))
    [ "$pairs" -ge 1 ] || pairs=1
    tags=()
    for i in $(seq 1 "$procs"); do
        start_loadgen "$ns" "$size.$i" "$pairs" $(( 20000 + i ))
        tags+=("$size.$i")
    done
    wait_ready "${tags[@]}"
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
            emit "| $label | $t | $(secs "${cpu[$t]}") | $(secs "${wall[$t]}") | $(mb "${rss[$t]}") | $vs_ss | $vs_ns |"
        done
        unset cpu wall rss
    done
    # The namespace case's B, while this namespace of the same total is up.
    if [ "$nsn" -gt 0 ] && [ "$size" -eq "$ns_total" ] && [ -z "${seen[netns|B|cpu]:-}" ]; then
        measure_single "$ns" "$total"
        seen[netns|B|where]="the $size-socket namespace above"
    fi
    drop_namespaces
    ns=""
done

# Issue 10's case: N namespaces of S sockets each, read in one run (A),
# against one namespace of the same total (B) and a loop of ss over the
# namespaces (C). The N namespaces and B's never coexist: every -p walk sees
# the same N*S socket fds.
if [ "$nsn" -gt 0 ]; then
    if [ -z "${seen[netns|B|cpu]:-}" ]; then
        ns="ssbench-$$-single"
        add_namespace "$ns"
        pairs=$(( ns_total / 2 / procs ))
        [ "$pairs" -ge 1 ] || pairs=1
        tags=()
        for i in $(seq 1 "$procs"); do
            start_loadgen "$ns" "single.$i" "$pairs" $(( 20000 + i ))
            tags+=("single.$i")
        done
        wait_ready "${tags[@]}"
        measure_single "$ns" "$(ip netns exec "$ns" ss -tanH | wc -l)"
        seen[netns|B|where]="a namespace of $ns_total requested sockets"
        drop_namespaces
        ns=""
    fi

    # Namespaces one after another (fast), loadgens all at once, then wait.
    tags=()
    ehash_was=$(sysctl -n net.ipv4.tcp_child_ehash_entries 2>/dev/null || echo "")
    if [ -n "$child_ehash" ]; then
        sysctl -qw net.ipv4.tcp_child_ehash_entries="$child_ehash"
    fi
    for i in $(seq 1 "$nsn"); do
        add_namespace "sockscope-bench-ns-$i"
    done
    if [ -n "$child_ehash" ] && [ -n "$ehash_was" ]; then
        sysctl -qw net.ipv4.tcp_child_ehash_entries="$ehash_was"
    fi
    for i in $(seq 1 "$nsn"); do
        start_loadgen "sockscope-bench-ns-$i" "ns.$i" "$ns_pairs" 20000
        tags+=("ns.$i")
    done
    wait_ready "${tags[@]}"
    ns_tcp=0
    for i in $(seq 1 "$nsn"); do
        ns_tcp=$(( ns_tcp + $(ip netns exec "sockscope-bench-ns-$i" ss -tanH | wc -l) ))
    done
    # What A lists, counted once outside the timing: every bench namespace's
    # established sockets (2 per pair), plus whatever else the host has.
    a_estab=$("$sockscope" -tan --netns all 2>"$work/stderr" | grep -c ESTABLISHED || true)
    want_estab=$(( nsn * 2 * ns_pairs ))

    loop='for ns in $(ip netns list | awk '"'"'{print $1}'"'"' | grep sockscope-bench-ns-); do ip netns exec $ns ss -tanp; done'
    # C takes minutes (about 2.4 s per namespace at 100 x 2000: every ss -p
    # walks all 200k fds under /proc) and is far off its target either way:
    # no warm-up, measured once, in the first round.
    : >"$work/results"
    for round in $(seq 0 "$runs"); do
        for t in A C; do
            [ "$t" = C ] && [ "$round" -ne 1 ] && continue
            case "$t" in
                A) cmd=("$sockscope" -tanp --netns all) ;;
                C) cmd=(bash -c "$loop") ;;
            esac
            m=$(measure_host "${cmd[@]}")
            [ "$round" -eq 0 ] || echo "$t $m" >>"$work/results"
        done
    done
    for t in A C; do
        seen[netns|$t|cpu]=$(awk -v t="$t" '$1 == t { print $2 }' "$work/results" | median)
        seen[netns|$t|wall]=$(awk -v t="$t" '$1 == t { print $3 }' "$work/results" | median)
        seen[netns|$t|rss]=$(awk -v t="$t" '$1 == t { print $4 }' "$work/results" | median)
    done
    drop_namespaces

    emit ""
    emit "## $nsn namespaces of $nss sockets requested: $ns_tcp TCP sockets in them, one process each"
    emit ""
    emit "A lists $a_estab ESTABLISHED sockets in all namespaces (the bench namespaces hold $want_estab); B's namespace: ${seen[netns|B|where]}, ${seen[netns|B|sockets]} TCP sockets, $procs processes. All three run from the host."
    [ "$a_estab" -ge "$want_estab" ] || emit "**A lists fewer ESTABLISHED sockets than the bench namespaces hold.**"
    [ -s "$work/stderr" ] && emit "A warned: $(head -1 "$work/stderr")"
    emit ""
    emit "| command | cpu s | wall s | max RSS MB | cpu vs A | wall vs A |"
    emit "|---|---|---|---|---|---|"
    for t in A B C; do
        case "$t" in
            A) label="A: sockscope -tanp --netns all" ;;
            B) label="B: sockscope --netns ONE -tanp (one namespace, same total)" ;;
            C) label="C: ip netns exec NS ss -tanp, looped over the $nsn namespaces (1 run)" ;;
        esac
        emit "| $label | $(secs "${seen[netns|$t|cpu]}") | $(secs "${seen[netns|$t|wall]}") | $(mb "${seen[netns|$t|rss]}") | $(ratio "${seen[netns|$t|cpu]}" "${seen[netns|A|cpu]}") | $(ratio "${seen[netns|$t|wall]}" "${seen[netns|A|wall]}") |"
    done
    emit ""
    emit "C is \`bash -c '$loop'\`, timed as a whole (its cpu includes every ip and ss it forks)."
fi

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

if [ "$nsn" -gt 0 ]; then
    emit ""
    emit "## Targets of the namespace case ($nsn namespaces of $nss sockets${child_ehash:+, TCP hash tables of their own: $child_ehash entries})"
    emit ""
    emit "| target | measured | goal | met |"
    emit "|---|---|---|---|"
    check "-tanp CPU, --netns all / one namespace (A / B)" "$(ratio "$(get "netns|A|cpu")" "$(get "netns|B|cpu")")" "<=" 1.3
    check "wall, ss loop / --netns all (C / A, times faster)" "$(ratio "$(get "netns|C|wall")" "$(get "netns|A|wall")")" ">=" 10
    check "peak RSS, --netns all / one namespace (A / B)" "$(ratio "$(get "netns|A|rss")" "$(get "netns|B|rss")")" "<=" 1.5
fi

if [ -n "$out" ]; then
    printf '%s' "$report" >"$out"
    echo "bench.sh: wrote $out"
fi
