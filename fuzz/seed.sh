#!/bin/sh
# Seed fuzz/corpus/<target>/ from the recorded fixtures in tests/data and
# from this machine's /proc (statistics files, mountinfo, cmdline), which
# tests/data does not hold. Idempotent; run from anywhere.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data="$here/../tests/data"
c="$here/corpus"

seed() { # target file...
    t=$1
    shift
    mkdir -p "$c/$t"
    for f in "$@"; do
        [ -r "$f" ] && cp "$f" "$c/$t/$(basename "$f")-$(basename "$(dirname "$f")")" || true
    done
}

seed nl_framing "$data"/netlink/*.bin "$data"/rtnl/*.bin "$data"/ctnetlink/*.bin
seed sock_diag_inet "$data"/netlink/tcp4.bin "$data"/netlink/tcp4-details.bin \
    "$data"/netlink/mptcp4-details.bin "$data"/netlink/raw4-enoent.bin
seed sock_diag_kinds "$data"/netlink/unix.bin "$data"/netlink/packet.bin "$data"/netlink/netlink.bin
seed rtnl_route "$data"/rtnl/*.bin
seed ctnetlink "$data"/ctnetlink/*.bin
for f in tcp tcp6 udp udp6 udplite udplite6 raw raw6 icmp icmp6 unix unix_newlines packet netlink; do
    seed proc_sockets "$data/proc/$f"
done
seed proc_sockets /proc/net/sctp/eps /proc/net/sctp/assocs
mkdir -p "$c/proc_sockets"
printf ' ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS\nffff8881 ffff8882 2   10  29   5000      0 12345 127.0.0.1 10.0.0.1 \n' \
    > "$c/proc_sockets/sctp-eps-inline"
printf ' ASSOC     SOCK   STY SST ST HBKT ASSOC-ID TX_QUEUE RX_QUEUE UID INODE LPORT RPORT LADDRS <-> RADDRS HBINT INS OUTS MAXRT T1X T2X RTXC wmema wmemq sndbuf rcvbuf\nffff8885 ffff8886 2   1   3  0       1      100      200     0 12347 5000  40000  10.0.0.1 *127.0.0.1 <-> *127.0.0.1 10.0.0.1 \t   30000    10    10   10    0    0        0        1        0   212992   212992\n' \
    > "$c/proc_sockets/sctp-assocs-inline"
seed proc_net "$data"/proc/net_dev "$data"/proc/if_inet6 "$data"/proc/igmp "$data"/proc/igmp6 \
    "$data"/rtnl/proc_net_route "$data"/rtnl/proc_net_ipv6_route
seed proc_misc /proc/net/snmp /proc/net/netstat /proc/net/snmp6 /proc/net/sctp/snmp \
    "$data"/proc/nf_conntrack /proc/self/mountinfo /proc/self/cmdline \
    /proc/sys/net/ipv4/ip_local_port_range
mkdir -p "$c/proc_misc"
printf 'socket:[12345]' > "$c/proc_misc/fd-link-inline"
mkdir -p "$c/filter_parser"
printf 'state established ( dport = :ssh or sport = :http ) and dst 10.0.0.0/8' \
    > "$c/filter_parser/inline"
