"""The SMTP conversation itself: pipelining, input pipelined after
STARTTLS (CVE-2011-0411), size limits, bare LF / SMTP smuggling,
connection limits and timeouts."""

import re
import smtplib
import time

from harness import (HOSTNAME, OGTestCase, RawSMTP, dot_stuff, events,
                     make_message, plain_token)

PASSWORD = "protocol test password"


def session(env, auth=True):
    """RawSMTP after EHLO, STARTTLS, EHLO and (by default) AUTH."""
    c = RawSMTP(env.port)
    c.greeting()
    c.ehlo()
    c.starttls()
    c.ehlo()
    if auth:
        code, text = c.cmd("AUTH PLAIN " + plain_token("alice@example.com",
                                                       PASSWORD))
        assert code == 235, (code, text)
    return c


class PipeliningTest(OGTestCase):

    def test_pipelined_transaction(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        c = session(env, auth=False)
        # AUTH is "last in group" for the client; everything after it
        # may come in one write
        c.send("AUTH PLAIN %s\r\n" % plain_token("alice@example.com",
                                                 PASSWORD))
        self.assertEqual(c.reply()[0], 235)
        c.send("MAIL FROM:<alice@example.com> SIZE=400\r\n"
               "RCPT TO:<bob@example.net>\r\n"
               "RCPT TO:<victim%other.example@example.com>\r\n"
               "RCPT TO:<carol@example.org>\r\n"
               "DATA\r\n")
        replies = [c.reply() for _ in range(5)]
        self.assertEqual([r[0] for r in replies], [250, 250, 550, 250, 354])
        self.assertTrue(replies[0][1][0].startswith("2.1.0"))
        self.assertTrue(replies[1][1][0].startswith("2.1.5"))
        self.assertIn("[OG-ROUTING]", replies[2][1][0])
        msg = make_message("pipelined", to="bob@example.net")
        # end of data, a second whole transaction and QUIT in one write
        msg2 = make_message("pipelined 2")
        c.send(dot_stuff(msg) + b".\r\n"
               b"MAIL FROM:<alice@example.com>\r\n"
               b"RCPT TO:<dave@example.net>\r\n"
               b"DATA\r\n")
        replies = [c.reply() for _ in range(4)]
        self.assertEqual([r[0] for r in replies], [250, 250, 250, 354])
        self.assertTrue(replies[0][1][0].startswith("2.0.0 Ok"))
        c.send(dot_stuff(msg2) + b".\r\nNOOP\r\nQUIT\r\n")
        self.assertEqual([c.reply()[0] for _ in range(3)], [250, 250, 221])
        self.assertEqual(c.read_until_closed(), [])
        c.close()
        msgs = env.sink.wait_messages(2)
        by_subject = {m.header("Subject")[0]: m for m in msgs}
        self.assertEqual(by_subject["pipelined"].rcpts,
                         ["<bob@example.net>", "<carol@example.org>"])
        self.assertEqual(by_subject["pipelined 2"].rcpts,
                         ["<dave@example.net>"])
        self.assertTrue(by_subject["pipelined"].message.endswith(
            msg.replace(b"\r\n", b"\n")))

    def test_pipelined_after_auth_plain_initial_response(self):
        """RFC 4954 §4: AUTH PLAIN with an initial response may be
        followed by pipelined commands; each gets its reply, in order."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        c = session(env, auth=False)
        c.send("AUTH PLAIN %s\r\nMAIL FROM:<alice@example.com>\r\n"
               "RCPT TO:<bob@example.net>\r\nDATA\r\n"
               % plain_token("alice@example.com", PASSWORD))
        self.assertEqual([c.reply()[0] for _ in range(4)],
                         [235, 250, 250, 354])
        c.send(dot_stuff(make_message("after auth")) + b".\r\nQUIT\r\n")
        self.assertEqual([c.reply()[0] for _ in range(2)], [250, 221])
        c.close()
        msgs = env.sink.wait_messages(1)
        self.assertEqual(msgs[0].header("Subject"), ["after auth"])
        self.assertEqual(msgs[0].rcpts, ["<bob@example.net>"])

    def test_input_after_starttls_discarded(self):
        """CVE-2011-0411: commands sent with STARTTLS, before the TLS
        handshake, must not be executed inside the TLS session."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        c.send("STARTTLS\r\nMAIL FROM:<x@y.example>\r\n")
        code, _ = c.reply()
        self.assertEqual(code, 220)
        self.assertEqual(c.handshake(), b"", "more than the 220 before TLS")
        # nothing is said about the injected MAIL
        self.assertEqual(c.read_available(0.5), b"")
        # the first reply inside TLS is the one to our own command
        code, text = c.cmd("NOOP")
        self.assertEqual((code, text[0]), (250, "2.0.0 Ok"))
        # the session was reset by STARTTLS: EHLO is needed again
        self.assertEqual(c.cmd("MAIL FROM:<alice@example.com>")[0], 503)
        lines = c.ehlo()
        self.assertIn("AUTH PLAIN LOGIN", lines)
        c.cmd("QUIT")
        c.close()
        env.wait_log(r"improper pipelining after STARTTLS")

    def test_injected_auth_after_starttls_discarded(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        c = RawSMTP(env.port)
        c.greeting()
        c.ehlo()
        c.send("STARTTLS\r\nEHLO evil.example\r\nAUTH PLAIN %s\r\n"
               "MAIL FROM:<alice@example.com>\r\n" % plain_token(
                   "alice@example.com", PASSWORD))
        self.assertEqual(c.reply()[0], 220)
        self.assertEqual(c.handshake(), b"")
        self.assertEqual(c.read_available(0.5), b"")
        c.ehlo()
        # not authenticated by the injected AUTH
        code, text = c.cmd("MAIL FROM:<alice@example.com>")
        self.assertEqual((code, text[0][:5]), (530, "5.7.0"))
        c.cmd("QUIT")
        c.close()
        self.assertEqual(env.final_messages(), [])


class SizeTest(OGTestCase):

    def test_max_message_size(self):
        env = self.make_env(config={"limits": {"max_message_size": "10K"}})
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.esmtp_features["size"], "10240")
        # announced too big at MAIL: an incident in the reply and the log
        code, text = s.mail("alice@example.com", ["SIZE=20000"])
        self.assertReply((code, text), 552, "5.3.4", "[OG-SIZE]")
        m = re.search(rb"\(incident ([0-9a-f]{8})\)$", text)
        self.assertTrue(m, text)
        evs = [e for e in events(env) if e.get("incident") ==
               m.group(1).decode()]
        self.assertEqual([(e["event"], e["reason"], e["size"])
                          for e in evs], [("refuse", "OG-SIZE", 20000)])
        # a number too big to hold is too big, not bad syntax
        self.assertReply(s.mail("alice@example.com",
                                ["SIZE=99999999999999999999999"]),
                         552, "5.3.4", "[OG-SIZE]")
        # exactly the limit is fine at MAIL
        self.assertEqual(s.mail("alice@example.com", ["SIZE=10240"])[0], 250)
        s.rset()
        # too big without SIZE: refused at the end of DATA
        body = ["%04d %s" % (i, "x" * 70) for i in range(270)]  # ~20 KB
        big = make_message("too big", body=body)
        self.assertGreater(len(big), 20000)
        self.assertEqual(s.mail("alice@example.com")[0], 250)
        self.assertEqual(s.rcpt("bob@example.net")[0], 250)
        code, text = s.data(big)
        self.assertReply((code, text), 552, "5.3.4", "[OG-SIZE]")
        # the session goes on, a small message still goes through
        small = make_message("small")
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    small), {})
        s.quit()
        msgs = env.final_messages()
        self.assertEqual([m.header("Subject") for m in msgs], [["small"]])

    def test_header_structure_bounded(self):
        """More header fields or MIME parts than the parser is given
        (5,000 each) is refused 552 5.3.4 [OG-HEADER], never relayed, and
        the session goes on; the same lines in a body are fine."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        fields = make_message("many fields",
                              extra_headers=["X-A: b"] * 5000)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail("alice@example.com", ["bob@example.net"], fields)
        self.assertEqual(cm.exception.smtp_code, 552)
        self.assertIn(b"5.3.4 [OG-HEADER]", cm.exception.smtp_error)
        self.assertIn(b"too many header lines", cm.exception.smtp_error)
        parts = make_message("many parts", extra_headers=[
            "MIME-Version: 1.0",
            'Content-Type: multipart/mixed; boundary="b"'],
            body=["--b", "", "x"] * 5000 + ["--b--"])
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail("alice@example.com", ["bob@example.net"], parts)
        self.assertIn(b"too many MIME parts", cm.exception.smtp_error)
        body = make_message("lines in a body", body=["X-A: b"] * 6000)
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    body), {})
        s.quit()
        msgs = env.final_messages()
        self.assertEqual([m.header("Subject") for m in msgs],
                         [["lines in a body"]])
        self.assertEqual([e["reason"] for e in events(env)
                          if e["event"] == "refuse"],
                         ["OG-HEADER", "OG-HEADER"])

    def test_size_passed_on_with_room_for_added_fields(self):
        """RFC 1870: SIZE= is the estimate of the client sending, and
        toward the next hop that is outguard, which adds its Received
        and DKIM-Signature fields: the client's value plus that room"""
        env = self.make_env(sink="script")
        env.add_user("alice@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        msg = make_message("sized")
        # smtplib says SIZE=len(msg) when the server announces SIZE
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    msg), {})
        s.quit()
        tx, = env.sink.wait_transactions(1)
        mail = [c for c in env.sink.commands if c.startswith("MAIL ")]
        size = int(re.search(r" SIZE=(\d+)", mail[0]).group(1))
        self.assertGreaterEqual(size, len(tx["data"]))
        self.assertLessEqual(size, len(msg) + 4096)

    def test_account_max_message_size(self):
        """an account's smaller limit holds at MAIL and in DATA"""
        env = self.make_env(config={"limits": {"max_message_size": "1M"}})
        env.add_user("alice@example.com", PASSWORD, "max_message_size=10K")
        env.add_user("bob@example.com", PASSWORD)
        s = env.smtp_auth("alice@example.com", PASSWORD)
        code, text = s.mail("alice@example.com", ["SIZE=20000"])
        self.assertReply((code, text), 552, "5.3.4", "[OG-SIZE]")
        self.assertIn(b"10240 bytes", text)
        self.assertEqual(s.mail("alice@example.com", ["SIZE=10240"])[0], 250)
        self.assertEqual(s.rcpt("carol@example.net")[0], 250)
        body = ["%04d %s" % (i, "x" * 70) for i in range(270)]  # ~20 KB
        code, text = s.data(make_message("too big", body=body))
        self.assertReply((code, text), 552, "5.3.4", "[OG-SIZE]")
        s.quit()
        # the service's limit for the other account
        s = env.smtp_auth("bob@example.com", PASSWORD)
        self.assertEqual(s.mail("bob@example.com", ["SIZE=20000"])[0], 250)
        self.assertEqual(s.rcpt("carol@example.net")[0], 250)
        self.assertEqual(s.data(make_message(
            "bob big", sender="bob@example.com", body=body))[0], 250)
        s.quit()
        msgs = env.final_messages()
        self.assertEqual([m.header("Subject") for m in msgs], [["bob big"]])


SMUGGLE = b"MAIL FROM:<alice@example.com>\r\n" \
    b"RCPT TO:<victim@example.net>\r\nDATA\r\nFrom: <alice@example.com>\r\nTo: <victim@example.net>\r\n" \
    b"Subject: smuggled\r\n\r\nsmuggled body\r\n"

# (name, the bytes after DATA's 354; each ends the real data with CRLF.CRLF)
BARE_LF_CASES = [
    ("lf.lf", b"Subject: a\r\n\r\nhello\n.\n" + SMUGGLE + b".\r\n"),
    ("lf.crlf", b"Subject: b\r\n\r\nhello\n.\r\n" + SMUGGLE + b".\r\n"),
    ("crlf.lf", b"Subject: c\r\n\r\nhello\r\n.\n" + SMUGGLE + b".\r\n"),
    ("cr.cr", b"Subject: d\r\n\r\nhello\r.\r" + SMUGGLE + b".\r\n"),
    ("crlf.cr", b"Subject: e\r\n\r\nhello\r\n.\r" + SMUGGLE + b".\r\n"),
    ("bare lf in text", b"Subject: f\r\n\r\nline one\nline two\r\n.\r\n"),
    ("bare cr in text", b"Subject: g\r\n\r\nline one\rline two\r\n.\r\n"),
]


class BareLFTest(OGTestCase):

    def test_bare_lf_refused_and_nothing_smuggled(self):
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        for name, payload in BARE_LF_CASES:
            with self.subTest(name):
                c = session(env)
                c.send("MAIL FROM:<alice@example.com>\r\n"
                       "RCPT TO:<bob@example.net>\r\nDATA\r\n")
                self.assertEqual([c.reply()[0] for _ in range(3)],
                                 [250, 250, 354])
                c.send(payload + b"QUIT\r\n")
                lines = c.read_until_closed()
                c.close()
                self.assertTrue(lines, "no reply to the data")
                self.assertTrue(lines[0].startswith("554 5.6.0 "), lines)
                self.assertIn("[OG-BARELF]", lines[0])
                for line in lines:
                    self.assertFalse(line.startswith("250"), lines)
                    self.assertFalse(line.startswith("354"), lines)
        # the next hop works: a good message after all that arrives alone
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    make_message("sentinel")), {})
        s.quit()
        msgs = env.final_messages()
        self.assertEqual([m.header("Subject") for m in msgs], [["sentinel"]])
        self.assertEqual(msgs[0].rcpts, ["<bob@example.net>"])
        for m in msgs:
            self.assertNotIn(b"smuggled", m.raw)


class MessageTextTest(OGTestCase):

    def test_stuffed_dot_not_counted_in_line_length(self):
        """RFC 5321 §4.5.3.1.6: a 998-character line that begins with a
        dot is 999 octets on the wire, and is accepted; 999 characters
        are not."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        line = b"." + b"a" * 997
        msg = make_message("dot line") + line + b"\r\n"
        c = session(env)
        c.send("MAIL FROM:<alice@example.com>\r\n"
               "RCPT TO:<bob@example.net>\r\nDATA\r\n")
        self.assertEqual([c.reply()[0] for _ in range(3)], [250, 250, 354])
        c.send(dot_stuff(msg) + b".\r\n")
        self.assertEqual(c.reply()[0], 250)
        c.send("MAIL FROM:<alice@example.com>\r\n"
               "RCPT TO:<bob@example.net>\r\nDATA\r\n")
        self.assertEqual([c.reply()[0] for _ in range(3)], [250, 250, 354])
        c.send(dot_stuff(make_message("too long") + line + b"b\r\n") +
               b".\r\n")
        code, text = c.reply()
        self.assertEqual(code, 554)
        self.assertIn("[OG-LINE]", text[0])
        c.cmd("QUIT")
        c.close()
        msgs = env.sink.wait_messages(1)
        self.assertEqual(msgs[0].header("Subject"), ["dot line"])
        self.assertIn(line + b"\n", msgs[0].raw.replace(b"\r\n", b"\n"))

    def test_client_x_outguard_fields_removed(self):
        """Header fields named X-Outguard-* that the client wrote never
        reach the next hop: downstream, they could pass for ours; nor do
        those Postfix drops by default (Bcc, Return-Path ...) and the
        spool's envelope field X-Envelope-To, which a spool reader could
        take for recipients never given in RCPT."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        msg = (b"X-Outguard-Score: -100.0 (threshold 5.0)\r\n"
               b"x-outguard-spf: pass\r\n\t(folded)\r\n"
               b"Return-Path: <forged@example.org>\r\n"
               b"X-Envelope-To : <extra@example.org>\r\n"
               b"BCC: <hidden@example.org>,\r\n <hidden2@example.org>\r\n"
               b"X-Envelope-Tone: kept\r\n" +
               make_message("forged verdict") +
               b"X-Outguard-Score: in the body stays\r\n")
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    msg), {})
        s.quit()
        m = env.sink.wait_messages(1)[0]
        head, _, body = m.raw.replace(b"\r\n", b"\n").partition(b"\n\n")
        self.assertNotIn(b"-100.0", head)
        self.assertNotIn(b"(folded)", head)
        self.assertNotIn(b"x-outguard-spf", head.lower())
        self.assertEqual(m.header("Subject"), ["forged verdict"])
        self.assertIn(b"X-Outguard-Score: in the body stays", body)
        for gone in (b"forged@", b"extra@", b"hidden@", b"hidden2@"):
            self.assertNotIn(gone, head)
        self.assertEqual(m.header("X-Envelope-Tone"), ["kept"])
        env.wait_log(r"removed 5 header field\(s\) the client may not set")


class PostmasterTest(OGTestCase):

    def test_postmaster_without_domain(self):
        """RFC 5321 §4.5.1: RCPT TO:<Postmaster> with no domain must be
        accepted; it goes to the postmaster of outguard's hostname."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        c = session(env)
        self.assertEqual(c.cmd("MAIL FROM:<alice@example.com>")[0], 250)
        self.assertEqual(c.cmd("RCPT TO:<Postmaster>")[0], 250)
        self.assertEqual(c.cmd("RCPT TO:<postmaster2>")[0], 501)
        self.assertEqual(c.cmd("DATA")[0], 354)
        c.send(dot_stuff(make_message("to the postmaster")) + b".\r\n")
        self.assertEqual(c.reply()[0], 250)
        c.cmd("QUIT")
        c.close()
        m = env.sink.wait_messages(1)[0]
        self.assertEqual(m.rcpts, ["<postmaster@%s>" % HOSTNAME])


class LimitsTest(OGTestCase):

    def test_max_connections_per_ip(self):
        env = self.make_env(config={"limits": {"max_connections_per_ip": 2}})
        a, b = RawSMTP(env.port), RawSMTP(env.port)
        a.greeting()
        b.greeting()
        c = RawSMTP(env.port)
        code, text = c.reply()
        self.assertEqual(code, 421)
        self.assertTrue(text[0].startswith("4.7.0 "), text)
        self.assertEqual(c.read_until_closed(), [])
        c.close()
        # the first two are still served
        self.assertEqual(a.cmd("NOOP")[0], 250)
        self.assertEqual(b.cmd("NOOP")[0], 250)
        # one leaves: there is room again
        a.cmd("QUIT")
        a.close()
        self.assertEqual(self._connect_when_room(env), 220)
        b.cmd("QUIT")
        b.close()

    def _connect_when_room(self, env, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            c = RawSMTP(env.port)
            code, _ = c.reply()
            if code == 220 or time.monotonic() > deadline:
                c.cmd("QUIT") if code == 220 else None
                c.close()
                return code
            c.close()
            time.sleep(0.05)

    def test_max_connections(self):
        env = self.make_env(config={"limits": {"max_connections": 1}})
        a = RawSMTP(env.port)
        a.greeting()
        b = RawSMTP(env.port)
        code, text = b.reply()
        self.assertEqual(code, 421)
        self.assertTrue(text[0].startswith("4.3.2 "), text)
        b.close()
        self.assertEqual(a.cmd("NOOP")[0], 250)
        a.cmd("QUIT")
        a.close()
        self.assertEqual(self._connect_when_room(env), 220)

    def test_junk_commands_end_a_session(self):
        """NOOP, RSET, VRFY, HELP, EHLO do not hold a session forever:
        past 100 of them since the last message each counts as an error,
        and the 20th error closes it (Postfix's smtpd_junk_command_limit
        and hard error limit); a message sent starts the count again."""
        env = self.make_env()
        env.add_user("alice@example.com", PASSWORD)
        c = session(env)  # two EHLO
        for i in range(98):
            self.assertEqual(c.cmd(("NOOP", "RSET", "VRFY x", "HELP")[i % 4])
                             [0], (250, 250, 252, 214)[i % 4])
        c.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.net>"
               "\r\nDATA\r\n")
        self.assertEqual([c.reply()[0] for _ in range(3)], [250, 250, 354])
        c.send(dot_stuff(make_message("between the noops")) + b".\r\n")
        self.assertEqual(c.reply()[0], 250)
        for _ in range(119):
            self.assertEqual(c.cmd("NOOP")[0], 250)
        code, _ = c.cmd("NOOP")
        self.assertEqual(code, 250)
        lines = c.read_until_closed(timeout=5)
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith("421 4.7.0 "), lines)
        c.close()
        self.assertEqual(len(env.final_messages()), 1)

    def test_command_and_data_timeouts(self):
        env = self.make_env(config={"limits": {"command_timeout": "2s",
                                               "data_timeout": "2s"}})
        env.add_user("alice@example.com", PASSWORD)
        idle = RawSMTP(env.port)
        idle.greeting()
        t_idle = time.monotonic()
        # meanwhile another client stalls in the middle of DATA
        c = session(env)
        c.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.net>"
               "\r\nDATA\r\n")
        self.assertEqual([c.reply()[0] for _ in range(3)], [250, 250, 354])
        c.send("Subject: stalled\r\n\r\nhalf a message\r\n")
        t_data = time.monotonic()

        lines = idle.read_until_closed(timeout=8)
        waited = time.monotonic() - t_idle
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith("421 4.4.2 "), lines)
        self.assertTrue(1.5 <= waited <= 6, waited)
        idle.close()

        lines = c.read_until_closed(timeout=8)
        waited = time.monotonic() - t_data
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0].startswith("421 4.4.2 "), lines)
        self.assertTrue(1.5 <= waited <= 6, waited)
        c.close()
        self.assertEqual(env.final_messages(), [])

    def test_trickled_lines_time_out(self):
        """a line must arrive whole within the timeout: a byte every
        half second does not keep a command or a DATA line alive"""
        env = self.make_env(config={"limits": {"command_timeout": "2s",
                                               "data_timeout": "2s"}})
        env.add_user("alice@example.com", PASSWORD)

        def trickle(conn, text):
            """send text a byte at a time; the seconds until the server
            closed, or None when all of it went out"""
            t0 = time.monotonic()
            for ch in text:
                try:
                    conn.send(ch)
                except OSError:
                    return time.monotonic() - t0
                time.sleep(0.5)
            return None

        c = RawSMTP(env.port)
        c.greeting()
        t0 = time.monotonic()
        trickle(c, "EHLO slow.client.example\r\n")
        lines = c.read_until_closed(timeout=8)
        self.assertTrue(lines and lines[0].startswith("421 4.4.2 "), lines)
        self.assertLess(time.monotonic() - t0, 15)
        c.close()

        c = session(env)
        c.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.net>"
               "\r\nDATA\r\n")
        self.assertEqual([c.reply()[0] for _ in range(3)], [250, 250, 354])
        trickle(c, "Subject: a header that arrives very slowly\r\n")
        lines = c.read_until_closed(timeout=8)
        self.assertTrue(lines and lines[-1].startswith("421 4.4.2 "), lines)
        c.close()
        self.assertEqual(env.final_messages(), [])
