"""Relaying: nothing without authentication, no sender-specified routing,
and the before-queue contract with the next hop (down, dying, refusing
one recipient)."""

import json
import smtplib

from harness import OGTestCase, RawSMTP, events, make_message

PASSWORD = "relay test password"

TRICKS = [
    "victim%other.example@example.com",     # percent hack
    "other.example!victim@example.com",     # bang path
    "@example.com:victim@other.example",    # source route
    '"victim@other.example"@example.com',   # quoted local part with @
    "victim@other.example.",                # trailing dot
    '"victim%other.example"@example.com',
]


class RelayDeniedTest(OGTestCase):

    def test_no_relay_without_auth(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        for tls in (False, True):
            c = RawSMTP(env.port)
            c.greeting()
            c.ehlo()
            if tls:
                c.starttls()
                c.ehlo()
            for sender in ("<>", "<spammer@example.org>",
                           "<alice@example.com>"):
                code, text = c.cmd("MAIL FROM:" + sender)
                self.assertEqual((code, text[0][:5]), (530, "5.7.0"))
            for rcpt in TRICKS + ["bob@example.net", "alice@example.com"]:
                code, text = c.cmd("RCPT TO:<%s>" % rcpt)
                self.assertGreaterEqual(code, 500, (rcpt, code, text))
            code, _ = c.cmd("DATA")
            self.assertGreaterEqual(code, 500)
            # whatever a client makes of it, a message body is not taken
            c.send("Subject: relayed?\r\n\r\nspam\r\n.\r\nQUIT\r\n")
            lines = c.read_until_closed()
            self.assertTrue(lines and lines[-1].startswith("221 "), lines)
            for line in lines[:-1]:
                self.assertRegex(line, r"^5\d\d ")
            c.close()
        # smtplib's whole sendmail, too
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPSenderRefused) as cm:
            s.sendmail("spammer@example.org", ["victim@other.example"],
                       make_message("relay"))
        self.assertReply(cm.exception, 530, "5.7.0")
        s.quit()
        self.assertEqual(env.final_messages(), [])
        self.assertNotIn("relay connect", env.log())

    def test_routing_tricks_refused_when_authenticated(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.mail("alice@example.com")[0], 250)
        for rcpt in TRICKS:
            if rcpt.startswith("@"):
                continue  # below
            code, text = s.rcpt(rcpt)
            self.assertIn(code, (501, 550), (rcpt, code, text))
            if code == 550:
                self.assertIn(b"5.7.1", text)
                self.assertIn(b"[OG-ROUTING]", text)
                self.assertRegex(text, rb" \(incident [0-9a-f]{8}\)$")
        code, text = s.docmd("DATA")
        self.assertEqual(code, 554, text)
        s.rset()
        # a source route is dropped (RFC 5321 appendix C): the next hop
        # sees the plain mailbox, never the route
        self.assertEqual(s.mail("alice@example.com")[0], 250)
        code, text = s.rcpt("@example.com:victim@other.example")
        if code == 250:
            code, _ = s.data(make_message("source route"))
            self.assertEqual(code, 250)
            (m,) = env.sink.wait_messages(1)
            self.assertEqual(m.rcpts, ["<victim@other.example>"])
        else:
            self.assertGreaterEqual(code, 500)
        s.quit()
        for m in env.final_messages():
            self.assertEqual(m.rcpts, ["<victim@other.example>"])
            self.assertEqual(m.header("Subject"), ["source route"])


class NextHopTest(OGTestCase):

    def test_next_hop_down(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        env.sink.stop()  # nobody listens on the next hop's port
        s = env.smtp_auth("alice@example.com", PASSWORD)
        msg = make_message("while down")
        texts = []
        try:
            refused = s.sendmail("alice@example.com", ["bob@example.net"],
                                 msg)
            self.fail("accepted with the next hop down: %r" % refused)
        except smtplib.SMTPSenderRefused as e:
            self.assertEqual(e.smtp_code, 451)
            texts.append(e.smtp_error)
        except smtplib.SMTPRecipientsRefused as e:
            for code, text in e.recipients.values():
                self.assertEqual(code, 451)
                texts.append(text)
        except smtplib.SMTPDataError as e:
            self.assertEqual(e.smtp_code, 451)
            texts.append(e.smtp_error)
        for text in texts:
            self.assertTrue(text.startswith(b"4.4."), text)
        # the deferral is in the event log, and so in report and status;
        # the reply names its incident
        evs = [e for e in events(env) if e.get("reason") == "OG-NEXTHOP"]
        self.assertEqual([e["event"] for e in evs], ["defer"], evs)
        self.assertEqual(evs[0]["account"], "alice@example.com")
        self.assertRegex(evs[0]["incident"], r"^[0-9a-f]{8}$")
        for text in texts:
            self.assertTrue(text.endswith(b" (incident %s)" %
                                          evs[0]["incident"].encode()), text)
        st = json.loads(env.cli("status", "--json").stdout)
        self.assertEqual(st["today"]["deferred"], 1)
        # the session is still usable, and once the next hop is back the
        # client's retry goes through
        self.assertEqual(s.noop()[0], 250)
        env.sink.start()
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    msg), {})
        s.quit()
        msgs = env.sink.wait_messages(1)
        self.assertEqual(len(msgs), 1)
        self.assertEqual(msgs[0].header("Subject"), ["while down"])

    def test_next_hop_dies_during_data(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.mail("alice@example.com")[0], 250)
        self.assertEqual(s.rcpt("bob@example.net")[0], 250)
        env.sink.kill()
        code, text = s.data(make_message("dies"))
        self.assertEqual(code, 451, text)
        self.assertTrue(text.startswith(b"4.4."), text)
        # a new transaction while it is still down: 451 again, not 250
        try:
            r = s.sendmail("alice@example.com", ["bob@example.net"],
                           make_message("still down"))
            self.fail("accepted with the next hop down: %r" % r)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPRecipientsRefused,
                smtplib.SMTPDataError) as e:
            code = getattr(e, "smtp_code", None) or list(
                e.recipients.values())[0][0]
            self.assertEqual(code, 451)
        s.quit()
        # the partial transaction never became a finished message
        for m in env.sink.messages():
            self.assertFalse(m.raw.endswith(b"\n\n") and
                             b"Subject: dies" in m.raw, m.raw[-300:])

    def test_next_hop_421_after_data(self):
        """A next hop that gives up at end of data (421): 451 to the
        client, never 250."""
        env = self.make_env(sink_args=["-Q", "."])
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail("alice@example.com", ["bob@example.net"],
                       make_message("421"))
        self.assertEqual(cm.exception.smtp_code, 451)
        self.assertTrue(cm.exception.smtp_error.startswith(b"4."))
        s.quit()

    def test_next_hop_soft_rejects_rcpt(self):
        env = self.make_env(sink_args=["-r", "RCPT"])
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.mail("alice@example.com")[0], 250)
        code, text = s.rcpt("bob@example.net")
        self.assertEqual(code // 100, 4, text)
        self.assertIn(b"next hop said", text)
        self.assertEqual(s.docmd("DATA")[0], 554)
        s.quit()
        self.assertEqual(env.final_messages(), [])

    def test_next_hop_refuses_one_recipient(self):
        env = self.make_env(sink="script", rcpt_replies={
            "gone@example.net": "550 5.1.1 <gone@example.net>: Recipient "
                                "address rejected: User unknown",
            "later@example.net": "452 4.2.2 <later@example.net>: Mailbox "
                                 "full, try later",
        })
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        msg = make_message("partial")
        refused = s.sendmail("alice@example.com",
                             ["bob@example.net", "gone@example.net",
                              "carol@example.org", "later@example.net"], msg)
        self.assertEqual(set(refused), {"gone@example.net",
                                        "later@example.net"})
        code, text = refused["gone@example.net"]
        self.assertEqual(code, 550)
        self.assertTrue(text.startswith(b"5.1.1 "), text)
        self.assertIn(b"Recipient address rejected: User unknown", text)
        code, text = refused["later@example.net"]
        self.assertEqual(code, 452)
        self.assertTrue(text.startswith(b"4.2.2 "), text)
        self.assertIn(b"Mailbox full, try later", text)
        s.quit()
        (tx,) = env.sink.wait_transactions(1)
        self.assertEqual(tx["rcpts"], ["bob@example.net",
                                       "carol@example.org"])
        self.assertTrue(tx["data"].endswith(msg))
        self.assertIn("rcpt refused to=<gone@example.net> by=next-hop",
                      env.log())
        self.assertEqual(len(env.final_messages()), 1)

    def test_next_hop_refuses_the_sender(self):
        """A sender the next hop refuses answers every RCPT (its MAIL
        reply comes with the first one), and counts as no invalid
        recipient: it is no reason to lock the account."""
        env = self.make_env(sink="script", start=False, config={
            "policy": {"invalid_recipient_limit": 2}})
        env.sink.mail_replies = {
            "alice@example.com": "553 5.7.1 <alice@example.com>: Sender "
                                 "address rejected: not ours"}
        env.add_user("alice@example.com", PASSWORD)
        env.start()
        s = env.smtp_auth("alice@example.com", PASSWORD)
        with self.assertRaises(smtplib.SMTPRecipientsRefused) as cm:
            s.sendmail("alice@example.com", ["a@example.net",
                                             "b@example.net",
                                             "c@example.net"],
                       make_message("refused sender"))
        for code, text in cm.exception.recipients.values():
            self.assertEqual(code, 553)
            self.assertIn(b"Sender address rejected", text)
        s.quit()
        env.stop()
        st = json.loads(env.cli("user", "stats", "alice@example.com",
                                "--json").stdout)
        self.assertEqual(st["invalid_day"]["used"], 0, st)
        self.assertFalse(st["lock"]["locked"])

    def test_8bit_mail_for_a_7bit_next_hop_refused_at_mail(self):
        """RFC 6152 §3: 8-bit mail for a next hop without 8BITMIME is
        returned, at MAIL (not once per recipient, not as invalid
        recipients); 7-bit mail goes on."""
        env = self.make_env(sink="script", start=False, config={
            "policy": {"invalid_recipient_limit": 1}})
        env.sink.eightbit = False
        env.add_user("alice@example.com", PASSWORD)
        env.start()
        s = env.smtp_auth("alice@example.com", PASSWORD)
        with self.assertRaises(smtplib.SMTPSenderRefused) as cm:
            s.sendmail("alice@example.com", ["bob@example.net"],
                       make_message("gr\u00fc\u00dfe").replace(
                           b"Hello", "Gr\u00fc\u00dfe".encode()),
                       mail_options=["BODY=8BITMIME"])
        self.assertEqual(cm.exception.smtp_code, 550)
        self.assertTrue(cm.exception.smtp_error.startswith(b"5.6.3 "))
        self.assertIn(b"8-bit", cm.exception.smtp_error)
        s.rset()
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    make_message("seven bit")), {})
        s.quit()
        (tx,) = env.sink.wait_transactions(1)
        self.assertEqual(tx["rcpts"], ["bob@example.net"])
        st = json.loads(env.cli("user", "stats", "alice@example.com",
                                "--json").stdout)
        self.assertFalse(st["lock"]["locked"])

    def test_next_hop_refuses_every_recipient(self):
        env = self.make_env(sink="script", rcpt_replies={
            "gone@example.net": "550 5.1.1 <gone@example.net>: User unknown"})
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        with self.assertRaises(smtplib.SMTPRecipientsRefused) as cm:
            s.sendmail("alice@example.com", ["gone@example.net"],
                       make_message("nobody"))
        code, text = cm.exception.recipients["gone@example.net"]
        self.assertEqual(code, 550)
        self.assertIn(b"User unknown", text)
        # the session goes on with a good recipient
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    make_message("somebody")), {})
        s.quit()
        (tx,) = env.sink.wait_transactions(1)
        self.assertEqual(tx["rcpts"], ["bob@example.net"])
