#!/bin/sh
# Print what the installed netstat says for `netstat ARGS` when /proc/net holds
# the files of directory DIR (snmp, netstat, snmp6, optionally sctp/snmp):
# a private mount namespace with a tmpfs over /proc, so netstat reads the
# copies. Root only.
#   sh run_netstat.sh DIR ARGS...
set -e
dir=$(cd "$1" && pwd); shift
exec unshare -m --propagation private sh -c '
  mount -t tmpfs none /proc
  mkdir -p /proc/net
  cp -r "$0"/. /proc/net/
  rm -f /proc/net/*.txt
  LC_ALL=C exec netstat "$@"
' "$dir" "$@"
