"""DKIM end to end: keys made with `outguard dkim keygen`, their records
served by a real DNS server (unbound) on 127.0.0.1, mail relayed through
outguard to smtp-sink carrying an Ed25519 and an RSA signature that two
independent verifiers from Debian accept (Python's dkimpy and Perl's
Mail::DKIM, both fetching the keys from that DNS server), `outguard dkim
check` against the same server (match, mismatch, missing, DNS down), and
mail of a domain without keys relayed unsigned with one log line."""

import os
import re
import shutil
import signal
import subprocess
import time
import unittest

from harness import (HOSTNAME, LOCAL, UNBOUND, LocalDns, OGTestCase,
                     make_message, yaml_dump)

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "correct horse battery staple"
# the verifiers run in Debian's own interpreters, where their packages are
DEBIAN_PYTHON = "/usr/bin/python3"
PERL = shutil.which("perl") or "/usr/bin/perl"
# newer Mail::DKIM releases verify Ed25519 (Algorithm::ed25519_sha256);
# Debian 12's 1.20230212 does not
MAIL_DKIM_ED25519 = subprocess.run(
    [PERL, "-MMail::DKIM::Algorithm::ed25519_sha256", "-e", "1"],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0

RECORD_RX = re.compile(r'^(\S+)\. IN TXT \(((?:\s*"[^"]*")+)\s*\)', re.M)


def parse_record(text):
    """(owner, [strings]) of the zone-file line `dkim keygen` prints."""
    m = RECORD_RX.search(text)
    if m is None:
        raise AssertionError("no TXT record in:\n" + text)
    return m.group(1), re.findall(r'"([^"]*)"', m.group(2))


def DnsServer(directory):
    """the test zones' DNS server: TXT records set with set_txt"""
    return LocalDns(directory, ("example.com", "example.org"))


@unittest.skipUnless(os.access(UNBOUND, os.X_OK), "unbound is not installed")
class DkimTest(OGTestCase):

    def setUp(self):
        self.dns = None

    def tearDown(self):
        if self.dns is not None:
            self.dns.stop()

    def make_dkim_env(self, dns_port=None):
        env = self.make_env(start=False)
        self.keys_dir = os.path.join(env.dir, "dkim")
        self.dns = DnsServer(os.path.join(env.dir, "dns"))
        env.config["dkim"] = {"keys_dir": self.keys_dir}
        env.config["resolver"] = {
            "servers": ["%s@%d" % (LOCAL, dns_port or self.dns.port)],
            "timeout": "2s"}
        env.write_config()
        return env

    def keygen(self, env, *args):
        p = env.cli("dkim", "keygen", *args)
        return parse_record(p.stdout)

    def verify(self, tool, message):
        path = os.path.join(self.dns.dir, "verify-%d.eml" % time.time_ns())
        with open(path, "wb") as f:
            f.write(message)
        cmd = ([DEBIAN_PYTHON, os.path.join(HERE, "dkim_verify.py")]
               if tool == "dkimpy" else
               [PERL, os.path.join(HERE, "dkim_verify.pl")])
        p = subprocess.run(cmd + [str(self.dns.port), path],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=60)
        return p.returncode, p.stdout

    def send(self, env, sender, subject, body=None):
        s = env.smtp_auth(sender, PASSWORD)
        s.sendmail(sender, ["bob@example.net"],
                   make_message(subject=subject, sender=sender, body=body))
        s.quit()

    def test_keygen_sign_and_two_verifiers(self):
        env = self.make_dkim_env()
        owner_rsa, rsa = self.keygen(env, "example.com", "--selector",
                                     "default")
        owner_ed, ed = self.keygen(env, "example.com", "--selector",
                                   "default", "--algorithm", "ed25519")
        self.assertEqual(owner_rsa, "default._domainkey.example.com")
        self.assertEqual(owner_ed, "default.ed25519._domainkey.example.com")
        self.assertGreater(len(rsa), 1, "a 2048-bit key needs 2 strings")
        self.assertTrue(all(len(s) <= 255 for s in rsa + ed))
        self.assertTrue("".join(rsa).startswith("v=DKIM1; k=rsa; p=MII"))
        self.assertTrue("".join(ed).startswith("v=DKIM1; k=ed25519; p="))
        # an option's value outside its choices is a usage error (2)
        for bad in (("--algorithm", "dsa"), ("--bits", "512"),
                    ("--algorithm", "ed25519", "--bits", "2048")):
            p = env.cli("dkim", "keygen", "example.com", "--selector", "x",
                        *bad, check=False)
            self.assertEqual(p.returncode, 2, (bad, p.stderr))
        p = env.cli("dkim", "keygen", "example.com", check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--selector is required", p.stderr)
        # keys_dir made by root, the daemon running as another user: the
        # key is root's, and keygen says so with the command that mends it
        if os.geteuid() == 0:
            roots = os.path.join(env.dir, "dkim-root")
            os.makedirs(roots, 0o755)
            cfg = dict(env.config, run_as="nobody",
                       dkim={"keys_dir": roots})
            path = os.path.join(env.dir, "run-as-nobody.yaml")
            with open(path, "w") as f:
                f.write(yaml_dump(cfg))
            p = env.cli("dkim", "keygen", "example.org", "--selector", "s1",
                        config=path)
            self.assertIn("belongs to root: the daemon, running as nobody, "
                          "cannot read the key; chown -R nobody: " + roots,
                          p.stderr)
        for name in ("default.pem", "default.ed25519.pem"):
            st = os.stat(os.path.join(self.keys_dir, "example.com", name))
            self.assertEqual(st.st_mode & 0o777, 0o600)
        # an existing key is not replaced without --force
        p = env.cli("dkim", "keygen", "example.com", "--selector",
                    "default", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--force", p.stderr)

        self.dns.set_txt(owner_rsa, rsa)
        self.dns.set_txt(owner_ed, ed)
        self.dns.start()
        p = env.cli("dkim", "check", "example.com", "--selector", "default")
        self.assertEqual(p.stdout.count(": ok: matches"), 2, p.stdout)

        env.start()
        env.wait_log(r"dkim: 2 keys in ")
        env.add_user("alice@example.com", PASSWORD)
        body = ["Hello,", "", "trailing  spaces   ", "\ttab", "", "",
                ".dot", "end", "", ""]
        self.send(env, "alice@example.com", "signed twice", body)
        self.send(env, "alice@example.com", "signed again")
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 2)
        for m in msgs:
            # smtp-sink writes LF; the wire form is CRLF
            wire = m.message.replace(b"\n", b"\r\n")
            head = wire.split(b"\r\n\r\n", 1)[0].decode()
            sigs = re.findall(r"^DKIM-Signature:[^\r\n]*(?:\r\n[ \t][^\r\n]*)*", head,
                              re.M)
            self.assertEqual(len(sigs), 2, head)
            self.assertIn("a=ed25519-sha256", sigs[0])
            self.assertIn("s=default.ed25519;", sigs[0])
            self.assertIn("a=rsa-sha256", sigs[1])
            self.assertRegex(sigs[1], r"s=default;")
            for sig in sigs:
                unfolded = re.sub(r"\r\n[ \t]", " ", sig)
                self.assertIn("c=relaxed/relaxed", unfolded)
                self.assertIn("d=example.com;", unfolded)
                h = re.search(r"h=([^;]+);", unfolded).group(1)
                self.assertEqual(re.sub(r"\s", "", h),
                                 "from:from:to:subject:date:message-id")
            # the signatures come first, then our Received field
            self.assertTrue(head.startswith("DKIM-Signature:"))
            self.assertRegex(head, r"\r\nReceived: from client\.test ")
            rc, out = self.verify("dkimpy", wire)
            self.assertEqual(rc, 0, "dkimpy:\n" + out)
            self.assertIn("a=ed25519-sha256 pass", out)
            self.assertIn("a=rsa-sha256 pass", out)
            rc, out = self.verify("mail-dkim", wire)
            self.assertIn("a=rsa-sha256 pass", out, "Mail::DKIM:\n" + out)
            if MAIL_DKIM_ED25519:
                self.assertEqual(rc, 0, "Mail::DKIM:\n" + out)
                self.assertIn("a=ed25519-sha256 pass", out)
            else:
                # Mail::DKIM without Ed25519 (Debian 12) must ignore
                # that signature as unsupported (RFC 6376
                # §6.1.1), which is why the RSA one is there too
                self.assertIn("a=ed25519-sha256 invalid (invalid "
                              "(unsupported algorithm ed25519-sha256))",
                              out, "Mail::DKIM:\n" + out)
            # a changed body fails both verifiers
            forged = wire.replace(b"\r\nend\r\n", b"\r\nEND\r\n")
            if forged != wire:
                for tool in ("dkimpy", "mail-dkim"):
                    rc, out = self.verify(tool, forged)
                    self.assertEqual(rc, 1, "%s:\n%s" % (tool, out))

    def test_missing_date_and_message_id_added_then_signed(self):
        """A message without Date and Message-ID gets both (RFC 6409
        8.2, 8.3) before it is signed: they are in h= and verify, and a
        next hop has no reason to add unsigned ones of its own."""
        env = self.make_dkim_env()
        owner, rsa = self.keygen(env, "example.com", "--selector", "default")
        self.dns.set_txt(owner, rsa)
        self.dns.start()
        env.start()
        env.add_user("alice@example.com", PASSWORD)
        bare = (b"From: <alice@example.com>\r\nTo: <bob@example.net>\r\n"
                b"Subject: no date\r\n\r\nhello\r\n")
        s = env.smtp_auth("alice@example.com", PASSWORD)
        s.sendmail("alice@example.com", ["bob@example.net"], bare)
        s.sendmail("alice@example.com", ["bob@example.net"],
                   make_message("dated"))
        s.quit()
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 2)
        by_subject = {m.header("Subject")[0]: m for m in msgs}
        m = by_subject["no date"]
        self.assertRegex(m.header("Date")[0],
                         r"^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$")
        self.assertRegex(m.header("Message-ID")[0],
                         r"^<\d{14}\.[0-9a-f]+\.1@%s>$" % re.escape(HOSTNAME))
        wire = m.message.replace(b"\n", b"\r\n")
        head = re.sub(r"\r\n[ \t]", " ",
                      wire.split(b"\r\n\r\n", 1)[0].decode())
        h = re.search(r"h=([^;]+);", head).group(1)
        self.assertEqual(re.sub(r"\s", "", h),
                         "from:from:to:subject:date:message-id")
        rc, out = self.verify("dkimpy", wire)
        self.assertEqual(rc, 0, "dkimpy:\n" + out)
        # a message with both keeps its own, and gets no second one
        m = by_subject["dated"]
        self.assertEqual(m.header("Date"),
                         ["Thu, 01 Jan 2026 00:00:00 +0000"])
        self.assertEqual(len(m.header("Message-ID")), 1)
        self.assertIn("@client.test>", m.header("Message-ID")[0])

    def test_check_mismatch_missing_and_dns_down(self):
        env = self.make_dkim_env()
        owner, rsa = self.keygen(env, "example.com", "--selector", "s1")
        self.dns.set_txt(owner, rsa)
        self.dns.start()
        p = env.cli("dkim", "check", "example.com", "--selector", "s1")
        self.assertIn("s1._domainkey.example.com: ok: matches", p.stdout)
        self.assertIn("rsa 2048", p.stdout)

        # a new key with --force: DNS still has the old record
        owner2, rsa2 = self.keygen(env, "example.com", "--selector", "s1",
                                   "--force")
        self.assertEqual(owner2, owner)
        self.assertNotEqual(rsa2, rsa)
        p = env.cli("dkim", "check", "example.com", "--selector", "s1",
                    check=False)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("mismatch: the record publishes a different public "
                      "key", p.stdout)
        # an Ed25519 half without a record: missing, with what to publish
        self.keygen(env, "example.com", "--selector", "s1", "--algorithm",
                    "ed25519")
        self.dns.set_txt(owner, rsa2)
        self.dns.restart()
        p = env.cli("dkim", "check", "example.com", "--selector", "s1",
                    check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("s1._domainkey.example.com: ok", p.stdout)
        self.assertIn("s1.ed25519._domainkey.example.com: missing",
                      p.stdout)
        self.assertIn('s1.ed25519._domainkey.example.com. IN TXT ( '
                      '"v=DKIM1; k=ed25519; p=', p.stdout)
        # no key at all
        p = env.cli("dkim", "check", "example.org", "--selector", "s1",
                    check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no key for example.org", p.stderr)
        # the DNS server gone: "cannot tell", never "missing"
        self.dns.stop()
        t0 = time.monotonic()
        p = env.cli("dkim", "check", "example.com", "--selector", "s1",
                    check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("DNS lookup failed", p.stdout)
        self.assertNotIn("missing", p.stdout)
        self.assertLess(time.monotonic() - t0, 15)

    def test_unsigned_without_key_logged_once(self):
        env = self.make_dkim_env()
        self.keygen(env, "example.com", "--selector", "default")
        env.start()
        env.add_user("carol@example.org", PASSWORD)
        env.add_user("alice@example.com", PASSWORD,
                     "dkim_selector=other")
        self.send(env, "carol@example.org", "no key 1")
        self.send(env, "carol@example.org", "no key 2")
        # a selector without a key in a domain that has others
        self.send(env, "alice@example.com", "other selector")
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 3)
        for m in msgs:
            self.assertEqual(m.header("DKIM-Signature"), [])
        log = env.log()
        self.assertEqual(len(re.findall(
            r"dkim not signed: no key for example\.org selector default",
            log)), 1, log)
        self.assertIn("no key for example.com selector other", log)

    def test_sighup_loads_new_keys(self):
        env = self.make_dkim_env()
        env.start()
        env.wait_log(r"dkim: 0 keys in ")
        env.add_user("alice@example.com", PASSWORD)
        self.keygen(env, "example.com", "--selector", "default",
                    "--algorithm", "ed25519")
        env.signal(signal.SIGHUP)
        env.wait_log(r"dkim: 1 keys in ")
        self.send(env, "alice@example.com", "after reload")
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 1)
        sig = msgs[0].header("DKIM-Signature")
        self.assertEqual(len(sig), 1)
        self.assertIn("a=ed25519-sha256", sig[0])


if __name__ == "__main__":
    unittest.main()
