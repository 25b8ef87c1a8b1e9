#!/bin/sh
# quickstart.sh - build outguard on Debian 12 and either run it on its
# embedded defaults or run the whole test suite.
#
#   ./quickstart.sh serve   install build dependencies (as root), build, and
#                           run the daemon in the foreground on 127.0.0.1:2587
#   ./quickstart.sh check   install build and test dependencies (as root),
#                           build with AddressSanitizer + UBSan, run make check
set -eu
cd "$(dirname "$0")"

BUILD_DEPS="build-essential autoconf automake pkg-config libssl-dev libyaml-dev libcrypt-dev libjson-c-dev libclamav-dev check openssl"
BUILD_DEPS="$BUILD_DEPS libunbound-dev libevent-dev nettle-dev libgmime-3.0-dev"
BUILD_DEPS="$BUILD_DEPS libspf2-dev"
# QR codes in images: zbar, and libpng and libjpeg to read the images
BUILD_DEPS="$BUILD_DEPS libzbar-dev libpng-dev libjpeg-dev"
# compressed object streams in PDF attachments, 7-Zip archives' headers
BUILD_DEPS="$BUILD_DEPS zlib1g-dev liblzma-dev"
# the Public Suffix List: a link host's registrable domain
BUILD_DEPS="$BUILD_DEPS libpsl-dev"
TEST_DEPS="swaks postfix python3 whois msmtp sslscan unbound python3-dkim python3-dnspython python3-nacl libmail-dkim-perl libnet-dns-perl libcryptx-perl"
# the HTML report is rendered in headless Chromium by test_report
TEST_DEPS="$TEST_DEPS chromium"
TEST_DEPS="$TEST_DEPS spamassassin spamc rspamd"
# bench/modern's sets, which test_modern scores, make an encrypted zip
TEST_DEPS="$TEST_DEPS zip"

need_install() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || { echo "$p"; }
	done
}

install_deps() {
	missing=$(need_install "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "quickstart: missing packages: $missing (run as root to install them)" >&2
		exit 1
	fi
	echo "quickstart: installing $missing"
	# postfix is only wanted for its smtp-sink test server: no mail system
	echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# spamd came with the spamassassin package until Debian 12's 4.0.1 update,
# which moved it to a package of its own
install_spamd() {
	[ -x /usr/sbin/spamd ] || install_deps spamd
}

build() {
	dir=$1; shift
	[ -x configure ] || autoreconf -fi >/dev/null
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ configure -nt "$dir/Makefile" ]; then
		(cd "$dir" && ../configure --enable-werror --sysconfdir=/etc \
		    --localstatedir=/var "$@" >/dev/null)
	fi
	make -s -C "$dir" -j"$(nproc)"
}

case "${1:-}" in
serve)
	install_deps $BUILD_DEPS swaks
	build build
	if [ "$(id -u)" = 0 ] && ! getent passwd outguard >/dev/null; then
		useradd --system --home-dir /var/lib/outguard --shell /usr/sbin/nologin outguard
	fi
	cat <<'MSG'

outguard starts on its embedded defaults: STARTTLS submission on
127.0.0.1:2587, a self-signed certificate, one account demo@example.com,
and accepted mail written to /var/lib/outguard/spool/new/. In another
terminal, send a mail through it:

  swaks --server 127.0.0.1:2587 --tls --auth PLAIN \
    --auth-user demo@example.com \
    --auth-password "$(cat /var/lib/outguard/demo-password)" \
    --from demo@example.com --to someone@example.net

  ls /var/lib/outguard/spool/new/

MSG
	exec ./build/outguard serve
	;;
check)
	install_deps $BUILD_DEPS $TEST_DEPS
	install_spamd
	build build-check --enable-sanitizers
	make -s -C build-check check || { cat build-check/test-suite.log 2>/dev/null | tail -100; exit 1; }
	# the closing lines of both runners: unit tests, then integration
	grep -h "Checks:" build-check/t/check_outguard.log | tail -1
	grep -hE "^[0-9]+ passed, [0-9]+ failed" build-check/t/integration/run.log | tail -1
	;;
*)
	echo "usage: $0 serve|check" >&2
	exit 2
	;;
esac
