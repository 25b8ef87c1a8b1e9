"""Reports and operations end to end: mail through the daemon (accepted,
refused for OG-FROM, deferred for OG-RATE until the account locks), then
`outguard report` in JSON, text and HTML (well-formed, self-contained,
event text escaped, rendered by headless Chromium when it is installed),
`report --mail` to the domain's report_to and to notify.admin as
multipart/alternative text + HTML at smtp-sink, `outguard status` with the
daemon up and down, and pruning of old events files by the daemon and by
`outguard prune`."""

import email
import email.policy
import html.parser
import json
import os
import re
import shutil
import smtplib
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import zlib

from harness import OGTestCase, free_port, make_message, wait_for

PASSWORD = "report test password"
ALICE = "alice@example.com"
BOB = "bob@example.org"
ADMIN = "postmaster-admin@example.net"
REPORT_TO = "reports@example.com"
EVIL = "<script>alert(1)</script>@evil.test"
EVIL_DETAIL = "<img src=x onerror=alert(2)> & \"quoted\""
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def png_pixels(path):
    """(width, height, colour type, rows of raw pixel bytes) of an 8-bit,
    non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = body
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    w, h = int.from_bytes(hdr[:4], "big"), int.from_bytes(hdr[4:8], "big")
    depth, ctype, interlace = hdr[8], hdr[9], hdr[12]
    assert depth == 8 and ctype in (2, 6) and interlace == 0, hdr
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft = raw[y * (stride + 1)]
        cur = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft == 1:
            for i in range(bpp, stride):
                cur[i] = (cur[i] + cur[i - bpp]) & 255
        elif ft == 2:
            cur = bytearray((a + b) & 255 for a, b in zip(cur, prev))
        elif ft == 3:
            for i in range(stride):
                left = cur[i - bpp] if i >= bpp else 0
                cur[i] = (cur[i] + ((left + prev[i]) >> 1)) & 255
        elif ft == 4:
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                cur[i] = (cur[i] + pr) & 255
        rows.append(cur)
        prev = cur
    return w, h, bpp, rows


def count_colour(png, rgb, tolerance=24):
    """Pixels of the PNG within tolerance of the colour rgb."""
    w, h, bpp, rows = png
    n = 0
    for row in rows:
        for x in range(0, w * bpp, bpp):
            if (abs(row[x] - rgb[0]) <= tolerance and
                    abs(row[x + 1] - rgb[1]) <= tolerance and
                    abs(row[x + 2] - rgb[2]) <= tolerance):
                n += 1
    return n


class HTMLCheck(html.parser.HTMLParser):
    """Tags seen, and whether every non-void element was closed in order."""

    VOID = {"meta", "br", "img", "hr", "input", "link", "rect", "line",
            "path", "circle"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.stack = []
        self.errors = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.errors.append("event handler attribute %s" % k)
            if k in ("src", "href") and v and not v.startswith("#"):
                self.errors.append("external resource %s=%s" % (k, v))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("unbalanced </%s> (open: %s)"
                               % (tag, self.stack[-3:]))
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


class ReportTest(OGTestCase):

    def report_env(self):
        env = self.make_env(config={
            "policy": {"messages_per_minute": 2, "rate_refusals_to_lock": 3},
            "notify": {"admin": ADMIN},
        }, start=False)
        env.add_user(ALICE, PASSWORD)
        env.add_user(BOB, PASSWORD)
        env.cli("user", "set", "example.com", "report_to=" + REPORT_TO)
        # an events file far older than reports.retention (90 days):
        # the daemon prunes it at start
        os.makedirs(os.path.join(env.state_dir, "events"), exist_ok=True)
        self.old = os.path.join(env.state_dir, "events", "2020-01-01.jsonl")
        with open(self.old, "w") as f:
            f.write('{"ts":1577836800,"event":"accept","nrcpt":1}\n')
        env.start()
        return env

    def send_traffic(self, env):
        s = env.smtp_auth(ALICE, PASSWORD)
        for i in range(2):
            self.assertEqual(s.sendmail(ALICE, ["rcpt%d@example.net" % i],
                             make_message("ok %d" % i, sender=ALICE,
                                          to="rcpt%d@example.net" % i)), {})
        # a sender outside the account's domain: OG-FROM
        self.assertReply(s.mail("mallory@evil.test"), 550, "5.7.1",
                         "[OG-FROM]")
        s.rset()
        # over messages_per_minute: OG-RATE deferrals, then the lock
        for i in range(3):
            with self.assertRaises(smtplib.SMTPRecipientsRefused):
                s.sendmail(ALICE, ["late@example.net"],
                           make_message("late %d" % i, sender=ALICE,
                                        to="late@example.net"))
        s.quit()
        s = env.smtp_auth(BOB, PASSWORD)
        self.assertEqual(s.sendmail(BOB, ["x@example.net", "y@example.net"],
                                    make_message("bob", sender=BOB)), {})
        s.quit()
        # untrusted text in the log: it must come out escaped
        today = time.strftime("%Y-%m-%d", time.gmtime())
        with open(os.path.join(env.state_dir, "events",
                               today + ".jsonl"), "a") as f:
            f.write(json.dumps({"time": "x", "ts": int(time.time()),
                                "event": "lock", "reason": "OG-EVIL",
                                "account": EVIL,
                                "detail": EVIL_DETAIL}) + "\n")

    def test_report_status_prune(self):
        env = self.report_env()
        wait_for(lambda: not os.path.exists(self.old), 5,
                 what="the daemon to prune the old events file")
        # logged right after the removal
        env.wait_log(r"prune: removed 1 events file")
        self.send_traffic(env)

        # -- JSON
        rep = json.loads(env.cli("report", "--period", "today",
                                 "--format", "json").stdout)
        t = rep["totals"]
        self.assertEqual(t["accepted"],
                         {"messages": 3, "recipients": 4,
                          "bytes": t["accepted"]["bytes"]})
        self.assertGreater(t["accepted"]["bytes"], 300)
        self.assertEqual(t["reasons"]["OG-FROM"]["refused"], 1)
        self.assertEqual(t["reasons"]["OG-RATE"]["deferred"], 3)
        self.assertEqual(t["reasons"]["OG-RATE"]["locks"], 1)
        self.assertEqual(t["deferred"], 3)
        self.assertEqual(t["locks"], 2)  # OG-RATE and the fake OG-EVIL
        self.assertEqual(rep["report"]["hostname"], "mx.test")
        doms = {d["domain"]: d for d in rep["domains"]}
        self.assertEqual(set(doms), {"example.com", "example.org",
                                     "evil.test"})
        accts = {a["account"]: a["totals"]
                 for a in doms["example.com"]["accounts"]}
        self.assertEqual(accts[ALICE]["accepted"]["messages"], 2)
        self.assertEqual(accts[ALICE]["refused"], 1)
        self.assertEqual(accts[ALICE]["deferred"], 3)
        self.assertEqual(doms["example.org"]["totals"]["accepted"]
                         ["recipients"], 2)
        self.assertEqual(rep["top_by_volume"][0]["account"], ALICE)
        self.assertEqual(rep["top_by_refusals"][0]["account"], ALICE)
        locks = [l for l in rep["locks"] if l["account"] == ALICE]
        self.assertEqual(len(locks), 1)
        self.assertEqual(locks[0]["reason"], "OG-RATE")
        self.assertEqual(sum(h["messages"] for h in rep["hourly"]), 3)
        # one domain only
        one = json.loads(env.cli("report", "--since", "today",
                                 "--domain", "example.org",
                                 "--format", "json").stdout)
        self.assertEqual([d["domain"] for d in one["domains"]],
                         ["example.org"])
        self.assertEqual(one["totals"]["accepted"]["messages"], 1)
        # usage errors
        for bad in (["--period", "year"], [], ["--period", "day",
                    "--since", "today"], ["--format", "pdf",
                    "--period", "day"]):
            p = env.cli("report", *bad, check=False)
            self.assertEqual(p.returncode, 2, (bad, p.stderr))

        # -- text
        text = env.cli("report", "--period", "today").stdout
        for want in ("SUMMARY", "OG-FROM", "OG-RATE", ALICE, BOB,
                     "TOP SENDERS BY VOLUME", "HOUR BY HOUR", "LOCKS"):
            self.assertIn(want, text)
        # the hour table's columns say what they count: the JSON's
        # recipients, and its refused and deferred messages together
        self.assertIn("recipients accepted / refusals and deferrals",
                      text)
        rows = re.findall(r"(?m)^  \d\d-\d\d \d\d:00 +(\d+) +(\d+) \|",
                          text)
        self.assertEqual(
            (sum(int(a) for a, _ in rows), sum(int(b) for _, b in rows)),
            (sum(h["recipients"] for h in rep["hourly"]),
             sum(h["refused"] + h["deferred"] for h in rep["hourly"])))

        # -- HTML
        page = env.cli("report", "--period", "today", "--format",
                       "html").stdout
        chk = HTMLCheck()
        chk.feed(page)
        chk.close()
        self.assertEqual(chk.errors, [])
        self.assertEqual(chk.stack, [])
        self.assertIn("svg", chk.tags)
        self.assertGreaterEqual(chk.tags.count("svg"), 3)
        self.assertNotIn("script", chk.tags)
        self.assertNotIn("img", chk.tags)
        self.assertNotIn("<script>", page)
        self.assertNotIn("<img", page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;@evil.test",
                      page)
        self.assertIn(EVIL_DETAIL, "".join(chk.text))
        self.assertNotIn("http://", page.replace(
            'xmlns="http://www.w3.org/2000/svg"', ""))
        if CHROMIUM is None and os.environ.get("CI"):
            self.fail("chromium is not installed: the HTML report is not "
                      "rendered")
        if CHROMIUM:
            path = os.path.join(env.dir, "report.html")
            png = os.path.join(env.dir, "report.png")
            with open(path, "w") as f:
                f.write(page)
            profile = tempfile.mkdtemp(dir=env.dir)
            p = subprocess.run(
                [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--user-data-dir=" + profile, "--screenshot=" + png,
                 "--window-size=1000,1400", "file://" + path],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                timeout=120)
            self.assertEqual(p.returncode, 0, p.stdout[-2000:])
            # the charts are drawn: the blue of accepted volume and top
            # senders, the red of refusals (report_html.c's colours)
            pixels = png_pixels(png)
            self.assertEqual(pixels[:2], (1000, 1400))
            self.assertGreater(count_colour(pixels, (0x25, 0x63, 0xeb)),
                               500, "no blue bars in " + png)
            self.assertGreater(count_colour(pixels, (0xdc, 0x26, 0x26)),
                               100, "no red bars in " + png)

        # -- status, daemon up
        def status_up():
            p = env.cli("status", "--json", check=False)
            return p if p.returncode == 0 else None
        st = json.loads(wait_for(status_up, 10,
                                 what="status to say running").stdout)
        self.assertTrue(st["running"])
        self.assertEqual(st["pid"], env.proc.pid)
        self.assertEqual([l["address"] for l in st["listeners"]],
                         [l["address"] for l in env.listeners])
        self.assertEqual(st["listeners"][0]["tls"], "starttls")
        self.assertIsInstance(st["sessions"], int)
        self.assertGreaterEqual(st["uptime"], 0)
        self.assertEqual(st["today"]["accepted"], 3)
        self.assertEqual(st["today"]["deferred"], 3)
        self.assertEqual([l["account"] for l in st["locked"]], [ALICE])
        self.assertEqual(st["locked"][0]["reason"], "OG-RATE")
        self.assertEqual(st["config"]["file"], env.cfg_path)
        self.assertIsNotNone(st["config"]["loaded"])
        self.assertGreaterEqual(st["config"]["age"], 0)
        self.assertIn("signatures", st)
        p = env.cli("status")
        self.assertIn("outguard is running", p.stdout)
        self.assertIn(ALICE, p.stdout)

        # -- --mail: the domain's report and the admin's
        def reports():
            out = []
            for m in env.sink.messages():
                if not m.raw.endswith(b"\n\n"):
                    continue
                msg = email.message_from_bytes(m.message,
                                               policy=email.policy.default)
                if str(msg["Subject"]).startswith("outguard report"):
                    out.append((m, msg))
            return out
        before = len(reports())
        p = env.cli("report", "--period", "today", "--mail")
        # as etc/outguard.cron says: nothing printed when it worked (cron
        # mails whatever a job prints)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr, "")
        got = wait_for(lambda: reports() if len(reports()) >= before + 2
                       else None, 10, what="two report mails")
        by_rcpt = {}
        for m, msg in got:
            by_rcpt[m.rcpts[0].split()[0].strip("<>")] = msg
        self.assertEqual(set(by_rcpt), {REPORT_TO, ADMIN})
        for rcpt, msg in by_rcpt.items():
            self.assertEqual(msg.get_content_type(), "multipart/alternative")
            parts = [p.get_content_type() for p in msg.iter_parts()]
            self.assertEqual(parts, ["text/plain", "text/html"])
            self.assertEqual(msg["Auto-Submitted"], "auto-generated")
        dom_text = by_rcpt[REPORT_TO].get_body(("plain",)).get_content()
        self.assertIn(ALICE, dom_text)
        self.assertNotIn(BOB, dom_text)  # only example.com
        self.assertIn("example.com", str(by_rcpt[REPORT_TO]["Subject"]))
        full_html = by_rcpt[ADMIN].get_body(("html",)).get_content()
        self.assertIn(BOB, full_html)
        self.assertIn("<svg", full_html)

        # -- prune by hand
        ev = os.path.join(env.state_dir, "events")
        old, recent = (os.path.join(ev, n) for n in
                       ("2021-03-04.jsonl", time.strftime(
                           "%Y-%m-%d.jsonl",
                           time.gmtime(time.time() - 10 * 86400))))
        keep = os.path.join(ev, "notes.txt")
        for path in (old, recent, keep):
            with open(path, "w") as f:
                f.write("\n")
        p = env.cli("prune")
        self.assertIn("removed 1 events file", p.stdout)
        self.assertFalse(os.path.exists(old))
        self.assertTrue(os.path.exists(recent))
        self.assertTrue(os.path.exists(keep))
        self.assertTrue(os.path.exists(os.path.join(
            ev, time.strftime("%Y-%m-%d.jsonl", time.gmtime()))))

        # -- status, daemon down: exit 1
        self.assertEqual(env.stop(), 0)
        p = env.cli("status", "--json", check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        st = json.loads(p.stdout)
        self.assertFalse(st["running"])
        self.assertIsNone(st["pid"])
        self.assertEqual(st["listeners"], [])
        self.assertEqual(st["today"]["accepted"], 3)
        p = env.cli("status", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("not running", p.stdout)

    def test_user_show_report_to(self):
        """`user show` tells where the report of an account's mail goes
        and where that address came from."""
        env = self.make_env(config={"notify": {"admin": ADMIN}},
                            start=False)
        env.add_user(ALICE, PASSWORD)
        env.add_user(BOB, PASSWORD)
        env.add_user("192.0.2.0/24")
        env.cli("user", "set", "example.com", "report_to=" + REPORT_TO)
        env.cli("user", "set", "192.0.2.0/24",
                "report_to=ip-reports@example.net")

        def show(acct):
            text = env.cli("user", "show", acct).stdout
            js = json.loads(env.cli("user", "show", acct, "--json").stdout)
            line = [l for l in text.splitlines()
                    if l.startswith("report_to:")]
            self.assertEqual(len(line), 1, text)
            return line[0], js["report_to"]

        for acct in (ALICE, "example.com"):
            line, js = show(acct)
            self.assertEqual(line, "report_to: %s (domain)" % REPORT_TO)
            self.assertEqual(js, {"value": REPORT_TO, "source": "domain"})
        line, js = show("192.0.2.0/24")
        self.assertEqual(line,
                         "report_to: ip-reports@example.net (account)")
        self.assertEqual(js, {"value": "ip-reports@example.net",
                              "source": "account"})
        line, js = show(BOB)
        self.assertIn("none", line)
        self.assertIn(ADMIN, line)
        self.assertEqual(js, {"value": None, "source": "unset"})
        # cleared on the domain: its users have none either
        env.cli("user", "set", "example.com", "report_to=")
        line, js = show(ALICE)
        self.assertEqual(js, {"value": None, "source": "unset"})

    def test_metrics_endpoint(self):
        """metrics.listen: the status numbers in the Prometheus text
        format over HTTP, moving when mail goes through; only GET
        /metrics; a non-loopback address refused unless allowed."""
        port = free_port()
        env = self.make_env(config={"metrics": {
            "listen": "127.0.0.1:%d" % port}}, start=False)
        env.add_user(ALICE, PASSWORD)
        env.start()
        url = "http://127.0.0.1:%d/metrics" % port

        def scrape():
            with urllib.request.urlopen(url, timeout=10) as r:
                self.assertEqual(r.status, 200)
                self.assertEqual(r.headers["Content-Type"],
                                 "text/plain; version=0.0.4; charset=utf-8")
                text = r.read().decode()
            values = {}
            for line in text.splitlines():
                if line.startswith("#") or not line:
                    continue
                name, value = line.rsplit(" ", 1)
                values[name] = float(value)
            return text, values

        text, before = scrape()
        self.assertIn("# TYPE outguard_messages_today gauge", text)
        self.assertEqual(before["outguard_up"], 1)
        self.assertEqual(before["outguard_accounts"], 2)  # domain + user
        self.assertEqual(before["outguard_locked_accounts"], 0)
        self.assertEqual(
            before['outguard_listener{address="%s",tls="starttls"}'
                   % env.listeners[0]["address"]], 1)
        self.assertGreaterEqual(before["outguard_uptime_seconds"], 0)
        self.assertIn("outguard_config_loaded_age_seconds", before)
        accepted = 'outguard_messages_today{verdict="accepted"}'
        refused = 'outguard_messages_today{verdict="refused"}'
        # a session held open shows, then mail moves the day's counts
        s = env.smtp_auth(ALICE, PASSWORD)
        _, during = scrape()
        self.assertEqual(during["outguard_sessions"], 1)
        self.assertEqual(s.sendmail(ALICE, ["a@example.net", "b@example.net"],
                                    make_message("metrics", sender=ALICE)),
                         {})
        self.assertReply(s.mail("mallory@evil.test"), 550, "5.7.1",
                         "[OG-FROM]")
        s.quit()
        _, after = scrape()
        self.assertEqual(after[accepted], before[accepted] + 1)
        self.assertEqual(after[refused], before[refused] + 1)
        self.assertEqual(after["outguard_recipients_today"],
                         before["outguard_recipients_today"] + 2)
        self.assertGreater(after["outguard_bytes_today"],
                           before["outguard_bytes_today"])
        wait_for(lambda: scrape()[1]["outguard_sessions"] == 0, 10,
                 what="the session to end in the metrics")
        # an account locked by hand
        env.cli("user", "lock", ALICE, "--reason", "metrics test")
        self.assertEqual(scrape()[1]["outguard_locked_accounts"], 1)
        # anything but GET /metrics
        for path, code in (("/", 404), ("/metrics/x", 404),
                           ("/other", 404)):
            with self.assertRaises(urllib.error.HTTPError) as cm:
                urllib.request.urlopen("http://127.0.0.1:%d%s"
                                       % (port, path), timeout=10)
            self.assertEqual(cm.exception.code, code)
        req = urllib.request.Request(url, data=b"x", method="POST")
        with self.assertRaises(urllib.error.HTTPError) as cm:
            urllib.request.urlopen(req, timeout=10)
        self.assertEqual(cm.exception.code, 405)
        # not HTTP, then an oversized request: 400, and it still serves
        for junk in (b"hello\r\n\r\n",
                     b"GET /metrics HTTP/1.0\r\nX: " + b"a" * 8000):
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            c.sendall(junk)
            self.assertTrue(c.recv(100).startswith(b"HTTP/1.0 400 "))
            c.close()
        # a client that sends nothing is answered 408 after the timeout
        c = socket.create_connection(("127.0.0.1", port), timeout=15)
        t = time.monotonic()
        self.assertTrue(c.recv(100).startswith(b"HTTP/1.0 408 "))
        self.assertLess(time.monotonic() - t, 12)
        c.close()
        self.assertEqual(scrape()[1]["outguard_up"], 1)
        self.assertEqual(env.stop(), 0)

        # a non-loopback address: a configuration error unless allowed
        env.config["metrics"] = {"listen": "192.0.2.1:9100"}
        env.write_config()
        p = env.cli("check-config", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("metrics.listen 192.0.2.1:9100 is not a loopback "
                      "address", p.stderr)
        env.config["metrics"]["allow_remote"] = True
        env.write_config()
        env.cli("check-config")

    def test_retention_config(self):
        env = self.make_env(config={"reports": {"retention": "30d"}},
                            start=False)
        ev = os.path.join(env.state_dir, "events")
        os.makedirs(ev)
        day = lambda ago: os.path.join(ev, time.strftime(
            "%Y-%m-%d.jsonl", time.gmtime(time.time() - ago * 86400)))
        for ago in (40, 20):
            with open(day(ago), "w") as f:
                f.write("\n")
        self.assertIn("removed 1 events file", env.cli("prune").stdout)
        self.assertFalse(os.path.exists(day(40)))
        self.assertTrue(os.path.exists(day(20)))
        # less than a day is refused
        env.config["reports"] = {"retention": "2h"}
        env.write_config()
        p = env.cli("prune", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("reports.retention", p.stderr)
