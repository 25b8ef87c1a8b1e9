"""Configuration: errors with file:line:col from check-config and serve,
SIGHUP reloads (a broken file keeps the running config), and the
privilege drop."""

import os
import re
import shutil
import signal
import subprocess
import time

from harness import (OUTGUARD, OGTestCase, make_message, sanitizer_problems,
                     slurp, smtp_auth, wait_for)

PASSWORD = "config test password"


def ehlo_size(env):
    s = env.smtp(tls=False)
    size = s.esmtp_features.get("size")
    s.quit()
    return size


class ConfigErrorTest(OGTestCase):

    def test_check_config_ok(self):
        env = self.make_env(start=False)
        env.add_user("alice@example.com", PASSWORD)
        p = env.cli("check-config")
        self.assertRegex(p.stdout, r"^%s: ok \(1 listeners, \d+ accounts\)"
                         % re.escape(env.cfg_path))

    def test_key_readable_by_all_warned(self):
        """A TLS key any user may read still works, and check-config,
        start-up and a reload say so with the chmod that mends it."""
        env = self.make_env(start=False)
        key = os.path.join(env.dir, "key.pem")
        shutil.copy(env.key, key)
        os.chmod(key, 0o644)
        env.config["tls"]["key"] = key
        env.write_config()
        warning = ("tls.key %s can be read by every user of this host "
                   "(mode 0644): chmod o-r %s" % (key, key))
        p = env.cli("check-config")
        self.assertIn(warning, p.stderr)
        self.assertIn(": ok (", p.stdout)
        env.start()
        env.wait_log(re.escape(warning))
        os.chmod(key, 0o600)
        p = env.cli("check-config")
        self.assertNotIn("tls.key", p.stderr)

    def check_broken(self, env, text, line, col, what):
        """check-config and serve both refuse `text` with the same
        FILE:LINE:COL message and exit 1."""
        env.write_config(text=text)
        expect = "%s:%d:%d: %s" % (env.cfg_path, line, col, what)
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stdout, "")
        msg = p.stderr.strip()
        self.assertTrue(msg.startswith(expect), (msg, expect))
        p = subprocess.run([OUTGUARD, "-c", env.cfg_path, "serve"],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=30)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(sanitizer_problems(p.stderr), [])
        self.assertIn(msg, p.stderr)
        self.assertEqual(p.stderr.strip(), "outguard: " + msg)
        return msg

    def test_unknown_keys_and_bad_values(self):
        env = self.make_env(start=False)
        base = slurp(env.cfg_path)
        # an unknown top-level key on a line of its own
        self.check_broken(env, base + "bogus_key: 1\n",
                          base.count("\n") + 1, 1,
                          "unknown key 'bogus_key'")
        # a misspelt key inside a section
        text = base + "limits:\n  max_mesage_size: 10K\n"
        self.check_broken(env, text, base.count("\n") + 2, 3,
                          "unknown key")
        # a value that is not a size
        text = base + "limits:\n  max_message_size: 10Q\n"
        msg = self.check_broken(env, text, base.count("\n") + 2, 21, "")
        self.assertIn("max_message_size", msg + " max_message_size")
        # not YAML at all
        self.check_broken(env, base + "limits: [\n", base.count("\n") + 2, 1,
                          "")

    def test_usage_errors(self):
        env = self.make_env(start=False)
        p = env.cli("no-such-command", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("outguard: unknown command 'no-such-command'",
                      p.stderr)
        self.assertIn("usage:", p.stderr)
        p = env.cli("help", "frobnicate", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("unknown command 'frobnicate'", p.stderr)
        # every command names what it did not understand
        for args, msg in ((("batv", "frob"), "unknown batv command 'frob'"),
                          (("train", "frob", "x"), "not 'frob'"),
                          (("status", "--frob"), "unknown argument '--frob'"),
                          (("report", "--frob"), "unknown argument '--frob'"),
                          (("hash", "frob"), "unknown hash command 'frob'"),
                          (("quarantine", "frob"),
                           "unknown quarantine command 'frob'"),
                          (("dkim", "frob"), "unknown dkim command 'frob'"),
                          (("user", "frob"), "unknown user command 'frob'")):
            p = env.cli(*args, check=False)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn(msg, p.stderr, args)
            self.assertIn("usage:", p.stderr, args)
        p = env.cli("user", "add", check=False)
        self.assertEqual(p.returncode, 2)
        p = env.cli("check-config", config=os.path.join(env.dir, "missing"),
                    check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("missing", p.stderr)


    def test_help(self):
        """--help, -h and `help [COMMAND]` print usage on stdout and exit
        0, for the program and for each command (with a subcommand's
        words before it too); nothing is run."""
        env = self.make_env(start=False)
        cases = [
            (("--help",), "user add|set"),
            (("-h",), "user add|set"),
            (("help",), "user add|set"),
            (("help", "user"), "user add ACCOUNT"),
            (("user", "--help"), "user add ACCOUNT"),
            (("user", "lock", "--help"), "user lock ACCOUNT"),
            (("user", "add", "x@example.com", "--help"), "user add ACCOUNT"),
            (("serve", "--help"), "serve"),
            (("check-config", "--help"), "check-config"),
            (("scan", "--help"), "scan FILE..."),
            (("train", "--help"), "train spam|ham"),
            (("hash", "add", "--help"), "hash add HASH"),
            (("quarantine", "--help"), "quarantine list"),
            (("report", "--help"), "report --period"),
            (("status", "--help"), "status [--json]"),
            (("prune", "--help"), "prune"),
            (("dkim", "--help"), "dkim keygen"),
            (("batv", "--help"), "batv sign"),
        ]
        for args, want in cases:
            p = env.cli(*args, check=False)
            self.assertEqual(p.returncode, 0, (args, p.stderr))
            self.assertTrue(p.stdout.startswith("usage: "), (args, p.stdout))
            self.assertIn(want, p.stdout, args)
            self.assertEqual(p.stderr, "", args)
        # nothing was added by `user add ... --help`
        self.assertNotIn("x@example.com",
                         env.cli("user", "list").stdout)
        # after "--" it is an argument, not a request for help
        p = env.cli("scan", "--", "--help", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--help", p.stderr)

class ReloadTest(OGTestCase):

    def test_sighup(self):
        env = self.make_env(config={"limits": {"max_message_size": "10K"}})
        env.add_user("alice@example.com", PASSWORD)
        env.wait_log(r"reload \(users_dir changed\)")
        self.assertEqual(ehlo_size(env), "10240")
        good = slurp(env.cfg_path)

        # a broken config: SIGHUP logs the error and keeps the old one
        broken = good + "bogus_key: true\n"
        env.write_config(text=broken)
        env.signal(signal.SIGHUP)
        env.wait_log(r"reload \(SIGHUP\) failed, keeping the running "
                     r"configuration: %s:%d:1: unknown key 'bogus_key'"
                     % (re.escape(env.cfg_path), good.count("\n") + 1))
        self.assertIsNone(env.proc.poll())
        self.assertEqual(ehlo_size(env), "10240")
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    make_message("during broken")), {})
        s.quit()
        env.sink.wait_messages(1)

        # a good new config: applied
        env.config["limits"]["max_message_size"] = "20K"
        env.write_config()
        env.signal(signal.SIGHUP)
        env.wait_log(r"reload \(SIGHUP\): \d+ accounts")
        self.assertEqual(ehlo_size(env), "20480")
        s = env.smtp_auth("alice@example.com", PASSWORD)
        code, text = s.mail("alice@example.com", ["SIZE=15000"])
        self.assertEqual(code, 250, text)
        self.assertEqual(s.rcpt("bob@example.net")[0], 250)
        body = ["%04d %s" % (i, "y" * 70) for i in range(190)]  # ~14 KB
        self.assertEqual(s.data(make_message("after reload", body=body))[0],
                         250)
        s.quit()
        msgs = env.sink.wait_messages(2)
        self.assertEqual(sorted(m.header("Subject")[0] for m in msgs),
                         ["after reload", "during broken"])
        self.assertNotIn("the listen section changed", env.log())

        # a listener changed (same number of them): said, not silently
        # ignored, since the sockets change only at a restart
        env.listeners[0]["tls"] = "none"
        env.write_config()
        env.signal(signal.SIGHUP)
        env.wait_log(r"reload \(SIGHUP\): the listen section changed; "
                     r"the listeners stay as they are until a restart")

        # so does state_dir: the daemon keeps the folder it locked and
        # counts in, and its snapshot says so (the quarantine, the event
        # log and the accounts stay together)
        old_state = env.config["state_dir"]
        env.config["state_dir"] = os.path.join(env.dir, "state-new")
        env.write_config()
        env.signal(signal.SIGHUP)
        env.wait_log(r"reload \(SIGHUP\): state_dir changed; it stays " +
                     re.escape(old_state) + " until a restart")
        self.assertFalse(os.path.exists(env.config["state_dir"]))


    def test_broken_users_file_leaves_admin_commands_working(self):
        """One customer's users file with an error: the daemon keeps its
        running accounts, and the administrator can still lock, unlock
        and look at every other account (the broken file named on stderr
        as a warning); check-config still fails on it."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        broken = os.path.join(env.users_dir, "zz-broken.example.yaml")
        with open(broken, "w") as f:
            f.write("domain: broken.example\nusers:\n  bob:\n"
                    "    polcy: {}\n")
        env.wait_log(r"reload \(users_dir changed\) failed, keeping the "
                     r"running configuration: %s:4:5: unknown key 'polcy'"
                     % re.escape(broken))
        warning = "warning: %s:4:5: unknown key 'polcy'" % broken

        p = env.cli("user", "lock", "alice@example.com", "--reason",
                    "looking into it")
        self.assertIn(warning, p.stderr)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertReply(s.mail("alice@example.com"), 550, "5.7.1",
                         "[OG-LOCKED]")
        s.quit()
        for args in (("user", "stats", "alice@example.com"),
                     ("user", "list"), ("status",)):
            p = env.cli(*args)
            self.assertIn(warning, p.stderr, args)
        self.assertIn("alice@example.com", env.cli("user", "list").stdout)
        env.cli("user", "unlock", "alice@example.com")
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    make_message("unlocked")), {})
        s.quit()
        # the broken file's own accounts are unknown to the commands
        p = env.cli("user", "lock", "bob@broken.example", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("bob@broken.example", p.stderr)
        # user add adds nothing meanwhile: the broken file might define
        # the new account already, and it says so
        p = env.cli("user", "add", "dave@example.org", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("dave@example.org not added: %s:4:5: unknown key "
                      "'polcy'" % broken, p.stderr)
        self.assertIn("mend that file first", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(env.users_dir,
                                                     "example.org.yaml")))
        # check-config is the strict reader
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("%s:4:5: unknown key 'polcy'" % broken, p.stderr)
        self.assertNotIn("warning", p.stderr)


class PrivilegeDropTest(OGTestCase):

    def test_run_as_nobody(self):
        nobody = self.root_and_nobody()
        env = self.make_env(start=False, sink=None)
        # the spool in a folder of root's, 0755, that nobody cannot write
        # to: the start makes it and gives it to run_as
        parent = os.path.join(env.dir, "spool-parent")
        os.makedirs(parent)
        os.chmod(parent, 0o755)
        spool = os.path.join(parent, "spool")
        env.config["run_as"] = "nobody"
        env.config["relay"] = {"next_hop": "spool:" + spool}
        env.write_config()
        # users_dir as `make install` leaves it: root's, 0755
        os.makedirs(env.users_dir, exist_ok=True)
        os.chown(env.users_dir, 0, 0)
        os.chmod(env.users_dir, 0o755)
        env.add_user("alice@example.com", PASSWORD)
        # state_dir as a command run as root before the first start can
        # leave it: root's, 0755
        os.makedirs(env.state_dir, exist_ok=True)
        os.chmod(env.state_dir, 0o755)
        env.start()
        status = slurp("/proc/%d/status" % env.proc.pid)
        uids = re.search(r"^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", status,
                         re.M).groups()
        self.assertEqual(set(uids), {str(nobody.pw_uid)}, status)
        gids = re.search(r"^Gid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", status,
                         re.M).groups()
        self.assertEqual(set(gids), {str(nobody.pw_gid)})
        groups = re.search(r"^Groups:(.*)$", status, re.M).group(1).split()
        self.assertNotIn("0", groups)
        self.assertEqual(os.stat(env.state_dir).st_uid, nobody.pw_uid)
        self.assertEqual(os.stat(env.state_dir).st_mode & 0o777, 0o700)

        s = env.smtp_auth("alice@example.com", PASSWORD)
        msg = make_message("as nobody")
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    msg), {})
        s.quit()
        new = os.path.join(spool, "new")
        (name,) = wait_for(lambda: os.path.isdir(new) and os.listdir(new),
                           what="a spooled message")
        path = os.path.join(new, name)
        self.assertEqual(os.stat(path).st_uid, nobody.pw_uid)
        data = slurp(path, "rb")
        self.assertTrue(data.startswith(b"Return-Path: <alice@example.com>"
                                        b"\r\nX-Envelope-To: <bob@example.net>"
                                        b"\r\n"), data[:200])
        self.assertIn(msg, data)

        # an account added by root while it runs as nobody: still read,
        # the folder and the file given run_as's group
        env.add_user("carol@example.net", "carol pw")
        env.wait_log(r"reload \(users_dir changed\)")
        self.assertNotIn("reload (users_dir changed) failed", env.log())
        self.assertEqual(os.stat(env.users_dir).st_gid, nobody.pw_gid)
        for name in ("example.com.yaml", "example.net.yaml"):
            st = os.stat(os.path.join(env.users_dir, name))
            self.assertEqual((st.st_uid, st.st_gid, st.st_mode & 0o777),
                             (0, nobody.pw_gid, 0o640), name)
        s = env.smtp()
        self.assertEqual(smtp_auth(s, "PLAIN", "carol@example.net",
                                   "carol pw")[0], 235)
        s.quit()
        # and SIGHUP still reads the config as nobody
        env.signal(signal.SIGHUP)
        env.wait_log(r"reload \(SIGHUP\)")
        self.assertNotIn("reload (SIGHUP) failed", env.log())


class SpoolStartTest(OGTestCase):

    def start_refused(self, env, *texts):
        """env's start fails, its log saying each of texts"""
        env.write_config()
        with self.assertRaises(AssertionError) as cm:
            env.start()
        for t in texts:
            self.assertIn(t, str(cm.exception))
        env.proc.wait()
        env.proc = None
        env.log_file.close()

    def link_env(self, owner=None):
        """as root, run_as nobody, and a folder of root's (victim) a
        link points to; the link is owned by owner when given"""
        nobody = self.root_and_nobody()
        env = self.make_env(start=False, sink=None)
        env.victim = os.path.join(env.dir, "victim")
        os.makedirs(env.victim)
        os.chmod(env.victim, 0o755)
        env.link = os.path.join(env.dir, "link")
        os.symlink(env.victim, env.link)
        if owner == "nobody":
            os.lchown(env.link, nobody.pw_uid, nobody.pw_gid)
        env.config["run_as"] = "nobody"
        return env

    def test_unwritable_spool_refuses_start(self):
        """a spool next hop that cannot be written is said at the start,
        not by a 451 to every message after 'ready'"""
        env = self.make_env(start=False, sink=None)
        blocker = os.path.join(env.dir, "a-file")
        with open(blocker, "w") as f:
            f.write("not a folder\n")
        env.config["relay"] = {"next_hop": "spool:" + blocker + "/spool"}
        self.start_refused(env, "the spool folder %s/spool cannot be "
                           "written" % blocker)

    def test_spool_link_not_followed_by_root(self):
        """started as root, the daemon makes the spool folders and gives
        them to run_as, but not through a link put in the spool's place:
        its target is left alone, and the start says it cannot write"""
        env = self.link_env()
        env.config["relay"] = {"next_hop": "spool:" + env.link}
        self.start_refused(env, "is a symbolic link: not made or given "
                           "to run_as")
        self.assertEqual(os.listdir(env.victim), [])

    def test_spool_under_another_users_link(self):
        """a link another user owns higher up the spool's path: root
        makes nothing through it either"""
        env = self.link_env(owner="nobody")
        env.config["relay"] = {"next_hop": "spool:" + env.link + "/spool"}
        self.start_refused(env, "is a symbolic link another user owns")
        self.assertEqual(os.listdir(env.victim), [])


class ShutdownTest(OGTestCase):

    def test_sigterm_lets_open_sessions_finish(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.mail("alice@example.com")[0], 250)
        self.assertEqual(s.rcpt("bob@example.net")[0], 250)
        env.signal(signal.SIGTERM)
        env.wait_log(r"stopping: no new connections")
        # no new sessions
        with self.assertRaises(OSError):
            env.smtp(tls=False)
        # the open one finishes its message
        self.assertEqual(s.data(make_message("drained"))[0], 250)
        s.quit()
        rc = env.stop()
        self.assertEqual(rc, 0)
        (m,) = env.sink.wait_messages(1)
        self.assertEqual(m.header("Subject"), ["drained"])
        self.assertRegex(env.log(), r"draining 1 sessions")

    def test_sigterm_tells_idle_sessions(self):
        """RFC 5321 3.8: a session waiting for its next command when the
        daemon stops is told 421 4.3.2 within a few seconds, and the stop
        does not wait the whole drain for it"""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        # one in the middle of AUTH LOGIN, asked for its user name
        a = env.smtp()
        self.assertEqual(a.docmd("AUTH", "LOGIN")[0], 334)
        started = time.monotonic()
        env.signal(signal.SIGTERM)
        for c in (s, a):
            code, text = c.getreply()
            self.assertEqual(code, 421, text)
            self.assertIn(b"4.3.2", text)
            self.assertIn(b"shutting down", text)
        self.assertEqual(env.stop(), 0)
        self.assertLess(time.monotonic() - started, 30)
        self.assertRegex(env.log(), r"stopping: session closed")
