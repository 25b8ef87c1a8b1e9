"""Fingerprints, hashes, bulk detection and the quarantine end to end: the
real daemon, smtplib and swaks as clients, smtp-sink as next hop, the real
`outguard hash` and `outguard quarantine` commands.

A mail whose body digest (or attachment hash) is on the local hash list is
refused 550 5.7.1 [OG-HASH] and never relayed, and goes through once the
entry is deleted; the same campaign text from three accounts with
bulk_accounts 3 is refused [OG-BULK] for the third, which is locked with
the second (not the first, whose mail may have been copied, and whose
own recipients alone judge it); with the quarantine on for hash, a refused
mail is held, listed,
survives a restart, is released to smtp-sink (and leaves the quarantine)
or deleted; with reply: accept the client is told 250 and nothing is
relayed."""

import hashlib
import json
import os
import pty
import smtplib
import subprocess

from harness import (LOCAL, OUTGUARD, OGTestCase, ScriptSink, events,
                     incident_of, make_message, port_open, run_swaks,
                     wait_for)

PASSWORD = "fingerprint test password"
ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"

CAMPAIGN = [
    "Dear customer,", "",
    "We noticed unusual activity on your account and have temporarily",
    "limited access to protect you. To restore full access please confirm",
    "your details within 48 hours using the secure link below, otherwise",
    "your account will be closed permanently and the remaining balance of",
    "1299 EUR will be forfeited.", "",
    "https://secure-login.example.org/restore/a8f3c2d1e94b?uid=77123", "",
    "Thank you for banking with us. Our support team is available every",
    "day from 8 to 20 o'clock to answer your questions about this security",
    "measure.", "", "Customer Protection Department",
]


def personalised(name, number, token):
    lines = list(CAMPAIGN)
    lines[0] = "Dear %s," % name
    lines[6] = "%d EUR will be forfeited." % number
    lines[8] = ("https://secure-login.example.org/restore/%s?uid=%d"
                % (token, number))
    return lines


class FingerprintTest(OGTestCase):

    def fp_env(self, checks=None, policy=None, users=(ALICE,)):
        config = {"checks": {"antivirus": {"enabled": False},
                             "content": {"enabled": False}}}
        if checks:
            config["checks"].update(checks)
        if policy:
            config["policy"] = policy
        env = self.make_env(config=config, start=False)
        for u in users:
            env.add_user(u, PASSWORD)
        env.start()
        return env

    def restart(self, env):
        before = env.log().count("ready: ")
        env.stop()
        env.start(start_sink=False)
        wait_for(lambda: env.log().count("ready: ") > before and
                 port_open(env.port), 10, what="outguard to start again")

    def send(self, env, user, body, subject="hello", rcpt="bob@example.net"):
        s = env.smtp_auth(user, PASSWORD)
        try:
            return s.sendmail(user, [rcpt], make_message(
                subject, sender=user, to=rcpt, body=body))
        finally:
            try:
                s.quit()
            except smtplib.SMTPServerDisconnected:
                pass

    def msg_file(self, env, name, body, subject="listed"):
        path = os.path.join(env.dir, name)
        with open(path, "wb") as f:
            f.write(make_message(subject, sender=ALICE, body=body))
        return path

    # -- the local hash list

    def test_hash_listed_refused(self):
        env = self.fp_env(policy={"automatic_lock": False})
        listed = self.msg_file(env, "listed.eml", CAMPAIGN)
        out = env.cli("hash", "add", "--file", listed, "--reason",
                      "phishing wave 12", "--expires", "30d").stdout
        self.assertRegex(out, r"added body [0-9a-f]{64}")
        self.assertRegex(out, r"added fuzzy fz1:[0-9a-f]{128}")
        entries = json.loads(env.cli("hash", "list", "--json").stdout)
        self.assertEqual(sorted(e["kind"] for e in entries),
                         ["body", "fuzzy"])
        self.assertEqual(entries[0]["reason"], "phishing wave 12")
        self.assertIsNotNone(entries[0]["expires"])
        body = [e["hash"] for e in entries if e["kind"] == "body"][0]
        fuzzy = [e["hash"] for e in entries if e["kind"] == "fuzzy"][0]

        # the same text with other numbers and a new subject: refused
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            self.send(env, ALICE, personalised("customer", 310, "ffe0c9"),
                      subject="other subject")
        self.assertReply(cm.exception, 550, "5.7.1", "[OG-HASH]")
        self.assertIn("body digest " + body[:12], cm.exception.smtp_error
                      .decode())
        inc = incident_of(cm.exception.smtp_error)
        ev = [e for e in events(env) if e.get("incident") == inc]
        self.assertEqual([(e["event"], e["reason"]) for e in ev],
                         [("refuse", "OG-HASH")])
        # an edited copy is caught by the fuzzy fingerprint
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            self.send(env, ALICE, personalised("Mr. Smith", 7, "0a1b2c"))
        self.assertReply(cm.exception, 550, "5.7.1", "[OG-HASH] message "
                         "matches the local hash list (fuzzy fingerprint")
        # an unrelated mail goes through
        self.assertEqual(self.send(env, ALICE, ["Hi Bob,", "", "lunch at "
                                                "noon tomorrow?", "Alice"]),
                         {})
        # deleted from the list: the daemon sees the change
        env.cli("hash", "del", body)
        env.cli("hash", "del", fuzzy)
        self.assertEqual(json.loads(env.cli("hash", "list", "--json")
                                    .stdout), [])
        self.assertEqual(self.send(env, ALICE, CAMPAIGN), {})
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 2)
        self.assertNotIn(b"other subject", b"".join(m.message for m in msgs))

    def test_attachment_hash_and_cli_errors(self):
        env = self.fp_env(policy={"automatic_lock": False})
        payload = os.urandom(3000)
        att = os.path.join(env.dir, "invoice.zip")
        with open(att, "wb") as f:
            f.write(payload)
        digest = hashlib.sha256(payload).hexdigest()
        env.cli("hash", "add", digest.upper(), "--reason", "dropper")
        listed = json.loads(env.cli("hash", "list", "--json").stdout)
        self.assertEqual(listed[0]["hash"], digest)
        self.assertEqual(listed[0]["kind"], "attachment")
        self.assertIsNone(listed[0]["expires"])
        rc, out = run_swaks(env.port, "--tls", "--auth", "PLAIN",
                            "--auth-user", ALICE, "--auth-password",
                            PASSWORD, "--from", ALICE, "--to",
                            "bob@example.net", "--attach", "@" + att)
        self.assertNotEqual(rc, 0, out)
        self.assertRegex(out, r"550 5\.7\.1 \[OG-HASH\] message matches the "
                         r"local hash list \(attachment %s\)" % digest[:12])
        # usage and input errors
        p = env.cli("hash", "add", "xyz", check=False)
        self.assertEqual(p.returncode, 2)  # the argument's syntax
        self.assertIn("64 hex digits", p.stderr)
        p = env.cli("hash", "add", check=False)
        self.assertEqual(p.returncode, 2)
        p = env.cli("hash", "add", digest, "--expires", "soon", check=False)
        self.assertEqual(p.returncode, 2)
        p = env.cli("hash", "del", "00" * 32, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(env.final_messages(), [])

    # -- bulk detection

    def test_bulk_across_accounts(self):
        """The third account sending the campaign is refused; it and the
        second are locked; the first, whose mail the others may have
        copied, is not, and its own further copies are judged by its
        own recipients only."""
        env = self.fp_env(checks={"fingerprint": {"bulk_accounts": 3}},
                          policy={"automatic_lock": True,
                                  "user_lock_time": "1h"},
                          users=(ALICE, BOB, CAROL))
        self.assertEqual(self.send(env, ALICE, personalised(
            "Anna", 120, "a8f3c2d1e94b")), {})
        self.assertEqual(self.send(env, BOB, personalised(
            "Bert", 770, "77aa01bb9c")), {})
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            self.send(env, CAROL, personalised("Cora", 5, "c0ffee1234"))
        self.assertReply(cm.exception, 550, "5.7.1",
                         "[OG-BULK] the same message was sent from 3 "
                         "accounts within 1h")
        env.wait_log(r"lock account=carol@example\.com reason=OG-BULK")
        env.wait_log(r"lock account=bob@example\.com reason=OG-BULK")
        for who in (BOB, CAROL):
            st = json.loads(env.cli("user", "stats", who, "--json").stdout)
            self.assertTrue(st["lock"]["locked"], who)
            self.assertEqual(st["lock"]["reason"], "OG-BULK")
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertFalse(st["lock"]["locked"])
        locks = [e["account"] for e in events(env) if e["event"] == "lock"]
        self.assertEqual(sorted(locks), [BOB, CAROL])
        # alice sends her text again: only her own recipients judge her
        # (bulk_recipients), not the copies others sent
        self.assertEqual(self.send(env, ALICE, personalised(
            "Dora", 9, "d0d0d0d0d0"), rcpt="dora@example.net"), {})
        st = json.loads(env.cli("user", "stats", ALICE, "--json").stdout)
        self.assertFalse(st["lock"]["locked"])
        # the campaign state survives a restart: a fourth account would
        # be refused too (scan asks without recording)
        self.restart(env)
        env.add_user("dave@example.com", PASSWORD)
        camp = self.msg_file(env, "camp.eml", personalised("Eve", 5,
                                                           "e0e0e0e0e0"))
        out = json.loads(env.cli("scan", camp, "--account",
                                 "dave@example.com", "--json").stdout)
        self.assertEqual(out[0]["tag"], "OG-BULK")
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 3)
        self.assertIn(b"Dear Anna", b"".join(m.message for m in msgs))

    def test_bulk_retry_after_deferral_counts_once(self):
        """A message the next hop defers at the end of DATA and the client
        sends again reaches the same recipients: they count once, so a
        mail server retrying its queue is not taken for a campaign; new
        recipients of the same text do count."""
        sink = ScriptSink(data_reply="451 4.3.0 queue file write error")
        sink.start()
        self.addCleanup(sink.stop)
        config = {"checks": {"antivirus": {"enabled": False},
                             "content": {"enabled": False},
                             "fingerprint": {"bulk_recipients": 5}},
                  "policy": {"automatic_lock": True}}
        env = self.make_env(config=config, start=False)
        env.config["relay"]["next_hop"] = "smtp://%s:%d" % (LOCAL,
                                                            sink.port)
        env.write_config()
        env.add_user(ALICE, PASSWORD)
        env.start()
        msg = make_message("newsletter", sender=ALICE, body=personalised(
            "Anna", 120, "a8f3c2d1e94b"))
        rcpts = ["bob@example.net", "carol@example.net"]
        for _ in range(4):
            s = env.smtp_auth(ALICE, PASSWORD)
            with self.assertRaises(smtplib.SMTPDataError) as cm:
                s.sendmail(ALICE, rcpts, msg)
            self.assertEqual(cm.exception.smtp_code, 451)
            s.quit()
        # tried once more with a recipient given twice and in capitals:
        # the same two
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, rcpts + ["CAROL@example.net"], msg)
        self.assertEqual(cm.exception.smtp_code, 451)
        s.quit()
        sink.data_reply = "250 2.0.0 Ok"
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(s.sendmail(ALICE, list(reversed(rcpts)), msg), {})
        # three more: 5 recipients of the text
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["d@example.net", "e@example.net",
                               "f@example.net"], msg)
        self.assertReply(cm.exception, 550, "5.7.1",
                         "[OG-BULK] the same message was sent to 5 "
                         "recipients within 1h")
        s.quit()

    # -- the quarantine

    def quarantined(self, env):
        return json.loads(env.cli("quarantine", "list", "--json").stdout)

    def test_quarantine_show_to_a_terminal(self):
        """An escape sequence in a held mail reaches a file or a pipe as
        it is, and a terminal as '?'. Released, a mail held without Date
        and Message-ID gets them, as the daemon gives them."""
        env = self.fp_env(checks={"quarantine": {"enabled": True,
                                                 "checks": ["hash"]}},
                          policy={"automatic_lock": False})
        env.cli("hash", "add", "--file", self.msg_file(env, "listed.eml",
                                                       CAMPAIGN))
        raw = ("From: <%s>\r\nTo: <bob@example.net>\r\nSubject: held "
               "\x1b]0;owned\x07\x1b[2J here\r\nX-C1: \u009b2J caf\u00e9"
               "\r\n\r\n%s\r\n" % (ALICE, "\r\n".join(CAMPAIGN))
               ).encode() .replace(b"caf", b"\x9b1m caf")
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], raw)
        s.quit()
        held = incident_of(cm.exception.smtp_error)
        piped = subprocess.run([OUTGUARD, "-c", env.cfg_path, "quarantine",
                                "show", held], capture_output=True,
                               timeout=30, check=True).stdout
        self.assertIn(b"Subject: held \x1b]0;owned\x07\x1b[2J here", piped)
        self.assertIn("X-C1: \u009b2J \x9b1m café".encode()
                      .replace(b"\xc2\x9b1m", b"\x9b1m"), piped)
        master, slave = pty.openpty()
        p = subprocess.Popen([OUTGUARD, "-c", env.cfg_path, "quarantine",
                              "show", held], stdout=slave,
                             stderr=subprocess.DEVNULL)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the program closed its end
                break
            if not chunk:
                break
            shown += chunk
        os.close(master)
        self.assertEqual(p.wait(timeout=30), 0)
        self.assertIn(b"Subject: held ?]0;owned??[2J here", shown)
        self.assertNotIn(b"\x1b", shown)
        # C1 controls, UTF-8 or a lone 8-bit byte, go too; UTF-8 stays
        self.assertIn("X-C1: ?2J ?1m café".encode(), shown)
        self.assertNotIn(b"\nDate:", piped)
        env.cli("quarantine", "release", held)
        m, = env.final_messages()
        self.assertEqual(len(m.header("Date")), 1)
        self.assertRegex(m.header("Message-ID")[0],
                         r"^<\d{14}\.%s@" % held)

    def test_quarantine_release_delete_restart(self):
        env = self.fp_env(checks={"quarantine": {"enabled": True,
                                                 "checks": ["hash"],
                                                 "retention": "7d"}},
                          policy={"automatic_lock": False})
        listed = self.msg_file(env, "listed.eml", CAMPAIGN)
        env.cli("hash", "add", "--file", listed)
        self.assertEqual(self.quarantined(env), [])
        incidents = []
        for name in ("first", "second"):
            with self.assertRaises(smtplib.SMTPDataError) as cm:
                self.send(env, ALICE, CAMPAIGN, subject="held " + name,
                          rcpt="rcpt-%s@example.net" % name)
            self.assertReply(cm.exception, 550, "5.7.1", "[OG-HASH]")
            incidents.append(incident_of(cm.exception.smtp_error))
        held = self.quarantined(env)
        # oldest first; the two were held within the same second
        self.assertEqual(sorted(h["id"] for h in held), sorted(incidents))
        first = [h for h in held if h["id"] == incidents[0]][0]
        self.assertEqual(first["account"], ALICE)
        self.assertEqual(first["from"], ALICE)
        self.assertEqual(first["rcpt"], ["rcpt-first@example.net"])
        self.assertEqual(first["tag"], "OG-HASH")
        self.assertEqual(first["check"], "fingerprint")
        self.assertEqual(first["code"], 550)
        self.assertEqual(first["reply"], "reject")
        qdir = os.path.join(env.state_dir, "quarantine")
        for ext in ("eml", "json"):
            st = os.stat(os.path.join(qdir, "%s.%s" % (first["id"], ext)))
            self.assertEqual(st.st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(qdir).st_mode & 0o777, 0o700)
        kinds = [(e["event"], e["reason"]) for e in events(env)
                 if e.get("incident") == first["id"]]
        self.assertIn(("quarantine", "OG-HASH"), kinds)
        self.assertIn(("refuse", "OG-HASH"), kinds)
        shown = env.cli("quarantine", "show", first["id"]).stdout
        self.assertIn("Subject: held first", shown)
        self.assertIn("rcpt: <rcpt-first@example.net>", shown)

        # nothing held is lost on a restart
        self.restart(env)
        self.assertEqual(sorted(h["id"] for h in self.quarantined(env)),
                         sorted(incidents))

        # release: relayed to smtp-sink, then no longer held
        out = env.cli("quarantine", "release", first["id"]).stdout
        self.assertRegex(out, r"released %s: 250 " % first["id"])
        msgs = env.sink.wait_messages(1)
        self.assertEqual(len(msgs), 1)
        self.assertIn(b"Subject: held first", msgs[0].message)
        self.assertEqual(msgs[0].rcpts, ["<rcpt-first@example.net>"])
        self.assertEqual(msgs[0].mail_from, "<%s>" % ALICE)
        self.assertEqual([h["id"] for h in self.quarantined(env)],
                         incidents[1:])
        # the event log learns it went out after all: report and status
        # count it as accepted
        accepted = [(e["event"], e.get("nrcpt"), e.get("account"))
                    for e in events(env) if e.get("incident") == first["id"]
                    and e["event"] == "accept"]
        self.assertEqual(accepted, [("accept", 1, ALICE)])
        rep = json.loads(env.cli("report", "--period", "today", "--format",
                                 "json").stdout)
        self.assertEqual(rep["totals"]["accepted"]["messages"], 1)
        p = env.cli("quarantine", "release", first["id"], check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("no message", p.stderr)

        # delete the other
        env.cli("quarantine", "delete", incidents[1])
        self.assertEqual(self.quarantined(env), [])
        self.assertEqual(os.listdir(qdir), [".lock"])
        p = env.cli("quarantine", "delete", "../../etc", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(len(env.final_messages()), 1)

    def test_quarantine_reply_accept(self):
        env = self.fp_env(checks={"quarantine": {"enabled": True,
                                                 "reply": "accept"}},
                          policy={"automatic_lock": False})
        listed = self.msg_file(env, "listed.eml", CAMPAIGN)
        env.cli("hash", "add", "--file", listed)
        # the client is told 250; nothing reaches the next hop
        self.assertEqual(self.send(env, ALICE, CAMPAIGN), {})
        held = self.quarantined(env)
        self.assertEqual(len(held), 1)
        self.assertEqual(held[0]["reply"], "accept")
        self.assertEqual(env.sink.files(), [])
        # released as ham: relayed, and the classifier learnt it
        out = env.cli("quarantine", "release", held[0]["id"],
                      "--train-ham").stdout
        self.assertIn("learnt %s as ham" % held[0]["id"], out)
        self.assertTrue(os.path.exists(os.path.join(env.state_dir,
                                                    "bayes.db")))
        self.assertEqual(self.quarantined(env), [])
        self.assertEqual(len(env.final_messages()), 1)

    def test_config_errors(self):
        env = self.make_env(start=False, config={"checks": {
            "quarantine": {"enabled": True, "checks": ["spam", "junk"]}}})
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr, r"outguard\.yaml:\d+:\d+: invalid item "
                         r"'junk' in 'checks\.quarantine\.checks'")
        env.config["checks"]["quarantine"] = {"reply": "maybe"}
        env.write_config()
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("expected reject or accept", p.stderr)
        env.config["checks"] = {"fingerprint": {"similarity": 0.2}}
        env.write_config()
        p = env.cli("check-config", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("checks.fingerprint.similarity", p.stderr)
