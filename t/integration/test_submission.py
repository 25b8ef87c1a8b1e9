"""Submission end to end: STARTTLS + AUTH through smtplib and swaks, the
message at the next hop, the Received header, the kinds of accounts, the
implicit-TLS listener and the spool: next hop."""

import os
import re
import smtplib
import socket
import ssl
import stat
import subprocess

from harness import (LOCAL, TIMEOUT, OGTestCase, insecure_tls_context,
                     make_message, run_swaks, slurp, smtp_auth, wait_for)

PASSWORD = "correct horse battery staple"

RECEIVED_RX = re.compile(
    r"^Received: from client\.test \(\[127\.0\.0\.1\]\)\n"
    r"\t\(using (TLSv1\.[23]) with cipher ([A-Z0-9_-]+) [^\n]*\)\n"
    r"\tby mx\.test \(outguard\) with (ESMTPS?A?) id [0-9a-f]+\.\d+\n"
    r"\tfor <([^>]+)>; [^\n]+\n")


def lf(data):
    return data.replace(b"\r\n", b"\n")


class SubmissionTest(OGTestCase):

    def split_received(self, message):
        """Our Received header (text) and the rest of the message."""
        m = RECEIVED_RX.match(message.decode("latin-1"))
        self.assertIsNotNone(m, "no outguard Received header first in:\n%s"
                             % message[:600].decode("latin-1"))
        return m, message[len(m.group(0).encode("latin-1")):]

    def check_delivered(self, env, subjects, original):
        """Each subject arrived once, intact, with ESMTPSA and TLS 1.3."""
        msgs = env.sink.wait_messages(len(subjects))
        self.assertEqual(len(msgs), len(subjects))
        by_subject = {m.header("Subject")[0]: m for m in msgs}
        self.assertEqual(sorted(by_subject), sorted(subjects))
        for subj in subjects:
            m = by_subject[subj]
            self.assertEqual(m.record("X-Mail-Args")[0].split(" ")[0],
                             "<alice@example.com>")
            self.assertEqual(m.rcpts, ["<bob@example.net>"])
            rec, rest = self.split_received(m.message)
            self.assertEqual(rec.group(1), "TLSv1.3")
            self.assertEqual(rec.group(3), "ESMTPSA")
            self.assertEqual(rec.group(4), "bob@example.net")
            self.assertIn("using TLSv1.3 with cipher TLS_", rec.group(0))
            self.assertEqual(rest, lf(original[subj]),
                             "message changed on the way (%s)" % subj)

    def test_starttls_auth_plain_and_login(self):
        env = self.make_env(cert="ec")
        env.add_user("alice@example.com", PASSWORD)
        original = {}

        # smtplib, AUTH PLAIN with an initial response
        s = env.smtp()
        self.assertIn("plain", s.esmtp_features["auth"].lower())
        code, _ = smtp_auth(s, "PLAIN", "alice@example.com", PASSWORD)
        self.assertEqual(code, 235)
        original["smtplib plain"] = make_message("smtplib plain")
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    original["smtplib plain"]), {})
        # the certificate is the ECDSA one
        self.assertEqual(ssl.DER_cert_to_PEM_cert(s.sock.getpeercert(True))
                         .strip(), slurp(env.cert).strip())
        s.quit()

        # smtplib, AUTH LOGIN both ways (initial response, and 334 prompts)
        for initial in (True, False):
            subj = "smtplib login %s" % initial
            s = env.smtp()
            code, _ = smtp_auth(s, "LOGIN", "alice@example.com", PASSWORD,
                                initial_response=initial)
            self.assertEqual(code, 235)
            original[subj] = make_message(subj)
            self.assertEqual(s.sendmail("alice@example.com",
                                        ["bob@example.net"], original[subj]),
                             {})
            s.quit()

        # swaks, PLAIN and LOGIN
        for mech in ("PLAIN", "LOGIN"):
            subj = "swaks %s" % mech.lower()
            original[subj] = make_message(subj)
            path = os.path.join(env.dir, subj.replace(" ", "-") + ".eml")
            with open(path, "wb") as f:
                # with the final "." swaks sends the data as it is
                f.write(original[subj] + b".\r\n")
            rc, out = run_swaks(env.port, "--tls", "--auth", mech,
                                "--auth-user", "alice@example.com",
                                "--auth-password", PASSWORD,
                                "--from", "alice@example.com",
                                "--to", "bob@example.net",
                                "--data", "@" + path)
            self.assertEqual(rc, 0, out)
            self.assertIn("235 2.7.0 Authentication successful", out)
            self.assertRegex(out, r"<~  250 2\.0\.0 Ok: [0-9a-f]+\.1 ")
        self.check_delivered(env, sorted(original), original)
        self.assertRegex(env.log(), r"auth ok client=127\.0\.0\.1 "
                         r"mechanism=LOGIN account=alice@example\.com")

    def test_exact_bytes_at_next_hop(self):
        """With a scripted next hop: the bytes after our Received header
        are exactly the client's, CRLF, dots and 8-bit text included."""
        env = self.make_env(sink="script")
        env.add_user("alice@example.com", PASSWORD)
        body = ["caf\u00e9 cr\u00e8me br\u00fbl\u00e9e", ".", "..", ". x",
                "x" * 998, "", "  indented", "last line"]
        msg = make_message("bytes", body=body).replace(
            b"Subject: bytes", "Subject: =?utf-8?q?b=C3=BFtes?=".encode())
        msg = msg.decode().encode("utf-8")
        s = env.smtp_auth("alice@example.com", PASSWORD)
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net",
                                    "carol@example.org"], msg,
                                    mail_options=["BODY=8BITMIME"]), {})
        s.quit()
        (tx,) = env.sink.wait_transactions(1)
        self.assertEqual(tx["mail"], "<alice@example.com>")
        self.assertEqual(tx["rcpts"], ["bob@example.net",
                                       "carol@example.org"])
        data = tx["data"]
        head, _, rest = data.partition(b"\r\n\tby mx.test (outguard) with "
                                       b"ESMTPSA id ")
        self.assertTrue(head.startswith(b"Received: from client.test "
                                        b"([127.0.0.1])\r\n\t(using TLSv1.3"
                                        b" with cipher "), data[:300])
        # two recipients: no "for <...>" clause; then the message as sent
        m = re.match(rb"[0-9a-f]+\.1; [^\r\n]+\r\n", rest)
        self.assertIsNotNone(m, rest[:200])
        self.assertEqual(rest[m.end():], msg)
        # the next hop saw the MAIL parameters it may need
        mail_cmd = [c for c in env.sink.commands if c.startswith("MAIL")][0]
        self.assertIn("BODY=8BITMIME", mail_cmd)

    def test_ip_account_relays_without_auth(self):
        env = self.make_env()
        # an IP account has no domain of its own: it names its senders'
        env.add_user("127.0.0.1/32", None,
                     "require_from_domain=customer.example")
        # with STARTTLS: ESMTPS, not ESMTPSA; AUTH not offered
        s = env.smtp()
        self.assertNotIn("auth", s.esmtp_features)
        msg = make_message("by ip tls", sender="anyone@customer.example")
        self.assertEqual(s.sendmail("anyone@customer.example",
                                    ["bob@example.net"], msg), {})
        s.quit()
        # without TLS: ESMTP
        s = env.smtp(tls=False)
        msg2 = make_message("by ip plain", sender="anyone@customer.example")
        self.assertEqual(s.sendmail("anyone@customer.example",
                                    ["bob@example.net"], msg2), {})
        s.quit()
        msgs = {m.header("Subject")[0]: m for m in env.sink.wait_messages(2)}
        rec = msgs["by ip tls"].header("Received")[0]
        self.assertIn("with ESMTPS id", rec)
        self.assertNotIn("ESMTPSA", rec)
        self.assertIn("using TLSv1.3 with cipher", rec)
        rec2 = msgs["by ip plain"].header("Received")[0]
        self.assertIn("with ESMTP id", rec2)
        self.assertNotIn("using", rec2)
        self.assertRegex(env.log(), r"connect client=127\.0\.0\.1 "
                         r"account=127\.0\.0\.1/32")

    def test_ip_account_other_address_needs_auth(self):
        env = self.make_env(start=False)
        # without domains it may send for none: `user add` says so
        p = env.cli("user", "add", "192.0.2.0/24")
        self.assertIn("192.0.2.0/24 may send for no domain until "
                      "`outguard user set 192.0.2.0/24 "
                      "require_from_domain=", p.stderr)
        p = env.cli("user", "add", "198.51.100.7",
                    "require_from_domain=customer.example")
        self.assertNotIn("may send for no domain", p.stderr)
        env.start()
        s = env.smtp()
        self.assertIn("auth", s.esmtp_features)
        code, text = s.mail("anyone@customer.example")
        self.assertReply((code, text), 530, "5.7.0")
        s.quit()

    def test_domain_password_account(self):
        env = self.make_env()
        env.add_user("example.org", PASSWORD)
        for mech in ("PLAIN", "LOGIN"):
            s = env.smtp()
            code, _ = smtp_auth(s, mech, "example.org", PASSWORD)
            self.assertEqual(code, 235)
            msg = make_message("domain " + mech, sender="info@example.org")
            self.assertEqual(s.sendmail("info@example.org",
                                        ["bob@example.net"], msg), {})
            s.quit()
        # the wrong password for the domain is refused
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError) as cm:
            smtp_auth(s, "PLAIN", "example.org", PASSWORD + "x")
        self.assertReply(cm.exception, 535, "5.7.8")
        s.close()
        msgs = env.sink.wait_messages(2)
        self.assertEqual(sorted(m.header("Subject")[0] for m in msgs),
                         ["domain LOGIN", "domain PLAIN"])
        for m in msgs:
            self.assertIn("with ESMTPSA", m.header("Received")[0])

    def test_imported_yescrypt_hash(self):
        env = self.make_env()
        p = subprocess.run(["mkpasswd", "-m", "yescrypt", "--stdin"],
                           input="imported secret\n", capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, "mkpasswd (package whois): "
                         + p.stderr)
        hashed = p.stdout.strip()
        self.assertTrue(hashed.startswith("$y$"), hashed)
        env.add_user("bob@example.com", None, "password_hash=" + hashed)
        out = env.cli("user", "show", "bob@example.com").stdout
        self.assertNotIn(hashed, out)  # hashes are never printed
        env.wait_log(r"reload \(users_dir changed\)")
        s = env.smtp()
        self.assertEqual(smtp_auth(s, "PLAIN", "bob@example.com",
                                   "imported secret")[0], 235)
        s.quit()
        s = env.smtp()
        with self.assertRaises(smtplib.SMTPAuthenticationError):
            smtp_auth(s, "LOGIN", "bob@example.com", "imported secreT")
        s.close()

    def test_longest_password_and_one_byte_more(self):
        env = self.make_env()
        longest = "p" * 510 + "Q"  # 511 bytes: libxcrypt's most
        env.add_user("long@example.com", longest)
        env.wait_log(r"reload \(users_dir changed\)")
        s = env.smtp()
        self.assertEqual(smtp_auth(s, "PLAIN", "long@example.com",
                                   longest)[0], 235)
        s.quit()
        p = env.cli("user", "add", "longer@example.com", "--password-stdin",
                    input=longest + "x\n", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("password longer than 511 bytes", p.stderr)
        self.assertNotIn("libxcrypt", p.stderr)
        # a NUL would cut it short (and AUTH refuses one): refused
        p = env.cli("user", "add", "nul@example.com", "--password-stdin",
                    input="abc\0def\n", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("the password holds a NUL byte", p.stderr)
        # a password given as a setting is not echoed
        p = env.cli("user", "add", "echo@example.com",
                    "password=Hunter2-secret", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("--password-stdin", p.stderr)
        p = env.cli("user", "add", "echo@example.com",
                    "password_hash=Hunter2-secret", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertNotIn("Hunter2", p.stderr)

    def test_implicit_tls_listener_rsa(self):
        env = self.make_env(cert="rsa", listen=("implicit", "starttls"))
        env.add_user("alice@example.com", PASSWORD)
        ctx = insecure_tls_context()
        s = smtplib.SMTP_SSL(LOCAL, env.ports["implicit"],
                             local_hostname="client.test", context=ctx,
                             timeout=TIMEOUT)
        s.ehlo()
        self.assertNotIn("starttls", s.esmtp_features)
        self.assertIn("auth", s.esmtp_features)
        pem = ssl.DER_cert_to_PEM_cert(s.sock.getpeercert(True))
        self.assertEqual(pem.strip(), slurp(env.cert).strip())
        self.assertEqual(smtp_auth(s, "PLAIN", "alice@example.com",
                                   PASSWORD)[0], 235)
        msg = make_message("implicit")
        self.assertEqual(s.sendmail("alice@example.com", ["bob@example.net"],
                                    msg), {})
        s.quit()
        (m,) = env.sink.wait_messages(1)
        self.assertIn("with ESMTPSA", m.header("Received")[0])
        self.assertIn("using TLSv1.3 with cipher", m.header("Received")[0])
        # a plain-text client on the implicit port gets no greeting
        with socket.create_connection((LOCAL, env.ports["implicit"]),
                                      timeout=TIMEOUT) as raw:
            raw.sendall(b"EHLO client.test\r\n")
            try:
                data = raw.recv(1024)
            except OSError:
                data = b""
            self.assertFalse(data.startswith(b"220"), data)
        # and STARTTLS on the other listener serves the RSA cert too
        s = env.smtp(port=env.ports["starttls"])
        pem = ssl.DER_cert_to_PEM_cert(s.sock.getpeercert(True))
        self.assertEqual(pem.strip(), slurp(env.cert).strip())
        s.quit()

    def test_spool_next_hop(self):
        spool = "spool"
        env = self.make_env(sink=None, start=False)
        spool_dir = os.path.join(env.dir, spool)
        env.config["relay"] = {"next_hop": "spool:" + spool_dir}
        env.write_config()
        env.start()
        env.add_user("alice@example.com", PASSWORD)
        env.wait_log(r"reload \(users_dir changed\)")
        s = env.smtp_auth("alice@example.com", PASSWORD)
        msg = make_message("spooled")
        self.assertEqual(s.sendmail("alice@example.com",
                                    ["bob@example.net", "carol@example.org"],
                                    msg), {})
        s.quit()
        new = os.path.join(spool_dir, "new")
        files = wait_for(lambda: os.path.isdir(new) and os.listdir(new),
                         what="a file in spool/new")
        self.assertEqual(len(files), 1)
        path = os.path.join(new, files[0])
        st = os.stat(path)
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o640)
        self.assertEqual(os.listdir(os.path.join(spool_dir, "tmp")), [])
        data = slurp(path, "rb")
        self.assertTrue(data.startswith(
            b"Return-Path: <alice@example.com>\r\n"
            b"X-Envelope-To: <bob@example.net>\r\n"
            b"X-Envelope-To: <carol@example.org>\r\n"
            b"Received: from client.test ([127.0.0.1])\r\n"), data[:300])
        self.assertTrue(data.endswith(b"\r\n\r\n" + msg.split(b"\r\n\r\n",
                                                               1)[1]))
        self.assertIn(msg, data)
        self.assertIn(b"with ESMTPSA", data)
