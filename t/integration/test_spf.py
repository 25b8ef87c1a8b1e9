"""SPF end to end against a real DNS server (unbound, local-data only) on
127.0.0.1: the sender domain's TXT record is evaluated for
relay.egress_ips through the daemon's resolver and the libspf2 layer on
it. Reject mode refuses a failing sender 550 5.7.1 [OG-SPF] at MAIL FROM
and nothing reaches the next hop; warn mode relays it with an
X-Outguard-SPF header; passing senders (ip4, include + a, mx, ptr, aaaa)
relay untouched; with two egress addresses a fail for either refuses;
softfail, none and the null sender relay; the DNS server down is
temperror and never a 5xx.

The egress address is 192.0.2.10 (TEST-NET-1): it is only a value the
SPF records are compared with, no traffic goes there. Zones live under
example.net/example.org because libunbound answers .test names itself."""

import json
import os
import smtplib
import threading
import unittest

from harness import (LOCAL, UNBOUND, LocalDns, OGTestCase, events,
                     make_message)

EGRESS = "192.0.2.10"
EGRESS6 = "2001:db8::10"
# libunbound answers the reverse zones of the documentation ranges itself
# (NXDOMAIN, like .test), so the ptr test's address is an ordinary one:
# like EGRESS it is only compared with, never sent to
EGRESS_PTR = "1.2.3.4"
DOMAINS = ("pass.example.net", "fail.example.net", "soft.example.net",
           "inc.example.net", "mx.example.net", "nospf.example.net",
           "ptr.example.net", "six.example.net")


def SpfDns(directory):
    """the customers' zones: TXT records (SPF), and what they point to"""
    dns = LocalDns(directory, ("example.net", "example.org",
                               "3.2.1.in-addr.arpa"))
    dns.set_txt("pass.example.net", ["v=spf1 ip4:192.0.2.0/24 -all"])
    dns.set_txt("fail.example.net", ["v=spf1 ip4:198.51.100.1 -all"])
    dns.set_txt("soft.example.net", ["v=spf1 ip4:198.51.100.1 ~all"])
    # two character-strings joined without a space (RFC 7208 3.3)
    dns.set_txt("inc.example.net", ["v=spf1 include:relay.exa",
                                    "mple.org -all"])
    dns.set_txt("relay.example.org", ["v=spf1 a:out.example.org -all"])
    dns.add("out.example.org", "A", EGRESS)
    dns.set_txt("mx.example.net", ["v=spf1 mx -all"])
    dns.add("mx.example.net", "MX", "10 mail.mx.example.net.")
    dns.add("mail.mx.example.net", "A", EGRESS)
    # ptr: the egress address' name must resolve back to it
    dns.set_txt("ptr.example.net", ["v=spf1 ptr -all"])
    dns.add("4.3.2.1.in-addr.arpa", "PTR", "out.ptr.example.net.")
    dns.add("out.ptr.example.net", "A", EGRESS_PTR)
    # both address families
    dns.set_txt("six.example.net", ["v=spf1 ptr:ptr.example.net "
                                    "a:v6.six.example.net -all"])
    dns.add("v6.six.example.net", "AAAA", EGRESS6)
    # a TXT record that is not SPF: none
    dns.set_txt("nospf.example.net", ["google-site-verification=abc"])
    return dns



@unittest.skipUnless(os.access(UNBOUND, os.X_OK), "unbound is not installed")
class SpfTest(OGTestCase):

    def spf_env(self, action, dns_up=True, egress=(EGRESS,)):
        env = self.make_env(start=False)
        self.dns = SpfDns(os.path.join(env.dir, "dns"))
        if dns_up:
            self.dns.start()
            self.addCleanup(self.dns.stop)
        env.config["relay"]["egress_ips"] = list(egress)
        env.config["checks"] = {"spf": {"enabled": True, "action": action}}
        env.config["resolver"] = {"servers": [self.dns.server()],
                                  "timeout": "2s"}
        env.write_config()
        env.add_user("127.0.0.0/8", None,
                     "require_from_domain=" + ",".join(DOMAINS))
        env.start()
        return env

    def connect(self, env):
        s = smtplib.SMTP(LOCAL, env.port, local_hostname="client.test",
                         timeout=15)
        s.ehlo()
        return s

    def send(self, env, sender, subject="spf"):
        s = self.connect(env)
        try:
            s.sendmail(sender, ["bob@example.org"],
                       make_message(subject, sender=sender or
                                    "bounce@pass.example.net"))
        finally:
            s.quit()

    def test_reject_mode_refuses_fail(self):
        env = self.spf_env("reject")
        s = self.connect(env)
        code, text = s.mail("alice@fail.example.net")
        self.assertEqual(code, 550, text)
        self.assertTrue(text.startswith(b"5.7.1 [OG-SPF]"), text)
        self.assertIn(b"fail.example.net", text)
        self.assertIn(EGRESS.encode(), text)
        self.assertIn(b"add it to the domain's SPF record", text)
        s.quit()
        env.wait_log(r"spf result=fail from=<alice@fail\.example\.net> "
                     r"ip=192\.0\.2\.10")
        # a refusal event, but no abuse signal: the domain's DNS is wrong,
        # the account is not hijacked, so no step toward a lock
        ev = [e for e in events(env) if e.get("reason") == "OG-SPF" and
              e.get("event") == "refuse"]
        self.assertEqual(len(ev), 1, events(env))
        self.assertIn(ev[0]["incident"].encode(), text)
        self.assertEqual([e for e in events(env)
                          if e.get("event") in ("signal", "lock")], [])
        # nothing reached the next hop; the account still sends
        self.assertEqual(env.sink.messages(), [])
        self.send(env, "a@pass.example.net", subject="after the refusal")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)

    def test_reject_mode_relays_the_others(self):
        env = self.spf_env("reject")
        senders = ["a@pass.example.net", "b@inc.example.net",
                   "c@mx.example.net", "d@soft.example.net",
                   "e@nospf.example.net"]
        for sender in senders:
            self.send(env, sender)
        msgs = env.sink.wait_messages(len(senders))
        self.assertEqual(len(msgs), len(senders))
        for m in msgs:
            self.assertNotIn(b"X-Outguard-SPF", m.message)
        for sender, result in (("a@pass", "pass"), ("b@inc", "pass"),
                               ("c@mx", "pass"), ("d@soft", "softfail"),
                               ("e@nospf", "none")):
            env.wait_log(r"spf result=%s from=<%s\.example\.net> "
                         r"ip=192\.0\.2\.10" % (result,
                                                sender.replace(".", r"\.")))

    def test_ptr_and_two_egress_addresses(self):
        env = self.spf_env("reject", egress=(EGRESS_PTR, EGRESS6))
        self.send(env, "a@six.example.net")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)
        env.wait_log(r"spf result=pass from=<a@six\.example\.net> "
                     r"ip=2001:db8::10")
        # ptr passes for the IPv4 address only: the IPv6 one fails, and
        # the mail may leave from either
        s = self.connect(env)
        code, text = s.mail("b@ptr.example.net")
        s.quit()
        self.assertEqual(code, 550, text)
        self.assertIn(b"does not include 2001:db8::10", text)
        env.wait_log(r"spf result=pass from=<a@six\.example\.net> "
                     r"ip=1\.2\.3\.4")
        env.wait_log(r"spf result=pass from=<b@ptr\.example\.net> "
                     r"ip=1\.2\.3\.4")
        self.assertEqual(len(env.sink.messages()), 1)

    def test_warn_mode_adds_header(self):
        env = self.spf_env("warn")
        self.send(env, "alice@fail.example.net", "warned")
        self.send(env, "bob@pass.example.net", "passed")
        msgs = env.sink.wait_messages(2)
        by_subject = {}
        for m in msgs:
            for line in m.message.split(b"\n"):
                if line.startswith(b"Subject: "):
                    by_subject[line[9:].strip()] = m
        warned = by_subject[b"warned"].message
        self.assertIn(b"X-Outguard-SPF: fail (", warned)
        self.assertIn(b"envelope-from=alice@fail.example.net; "
                      b"egress-ip=192.0.2.10", warned)
        self.assertIn(b"does not designate 192.0.2.10", warned)
        self.assertNotIn(b"X-Outguard-SPF", by_subject[b"passed"].message)
        env.wait_log(r"spf warn from=<alice@fail\.example\.net> "
                     r"ip=192\.0\.2\.10")
        self.assertEqual([e for e in events(env)
                          if e.get("reason") == "OG-SPF"], [])

    def test_parallel_sessions(self):
        """sessions evaluate at once, each with its own libspf2 server
        over the shared resolver"""
        env = self.spf_env("warn")
        senders = ["u%d@%s" % (i, d) for i in range(4)
                   for d in ("fail.example.net", "inc.example.net")]
        errors = []

        def one(sender):
            try:
                self.send(env, sender, "par " + sender)
            except Exception as e:  # reported below
                errors.append("%s: %r" % (sender, e))

        threads = [threading.Thread(target=one, args=(x,)) for x in senders]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        msgs = env.sink.wait_messages(len(senders), timeout=20)
        self.assertEqual(len(msgs), len(senders))
        flagged = [m for m in msgs if b"X-Outguard-SPF: fail" in m.message]
        self.assertEqual(len(flagged), 4)
        for m in flagged:
            self.assertIn(b"@fail.example.net; egress-ip=", m.message)

    def test_null_sender_not_checked(self):
        env = self.spf_env("reject")
        self.send(env, "")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)
        env.wait_log(r"spf skipped from=<> reason=null-sender")

    def test_dns_down_is_not_a_refusal(self):
        env = self.spf_env("reject", dns_up=False)
        s = self.connect(env)
        code, text = s.mail("alice@fail.example.net")
        self.assertEqual(code, 250, text)
        s.rcpt("bob@example.org")
        s.data(make_message("dns down", sender="alice@fail.example.net"))
        s.quit()
        self.assertEqual(len(env.sink.wait_messages(1)), 1)
        env.wait_log(r"spf result=temperror from=<alice@fail\.example\.net>"
                     r" ip=192\.0\.2\.10", timeout=15)

    def test_scan_offline_is_off(self):
        env = self.spf_env("reject")
        path = os.path.join(env.dir, "m.eml")
        with open(path, "wb") as f:
            f.write(make_message("scan", sender="a@fail.example.net"))
        res = json.loads(env.cli("scan", "--json", path).stdout)
        spf = [c for c in res[0]["checks"] if c["check"] == "spf"]
        self.assertEqual(len(spf), 1, res)
        self.assertTrue(spf[0]["skipped"], res)

    def test_enabled_needs_egress_ips(self):
        env = self.make_env(start=False)
        env.config["checks"] = {"spf": {"enabled": True}}
        env.write_config()
        r = env.cli("status", check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("checks.spf.enabled needs relay.egress_ips",
                      r.stderr)


if __name__ == "__main__":
    unittest.main()
