#!/bin/sh
# install_check.sh - `make install` honours --prefix, --sysconfdir and
# --localstatedir: a build configured with unusual folders is installed
# into a DESTDIR, and the files and the binary's compiled-in defaults
# (configuration file, users_dir, state_dir) must be under them.
#
#   t/install_check.sh [TOP_SRCDIR]      (run by .ci/run; ~2 minutes)
set -eu
top=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d /tmp/og-install-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
prefix=/opt/og-test sysconf=/etc/og-test localstate=/var/og-test
dest=$work/dest
fail() { echo "install_check: FAIL: $*" >&2; exit 1; }

mkdir "$work/build"
(cd "$work/build" && "$top/configure" --prefix=$prefix \
    --sysconfdir=$sysconf --localstatedir=$localstate >/dev/null &&
    make -s -j2 outguard >/dev/null && make -s install DESTDIR="$dest" >/dev/null)

for f in $prefix/sbin/outguard $prefix/share/man/man8/outguard.8 \
    $prefix/share/man/man5/outguard.yaml.5 \
    $sysconf/outguard/outguard.yaml.sample \
    $sysconf/outguard/users.d/example.com.yaml.sample; do
	[ -f "$dest$f" ] || fail "$f not installed"
done
bin=$dest$prefix/sbin/outguard
"$bin" --version >/dev/null || fail "the installed binary does not run"
# the compiled-in defaults: configuration file, users_dir, dkim.keys_dir,
# state_dir
for want in $sysconf/outguard/outguard.yaml $sysconf/outguard/users.d \
    $sysconf/outguard/dkim $localstate/lib/outguard; do
	strings "$bin" | grep -qx "$want" || fail "no default $want in $bin"
done
strings "$bin" | grep -qx "/etc/outguard/outguard.yaml" &&
    fail "/etc/outguard/outguard.yaml still compiled in"
echo "install_check: 1 passed, 0 failed"
