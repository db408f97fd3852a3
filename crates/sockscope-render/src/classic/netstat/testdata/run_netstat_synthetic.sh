#!/bin/sh
# usage: run_netstat_synthetic.sh ROOT netstat-args...  (root; see gen_synthetic.py)
# Runs netstat against a synthetic /proc and /etc in a private mount namespace.
r=$1; shift
exec unshare -m sh -c '
r=$0
for f in nsswitch.conf passwd hosts networks services protocols; do mount --bind "$r/etc/$f" "/etc/$f" || exit 1; done
mount -t tmpfs none /proc && mkdir /proc/net && cp "$r"/net/* /proc/net/ && cp -a "$r"/pids/* /proc/ || exit 1
exec env LC_ALL=C netstat "$@"' "$r" "$@"
