#!/bin/sh
# Re-record the rtnetlink route dumps and /proc route files replayed by
# crates/sockscope/src/sys/linux/rtnl_route/replay_tests.rs. Root only; runs
# in a private network namespace (nothing on the host changes).
#   tests/data/rtnl/record.sh <path of the sockscope unittests executable>
# (find it with `cargo test -p sockscope --no-run`).
set -eu
exe=$1
SOCKSCOPE_RECORD=1 unshare -n sh -eu -c '
ip link set lo up
ip link add v0 type veth peer name v1
ip link set v0 up
ip addr add 10.9.0.2/24 dev v0
ip addr add 10.9.1.5/24 dev v1
ip addr add fd00:9::2/64 dev v0 nodad
ip route add default via 10.9.0.1
ip route add 192.168.77.0/24 via 10.9.0.254 metric 5
ip route add blackhole 10.66.0.0/16
ip route add unreachable 10.67.0.0/16
ip route add prohibit 10.68.0.0/16
ip route add throw 10.69.0.0/16
ip route add 10.9.0.77/32 dev v0
ip route add 10.0.0.0/8 via 10.9.0.1
ip route add 10.0.0.0/16 via 10.9.0.1
ip route add 10.0.0.0/16 via 10.9.0.2 metric 7
ip route add 10.70.0.0/16 nexthop via 10.9.0.1 nexthop via 10.9.0.3
ip route add 10.71.0.0/16 via 10.9.0.1 table 100
ip route add 10.72.0.0/16 via 10.9.0.1 advmss 1300
ip route add 172.16.5.0/24 via 10.9.0.1 mtu lock 1400 window 8000 rtt 30
ip -6 route add fd00:77::/48 via fd00:9::1
ip -6 route add default via fd00:9::1 metric 2048
ip -6 route add fd00:5::5/128 dev v0
ip -6 route add blackhole fd00:bad::/64
ip -6 route add unreachable fd00:bad:1::/64
ip -6 route add prohibit fd00:bad:2::/64
ip -6 route add fd00:71::/64 via fd00:9::1 table 100
ip -6 route add fd00:72::/64 via fd00:9::1 expires 300
ip -6 route add fd00:73::/64 via fd00:9::1 mtu 1300
"$0" --ignored --exact sys::linux::rtnl_route::replay_tests::record_rtnl --nocapture
' "$exe"
