"""Faults and hostile input (issue 7, part 2): a next hop that dies in
the middle of DATA or answers too slowly, outguard killed with SIGKILL
under load, a full state file system, slow and idle clients, garbage, a
flood of recipients, an oversized DATA, command timeouts, pipelining
abuse and the SMTP smuggling sequences.

Each test asserts the behaviour that must hold, so it fails if that
behaviour regresses: what the client is told, what the next hop received,
and that the daemon's threads, descriptors and memory stay bounded (read
from /proc/PID).  Loops are bounded in count and time; everything is on
127.0.0.1.
"""

import errno
import glob
import json
import os
import re
import select
import signal
import smtplib
import socket
import struct
import shutil
import subprocess
import threading
import time
import unittest

from harness import (LOCAL, OUTGUARD, Env, OGTestCase, RawSMTP,
                     dot_stuff, make_message, plain_token, port_open,
                     slurp, smtp_auth, smtp_client, wait_for)

PASSWORD = "fault test password"
ALICE = "alice@example.com"
# policy without rate limits: the tests below count bytes, not mails
NO_LIMITS = {"messages_per_minute": 0, "messages_per_hour": 0,
             "max_recipients_per_day": 0, "rate_refusals_to_lock": 0}
# nor about message contents: the same text to thousands of recipients
# would be a bulk campaign to the fingerprint check
NO_CHECKS = {"fingerprint": {"enabled": False},
             "content": {"enabled": False}}


# ------------------------------------------------------------ /proc

def proc_status(pid):
    """/proc/PID/status as a dict of str; VmRSS, VmHWM in kB."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def rss_kb(pid):
    return int(proc_status(pid)["VmRSS"].split()[0])


def hwm_kb(pid):
    return int(proc_status(pid)["VmHWM"].split()[0])


def threads(pid):
    return int(proc_status(pid)["Threads"])


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def settled(pid, timeout=5.0):
    """(descriptors, threads) once two samples 0.3 s apart agree."""
    last = {}

    def same():
        now = (fd_count(pid), threads(pid))
        ok = now == last.get("v")
        last["v"] = now
        return now if ok else None

    return wait_for(same, timeout, 0.3, what="daemon to settle")


# ------------------------------------------------------------ next hop

class FaultSink:
    """A next hop whose behaviour a header line of the message chooses.

    "X-Fault: cut" makes it drop the connection (with a reset) as soon as
    that line arrives, the rest of the data unread; "X-Fault: slow N"
    makes it answer the end of data only after N seconds.  Any other
    message gets 250.  `transactions` holds the finished ones (data
    complete, recorded just before the 250), `connections` each
    connection's commands."""

    def __init__(self, port):
        self.port = port
        self.transactions = []
        self.connections = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.sock = None
        self.conns = []

    def start(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((LOCAL, self.port))
        self.sock.listen(64)
        threading.Thread(target=self._accept_loop, daemon=True).start()
        return self

    def stop(self):
        self.stopping.set()
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()
            self.sock = None
        with self.lock:
            conns = list(self.conns)
        for c in conns:
            try:
                c.close()
            except OSError:
                pass

    def _accept_loop(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.conns.append(conn)
            threading.Thread(target=self._session, args=(conn,),
                             daemon=True).start()

    def _session(self, conn):
        rec = {"commands": [], "closed_by_peer": False}
        with self.lock:
            self.connections.append(rec)
        f = conn.makefile("rb")

        def send(line):
            conn.sendall(line.encode() + b"\r\n")

        mail, rcpts = None, []
        try:
            send("220 fault.test ESMTP")
            while not self.stopping.is_set():
                line = f.readline()
                if not line:
                    rec["closed_by_peer"] = True
                    return
                cmd = line.decode("latin-1").rstrip("\r\n")
                rec["commands"].append(cmd)
                verb = cmd.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    send("250-fault.test")
                    send("250-PIPELINING")
                    send("250 8BITMIME")
                elif verb == "MAIL":
                    mail, rcpts = cmd[10:].split(" ")[0], []
                    send("250 2.1.0 Ok")
                elif verb == "RCPT":
                    rcpts.append(cmd[8:].split(" ")[0].strip("<>"))
                    send("250 2.1.5 Ok")
                elif verb == "DATA":
                    send("354 go ahead")
                    data, delay = [], 0.0
                    while True:
                        dl = f.readline()
                        if not dl:
                            rec["closed_by_peer"] = True
                            return
                        if dl == b".\r\n":
                            break
                        low = dl.lower()
                        if low.startswith(b"x-fault: cut"):
                            rec["cut"] = True
                            # a reset, as from a process that died
                            conn.setsockopt(socket.SOL_SOCKET,
                                            socket.SO_LINGER,
                                            struct.pack("ii", 1, 0))
                            return
                        if low.startswith(b"x-fault: slow "):
                            delay = min(float(dl.split()[2]), 30.0)
                        data.append(dl[1:] if dl.startswith(b".") else dl)
                    if delay:
                        self.stopping.wait(delay)
                    # recorded before the reply: a client that has the
                    # 250 must find the transaction here
                    with self.lock:
                        self.transactions.append({
                            "mail": mail, "rcpts": rcpts,
                            "data": b"".join(data)})
                    send("250 2.0.0 Ok: queued")
                    mail, rcpts = None, []
                elif verb == "RSET":
                    mail, rcpts = None, []
                    send("250 2.0.0 Ok")
                elif verb == "QUIT":
                    send("221 2.0.0 Bye")
                    return
                else:
                    send("250 2.0.0 Ok")
        except OSError:
            return
        finally:
            f.close()
            conn.close()

    def subjects(self):
        with self.lock:
            txs = list(self.transactions)
        out = []
        for tx in txs:
            m = re.search(rb"(?m)^Subject: (.*)\r$", tx["data"])
            out.append(m.group(1).decode() if m else None)
        return out


# ------------------------------------------------------------ clients

def session(env, auth=True):
    """RawSMTP on the plain listener after EHLO and AUTH."""
    c = RawSMTP(env.port)
    c.greeting()
    c.ehlo()
    if auth:
        code, text = c.cmd("AUTH PLAIN " + plain_token(ALICE, PASSWORD))
        assert code == 235, (code, text)
    return c


def begin(c, rcpts=("bob@example.net",)):
    """MAIL, RCPT..., DATA pipelined; asserts 250s and 354."""
    c.send("MAIL FROM:<%s>\r\n" % ALICE +
           "".join("RCPT TO:<%s>\r\n" % r for r in rcpts) + "DATA\r\n")
    codes = [c.reply()[0] for _ in range(len(rcpts) + 2)]
    assert codes == [250] * (len(rcpts) + 1) + [354], codes


def send_one(env, subject, extra_headers=(), body=None):
    """One message in a new session: (code, text) of the end of DATA."""
    c = session(env)
    try:
        begin(c)
        c.send(dot_stuff(make_message(subject, extra_headers=extra_headers,
                                      body=body)) + b".\r\n")
        code, text = c.reply()
        c.send("QUIT\r\n")
        return code, text[0]
    finally:
        c.close()


class FaultCase(OGTestCase):

    def plain_env(self, config=None, sink="smtp-sink", policy=NO_LIMITS,
                  start=True, **kw):
        """An env whose first listener is plain with AUTH allowed (no TLS
        handshake per session: these tests are about other things), with
        alice@example.com."""
        cfg = {"policy": dict(policy), "checks": dict(NO_CHECKS)}
        if config:
            cfg.update(config)
        env = self.make_env(start=False, listen=("none",), config=cfg,
                            sink=sink, **kw)
        env.listeners[0]["auth_without_tls"] = True
        env.write_config()
        env.add_user(ALICE, PASSWORD)
        if start:
            env.start()
        return env

    def fault_env(self, config=None, **kw):
        """plain_env with a FaultSink as next hop."""
        env = self.plain_env(config=config, sink=None, start=False, **kw)
        fs = FaultSink(env.next_hop_port).start()
        self.addCleanup(fs.stop)
        env.start()
        return env, fs

    def killed(self, env):
        """forget a daemon killed with SIGKILL (as test_policy does)"""
        env.proc.wait()
        env.proc = None
        env.log_file.close()

    def restart(self, env):
        before = env.log().count("ready: ")
        env.start(start_sink=False)
        wait_for(lambda: env.log().count("ready: ") > before and
                 port_open(env.port), 10, what="outguard to start again")


# ============================================================ next hop

class NextHopFaultTest(FaultCase):

    def test_next_hop_drops_connection_mid_data(self):
        env, fs = self.fault_env()
        big = ["line %05d %s" % (i, "y" * 60) for i in range(4000)]  # 290K
        code, text = send_one(env, "cut", extra_headers=["X-Fault: cut"],
                              body=big)
        self.assertEqual(code, 451, text)
        self.assertTrue(text.startswith("4.4."), text)
        self.assertTrue(any(c.get("cut") for c in fs.connections))
        # the daemon goes on serving: the next client's mail goes through
        code, text = send_one(env, "after cut")
        self.assertEqual(code, 250, text)
        # a 250 was given exactly for what the next hop finished
        self.assertEqual(fs.subjects(), ["after cut"])
        log = env.log()
        self.assertEqual(len(re.findall(r" message sent ", log)), 1, log)
        self.assertRegex(log, r" message deferred .*reply=\"451 4\.4\.")

    def test_smtp_sink_killed_inside_data(self):
        env = self.plain_env()
        c = session(env)
        begin(c)
        msg = dot_stuff(make_message("killed"))
        half = len(msg) // 2
        c.send(msg[:half])
        # the next hop has seen MAIL and RCPT; it dies now
        env.sink.kill()
        c.send(msg[half:] + b".\r\n")
        code, text = c.reply()
        self.assertEqual(code, 451, text)
        self.assertTrue(text[0].startswith("4.4."), text)
        # the session is usable; with the next hop back, mail flows
        self.assertEqual(c.cmd("NOOP")[0], 250)
        env.sink.start()
        begin(c)
        c.send(dot_stuff(make_message("after kill")) + b".\r\n")
        code, text = c.reply()
        self.assertEqual(code, 250, text)
        c.cmd("QUIT")
        c.close()
        # and a new client is served too
        self.assertEqual(send_one(env, "new client")[0], 250)
        env.stop()
        done = [m for m in env.sink.messages() if m.raw.endswith(b"\n\n")]
        subjects = sorted(m.header("Subject")[0] for m in done)
        self.assertEqual(subjects, ["after kill", "new client"])
        for m in env.sink.messages():
            self.assertNotIn(b"Subject: killed", m.raw)

    def test_next_hop_too_slow(self):
        env, fs = self.fault_env(config={"relay": {
            "timeout": "2s", "connect_timeout": "2s", "idle_max": "0s"}})
        pid = env.proc.pid
        # warm up: the event log and the relay code have been used once
        self.assertEqual(send_one(env, "warm up")[0], 250)
        fds0, thr0 = settled(pid)
        results = []

        def slow(i):
            t0 = time.monotonic()
            code, text = send_one(env, "slow %d" % i,
                                  extra_headers=["X-Fault: slow 8"])
            results.append((code, text, time.monotonic() - t0))

        ts = [threading.Thread(target=slow, args=(i,)) for i in range(3)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(20)
        self.assertEqual(len(results), 3)
        for code, text, took in results:
            self.assertEqual(code, 451, text)
            self.assertTrue(text.startswith("4.4.2"), text)
            # relay.timeout, not the next hop's 8 seconds
            self.assertLess(took, 6.5, took)
        self.assertEqual(send_one(env, "fast again")[0], 250)
        # every session and next-hop connection is gone again
        fds1, thr1 = settled(pid)
        self.assertLessEqual(fds1, fds0, "descriptors leaked")
        self.assertLessEqual(thr1, thr0, "threads leaked")
        self.assertRegex(env.log(), r"message deferred .*timeout")


# ============================================================ SIGKILL

class KillTest(FaultCase):

    def test_sigkill_under_load(self):
        env = self.plain_env(start=False)
        env.add_user("bob@example.com", PASSWORD)
        env.add_user("carol@example.com", PASSWORD, "messages_per_hour=1",
                     "rate_refusals_to_lock=1")
        acc = os.path.join(env.state_dir, "accounts")
        os.makedirs(acc, mode=0o700)
        now = int(time.time())
        # leftovers of an earlier crash: temp files must never be read
        planted = {
            "alice@example.com.counters.tmp.1.0":
                json.dumps({"version": 1, "account": ALICE,
                            "sent": [[now - 10, 50000]]}),
            "bob@example.com.lock.tmp.1.1": '{"locked": false, "unl',
        }
        for name, text in planted.items():
            with open(os.path.join(acc, name), "w") as f:
                f.write(text)
        env.start()
        env.cli("user", "lock", "bob@example.com", "--for", "2h",
                "--reason", "before the kill")
        # carol's lock is taken by the daemon itself
        s = smtp_client(env.port, tls=False)
        smtp_auth(s, "PLAIN", "carol@example.com", PASSWORD)
        self.assertEqual(s.sendmail("carol@example.com", ["x@example.net"],
                                    make_message("c1")), {})
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            s.sendmail("carol@example.com", ["y@example.net"],
                       make_message("c2"))
        s.close()

        accepted, lock = [], threading.Lock()
        stop = threading.Event()

        def load(i):
            s = None
            try:
                s = smtp_client(env.port, tls=False)
                smtp_auth(s, "PLAIN", ALICE, PASSWORD)
                n = 0
                while not stop.is_set() and n < 500:
                    s.sendmail(ALICE, ["load%d-%d@example.net" % (i, n)],
                               make_message("load %d %d" % (i, n)))
                    with lock:
                        accepted.append(time.monotonic())
                    n += 1
            except (smtplib.SMTPException, OSError):
                pass  # the daemon was killed under us
            finally:
                if s is not None:
                    s.close()

        ts = [threading.Thread(target=load, args=(i,)) for i in range(4)]
        for t in ts:
            t.start()
        wait_for(lambda: len(accepted) >= 10, 10, what="load to run")
        time.sleep(2.0)
        t_kill = time.monotonic()
        env.proc.send_signal(signal.SIGKILL)
        self.killed(env)
        stop.set()
        for t in ts:
            t.join(15)
        with lock:
            total = len(accepted)
            old = sum(1 for t in accepted if t < t_kill - 1.5)

        # no half-written state file
        files = glob.glob(os.path.join(acc, "*.counters")) + \
            glob.glob(os.path.join(acc, "*.lock"))
        self.assertTrue(files)
        for p in files:
            with open(p) as f:
                try:
                    json.loads(f.read())
                except ValueError as e:
                    self.fail("%s is not whole JSON: %s" % (p, e))
        # counters: at most a second behind what clients were told
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        used = st["hour"]["used"]
        self.assertGreaterEqual(used, old, (used, old, total))
        self.assertLessEqual(used, total + len(ts), (used, old, total))
        # the locks are there
        for who in ("bob@example.com", "carol@example.com"):
            st = json.loads(env.cli("user", "stats", who, "--json").stdout)
            self.assertTrue(st["lock"]["locked"], (who, st))

        self.restart(env)
        for who in ("bob@example.com", "carol@example.com"):
            s = smtp_client(env.port, tls=False)
            smtp_auth(s, "PLAIN", who, PASSWORD)
            self.assertReply(s.mail(who), 451, "4.7.1", "[OG-LOCKED]")
            s.quit()
        # the planted temp files were not read: alice's hour is what it
        # was, plus one
        self.assertEqual(send_one(env, "after restart")[0], 250)
        env.stop()
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertEqual(st["hour"]["used"], used + 1)
        st = json.loads(env.cli("user", "stats", "bob@example.com",
                                "--json").stdout)
        self.assertEqual(st["lock"]["detail"], "before the kill")


# ============================================================ disk full

class DiskFullTest(FaultCase):

    def _umount(self, path):
        subprocess.run(["umount", path], stderr=subprocess.DEVNULL)
        if os.path.ismount(path):
            subprocess.run(["umount", "-l", path],
                           stderr=subprocess.DEVNULL)

    def tmpfs_env(self, opts, sink="smtp-sink"):
        """A plain env with alice whose state_dir is a tmpfs mounted
        with opts; not started."""
        if os.geteuid() != 0:
            self.skipTest("mounting a tmpfs needs root")
        env = Env(self.id().split(".")[-1][:40], listen=("none",),
                  sink=sink, config={"policy": dict(NO_LIMITS),
                                     "checks": dict(NO_CHECKS)})
        env.listeners[0]["auth_without_tls"] = True
        env.write_config()
        os.makedirs(env.state_dir, mode=0o700)
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs",
                            env.state_dir],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            self.skipTest("cannot mount a tmpfs: %s" % p.stdout.decode())
        self.addCleanup(self._umount, env.state_dir)
        self.addCleanup(env.close)
        env.add_user(ALICE, PASSWORD)
        return env

    def test_state_file_system_full(self):
        env = self.tmpfs_env("size=2m,mode=0700", sink=None)
        spool = os.path.join(env.state_dir, "spool")
        env.config["relay"] = {"next_hop": "spool:" + spool}
        env.write_config()
        env.start()
        new = os.path.join(spool, "new")
        self.assertEqual(send_one(env, "before")[0], 250)
        self.assertEqual(len(os.listdir(new)), 1)
        # fill the file system
        filler = os.path.join(env.state_dir, "filler")
        with open(filler, "wb") as f:
            for _ in range(200):  # 2 MB in 64 KB steps, and then some
                try:
                    f.write(b"\0" * 65536)
                    f.flush()
                except OSError as e:
                    self.assertEqual(e.errno, errno.ENOSPC)
                    break
            else:
                self.fail("tmpfs did not fill up")
        code, text = send_one(env, "while full")
        self.assertEqual(code, 451, text)
        # refused before the next hop is asked: the state could not be
        # kept (4.3.1: mail system full, RFC 3463)
        self.assertTrue(text.startswith("4.3.1 [OG-STATE]"), text)
        env.wait_log(r"state_dir \S+ has less than 1 MiB free")
        self.assertEqual(len(os.listdir(new)), 1)
        self.assertEqual(os.listdir(os.path.join(spool, "tmp")), [])
        # space comes back, and so does the service
        os.unlink(filler)
        code, text = send_one(env, "after")
        self.assertEqual(code, 250, text)
        self.assertEqual(len(os.listdir(new)), 2)
        bodies = [slurp(os.path.join(new, n), "rb")
                  for n in os.listdir(new)]
        self.assertFalse(any(b"Subject: while full" in b for b in bodies))

    def test_state_full_defers_with_an_smtp_next_hop(self):
        env = self.tmpfs_env("size=2m,mode=0700")
        env.start()
        self.assertEqual(send_one(env, "before")[0], 250)
        filler = os.path.join(env.state_dir, "filler")
        with open(filler, "wb") as f:
            try:
                for _ in range(200):
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError as e:
                self.assertEqual(e.errno, errno.ENOSPC)
        # never a 250 that the counters and the event log cannot record
        code, text = send_one(env, "while full")
        self.assertEqual(code, 451, text)
        self.assertTrue(text.startswith("4.3.1 [OG-STATE]"), text)
        os.unlink(filler)
        self.assertEqual(send_one(env, "after")[0], 250)
        subjects = [m.header("Subject") for m in env.final_messages()]
        self.assertEqual(sorted(subjects), [["after"], ["before"]])


    def test_state_inodes_exhausted_defers(self):
        """Free bytes but no free inodes: no file of the state could be
        made, so mail is deferred, never a 250 that is not counted."""
        env = self.tmpfs_env("size=8m,nr_inodes=400,mode=0700")
        env.start()
        self.assertEqual(send_one(env, "before")[0], 250)
        fill = os.path.join(env.state_dir, "fill")
        os.mkdir(fill)
        n = 0
        try:
            while n < 1000:
                open(os.path.join(fill, str(n)), "w").close()
                n += 1
        except OSError as e:
            self.assertEqual(e.errno, errno.ENOSPC)
        code, text = send_one(env, "while full")
        self.assertEqual(code, 451, text)
        self.assertRegex(text, r"^4\.3\.1 \[OG-STATE\] .*\(incident "
                         r"[0-9a-f]{8}\)$")
        env.wait_log(r"state_dir \S+ has fewer than 64 free inodes")
        shutil.rmtree(fill)
        self.assertEqual(send_one(env, "after")[0], 250)
        subjects = [m.header("Subject") for m in env.final_messages()]
        self.assertEqual(sorted(subjects), [["after"], ["before"]])

    def test_read_only_state_dir_refuses_start(self):
        """A daemon that could keep no count does not start (at run
        time, a state_dir gone read-only defers mail as a full one
        does)."""
        env = self.tmpfs_env("size=4m,mode=0700")
        subprocess.run(["mount", "-o", "remount,ro", env.state_dir],
                       check=True)
        p = subprocess.run([OUTGUARD, "-c", env.cfg_path, "serve"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=30)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("not started", p.stderr)
        self.assertIn("Read-only file system", p.stderr)
        subprocess.run(["mount", "-o", "remount,rw", env.state_dir],
                       check=True)
        env.start()
        self.assertEqual(send_one(env, "after")[0], 250)


class InstanceTest(FaultCase):

    def test_second_daemon_on_one_state_dir_refused(self):
        """Two daemons on one state_dir would each keep their own
        counters and overwrite the other's: the second is refused before
        it binds a port, naming the first one's pid."""
        env = self.plain_env()
        first = env.proc.pid
        p = subprocess.run([OUTGUARD, "-c", env.cfg_path, "serve"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=30)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("another outguard serves state_dir %s (pid %d)"
                      % (env.state_dir, first), p.stderr)
        self.assertIn("not started", p.stderr)
        self.assertNotIn("Address already in use", p.stderr)
        # the first one serves on, and its pid file is still there
        self.assertEqual(send_one(env, "still here")[0], 250)
        st = env.cli("status", check=False)
        self.assertEqual(st.returncode, 0, st.stdout + st.stderr)
        self.assertIn(str(first), st.stdout)


# ============================================================ clients

class ClientAbuseTest(FaultCase):

    def test_slow_clients_do_not_hold_others(self):
        env = self.plain_env()
        out = {}

        def trickle(name, prefix, data, gap):
            c = session(env, auth=prefix is not None)
            if prefix:
                begin(c)
            for i in range(len(data)):
                c.send(data[i:i + 1])
                time.sleep(gap)
            out[name] = c.reply()
            c.cmd("QUIT")
            c.close()

        cmd = threading.Thread(target=trickle, args=(
            "ehlo", None, b"EHLO slow.test\r\n", 0.2))
        data = threading.Thread(target=trickle, args=(
            "data", True, b"From: <alice@example.com>\r\nSubject: slow\r\n\r\n"
            b"slow\r\n.\r\n", 0.06))
        t0 = time.monotonic()
        cmd.start()
        data.start()
        worst = 0.0
        n = 0
        while cmd.is_alive() or data.is_alive():
            if n >= 30 or time.monotonic() - t0 > 20:
                break
            t = time.monotonic()
            self.assertEqual(send_one(env, "quick %d" % n)[0], 250)
            worst = max(worst, time.monotonic() - t)
            n += 1
        cmd.join(20)
        data.join(20)
        # the others were served while the slow ones still trickled
        self.assertGreaterEqual(n, 3)
        self.assertLess(worst, 2.5, "a slow client held up the others")
        self.assertEqual(out["ehlo"][0], 250)
        self.assertEqual(out["data"][0], 250)
        subjects = [m.header("Subject")[0] for m in env.final_messages()]
        self.assertEqual(sorted(subjects),
                         sorted(["slow"] + ["quick %d" % i
                                            for i in range(n)]))

    def test_many_idle_connections(self):
        env = self.plain_env(config={"limits": {
            "max_connections": 1000, "max_connections_per_ip": 1000}})
        pid = env.proc.pid
        self.assertEqual(send_one(env, "warm up")[0], 250)
        fds0, thr0 = settled(pid)
        idle = []
        try:
            for _ in range(500):
                c = RawSMTP(env.port)
                idle.append(c)
            for c in idle:
                c.greeting()
            self.assertGreaterEqual(threads(pid), thr0 + 500)
            t = time.monotonic()
            self.assertEqual(send_one(env, "among idle")[0], 250)
            self.assertLess(time.monotonic() - t, 5.0)
            rss = rss_kb(pid)
            self.assertLess(rss, 200 * 1024, "RSS %d kB" % rss)
        finally:
            for c in idle:
                c.close()
        wait_for(lambda: threads(pid) <= thr0, 15,
                 what="idle sessions to end")
        fds1, thr1 = settled(pid)
        self.assertLessEqual(fds1, fds0)
        self.assertLessEqual(thr1, thr0)

    def test_idle_connections_under_stress(self):
        """At 80 % of max_connections a session that has not logged in
        gets 10 seconds per command, not command_timeout (Postfix's
        stress-dependent smtpd_timeout): idle connections cannot keep
        the customers out for minutes, and it may send ten commands that
        move nothing (NOOP ...); a wait that began before the stress ends
        10 seconds into it too. A session that logged in keeps
        command_timeout."""
        env = self.plain_env(config={"limits": {
            "max_connections": 12, "max_connections_per_ip": 12,
            "command_timeout": "5m"}})
        idle = []
        try:
            # 9 of 12: not yet at 80 %
            for _ in range(9):
                c = RawSMTP(env.port, timeout=60)
                c.greeting()
                idle.append(c)
            late = RawSMTP(env.port, timeout=60)
            idle.append(late)
            late.greeting()
            customer = session(env)
            idle.append(customer)
            t = time.monotonic()
            # one that has not logged in cannot keep itself alive with
            # NOOPs either: ten, then it is closed
            dripper = RawSMTP(env.port, timeout=60)
            idle.append(dripper)
            dripper.greeting()
            for _ in range(10):
                self.assertEqual(dripper.cmd("NOOP")[0], 250)
            self.assertEqual(dripper.cmd("NOOP")[0], 421)
            code, text = late.reply()
            waited = time.monotonic() - t
            self.assertEqual(code, 421, text)
            self.assertIn("4.4.2", text[0])
            self.assertGreater(waited, 7)
            self.assertLess(waited, 20)
            # the connections that were waiting before the stress began
            # get 10 seconds of it too, not their 5 minutes: one of them
            # goes (and with it the stress)
            ready, _, _ = select.select([c.sock for c in idle[:9]], [], [],
                                        25 - (time.monotonic() - t))
            self.assertTrue(ready, "no early connection was closed")
            early = [c for c in idle[:9] if c.sock is ready[0]][0]
            code, text = early.reply()
            self.assertEqual(code, 421, text)
            # the customer, logged in, idled as long and is still served
            time.sleep(max(0, 12 - (time.monotonic() - t)))
            self.assertEqual(customer.cmd("NOOP")[0], 250)
        finally:
            for c in idle:
                c.close()

    def test_garbage_flood(self):
        env = self.plain_env()
        bystander = session(env)
        # garbage commands: 421 once the error limit is reached
        c = RawSMTP(env.port)
        c.greeting()
        t0 = time.monotonic()
        c.send(b"".join(b"\x01\x7fGARBAGE %d \xff\r\n" % i
                        for i in range(200)))
        lines = c.read_until_closed()
        self.assertLess(time.monotonic() - t0, 5, "not closed promptly")
        c.close()
        self.assertTrue(lines[-1].startswith("421 4.7.0 "), lines[-3:])
        self.assertIn("too many errors", lines[-1])
        errors = lines[:-1]
        self.assertTrue(all(re.match(r"5\d\d ", l) for l in errors), lines)
        self.assertTrue(5 <= len(errors) <= 50, len(errors))
        # over-long lines: 500 and the session goes on, until more than
        # 16384 octets of them (counted to their ends) close it
        c = RawSMTP(env.port)
        c.greeting()
        c.send(b"NOOP " + b"x" * 13000 + b"\r\n")
        self.assertEqual(c.reply(), (500, ["5.5.2 Error: line too long"]))
        self.assertEqual(c.cmd("NOOP")[0], 250)
        c.send(b"NOOP " + b"x" * 4000 + b"\r\n")
        lines = c.read_until_closed()
        c.close()
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith("421 4.7.0 "), lines)
        self.assertIn("line too long", lines[0])
        # endless bytes with no line end: 421 and closed, bounded
        c = RawSMTP(env.port)
        c.greeting()
        try:
            for _ in range(64):  # 4 MB at most
                c.send(b"A" * 65536)
        except OSError:
            pass  # closed by the server while we were still sending
        lines = c.read_until_closed()
        c.close()
        self.assertTrue(lines and lines[-1].startswith("421 "), lines)
        self.assertIn("line too long", lines[-1])
        # a client that was there all along is not affected
        self.assertEqual(bystander.cmd("NOOP")[0], 250)
        begin(bystander)
        bystander.send(dot_stuff(make_message("bystander")) + b".\r\n")
        self.assertEqual(bystander.reply()[0], 250)
        bystander.cmd("QUIT")
        bystander.close()

    def test_ten_thousand_recipients(self):
        env = self.plain_env()
        pid = env.proc.pid
        self.assertEqual(send_one(env, "warm up")[0], 250)
        rss0 = rss_kb(pid)
        c = session(env)
        self.assertEqual(c.cmd("MAIL FROM:<%s>" % ALICE)[0], 250)
        codes = {}
        first452 = None
        for b in range(0, 10000, 500):
            c.send("".join("RCPT TO:<r%d@example.net>\r\n" % i
                           for i in range(b, b + 500)))
            for i in range(b, b + 500):
                code, text = c.reply()
                codes[code] = codes.get(code, 0) + 1
                if code == 452 and first452 is None:
                    first452 = (i, text[0])
        self.assertEqual(codes, {250: 100, 452: 9900})
        self.assertEqual(first452[0], 100)
        self.assertTrue(first452[1].startswith("4.5.3 "), first452)
        # still usable: the first 100 go
        c.send("DATA\r\n")
        self.assertEqual(c.reply()[0], 354)
        c.send(dot_stuff(make_message("many")) + b".\r\n")
        self.assertEqual(c.reply()[0], 250)
        self.assertEqual(c.cmd("NOOP")[0], 250)
        c.cmd("QUIT")
        c.close()
        self.assertLess(rss_kb(pid) - rss0, 50 * 1024, "memory grew")
        msgs = env.final_messages()
        self.assertEqual([m.header("Subject") for m in msgs],
                         [["warm up"], ["many"]])
        self.assertEqual(msgs[1].rcpts, ["<r%d@example.net>" % i
                                         for i in range(100)])

    def test_oversized_data_streamed(self):
        env = self.plain_env(config={"limits": {"max_message_size": "10M"}})
        pid = env.proc.pid
        self.assertEqual(send_one(env, "warm up")[0], 250)
        rss0 = rss_kb(pid)
        c = session(env)
        begin(c)
        line = b"z" * 998 + b"\r\n"
        chunk = b"Subject: huge\r\n\r\n" + line * 1024   # ~1 MB
        sent = 0
        t0 = time.monotonic()
        while sent < 50 * 1024 * 1024:
            c.send(chunk)
            sent += len(chunk)
            self.assertLess(time.monotonic() - t0, 60)
        c.send(b".\r\n")
        code, text = c.reply()
        self.assertEqual(code, 552, text)
        self.assertTrue(text[0].startswith("5.3.4 [OG-SIZE]"), text)
        grown = hwm_kb(pid) - rss0
        # what is kept is bounded by the limit, not by the stream
        self.assertLess(grown, 40 * 1024, "peak RSS grew by %d kB" % grown)
        # the session goes on
        begin(c)
        c.send(dot_stuff(make_message("small after huge")) + b".\r\n")
        self.assertEqual(c.reply()[0], 250)
        c.cmd("QUIT")
        c.close()
        subjects = [m.header("Subject") for m in env.final_messages()]
        self.assertEqual(subjects, [["warm up"], ["small after huge"]])

    def test_command_timeout_inside_a_transaction(self):
        env, fs = self.fault_env(config={"limits": {
            "command_timeout": "2s"}})
        # half a command line, then silence
        half = session(env)
        half.send("MAIL FROM:<alice@exa")
        t_half = time.monotonic()
        # silence after RCPT, the next hop's transaction open
        tx = session(env)
        tx.send("MAIL FROM:<%s>\r\nRCPT TO:<bob@example.net>\r\n" % ALICE)
        self.assertEqual([tx.reply()[0] for _ in range(2)], [250, 250])
        t_tx = time.monotonic()
        for c, t0 in ((half, t_half), (tx, t_tx)):
            lines = c.read_until_closed(timeout=8)
            waited = time.monotonic() - t0
            c.close()
            self.assertEqual(len(lines), 1, lines)
            self.assertTrue(lines[0].startswith("421 4.4.2 "), lines)
            self.assertTrue(1.5 <= waited <= 6, waited)
        # the next hop's transaction ended with the session
        wait_for(lambda: fs.connections and all(
            r["closed_by_peer"] or r["commands"][-1:] in (["RSET"],
                                                          ["QUIT"])
            for r in fs.connections), 5, what="next hop to be released")
        self.assertEqual(fs.transactions, [])


# ============================================================ pipelining

class PipeliningAbuseTest(FaultCase):

    def test_pipelined_flood_is_answered_in_order(self):
        """20,000 NOOPs written without reading: the server neither
        deadlocks nor buffers without bound, answers in order, and past
        the junk command limit (100 since the last message, EHLO
        included, then 20 errors) closes the session."""
        env = self.plain_env()
        pid = env.proc.pid
        rss0 = rss_kb(pid)
        c = session(env)
        n = 20000
        burst = b"NOOP\r\n" * n + b"RSET\r\nQUIT\r\n"

        def write():
            try:
                c.send(burst)
            except OSError:
                pass  # closed by the server mid-flood
        w = threading.Thread(target=write)
        w.start()
        codes = [c.reply()[0] for _ in range(120)]
        w.join(10)
        self.assertEqual(codes, [250] * 119 + [421])
        try:
            self.assertEqual(c.read_until_closed(), [])
        except ConnectionResetError:
            pass  # the rest of the flood was unread when it closed
        c.close()
        self.assertLess(hwm_kb(pid) - rss0, 50 * 1024)

    def test_commands_pipelined_after_failed_auth_refused(self):
        """RFC 4954 §4 lets a client pipeline after AUTH PLAIN with its
        initial response: after a failed one, each command is answered,
        in order, and none relays."""
        env, fs = self.fault_env()
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        c.send("AUTH PLAIN %s\r\nMAIL FROM:<%s>\r\nRCPT TO:<victim@"
               "example.net>\r\nDATA\r\n" % (plain_token(ALICE, "wrong"),
                                            ALICE))
        # MAIL needs AUTH; RCPT and DATA then need MAIL
        self.assertEqual([c.reply()[0] for _ in range(4)],
                         [535, 530, 503, 503])
        self.assertEqual(c.cmd("QUIT")[0], 221)
        c.close()
        for conn in fs.connections:
            self.assertFalse(any("victim" in x for x in conn["commands"]))

    def test_plaintext_instead_of_tls_handshake(self):
        """Commands sent after the 220 to STARTTLS, where the TLS
        handshake should be, are never executed."""
        env = self.make_env(sink="script")
        env.add_user(ALICE, PASSWORD)
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        self.assertEqual(c.cmd("STARTTLS")[0], 220)
        c.send("EHLO evil.test\r\nAUTH PLAIN %s\r\nMAIL FROM:<%s>\r\n"
               "RCPT TO:<victim@example.net>\r\n"
               % (plain_token(ALICE, PASSWORD), ALICE))
        got = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = c.sock.recv(4096)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        c.close()
        # a TLS alert at most: no SMTP reply to any of it
        self.assertNotRegex(got, rb"(^|\n)[2-5]\d\d[ -]")
        env.wait_log(r"tls failed")
        self.assertEqual(env.sink.commands, [])


# ============================================================ smuggling

SMUGGLED = (b"MAIL FROM:<alice@example.com>\r\n"
            b"RCPT TO:<victim@example.net>\r\n"
            b"DATA\r\n"
            b"From: <alice@example.com>\r\nTo: <victim@example.net>\r\n"
            b"Subject: smuggled\r\n\r\nsmuggled body\r\n")

# (name, what ends the first line of the body) - each is, to some SMTP
# implementation, an end of data; after it come a second message's
# commands, and only then the real CRLF.CRLF
SEQUENCES = [
    ("bare LF", b"\n"),
    ("bare CR", b"\r"),
    ("LF.LF", b"\n.\n"),
    ("CR.CR", b"\r.\r"),
    ("CRLF.LF", b"\r\n.\n"),
    ("LF.CRLF", b"\n.\r\n"),
    ("CRLF.CR", b"\r\n.\r"),
    ("CRLF.CRCRLF", b"\r\n.\r\r\n"),
]


class SmugglingTest(FaultCase):

    def _run(self, env, payload, writes=1):
        c = session(env)
        begin(c)
        step = max(1, len(payload) // writes)
        try:
            for i in range(0, len(payload), step):
                c.send(payload[i:i + step])
                if writes > 1:
                    time.sleep(0.02)
            c.send(b"QUIT\r\n")
        except OSError:
            pass  # closed at an ambiguous end of data: the reply says so
        lines = c.read_until_closed()
        c.close()
        return lines

    def test_smuggling_sequences_never_end_data(self):
        env = self.plain_env(sink="script")
        cases = [(n, b"Subject: %s\r\n\r\nhello" % n.encode() + s +
                  SMUGGLED + b"\r\n.\r\n", 1) for n, s in SEQUENCES]
        # the same across a line longer than a read: the sequence
        # straddles two chunks of the DATA reader
        for n, s in SEQUENCES[:6]:
            cases.append(("long " + n, b"Subject: long\r\n\r\n" +
                          b"x" * (1000 - len(s) // 2) + s + SMUGGLED +
                          b"\r\n.\r\n", 1))
        # and sent a few bytes per write
        for n, s in SEQUENCES[2:6]:
            cases.append(("split " + n, b"Subject: split\r\n\r\nhello" + s +
                          SMUGGLED + b"\r\n.\r\n", 12))
        for name, payload, writes in cases:
            with self.subTest(name):
                lines = self._run(env, payload, writes)
                self.assertTrue(lines, "no reply")
                self.assertRegex(lines[0], r"^5\d\d 5\.\d\.\d ", lines)
                for line in lines:
                    self.assertNotRegex(line, r"^(250 2\.0\.0|354) ", lines)
        # the next hop never saw a second transaction, nor any of it
        sink = env.sink
        with sink.lock:
            commands = list(sink.commands)
            txs = list(sink.transactions)
        self.assertEqual(txs, [])
        self.assertNotIn("DATA", commands)
        self.assertFalse([x for x in commands if "victim" in x], commands)
        # a clean message after all that arrives alone and byte-exact
        msg = make_message("sentinel")
        c = session(env)
        begin(c)
        c.send(dot_stuff(msg) + b".\r\n")
        self.assertEqual(c.reply()[0], 250)
        c.cmd("QUIT")
        c.close()
        (tx,) = sink.wait_transactions(1)
        self.assertTrue(tx["data"].endswith(msg))
        self.assertEqual(tx["rcpts"], ["bob@example.net"])
        self.assertNotIn(b"smuggled", tx["data"])

    def test_refusal_replies_are_ascii(self):
        """RFC 5321 4.2: reply text is printable US-ASCII (no SMTPUTF8
        here), whatever the refusal."""
        env = self.plain_env(sink="script")
        bodies = {
            "OG-BARELF": b"From: <alice@example.com>\r\n\r\na\nb\r\n",
            "OG-LINE": b"From: <alice@example.com>\r\n\r\n" +
                       b"x" * 1200 + b"\r\n",
            "OG-NUL": b"From: <alice@example.com>\r\n\r\na\0b\r\n",
            "OG-FROM no From": b"Subject: none\r\n\r\nbody\r\n",
            "OG-FROM two From": b"From: <alice@example.com>\r\nFrom: "
                                b"<alice@example.com>\r\n\r\nbody\r\n",
        }
        c = session(env)
        for name, body in bodies.items():
            with self.subTest(name):
                begin(c)
                c.send(body + b".\r\n")
                code, text = c.reply()
                self.assertIn(code // 100, (5,), (code, text))
                self.assertIn("[%s]" % name.split()[0], text[0])
                for line in text:
                    self.assertRegex(line, r"^[\x20-\x7e]*$")
        c.cmd("QUIT")
        c.close()
        self.assertEqual(env.sink.transactions, [])

    def test_real_end_of_data_split_anywhere(self):
        """CRLF.CRLF cut into two writes at each point is still the end
        of data: the message goes, exactly once."""
        env = self.plain_env(sink="script")
        c = session(env)
        for cut in range(1, 5):
            begin(c)
            msg = make_message("split %d" % cut)
            data = dot_stuff(msg)[:-2] + b"\r\n.\r\n"
            c.send(data[:len(data) - 5 + cut])
            time.sleep(0.1)
            c.send(data[len(data) - 5 + cut:])
            code, text = c.reply()
            self.assertEqual(code, 250, (cut, text))
        c.cmd("QUIT")
        c.close()
        txs = env.sink.wait_transactions(4)
        self.assertEqual(len(txs), 4)
        for cut, tx in enumerate(txs, 1):
            self.assertIn(b"Subject: split %d\r\n" % cut, tx["data"])


if __name__ == "__main__":
    unittest.main()
