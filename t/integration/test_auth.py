"""AUTH: STARTTLS first, wrong passwords and bans, accounts edited while
the daemon runs, and passwords kept out of the log."""

import os
import re
import smtplib
import time

from harness import (LOCAL, OGTestCase, RawSMTP, b64, events,
                     insecure_tls_context, make_message, plain_token, slurp,
                     smtp_auth)

PASSWORD = "s3cret-Pa55word"


class AuthTest(OGTestCase):

    def plain_session(self):
        """a daemon with alice, and a raw session greeted, before EHLO"""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        env.wait_log(r"reload \(users_dir changed\)")
        c = RawSMTP(env.port)
        c.greeting()
        return c

    def tls_session(self):
        """the same after EHLO, STARTTLS and EHLO again"""
        c = self.plain_session()
        c.ehlo()
        c.starttls()
        c.ehlo()
        return c

    def test_auth_needs_starttls(self):
        c = self.plain_session()
        lines = c.ehlo()
        self.assertIn("STARTTLS", lines)
        self.assertFalse([l for l in lines if l.startswith("AUTH")], lines)
        self.assertEqual(c.cmd("AUTH PLAIN " + plain_token(
            "alice@example.com", PASSWORD))[0], 530)
        code, text = c.cmd("AUTH LOGIN")
        self.assertEqual(code, 530)
        self.assertTrue(text[0].startswith("5.7.0"), text)
        c.starttls()
        lines = c.ehlo()
        self.assertNotIn("STARTTLS", lines)
        self.assertIn("AUTH PLAIN LOGIN", lines)
        code, text = c.cmd("AUTH PLAIN " + plain_token("alice@example.com",
                                                       PASSWORD))
        self.assertEqual((code, text[0][:5]), (235, "2.7.0"))
        # authenticated: EHLO no longer offers AUTH, a second AUTH is 503
        lines = c.ehlo()
        self.assertFalse([l for l in lines if l.startswith("AUTH")], lines)
        self.assertEqual(c.cmd("AUTH PLAIN " + plain_token(
            "alice@example.com", PASSWORD))[0], 503)
        self.assertEqual(c.cmd("QUIT")[0], 221)
        c.close()

    def test_authorization_identity_and_long_exchange_line(self):
        """An authorization identity equal to the user name but for case
        is the same identity; another one is refused. A too-long line in
        the AUTH exchange ends the exchange, not the session."""
        c = self.tls_session()
        code, text = c.cmd("AUTH LOGIN")
        self.assertEqual(code, 334)
        code, text = c.cmd("A" * 13000)
        self.assertEqual((code, text[0]),
                         (500, "5.5.6 Authentication exchange line too "
                          "long"))
        self.assertEqual(c.cmd("NOOP")[0], 250)
        code, text = c.cmd("AUTH PLAIN " + plain_token(
            "alice@example.com", PASSWORD, authz="bob@example.com"))
        self.assertEqual(code, 535)
        code, text = c.cmd("AUTH PLAIN " + plain_token(
            "alice@example.com", PASSWORD, authz="ALICE@Example.COM"))
        self.assertEqual((code, text[0][:5]), (235, "2.7.0"))
        self.assertEqual(c.cmd("QUIT")[0], 221)
        c.close()

    def test_zero_length_responses(self):
        """RFC 4954 4: "=" is an initial response of zero length and an
        empty line a zero-length continuation; both are decoded, and
        then refused as malformed by either mechanism. "*" aborts."""
        c = self.tls_session()
        for mech in ("PLAIN", "LOGIN"):
            want = (501, "5.5.2 Malformed %s response" % mech)
            code, text = c.cmd("AUTH %s =" % mech)
            self.assertEqual((code, text[0]), want)
            self.assertEqual(c.cmd("AUTH " + mech)[0], 334)
            code, text = c.cmd("")
            self.assertEqual((code, text[0]), want)
            self.assertEqual(c.cmd("AUTH " + mech)[0], 334)
            code, text = c.cmd("*")
            self.assertEqual((code, text[0]),
                             (501, "5.7.0 Authentication aborted"))
        # the session goes on, and a real login still works
        self.assertEqual(c.cmd("AUTH LOGIN")[0], 334)
        self.assertEqual(c.cmd(b64("alice@example.com"))[0], 334)
        self.assertEqual(c.cmd(b64(PASSWORD))[0], 235)
        self.assertEqual(c.cmd("QUIT")[0], 221)
        c.close()

    def test_auth_on_listener_without_tls(self):
        """A listener with tls: none has no STARTTLS to issue: AUTH is
        not enabled there (Postfix's 503), rather than 'STARTTLS
        first'."""
        env = self.make_env(listen=("none",))
        env.add_user("alice@example.com", PASSWORD)
        c = RawSMTP(env.port)
        c.greeting()
        lines = c.ehlo()
        self.assertNotIn("STARTTLS", lines)
        self.assertFalse([l for l in lines if l.startswith("AUTH")], lines)
        self.assertEqual(c.cmd("STARTTLS")[0], 502)
        code, text = c.cmd("AUTH PLAIN " + plain_token("alice@example.com",
                                                       PASSWORD))
        self.assertEqual(code, 503)
        self.assertEqual(text[0], "5.5.1 Error: authentication not enabled")
        self.assertEqual(c.cmd("MAIL FROM:<alice@example.com>")[0], 530)
        c.cmd("QUIT")
        c.close()

    def test_smtplib_sees_no_auth_before_tls(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp(tls=False)
        self.assertIn("starttls", s.esmtp_features)
        self.assertNotIn("auth", s.esmtp_features)
        with self.assertRaises(smtplib.SMTPNotSupportedError):
            s.login("alice@example.com", PASSWORD)
        s.starttls()
        s.ehlo()
        self.assertEqual(set(s.esmtp_features["auth"].split()),
                         {"PLAIN", "LOGIN"})
        self.assertEqual(s.login("alice@example.com", PASSWORD)[0], 235)
        s.quit()

    def test_wrong_password(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        for mech in ("PLAIN", "LOGIN"):
            s = env.smtp()
            with self.assertRaises(smtplib.SMTPAuthenticationError) as cm:
                smtp_auth(s, mech, "alice@example.com", PASSWORD + "!")
            self.assertReply(cm.exception, 535, "5.7.8")
            # unknown user: the same answer
            with self.assertRaises(smtplib.SMTPAuthenticationError) as cm:
                smtp_auth(s, mech, "nobody@example.com", PASSWORD)
            self.assertReply(cm.exception, 535, "5.7.8")
            # the session goes on; the right password still works
            self.assertEqual(smtp_auth(s, mech, "alice@example.com",
                                       PASSWORD)[0], 235)
            s.quit()
        # refused senders do not get to send anything
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "alice@example.com", "")
        code, _ = s.mail("alice@example.com")
        self.assertEqual(code, 530)
        s.close()
        self.assertEqual(env.sink.messages(), [])

    def test_failure_delay(self):
        env = self.make_env(config={"auth": {"failure_delay": "700ms"}})
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp()
        t0 = time.monotonic()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "alice@example.com", "wrong")
        self.assertGreaterEqual(time.monotonic() - t0, 0.65)
        t0 = time.monotonic()
        self.assertEqual(smtp_auth(s, "PLAIN", "alice@example.com",
                                   PASSWORD)[0], 235)
        s.quit()

    def test_too_many_failures_in_one_session(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        c.starttls()
        c.ehlo()
        for _ in range(2):
            code, text = c.cmd("AUTH PLAIN " + plain_token(
                "alice@example.com", "bad"))
            self.assertEqual((code, text[0][:5]), (535, "5.7.8"))
        code, text = c.cmd("AUTH PLAIN " + plain_token("alice@example.com",
                                                       "bad"))
        self.assertEqual((code, text[0][:5]), (535, "5.7.8"))
        code, text = c.reply()
        self.assertEqual((code, text[0][:5]), (421, "4.7.0"))
        self.assertEqual(c.read_until_closed(), [])
        c.close()
        # not banned (ban_after is 10 by default): a new session works
        s = env.smtp()
        self.assertEqual(smtp_auth(s, "PLAIN", "alice@example.com",
                                   PASSWORD)[0], 235)
        s.quit()

    def test_guessing_from_many_addresses_reported(self):
        """Wrong passwords for one account from several addresses, each
        too few for a ban: said once in the log and as an auth_guessing
        event, which `user why` shows; an unknown name is not counted."""
        env = self.make_env(config={"auth": {
            "ban_after": 3, "ban_window": "10m", "failure_delay": "0s"}})
        env.add_user("alice@example.com", PASSWORD)
        env.wait_log(r"reload \(users_dir changed\)")
        for i in range(2, 6):
            s = smtplib.SMTP(LOCAL, env.port, local_hostname="client.test",
                             timeout=30,
                             source_address=("127.0.0.%d" % i, 0))
            s.ehlo()
            s.starttls(context=insecure_tls_context())
            s.ehlo()
            user = "alice@example.com" if i < 5 else "nobody@example.com"
            with self.assertRaises(smtplib.SMTPAuthenticationError):
                smtp_auth(s, "PLAIN", user, "guess%d" % i)
            s.quit()
        env.wait_log(r"auth guessing account=alice@example\.com failures=3 "
                     r"addresses=3 window=600")
        self.assertEqual(env.log().count("auth guessing"), 1)
        evs = [e for e in events(env) if e["event"] == "auth_guessing"]
        self.assertEqual([(e["account"], e["detail"]) for e in evs],
                         [("alice@example.com", "3 failed logins within "
                           "600 s from 3 addresses")])
        why = env.cli("user", "why", "alice@example.com").stdout
        self.assertIn("auth_guessing", why)
        # no address was banned: each failed once
        self.assertNotIn("authban client=", env.log())

    def test_ban_after_repeated_failures(self):
        env = self.make_env(config={"auth": {
            "ban_after": 3, "ban_window": "10m", "ban_time": "1h",
            "failure_delay": "0s"}})
        env.add_user("alice@example.com", PASSWORD)
        # two failures in a first session, with PLAIN and LOGIN
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        c.starttls()
        c.ehlo()
        code, text = c.cmd("AUTH PLAIN " + plain_token("alice@example.com",
                                                       "guess1"))
        self.assertEqual((code, text[0][:5]), (535, "5.7.8"))
        self.assertEqual(c.cmd("AUTH LOGIN")[0], 334)
        self.assertEqual(c.cmd(b64("alice@example.com"))[0], 334)
        code, text = c.cmd(b64("guess2"))
        self.assertEqual((code, text[0][:5]), (535, "5.7.8"))
        self.assertEqual(c.cmd("QUIT")[0], 221)
        c.close()
        # a session opened before the ban, past STARTTLS
        early = RawSMTP(env.port)
        early.greeting()
        early.ehlo()
        early.starttls()
        early.ehlo()
        # the third, in another session, bans the address
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        c.starttls()
        c.ehlo()
        code, text = c.cmd("AUTH PLAIN " + plain_token("bob@example.com",
                                                       "guess3"))
        self.assertEqual((code, text[0][:5]), (535, "5.7.8"))
        code, text = c.reply()
        self.assertEqual(code, 421)
        self.assertTrue(text[0].startswith("4.7.1 "), text)
        self.assertIn("[OG-AUTHBAN]", text[0])
        self.assertEqual(c.read_until_closed(), [])
        c.close()
        # the ban is one event, and every refusal it causes names it
        incident = re.search(r"\(incident ([0-9a-f]{8})\)$", text[0])
        self.assertTrue(incident, text)
        incident = incident.group(1)
        bans = [e for e in events(env) if e.get("reason") == "OG-AUTHBAN"]
        self.assertEqual([(e["event"], e["incident"], e["client"])
                          for e in bans],
                         [("ban", incident, "127.0.0.1")])
        # the session opened before the ban gets no more password checks:
        # the right password is refused too, and the session closed
        code, text = early.cmd("AUTH PLAIN " + plain_token(
            "alice@example.com", PASSWORD))
        self.assertEqual(code, 421, text)
        self.assertIn("[OG-AUTHBAN]", text[0])
        self.assertTrue(text[0].endswith("(incident %s)" % incident), text)
        self.assertEqual(early.read_until_closed(), [])
        early.close()
        self.assertNotIn("auth ok", env.log())
        # new connections are refused at once, even with the right password
        for _ in range(2):
            c = RawSMTP(env.port)
            code, text = c.reply()
            self.assertEqual(code, 421)
            self.assertTrue(text[0].startswith("4.7.1 "), text)
            self.assertIn("[OG-AUTHBAN]", text[0])
            self.assertRegex(text[0], r"try again in \d+ seconds")
            secs = int(re.search(r"in (\d+) seconds", text[0]).group(1))
            self.assertTrue(3500 <= secs <= 3600, secs)
            self.assertTrue(text[0].endswith("(incident %s)" % incident),
                            text)
            self.assertEqual(c.read_until_closed(), [])
            c.close()
        with self.assertRaises(smtplib.SMTPConnectError) as cm:
            env.smtp()
        self.assertEqual(cm.exception.smtp_code, 421)
        env.wait_log(r"refused client=127\.0\.0\.1 reason=authban")

    def test_account_edits_apply_without_signal(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        env.wait_log(r"reload \(users_dir changed\)")
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "carol@example.com", "carol pw")
        s.close()

        # a new account in an existing domain file
        t0 = time.monotonic()
        env.add_user("carol@example.com", "carol pw")
        env.wait_log(r"reload \(users_dir changed\)", timeout=3, count=2)
        s = env.smtp()
        self.assertEqual(smtp_auth(s, "PLAIN", "carol@example.com",
                                   "carol pw")[0], 235)
        s.quit()
        self.assertLess(time.monotonic() - t0, 3.0)

        # a new password: the old one stops working, the new one works
        env.cli("user", "passwd", "carol@example.com", "--password-stdin",
                input="carol new pw\n")
        env.wait_log(r"reload \(users_dir changed\)", timeout=3, count=3)
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "carol@example.com", "carol pw")
        self.assertEqual(smtp_auth(s, "LOGIN", "carol@example.com",
                                   "carol new pw")[0], 235)
        s.quit()

        # disabled, then deleted
        env.cli("user", "set", "carol@example.com", "enabled=false")
        env.wait_log(r"reload \(users_dir changed\)", timeout=3, count=4)
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "carol@example.com", "carol new pw")
        s.close()
        env.cli("user", "del", "carol@example.com")
        env.wait_log(r"reload \(users_dir changed\)", timeout=3, count=5)
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "carol@example.com", "carol new pw")
        # alice is untouched by all this
        self.assertEqual(smtp_auth(s, "PLAIN", "alice@example.com",
                                   PASSWORD)[0], 235)
        s.quit()

    def test_secrets_never_logged(self):
        env = self.make_env(config={"log": {"debug": True}})
        p = env.add_user("alice@example.com", PASSWORD)
        self.assertNotIn(PASSWORD, p.stdout + p.stderr)
        wrong = "Wr0ng-Pa55word"
        secrets = [PASSWORD, wrong]
        for user, pw in (("alice@example.com", PASSWORD),
                         ("alice@example.com", wrong)):
            for authz in ("", user):
                secrets += [plain_token(user, pw, authz)]
            secrets += [b64(pw)]

        # PLAIN with an initial response, success and failure
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "PLAIN", "alice@example.com", wrong)
        self.assertEqual(smtp_auth(s, "PLAIN", "alice@example.com",
                                   PASSWORD)[0], 235)
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    make_message("after auth")), {})
        s.quit()
        # PLAIN after a 334, and LOGIN, success and failure
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        c.starttls()
        c.ehlo()
        self.assertEqual(c.cmd("AUTH PLAIN")[0], 334)
        self.assertEqual(c.cmd(plain_token("alice@example.com", wrong))[0],
                         535)
        self.assertEqual(c.cmd("AUTH LOGIN")[0], 334)
        self.assertEqual(c.cmd(b64("alice@example.com"))[0], 334)
        self.assertEqual(c.cmd(b64(wrong))[0], 535)
        self.assertEqual(c.cmd("AUTH LOGIN " + b64("alice@example.com"))[0],
                         334)
        self.assertEqual(c.cmd(b64(PASSWORD))[0], 235)
        c.cmd("QUIT")
        c.close()
        env.sink.wait_messages(1)
        env.stop()
        log = env.log()
        self.assertRegex(log, r"auth failed client=127\.0\.0\.1 "
                         r"mechanism=PLAIN user=alice@example\.com")
        self.assertRegex(log, r"auth ok client=127\.0\.0\.1 "
                         r"mechanism=LOGIN account=alice@example\.com")
        for secret in secrets:
            self.assertNotIn(secret, log)
        for line in log.splitlines():
            if "AUTH" in line.upper() and "< AUTH" in line:
                self.assertRegex(line, r"< AUTH \.\.\.$")
        # the other commands as the client sent them, readable
        self.assertRegex(log, r"(?im) < mail FROM:<alice@example\.com>"
                         r"( SIZE=\d+)?$")
        self.assertRegex(log, r"(?m)relay host=\S+ < 250 2\.1\.5 Ok$")
        self.assertNotIn("\\x00", log)
        # and nothing the daemon wrote in its state folder has them either
        for d, _, files in os.walk(env.state_dir):
            for f in files:
                data = slurp(os.path.join(d, f), "rb")
                for secret in secrets:
                    self.assertNotIn(secret.encode(), data,
                                     os.path.join(d, f))
