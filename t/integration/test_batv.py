"""BATV end to end: the envelope sender of relayed mail tagged
prvs=KDDDSSSSSS=local@domain at smtp-sink (the tag recomputed here from
state_dir/batv.keys with HMAC-SHA256, independently of outguard), the
inbound listener (role: inbound) refusing bounces to untagged, forged and
expired addresses with 550 5.7.1 [OG-BATV] and relaying bounces to valid
tags, stripped, to relay.inbound_next_hop; relaying for other domains
refused; `outguard batv sign` and `outguard batv check`."""

import hashlib
import hmac
import json
import os
import re
import smtplib
import stat
import time
import unittest

from harness import (HOSTNAME, LOCAL, OGTestCase, ScriptSink, make_message,
                     smtp_client)

PASSWORD = "batv test password"
ALICE = "alice@example.com"
GTUBE = ("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-"
         "EMAIL*C.34X")
TAG_RX = re.compile(r"^prvs=(\d)(\d{3})([0-9a-f]{6})=(.+)$")


def read_keys(env):
    keys, current = {}, None
    with open(os.path.join(env.state_dir, "batv.keys")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            num, _created, hexkey = line.split()
            if num.endswith("*"):
                num = num[:-1]
                current = int(num)
            keys[int(num)] = bytes.fromhex(hexkey)
    return keys, current


def make_tag(key, k, ddd, addr):
    """draft-levine-smtp-batv-01 4.1: hash-source = K DDD orig-mailfrom"""
    mac = hmac.new(key, ("%d%03d%s" % (k, ddd, addr)).encode(),
                   hashlib.sha256).hexdigest()[:6]
    return "prvs=%d%03d%s=%s" % (k, ddd, mac, addr)


def today():
    return int(time.time()) // 86400


class BatvTest(OGTestCase):

    def batv_env(self, batv=None):
        self.inbound_sink = ScriptSink().start()
        self.addCleanup(self.inbound_sink.stop)
        env = self.make_env(start=False, listen=("starttls", "none"),
                            config={"batv": batv or {"enabled": True}})
        env.listeners[1]["role"] = "inbound"
        env.config["relay"]["inbound_next_hop"] = "smtp://%s:%d" % (
            LOCAL, self.inbound_sink.port)
        env.write_config()
        self.inbound_port = env.ports["none"]
        env.add_user(ALICE, PASSWORD)
        return env

    def inbound(self):
        return smtp_client(self.inbound_port, tls=False)

    def bounce_relayed(self, s, rcpt, relayed_as, mail="<>",
                       sender="MAILER-DAEMON@remote.example"):
        """RCPT and DATA on the inbound session s (MAIL FROM:mail given,
        a bounce by default), both 250, then QUIT; it must reach the
        inbound next hop from mail for relayed_as. Its transactions."""
        code, msg = s.rcpt(rcpt)
        self.assertEqual(code, 250, msg)
        code, msg = s.data(make_message("relayed", sender=sender, to=rcpt))
        self.assertEqual(code, 250, msg)
        s.quit()
        tx = self.inbound_sink.wait_transactions(1)
        self.assertEqual(tx[0]["mail"], mail)
        self.assertEqual(tx[0]["rcpts"], [relayed_as])
        return tx

    def send_out(self, env, sender, rcpt="bob@example.net", user=ALICE):
        s = env.smtp_auth(user, PASSWORD)
        s.sendmail(sender, [rcpt], make_message("batv", sender=sender))
        s.quit()

    def test_outgoing_sender_tagged(self):
        env = self.batv_env()
        # carol may send as a domain hosted elsewhere: its bounces would
        # not come back here to be validated, so it is never tagged
        env.add_user("carol@example.com", PASSWORD,
                     "require_from_domain=example.com,elsewhere.example")
        env.start()
        self.send_out(env, ALICE)
        self.send_out(env, "carol@elsewhere.example", user="carol@example.com")
        msgs = env.sink.wait_messages(2)
        froms = [m.mail_from for m in msgs]
        tagged = [f for f in froms if "prvs=" in f]
        self.assertEqual(len(tagged), 1, froms)
        self.assertIn("<carol@elsewhere.example>", froms)
        addr = re.search(r"<([^>]*)>", tagged[0]).group(1)
        m = TAG_RX.match(addr)
        self.assertIsNotNone(m, addr)
        self.assertEqual(m.group(4), ALICE)
        # the key file: 0600, and the tag recomputed from it here
        st = os.stat(os.path.join(env.state_dir, "batv.keys"))
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        keys, current = read_keys(env)
        self.assertEqual(int(m.group(1)), current)
        self.assertEqual(int(m.group(2)), (today() + 7) % 1000)
        self.assertEqual(addr, make_tag(keys[current], current,
                                        (today() + 7) % 1000, ALICE))
        # the header From is not touched
        alice_msg = [x for x in msgs if "prvs=" in x.mail_from][0]
        self.assertEqual(alice_msg.header("From"), ["<%s>" % ALICE])
        # an address already tagged is not tagged again
        self.send_out(env, addr)
        msgs = env.sink.wait_messages(3)
        self.assertEqual(sum("<%s>" % addr in x.mail_from
                             for x in msgs), 2)

    def test_quarantine_release_tagged(self):
        """Mail released from the quarantine goes out as the daemon would
        have sent it, its sender tagged, so that its bounces are taken
        back by the inbound listener."""
        env = self.batv_env()
        env.config["checks"] = {"antivirus": {"enabled": False},
                                "content": {"enabled": True},
                                "quarantine": {"enabled": True}}
        env.config["policy"] = {"automatic_lock": False}
        env.write_config()
        env.start()
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError):
            s.sendmail(ALICE, ["bob@example.net"], make_message(
                "held", sender=ALICE, body=["hi", GTUBE]))
        s.quit()
        held = json.loads(env.cli("quarantine", "list", "--json").stdout)
        self.assertEqual(len(held), 1)
        env.cli("quarantine", "release", held[0]["id"])
        msg, = env.sink.wait_messages(1)
        addr = re.search(r"<([^>]*)>", msg.mail_from).group(1)
        m = TAG_RX.match(addr)
        self.assertIsNotNone(m, addr)
        self.assertEqual(m.group(4), ALICE)
        self.assertEqual(env.cli("batv", "check", addr).returncode, 0)
        # its bounce is taken back, the tag stripped
        b = self.inbound()
        self.assertEqual(b.sendmail("", [addr], make_message(
            "bounce", sender="MAILER-DAEMON@remote.example", to=addr)), {})
        b.quit()
        tx = self.inbound_sink.wait_transactions(1)
        self.assertEqual(tx[0]["rcpts"], [ALICE])

    def test_disabled_leaves_sender(self):
        env = self.batv_env(batv={"enabled": False})
        env.start()
        self.send_out(env, ALICE)
        msgs = env.sink.wait_messages(1)
        self.assertIn("<%s>" % ALICE, msgs[0].mail_from)
        self.assertFalse(os.path.exists(os.path.join(env.state_dir,
                                                     "batv.keys")))

    def test_inbound_bounces(self):
        env = self.batv_env()
        env.start()
        valid = env.cli("batv", "sign", ALICE).stdout.strip()
        keys, current = read_keys(env)
        s = self.inbound()
        self.assertNotIn("auth", s.esmtp_features)
        # untagged bounce
        s.mail("<>")
        code, msg = s.rcpt(ALICE)
        self.assertEqual(code, 550, msg)
        self.assertIn(b"5.7.1", msg)
        self.assertIn(b"[OG-BATV]", msg)
        self.assertIn(b"untagged", msg)
        # forged: the right shape, a hash of our own making
        forged = "prvs=%d%03d%s=%s" % (current, (today() + 7) % 1000,
                                       "abcdef", ALICE)
        code, msg = s.rcpt(forged)
        self.assertEqual(code, 550, msg)
        self.assertIn(b"[OG-BATV]", msg)
        # expired: correctly signed, for yesterday
        expired = make_tag(keys[current], current, (today() - 1) % 1000,
                           ALICE)
        code, msg = s.rcpt(expired)
        self.assertEqual(code, 550, msg)
        self.assertIn(b"expired", msg)
        # valid: accepted, relayed stripped
        tx = self.bounce_relayed(s, valid, ALICE)
        # no DKIM signature on inbound mail
        self.assertNotIn(b"DKIM-Signature", tx[0]["data"])
        # the refusals are events with an incident id
        evs = []
        for name in os.listdir(os.path.join(env.state_dir, "events")):
            with open(os.path.join(env.state_dir, "events", name)) as f:
                evs += [json.loads(l) for l in f if l.strip()]
        batv = [e for e in evs if e.get("reason") == "OG-BATV"]
        self.assertEqual(len(batv), 3, evs)
        self.assertTrue(all(e.get("incident") for e in batv))

    def test_untaggable_sender_bounces_pass(self):
        """A sender no tag fits on (a local part of more than 48 octets,
        RFC 5321's 64 less the tag's 16) goes out untagged, and the
        bounce to it is taken back untagged; one octet shorter is tagged
        and its untagged bounce refused, also when its local part is
        quoted for nothing."""
        env = self.batv_env()
        env.add_user("example.org", PASSWORD)
        env.start()
        fits = "f" * 48 + "@example.org"
        long = "l" * 49 + "@example.org"
        self.send_out(env, fits, user="example.org")
        self.send_out(env, long, user="example.org")
        froms = [m.mail_from for m in env.sink.wait_messages(2)]
        self.assertIn("<%s>" % long, froms)
        self.assertTrue(any(TAG_RX.match(f.strip("<>")) and fits in f
                            for f in froms), froms)
        s = self.inbound()
        s.mail("<>")
        code, msg = s.rcpt(fits)
        self.assertEqual(code, 550, msg)
        self.assertIn(b"untagged", msg)
        # quotes that change nothing do not make an address untaggable
        code, msg = s.rcpt('"%s"@example.org' % fits.split("@")[0])
        self.assertEqual(code, 550, msg)
        self.assertIn(b"untagged", msg)
        self.bounce_relayed(s, long, long)

    def test_foreign_tag_wrapped(self):
        """A customer's own server that tags its senders relays through
        us: its tag is wrapped in ours, and the bounce to the wrapped
        address reaches that server with its own tag. A bounce to its tag
        alone did not come through us (refused), unless ours could not
        have fitted around it."""
        env = self.batv_env()
        env.add_user("example.org", PASSWORD)
        env.start()
        theirs = "prvs=0123abcdef=alice@example.org"
        long = "prvs=0123abcdef=" + "l" * 33 + "@example.org"
        self.send_out(env, theirs, user="example.org")
        self.send_out(env, long, user="example.org")
        froms = [m.mail_from.strip("<>") for m in env.sink.wait_messages(2)]
        self.assertIn(long, froms)
        wrapped = [f for f in froms if f != long][0]
        m = TAG_RX.match(wrapped)
        self.assertIsNotNone(m, wrapped)
        self.assertEqual(m.group(4), theirs)
        keys, current = read_keys(env)
        self.assertEqual(wrapped, make_tag(keys[current], current,
                                           (today() + 7) % 1000, theirs))
        # mail that carries our tag already is not tagged twice
        self.send_out(env, wrapped, user="example.org")
        self.assertIn(wrapped, [x.mail_from.strip("<>")
                                for x in env.sink.wait_messages(3)])
        s = self.inbound()
        s.mail("<>")
        code, msg = s.rcpt(theirs)
        self.assertEqual(code, 550, msg)
        self.assertIn(b"[OG-BATV]", msg)
        code, msg = s.rcpt(long)
        self.assertEqual(code, 250, msg)
        s.rset()
        s.mail("<>")
        self.bounce_relayed(s, wrapped, theirs)

    def relay_denied(self, mail, rcpt):
        """a started env and an inbound session after MAIL FROM:mail,
        RCPT TO:rcpt refused as relaying"""
        env = self.batv_env()
        env.start()
        s = self.inbound()
        s.mail(mail)
        code, msg = s.rcpt(rcpt)
        self.assertEqual(code, 550, msg)
        self.assertIn(b"5.7.1", msg)
        self.assertIn(b"relay denied", msg)
        return env, s

    def test_inbound_postmaster(self):
        """RFC 5321 4.5.1: the inbound listener takes <Postmaster> (the
        postmaster of this host) and passes it where the hosted domains'
        mail goes; the postmaster of any other host is still relaying"""
        env, s = self.relay_denied("<>", "postmaster@elsewhere.example")
        self.bounce_relayed(s, "<Postmaster>", "postmaster@" + HOSTNAME)

    def test_inbound_non_bounce_and_relay(self):
        env, s = self.relay_denied("someone@remote.example",
                                   "stranger@not-hosted.example")
        self.bounce_relayed(s, ALICE, ALICE, mail="<someone@remote.example>",
                            sender="someone@remote.example")
        # nothing went to the outgoing next hop
        self.assertEqual(env.sink.files(), [])
        # incoming mail is no account's outgoing mail: the event log
        # says which listener took it, status and report count it apart
        st = json.loads(env.cli("status", "--json", check=False).stdout)
        self.assertEqual(st["today"]["accepted"], 0)
        self.assertEqual(st["today"]["inbound"],
                         {"accepted": 1, "refused": 0, "deferred": 0})
        rep = json.loads(env.cli("report", "--period", "today",
                                 "--format", "json").stdout)
        self.assertEqual(rep["totals"]["accepted"]["messages"], 0)
        self.assertEqual(rep["inbound"]["messages"], 1)

    def test_cli(self):
        env = self.batv_env()
        tagged = env.cli("batv", "sign", "Alice@Example.COM").stdout.strip()
        m = TAG_RX.match(tagged)
        self.assertIsNotNone(m, tagged)
        self.assertEqual(m.group(4), "Alice@example.com")
        p = env.cli("batv", "check", tagged)
        self.assertEqual(p.stdout.strip(), "Alice@example.com")
        p = env.cli("batv", "check", "<%s>" % tagged)
        self.assertEqual(p.returncode, 0)
        bad = tagged[:12] + ("0" if tagged[12] != "0" else "1") + tagged[13:]
        p = env.cli("batv", "check", bad, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("bad signature", p.stderr)
        p = env.cli("batv", "check", ALICE, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("untagged", p.stderr)
        p = env.cli("batv", "check", check=False)
        self.assertEqual(p.returncode, 2)
        p = env.cli("batv", "sign", "not an address", check=False)
        self.assertEqual(p.returncode, 1)
        p = env.cli("batv", "frobnicate", ALICE, check=False)
        self.assertEqual(p.returncode, 2)


if __name__ == "__main__":
    unittest.main()
