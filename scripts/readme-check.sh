#!/usr/bin/env bash
# The README's first screen, run as a newcomer runs it: a fresh `git clone`
# of this checkout's HEAD in a temporary directory, an empty target
# directory, and the commands copied from the README itself (so README and
# check cannot drift):
#   - the first ```sh block holds exactly two commands: the first must print
#     `netstat -tulpn`'s header and exit 0; the second (the tests) must pass;
#   - the second ```sh block (install, and the `netstat` link) is run with
#     HOME pointing into the temporary directory; the link must then answer
#     as netstat.
# Uncommitted changes are not seen: commit first. Arguments: none.
# .ci/run calls this; it is the only place CI runs the tests.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
head=$(git -C "$root" rev-parse HEAD)
work=$(mktemp -d "${TMPDIR:-/tmp}/sockscope-readme.XXXXXX")
trap 'rm -rf "$work"' EXIT

say() { echo "readme-check: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

# The n-th (1-based) ```sh block of README.md, comment-only and blank lines
# dropped.
block() {
    awk -v want="$1" '
        /^```sh[[:space:]]*$/ { n++; inside = (n == want); next }
        /^```/ { inside = 0; next }
        inside && !/^[[:space:]]*(#|$)/ { print }
    ' "$root/README.md"
}

mapfile -t first < <(block 1)
mapfile -t install < <(block 2)
[ "${#first[@]}" -eq 2 ] || fail "the README's first sh block must hold exactly two commands, it holds ${#first[@]}"
[ "${#install[@]}" -ge 1 ] || fail "the README has no second sh block (install)"

say "cloning HEAD ${head:0:12} into $work/sockscope"
git clone --quiet "$root" "$work/sockscope"
git -C "$work/sockscope" checkout --quiet --detach "$head"
cd "$work/sockscope"
# An empty target directory: nothing from the developer's builds.
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

say "\$ ${first[0]}"
bash -c "${first[0]}" >"$work/first.out" || fail "exit status $? from: ${first[0]}"
# The header lines are netstat's, whatever sockets the machine has.
want_header=$'Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    '
got_header=$(head -n 2 "$work/first.out")
[ "$got_header" = "$want_header" ] || {
    cat "$work/first.out" >&2
    fail "not netstat -tulpn's header: ${first[0]}"
}
say "ok: $(($(wc -l <"$work/first.out") - 2)) sockets listed"

# Install into a home of our own; cargo and rustup keep the real ones.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
fake_home="$work/home"
mkdir -p "$fake_home"
for line in "${install[@]}"; do
    say "\$ $line   (HOME=$fake_home)"
    HOME="$fake_home" CARGO_INSTALL_ROOT="$fake_home/.cargo" bash -c "$line" \
        || fail "exit status $? from: $line"
done
link="$fake_home/.local/bin/netstat"
[ -x "$link" ] || fail "the install block made no $link"
"$link" -V | grep -q '(invoked as netstat)' || fail "$link does not answer as netstat"
"$link" -tulpn | head -n 2 | cmp -s - <(printf '%s\n' "$want_header") \
    || fail "$link -tulpn does not print netstat's header"
say "ok: installed; $link answers as netstat"

say "\$ ${first[1]}"
bash -c "${first[1]}" || fail "exit status $? from: ${first[1]}"
say "ok: both commands of the README work from a fresh clone"
