"""The content check end to end: the real daemon, swaks and smtplib as
clients, smtp-sink as next hop, fixtures from t/data/content.

GTUBE is refused 550 5.7.1 [OG-SPAM] and never reaches the next hop (also
with block_outgoing_spam off); a phishing-like mail is refused and the
refusal is an abuse signal that locks the account; a clean mail with an
attachment is relayed untouched; with block_outgoing_spam false a spammy
mail is relayed with X-Outguard-Score / X-Outguard-Rules and still counts
as an abuse signal; `outguard train` (single files and an mbox) then
`outguard scan --json` shows the Bayes probability, and the running daemon
picks the new database up without a restart."""

import json
import os
import smtplib
import stat

from harness import OGTestCase, events, swaks_as

PASSWORD = "content test password"
ALICE = "alice@example.com"
GTUBE = ("XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-"
         "EMAIL*C.34X")
TOP = os.environ.get("TOP_SRCDIR", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))


def fixture(name):
    with open(os.path.join(TOP, "t", "data", "content", name), "rb") as f:
        return f.read()


def phish(sender=ALICE):
    # the phishing fixture, sent from the account's own address
    return fixture("phish.eml").replace(
        b"<service@mailer-paypa1.example>", ("<%s>" % sender).encode())


def generated(spam, i):
    sw = ["cheap", "pills", "viagra", "discount", "casino", "winner",
          "bonus", "refinance"]
    hw = ["meeting", "agenda", "project", "quarterly", "lunch",
          "colleague", "schedule", "review"]
    w = sw if spam else hw
    return ("From: %s <%s>\nTo: x@example.org\nSubject: %s %s number%d\n\n"
            "%s %s %s and %s, item%d.\nSee http://%s/\n" % (
                "Deals" if spam else "Alice",
                "promo@deals.example" if spam else ALICE,
                w[i % 8], w[(i + 3) % 8], i, w[i % 8], w[(i + 1) % 8],
                w[(i + 2) % 8], w[(i + 5) % 8], i,
                "shop.deals.example" if spam else "intranet.example.com"))


class ContentTest(OGTestCase):

    def content_env(self, policy=None, quarantine=None, env=None):
        env = env or self.make_env(start=False)
        env.config["checks"] = {"antivirus": {"enabled": False},
                                "content": {"enabled": True,
                                            "spam_score": 5.0}}
        if quarantine:
            env.config["checks"]["quarantine"] = quarantine
        if policy:
            env.config["policy"] = policy
        env.write_config()
        env.add_user(ALICE, PASSWORD)
        env.start()
        return env

    def swaks(self, env, *args):
        return swaks_as(env.port, ALICE, PASSWORD, *args)

    def test_status_says_antivirus_disabled(self):
        # antivirus is off in these tests: status names no database
        env = self.content_env()
        # (its exit status says whether the daemon has written its
        # state yet: not what this looks at)
        p = env.cli("status", check=False)
        self.assertIn("signatures: antivirus disabled\n", p.stdout)
        p = env.cli("status", "--json", check=False)
        self.assertIsNone(json.loads(p.stdout)["signatures"])

    def test_gtube_refused_never_relayed(self):
        env = self.content_env(policy={"automatic_lock": False,
                                       "block_outgoing_spam": False})
        rc, out = self.swaks(env, "--body", "hello\n" + GTUBE + "\n")
        self.assertNotEqual(rc, 0, out)
        self.assertRegex(out, r"<~?\* +550 5\.7\.1 \[OG-SPAM\] "
                         r"score=1000\.0 rules=GTUBE \(incident "
                         r"[0-9a-f]{8}\)")
        self.assertEqual(env.final_messages(), [])
        kinds = [(e["event"], e.get("reason")) for e in events(env)]
        self.assertIn(("refuse", "OG-SPAM"), kinds)

    def test_phishing_refused_and_locks(self):
        env = self.content_env(policy={"automatic_lock": True,
                                       "user_lock_time": "1h"})
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], phish())
        self.assertReply(cm.exception, 550, "5.7.1", "[OG-SPAM] score=")
        self.assertIn(b"PHISH_PHRASE", cm.exception.smtp_error)
        self.assertIn(b"LINK_TEXT_MISMATCH", cm.exception.smtp_error)
        s.quit()
        env.wait_log(r"lock account=alice@example\.com reason=OG-SPAM")
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertReply(s.mail(ALICE), 451, "4.7.1", "[OG-LOCKED]")
        s.quit()
        self.assertEqual(env.final_messages(), [])

    def test_lures_refused_look_alikes_relayed(self):
        # attached login pages, scripted SVG images and a QR code to a
        # lure under a brand's name are refused; a logo, a theme's
        # hotfix and a QR code to the sender's own site go through
        env = self.content_env(policy={"automatic_lock": False})
        teams = fixture("qr_png.eml").replace(
            b"From: Alice Example <alice@example.com>",
            b"From: Microsoft Teams <alice@example.com>")
        s = env.smtp_auth(ALICE, PASSWORD)
        for name, msg, rule in (
                ("page_login.eml", fixture("page_login.eml"),
                 b"ATTACH_HTML_LOGIN"),
                ("page_svg.eml", fixture("page_svg.eml"),
                 b"ATTACH_HTML_REDIRECT"),
                ("teams QR", teams, b"QR_LINK"),
                ("smuggle_tail.eml", fixture("smuggle_tail.eml"),
                 b"ATTACH_HTML_SMUGGLING"),
                ("sevenzip_exe.eml", fixture("sevenzip_exe.eml"),
                 b"ARCHIVE_EXECUTABLE")):
            with self.assertRaises(smtplib.SMTPDataError, msg=name) as cm:
                s.sendmail(ALICE, ["bob@example.net"], msg)
            self.assertReply(cm.exception, 550, "5.7.1", "[OG-SPAM]")
            self.assertIn(rule, cm.exception.smtp_error, name)
        for name in ("svg_logo.eml", "hotfix_zip.eml", "qr_own.eml",
                     "page_report_csv.eml"):
            self.assertEqual(s.sendmail(ALICE, ["bob@example.net"],
                                        fixture(name)), {}, name)
        s.quit()
        self.assertEqual(len(env.final_messages()), 4)

    def test_spam_held_in_quarantine(self):
        # checks.quarantine.checks names spam: the refused mail is held,
        # the client told 250, nothing relayed; a clean one still goes
        env = self.content_env(policy={"automatic_lock": False},
                               quarantine={"enabled": True,
                                           "checks": ["spam"],
                                           "reply": "accept"})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(s.sendmail(ALICE, ["bob@example.net"], phish()),
                         {})
        s.quit()
        held = json.loads(env.cli("quarantine", "list", "--json").stdout)
        self.assertEqual(len(held), 1)
        self.assertEqual(held[0]["tag"], "OG-SPAM")
        self.assertEqual(held[0]["check"], "content")
        self.assertEqual(held[0]["reply"], "accept")
        self.assertEqual(held[0]["rcpt"], ["bob@example.net"])
        self.assertIn("PHISH_PHRASE", held[0]["detail"])
        shown = env.cli("quarantine", "show", held[0]["id"]).stdout
        self.assertIn("Subject:", shown)
        rc, out = self.swaks(env, "--header", "Subject: lunch")
        self.assertEqual(rc, 0, out)
        self.assertEqual(len(env.final_messages()), 1)
        # the release relays it
        out = env.cli("quarantine", "release", held[0]["id"]).stdout
        self.assertIn(held[0]["id"], out)
        self.assertEqual(len(env.final_messages()), 2)

    def test_quarantine_folder_link_refused(self):
        # a link planted in place of state/quarantine is not written
        # through: the mail to hold gets 451 and the client keeps it
        env = self.make_env(start=False)
        outside = os.path.join(env.dir, "elsewhere")
        os.makedirs(outside)
        os.makedirs(env.state_dir, exist_ok=True)
        os.symlink(outside, os.path.join(env.state_dir, "quarantine"))
        env = self.content_env(policy={"automatic_lock": False},
                               quarantine={"enabled": True,
                                           "checks": ["spam"],
                                           "reply": "accept"}, env=env)
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], phish())
        self.assertEqual(cm.exception.smtp_code, 451)
        s.quit()
        self.assertEqual(os.listdir(outside), [])
        self.assertEqual(env.final_messages(), [])

    def test_spam_not_held_when_quarantine_is_for_others(self):
        env = self.content_env(policy={"automatic_lock": False},
                               quarantine={"enabled": True,
                                           "checks": ["virus", "hash"]})
        s = env.smtp_auth(ALICE, PASSWORD)
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], phish())
        self.assertReply(cm.exception, 550, "5.7.1", "[OG-SPAM] score=")
        s.quit()
        self.assertEqual(json.loads(env.cli("quarantine", "list",
                                            "--json").stdout), [])
        self.assertEqual(env.final_messages(), [])

    def test_clean_attachment_relayed(self):
        env = self.content_env()
        clean = os.path.join(env.dir, "report.pdf")
        with open(clean, "wb") as f:
            f.write(b"%PDF-1.4\n" + bytes(range(256)) * 40)
        rc, out = self.swaks(env, "--attach", "@" + clean, "--header",
                             "Subject: the quarterly report")
        self.assertEqual(rc, 0, out)
        self.assertIn("250 2.0.0 Ok", out)
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 1)
        self.assertIn(b'filename="report.pdf"', msgs[0].message)
        self.assertNotIn(b"X-Outguard-Score", msgs[0].message)

    def test_not_blocked_relayed_with_score(self):
        env = self.content_env(policy={"automatic_lock": True,
                                       "block_outgoing_spam": False})
        s = env.smtp_auth(ALICE, PASSWORD)
        self.assertEqual(s.sendmail(ALICE, ["bob@example.net"], phish()), {})
        s.quit()
        msgs = env.final_messages()
        self.assertEqual(len(msgs), 1)
        m = msgs[0]
        self.assertRegex(m.header("X-Outguard-Score")[0],
                         r"^\d+\.\d \(threshold 5\.0\)$")
        self.assertIn("PHISH_PHRASE", m.header("X-Outguard-Rules")[0])
        # our Received field stays on top, the score right below it
        self.assertTrue(m.message.lstrip().startswith(b"Received: from"))
        # relayed, and an abuse signal all the same
        env.wait_log(r"message flagged account=alice@example\.com "
                     r"reason=OG-SPAM")
        env.wait_log(r"lock account=alice@example\.com reason=OG-SPAM")

    def test_train_then_scan_shows_bayes(self):
        env = self.content_env(policy={"automatic_lock": False})
        spam_dir = os.path.join(env.dir, "spam")
        os.makedirs(spam_dir)
        files = []
        for i in range(25):
            p = os.path.join(spam_dir, "%02d.eml" % i)
            with open(p, "w") as f:
                f.write(generated(True, i))
            files.append(p)
        p = env.cli("train", "spam", *files)
        self.assertIn("learnt 25 spam messages", p.stdout)
        mbox = os.path.join(env.dir, "ham.mbox")
        with open(mbox, "w") as f:
            for i in range(25):
                f.write("From alice@example.com Mon Jan  1 00:00:%02d 2024\n"
                        % i + generated(False, i) + "\n")
        p = env.cli("train", "ham", mbox)
        self.assertIn("learnt 25 ham messages", p.stdout)
        self.assertIn("25 spam, 25 ham", p.stdout)
        # the same folder again (a nightly job) learns nothing twice; a
        # message learnt as spam and now trained as ham is moved
        p = env.cli("train", "ham", mbox)
        self.assertIn("learnt 0 ham messages; 25 learnt before as ham, "
                      "not again", p.stdout)
        self.assertIn("25 spam, 25 ham", p.stdout)
        p = env.cli("train", "ham", files[0])
        self.assertIn("learnt 1 ham message (1 learnt as spam before)",
                      p.stdout)
        self.assertIn("24 spam, 26 ham", p.stdout)
        p = env.cli("train", "spam", files[0])
        self.assertIn("25 spam, 25 ham", p.stdout)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(
            env.state_dir, "bayes.seen")).st_mode), 0o600)
        db = os.path.join(env.state_dir, "bayes.db")
        # state files are for the daemon's user alone
        self.assertEqual(stat.S_IMODE(os.stat(db).st_mode), 0o600)
        probe = os.path.join(env.dir, "probe.eml")
        with open(probe, "w") as f:
            f.write(generated(True, 777))
        hamprobe = os.path.join(env.dir, "hamprobe.eml")
        with open(hamprobe, "w") as f:
            f.write(generated(False, 777))
        res = json.loads(env.cli("scan", "--json", probe, hamprobe).stdout)
        content = [[c for c in r["checks"] if c["check"] == "content"][0]
                   for r in res]
        self.assertGreater(content[0]["bayes"], 0.9, res)
        self.assertTrue(any(r.startswith("BAYES_9") for r in
                            content[0]["rules"]), res)
        self.assertLess(content[1]["bayes"], 0.1, res)
        # the running daemon uses the new database: its rules alone
        # (a refinance offer, "click here", "act now") stay under the
        # threshold, with the Bayes verdict on the account's own address
        # over it
        probe2 = generated(True, 778).replace("promo@deals.example",
                                              ALICE) + \
            "Click here. Act now.\n"
        with open(probe, "w") as f:
            f.write(probe2)
        alone = json.loads(env.cli("scan", "--json", probe).stdout)
        rules = [c for c in alone[0]["checks"] if c["check"] ==
                 "content"][0]["rules"]
        self.assertTrue(any(r.startswith("BAYES_9") for r in rules), rules)
        self.assertIn("URGENCY", rules)
        table = {l.split()[0]: float(l.split()[1]) for l in
                 env.cli("scan", "--rules").stdout.splitlines()
                 if not l.startswith("#")}
        self.assertLess(sum(table[r] for r in rules
                            if not r.startswith("BAYES_")), 5.0, rules)
        s = env.smtp_auth(ALICE, PASSWORD)
        msg = probe2
        with self.assertRaises(smtplib.SMTPDataError) as cm:
            s.sendmail(ALICE, ["bob@example.net"], msg)
        self.assertReply(cm.exception, 550, "5.7.1", "[OG-SPAM]")
        self.assertIn(b"BAYES_", cm.exception.smtp_error)
        s.quit()

    def test_scan_rules_lists_the_table(self):
        env = self.content_env()
        out = env.cli("scan", "--rules").stdout
        rows = {l.split()[0]: float(l.split()[1])
                for l in out.splitlines() if not l.startswith("#")}
        self.assertIn("(look) \"click here\"", out)
        self.assertIn("# the (look) rules count together at most 4.0", out)
        self.assertEqual(rows["GTUBE"], 1000.0)
        self.assertIn("FORGED_MUA_OUTLOOK", rows)
        self.assertGreater(rows["BAYES_999"], rows["BAYES_99"])
        self.assertLess(rows["BAYES_00"], 0)
        self.assertEqual(rows["BAYES_50"], 0)

    def test_train_usage_and_missing_file(self):
        env = self.content_env()
        p = env.cli("train", "eggs", "x", check=False)
        self.assertEqual(p.returncode, 2)
        p = env.cli("train", "spam", os.path.join(env.dir, "nope"),
                    check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("nothing learnt", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(env.state_dir,
                                                     "bayes.db")))
