"""Sender and recipient domains in the DNS (checks.domains), against a real
DNS server (unbound, local-data only) on 127.0.0.1: a sender domain
without MX, A or AAAA refused 550 5.1.8 [OG-FROM], one with a null MX
550 5.7.27, domains with an MX, only an A or only an AAAA record accepted;
a recipient domain that does not exist refused 550 5.1.2 [OG-INVALID], a
null MX 556 5.1.10, both counted as invalid recipients up to the lock; the
DNS server down: the sender deferred 451 4.4.3 (never a 5xx), a recipient
let through; valid_sender_required false, the dry run, and the switch
off."""

import os
import smtplib
import unittest

from harness import (UNBOUND, LocalDns, OGTestCase, events,
                     insecure_tls_context, make_message, smtp_auth)

PASSWORD = "domains test password"
ZONE = "example.net"


@unittest.skipUnless(os.access(UNBOUND, os.X_OK), "unbound is not installed")
class DomainsTest(OGTestCase):

    def domains_env(self, dns_up=True, enabled=True, policy=None):
        env = self.make_env(start=False)
        self.dns = LocalDns(os.path.join(env.dir, "dns"), [ZONE])
        self.dns.add("mx.example.net", "MX", "10 mail.mx.example.net.")
        self.dns.add("mail.mx.example.net", "A", "192.0.2.25")
        self.dns.add("a.example.net", "A", "192.0.2.1")
        self.dns.add("aaaa.example.net", "AAAA", "2001:db8::1")
        self.dns.add("nullmx.example.net", "MX", "0 .")
        self.dns.add("nullmx.example.net", "A", "192.0.2.2")
        # exists (a TXT record), but takes no mail: no MX, A or AAAA
        self.dns.add("txtonly.example.net", "TXT", '"v=spf1 -all"')
        if dns_up:
            self.dns.start()
            self.addCleanup(self.dns.stop)
        env.config["checks"] = {"domains": {"enabled": enabled}}
        env.config["resolver"] = {"servers": [self.dns.server()],
                                  "timeout": "2s"}
        if policy:
            env.config.setdefault("policy", {}).update(policy)
        env.write_config()
        env.add_user("alice@mx.example.net", PASSWORD,
                     "require_from_domain=mx.example.net,a.example.net,"
                     "aaaa.example.net,nullmx.example.net,"
                     "txtonly.example.net,gone.example.net")
        env.start()
        return env

    def session(self, env):
        s = smtplib.SMTP("127.0.0.1", env.port, local_hostname="client.test",
                         timeout=10)
        s.starttls(context=insecure_tls_context())
        s.ehlo()
        smtp_auth(s, "PLAIN", "alice@mx.example.net", PASSWORD)
        self.addCleanup(s.close)
        return s

    def assertMailRefused(self, s, sender, code, enh):
        c, text = s.mail(sender)
        self.assertEqual(c, code, text)
        self.assertTrue(text.startswith(enh.encode() + b" [OG-FROM]"), text)
        s.rset()
        return text

    def test_sender_domain_must_receive_mail(self):
        env = self.domains_env()
        s = self.session(env)
        text = self.assertMailRefused(s, "x@gone.example.net", 550, "5.1.8")
        self.assertIn(b"gone.example.net does not exist", text)
        self.assertMailRefused(s, "x@txtonly.example.net", 550, "5.1.8")
        text = self.assertMailRefused(s, "x@nullmx.example.net", 550,
                                      "5.7.27")
        self.assertIn(b"null MX", text)
        # an MX, only an A, only an AAAA: all receive mail
        for sender in ("alice@mx.example.net", "x@a.example.net",
                       "x@aaaa.example.net"):
            s.sendmail(sender, ["bob@mx.example.net"],
                       make_message("ok", sender=sender))
        got = env.sink.wait_messages(3)
        self.assertEqual(sorted(m.mail_from for m in got),
                         ["<alice@mx.example.net>", "<x@a.example.net>",
                          "<x@aaaa.example.net>"])
        refused = [e for e in events(env) if e.get("reason") == "OG-FROM"]
        self.assertEqual(len(refused), 3)
        # the reply names the incident of its event
        self.assertIn(("(incident %s)" % refused[2]["incident"]).encode(),
                      text)
        env.wait_log(r"sender domain gone\.example\.net: none")

    def test_recipient_domains_counted_invalid_until_the_lock(self):
        env = self.domains_env(policy={"invalid_recipient_limit": 3})
        s = self.session(env)
        s.mail("alice@mx.example.net")
        c, text = s.rcpt("bob@gone.example.net")
        self.assertEqual(c, 550, text)
        self.assertTrue(text.startswith(
            b"5.1.2 <bob@gone.example.net>: [OG-INVALID] recipient domain "
            b"gone.example.net does not exist"), text)
        c, text = s.rcpt("bob@nullmx.example.net")
        self.assertEqual(c, 556, text)
        self.assertTrue(text.startswith(b"5.1.10 "), text)
        self.assertIn(b"accepts no mail (null MX)", text)
        # the good recipient of the same transaction goes through
        c, text = s.rcpt("carol@a.example.net")
        self.assertEqual(c, 250, text)
        c, text = s.data(make_message("mixed", sender="alice@mx.example.net"))
        self.assertEqual(c, 250, text)
        got = env.sink.wait_messages(1)
        self.assertEqual(got[0].rcpts, ["<carol@a.example.net>"])
        # the third invalid recipient within 24 h reaches the limit: lock
        s.mail("alice@mx.example.net")
        c, text = s.rcpt("dave@txtonly.example.net")
        self.assertEqual(c, 550, text)
        c, text = s.mail("alice@mx.example.net")
        s.rset()
        c, text = s.mail("alice@mx.example.net")
        self.assertEqual(c, 451, text)
        self.assertIn(b"[OG-LOCKED]", text)
        why = env.cli("user", "why", "alice@mx.example.net").stdout
        self.assertIn("OG-INVALID", why)
        invalid = [e for e in events(env) if e.get("reason") == "OG-INVALID"
                   and e.get("event") == "refuse"]
        self.assertEqual(sorted(e["rcpt"] for e in invalid),
                         ["bob@gone.example.net", "bob@nullmx.example.net",
                          "dave@txtonly.example.net"])

    def test_dns_down_defers_the_sender_and_passes_recipients(self):
        env = self.domains_env(dns_up=False)
        s = self.session(env)
        text = self.assertMailRefused(s, "alice@mx.example.net", 451,
                                      "4.4.3")
        self.assertIn(b"cannot look up sender domain mx.example.net now",
                      text)
        self.assertEqual(env.sink.files(), [])

    def test_dns_down_recipient_not_invalid(self):
        env = self.domains_env(dns_up=False,
                               policy={"valid_sender_required": False,
                                       "invalid_recipient_limit": 1})
        s = self.session(env)
        s.sendmail("alice@mx.example.net", ["bob@gone.example.net"],
                   make_message("dns down", sender="alice@mx.example.net"))
        self.assertEqual(len(env.sink.wait_messages(1)), 1)
        env.wait_log(r"recipient domain gone\.example\.net: not checked")
        self.assertFalse([e for e in events(env)
                          if e.get("reason") == "OG-INVALID"])

    def test_valid_sender_not_required(self):
        env = self.domains_env(policy={"valid_sender_required": False})
        s = self.session(env)
        s.sendmail("x@gone.example.net", ["bob@mx.example.net"],
                   make_message("no check", sender="x@gone.example.net"))
        self.assertEqual(len(env.sink.wait_messages(1)), 1)

    def test_dry_run_relays_and_logs(self):
        env = self.domains_env(policy={"enforce": False})
        s = self.session(env)
        s.sendmail("x@gone.example.net", ["bob@gone.example.net"],
                   make_message("dry", sender="x@gone.example.net"))
        self.assertEqual(len(env.sink.wait_messages(1)), 1)
        would = [(e["event"], e["reason"]) for e in events(env)
                 if e.get("dry_run")]
        self.assertIn(("would_refuse", "OG-FROM"), would)
        self.assertIn(("would_refuse", "OG-INVALID"), would)

    def test_switched_off_no_lookups(self):
        env = self.domains_env(enabled=False)
        s = self.session(env)
        s.sendmail("x@gone.example.net", ["bob@gone.example.net"],
                   make_message("off", sender="x@gone.example.net"))
        self.assertEqual(len(env.sink.wait_messages(1)), 1)


if __name__ == "__main__":
    unittest.main()
