"""IP reputation end to end against a DNSBL zone served by a real DNS
server (unbound, local-data only) on 127.0.0.1: a listed client refused at
connect with 554 5.7.1 [OG-IPREP] (an IP account, an unauthenticated
client), the deny list, the allow list overriding a listing, per-zone
return codes, 127.255.255.x error answers counted as not listed, a
password account logging in from an address listed by a `signal` zone
(takeover signal: event and lock), and the DNS server down (no 5xx).

Loopback clients are never looked up unless
checks.ip_reputation.lookup_private is true, which these tests set; the
listed client connects from 127.0.0.2 (the RFC 5782 test address), the
clean one from 127.0.0.1."""

import os
import smtplib
import socket
import unittest

from harness import (LOCAL, UNBOUND, LocalDns, OGTestCase, events,
                     insecure_tls_context, make_message, smtp_auth)

PASSWORD = "iprep test password"
# an ordinary domain; test_zone_under_test_tld_reaches_the_servers has
# one under .test
ZONES = ("zen.example.net", "pbl.example.net", "err.example.net")
LISTED = "127.0.0.2"
CLEAN = "127.0.0.1"


def DnsblServer(directory, records):
    """the DNSBL zones' DNS server: A records, owner -> address"""
    dns = LocalDns(directory, ZONES)
    for owner, addr in sorted(records.items()):
        dns.add(owner, "A", addr)
    return dns


def connect_from(port, source, tls=True):
    """smtplib session from a chosen loopback address; the greeting is
    checked by smtplib (a 554 raises SMTPConnectError)."""
    s = smtplib.SMTP(LOCAL, port, local_hostname="client.test", timeout=10,
                     source_address=(source, 0))
    s.ehlo()
    if tls:
        s.starttls(context=insecure_tls_context())
        s.ehlo()
    return s


@unittest.skipUnless(os.access(UNBOUND, os.X_OK), "unbound is not installed")
class IprepTest(OGTestCase):

    def iprep_env(self, iprep, records=None, dns_up=True):
        env = self.make_env(start=False)
        self.dns = DnsblServer(os.path.join(env.dir, "dns"), records if
                               records is not None else {
                                   "2.0.0.127.zen.example.net": "127.0.0.2",
                                   "2.0.0.127.pbl.example.net": "127.0.0.11",
                                   "2.0.0.127.err.example.net":
                                   "127.255.255.254",
                               })
        if dns_up:
            self.dns.start()
            self.addCleanup(self.dns.stop)
        rep = {"lookup_private": True}
        rep.update(iprep)
        env.config["checks"] = {"ip_reputation": rep}
        env.config["resolver"] = {"servers": ["%s@%d" % (LOCAL,
                                                         self.dns.port)],
                                  "timeout": "2s"}
        env.write_config()
        return env

    def assertRefusedAtConnect(self, env, source, text=b"[OG-IPREP]"):
        with self.assertRaises(smtplib.SMTPConnectError) as cm:
            connect_from(env.port, source)
        self.assertEqual(cm.exception.smtp_code, 554)
        self.assertIn(b"5.7.1", cm.exception.smtp_error)
        self.assertIn(text, cm.exception.smtp_error)
        return cm.exception.smtp_error

    def send(self, s, sender):
        s.sendmail(sender, ["bob@example.net"],
                   make_message("iprep", sender=sender))
        s.quit()

    def test_listed_ip_account_refused_at_connect(self):
        env = self.iprep_env({"dnsbl": ["zen.example.net"]})
        env.add_user("127.0.0.0/8", None,
                     "require_from_domain=customer.example")
        env.start()
        msg = self.assertRefusedAtConnect(env, LISTED)
        self.assertIn(b"zen.example.net", msg)
        env.wait_log(r"refused client=127\.0\.0\.2 reason=OG-IPREP")
        ev = [e for e in events(env) if e.get("reason") == "OG-IPREP"]
        self.assertEqual(len(ev), 1)
        self.assertIn(ev[0]["incident"].encode(), msg)
        # the clean address relays as usual
        self.send(connect_from(env.port, CLEAN), "a@customer.example")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)
        # RFC 5321 3.1: after the 554 the server waits for QUIT, and
        # answers the commands before it with 503
        c = socket.create_connection((LOCAL, env.port), timeout=10,
                                     source_address=(LISTED, 0))
        f = c.makefile("rb")
        self.assertTrue(f.readline().startswith(b"554 5.7.1 [OG-IPREP]"))
        c.sendall(b"EHLO client.test\r\nMAIL FROM:<a@customer.example>"
                  b"\r\nQUIT\r\n")
        self.assertTrue(f.readline().startswith(b"503 5.5.1 "))
        self.assertTrue(f.readline().startswith(b"503 5.5.1 "))
        self.assertTrue(f.readline().startswith(b"221 2.0.0 "))
        self.assertEqual(f.readline(), b"")
        c.close()

    def test_zone_under_test_tld_reaches_the_servers(self):
        """A lab's DNSBL zone under .test (RFC 6761) is asked of
        resolver.servers like any other: libunbound would answer it
        itself otherwise."""
        env = self.make_env(start=False)
        dns = LocalDns(os.path.join(env.dir, "dns"), ["bl.test"])
        dns.add("2.0.0.127.bl.test", "A", "127.0.0.2")
        dns.start()
        self.addCleanup(dns.stop)
        env.config["checks"] = {"ip_reputation": {
            "lookup_private": True, "dnsbl": ["bl.test"]}}
        env.config["resolver"] = {"servers": [dns.server()],
                                  "timeout": "2s"}
        env.write_config()
        env.add_user("127.0.0.0/8", None,
                     "require_from_domain=customer.example")
        env.start()
        msg = self.assertRefusedAtConnect(env, LISTED)
        self.assertIn(b"bl.test", msg)
        self.send(connect_from(env.port, CLEAN), "a@customer.example")

    def test_codes_and_error_answers(self):
        env = self.iprep_env({"dnsbl": [
            # listed, but not with this code
            {"zone": "zen.example.net", "codes": ["127.0.0.4"]},
            # answers 127.255.255.254: an error, not a listing
            "err.example.net",
        ]})
        env.add_user("127.0.0.0/8", None,
                     "require_from_domain=customer.example")
        env.start()
        self.send(connect_from(env.port, LISTED), "a@customer.example")
        env.wait_log(r"dnsbl error answer client=127\.0\.0\.2 "
                     r"zone=err\.example\.net answer=127\.255\.255\.254")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)

    def test_deny_list_and_unauthenticated(self):
        env = self.iprep_env({"deny": ["127.0.0.1/32"]}, dns_up=False)
        env.start()
        msg = self.assertRefusedAtConnect(env, CLEAN)
        self.assertIn(b"deny list", msg)
        # a listed address refused before any AUTH, too
        s = connect_from(env.port, LISTED)
        s.quit()

    def test_allow_list_overrides(self):
        env = self.iprep_env({"dnsbl": ["zen.example.net"],
                              "allow": ["127.0.0.2/32"]})
        env.add_user("127.0.0.0/8", None,
                     "require_from_domain=customer.example")
        env.start()
        self.send(connect_from(env.port, LISTED), "a@customer.example")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)

    def test_unauthenticated_listed_refused(self):
        env = self.iprep_env({"dnsbl": ["zen.example.net"]})
        env.add_user("alice@example.com", PASSWORD)
        env.start()
        self.assertRefusedAtConnect(env, LISTED)

    def test_password_account_takeover_signal(self):
        env = self.iprep_env({"dnsbl": [
            {"zone": "pbl.example.net",
             "codes": ["127.0.0.10", "127.0.0.11"], "action": "signal"}]})
        env.add_user("alice@example.com", PASSWORD)
        env.start()
        s = connect_from(env.port, LISTED)
        smtp_auth(s, "PLAIN", "alice@example.com", PASSWORD)
        # the session is not refused, but the account is locked now
        with self.assertRaises(smtplib.SMTPSenderRefused) as cm:
            s.sendmail("alice@example.com", ["bob@example.net"],
                       make_message("after signal"))
        self.assertEqual(cm.exception.smtp_code, 451)
        self.assertIn(b"OG-LOCKED", cm.exception.smtp_error)
        s.quit()
        env.wait_log(r"iprep takeover-signal account=alice@example\.com "
                     r"client=127\.0\.0\.2 zone=pbl\.example\.net "
                     r"code=127\.0\.0\.11")
        kinds = [(e["event"], e.get("reason")) for e in events(env)]
        self.assertIn(("signal", "OG-IPREP"), kinds)
        self.assertIn(("lock", "OG-IPREP"), kinds)
        why = env.cli("user", "why", "alice@example.com").stdout
        self.assertIn("OG-IPREP", why)

    def test_dns_down_is_not_a_refusal(self):
        env = self.iprep_env({"dnsbl": ["zen.example.net"]}, dns_up=False)
        env.add_user("127.0.0.0/8", None,
                     "require_from_domain=customer.example")
        env.start()
        self.send(connect_from(env.port, LISTED), "a@customer.example")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)
        env.wait_log(r"dnsbl lookup failed client=127\.0\.0\.2 "
                     r"zone=zen\.example\.net")

    def test_private_not_looked_up_by_default(self):
        env = self.iprep_env({"dnsbl": ["zen.example.net"],
                              "lookup_private": False})
        env.add_user("127.0.0.0/8", None,
                     "require_from_domain=customer.example")
        env.start()
        self.send(connect_from(env.port, LISTED), "a@customer.example")
        self.assertEqual(len(env.sink.wait_messages(1)), 1)


if __name__ == "__main__":
    unittest.main()
