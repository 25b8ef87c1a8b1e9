"""harness.py - drive the real outguard binary on loopback for the
integration tests.

One Env per test: a temporary folder with a self-signed certificate made
by the openssl CLI, an outguard.yaml, accounts made with the real `outguard
user` command, a next hop (Postfix's smtp-sink writing one file per
message, or ScriptSink, a small scripted SMTP server for exact replies and
exact bytes) and `outguard serve` as a child process whose stderr goes to
a log file.  At the end of the test the daemon gets SIGTERM and must exit
0 with no sanitizer report in its log.

Everything listens on 127.0.0.1 only, on ports found by binding port 0.
Waiting is done by polling with a deadline, never by fixed sleeps.

Environment: OUTGUARD (the binary), SMTP_SINK, SWAKS, TOP_SRCDIR, as
`make check` sets them.
"""

import atexit
import base64
import glob
import json
import os
import pwd
import re
import shutil
import signal
import smtplib
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get("TOP_SRCDIR") or os.path.dirname(
    os.path.dirname(HERE))
OUTGUARD = os.environ.get("OUTGUARD") or os.path.join(
    TOP_SRCDIR, "build", "outguard")
SMTP_SINK = os.environ.get("SMTP_SINK") or shutil.which("smtp-sink") or \
    "/usr/sbin/smtp-sink"
SWAKS = os.environ.get("SWAKS") or shutil.which("swaks") or "swaks"
OPENSSL = shutil.which("openssl") or "openssl"

HOSTNAME = "mx.test"
LOCAL = "127.0.0.1"
TIMEOUT = 10  # seconds, for any single network wait

# What a sanitizer or the daemon prints when something is badly wrong.
SANITIZER_MARKS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",
    "SUMMARY: UndefinedBehaviorSanitizer",
    "WARNING: ThreadSanitizer",
)

# All temporary folders of one run live under ROOT; the runner removes it
# when everything passed and keeps it (and says so) otherwise.
ROOT = tempfile.mkdtemp(prefix="og-it-")
os.chmod(ROOT, 0o755)  # the privilege-drop test needs to traverse it
KEEP_ROOT = [False]


def _cleanup_root():
    if not KEEP_ROOT[0] and not os.environ.get("OG_KEEP"):
        shutil.rmtree(ROOT, ignore_errors=True)


atexit.register(_cleanup_root)


# ---------------------------------------------------------------- helpers

# Ports come from below the kernel's ephemeral range (32768-60999 on
# Linux), where no client connection's own end can take one, and from a
# block of their own per worker process (runtests.py numbers them): a
# port is chosen when an env is made and bound only when its daemon
# starts, and two workers asking the kernel for "any free port" in that
# interval could be handed the same one.
PORT_FIRST = 20000
PORT_BLOCK = 1000
PORT_BLOCKS = 12
_ports = {"block": 0, "next": 0}


def set_port_block(n):
    _ports["block"] = n % PORT_BLOCKS
    _ports["next"] = 0


def free_port():
    """A TCP port on 127.0.0.1 that nobody uses right now, from this
    process' block."""
    base = PORT_FIRST + _ports["block"] * PORT_BLOCK
    for _ in range(PORT_BLOCK):
        port = base + _ports["next"] % PORT_BLOCK
        _ports["next"] += 1
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind((LOCAL, port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port in %d-%d" % (base,
                                                   base + PORT_BLOCK - 1))


def wait_for(pred, timeout=5.0, interval=0.05, what="condition"):
    """Poll pred() until it returns something true; that value, or
    AssertionError after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.1fs waiting for %s"
                                 % (timeout, what))
        time.sleep(interval)


def port_open(port):
    try:
        with socket.create_connection((LOCAL, port), timeout=0.5):
            return True
    except OSError:
        return False


def insecure_tls_context():
    """Client context for a self-signed server certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def b64(s):
    if isinstance(s, str):
        s = s.encode()
    return base64.b64encode(s).decode()


def plain_token(user, password, authz=""):
    return b64("%s\0%s\0%s" % (authz, user, password))


def slurp(path, mode="r"):
    """The whole content of a file (str, or bytes with mode "rb")."""
    with open(path, mode) as f:
        return f.read()


def sanitizer_problems(text):
    return [m for m in SANITIZER_MARKS if m in text]


_cert_cache = {}


def make_cert(kind="ec"):
    """A self-signed certificate and key for CN=mx.test, made once per run
    for each kind: "ec" (ECDSA P-256) or "rsa" (RSA-2048)."""
    if kind in _cert_cache:
        return _cert_cache[kind]
    d = os.path.join(ROOT, "cert-" + kind)
    os.makedirs(d, exist_ok=True)
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    if kind == "ec":
        newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
    elif kind == "rsa":
        newkey = ["-newkey", "rsa:2048"]
    else:
        raise ValueError(kind)
    subprocess.run([OPENSSL, "req", "-x509", *newkey, "-nodes", "-days",
                    "2", "-subj", "/CN=" + HOSTNAME, "-keyout", key,
                    "-out", cert], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    os.chmod(key, 0o644)  # readable after a privilege drop, test only
    _cert_cache[kind] = (cert, key)
    return cert, key


def yaml_dump(value, indent=0):
    """A small YAML writer for the config: mappings, lists, scalars.
    Strings are written double-quoted (JSON escapes are valid YAML)."""
    pad = "  " * indent
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                out.append("%s%s:\n%s" % (pad, k, yaml_dump(v, indent + 1)))
            else:
                out.append("%s%s: %s\n" % (pad, k, yaml_scalar(v)))
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, dict):
                inner = yaml_dump(v, indent + 1).lstrip()
                out.append("%s- %s" % (pad, inner))
            else:
                out.append("%s- %s\n" % (pad, yaml_scalar(v)))
    else:
        out.append(pad + yaml_scalar(value) + "\n")
    return "".join(out)


def yaml_scalar(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return json.dumps(str(v))


def deep_merge(base, over):
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            deep_merge(base[k], v)
        elif v is None:
            base.pop(k, None)
        else:
            base[k] = v
    return base


# ------------------------------------------------------------- next hops

class SinkMessage:
    """One smtp-sink dump file: its envelope records and the message."""

    def __init__(self, path, raw):
        self.path = path
        self.raw = raw
        lines = raw.split(b"\n")
        self.records = []
        i = 0
        # smtp-sink's own records, then its three-line Received header
        while i < len(lines) and not lines[i].startswith(b"Received: "):
            k, _, v = lines[i].decode("latin-1").partition(": ")
            self.records.append((k, v))
            i += 1
        i += 3
        body = b"\n".join(lines[i:])
        # smtp-sink ends each dump with one empty line of its own
        if body.endswith(b"\n\n"):
            body = body[:-1]
        self.message = body  # LF line ends, as smtp-sink writes them

    def record(self, key):
        return [v for k, v in self.records if k == key]

    @property
    def mail_from(self):
        return self.record("X-Mail-Args")[0]

    @property
    def rcpts(self):
        return self.record("X-Rcpt-Args")

    def headers(self):
        """(name, value) pairs of the message header, unfolded."""
        head = self.message.split(b"\n\n", 1)[0].decode("latin-1")
        out = []
        for line in head.split("\n"):
            if line[:1] in (" ", "\t") and out:
                out[-1] = (out[-1][0], out[-1][1] + " " + line.strip())
            elif line:
                k, _, v = line.partition(":")
                out.append((k, v.strip()))
        return out

    def header(self, name):
        return [v for k, v in self.headers() if k.lower() == name.lower()]


class SmtpSink:
    """Postfix's smtp-sink as next hop, one dump file per transaction."""

    def __init__(self, directory, port=None, extra_args=()):
        self.dir = directory
        os.makedirs(self.dir, exist_ok=True)
        self.port = port or free_port()
        self.extra_args = list(extra_args)
        self.proc = None

    def start(self):
        if not os.access(SMTP_SINK, os.X_OK):
            # a failure, not a skip: the suite must not pass without it
            raise AssertionError("smtp-sink not found (%s): install "
                                 "postfix" % SMTP_SINK)
        args = [SMTP_SINK]
        if os.geteuid() == 0:
            args += ["-u", "root"]
        args += self.extra_args + ["-d", os.path.join(self.dir, "m."),
                                   "%s:%d" % (LOCAL, self.port), "100"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        wait_for(lambda: self.proc.poll() is not None or
                 port_open(self.port), what="smtp-sink to listen")
        if self.proc.poll() is not None:
            raise AssertionError("smtp-sink did not start")
        return self

    def stop(self, sig=signal.SIGTERM):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self):
        self.stop(signal.SIGKILL)

    def files(self):
        try:
            names = os.listdir(self.dir)
        except FileNotFoundError:
            return []
        return sorted(os.path.join(self.dir, n) for n in names)

    def messages(self):
        out = []
        for p in self.files():
            with open(p, "rb") as f:
                out.append(SinkMessage(p, f.read()))
        out.sort(key=lambda m: os.stat(m.path).st_mtime_ns)
        return out

    def wait_messages(self, n, timeout=5.0):
        """At least n complete dumps (closed: smtp-sink ends each with an
        empty line, and the size stays put)."""
        last = {}

        def ready():
            files = self.files()
            if len(files) < n:
                return None
            sizes = {p: os.path.getsize(p) for p in files}
            stable = sizes == last.get("s")
            last["s"] = sizes
            if not stable:
                return None
            msgs = self.messages()
            if all(m.raw.endswith(b"\n\n") for m in msgs):
                return msgs
            return None

        return wait_for(ready, timeout, what="%d message(s) at smtp-sink"
                        % n)


class ScriptSink:
    """A scripted SMTP next hop: per-recipient replies, exact bytes.

    rcpt_replies maps a recipient address (without <>) to the full reply
    line to give it, e.g. "550 5.1.1 <x@y>: no such user"; every other
    recipient gets 250; mail_replies does the same for senders.  Without
    eightbit it does not announce 8BITMIME.  Each completed transaction is
    recorded as a dict {helo, mail, rcpts, data} with data as the exact
    bytes received, dot-unstuffed, CRLF kept."""

    def __init__(self, port=None, rcpt_replies=None, data_reply=None,
                 mail_replies=None, eightbit=True):
        self.port = port or free_port()
        self.rcpt_replies = dict(rcpt_replies or {})
        self.mail_replies = dict(mail_replies or {})
        self.eightbit = eightbit
        self.data_reply = data_reply or "250 2.0.0 Ok: queued as SCRIPT"
        self.transactions = []
        self.commands = []
        self.lock = threading.Lock()
        self.sock = None
        self.threads = []
        self.stopping = False

    def start(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((LOCAL, self.port))
        self.sock.listen(16)
        t = threading.Thread(target=self._accept_loop, daemon=True)
        t.start()
        self.threads.append(t)
        return self

    def stop(self):
        self.stopping = True
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
            self.sock = None

    def _accept_loop(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._session, args=(conn,),
                                 daemon=True)
            t.start()

    def _session(self, conn):
        f = conn.makefile("rb")

        def send(line):
            conn.sendall(line.encode() + b"\r\n")

        helo, mail, rcpts = None, None, []
        try:
            send("220 script.test ESMTP scripted next hop")
            while True:
                line = f.readline()
                if not line:
                    return
                cmd = line.decode("latin-1").rstrip("\r\n")
                with self.lock:
                    self.commands.append(cmd)
                verb = cmd.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    helo = cmd[5:]
                    send("250-script.test")
                    send("250-PIPELINING")
                    send("250-SIZE 100000000")
                    if self.eightbit:
                        send("250-8BITMIME")
                    send("250 ENHANCEDSTATUSCODES")
                elif verb == "HELO":
                    helo = cmd[5:]
                    send("250 script.test")
                elif verb == "MAIL":
                    mail, rcpts = cmd[10:].split(" ")[0], []
                    reply = self.mail_replies.get(mail.strip("<>"))
                    if reply is None:
                        send("250 2.1.0 Ok")
                    else:
                        send(reply)
                        mail = None
                elif verb == "RCPT":
                    addr = cmd[8:].split(" ")[0].strip("<>")
                    reply = self.rcpt_replies.get(addr)
                    if reply is None:
                        rcpts.append(addr)
                        send("250 2.1.5 Ok")
                    else:
                        send(reply)
                elif verb == "DATA":
                    if not rcpts:
                        send("554 5.5.1 Error: no valid recipients")
                        continue
                    send("354 End data with <CR><LF>.<CR><LF>")
                    data = []
                    while True:
                        dl = f.readline()
                        if not dl:
                            return
                        if dl == b".\r\n":
                            break
                        if dl.startswith(b"."):
                            dl = dl[1:]
                        data.append(dl)
                    with self.lock:
                        self.transactions.append({
                            "helo": helo, "mail": mail,
                            "rcpts": list(rcpts), "data": b"".join(data)})
                    mail, rcpts = None, []
                    send(self.data_reply)
                elif verb == "RSET":
                    mail, rcpts = None, []
                    send("250 2.0.0 Ok")
                elif verb == "NOOP":
                    send("250 2.0.0 Ok")
                elif verb == "QUIT":
                    send("221 2.0.0 Bye")
                    return
                else:
                    send("502 5.5.2 Error: command not recognized")
        except OSError:
            return
        finally:
            f.close()
            conn.close()

    def wait_transactions(self, n, timeout=5.0):
        def ready():
            with self.lock:
                return list(self.transactions) if len(
                    self.transactions) >= n else None
        return wait_for(ready, timeout, what="%d transaction(s)" % n)


# ------------------------------------------------------------- clients

def events(env):
    """Every event-log line of the env (state_dir/events/*.jsonl),
    parsed, oldest first."""
    out = []
    for path in sorted(glob.glob(os.path.join(env.state_dir, "events",
                                              "*.jsonl"))):
        with open(path) as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return out


def incident_of(msg):
    """The incident id of a reply text ("... (incident 1a2b3c4d)")."""
    if isinstance(msg, bytes):
        msg = msg.decode("latin-1")
    m = re.search(r"\(incident ([0-9a-f]{8})\)", msg)
    return m and m.group(1)


UNBOUND = shutil.which("unbound") or "/usr/sbin/unbound"


class LocalDns:
    """unbound on 127.0.0.1 answering the given zones from local-data
    only (static zones: any other name in them is NXDOMAIN). Records are
    zone-file lines without the final dot convention handled here:
    add("host.example.net", "MX", "10 mail.example.net.")."""

    def __init__(self, directory, zones):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.zones = list(zones)
        self.port = free_port()
        self.records = []  # (owner, type, rdata)
        self.proc = None
        self.log_path = os.path.join(directory, "unbound.log")

    def add(self, owner, rtype, rdata):
        self.records.append((owner.rstrip("."), rtype, rdata))

    def set_txt(self, owner, strings):
        """owner's TXT record, replacing any it had"""
        owner = owner.rstrip(".")
        self.records = [r for r in self.records
                        if not (r[0] == owner and r[1] == "TXT")]
        self.add(owner, "TXT", " ".join('"%s"' % x for x in strings))

    def server(self):
        """the value for resolver.servers"""
        return "%s@%d" % (LOCAL, self.port)

    def _write_conf(self):
        lines = ["server:", "  interface: 127.0.0.1",
                 "  port: %d" % self.port, "  do-daemonize: no",
                 '  chroot: ""', '  username: ""',
                 '  directory: "%s"' % self.dir, '  pidfile: ""',
                 '  logfile: ""', "  use-syslog: no", "  verbosity: 1",
                 "  do-ip6: no", "  num-threads: 1",
                 "  access-control: 127.0.0.0/8 allow",
                 '  module-config: "iterator"']
        for zone in self.zones:
            lines.append('  local-zone: "%s." static' % zone.rstrip("."))
        for owner, rtype, rdata in self.records:
            lines.append("  local-data: '%s. 60 IN %s %s'" % (
                owner, rtype, rdata))
        lines += ["remote-control:", "  control-enable: no", ""]
        path = os.path.join(self.dir, "unbound.conf")
        with open(path, "w") as f:
            f.write("\n".join(lines))
        return path

    def start(self):
        conf = self._write_conf()
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([UNBOUND, "-d", "-c", conf],
                                     stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log)
        wait_for(lambda: self.proc.poll() is not None or
                 port_open(self.port), 10, what="unbound to listen")
        if self.proc.poll() is not None:
            raise AssertionError("unbound exited %d:\n%s" % (
                self.proc.returncode, open(self.log_path).read()))

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None
            self.log.close()

    def restart(self):
        self.stop()
        self.start()


RELOAD_RX = re.compile(r"reload \(users_dir changed\)")


class RawSMTP:
    """A line-level SMTP client on a plain socket, for what smtplib hides:
    pipelining, bytes after STARTTLS, bare LFs."""

    def __init__(self, port, timeout=TIMEOUT, tls=False):
        self.sock = socket.create_connection((LOCAL, port), timeout=timeout)
        self.buf = b""
        if tls:
            self.sock = insecure_tls_context().wrap_socket(self.sock)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed by the server")
        self.buf += chunk

    def readline(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode("latin-1")

    def reply(self):
        """One complete (multi-line) reply: (code, [text lines])."""
        lines = []
        while True:
            line = self.readline()
            lines.append(line)
            if len(line) < 4 or line[3] != "-":
                break
        return int(lines[0][:3]), [l[4:] for l in lines]

    def cmd(self, line):
        self.send(line + "\r\n")
        return self.reply()

    def greeting(self):
        code, text = self.reply()
        assert code == 220, (code, text)
        return text

    def ehlo(self, name="client.test"):
        code, lines = self.cmd("EHLO " + name)
        assert code == 250, (code, lines)
        return lines

    def starttls(self):
        code, text = self.cmd("STARTTLS")
        assert code == 220, (code, text)
        return self.handshake()

    def handshake(self):
        """TLS handshake now; returns what was read but not used before."""
        leftover = self.buf
        self.buf = b""
        self.sock = insecure_tls_context().wrap_socket(self.sock)
        return leftover

    def read_available(self, wait=0.3):
        """Whatever arrives within `wait` seconds (b"" if nothing)."""
        if self.buf:
            data, self.buf = self.buf, b""
            return data
        self.sock.settimeout(wait)
        try:
            return self.sock.recv(65536)
        except (socket.timeout, ssl.SSLWantReadError):
            return b""
        finally:
            self.sock.settimeout(TIMEOUT)

    def read_until_closed(self, timeout=TIMEOUT):
        """All reply lines until the server closes (or timeout)."""
        deadline = time.monotonic() + timeout
        lines = []
        while time.monotonic() < deadline:
            try:
                lines.append(self.readline())
            except (EOFError, ConnectionResetError, ssl.SSLError):
                break
            except socket.timeout:
                break
        return lines


def smtp_client(port, tls=True, ehlo=True, timeout=TIMEOUT):
    """smtplib client; with tls, STARTTLS and the EHLO after it."""
    s = smtplib.SMTP(LOCAL, port, local_hostname="client.test",
                     timeout=timeout)
    if ehlo:
        s.ehlo()
    if tls:
        s.starttls(context=insecure_tls_context())
        s.ehlo()
    return s


def smtp_auth(s, mech, user, password, initial_response=True):
    """AUTH with one mechanism exactly (smtplib.login would try several);
    raises smtplib.SMTPAuthenticationError on failure."""
    s.user, s.password = user, password
    auth_object = {"PLAIN": s.auth_plain, "LOGIN": s.auth_login}[mech]
    return s.auth(mech, auth_object, initial_response_ok=initial_response)


def make_message(subject="test", sender="alice@example.com",
                 to="bob@example.net", body=None, extra_headers=()):
    """A message as bytes with CRLF line ends; ends with CRLF."""
    head = [
        "From: <%s>" % sender,
        "To: <%s>" % to,
        "Subject: %s" % subject,
        "Date: Thu, 01 Jan 2026 00:00:00 +0000",
        "Message-ID: <%s.%d@client.test>" % (
            re.sub(r"\W", "", subject)[:20], time.time_ns()),
        *extra_headers,
    ]
    if body is None:
        body = ["Hello,", "", "this is line one.",
                ".a line that starts with a dot",
                "..two dots", "trailing space ",
                "\ttab at start", "", "-- ", "end"]
    text = "\r\n".join(head) + "\r\n\r\n" + "\r\n".join(body) + "\r\n"
    return text.encode()


def dot_stuff(msg):
    """The message as sent after DATA by hand (RFC 5321 4.5.2)."""
    return re.sub(rb"(?m)^\.", b"..", msg)


def run_swaks(port, *args, timeout=30):
    """swaks against outguard with STARTTLS; (exit status, output)."""
    cmd = [SWAKS, "--server", "%s:%d" % (LOCAL, port), "--helo",
           "client.test", "--timeout", "15", *args]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def swaks_as(port, user, password, *args):
    """swaks with STARTTLS and AUTH PLAIN as user, from user to
    bob@example.net, plus args; (exit status, output)."""
    return run_swaks(port, "--tls", "--auth", "PLAIN", "--auth-user", user,
                     "--auth-password", password, "--from", user, "--to",
                     "bob@example.net", *args)


# ---------------------------------------------------------------- the env

class Env:
    """One daemon, its config, accounts and next hop, in its own folder."""

    def __init__(self, name, cert="ec", config=None, listen=("starttls",),
                 sink="smtp-sink", rcpt_replies=None, sink_args=()):
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=ROOT)
        os.chmod(self.dir, 0o755)
        self.cfg_path = os.path.join(self.dir, "outguard.yaml")
        self.log_path = os.path.join(self.dir, "outguard.log")
        self.state_dir = os.path.join(self.dir, "state")
        self.users_dir = os.path.join(self.dir, "users.d")
        self.cert, self.key = make_cert(cert)
        self.ports = {}
        self.listeners = []
        for kind in listen:
            port = free_port()
            self.listeners.append({"address": "%s:%d" % (LOCAL, port),
                                   "tls": kind})
            self.ports.setdefault(kind, port)
        self.port = self.ports[listen[0]]
        self.sink = None
        self.next_hop_port = free_port()
        if sink == "smtp-sink":
            self.sink = SmtpSink(os.path.join(self.dir, "sink"),
                                 self.next_hop_port, sink_args)
        elif sink == "script":
            self.sink = ScriptSink(self.next_hop_port, rcpt_replies)
        self.config = {
            "hostname": HOSTNAME,
            "run_as": "",
            "state_dir": self.state_dir,
            "users_dir": self.users_dir,
            "listen": self.listeners,
            "tls": {"certificate": self.cert, "key": self.key},
            "relay": {"next_hop": "smtp://%s:%d" % (LOCAL,
                                                    self.next_hop_port),
                      "connect_timeout": "5s", "timeout": "10s"},
            "auth": {"failure_delay": "0s"},
        }
        if config:
            deep_merge(self.config, config)
        self.write_config()
        self.proc = None
        self.log_file = None
        self.stopped_rc = None

    # -- files
    def write_config(self, config=None, text=None):
        if text is None:
            text = yaml_dump(config if config is not None else self.config)
        tmp = self.cfg_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.cfg_path)

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait_log(self, pattern, timeout=5.0, count=1):
        """Wait until the daemon log matches the regex `count` times."""
        rx = re.compile(pattern)
        return wait_for(lambda: len(rx.findall(self.log())) >= count,
                        timeout, what="log line /%s/" % pattern)

    # -- the CLI
    def cli(self, *args, input=None, check=True, config=None):
        """Run `outguard -c CFG ARGS`; CompletedProcess (text)."""
        cmd = [OUTGUARD, "-c", config or self.cfg_path, *args]
        p = subprocess.run(cmd, input=input, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=30)
        bad = sanitizer_problems(p.stderr)
        if bad:
            raise AssertionError("sanitizer report from %s: %s\n%s"
                                 % (" ".join(args), bad, p.stderr))
        if check and p.returncode != 0:
            raise AssertionError("%s exited %d: %s" % (
                " ".join(cmd), p.returncode, p.stderr.strip()))
        return p

    def add_user(self, account, password=None, *kv):
        """`outguard user add`; with the daemon running, also wait until
        it has read users_dir again (it looks once a second, later on a
        loaded machine), so the account can log in at once"""
        if password is None:
            return self.user_change("add", account, *kv)
        return self.user_change("add", account, "--password-stdin", *kv,
                                input=password + "\n")

    def user_change(self, *args, **kw):
        """`outguard user ARGS` that edits users_dir; with the daemon
        running, wait until it has read the folder again: a change made
        next must not be taken for read by this one's reload"""
        running = self.proc is not None and self.proc.poll() is None
        reloads = len(RELOAD_RX.findall(self.log())) if running else 0
        p = self.cli("user", *args, **kw)
        if running:
            wait_for(lambda: len(RELOAD_RX.findall(self.log())) > reloads,
                     15, what="the daemon to read users_dir again")
        return p

    # -- the daemon
    def start(self, start_sink=True):
        if self.sink is not None and start_sink:
            self.sink.start()
        self.log_file = open(self.log_path, "ab")
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        self.proc = subprocess.Popen(
            [OUTGUARD, "-c", self.cfg_path, "serve"],
            stdin=subprocess.DEVNULL, stdout=self.log_file,
            stderr=self.log_file, env=env)
        wait_for(lambda: self.proc.poll() is not None or
                 "ready: " in self.log(), 10,
                 what="outguard to be ready")
        if self.proc.poll() is not None:
            raise AssertionError("outguard serve exited %d at start:\n%s"
                                 % (self.proc.returncode, self.log()))
        return self

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self):
        """SIGTERM; the daemon must exit 0 with a clean log."""
        if self.proc is None:
            return self.stopped_rc
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = "killed after 30s"
        self.proc = None
        self.log_file.close()
        self.stopped_rc = rc
        return rc

    def close(self):
        """Teardown: stop everything, then judge the daemon's exit."""
        rc = None
        try:
            rc = self.stop()
        finally:
            if self.sink is not None:
                self.sink.stop()
        log = self.log()
        bad = sanitizer_problems(log)
        if bad:
            raise AssertionError("sanitizer report in %s: %s\n%s"
                                 % (self.log_path, bad, log[-6000:]))
        if rc not in (None, 0):
            raise AssertionError("outguard serve exited %r, log %s:\n%s"
                                 % (rc, self.log_path, log[-4000:]))

    def final_messages(self):
        """Stop the daemon (it closes its next-hop connections), then what
        the next hop holds: only finished messages, as smtp-sink drops the
        file of a transaction its client abandoned."""
        self.stop()
        if not isinstance(self.sink, SmtpSink):
            return list(self.sink.transactions)
        state = {}

        def settled():
            msgs = self.sink.messages()
            if all(m.raw.endswith(b"\n\n") for m in msgs):
                state["msgs"] = msgs
                return True
            return False

        wait_for(settled, 3.0, what="smtp-sink to drop unfinished files")
        return state["msgs"]

    # -- convenience
    def smtp(self, tls=True, port=None):
        return smtp_client(port or self.port, tls=tls)

    def smtp_auth(self, user, password, mech="PLAIN", port=None):
        s = self.smtp(port=port)
        smtp_auth(s, mech, user, password)
        return s


class OGTestCase(unittest.TestCase):
    """A TestCase whose envs are stopped and judged at teardown."""

    def make_env(self, start=True, **kw):
        name = self.id().split(".")[-1][:40]
        env = Env(name, **kw)
        self.addCleanup(env.close)
        if start:
            env.start()
        return env

    def root_and_nobody(self):
        """the user nobody's passwd entry, for a test that starts the
        daemon as root and has it become nobody; skipped otherwise"""
        if os.geteuid() != 0:
            self.skipTest("needs root")
        try:
            return pwd.getpwnam("nobody")
        except KeyError:
            self.skipTest("no user nobody")

    def assertReply(self, reply, code, enh=None, text=None):
        """reply: (code, message) as smtplib gives, or an SMTP exception."""
        if isinstance(reply, smtplib.SMTPResponseException):
            reply = (reply.smtp_code, reply.smtp_error)
        got_code, msg = reply
        if isinstance(msg, bytes):
            msg = msg.decode("latin-1")
        if isinstance(msg, list):
            msg = "\n".join(msg)
        self.assertEqual(got_code, code, "reply was %r %r" % (got_code, msg))
        if enh is not None:
            self.assertTrue(msg.startswith(enh),
                            "expected %s in reply %r %r" % (enh, got_code,
                                                            msg))
        if text is not None:
            self.assertIn(text, msg)
