"""A real mail client configured as a user would: msmtp with STARTTLS on
the submission port and a password, AUTH PLAIN and LOGIN, sending to a
real next hop (smtp-sink); the message arrives intact."""

import os
import shutil
import subprocess
import unittest

from harness import OGTestCase, make_message

PASSWORD = "msmtp user's password"
ALICE = "alice@example.com"
MSMTP = shutil.which("msmtp")


@unittest.skipIf(MSMTP is None, "msmtp is not installed")
class MsmtpTest(OGTestCase):

    def msmtp(self, env, auth, *rcpts, password=PASSWORD, message=None):
        conf = os.path.join(env.dir, "msmtprc-%s" % auth)
        with open(conf, "w") as f:
            f.write("defaults\n"
                    "tls on\n"
                    "tls_starttls on\n"
                    # the test certificate is self-signed; a user would
                    # pin it with tls_fingerprint or trust the provider's
                    "tls_trust_file %s\n"
                    "account out\n"
                    "host 127.0.0.1\n"
                    "port %d\n"
                    "domain client.test\n"
                    "from %s\n"
                    "auth %s\n"
                    "user %s\n"
                    "password %s\n"
                    "account default : out\n"
                    % (env.cert, env.port, ALICE, auth, ALICE, password))
        os.chmod(conf, 0o600)
        return subprocess.run(
            [MSMTP, "-C", conf, "--tls-certcheck=off", *rcpts],
            input=message, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=60)

    def test_msmtp_sends_with_plain_and_login(self):
        env = self.make_env(start=False)
        env.add_user(ALICE, PASSWORD)
        env.start()
        sent = {}
        for auth in ("plain", "login"):
            subject = "msmtp %s" % auth
            msg = make_message(subject, sender=ALICE, to="bob@example.net",
                               body=["sent with AUTH %s" % auth, "",
                                     ".dot line", "end"])
            p = self.msmtp(env, auth, "bob@example.net", message=msg)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            sent[subject] = msg
        # a wrong password: msmtp reports the failure, nothing is sent
        p = self.msmtp(env, "plain", "bob@example.net", password="wrong",
                       message=make_message("wrong", sender=ALICE))
        self.assertNotEqual(p.returncode, 0)
        self.assertIn(b"535", p.stderr)
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 2)
        self.assertEqual(sorted(m.header("Subject")[0] for m in msgs),
                         sorted(sent))
        for m in msgs:
            orig = sent[m.header("Subject")[0]]
            self.assertEqual(m.mail_from, "<%s>" % ALICE)
            received = m.header("Received")[0]
            self.assertIn("with ESMTPSA", received)
            self.assertIn("using TLSv1.3", received)
            # the body arrives as sent (smtp-sink stores LF line ends)
            body = orig.split(b"\r\n\r\n", 1)[1].replace(b"\r\n", b"\n")
            self.assertTrue(m.message.endswith(body), m.message)
