"""The antivirus check end to end: the real daemon with a tiny ClamAV
database the test writes itself (EICAR by MD5 in an .hdb, one body
signature for a made-up marker in an .ndb; never the network), swaks and
smtplib as clients, smtp-sink as next hop.

EICAR sent as a base64 MIME attachment (so ClamAV's own mail parser has to
decode it) is refused 554 5.7.1 [OG-VIRUS] and never reaches the next hop;
the marker in a body is refused; a clean mail with an attachment is
relayed; SIGHUP with a new signature file adds the signature; the refusal
is in the event log under the incident id of the reply; a virus locks the
account (automatic_lock); a database missing when antivirus is asked for
stops the start; `outguard scan` gives the same verdicts offline. Zips 14
deep are scanned (the daemon once crashed there), 25 deep are over
ClamAV's limit and deferred, and an attachment behind an RFC 2231
boundary that ClamAV's parser does not read is scanned as GMime decodes
it."""

import base64
import hashlib
import io
import json
import os
import re
import signal
import smtplib
import time
import zipfile

from harness import OGTestCase, events, make_message, swaks_as, wait_for

PASSWORD = "antivirus test password"
ALICE = "alice@example.com"

# assembled so that this file is not itself the test virus
EICAR = (r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR"
         r"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*").encode()
MARKER = b"OUTGUARD-TEST-MARKER-93c2-BODY-SIGNATURE"
MARKER2 = b"OUTGUARD-TEST-MARKER-93c2-ADDED-ON-RELOAD"


def hdb_line(data, name):
    return "%s:%d:%s\n" % (hashlib.md5(data).hexdigest(), len(data), name)


def ndb_line(data, name):
    return "%s:0:*:%s\n" % (name, data.hex())



def rfc2231_eicar(subject, text, part_headers):
    """alice's message whose boundary is written in RFC 2231 pieces
    (boundary*0="XY"; boundary*1="Z"): a text part, then EICAR in base64
    under part_headers (ending in CRLF)"""
    return ("From: <%s>\r\nTo: <bob@example.net>\r\nSubject: %s\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n"
            " boundary*0=\"XY\"; boundary*1=\"Z\"\r\n\r\n--XYZ\r\n"
            "Content-Type: text/plain\r\n\r\n%s\r\n--XYZ\r\n%s"
            "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--XYZ--\r\n"
            % (ALICE, subject, text, part_headers,
               base64.b64encode(EICAR).decode())).encode()

class AntivirusTest(OGTestCase):

    def av_env(self, policy=None, extra=None):
        env = self.make_env(start=False)
        env.db = os.path.join(env.dir, "clamav")
        os.makedirs(env.db)
        with open(os.path.join(env.db, "test.hdb"), "w") as f:
            f.write(hdb_line(EICAR, "Outguard.Test.EICAR"))
        with open(os.path.join(env.db, "test.ndb"), "w") as f:
            f.write(ndb_line(MARKER, "Outguard.Test.Marker"))
        av = {"enabled": True, "database": env.db}
        av.update(extra or {})
        env.config["checks"] = {"antivirus": av}
        if policy:
            env.config["policy"] = policy
        env.write_config()
        env.add_user(ALICE, PASSWORD)
        env.start()
        env.wait_log(r"antivirus: loaded 2 signatures from ")
        return env

    def swaks(self, env, *args):
        return swaks_as(env.port, ALICE, PASSWORD, *args)

    def eicar_file(self, env):
        path = os.path.join(env.dir, "invoice.com")
        with open(path, "wb") as f:
            f.write(EICAR)
        return path

    def test_eicar_attachment_refused_never_relayed(self):
        env = self.av_env()
        rc, out = self.swaks(env, "--attach", "@" + self.eicar_file(env))
        self.assertNotEqual(rc, 0, out)
        self.assertRegex(out, r"<~?\* +554 5\.7\.1 \[OG-VIRUS\] "
                         r"Outguard\.Test\.EICAR\S* \(incident "
                         r"[0-9a-f]{8}\)")
        # the event log has the refusal under the reply's incident id
        inc = re.search(r"\(incident ([0-9a-f]{8})\)",
                                      out).group(1)
        ev = [e for e in events(env) if e.get("incident") == inc]
        self.assertEqual(len(ev), 1, events(env))
        self.assertEqual(ev[0]["event"], "refuse")
        self.assertEqual(ev[0]["reason"], "OG-VIRUS")
        self.assertEqual(ev[0]["account"], ALICE)
        self.assertTrue(ev[0]["detail"].startswith("Outguard.Test.EICAR"))
        self.assertEqual(env.final_messages(), [])

    def test_body_signature_and_clean_attachment(self):
        env = self.av_env(policy={"automatic_lock": False})
        s = env.smtp_auth(ALICE, PASSWORD)
        body = ["Hello,", "", MARKER.decode(), "", "bye"]
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"],
                       make_message("marker", sender=ALICE, body=body))
        self.assertReply(cm.exception, 554, "5.7.1",
                         "[OG-VIRUS] Outguard.Test.Marker")
        s.quit()
        # a clean mail with an attachment goes through
        clean = os.path.join(env.dir, "report.pdf")
        with open(clean, "wb") as f:
            f.write(b"%PDF-1.4\n" + bytes(range(256)) * 40)
        rc, out = self.swaks(env, "--attach", "@" + clean)
        self.assertEqual(rc, 0, out)
        self.assertIn("250 2.0.0 Ok", out)
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 1)
        self.assertIn(b'filename="report.pdf"', msgs[0].message)
        self.assertNotIn(MARKER, msgs[0].message)

    def assert_virus_refused(self, env, msg):
        """msg from alice: 554 [OG-VIRUS] for EICAR, nothing relayed"""
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], msg)
        self.assertReply(cm.exception, 554, "5.7.1",
                         "[OG-VIRUS] Outguard.Test.EICAR")
        s.quit()
        self.assertEqual(env.final_messages(), [])

    def nested_zip_message(self, depth):
        """EICAR as report.pdf inside depth zips, base64 in a mail"""
        data, name = EICAR, "report.pdf"
        for i in range(depth):
            zb = io.BytesIO()
            with zipfile.ZipFile(zb, "w") as z:
                z.writestr(name, data)
            data, name = zb.getvalue(), "l%d.zip" % i
        return ("From: <%s>\r\nTo: <bob@example.net>\r\nSubject: nest\r\n"
                "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
                "boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n"
                "\r\nthe documents\r\n--B\r\nContent-Type: application/zip; "
                "name=\"docs.zip\"\r\nContent-Transfer-Encoding: base64\r\n"
                "\r\n" % ALICE).encode() + \
            base64.encodebytes(data).replace(b"\n", b"\r\n") + b"--B--\r\n"

    def test_nested_archives_within_and_over_the_limit(self):
        """14 zips deep (a session thread's stack once overflowed inside
        libclamav there, taking the daemon down) is found; 25 deep is over
        ClamAV's recursion limit: not scanned to the end, so 451
        [OG-AVFAIL], not taken for clean; the daemon lives on"""
        env = self.av_env(policy={"automatic_lock": False})
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"],
                       self.nested_zip_message(14))
        self.assertReply(cm.exception, 554, "5.7.1",
                         "[OG-VIRUS] Outguard.Test.EICAR")
        s.rset()
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"],
                       self.nested_zip_message(25))
        self.assertReply(cm.exception, 451, "4.3.0", "[OG-AVFAIL]")
        self.assertIn("Heuristics.Limits.Exceeded",
                      cm.exception.smtp_error.decode())
        s.rset()
        s.sendmail(ALICE, ["bob@example.net"],
                   make_message("still here", sender=ALICE))
        s.quit()
        self.assertEqual(len(env.final_messages()), 1)

    def test_rfc2231_boundary_attachment_scanned(self):
        """a boundary written in RFC 2231 pieces: ClamAV's mail parser
        does not join them and sees no attachment, GMime (and mail
        programs) do; the attachment as GMime decodes it is scanned too"""
        env = self.av_env(policy={"automatic_lock": False})
        self.assert_virus_refused(env, rfc2231_eicar(
            "2231", "the report",
            "Content-Type: application/pdf; name=\"report.pdf\"\r\n"))

    def test_encoded_enclosed_messages_scanned(self):
        """EICAR attached to a message enclosed in base64 in a message
        enclosed in base64 (RFC 2045 forbids the encoding, mail programs
        decode it all the same): ClamAV's parser decodes one such layer;
        outguard decodes each and scans what is inside. Deeper than the
        MIME walk goes is not taken for clean."""
        env = self.av_env(policy={"automatic_lock": False})
        inner = ("From: <x@example.org>\r\nSubject: inner\r\n"
                 "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
                 "boundary=\"I\"\r\n\r\n--I\r\nContent-Type: text/plain"
                 "\r\n\r\nsee attached\r\n--I\r\nContent-Type: "
                 "application/octet-stream; name=\"tool.com\"\r\n"
                 "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--I--"
                 "\r\n" % base64.b64encode(EICAR).decode()).encode()

        def wrap(msg, outer, ct="message/rfc822"):
            return ("From: <%s>\r\nTo: <bob@example.net>\r\nSubject: "
                    "fwd\r\nMIME-Version: 1.0\r\nContent-Type: "
                    "%s\r\nContent-Transfer-Encoding: base64"
                    "\r\n\r\n" % (ALICE if outer else "y@example.org", ct)
                    ).encode() + base64.encodebytes(msg).replace(
                        b"\n", b"\r\n")

        s = env.smtp_auth(ALICE, PASSWORD)
        # message/global (RFC 6532) may come in base64 by right; and a
        # second Content-Type that GMime reads instead of the first
        for layers, ct in ((2, "message/rfc822"), (3, "message/rfc822"),
                           (2, "message/global"),
                           (2, "message/rfc822\r\nContent-Type: "
                               "text/plain")):
            msg = inner
            for k in range(layers):
                msg = wrap(msg, k == layers - 1, ct)
            with self.assertRaises(smtplib.SMTPDataError) as cm:
                s.sendmail(ALICE, ["bob@example.net"], msg)
            self.assertReply(cm.exception, 554, "5.7.1",
                             "[OG-VIRUS] Outguard.Test.EICAR")
            s.rset()
        msg = inner
        for k in range(20):
            msg = wrap(msg, k == 19)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], msg)
        self.assertReply(cm.exception, 451, "4.3.0", "[OG-AVFAIL]")
        s.quit()
        self.assertEqual(env.final_messages(), [])

    def test_second_content_type_file_scanned(self):
        """A part with two Content-Type fields, the file type first and
        text/plain last, behind an RFC 2231 boundary: GMime reads the last
        and sees text, a mail program reading the first shows a file,
        ClamAV's parser sees no part at all; the base64 part is scanned
        as a file all the same"""
        env = self.av_env(policy={"automatic_lock": False})
        self.assert_virus_refused(env, rfc2231_eicar(
            "setup", "the installer",
            "Content-Type: application/x-msdownload; name=\"setup.exe\""
            "\r\nContent-Type: text/plain\r\n"))

    def test_sighup_adds_signature(self):
        env = self.av_env(policy={"automatic_lock": False})
        body = ["Hello,", "", MARKER2.decode(), "bye"]
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(s.sendmail(ALICE, ["bob@example.net"], make_message(
            "before", sender=ALICE, body=body)), {})
        s.quit()
        with open(os.path.join(env.db, "added.ndb"), "w") as f:
            f.write(ndb_line(MARKER2, "Outguard.Test.Added"))
        env.signal(signal.SIGHUP)
        env.wait_log(r"antivirus: loaded 3 signatures from ")
        env.wait_log(r"antivirus: engine 2 in service")
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], make_message(
                "after", sender=ALICE, body=body))
        self.assertReply(cm.exception, 554, "5.7.1",
                         "[OG-VIRUS] Outguard.Test.Added")
        s.quit()
        self.assertEqual(len(env.final_messages()), 1)

    def test_virus_locks_account(self):
        env = self.av_env(policy={"automatic_lock": True,
                                  "user_lock_time": "1h"})
        rc, out = self.swaks(env, "--attach", "@" + self.eicar_file(env))
        self.assertIn("[OG-VIRUS]", out)
        env.wait_log(r"lock account=alice@example\.com reason=OG-VIRUS")
        kinds = [(e["event"], e.get("reason")) for e in events(env)]
        self.assertIn(("lock", "OG-VIRUS"), kinds)
        # the next transaction is refused at MAIL
        s = env.smtp_auth(ALICE, PASSWORD)
        reply = s.mail(ALICE)
        self.assertReply(reply, 451, "4.7.1", "[OG-LOCKED]")
        s.quit()
        why = env.cli("user", "why", ALICE).stdout
        self.assertIn("OG-VIRUS", why)

    def test_dry_run_relays_and_logs(self):
        env = self.av_env(policy={"enforce": False})
        rc, out = self.swaks(env, "--attach", "@" + self.eicar_file(env))
        self.assertEqual(rc, 0, out)
        kinds = [(e["event"], e.get("reason")) for e in events(env)]
        self.assertIn(("would_refuse", "OG-VIRUS"), kinds)
        self.assertEqual(len(env.final_messages()), 1)

    def test_status_signatures_age(self):
        """status dates the database by its signature files alone: a
        folder freshclam makes and removes there changes nothing, and a
        folder with no signature file has no age"""
        env = self.av_env()
        old = time.time() - 3 * 86400
        for n in os.listdir(env.db):
            os.utime(os.path.join(env.db, n), (old, old))
        os.mkdir(os.path.join(env.db, "tmp.freshclam"))
        # (the exit status says whether the daemon has reported yet)
        st = json.loads(env.cli("status", "--json", check=False).stdout)
        self.assertGreater(st["signatures"]["age"], 2 * 86400)
        self.assertIn("updated 3d", env.cli("status", check=False).stdout)
        for n in os.listdir(env.db):
            if n.endswith((".hdb", ".ndb")):
                os.unlink(os.path.join(env.db, n))
        st = json.loads(env.cli("status", "--json", check=False).stdout)
        self.assertIsNone(st["signatures"])

    def test_status_shows_the_engine_in_use(self):
        """status shows the engine the daemon scans with beside the files:
        with the signature files gone the files have no age, and the
        daemon still scans with what it loaded"""
        env = self.av_env()

        def status_up():
            p = env.cli("status", "--json", check=False)
            return p if p.returncode == 0 else None
        st = json.loads(wait_for(status_up, 15,
                                 what="status to say running").stdout)
        self.assertEqual(st["antivirus_engine"]["signatures"], 2)
        self.assertEqual(st["antivirus_engine"]["database"], env.db)
        self.assertGreaterEqual(st["antivirus_engine"]["loaded_age"], 0)
        for n in os.listdir(env.db):
            if n.endswith((".hdb", ".ndb")):
                os.unlink(os.path.join(env.db, n))
        st = json.loads(env.cli("status", "--json").stdout)
        self.assertIsNone(st["signatures"])
        self.assertEqual(st["antivirus_engine"]["signatures"], 2)
        self.assertIn("antivirus engine: 2 signatures from " + env.db,
                      env.cli("status").stdout)
        rc, out = self.swaks(env, "--attach", "@" + self.eicar_file(env))
        self.assertIn("[OG-VIRUS] Outguard.Test.EICAR", out)
        self.assertEqual(env.final_messages(), [])

    def test_missing_database_refuses_start(self):
        env = self.make_env(start=False)
        empty = os.path.join(env.dir, "no-clamav")
        os.makedirs(empty)
        env.config["checks"] = {"antivirus": {"enabled": True,
                                              "database": empty}}
        env.write_config()
        # check-config says so before a start is tried
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn("holds no ClamAV database", p.stderr)
        # where the config asks for it, as every config error says
        self.assertRegex(p.stderr, r"^%s:\d+:\d+: checks\.antivirus is "
                         r"enabled" % re.escape(env.cfg_path))
        with self.assertRaises(AssertionError) as cm:
            env.start()
        self.assertIn("holds no ClamAV database", str(cm.exception))
        self.assertIn(empty, str(cm.exception))
        env.proc.wait()
        env.proc = None
        env.log_file.close()

    def test_scan_command(self):
        env = self.av_env()
        virus = os.path.join(env.dir, "virus.eml")
        with open(virus, "wb") as f:
            f.write(make_message("v", sender=ALICE, body=[
                "x", MARKER.decode()]))
        clean = os.path.join(env.dir, "clean.eml")
        with open(clean, "wb") as f:
            f.write(make_message("c", sender=ALICE))
        p = env.cli("scan", virus, clean, "--account", ALICE, "--json")
        res = json.loads(p.stdout)
        self.assertEqual([r["verdict"] for r in res], ["reject", "accept"])
        self.assertEqual(res[0]["tag"], "OG-VIRUS")
        self.assertEqual(res[0]["code"], 554)
        self.assertTrue(res[0]["checks"][0]["name"].startswith(
            "Outguard.Test.Marker"))
        self.assertEqual(res[1]["checks"][0]["check"], "antivirus")
        self.assertFalse(res[1]["checks"][0]["skipped"])
        # the checks after the refusing one run too, offline: every
        # verdict is shown, the first refusal is the message's
        names = [c["check"] for c in res[0]["checks"]]
        self.assertEqual(names, [c["check"] for c in res[1]["checks"]])
        self.assertIn("content", names)
        self.assertIn("fingerprint", names)
        p = env.cli("scan", virus)
        self.assertRegex(p.stdout, r"virus\.eml: reject 554 5\.7\.1 "
                         r"\[OG-VIRUS\] Outguard\.Test\.Marker")
        self.assertRegex(p.stdout, r"(?m)^  content: accept")
        self.assertRegex(p.stdout, r"(?m)^  fingerprint: accept")
        p = env.cli("scan", os.path.join(env.dir, "nope.eml"), check=False)
        self.assertEqual(p.returncode, 1)
        p = env.cli("scan", check=False)
        self.assertEqual(p.returncode, 2)
