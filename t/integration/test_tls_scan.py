"""TLS as a scanner sees it: sslscan against the STARTTLS listener (old
protocols off, TLS 1.2 and 1.3 on, no weak cipher, no compression), for an
ECDSA and an RSA certificate; and a certificate replaced on disk is served
to new connections after SIGHUP."""

import hashlib
import os
import re
import shutil
import signal
import ssl
import subprocess
import xml.etree.ElementTree as ET

from harness import (HOSTNAME, LOCAL, OPENSSL, OGTestCase, RawSMTP,
                     insecure_tls_context, wait_for)

SSLSCAN = os.environ.get("SSLSCAN") or shutil.which("sslscan") or "sslscan"

# cipher names (OpenSSL or IANA spelling) that must never be accepted
WEAK_CIPHER = re.compile(
    r"NULL|EXP|EXPORT|RC4|RC2|DES|IDEA|SEED|MD5|ADH|AECDH|anon|PSK|SRP|"
    r"CAMELLIA|ARIA", re.IGNORECASE)


def cbc_sha1(name):
    """CBC with a SHA-1 MAC: OpenSSL names end in "-SHA" (AES128-SHA,
    ECDHE-RSA-AES256-SHA), IANA names in "_CBC_SHA"."""
    return name.endswith("-SHA") or name.endswith("_CBC_SHA")


def sslscan(port):
    """sslscan --starttls-smtp as XML: (protocols {"tls1.2": True, ...},
    ciphers [attrib dicts], compression attrib dict or None, raw XML)."""
    if not os.access(SSLSCAN, os.X_OK) and shutil.which(SSLSCAN) is None:
        # a failure, not a skip: the suite must not pass without it
        raise AssertionError("sslscan not found (%s): apt-get install "
                             "sslscan" % SSLSCAN)
    p = subprocess.run([SSLSCAN, "--xml=-", "--no-colour", "--no-groups",
                        "--no-heartbleed", "--timeout=5",
                        "--starttls-smtp", "%s:%d" % (LOCAL, port)],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    out = p.stdout.decode("utf-8", "replace")
    start = out.find("<?xml")
    if p.returncode != 0 or start < 0:
        raise AssertionError("sslscan exited %d:\n%s\n%s" % (
            p.returncode, out, p.stderr.decode("utf-8", "replace")))
    root = ET.fromstring(out[start:])
    test = root.find("ssltest")
    if test is None:
        raise AssertionError("sslscan found no TLS service:\n" + out)
    protocols = {}
    for e in test.findall("protocol"):
        key = "%s%s" % (e.get("type"), e.get("version"))
        protocols[key] = e.get("enabled") == "1"
    ciphers = [dict(e.attrib) for e in test.findall("cipher")]
    comp = test.find("compression")
    return protocols, ciphers, None if comp is None else \
        dict(comp.attrib), out


def starttls_cert(port):
    """SHA-256 of the certificate a new STARTTLS connection presents, and
    the negotiated compression (None when there is none)."""
    c = RawSMTP(port)
    try:
        c.greeting()
        c.ehlo()
        code, text = c.cmd("STARTTLS")
        assert code == 220, (code, text)
        c.sock = insecure_tls_context().wrap_socket(c.sock)
        der = c.sock.getpeercert(binary_form=True)
        comp = c.sock.compression()
        c.ehlo()
        c.cmd("QUIT")
    finally:
        c.close()
    return hashlib.sha256(der).hexdigest(), comp


def new_cert(directory, kind):
    """A fresh self-signed certificate and key in directory (cert.pem,
    key.pem), written next to the old ones and renamed over them."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(
        directory, "key.pem")
    newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] \
        if kind == "ec" else ["-newkey", "rsa:2048"]
    subprocess.run([OPENSSL, "req", "-x509", *newkey, "-nodes", "-days",
                    "2", "-subj", "/CN=" + HOSTNAME, "-keyout", key + ".new",
                    "-out", cert + ".new"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.chmod(key + ".new", 0o600)
    os.replace(key + ".new", key)
    os.replace(cert + ".new", cert)
    with open(cert, "rb") as f:
        pem = f.read().decode()
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


class TlsScanTest(OGTestCase):

    def check_scan(self, cert):
        env = self.make_env(cert=cert, sink=None)
        protocols, ciphers, comp, raw = sslscan(env.port)
        for old in ("ssl2", "ssl3", "tls1.0", "tls1.1"):
            self.assertIn(old, protocols, raw)
            self.assertFalse(protocols[old], "%s enabled:\n%s" % (old, raw))
        for good in ("tls1.2", "tls1.3"):
            self.assertTrue(protocols.get(good), "%s not enabled:\n%s"
                            % (good, raw))
        accepted = [c for c in ciphers
                    if c.get("status") in ("accepted", "preferred")]
        self.assertTrue(accepted, raw)
        versions = {c.get("sslversion") for c in accepted}
        self.assertEqual(versions, {"TLSv1.2", "TLSv1.3"}, raw)
        for c in accepted:
            name = c.get("cipher", "")
            self.assertIsNone(WEAK_CIPHER.search(name),
                              "weak cipher accepted: %s" % name)
            self.assertFalse(cbc_sha1(name),
                             "CBC-SHA1 cipher accepted: %s" % name)
            self.assertGreaterEqual(int(c.get("bits", "0")), 128, name)
            self.assertIn(c.get("strength"), ("strong", "acceptable"),
                          "%s rated %s" % (name, c.get("strength")))
            if c.get("sslversion") == "TLSv1.2":
                # forward secrecy and AEAD only
                self.assertRegex(name, r"^(ECDHE|DHE)-", name)
                self.assertRegex(name, r"GCM|CHACHA20|CCM", name)
        # sslscan reports compression only when its OpenSSL can offer it
        # (Debian's cannot); then the handshake is checked directly too
        if comp is not None:
            self.assertEqual(comp.get("supported"), "0", raw)
        _, negotiated = starttls_cert(env.port)
        self.assertIsNone(negotiated)

    def test_scan_ecdsa(self):
        self.check_scan("ec")

    def test_scan_rsa(self):
        self.check_scan("rsa")


class CertReloadTest(OGTestCase):

    def test_sighup_new_certificate(self):
        env = self.make_env(start=False, sink=None)
        tls_dir = os.path.join(env.dir, "tls")
        os.makedirs(tls_dir)
        first = new_cert(tls_dir, "ec")
        env.config["tls"] = {"certificate": os.path.join(tls_dir,
                                                         "cert.pem"),
                             "key": os.path.join(tls_dir, "key.pem")}
        env.write_config()
        env.start()
        got, _ = starttls_cert(env.port)
        self.assertEqual(got, first)

        # a session open across the reload keeps working
        old = RawSMTP(env.port)
        old.greeting()
        old.ehlo()

        second = new_cert(tls_dir, "rsa")
        self.assertNotEqual(first, second)
        env.signal(signal.SIGHUP)
        env.wait_log(r"reload \(SIGHUP\)")
        got, _ = starttls_cert(env.port)
        self.assertEqual(got, second)

        code, _ = old.cmd("STARTTLS")
        self.assertEqual(code, 220)
        old.handshake()
        old.ehlo()
        self.assertEqual(old.cmd("QUIT")[0], 221)
        old.close()

        # a broken key keeps the running certificate
        with open(os.path.join(tls_dir, "key.pem"), "w") as f:
            f.write("not a key\n")
        env.signal(signal.SIGHUP)
        env.wait_log(r"keeping the running TLS certificate")
        got, _ = starttls_cert(env.port)
        self.assertEqual(got, second)
