#!/bin/sh
# Re-record the expected outputs of both directories with the installed
# netstat (see README.md). live/: re-copy this machine's files first with
#   cp /proc/net/snmp /proc/net/netstat /proc/net/snmp6 live/
set -e
cd "$(dirname "$0")"
for d in live odd; do
  sh run_netstat.sh $d -s  > $d/netstat-s.txt
  sh run_netstat.sh $d -s -6 > $d/netstat-s6.txt
done
sh run_netstat.sh live -st > live/netstat-st.txt
sh run_netstat.sh live -su > live/netstat-su.txt
sh run_netstat.sh live -sw > live/netstat-sw.txt
sh run_netstat.sh live -sU > live/netstat-sU.txt
