"""Account locks end to end: `outguard user lock|unlock|reset|stats|why`
against a running daemon, automatic locks from rate refusals with their
evidence, the notifications of a new lock (notify.command and the mail to
notify.admin through the next hop), and the permanent lock after
max_unlocks_by_timeout."""

import json
import os
import smtplib
import time

from harness import OGTestCase, make_message, wait_for

PASSWORD = "lock test password"
ALICE = "alice@example.com"
ADMIN = "postmaster-admin@example.net"

# notify.command for the tests: each call appends its arguments and its
# stdin (one JSON line) to files next to it.  Plain sh, as an
# administrator would write it; PATH is all it gets.
HOOK = """#!/bin/sh
here=$(dirname "$0")
printf '%s|%s|%s\\n' "$#" "$1" "$PATH" >> "$here/hook.args"
cat >> "$here/hook.stdin"
echo "hook saw $1"
"""


def send(s, subject, rcpt="bob@example.net"):
    """One message through an authenticated smtplib session; sendmail's
    dict of refused recipients (raises when all are refused)."""
    return s.sendmail(ALICE, [rcpt], make_message(subject, sender=ALICE,
                                                  to=rcpt))


class LockTest(OGTestCase):

    def make_lock_env(self, policy=None, notify=None, start=True):
        config = {}
        if policy:
            config["policy"] = policy
        if notify:
            config["notify"] = notify
        env = self.make_env(config=config, start=False)
        env.add_user(ALICE, PASSWORD)
        if start:
            env.start()
        return env

    def hook_env(self, policy):
        """An env whose notify.command is HOOK and notify.admin ADMIN."""
        env = self.make_lock_env(policy=policy, start=False)
        hook = os.path.join(env.dir, "hook.sh")
        with open(hook, "w") as f:
            f.write(HOOK)
        os.chmod(hook, 0o755)
        env.config["notify"] = {"admin": ADMIN, "command": hook,
                                "command_timeout": "5s"}
        env.write_config()
        env.start()
        return env

    @staticmethod
    def hook_calls(env):
        """[(args line, lock object)] for each completed hook call."""
        def lines(name):
            try:
                with open(os.path.join(env.dir, name)) as f:
                    return f.read().splitlines()
            except FileNotFoundError:
                return []
        args, stdin = lines("hook.args"), lines("hook.stdin")
        return [(a, json.loads(j)) for a, j in zip(args, stdin)]

    def stats(self, env, account=ALICE):
        return json.loads(env.cli("user", "stats", account, "--json").stdout)

    def settled_stats(self, env, **used):
        """stats once the daemon's counters reached the disk (it writes
        them within a second): when each key has the given used count."""
        state = {}

        def ready():
            state["st"] = self.stats(env)
            return all(state["st"][k]["used"] == n for k, n in used.items())
        wait_for(ready, timeout=6.0, interval=0.1,
                 what="counters %r on disk" % used)
        return state["st"]

    def admin_mails(self, env):
        return [m for m in env.sink.messages()
                if m.rcpts == ["<%s>" % ADMIN]]

    # ------------------------------------------------------------ tests

    def test_cli_lock_and_unlock_while_running(self):
        env = self.make_lock_env()
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(send(s, "before the lock"), {})

        out = env.cli("user", "lock", ALICE, "--reason",
                      "ticket 4711: phished").stdout
        self.assertIn("locked until an administrator unlocks it", out)
        t0 = time.monotonic()
        # the same session's next transaction already sees it
        self.assertReply(s.mail(ALICE), 550, "5.7.1", "[OG-LOCKED]")
        self.assertLess(time.monotonic() - t0, 1.0)
        # and so does a new session
        s2 = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPSenderRefused) as cm:
            send(s2, "while locked")
        self.assertReply(cm.exception, 550, "5.7.1", "[OG-LOCKED]")
        s2.quit()

        st = self.stats(env)
        self.assertTrue(st["lock"]["locked"])
        self.assertTrue(st["lock"]["permanent"])
        self.assertFalse(st["lock"]["automatic"])
        self.assertEqual(st["lock"]["reason"], "admin")
        self.assertEqual(st["lock"]["detail"], "ticket 4711: phished")
        self.assertIsNone(st["lock"]["until"])
        why = env.cli("user", "why", ALICE).stdout
        self.assertIn("is locked since", why)
        self.assertIn("ticket 4711: phished", why)
        self.assertIn("OG-LOCKED", why)  # the refusal, from the event log

        out = env.cli("user", "unlock", ALICE).stdout
        self.assertIn("unlocked", out)
        s.rset()
        self.assertEqual(send(s, "after the unlock"), {})
        s.quit()
        subjects = sorted(m.header("Subject")[0]
                          for m in env.final_messages())
        self.assertEqual(subjects, ["after the unlock", "before the lock"])
        # an administrator lock is no news to the administrator
        self.assertNotIn("notify:", env.log())

    def test_longest_names_keep_their_state(self):
        """a domain of 253 octets and a user of it: their files in
        users_dir and state_dir fit a file system's 255-octet names, and
        a lock set by the command line holds"""
        env = self.make_lock_env(start=False)
        domain = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 57,
                           "exa"])
        self.assertEqual(len(domain), 253)
        user = "u" * 60 + "@" + domain
        env.add_user(domain, PASSWORD)
        env.add_user(user, PASSWORD)
        env.cli("user", "lock", user, "--reason", "long")
        st = json.loads(env.cli("user", "stats", user, "--json").stdout)
        self.assertTrue(st["lock"]["locked"])
        self.assertFalse(json.loads(env.cli("user", "stats", domain,
                                            "--json").stdout)
                         ["lock"]["locked"])
        for d in (env.users_dir, os.path.join(env.state_dir, "accounts")):
            for name in os.listdir(d):
                self.assertLessEqual(len(name), 230, name)
        env.start()
        self.assertIn("locked", env.cli("user", "stats", user).stdout)

    def test_damaged_lock_file_holds_the_account(self):
        """A lock file that cannot be read (it may have held a permanent
        lock) never unlocks the account: mail is deferred with
        [OG-STATE], the CLI says why, and an unlock writes a good file."""
        env = self.make_lock_env(start=False)
        env.cli("user", "lock", ALICE, "--reason", "phished")
        path = os.path.join(env.state_dir, "accounts", ALICE + ".lock")
        with open(path, "wb") as f:
            f.write(os.urandom(64).replace(b"{", b"x"))
        env.start()
        s = env.smtp_auth(ALICE, PASSWORD)
        reply = s.mail(ALICE)
        self.assertReply(reply, 451, "4.3.0", "[OG-STATE]")
        self.assertIn("cannot be read", reply[1].decode())
        st = self.stats(env)
        self.assertTrue(st["lock"]["locked"])
        self.assertEqual(st["lock"]["reason"], "OG-STATE")
        why = env.cli("user", "why", ALICE).stdout
        self.assertIn("the lock file cannot be read", why)
        out = env.cli("user", "unlock", ALICE).stdout
        self.assertIn("unlocked", out)
        s.rset()
        self.assertEqual(send(s, "after the unlock"), {})
        s.quit()
        with open(path) as f:
            self.assertFalse(json.load(f)["locked"])

    def test_timed_lock_expires_by_itself(self):
        env = self.make_lock_env()
        out = env.cli("user", "lock", ALICE, "--for", "4s").stdout
        self.assertRegex(out, r"locked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
        st = self.stats(env)
        self.assertTrue(st["lock"]["locked"])
        self.assertFalse(st["lock"]["permanent"])
        self.assertRegex(st["lock"]["until"], r"Z$")
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        s.rset()

        def flows():
            code, _ = s.mail(ALICE)
            s.rset()
            return code == 250
        # every refusal counts toward the session's error limit (20):
        # ask twice a second, not faster
        wait_for(flows, timeout=8.0, interval=0.5, what="the lock to end")
        self.assertEqual(send(s, "after the timed lock"), {})
        s.quit()
        st = self.stats(env)
        self.assertFalse(st["lock"]["locked"])
        # administrator locks never count as unlocks by timeout
        self.assertEqual(st["lock"]["unlocks"], 0)

    def test_automatic_lock_evidence_and_notifications(self):
        two = "evidence two =?utf-8?q?gr=C3=BC=C3=9Fe?="
        env = self.hook_env({"messages_per_minute": 2,
                             "rate_refusals_to_lock": 3})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(send(s, "evidence one"), {})
        self.assertEqual(send(s, two), {})
        for i in range(3):
            with self.assertRaises(smtplib.SMTPRecipientsRefused) as cm:
                send(s, "over the limit %d" % i)
            (code, text), = cm.exception.recipients.values()
            self.assertReply((code, text), 451, "4.7.1", "[OG-RATE]")
        # locked now: MAIL is refused, and more attempts lock nothing new
        for _ in range(2):
            self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
            s.rset()
        s.quit()

        st = self.settled_stats(env, minute=2, rate_refusals_hour=3)
        self.assertEqual(st["minute"]["used"], 2)
        self.assertEqual(st["minute"]["limit"], 2)
        self.assertGreater(st["minute"]["frees_in"], 0)
        self.assertLessEqual(st["minute"]["frees_in"], 60)
        self.assertEqual(st["hour"]["used"], 2)
        self.assertEqual(st["rate_refusals_hour"],
                         {"used": 3, "limit": 3})
        self.assertEqual(st["recipients_day"]["used"], 1)
        self.assertTrue(st["lock"]["locked"])
        self.assertTrue(st["lock"]["automatic"])
        self.assertFalse(st["lock"]["permanent"])
        self.assertEqual(st["lock"]["reason"], "OG-RATE")
        self.assertEqual(st["lock"]["max_unlocks_by_timeout"], 3)
        self.assertIsNone(st["domain_lock"])

        why = env.cli("user", "why", ALICE).stdout
        self.assertIn("OG-RATE", why)
        self.assertIn("Messages before the lock", why)
        self.assertIn("Subject: evidence one", why)
        # shown as people read it: the encoded-word decoded
        self.assertIn("Subject: evidence two gr\u00fc\u00dfe\n", why)
        self.assertIn("rate_refusals_hour=3", why)
        self.assertIn("outguard user unlock " + ALICE, why)
        wj = json.loads(env.cli("user", "why", ALICE, "--json").stdout)
        self.assertTrue(wj["locked"])
        self.assertTrue(wj["evidence_at_lock"])
        self.assertEqual([e["subject"] for e in wj["evidence"]],
                         [two, "evidence one"])
        self.assertTrue(all(e["client"] == "127.0.0.1" and
                            e["message_id"].startswith("<evidence")
                            for e in wj["evidence"]))
        kinds = [(e.get("event"), e.get("reason")) for e in wj["events"]]
        self.assertEqual(kinds.count(("defer", "OG-RATE")), 3)
        self.assertEqual(kinds.count(("lock", "OG-RATE")), 1)
        # a timed lock defers (4xx): the client keeps its mail
        self.assertEqual(kinds.count(("defer", "OG-LOCKED")), 2)

        # notify.command: once, with the account as its only argument,
        # the minimal PATH, and the lock on stdin
        calls = wait_for(lambda: self.hook_calls(env), what="the hook")
        env.wait_log(r"notify: \S+hook\.sh alice@example\.com exit=0 "
                     r"output=\"hook\\x20saw")
        args, lock = calls[0]
        self.assertEqual(args, "1|%s|/usr/bin:/bin" % ALICE)
        self.assertEqual(lock["account"], ALICE)
        self.assertEqual(lock["reason"], "OG-RATE")
        self.assertEqual(lock["detail"], st["lock"]["detail"])
        self.assertFalse(lock["permanent"])
        self.assertEqual(lock["since"], st["lock"]["since"])
        self.assertEqual(lock["until"], st["lock"]["until"])
        self.assertEqual(lock["unlocks"], 0)
        self.assertEqual(lock["hostname"], "mx.test")

        # the administrator's mail, through the next hop
        mails = wait_for(lambda: self.admin_mails(env),
                         what="the admin notification")
        env.wait_log(r"notify: mailed %s" % ADMIN)
        msgs = env.final_messages()  # stops the daemon: nothing pending
        self.assertEqual(len(self.hook_calls(env)), 1)
        mails = [m for m in msgs if m.rcpts == ["<%s>" % ADMIN]]
        self.assertEqual(len(mails), 1)
        m = mails[0]
        self.assertEqual(m.mail_from.split(" ")[0], "<postmaster@mx.test>")
        self.assertEqual(m.header("Subject"),
                         ["outguard: account %s locked (OG-RATE)" % ALICE])
        self.assertEqual(m.header("Auto-Submitted"), ["auto-generated"])
        self.assertEqual(m.header("To"), ["<%s>" % ADMIN])
        self.assertEqual(len(m.header("Date")), 1)
        self.assertRegex(m.header("Message-ID")[0], r"^<[^@>]+@mx\.test>$")
        body = m.message.split(b"\n\n", 1)[1].decode()
        self.assertIn("outguard user why " + ALICE, body)
        self.assertIn("outguard user unlock " + ALICE, body)
        self.assertIn(st["lock"]["detail"], body)
        self.assertEqual(sorted(x.header("Subject")[0] for x in msgs
                                if x not in mails),
                         ["evidence one", two])

    def test_reset_clears_counters_and_daemon_honours_it(self):
        env = self.make_lock_env(policy={"messages_per_minute": 2,
                                         "rate_refusals_to_lock": 3})
        s = env.smtp_auth(ALICE, PASSWORD)
        send(s, "one")
        send(s, "two")
        for i in range(3):
            with self.assertRaises(smtplib.SMTPRecipientsRefused):
                send(s, "refused %d" % i)
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        s.rset()
        # the daemon writes counters within a second; reset after that
        self.settled_stats(env, minute=2, rate_refusals_hour=3)

        out = env.cli("user", "reset", ALICE).stdout
        self.assertIn("counters cleared", out)
        st = self.stats(env)
        for key in ("minute", "hour", "recipients_day", "invalid_day",
                    "rate_refusals_hour"):
            self.assertEqual(st[key]["used"], 0, key)
        self.assertTrue(st["lock"]["locked"])  # reset is not unlock
        env.cli("user", "unlock", ALICE)
        # with the old counters the minute window would still be full
        self.assertEqual(send(s, "after reset"), {})
        self.assertEqual(send(s, "after reset 2"), {})
        s.quit()
        st = self.settled_stats(env, minute=2, rate_refusals_hour=0)
        self.assertFalse(st["lock"]["locked"])

    def test_deleted_account_state_is_not_inherited(self):
        """`user del` clears the account's lock and counters, with the
        daemon running: the same name added again (a new customer, an
        address given to someone else) starts clean."""
        env = self.make_lock_env()
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(send(s, "before del"), {})
        s.quit()
        self.settled_stats(env, minute=1)
        env.cli("user", "lock", ALICE, "--reason", "old customer abuse")
        env.user_change("del", ALICE)
        env.add_user(ALICE, PASSWORD)
        st = self.stats(env)
        self.assertFalse(st["lock"]["locked"], st["lock"])
        self.assertEqual(st["minute"]["used"], 0)
        self.assertEqual(st["hour"]["used"], 0)
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(send(s, "after re-add"), {})
        s.quit()
        # the daemon dropped its copy too: one message counted, not two
        st = self.settled_stats(env, minute=1)
        self.assertEqual(st["hour"]["used"], 1)

    def test_permanent_after_max_unlocks_by_timeout(self):
        env = self.hook_env({"messages_per_minute": 1,
                             "rate_refusals_to_lock": 1,
                             "user_lock_time": "3s",
                             "max_unlocks_by_timeout": 1})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(send(s, "the one of this minute"), {})
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            send(s, "first refusal")
        st = self.stats(env)
        self.assertTrue(st["lock"]["locked"])
        self.assertFalse(st["lock"]["permanent"])

        # the first automatic lock ends by itself after user_lock_time
        def unlocked():
            code, _ = s.mail(ALICE)
            s.rset()
            return code == 250
        # twice a second: each refusal counts toward the error limit
        wait_for(unlocked, timeout=8.0, interval=0.5,
                 what="the automatic lock to time out")
        self.assertEqual(self.stats(env)["lock"]["unlocks"], 1)

        # the next one is permanent: the unlock count reached the maximum
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            send(s, "second refusal")
        st = self.stats(env)
        self.assertTrue(st["lock"]["locked"])
        self.assertTrue(st["lock"]["permanent"])
        self.assertIsNone(st["lock"]["until"])
        self.assertEqual(st["lock"]["unlocks"], 1)
        self.assertReply(s.mail(ALICE), 550, "5.7.1",
                         "until an administrator unlocks it")
        s.rset()
        why = env.cli("user", "why", ALICE).stdout
        self.assertIn("permanently", why)
        self.assertIn("so this lock is permanent", why)
        calls = wait_for(lambda: len(self.hook_calls(env)) >= 2 and
                         self.hook_calls(env), what="two hook calls")
        self.assertEqual([c[1]["permanent"] for c in calls], [False, True])
        self.assertIsNone(calls[1][1]["until"])
        self.assertEqual(calls[1][1]["unlocks"], 1)

        # an administrator's unlock clears the lock and the count
        env.cli("user", "unlock", ALICE)
        st = self.stats(env)
        self.assertFalse(st["lock"]["locked"])
        self.assertEqual(st["lock"]["unlocks"], 0)
        self.assertReply(s.mail(ALICE), 250)
        s.rset()
        s.quit()
        wait_for(lambda: len(self.admin_mails(env)) == 2,
                 what="two admin notifications")
        env.stop()
        self.assertEqual(len(self.hook_calls(env)), 2)

    def test_admin_lock_after_an_ended_automatic_lock_keeps_its_count(self):
        env = self.hook_env({"messages_per_minute": 1,
                             "rate_refusals_to_lock": 1,
                             "user_lock_time": "2s",
                             "max_unlocks_by_timeout": 5})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(send(s, "the one of this minute"), {})
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            send(s, "refused, locks")
        s.quit()
        self.assertTrue(self.stats(env)["lock"]["automatic"])
        # the lock ends by timeout with no session to notice it; the
        # administrator's lock that follows must not lose that unlock
        time.sleep(2.5)
        env.cli("user", "lock", ALICE, "--for", "1h", "--reason", "x")
        st = self.stats(env)
        self.assertTrue(st["lock"]["locked"])
        self.assertFalse(st["lock"]["automatic"])
        self.assertEqual(st["lock"]["unlocks"], 1)

    def test_cli_without_daemon_and_errors(self):
        env = self.make_lock_env(start=False)
        env.add_user("example.org", PASSWORD)
        env.add_user("192.0.2.0/24")
        env.cli("user", "set", "example.org", "messages_per_hour=0")

        p = env.cli("user", "stats", "--json")
        rows = json.loads(p.stdout)
        self.assertEqual(sorted(r["account"] for r in rows),
                         sorted(["example.com", ALICE, "example.org",
                                 "192.0.2.0/24"]))
        org = [r for r in rows if r["account"] == "example.org"][0]
        self.assertIsNone(org["hour"]["limit"])  # 0: unlimited
        self.assertEqual(org["kind"], "domain")
        text = env.cli("user", "stats").stdout
        self.assertRegex(text, r"(?m)^ACCOUNT\s+MINUTE\s+HOUR")
        self.assertRegex(text, r"(?m)^example\.org\s+0/30\s+0/unlimited")
        self.assertIn("0 (unlimited)",
                      env.cli("user", "stats", "example.org").stdout)

        # a domain lock stops its users too, and says so
        env.cli("user", "lock", "example.com", "--for", "1h")
        st = self.stats(env)
        self.assertFalse(st["lock"]["locked"])
        self.assertEqual(st["domain_lock"]["domain"], "example.com")
        why = env.cli("user", "why", ALICE).stdout
        self.assertIn("is not locked", why)
        self.assertIn("its domain example.com is locked", why)
        env.cli("user", "unlock", "example.com")

        for args, rc, msg in (
                (("lock", "nobody@example.com"), 1, "no such account"),
                (("why", "nobody@example.com"), 1, "no such account"),
                (("stats", "example.net"), 1, "no such account"),
                (("unlock", "not an account"), 1, "invalid account"),
                (("lock", ALICE, "--for", "soon"), 2, "invalid --for"),
                (("lock", ALICE, "--for", "0"), 2, "invalid --for"),
                (("lock", ALICE, "--for"), 2, "needs a value"),
                (("lock", ALICE, "--reason", "two\nlines"), 2,
                 "invalid --reason"),
                (("reset", ALICE, "--json"), 2, "unknown option"),
                (("why",), 2, "usage:")):
            p = env.cli("user", *args, check=False)
            self.assertEqual(p.returncode, rc, (args, p.stderr))
            self.assertIn(msg, p.stderr, args)
            self.assertEqual(p.stdout, "", args)

    def test_notify_config_checked(self):
        env = self.make_lock_env(start=False)
        for notify, msg in (({"command": "hook.sh"},
                             "expected an absolute path"),
                            ({"admin": "not an address"},
                             "expected an address"),
                            ({"from": ""}, "expected an address"),
                            ({"command_timeout": "0s"}, "out of range"),
                            ({"mail": "x@example.net"}, "unknown key")):
            cfg = dict(env.config, notify=notify)
            env.write_config(cfg)
            p = env.cli("check-config", check=False)
            self.assertEqual(p.returncode, 1, notify)
            self.assertRegex(p.stderr, r"outguard\.yaml:\d+:\d+: ", notify)
            self.assertIn(msg, p.stderr, notify)
        env.write_config(dict(env.config, notify={
            "admin": ADMIN, "from": "outguard@mx.test",
            "command": "/bin/true", "command_timeout": "10s"}))
        env.cli("check-config")

    def test_notify_command_killed_after_timeout(self):
        env = self.make_lock_env(start=False)
        hook = os.path.join(env.dir, "slow-hook.sh")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\n"
                    "sleep 30 &\n"
                    "echo \"$$ $!\" > \"$(dirname \"$0\")/pids\"\n"
                    "exec sleep 30\n")
        os.chmod(hook, 0o755)
        env.config["policy"] = {"messages_per_minute": 1,
                                "rate_refusals_to_lock": 1}
        env.config["notify"] = {"command": hook, "command_timeout": "1s"}
        env.write_config()
        env.start()
        s = env.smtp_auth(ALICE, PASSWORD)
        send(s, "one")
        t0 = time.monotonic()
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            send(s, "locks")
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        # the session never waits for the notification
        self.assertLess(time.monotonic() - t0, 1.0)
        s.rset()
        s.quit()
        env.wait_log(r"notify: \S+slow-hook\.sh alice@example\.com killed "
                     r"after 1s", timeout=5.0)
        pids = [int(p) for p in open(os.path.join(env.dir, "pids")).read()
                .split()]

        def gone(pid):
            try:
                with open("/proc/%d/stat" % pid) as f:
                    return f.read().rsplit(")", 1)[1].split()[0] in "ZX"
            except FileNotFoundError:
                return True
        # the whole process group, background children included
        wait_for(lambda: all(gone(p) for p in pids), timeout=3.0,
                 what="the hook's processes to be killed")

    def test_notify_command_failure_logged(self):
        env = self.make_lock_env(
            policy={"messages_per_minute": 1, "rate_refusals_to_lock": 1},
            notify={"command": "/nonexistent/hook"})
        s = env.smtp_auth(ALICE, PASSWORD)
        send(s, "one")
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            send(s, "locks")
        s.quit()
        env.wait_log(r"notify: /nonexistent/hook alice@example\.com "
                     r"exit=127 \(cannot execute\)")
