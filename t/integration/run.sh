#!/bin/sh
# run.sh - the integration tests, run by `make check`: the built outguard
# on 127.0.0.1 against swaks, Python's smtplib and Postfix's smtp-sink.
#
# The environment (Makefile.am) gives OUTGUARD, PYTHON3, SMTP_SINK, SWAKS
# and TOP_SRCDIR.  Exit 77 (skipped) only when there is no python3; else
# the status of the tests, whose last line reads "N passed, N failed".
# Arguments select tests by name: t/integration/run.sh test_auth
here=$(cd "$(dirname "$0")" && pwd)
: "${TOP_SRCDIR:=$(cd "$here/../.." && pwd)}"
: "${PYTHON3:=python3}"
if ! command -v "$PYTHON3" >/dev/null 2>&1 ||
    ! "$PYTHON3" -c 'import sys; sys.exit(sys.version_info < (3, 8))' \
    >/dev/null 2>&1; then
	echo "integration: no usable python3 ($PYTHON3): skipped"
	exit 77
fi
export TOP_SRCDIR
# a hung test must not hang `make check`
if command -v timeout >/dev/null 2>&1; then
	exec timeout -k 10 1200 "$PYTHON3" "$here/runtests.py" "$@"
fi
exec "$PYTHON3" "$here/runtests.py" "$@"
