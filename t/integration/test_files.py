"""Files and privileges (issue 7, part 4): state files are created 0600
in folders 0700 whatever the umask, they are opened without following
symbolic links (a link planted in the state directory is neither read
nor written through), a users_dir file that is a symbolic link is a
configuration error, and the systemd unit passes systemd-analyze."""

import json
import os
import pwd
import re
import shutil
import smtplib
import stat
import subprocess
import tempfile
import time
import unittest

from harness import (OUTGUARD, TOP_SRCDIR, OGTestCase, make_message,
                     slurp, smtp_auth, smtp_client, wait_for)

PASSWORD = "files test password"
ALICE = "alice@example.com"


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


class FilesCase(OGTestCase):

    def plain_env(self, policy=None, start=True):
        env = self.make_env(start=False, listen=("none",),
                            config={"policy": policy or {}})
        env.listeners[0]["auth_without_tls"] = True
        env.write_config()
        env.add_user(ALICE, PASSWORD)
        if start:
            env.start()
        return env

    def serve_refused(self, env):
        """run serve in the foreground, expect exit 1; the log so far"""
        with open(env.log_path, "ab") as log:
            rc = subprocess.run([OUTGUARD, "-c", env.cfg_path, "serve"],
                                stdin=subprocess.DEVNULL, stdout=log,
                                stderr=log, timeout=30).returncode
        self.assertEqual(rc, 1)
        return env.log()

    def send(self, env, account=ALICE, subject="files"):
        s = smtp_client(env.port, tls=False)
        try:
            smtp_auth(s, "PLAIN", account, PASSWORD)
            return s.sendmail(account, ["bob@example.net"],
                              make_message(subject, sender=account))
        finally:
            s.close()


class StateModesTest(FilesCase):

    def test_state_files_0600_folders_0700_whatever_the_umask(self):
        env = self.plain_env(policy={"messages_per_minute": 1,
                                     "rate_refusals_to_lock": 1},
                             start=False)
        env.add_user("bob@example.com", PASSWORD)
        old = os.umask(0)
        try:
            env.start()
            env.cli("user", "lock", "bob@example.com")
        finally:
            os.umask(old)
        self.assertEqual(self.send(env), {})
        # the second recipient in a minute is refused and locks alice:
        # a lock file written by the daemon itself
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.send(env)
        acc = os.path.join(env.state_dir, "accounts")
        counters = os.path.join(acc, "alice@example.com.counters")
        wait_for(lambda: os.path.exists(counters), 5,
                 what="counters on disk")
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertTrue(st["lock"]["locked"])
        expect = {
            env.state_dir: 0o700,
            acc: 0o700,
            os.path.join(env.state_dir, "events"): 0o700,
            counters: 0o600,
            os.path.join(acc, "alice@example.com.lock"): 0o600,
            os.path.join(acc, "bob@example.com.lock"): 0o600,
            os.path.join(acc, ".lock"): 0o600,
            os.path.join(env.state_dir, "outguard.pid"): 0o600,
            os.path.join(env.state_dir, "status.json"): 0o600,
        }
        for path, m in expect.items():
            self.assertEqual(mode(path), m, "%s is %o" % (path, mode(path)))
        events = os.listdir(os.path.join(env.state_dir, "events"))
        self.assertTrue(events)
        # and nothing in the account state or the event log is open to
        # group or others
        for sub in ("accounts", "events"):
            for top, dirs, files in os.walk(os.path.join(env.state_dir,
                                                         sub)):
                for name in dirs + files:
                    path = os.path.join(top, name)
                    self.assertFalse(os.path.islink(path), path)
                    self.assertEqual(mode(path) & 0o077, 0,
                                     "%s is %o" % (path, mode(path)))


class RunAsTest(FilesCase):

    def test_no_capabilities_and_state_owned_by_run_as(self):
        nobody = self.root_and_nobody()
        env = self.plain_env(policy={"messages_per_minute": 1,
                                     "rate_refusals_to_lock": 1},
                             start=False)
        # run_as first: the user commands give users_dir to its group, as
        # the daemon (as nobody) must read it at every reload
        env.config["run_as"] = "nobody"
        env.write_config()
        env.add_user("bob@example.com", PASSWORD)
        env.start()
        status = slurp("/proc/%d/status" % env.proc.pid)
        for cap in ("CapInh", "CapPrm", "CapEff", "CapAmb"):
            m = re.search(r"^%s:\s+([0-9a-f]+)$" % cap, status, re.M)
            self.assertEqual(int(m.group(1), 16), 0, "%s %s" % (cap,
                                                               m.group(1)))
        # the threads too (each has its own credentials)
        for tid in os.listdir("/proc/%d/task" % env.proc.pid):
            st = slurp("/proc/%d/task/%s/status" % (env.proc.pid, tid))
            self.assertRegex(st, r"(?m)^CapEff:\s+0+$")
            self.assertRegex(st, r"(?m)^Uid:\s+%d\s" % nobody.pw_uid)
        # a lock written by root's CLI stays writable by the daemon
        env.cli("user", "lock", "bob@example.com")
        env.cli("user", "unlock", "bob@example.com")
        self.assertEqual(self.send(env, "bob@example.com"), {})
        self.assertEqual(self.send(env), {})
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.send(env)
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertTrue(st["lock"]["locked"])
        acc = os.path.join(env.state_dir, "accounts")
        wait_for(lambda: os.path.exists(os.path.join(
            acc, "bob@example.com.counters")), 5, what="counters")
        # all of state_dir is the daemon's; the account state and the
        # event log are for its eyes only
        for top, dirs, files in os.walk(env.state_dir):
            for name in dirs + files:
                path = os.path.join(top, name)
                st = os.lstat(path)
                self.assertEqual(st.st_uid, nobody.pw_uid, path)
                if os.path.relpath(path, env.state_dir).split(os.sep)[0] \
                        in ("accounts", "events"):
                    self.assertEqual(stat.S_IMODE(st.st_mode) & 0o077, 0,
                                     path)


class PlantedLinkTest(FilesCase):

    def plant(self, env, name, target):
        os.symlink(target, os.path.join(env.state_dir, name))

    def test_links_in_state_dir_are_not_followed(self):
        env = self.plain_env(policy={"messages_per_hour": 5,
                                     "messages_per_minute": 0,
                                     "rate_refusals_to_lock": 0},
                             start=False)
        env.add_user("bob@example.com", PASSWORD)
        env.add_user("carol@example.com", PASSWORD)
        acc = os.path.join(env.state_dir, "accounts")
        events = os.path.join(env.state_dir, "events")
        os.makedirs(acc, 0o700)
        os.makedirs(events, 0o700)
        outside = os.path.join(env.dir, "outside")
        os.makedirs(outside)
        now = int(time.time())
        # targets an attacker would like read (a lock, a used-up hour) or
        # written (anything): they must stay exactly as they are
        targets = {
            "lock": json.dumps({"locked": True, "permanent": True,
                                "reason": "planted", "since": now}),
            "counters": json.dumps({"version": 1, "account": ALICE,
                                    "sent": [[now - 5, 100]]}),
            "events": "original content\n",
            "tmp": "original content\n",
        }
        for name, text in targets.items():
            with open(os.path.join(outside, name), "w") as f:
                f.write(text)
        stamps = {n: os.stat(os.path.join(outside, n)).st_mtime_ns
                  for n in targets}
        self.plant(env, "accounts/alice@example.com.lock",
                   os.path.join(outside, "lock"))
        self.plant(env, "accounts/alice@example.com.counters",
                   os.path.join(outside, "counters"))
        day = time.strftime("%Y-%m-%d", time.gmtime())
        self.plant(env, "events/%s.jsonl" % day,
                   os.path.join(outside, "events"))
        # a dangling link: following it would create the target
        self.plant(env, "accounts/bob@example.com.lock",
                   os.path.join(outside, "created-by-bob"))
        env.start()
        # the temp file names of carol's counters, planted too
        for seq in range(400):
            self.plant(env, "accounts/carol@example.com.counters.tmp.%d.%d"
                       % (env.proc.pid, seq), os.path.join(outside, "tmp"))

        # the content of alice's planted lock is not read: a lock file
        # that is no file of its own holds her account as unreadable
        # (4xx, not the planted permanent lock), until an administrator
        # unlocks, which replaces the link with a file
        with self.assertRaises(smtplib.SMTPSenderRefused) as cm:
            self.send(env, subject="alice 0")
        self.assertEqual(cm.exception.smtp_code, 451)
        self.assertIn(b"[OG-STATE]", cm.exception.smtp_error)
        env.cli("user", "unlock", ALICE)
        alice_lock = os.path.join(acc, "alice@example.com.lock")
        self.assertTrue(stat.S_ISREG(os.lstat(alice_lock).st_mode))
        # and she is not over her hour by the links' content either
        self.assertEqual(self.send(env, subject="alice 1"), {})
        self.assertEqual(self.send(env, subject="alice 2"), {})
        self.assertEqual(self.send(env, "carol@example.com"), {})
        # the CLI writes bob's lock: the link is replaced, not followed
        env.cli("user", "lock", "bob@example.com")
        self.assertFalse(os.path.exists(os.path.join(outside,
                                                     "created-by-bob")))
        bob_lock = os.path.join(acc, "bob@example.com.lock")
        self.assertTrue(stat.S_ISREG(os.lstat(bob_lock).st_mode))
        with self.assertRaises(smtplib.SMTPSenderRefused) as cm:
            self.send(env, "bob@example.com")
        self.assertEqual(cm.exception.smtp_code, 550)
        # the daemon has written alice's counters by now (within a
        # second): in place of the link, as a file of its own
        counters = os.path.join(acc, "alice@example.com.counters")
        wait_for(lambda: stat.S_ISREG(os.lstat(counters).st_mode), 5,
                 what="alice's counters written")
        log = env.log()
        self.assertRegex(log, r"store: cannot read \S*alice@example\.com"
                              r"\.lock")
        self.assertRegex(log, r"cannot open event log")
        # the planted temp names are passed over (O_EXCL): carol's
        # counters are written under a fresh name, as a file of its own
        carol = os.path.join(acc, "carol@example.com.counters")
        wait_for(lambda: os.path.lexists(carol) and
                 stat.S_ISREG(os.lstat(carol).st_mode), 5,
                 what="carol's counters written beside the planted links")
        env.stop()
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertEqual(st["hour"]["used"], 2)
        self.assertFalse(st["lock"]["locked"])
        for name, text in targets.items():
            path = os.path.join(outside, name)
            self.assertEqual(slurp(path), text, name)
            self.assertEqual(os.stat(path).st_mtime_ns, stamps[name], name)

    def test_accounts_lock_file_link_refused(self):
        env = self.plain_env(start=False)
        acc = os.path.join(env.state_dir, "accounts")
        os.makedirs(acc, 0o700)
        target = os.path.join(env.dir, "created-through-link")
        os.symlink(target, os.path.join(acc, ".lock"))
        p = env.cli("user", "lock", ALICE, check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn(".lock", p.stderr)
        self.assertFalse(os.path.lexists(target))


class UsersDirLinkTest(FilesCase):

    def test_users_file_link_is_a_config_error(self):
        env = self.plain_env(start=False)
        link = os.path.join(env.users_dir, "example.com.yaml")
        real = os.path.join(env.dir, "example.com.yaml")
        os.rename(link, real)
        os.symlink(real, link)
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn(link, p.stderr)
        self.assertIn("symbolic link", p.stderr)
        # serve refuses to start on it
        self.assertIn("symbolic link", self.serve_refused(env))
        # a running daemon keeps its accounts when a link appears
        os.unlink(link)
        os.rename(real, link)
        env.start()
        evil = os.path.join(env.dir, "evil.example.yaml")
        shutil.copy(link, evil)
        with open(evil) as f:
            text = f.read().replace("example.com", "evil.example")
        with open(evil, "w") as f:
            f.write(text)
        os.symlink(evil, os.path.join(env.users_dir, "evil.example.yaml"))
        env.wait_log(r"evil\.example\.yaml: a symbolic link", timeout=10)
        s = smtp_client(env.port, tls=False)
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "alice@evil.example", PASSWORD)
        s.close()
        self.assertEqual(self.send(env), {})


class StateDirTrustTest(FilesCase):
    """a state_dir the group or others may write to is refused: whoever
    can write there can replace a lock file and lift a lock"""

    def test_world_writable_state_dir_refused(self):
        env = self.plain_env(start=False)
        os.makedirs(env.state_dir, exist_ok=True)
        os.chmod(env.state_dir, 0o777)
        p = env.cli("user", "lock", ALICE, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("writable by everyone (mode 0777)", p.stderr)
        # check-config says so before serve would refuse to start
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("state_dir: %s is writable by everyone" %
                      env.state_dir, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(env.state_dir,
                                                     "accounts")))
        os.chmod(env.state_dir, 0o770)
        p = env.cli("user", "stats", ALICE, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("writable by its group", p.stderr)
        # serve, run_as "" (as root): the same refusal, said in the log
        log = self.serve_refused(env)
        self.assertIn("writable by its group", log)
        self.assertIn("fatal: outguard not started", log)
        self.assertNotIn("LeakSanitizer", log)
        os.chmod(env.state_dir, 0o700)
        env.cli("user", "lock", ALICE)

    def test_state_dir_of_the_daemons_user_accepted(self):
        """the owner is not checked: a service manager may start the
        daemon as its user with run_as empty"""
        if os.geteuid() != 0:
            self.skipTest("needs root")
        env = self.plain_env(start=False)
        os.makedirs(env.state_dir, exist_ok=True)
        nobody = pwd.getpwnam("nobody")
        os.chown(env.state_dir, nobody.pw_uid, nobody.pw_gid)
        env.cli("user", "unlock", ALICE)


class PlantedFifoTest(FilesCase):
    """a FIFO where a file should be is refused, never opened blocking:
    nothing writes to it, and the daemon and the commands must not wait
    for something to"""

    def test_fifo_in_users_dir_does_not_stop_the_daemon(self):
        env = self.plain_env()
        fifo = os.path.join(env.users_dir, "zz-fifo.yaml")
        os.mkfifo(fifo)
        env.wait_log(r"zz-fifo\.yaml: not a regular file", timeout=10)
        # still greeting and relaying with the accounts it had
        self.assertEqual(self.send(env), {})
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("zz-fifo.yaml: not a regular file", p.stderr)
        p = env.cli("user", "stats", ALICE)
        self.assertIn(ALICE, p.stdout)

    def test_fifo_as_state_file_is_an_error_not_a_hang(self):
        env = self.plain_env(start=False)
        os.makedirs(env.state_dir, 0o700, exist_ok=True)
        os.mkfifo(os.path.join(env.state_dir, "hashes.json"))
        p = env.cli("hash", "list", check=False)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("hashes.json", p.stderr)
        acc = os.path.join(env.state_dir, "accounts")
        os.makedirs(acc, 0o700)
        os.mkfifo(os.path.join(acc, "alice@example.com.lock"))
        # a lock file that cannot be read holds the account (OG-STATE)
        p = env.cli("user", "stats", ALICE)
        self.assertIn("OG-STATE", p.stdout)
        self.assertIn("alice@example.com.lock", p.stderr)
        cfg = os.path.join(env.dir, "fifo.yaml")
        os.mkfifo(cfg)
        p = subprocess.run([OUTGUARD, "-c", cfg, "check-config"],
                           capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 1)
        self.assertIn("not a regular file", p.stderr)


class SystemdUnitTest(unittest.TestCase):

    UNIT = os.path.join(TOP_SRCDIR, "etc", "outguard.service")
    HARDENING = ["NoNewPrivileges=yes", "ProtectSystem=strict",
                 "PrivateTmp=yes", "ProtectHome=yes",
                 "ProtectKernelTunables=yes", "ProtectKernelModules=yes",
                 "ProtectControlGroups=yes", "LockPersonality=yes",
                 "MemoryDenyWriteExecute=yes"]

    def setUp(self):
        self.analyze = shutil.which("systemd-analyze")
        if self.analyze is None:
            self.skipTest("no systemd-analyze")
        self.dir = tempfile.mkdtemp(prefix="unit-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        # the unit as installed, with the binary under test
        self.unit = os.path.join(self.dir, "outguard.service")
        with open(self.UNIT) as f:
            text = f.read()
        with open(self.unit, "w") as f:
            f.write(text.replace("/usr/sbin/outguard", OUTGUARD))
        self.text = text

    def test_options(self):
        lines = [l.strip() for l in self.text.splitlines()]
        for opt in self.HARDENING:
            self.assertIn(opt, lines)
        caps = [l for l in lines if l.startswith("CapabilityBoundingSet=")]
        self.assertEqual(len(caps), 1)
        self.assertNotIn("CAP_SYS_ADMIN", caps[0])
        p = subprocess.run([self.analyze, "verify", "--man=no", self.unit],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=60)
        self.assertEqual((p.returncode, p.stdout.strip()), (0, ""))

    def test_exposure(self):
        p = subprocess.run([self.analyze, "security", "--offline=true",
                            "--no-pager", self.unit],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=60)
        m = re.search(r"Overall exposure level for \S+: ([0-9.]+)",
                      p.stdout)
        if m is None:
            self.skipTest("systemd-analyze security --offline: %s"
                          % p.stdout[-300:])
        # 5.9 ("MEDIUM") when this was written; weaker is a regression
        self.assertLessEqual(float(m.group(1)), 6.0, p.stdout)


if __name__ == "__main__":
    unittest.main()
