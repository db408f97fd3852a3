#!/usr/bin/env bash
# The README's test command: install what the tests run when it is missing
# (Debian packages, with apt-get, as root or through sudo), then run every
# test of the workspace. Extra arguments go to `cargo test`.
#
# What the tests run, and from which package:
#   netstat                        net-tools   (the reference for the differential tests)
#   ip, ss                         iproute2    (namespaces, veth labs; ss as a second reference)
#   nft                            nftables    (the -M test's SNAT rule)
#   setpriv, unshare, prlimit      util-linux  (unprivileged runs, private /proc, memory caps)
#   script                         bsdutils    (the pseudo-terminal colour test)
#   sysctl                         procps      (lab namespaces' settings)
#   yes, timeout, cat              coreutils
#
# The differential tests create network namespaces: run this as root. As
# root (or with CI set) a test that cannot create one fails, not skips.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "scripts/test.sh: need root to run: $*" >&2
        return 1
    fi
}

# "program package" pairs: the package is installed when the program is missing.
needs=(
    "netstat net-tools"
    "ip iproute2" "ss iproute2"
    "nft nftables"
    "setpriv util-linux" "unshare util-linux" "prlimit util-linux"
    "script bsdutils"
    "sysctl procps"
    "yes coreutils" "timeout coreutils"
)
missing=()
for pair in "${needs[@]}"; do
    program=${pair%% *}
    package=${pair#* }
    # sbin is not on every user's PATH (nft, sysctl live there).
    if ! PATH="$PATH:/usr/sbin:/sbin" command -v "$program" >/dev/null 2>&1; then
        case " ${missing[*]-} " in
            *" $package "*) ;;
            *) missing+=("$package") ;;
        esac
    fi
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "scripts/test.sh: installing ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --no-fail-fast: one failing test binary does not hide the others' results.
exec cargo test --workspace --no-fail-fast "$@"
