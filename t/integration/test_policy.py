"""Per-account policy end to end, with smtplib against the real daemon:
FROM rules (envelope and header), distinct recipients per day, invalid
recipients, the dry run, exact limits under 20 parallel sessions, and
counters and locks that survive a restart and a kill -9."""

import json
import smtplib
import threading
import time

from harness import (RELOAD_RX, OGTestCase, dot_stuff, events,
                     incident_of, make_message, port_open, wait_for)

PASSWORD = "policy test password"
ALICE = "alice@example.com"


class PolicyTest(OGTestCase):

    def policy_env(self, policy, sink="smtp-sink", rcpt_replies=None):
        env = self.make_env(config={"policy": policy}, start=False,
                            sink=sink, rcpt_replies=rcpt_replies)
        env.add_user(ALICE, PASSWORD)
        env.start()
        return env

    def restart(self, env):
        """start again after a stop or a kill (the log is appended to, so
        "ready" is looked for in the new part only)"""
        before = env.log().count("ready: ")
        env.start(start_sink=False)
        wait_for(lambda: env.log().count("ready: ") > before and
                 port_open(env.port), 10, what="outguard to start again")

    def send(self, s, rcpts, subject="policy", sender=ALICE,
             header_from=None):
        return s.sendmail(sender, rcpts, make_message(
            subject, sender=header_from or sender, to=rcpts[0]))

    # -- FROM restrictions

    def test_envelope_and_header_from(self):
        env = self.policy_env({})
        s = env.smtp_auth(ALICE, PASSWORD)
        # the envelope sender must be of the account's domain
        reply = s.mail("mallory@evil.test")
        self.assertReply(reply, 550, "5.7.1", "[OG-FROM]")
        inc = incident_of(reply[1])
        self.assertTrue(inc, reply)
        ev = [e for e in events(env) if e.get("incident") == inc]
        self.assertEqual(len(ev), 1)
        self.assertEqual(ev[0]["event"], "refuse")
        self.assertEqual(ev[0]["reason"], "OG-FROM")
        self.assertEqual(ev[0]["account"], ALICE)
        s.rset()
        # a subdomain of it is fine
        self.assertEqual(self.send(s, ["bob@example.net"],
                                   sender="news@lists.example.com"), {})
        # the header From: is checked at the end of DATA
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            self.send(s, ["bob@example.net"],
                      header_from="ceo@bigbank.test")
        self.assertReply(cm.exception, 550, "5.7.1", "[OG-FROM]")
        self.assertIn("bigbank.test", cm.exception.smtp_error.decode())
        s.quit()
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 1)
        self.assertEqual(msgs[0].mail_from, "<news@lists.example.com>")

    def test_null_sender_from_domain_account_only(self):
        """A customer's mail server logs in as its domain: its bounces
        (MAIL FROM:<>) are relayed. A user account's are refused, with
        the way out in the reply."""
        env = self.make_env(start=False)
        env.add_user("example.com", PASSWORD)
        env.add_user(ALICE, PASSWORD)
        env.start()
        bounce = make_message("Undelivered Mail Returned to Sender",
                              sender="MAILER-DAEMON@mail.example.com")
        s = env.smtp_auth(ALICE, PASSWORD)
        reply = s.mail("")
        self.assertReply(reply, 550, "5.7.1", "[OG-FROM]")
        self.assertIn("domain's account", reply[1].decode())
        s.rset()
        s.quit()
        s = env.smtp_auth("example.com", PASSWORD)
        self.assertEqual(s.sendmail("", ["bob@example.net"], bounce), {})
        s.quit()
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 1)
        self.assertEqual(msgs[0].mail_from, "<>")

    def test_open_session_follows_account_changes(self):
        """A session opened before the administrator dealt with the
        account does not go on as before: new limits apply from its
        next transaction; a disabled account or a new password ends it
        with 421 at the next MAIL."""
        env = self.policy_env({})
        env.add_user("carol@example.com", PASSWORD)

        def edit(*args):
            before = len(RELOAD_RX.findall(env.log()))
            env.cli(*args, input="another password\n")
            wait_for(lambda: len(RELOAD_RX.findall(env.log())) > before,
                     10, what="the daemon's reload")

        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(self.send(s, ["bob@example.net"], "one"), {})
        edit("user", "set", ALICE, "messages_per_minute=2")
        self.assertEqual(self.send(s, ["c@example.net"], "two"), {})
        with self.assertRaises(smtplib.SMTPRecipientsRefused) as cm:
            self.send(s, ["d@example.net"], "three")
        self.assertEqual(cm.exception.recipients["d@example.net"][0], 451)
        s.rset()
        for who, change, why in (
                (ALICE, ("user", "set", ALICE, "enabled=false"),
                 "was disabled"),
                ("carol@example.com", ("user", "passwd",
                                       "carol@example.com",
                                       "--password-stdin"),
                 "has a new password")):
            s = env.smtp_auth(who, PASSWORD)
            edit(*change)
            code, text = s.mail(who)
            self.assertEqual(code, 421, text)
            self.assertIn(("account %s %s" % (who, why)).encode(), text)
            with self.assertRaises(smtplib.SMTPServerDisconnected):
                s.noop()
        env.wait_log(r"account carol@example\.com has a new password "
                     r"since the login: session closed")

    # -- recipients

    def test_distinct_recipients_per_day_lock(self):
        env = self.policy_env({"max_recipients_per_day": 3})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(self.send(s, ["r1@example.net", "r2@example.net",
                                       "r3@example.net"]), {})
        # the same recipients again are not new ones
        self.assertEqual(self.send(s, ["R1@EXAMPLE.NET"]), {})
        self.assertReply(s.mail(ALICE), 250)
        self.assertReply(s.rcpt("r1@example.net"), 250)
        self.assertReply(s.rcpt("r4@example.net"), 550, "5.7.1",
                         "[OG-RCPTDAY]")
        # reaching the daily limit is an abuse signal: locked, and the
        # transaction that reached it goes no further: its DATA command
        # is refused before any of the message is sent
        self.assertReply(s.docmd("DATA"), 451, "4.7.1", "[OG-LOCKED]")
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        s.quit()
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertTrue(st["lock"]["locked"])
        self.assertEqual(st["lock"]["reason"], "OG-RCPTDAY")

    def test_invalid_recipients_lock(self):
        bad = {"nobody%d@example.net" % i:
               "550 5.1.1 <nobody%d@example.net>: no such user" % i
               for i in range(3)}
        env = self.policy_env({"invalid_recipient_limit": 3},
                              sink="script", rcpt_replies=bad)
        s = env.smtp_auth(ALICE, PASSWORD)
        s.mail(ALICE)
        # refused by the next hop: reported per recipient, counted
        for i in range(2):
            self.assertReply(s.rcpt("nobody%d@example.net" % i), 550,
                             "5.1.1", "no such user")
        # a syntax error counts too
        self.assertEqual(s.rcpt("<not an address>")[0], 501)
        s.rset()
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        s.quit()
        why = env.cli("user", "why", ALICE).stdout
        self.assertIn("OG-INVALID", why)

    def test_next_hop_trouble_is_no_invalid_recipient(self):
        """Only a refusal about the address (X.1.Z, or 550/551/553 without
        an enhanced code) counts as an invalid recipient: a next hop that
        denies relaying or mistakes the protocol locks nobody. Each
        refusal is in the event log with the next hop's reply, where
        `user why` finds it."""
        bad = {"denied%d@example.net" % i:
               "554 5.7.1 <denied%d@example.net>: Relay access denied" % i
               for i in range(4)}
        bad["confused@example.net"] = "503 5.5.1 Error: need MAIL command"
        bad["gone@example.net"] = "550 5.1.1 <gone@example.net>: no such user"
        env = self.policy_env({"invalid_recipient_limit": 2},
                              sink="script", rcpt_replies=bad)
        s = env.smtp_auth(ALICE, PASSWORD)
        s.mail(ALICE)
        for i in range(4):
            code, text = s.rcpt("denied%d@example.net" % i)
            self.assertReply((code, text), 554, "5.7.1", "Relay access")
            self.assertRegex(text, rb"\(incident [0-9a-f]{8}\)$")
        self.assertEqual(s.rcpt("confused@example.net")[0], 503)
        self.assertReply(s.rcpt("gone@example.net"), 550, "5.1.1",
                         "no such user")
        s.rset()
        # one invalid recipient of the two allowed: not locked
        self.assertEqual(s.mail(ALICE)[0], 250)
        s.quit()
        evs = [e for e in events(env) if e.get("reason") == "OG-NEXTHOP"]
        self.assertEqual(sorted(e["rcpt"] for e in evs),
                         sorted(["confused@example.net", "gone@example.net"] +
                                ["denied%d@example.net" % i
                                 for i in range(4)]))
        self.assertTrue(all(e["event"] == "refuse" and e.get("incident")
                            for e in evs), evs)
        gone = [e for e in evs if e["rcpt"] == "gone@example.net"][0]
        self.assertEqual(gone["detail"], "next hop: 550 5.1.1 "
                         "<gone@example.net>: no such user")
        why = env.cli("user", "why", ALICE).stdout
        self.assertNotIn("OG-INVALID", why)
        self.assertIn("refuse OG-NEXTHOP", why)
        self.assertIn("rcpt=gone@example.net", why)
        self.assertIn("Relay access denied", why)

    # -- rate limits at RCPT

    def test_one_message_over_the_minute_limit_is_one_refusal(self):
        """A pipelined message to more recipients than the minute allows:
        the first get 250, the rest 451 [OG-RATE] (flow control, not
        errors: the session survives 25 of them), the message goes to
        the accepted ones, and it counts as one rate refusal, not 25."""
        env = self.policy_env({"messages_per_minute": 5,
                               "rate_refusals_to_lock": 2,
                               "max_recipients_per_day": 1000})
        s = env.smtp_auth(ALICE, PASSWORD)
        rcpts = ["r%02d@example.net" % i for i in range(30)]
        s.send("MAIL FROM:<%s>\r\n" % ALICE +
               "".join("RCPT TO:<%s>\r\n" % r for r in rcpts) + "DATA\r\n")
        self.assertEqual(s.getreply()[0], 250)
        replies = [s.getreply() for _ in rcpts]
        self.assertEqual([c for c, _ in replies[:5]], [250] * 5)
        for reply in replies[5:]:
            self.assertReply(reply, 451, "4.7.1", "[OG-RATE]")
        self.assertEqual(s.getreply()[0], 354)
        s.send(dot_stuff(make_message("to many", to=rcpts[0])) +
               b".\r\n")
        self.assertEqual(s.getreply()[0], 250)
        self.assertEqual(s.noop()[0], 250)
        # not locked: one refused message so far
        self.assertReply(s.mail(ALICE), 250)
        # a second message over the limit is the second refusal: locked
        self.assertReply(s.rcpt("bob@example.net"), 451, "4.7.1",
                         "[OG-RATE]")
        s.rset()
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        s.quit()
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 1)
        self.assertEqual(sorted(msgs[0].rcpts),
                         ["<%s>" % r for r in rcpts[:5]])

    # -- dry run

    def test_dry_run_lets_mail_through(self):
        env = self.policy_env({"enforce": False, "messages_per_minute": 1,
                               "rate_refusals_to_lock": 1})
        s = env.smtp_auth(ALICE, PASSWORD)
        for i in range(3):
            self.assertEqual(self.send(s, ["bob@example.net"],
                                       subject="dry %d" % i), {})
        self.assertEqual(self.send(s, ["bob@example.net"],
                                   sender="other@evil.test"), {})
        s.quit()
        self.assertEqual(len(env.final_messages()), 4)
        kinds = {(e["event"], e.get("reason")) for e in events(env)}
        self.assertIn(("would_refuse", "OG-RATE"), kinds)
        self.assertIn(("would_refuse", "OG-FROM"), kinds)
        self.assertIn(("would_lock", "OG-RATE"), kinds)
        self.assertNotIn(("lock", "OG-RATE"), kinds)
        # three rate refusals, one episode: the later ones would have
        # met the lock the first would have made, so one would_lock
        evs = events(env)
        self.assertEqual(sum(e["event"] == "would_refuse" and
                             e.get("reason") == "OG-RATE" for e in evs), 3)
        self.assertEqual(sum(e["event"] == "would_lock" for e in evs), 1)
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertFalse(st["lock"]["locked"])

    # -- exact under concurrency

    def test_parallel_sessions_get_exactly_the_limit(self):
        limit = 7
        env = self.policy_env({"messages_per_minute": 0,
                               "messages_per_hour": limit,
                               "rate_refusals_to_lock": 0})
        results = []
        lock = threading.Lock()
        barrier = threading.Barrier(20)

        def client(i):
            try:
                # 20 TLS handshakes under the sanitizers on a loaded
                # machine may take a while: wait generously
                s = env.smtp_auth(ALICE, PASSWORD)
                barrier.wait(120)
                try:
                    refused = self.send(s, ["p%d@example.net" % i],
                                        subject="parallel %d" % i)
                    outcome = "sent" if not refused else "refused"
                except smtplib.SMTPRecipientsRefused as e:
                    code, msg = list(e.recipients.values())[0]
                    outcome = "rate" if code == 451 and \
                        b"[OG-RATE]" in msg else \
                        "other %d %r" % (code, msg)
                s.quit()
            except Exception as e:  # reported in the comparison below
                outcome = "client %d failed: %r" % (i, e)
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=client, args=(i,))
                   for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        self.assertEqual(sorted(results),
                         sorted(["sent"] * limit + ["rate"] * (20 - limit)))
        self.assertEqual(len(env.final_messages()), limit)

    # -- persistence

    def test_counters_survive_a_restart(self):
        env = self.policy_env({"messages_per_minute": 0,
                               "messages_per_hour": 3,
                               "rate_refusals_to_lock": 0})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(self.send(s, ["a@example.net", "b@example.net"]),
                         {})
        s.quit()
        self.assertEqual(env.stop(), 0)
        self.restart(env)
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(self.send(s, ["c@example.net"]), {})
        with self.assertRaises(smtplib.SMTPRecipientsRefused) as cm:
            self.send(s, ["d@example.net"])
        code, msg = cm.exception.recipients["d@example.net"]
        self.assertReply((code, msg), 451, "4.7.1", "[OG-RATE]")
        s.quit()

    def test_kill9_loses_no_lock_and_at_most_a_second(self):
        env = self.policy_env({"messages_per_minute": 0,
                               "messages_per_hour": 2,
                               "rate_refusals_to_lock": 1})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(self.send(s, ["a@example.net"]), {})
        self.assertEqual(self.send(s, ["b@example.net"]), {})
        # counters reach the disk within a second ...
        time.sleep(1.5)
        # ... and a lock before its reply: the third recipient is refused
        # and that refusal locks the account; killed right after
        with self.assertRaises(smtplib.SMTPRecipientsRefused):
            self.send(s, ["c@example.net"])
        env.proc.kill()
        env.proc.wait()
        env.proc = None
        env.log_file.close()
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertTrue(st["lock"]["locked"])
        self.assertEqual(st["lock"]["reason"], "OG-RATE")
        self.assertEqual(st["hour"]["used"], 2)
        self.restart(env)
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        s.rset()
        # unlocked, the hour is still used up
        env.cli("user", "unlock", ALICE)
        with self.assertRaises(smtplib.SMTPRecipientsRefused) as cm:
            self.send(s, ["d@example.net"])
        code, msg = cm.exception.recipients["d@example.net"]
        self.assertReply((code, msg), 451, "4.7.1", "[OG-RATE]")
        s.quit()
