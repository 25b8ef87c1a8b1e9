# bench/lib.sh - what the bench scripts share, sourced by them: a temporary
# folder, free loopback ports, outguard's configuration, smtp-sink as the
# next hop and the daemon, all stopped and removed on exit.
#
# BENCH_KEEP=1 in the environment keeps the folder (to read the daemon's
# log, e.g. a sanitizer build's leak report after it stopped).
#
# The sourcing script sets bin (the outguard binary) before bench_setup
# and may set extra_yaml (appended to the configuration) and max_conn
# (the connection limits, 2000) and ip_account=no (no IP account for
# 127.0.0.1: clients that connect from there must log in).

PATH=$PATH:/usr/sbin
sinkpid="" ogpid="" work=""

bench_cleanup() {
	set +e	# wait returns the killed process' status
	[ -n "$ogpid" ] && kill "$ogpid" 2>/dev/null && wait "$ogpid" 2>/dev/null
	[ -n "$sinkpid" ] && kill "$sinkpid" 2>/dev/null && wait "$sinkpid" 2>/dev/null
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: kept $work (outguard.log: the daemon's messages)" >&2
	elif [ -n "$work" ]; then
		rm -rf "$work"
	fi
	return 0
}

# freeports N - N distinct free loopback ports
freeports() {
	python3 -c 'import socket, sys
s = [socket.socket() for _ in range(int(sys.argv[1]))]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))' "$1"
}

# bench_need TOOL... - fail unless every tool is installed
bench_need() {
	for tool in "$@"; do
		command -v "$tool" >/dev/null || {
			echo "bench: $tool not found (see bench/README.md)" >&2; exit 1; }
	done
	[ -x "$bin" ] || { echo "bench: no outguard binary at $bin (build first or use -b)" >&2; exit 1; }
}

# bench_setup LISTEN-TLS - work dir, ports, outguard.yaml, the IP account
# 127.0.0.1/32 without limits; LISTEN-TLS is none or starttls
bench_setup() {
	work=$(mktemp -d /tmp/og-bench.XXXXXX)
	trap bench_cleanup EXIT
	trap 'exit 1' INT TERM
	set -- "$1" $(freeports 2)
	sinkport=$2 ogport=$3
	mkdir -p "$work/users" "$work/state"
	cat > "$work/outguard.yaml" <<YAML
hostname: bench.outguard.test
state_dir: $work/state
users_dir: $work/users
run_as: ""
listen:
  - { address: "127.0.0.1:$ogport", tls: $1 }
relay: { next_hop: "smtp://127.0.0.1:$sinkport" }
limits: { max_connections: ${max_conn:-2000}, max_connections_per_ip: ${max_conn:-2000} }
checks:
  antivirus: { enabled: false }
  # smtp-source sends one text to everybody: a campaign by definition;
  # the fingerprints are computed, bulk refusals are off
  fingerprint: { bulk_accounts: 0, bulk_recipients: 0 }
dkim: { keys_dir: $work/dkim }
${extra_yaml:-}
YAML
	[ "${ip_account:-yes}" = no ] ||
	"$bin" -c "$work/outguard.yaml" user add 127.0.0.1/32 require_from_domain=example.com \
		messages_per_minute=0 messages_per_hour=0 max_recipients_per_day=0 >/dev/null
}

wait_port() {
	python3 - "$1" <<'PY'
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); break
    except OSError:
        time.sleep(0.05)
PY
}

start_sink() { # [smtp-sink options]
	smtp-sink -c -u "$(id -un)" "$@" 127.0.0.1:$sinkport 1024 > "$work/sink.out" 2>&1 &
	sinkpid=$!
	wait_port "$sinkport"
}
# stop_sink - stop it, print how many messages it took
stop_sink() {
	kill "$sinkpid"; wait "$sinkpid" 2>/dev/null || true; sinkpid=""
	tr '\r' '\n' < "$work/sink.out" | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1
}

start_og() {
	echo "--- start" >> "$work/outguard.log"
	"$bin" -c "$work/outguard.yaml" serve 2>> "$work/outguard.log" &
	ogpid=$!
	wait_port "$ogport"
	kill -0 "$ogpid" 2>/dev/null || {
		echo "bench: outguard did not start:" >&2; cat "$work/outguard.log" >&2; exit 1; }
}
stop_og() {
	kill "$ogpid"; wait "$ogpid" 2>/dev/null || true; ogpid=""
}

# rss PID - resident set size in kB
rss() {
	sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status"
}

# cpu PID - user + system CPU time used so far, in seconds
cpu() {
	python3 -c 'import os, sys
f = open("/proc/%s/stat" % sys.argv[1]).read().rsplit(")", 1)[1].split()
print((int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK"))' "$1"
}

median() {
	python3 -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:]), 3))" "$@"
}
