#!/usr/bin/env python3
"""Writes the content-check fixtures of t/check_content.c (run once; the
output is committed). Every message is CRLF, as the daemon sees it.
param_8bit.eml is not written here: it is an input the fingerprint fuzz
target found (LF line ends, 8-bit bytes in a Content-Type parameter
name), kept as it was."""
import base64
import gzip
import io
import struct
import tarfile
import zipfile
import zlib


def msg(name, headers, body):
    text = "\r\n".join(headers) + "\r\n\r\n" + body.replace("\r\n", "\n") \
        .replace("\n", "\r\n")
    with open(name, "wb") as f:
        f.write(text.encode())


def zipped(members):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for n, data in members:
            z.writestr(n, data)
    return base64.encodebytes(b.getvalue()).decode()


H = ["From: Alice Example <alice@example.com>", "To: bob@example.org",
     "Date: Mon, 2 Mar 2026 10:00:00 +0000",
     "Message-ID: <fixture@example.com>", "MIME-Version: 1.0"]

msg("gtube.eml", H + ["Subject: test"],
    "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X\n")

msg("phish.eml", ["From: \"PayPal Service\" <service@mailer-paypa1.example>",
                  "To: bob@example.org", "Subject: Unusual sign-in activity",
                  "MIME-Version: 1.0",
                  "Content-Type: text/html; charset=utf-8"],
    "<html><body><p>We noticed unusual sign-in activity. Please verify "
    "your account within 24 hours or your account will be suspended.</p>"
    "<p><a href=\"http://login.evil-host.example/pp\">https://www.paypal.com"
    "/signin</a></p></body></html>\n")

msg("shortener.eml", H + ["Subject: look", "Content-Type: text/plain"],
    "Have a look: https://bit.ly/3xYzAbc\n")

msg("iplink.eml", H + ["Subject: invoice", "Content-Type: text/plain"],
    "Your invoice: http://192.0.2.77/invoice.php?id=1\n")

msg("brand.eml", ["From: Microsoft Office 365 <noreply@office-notice.example>",
                  "To: bob@example.org", "Subject: Message center",
                  "Content-Type: text/plain"],
    "You have 3 new messages waiting.\n")

msg("brand_ok.eml", ["From: Microsoft <account-security-noreply@microsoft.com>",
                     "To: bob@example.org", "Subject: Your account",
                     "Content-Type: text/plain"],
    "Your monthly summary is ready.\n")


def multipart(name, subject, parts):
    b = "----=_b0undary_42"
    body = "This is a multi-part message in MIME format.\n"
    for hdrs, content in parts:
        body += "--" + b + "\n" + "\n".join(hdrs) + "\n\n" + content + "\n"
    body += "--" + b + "--\n"
    msg(name, H + ["Subject: " + subject,
                   "Content-Type: multipart/mixed; boundary=\"%s\"" % b], body)


TEXT = (["Content-Type: text/plain; charset=utf-8"],
        "Hello Bob,\n\nplease find the file attached.\n\nAlice\n")
multipart("exe.eml", "the tool", [TEXT, (
    ["Content-Type: application/octet-stream; name=\"setup.exe\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"setup.exe\""],
    base64.encodebytes(b"MZ\x90\x00" + b"\x00" * 60).decode())])
multipart("zip_exe.eml", "invoice", [TEXT, (
    ["Content-Type: application/zip; name=\"invoice.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"invoice.zip\""],
    zipped([("readme.txt", "read me"), ("invoice.pdf.exe", "MZ")]))])
multipart("zip_js.eml", "invoice", [TEXT, (
    ["Content-Type: application/zip; name=\"Invoice_0412.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"Invoice_0412.zip\""],
    zipped([("Invoice_0412.js", "var x = 1;\n")]))])
# the program two zips down: its name is read from the inner zip


def zipped_bytes(members):
    return base64.b64decode(zipped(members))


multipart("zip_in_zip_exe.eml", "invoice", [TEXT, (
    ["Content-Type: application/zip; name=\"documents.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"documents.zip\""],
    zipped([("readme.txt", "read me"), ("invoice.zip", zipped_bytes(
        [("invoice.zip", zipped_bytes([("invoice.exe", "MZ")]))]))]))])
# a zip inside named as a PDF, and a program name with a dot at its end
# (Windows drops it)
multipart("zip_disguised_exe.eml", "invoice", [TEXT, (
    ["Content-Type: application/zip; name=\"documents.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"documents.zip\""],
    zipped([("invoice.pdf", zipped_bytes([("invoice.exe.", "MZ")]))]))])
multipart("script.eml", "the deploy script", [TEXT, (
    ["Content-Type: application/javascript; name=\"deploy.js\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"deploy.js\""],
    base64.encodebytes(b"console.log('deploy');\n").decode())])
# a web developer's theme: scripts among a project's many files
multipart("project_zip.eml", "the theme, fixed", [TEXT, (
    ["Content-Type: application/zip; name=\"theme-1.4.2.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"theme-1.4.2.zip\""],
    zipped([("theme/" + n, "x\n") for n in (
        "style.css", "functions.php", "index.php", "header.php",
        "footer.php", "js/app.js", "js/menu.js", "js/slider.js",
        "img/logo.svg", "readme.txt", "screenshot.png", "single.php")]))])
multipart("macro.eml", "budget", [TEXT, (
    ["Content-Type: application/vnd.ms-excel.sheet.macroEnabled.12; "
     "name=\"budget.xlsm\"", "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"budget.xlsm\""],
    zipped([("[Content_Types].xml", "<Types/>"),
            ("xl/vbaProject.bin", "\x00")]))])
multipart("clean_attach.eml", "the report", [TEXT, (
    ["Content-Type: application/pdf; name=\"report.pdf\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"report.pdf\""],
    base64.encodebytes(b"%PDF-1.4\n" + b"0123456789" * 300).decode())])
# a newsletter whose links go through the sender's own click counter:
# the link text names the shop, the link the sender's domain
multipart("own_tracker.eml", "our partner's shop", [TEXT, (
    ["Content-Type: text/html; charset=utf-8"],
    "<p>Visit <a href=\"https://click.example.com/r?id=7\">"
    "www.partner-store.example</a> for the new range.</p>")])
multipart("bad_base64.eml", "data", [TEXT, (
    ["Content-Type: application/octet-stream; name=\"data.bin\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"data.bin\""],
    "SGVsbG8g!!!d29ybGQ=\n*** not base64 at all ***\n")])

msg("hidden.eml", H + ["Subject: offer", "Content-Type: text/html"],
    "<html><body><p>Great offer for you today.</p>"
    "<div style=\"display: none\">hamword meeting agenda project quarterly "
    "report lunch colleague</div>"
    "<span style=\"font-size:0px\">more hidden filler words here</span>"
    "<p style=\"color:#ffffff;background-color:#ffffff\">white on white"
    "</p></body></html>\n")

msg("mass.eml", ["From: alice@example.com",
                 "To: " + ", ".join("user%d@example.net" % i
                                    for i in range(30)),
                 "Subject: hello", "Content-Type: text/plain"],
    "Hello all.\n")

msg("fraud.eml", H + ["Subject: CONFIDENTIAL BUSINESS PROPOSAL",
                      "Content-Type: text/plain"],
    "Dear friend, I am a barrister and the next of kin of my late client "
    "left 25 million united states dollars. As the beneficiary you will "
    "receive 30% of the total after the transfer of the sum. This is "
    "strictly confidential; reply urgently.\n")

msg("no_boundary.eml", H + ["Subject: broken",
                            "Content-Type: multipart/mixed"],
    "--x\nContent-Type: text/plain\n\nhello\n--x--\n")

msg("clean.eml", H + ["Subject: lunch on friday",
                      "Content-Type: text/plain; charset=iso-8859-1",
                      "Content-Transfer-Encoding: quoted-printable"],
    "Hi Bob,\n\nshall we have lunch on Friday? The caf=E9 at the corner is "
    "fine.\nSee https://www.example.org/menu for the menu.\n\nAlice\n")


# ---------------------------------------------------- bulk mail, mailers

def oe_id(date_unix, host):
    """an Outlook Express Message-Id whose clock says date_unix"""
    high = int((date_unix * 10**7 + 116444736000000000) / 2**32)
    return "<0015%08x$2b5fd1a0$0200a8c0@%s>" % (high, host)


# Mon, 2 Mar 2026 10:00:00 +0000
MAR2 = 1772445600

msg("bulk.eml", [
    "From: Winner Team <winner2002@yahoo.com>",
    "Reply-To: claims.dept@hotmail.com",
    "To: bob@example.org",
    "Subject: FREE MONEY FOR YOU TODAY!",
    "Date: Mon, 2 Mar 2026 10:00:00 +2500",
    "Message-ID: <r4nd0m.1234@bulk.example>",
    "X-Mailer: Microsoft Outlook Express 6.00.2600.0000",
    "X-Priority: 1", "X-MSMail-Priority: High", "MIME-Version: 1.0",
    "Content-Type: text/html; charset=us-ascii"],
    "<body><p>Dear friend,</p>"
    "<font size=\"+3\" color=\"#ff0000\">Act now and earn $500, $900 or "
    "even $1500 a week!</font>"
    "<p>This is not spam: you are receiving this because you opted in. "
    "Click here: <a href=\"http://offers.example.net:8080/go\">offers</a>."
    "</p><p>To be removed, <a href=\"mailto:remove@example.net?subject="
    "remove\">write to us</a>.</p>"
    "<font color=\"#ffffff\">lunch meeting agenda</font></body>\n")

msg("oe_clock.eml", [
    "From: Alice Example <alice@example.com>", "To: <bob@example.org>",
    "Subject: the minutes", "Date: Mon, 2 Mar 2026 10:00:00 +0000",
    "Message-ID: " + oe_id(MAR2 - 90 * 86400, "p3"),
    "MIME-Version: 1.0", "Content-Type: text/plain"],
    "The minutes are below.\n")

msg("oe_ok.eml", [
    "From: Alice Example <alice@example.com>",
    "To: \"Bob\" <bob@example.org>",
    "Subject: the minutes", "Date: Mon, 2 Mar 2026 10:00:00 +0000",
    "Message-ID: " + oe_id(MAR2 + 60, "p3"),
    "X-Mailer: Microsoft Outlook Express 6.00.2900.2180",
    "X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.2180",
    "X-MSMail-Priority: Normal", "X-Priority: 3",
    "MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii"],
    "The minutes of Monday's meeting are below.\n")

msg("future_date.eml", [
    "Received: from client.example.com by relay.example.net; "
    "Mon, 2 Mar 2026 10:00:00 +0000",
    "From: Alice Example <alice@example.com>", "To: bob@example.org",
    "Subject: the minutes", "Date: Fri, 6 Mar 2026 10:00:00 +0000",
    "Message-ID: <future@example.com>",
    "MIME-Version: 1.0", "Content-Type: text/plain"],
    "The minutes are below.\n")

with open("bulkmailer.eml", "wb") as f:
    f.write(("\r\n".join(H + [
        "X-Mailer: Atlas Mailer 2.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64"]) + "\r\n").encode() +
        b"Subject: Gr\xfc\xdfe aus M\xfcnchen\r\n\r\n" +
        base64.encodebytes("Grüße, the offer stands.\n".encode())
        .replace(b"\n", b"\r\n"))

msg("adv_form.eml", H + ["Subject: ADV: the order form you asked for",
                         "Content-Type: text/plain"],
    "You get this advertisement with special offers from our partners.\n"
    "\nName: ____________\nAddress: ____________\nPhone:\n"
    "Name:\n")

# a campaign to a harvested list: info@ at one company after another, a
# sum of millions, diet pills, big fonts and the mailer's tracking id
msg("harvested.eml", [
    "From: Grant Office <grants@funding-office.example>",
    "To: " + ", ".join("info@%s.example" % c for c in (
        "alpha-tools", "bravo-parts", "charlie-metal", "delta-plast",
        "echo-wood", "foxtrot-glass")),
    "Subject: funds for your company",
    "Date: Mon, 2 Mar 2026 10:00:00 +0000",
    "Message-ID: <grant-7749@funding-office.example>", "MIME-Version: 1.0",
    "Content-Type: multipart/alternative; boundary=\"h4\""],
    "--h4\nContent-Type: text/plain; charset=us-ascii\n\n"
    "Dear investor,\n\nUSD 12,500,000 is set aside for companies like "
    "yours. Our partners also help you lose weight.\n\n"
    "7749doNL1-136DfsE5701lGxl2-486pAKM7127\n"
    "--h4\nContent-Type: text/html; charset=us-ascii\n\n"
    "<html><body><font size=\"+4\">USD 12,500,000</font> is set aside for "
    "companies like yours.</body></html>\n--h4--\n")

# ------------------------------------------- today's mail programs, ham

msg("modern_outlook.eml", [
    "From: \"Jane Doe\" <jane@smallbiz.example>",
    "To: \"Bob\" <bob@client.example>",
    "Subject: Quote for the new website!",
    "Date: Mon, 2 Mar 2026 09:12:00 +0100",
    "Message-ID: <000001d9f2a1$3c0a2c40$b41e84c0$@smallbiz.example>",
    "MIME-Version: 1.0", "X-Mailer: Microsoft Outlook 16.0",
    "Thread-Index: AdnyoTwJ2eM5V0pRQy2bS0d3yqQ1Ag==",
    "Content-Type: multipart/alternative; boundary=\"nP0\""],
    "--nP0\nContent-Type: text/plain; charset=\"us-ascii\"\n\n"
    "Hi Bob,\n\nour quote: $1,200 for the whole site. Call 1-800-555-0199 "
    "with questions. Free hosting for a year!\n\nJane\n"
    "--nP0\nContent-Type: text/html; charset=\"us-ascii\"\n\n"
    "<html><body><p>Hi Bob,</p><p>our quote: $1,200 for the whole site. "
    "Call 1-800-555-0199 with questions. <b>Free hosting for a year!</b>"
    "</p><p>Jane</p></body></html>\n--nP0--\n")

# a shop's licence key and a colleague's meeting note to six people
msg("licence_key.eml", [
    "From: \"Tool Shop\" <orders@toolshop.example>",
    "To: \"Bob\" <bob@client.example>, ann@client.example, "
    "carl@partner.example, dora@other.example, emil@client.example, "
    "fay@partner.example",
    "Subject: Your licence key",
    "Date: Mon, 2 Mar 2026 09:12:00 +0100",
    "Message-ID: <order-1187@toolshop.example>", "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8"],
    "Hello Bob,\n\nthank you for your order of $1,250.00. Your licence key:"
    "\n\nQ7KX2-9MZP4-T3WVB-8RHN6-C5JDY\n\nYour download token:\n\n"
    "3f8a9c1d2e7b4a6f0c5d8e9a1b2c3d4e\n\nThe Tool Shop\n")

msg("modern_gmail.eml", [
    "MIME-Version: 1.0",
    "From: Jane Doe <jane.doe1987@gmail.com>",
    "Date: Mon, 2 Mar 2026 09:12:00 +0100",
    "Message-ID: <CAF7x=abcdEFGH1234567890@mail.gmail.com>",
    "Subject: Photos from Saturday!!!", "To: Bob <bob@client.example>",
    "Content-Type: multipart/alternative; boundary=\"00abc\""],
    "--00abc\nContent-Type: text/plain; charset=\"UTF-8\"\n\n"
    "Here are the photos: https://photos.example.com/abc123\n"
    "--00abc\nContent-Type: text/html; charset=\"UTF-8\"\n\n"
    "<div dir=\"ltr\">Here are the photos: <a href=\"https://photos."
    "example.com/abc123\">https://photos.example.com/abc123</a></div>\n"
    "--00abc--\n")

msg("modern_thunderbird.eml", [
    "Message-ID: <4b1e2c3d-5f6a-4b7c-8d9e-0f1a2b3c4d5e@smallbiz.example>",
    "Date: Mon, 2 Mar 2026 09:12:00 +0100", "MIME-Version: 1.0",
    "User-Agent: Mozilla Thunderbird",
    "Content-Language: de-DE", "To: Bob <bob@client.example>",
    "From: Jane Doe <jane@smallbiz.example>",
    "Subject: =?UTF-8?Q?Angebot_f=C3=BCr_die_neue_Website?=",
    "Content-Type: text/plain; charset=UTF-8; format=flowed",
    "Content-Transfer-Encoding: 8bit"],
    "Hallo Bob,\n\nanbei unser Angebot: 1.200 EUR f\u00fcr die ganze Seite. "
    "Ruf gern an!\n\nGr\u00fc\u00dfe\nJane\n")

msg("modern_iphone.eml", [
    "Content-Type: multipart/alternative; "
    "boundary=Apple-Mail-1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D",
    "Content-Transfer-Encoding: 7bit", "From: Jane Doe <jane@smallbiz.example>",
    "Mime-Version: 1.0 (1.0)", "Date: Mon, 2 Mar 2026 09:12:00 +0100",
    "Subject: Re: Meeting tomorrow",
    "Message-Id: <9F8E7D6C-5B4A-3928-1706-F5E4D3C2B1A0@smallbiz.example>",
    "In-Reply-To: <20260301170000.ABC123@client.example>",
    "To: Bob <bob@client.example>", "X-Mailer: iPhone Mail (21D61)"],
    "\n--Apple-Mail-1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "Content-Transfer-Encoding: 7bit\n\nSee you at 10!\n\nSent from my "
    "iPhone\n\n--Apple-Mail-1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D\n"
    "Content-Type: text/html; charset=us-ascii\n"
    "Content-Transfer-Encoding: 7bit\n\n<html><head><meta http-equiv="
    "\"content-type\" content=\"text/html; charset=us-ascii\"></head>"
    "<body dir=\"auto\">See you at 10!<br><br><div dir=\"ltr\">Sent from "
    "my iPhone</div></body></html>\n"
    "--Apple-Mail-1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D--\n")

# a web shop's contact form as WordPress sends it through PHPMailer:
# the visitor's (free mail) address in Reply-To, the fields as lines
msg("wordpress_form.eml", [
    "Date: Mon, 2 Mar 2026 09:12:00 +0000",
    "To: info@bakery-schmidt.example",
    "From: WordPress <wordpress@bakery-schmidt.example>",
    "Reply-To: Maria Visitor <maria.visitor77@gmail.com>",
    "Subject: [Bakery Schmidt] New message from the contact form",
    "Message-ID: <Xk3J9aQ2bC7dE1fG5hI8jK0lM4nO6pQ@bakery-schmidt.example>",
    "X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)",
    "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit"],
    "Name: Maria Visitor\nEmail: maria.visitor77@gmail.com\n"
    "Phone: +49 89 1234567\nSubject: Order for Saturday\n\nMessage:\n"
    "Hello, can I order a Stollen for Saturday? Please call me back!\n\n"
    "--\nThis e-mail was sent from a contact form on Bakery Schmidt "
    "(https://bakery-schmidt.example)\n")

# an office printer's scan to e-mail: no mail program named, a PDF
msg("scan_to_email.eml", [
    "From: Office Printer <scanner@smallbiz.example>",
    "To: jane@smallbiz.example", "Subject: Scanned document",
    "Date: Mon, 2 Mar 2026 09:12:00 +0100",
    "Message-ID: <1740903120.0042@MFP-4F21.smallbiz.example>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"scan42\""],
    "--scan42\nContent-Type: text/plain; charset=us-ascii\n\n"
    "Please open the attached document. It was scanned and sent to you "
    "using a multifunction printer.\n\nNumber of pages: 2\n"
    "Document type: PDF\n--scan42\nContent-Type: application/pdf; "
    "name=\"scan_0042.pdf\"\nContent-Transfer-Encoding: base64\n"
    "Content-Disposition: attachment; filename=\"scan_0042.pdf\"\n\n"
    + base64.encodebytes(b"%PDF-1.4\n" + b"scan" * 200).decode() +
    "--scan42--\n")

msg("modern_newsletter.eml", [
    "From: \"Bakery Schmidt\" <news@bakery-schmidt.example>",
    "To: customer@example.org",
    "Subject: Our Christmas offers are here!",
    "Date: Mon, 2 Mar 2026 09:12:00 +0100",
    "Message-ID: <20260302081200.12345@bakery-schmidt.example>",
    "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8",
    "List-Unsubscribe: <mailto:unsubscribe@bakery-schmidt.example>"],
    "<html><body><h1>Christmas at Bakery Schmidt!</h1>"
    "<p>Order your Stollen now: <a href=\"https://bakery-schmidt.example/"
    "order\">click here</a>. Free delivery, act now: limited time only!"
    "</p><p><font color=\"#c00\">Save 20% this week.</font></p>"
    "<p>If you no longer wish to receive our newsletter, <a href=\"https:"
    "//bakery-schmidt.example/unsub\">unsubscribe</a>.</p></body></html>\n")

# a hotfix of three files of a theme: a project's sources beside the
# script, no lure
multipart("hotfix_zip.eml", "checkout fix", [TEXT, (
    ["Content-Type: application/zip; name=\"child-1.4.3.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"child-1.4.3.zip\""],
    zipped([("child/style.css", "x\n"), ("child/functions.php", "x\n"),
            ("child/js/checkout.js", "x\n")]))])
# web pages and images that run something when opened
multipart("page_login.eml", "remittance advice", [TEXT, (
    ["Content-Type: text/html; name=\"Remittance_0419.html\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"Remittance_0419.html\""],
    base64.encodebytes(
        b"<html><body><form action=\"https://viewer.example/next.php\" "
        b"method=\"post\"><input name=\"email\" value=\"bob@example.org\">"
        b"<INPUT TYPE = 'Password' name=\"p\"><button>View</button>"
        b"</form></body></html>\n").decode())])
multipart("page_svg.eml", "voicemail", [TEXT, (
    ["Content-Type: image/svg+xml; name=\"VM_0047.svg\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"VM_0047.svg\""],
    base64.encodebytes(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script><![CDATA["
        b"window.location='https://player.example/?e='+atob('Ym9i');"
        b"]]></script></svg>\n").decode())])
multipart("svg_logo.eml", "our new logo", [TEXT, (
    ["Content-Type: image/svg+xml; name=\"logo.svg\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"logo.svg\""],
    base64.encodebytes(
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" "
        b"height=\"40\"><title>Bakery Schmidt</title><path d=\"M0 0h40v40H0z"
        b"\" fill=\"#c00\"/><text x=\"48\" y=\"28\">Schmidt</text></svg>\n")
    .decode())])
multipart("onenote.eml", "scanned document", [TEXT, (
    ["Content-Type: application/octet-stream; name=\"Scan_0931.one\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"Scan_0931.one\""],
    base64.encodebytes(b"\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d" + b"\x00" * 56)
    .decode())])

# QR codes in images (qrencode and netpbm's pngtopnm and pnmtojpeg make
# them; only this part needs those programs)
def qr_png(url, scale=6):
    import subprocess
    return subprocess.run(["qrencode", "-s", str(scale), "-o", "-", url],
                          check=True, stdout=subprocess.PIPE).stdout


def png_to_jpeg(png):
    import subprocess
    pnm = subprocess.run(["pngtopnm"], input=png, check=True,
                         stdout=subprocess.PIPE).stdout
    return subprocess.run(["pnmtojpeg"], input=pnm, check=True,
                          stdout=subprocess.PIPE).stdout


def image_part(name, ctype, data):
    return (["Content-Type: %s; name=\"%s\"" % (ctype, name),
             "Content-Transfer-Encoding: base64",
             "Content-Disposition: attachment; filename=\"%s\"" % name],
            base64.encodebytes(data).decode())


SCAN = (["Content-Type: text/plain; charset=utf-8"],
        "Scan the code with your phone.\n")
multipart("qr_png.eml", "benefits", [SCAN, image_part(
    "code.png", "image/png", qr_png("https://mfa-renew.lure.example/t/8f3a"))])
multipart("qr_jpeg.eml", "benefits", [SCAN, image_part(
    "code.jpg", "application/octet-stream",
    png_to_jpeg(qr_png("https://mfa-renew.lure.example/t/8f3a")))])
# the sender's own site (H's From is alice@example.com)
multipart("qr_own.eml", "our new menu", [SCAN, image_part(
    "menu.png", "image/png", qr_png("https://www.example.com/menu"))])
# six codes: four are read
multipart("qr_many.eml", "codes", [SCAN] + [image_part(
    "c%d.png" % i, "image/png", qr_png("https://c%d.lure.example/" % i))
    for i in range(6)])
# an image that is not one
multipart("qr_broken.eml", "broken", [SCAN, image_part(
    "bad.png", "image/png", qr_png("https://x.lure.example/")[:60]),
    image_part("bad.jpg", "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 40)])


def pdf_with_link(url):
    return ("%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
            "/Annots[4 0 R]>>endobj\n"
            "4 0 obj<</Type/Annot/Subtype/Link/Rect[100 600 300 640]"
            "/A<</S/URI/URI (%s)>>>>endobj\ntrailer<</Root 1 0 R>>\n"
            "%%%%EOF\n" % url).encode()


INVOICE = (["Content-Type: text/plain; charset=utf-8"],
           "Please find the invoice attached.\n")
# a PDF whose button goes to a page host; one whose link is the sender's
multipart("pdf_lure.eml", "invoice", [INVOICE, image_part(
    "Invoice_0412.pdf", "application/pdf",
    pdf_with_link("https://invoice-view.pages.dev/d/0412"))])
multipart("pdf_own.eml", "invoice", [INVOICE, image_part(
    "Invoice_0412.pdf", "application/pdf",
    pdf_with_link("https://www.example.com/pay?inv=0412"))])
def pdf_object_streams(pdf):
    """pdf rewritten as qpdf writes PDF 1.5 (Word and Ghostscript alike):
    its objects deflated in an object stream"""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        src, dst = d + "/in.pdf", d + "/out.pdf"
        with open(src, "wb") as f:
            f.write(pdf)
        subprocess.run(["qpdf", "--deterministic-id",
                        "--object-streams=generate", "--compress-streams=y",
                        "--warning-exit-0", src, dst], check=True,
                       stderr=subprocess.DEVNULL)
        with open(dst, "rb") as f:
            return f.read()


# the same lure with its link in a compressed object stream
multipart("pdf_objstm_lure.eml", "invoice", [INVOICE, image_part(
    "Invoice_0412.pdf", "application/pdf", pdf_object_streams(
        pdf_with_link("https://invoice-view.pages.dev/d/0412")))])
# a QR code to a free page host
multipart("qr_lure.eml", "benefits", [SCAN, image_part(
    "code.png", "image/png", qr_png("https://mfa-renew.pages.dev/t/8f3a"))])


def pdf_with_file(name, launch=False):
    return ("%%PDF-1.7\n1 0 obj<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>"
            "%s>>endobj\n2 0 obj<</Names[(f) 3 0 R]>>endobj\n"
            "3 0 obj<</Type/Filespec/F(%s)/UF(%s)/EF<</F 4 0 R>>>>endobj\n"
            "4 0 obj<</Type/EmbeddedFile/Filter/FlateDecode/Length 1>>"
            "stream\nx\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n"
            % ("/OpenAction<</S/Launch/F(cmd.exe)>>" if launch else "",
               name, name)).encode()


# a program inside a PDF, and a PDF that launches one; an e-invoice's XML
multipart("pdf_exe.eml", "invoice", [INVOICE, image_part(
    "Invoice_0412.pdf", "application/pdf",
    pdf_with_file("Invoice_0412.pdf.exe"))])
multipart("pdf_launch.eml", "invoice", [INVOICE, image_part(
    "Invoice_0412.pdf", "application/pdf",
    pdf_with_file("readme.txt", launch=True))])
multipart("pdf_facturx.eml", "invoice", [INVOICE, image_part(
    "RE-2026-0412.pdf", "application/pdf", pdf_with_file("factur-x.xml"))])


def archive(name):
    with open("../archive/" + name, "rb") as f:
        return f.read()


# a program in a 7-Zip archive (7-Zip's defaults: the names in an
# LZMA-coded header), and one whose names are encrypted
multipart("sevenzip_exe.eml", "invoice", [INVOICE, image_part(
    "Rechnung.7z", "application/x-7z-compressed", archive("lzma2.7z"))])
multipart("sevenzip_hidden.eml", "invoice", [INVOICE, image_part(
    "Rechnung.7z", "application/x-7z-compressed",
    archive("encrypted-header.7z"))])


def page_part(name, html):
    return (["Content-Type: text/html; charset=utf-8; name=\"%s\"" % name,
             "Content-Transfer-Encoding: base64",
             "Content-Disposition: attachment; filename=\"%s\"" % name],
            base64.encodebytes(html.encode()).decode())


# HTML smuggling: the page carries an archive as base64 and its script
# makes the file in the browser; once with the script first, once with
# the script after 300 KB of payload (read from the page's end)
PAYLOAD = base64.b64encode(bytes(range(256)) * 400).decode()
SMUGGLER = ("var b=new Blob([Uint8Array.from(atob(d),function(c){return "
            "c.charCodeAt(0)})],{type:'application/octet-stream'});"
            "var a=document.createElement('a');"
            "a.href=URL.createObjectURL(b);a.download='Invoice_0412.zip';"
            "document.body.appendChild(a);a.click();")
multipart("smuggle_zip.eml", "invoice", [INVOICE, page_part(
    "Invoice_0412.html", "<html><body><p>Downloading your document..."
    "</p><script>var d='%s';%s</script></body></html>" % (PAYLOAD[:90000],
                                                          SMUGGLER))])
multipart("smuggle_tail.eml", "invoice", [INVOICE, page_part(
    "Scan_0412.html", "<html><body><div id=\"d\" hidden>%s</div><script>"
    "var d=document.getElementById('d').textContent;var b=new Blob("
    "[Uint8Array.from(atob(d),function(c){return c.charCodeAt(0)})]);"
    "if(navigator.msSaveOrOpenBlob){navigator.msSaveOrOpenBlob(b,"
    "\"Scan_0412.iso\")}else{var a=document.createElement('a');a.href="
    "URL.createObjectURL(b);a.download=\"Scan_0412.iso\";a.click()}"
    "</script></body></html>" % (PAYLOAD * 3)[:300000])])
# a report page whose button saves its table as CSV, and a chart page
# that saves its image: files made in the browser, but no program
multipart("page_report_csv.eml", "the report", [TEXT, page_part(
    "report.html", "<html><body><table><tr><td>1</td></tr></table>"
    "<button onclick=\"save()\">Download CSV</button><script>function "
    "save(){var b=new Blob(['a,b\\n1,2\\n'],{type:'text/csv'});var a="
    "document.createElement('a');a.href=URL.createObjectURL(b);"
    "a.download='report_2026-11.csv';a.click();}</script></body></html>")])
multipart("page_chart_png.eml", "the chart", [TEXT, page_part(
    "chart.html", "<html><body><div id=\"plot\"></div><script>"
    "function downloadImage(){var blob=new Blob([svg],{type:"
    "'image/svg+xml'});var url=URL.createObjectURL(blob);var a="
    "document.createElement('a');a.download='newplot.png';a.href=url;"
    "a.click();}var lib='jquery.min.js';</script></body></html>")])


def invite(uid, summary, description, url):
    """an iCalendar REQUEST as Outlook writes it: 75-octet lines folded,
    the description's newlines and commas escaped"""
    def fold(line):
        out = line[:75]
        line = line[75:]
        while line:
            out += "\r\n " + line[:74]
            line = line[74:]
        return out
    lines = ["BEGIN:VCALENDAR", "METHOD:REQUEST",
             "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0",
             "BEGIN:VEVENT", "UID:" + uid,
             "SUMMARY;LANGUAGE=en-US:" + summary,
             "DTSTART:20261201T090000Z", "DTEND:20261201T093000Z",
             fold("DESCRIPTION;LANGUAGE=en-US:" + description.replace(
                 ",", "\\,").replace("\n", "\\n") + "\\n" + url + "\\n"),
             "LOCATION:Online meeting", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


def invite_mail(name, subject, body, ics):
    b = "----=_alt_42"
    text = ("This is a multi-part message in MIME format.\n--" + b +
            "\nContent-Type: text/plain; charset=utf-8\n\n" + body +
            "\n--" + b + "\nContent-Type: text/calendar; charset=utf-8; "
            "method=REQUEST\nContent-Transfer-Encoding: base64\n\n" +
            base64.encodebytes(ics.encode()).decode() + "--" + b + "--\n")
    msg(name, H + ["Subject: " + subject,
                   "Content-Type: multipart/alternative; boundary=\"%s\"" %
                   b], text)


# a meeting invite whose join link is a page host's lure, folded in the
# middle as Outlook folds it; and a real Teams invite
invite_mail("ics_lure.eml", "Q4 salary review - action required",
            "You have been invited to a meeting.\n",
            invite("040000008200E00074C5B7101A82E008", "Q4 salary review",
                   "Join the meeting, sign in with your work account to "
                   "view the review document.",
                   "https://teams-meeting-join.pages.dev/l/meetup-join/"
                   "19%3ameeting_NGQ1ZTk3YjQtMDA1Yi00@thread.v2/0"))
invite_mail("ics_teams.eml", "Weekly sync", "You have been invited to a "
            "meeting.\n",
            invite("040000008200E00074C5B7101A82E009", "Weekly sync",
                   "Microsoft Teams meeting. Join on your computer or "
                   "mobile app.",
                   "https://teams.microsoft.com/l/meetup-join/19%3ameeting"
                   "_NGQ1ZTk3YjQtMDA1Yi00@thread.v2/0"))


def docx(link):
    """a one-paragraph Word document whose text is a hyperlink, as Word
    writes it: the target in word/_rels/document.xml.rels"""
    b = io.BytesIO()
    parts = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" '
         'standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/'
         'package/2006/content-types"><Default Extension="rels" ContentType='
         '"application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/><Override '
         'PartName="/word/document.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.wordprocessingml.document.main+xml"'
         '/></Types>'),
        ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone='
         '"yes"?><Relationships xmlns="http://schemas.openxmlformats.org/'
         'package/2006/relationships"><Relationship Id="rId1" Type="http:'
         '//schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>'),
        ("word/document.xml", '<?xml version="1.0" encoding="UTF-8" '
         'standalone="yes"?><w:document xmlns:w="http://schemas.'
         'openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships">'
         '<w:body><w:p><w:hyperlink r:id="rId5"><w:r><w:t>View the '
         'document online</w:t></w:r></w:hyperlink></w:p></w:body>'
         '</w:document>'),
        ("word/_rels/document.xml.rels", '<?xml version="1.0" encoding='
         '"UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship '
         'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
         '2006/relationships/styles" Target="styles.xml"/><Relationship '
         'Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/'
         '2006/relationships/hyperlink" Target="%s" TargetMode="External"/>'
         '</Relationships>' % link.replace("&", "&amp;"))]
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts:
            z.writestr(zipfile.ZipInfo(n, (2026, 11, 28, 10, 0, 0)), data,
                       zipfile.ZIP_DEFLATED)
    return b.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml." \
    "document"
# a Word document whose one line links to a page host; one that links to
# the sender's own site
multipart("docx_lure.eml", "invoice", [INVOICE, image_part(
    "Invoice_0412.docx", DOCX,
    docx("https://sharepoint-docs.pages.dev/view?id=0412&u=1"))])
multipart("docx_own.eml", "invoice", [INVOICE, image_part(
    "Invoice_0412.docx", DOCX, docx("https://www.example.com/terms"))])


# tar and gzip: a tar's member names as POSIX ustar (with its name
# prefix), GNU (long names in an 'L' entry) and pax ('x' records) write
# them; a gzip names its one file in its header, or the attachment's name
# does ("scan.js.gz")
def tarred(members, fmt):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=fmt) as t:
        for n, data in members:
            i = tarfile.TarInfo(n)
            i.size, i.mtime, i.mode = len(data), 1795860000, 0o644
            t.addfile(i, io.BytesIO(data))
    return b.getvalue()


def gzipped(data, name=""):
    b = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=b, mtime=0) as g:
        g.write(data)
    return b.getvalue()


LONG = "Rechnungen/2026/November/Kunde-0412/" + "Anlagen-" * 10
GZ = "application/gzip"
multipart("tgz_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar.gz", GZ, gzipped(tarred(
        [("readme.txt", b"read me\n"), ("invoice.pdf.exe", b"MZ")],
        tarfile.USTAR_FORMAT)))])
multipart("tar_gnu_long_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", tarred(
        [(LONG + "/invoice.pdf.exe", b"MZ")], tarfile.GNU_FORMAT))])
multipart("tar_pax_long_js.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", tarred(
        [(LONG + "/invoice.js", b"var x = 1;\n")], tarfile.PAX_FORMAT))])
multipart("gz_js.eml", "scan", [TEXT, image_part(
    "scan_0412.js.gz", GZ, gzipped(b"var x = 1;\n"))])
multipart("gz_named_exe.eml", "scan", [TEXT, image_part(
    "scan_0412.gz", GZ, gzipped(b"MZ", "scan_0412.pdf.exe"))])
# a tar.gz inside the zip, the program in the tar
multipart("zip_tgz_exe.eml", "backup", [TEXT, (
    ["Content-Type: application/zip; name=\"documents.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"documents.zip\""],
    zipped([("readme.txt", "read me"), ("backup.tgz", gzipped(tarred(
        [("docs/run.exe", b"MZ")], tarfile.USTAR_FORMAT)))]))])
# a project's sources as a tarball: no program, nothing fires
multipart("tgz_docs.eml", "the reports", [TEXT, image_part(
    "reports-2026.tar.gz", GZ, gzipped(tarred(
        [(LONG + "/q%d.pdf" % q, b"%PDF-1.4\n") for q in range(1, 5)],
        tarfile.USTAR_FORMAT)))])


# ways to put a name past a reader: a second gzip member (RFC 1952
# allows several, gunzip joins them), a harmless name in the gzip header
# of an attachment gunzip names after itself, 300 empty files before the
# program, a hard link, a pax global header's path, a damaged first
# header that GNU tar skips
def tar_parts(members, fmt=tarfile.USTAR_FORMAT, types=None):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=fmt) as t:
        for k, (n, data) in enumerate(members):
            i = tarfile.TarInfo(n)
            i.size, i.mtime, i.mode = len(data), 1795860000, 0o644
            if types and k in types:
                i.type, i.linkname, i.size = types[k]
                t.addfile(i)
            else:
                t.addfile(i, io.BytesIO(data))
    return b.getvalue()


SPLIT = tarred([("readme.txt", b"read me\n" * 40),
                ("invoice.pdf.exe", b"MZ")], tarfile.USTAR_FORMAT)
multipart("tgz_two_members_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar.gz", GZ, gzipped(SPLIT[:300]) + gzipped(SPLIT[300:]))])
multipart("gz_header_lies_exe.eml", "invoice", [TEXT, image_part(
    "invoice.pdf.exe.gz", GZ, gzipped(b"MZ", "readme.txt"))])
MANY = [("f%03d.txt" % k, b"") for k in range(300)]
multipart("tgz_many_then_exe.eml", "invoice", [TEXT, image_part(
    "files.tar.gz", GZ, gzipped(tarred(MANY + [("zz.pdf.exe", b"MZ")],
                                       tarfile.USTAR_FORMAT)))])
multipart("zip_many_then_exe.eml", "invoice", [TEXT, (
    ["Content-Type: application/zip; name=\"files.zip\"",
     "Content-Transfer-Encoding: base64",
     "Content-Disposition: attachment; filename=\"files.zip\""],
    zipped([(n, "") for n, _ in MANY] + [("zz.pdf.exe", "MZ")]))])
multipart("tar_hardlink_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", tar_parts(
        [("data.txt", b"MZ"), ("invoice.pdf.exe", b"")],
        types={1: (tarfile.LNKTYPE, "data.txt", 0)}))])
GLOBAL = tarfile.TarInfo("pax_global_header")
GLOBAL.type, GLOBAL.mtime = tarfile.XGLTYPE, 1795860000
GLOBAL.pax_headers = {"path": "invoice.pdf.exe"}


def tar_global_path():
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.PAX_FORMAT) as t:
        t.addfile(GLOBAL)
        i = tarfile.TarInfo("readme.txt")
        i.size, i.mtime, i.mode = 2, 1795860000, 0o644
        t.addfile(i, io.BytesIO(b"MZ"))
    return b.getvalue()


multipart("tar_global_path_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", tar_global_path())])
DAMAGED = bytearray(tarred([("cover.txt", b"x"), ("invoice.pdf.exe", b"MZ")],
                           tarfile.USTAR_FORMAT))
DAMAGED[148:156] = b"0000000\0"    # the first header's checksum
multipart("tar_damaged_first_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", bytes(DAMAGED))])


# more: 320 scripts first (they do not count among a project's files),
# gunzip's other suffix, pax records as GNU tar reads them (the last
# path, pax over a GNU long name, GNU's sparse name), a type letter GNU
# tar extracts as a file, a V7 header after a damaged block, zip64's end
# record, an end record that counts too few entries, and the Unicode
# Path extra field unzip writes the file under
JS = [("js/%03d.js" % k, b"") for k in range(320)]
multipart("tar_scripts_then_exe.eml", "invoice", [TEXT, image_part(
    "files.tar", "application/x-tar",
    tarred(JS + [("zz.pdf.exe", b"MZ")], tarfile.USTAR_FORMAT))])
multipart("gz_z_suffix_exe.eml", "invoice", [TEXT, image_part(
    "invoice.pdf.exe.z", GZ, gzipped(b"MZ", "readme.txt"))])


def pax_block(records):
    body = b""
    for k, v in records:
        rec = b" %s=%s\n" % (k, v)
        n = len(rec) + 1
        while len(str(n)) + len(rec) != n:
            n += 1
        body += str(n).encode() + rec
    return body


def raw_tar(entries):
    """entries: (name, type, data), headers by tarfile, in this order"""
    out = b""
    for name, typ, data in entries:
        i = tarfile.TarInfo(name)
        i.size, i.mtime, i.mode, i.type = len(data), 1795860000, 0o644, typ
        out += i.tobuf(tarfile.USTAR_FORMAT) + data + \
            b"\0" * (-len(data) % 512)
    return out + b"\0" * 1024


multipart("tar_pax_last_path_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", raw_tar([
        ("PaxHeader", b"x", pax_block([(b"path", b"readme.txt"),
                                       (b"path", b"invoice.pdf.exe")])),
        ("readme.txt", b"0", b"MZ")]))])
multipart("tar_pax_over_gnu_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", raw_tar([
        ("PaxHeader", b"x", pax_block([(b"path", b"invoice.pdf.exe")])),
        ("././@LongLink", b"L", b"readme-with-a-long-name.txt\0"),
        ("readme.txt", b"0", b"MZ")]))])
multipart("tar_sparse_name_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", raw_tar([
        ("PaxHeader", b"x", pax_block([(b"GNU.sparse.name",
                                        b"invoice.pdf.exe")])),
        ("GNUSparseFile.0/readme.txt", b"0", b"MZ")]))])
multipart("tar_unknown_type_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar", raw_tar([
        ("invoice.pdf.exe", b"Z", b"MZ")]))])
def v7_header(name, size):
    """an old-style header: no ustar magic, its checksum made again"""
    i = tarfile.TarInfo(name)
    i.size, i.mtime, i.mode = size, 1795860000, 0o644
    h = bytearray(i.tobuf(tarfile.USTAR_FORMAT)[:512])
    h[257:265] = b"\0" * 8
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


multipart("tar_v7_after_damage_exe.eml", "invoice", [TEXT, image_part(
    "invoice.tar", "application/x-tar",
    b"\x01" * 512 + v7_header("invoice.pdf.exe", 2) + b"MZ" +
    b"\0" * 510 + b"\0" * 1024)])


def zip64_small():
    old = zipfile.ZIP_FILECOUNT_LIMIT
    zipfile.ZIP_FILECOUNT_LIMIT = 1    # the zip64 end record, as for
    try:                               # more than 65,535 entries
        return base64.b64decode(zipped([("readme.txt", "read me"),
                                        ("invoice.pdf.exe", "MZ")]))
    finally:
        zipfile.ZIP_FILECOUNT_LIMIT = old


multipart("zip64_end_exe.eml", "invoice", [TEXT, image_part(
    "files.zip", "application/zip", zip64_small())])
SHORT = bytearray(base64.b64decode(zipped([("readme.txt", "read me"),
                                           ("invoice.pdf.exe", "MZ")])))
SHORT[-22 + 8:-22 + 12] = b"\x01\x00\x01\x00"     # "1 entry"
multipart("zip_count_low_exe.eml", "invoice", [TEXT, image_part(
    "files.zip", "application/zip", bytes(SHORT))])


def zip_unicode_path():
    b = io.BytesIO()
    plain = "readme.txt"
    real = "invoice.pdf.exe".encode()
    extra = struct.pack("<HHBI", 0x7075, 5 + len(real), 1,
                        zlib.crc32(plain.encode())) + real
    with zipfile.ZipFile(b, "w") as z:
        i = zipfile.ZipInfo(plain, (2026, 11, 28, 10, 0, 0))
        i.extra = extra
        z.writestr(i, "MZ")
    return b.getvalue()


multipart("zip_unicode_path_exe.eml", "invoice", [TEXT, image_part(
    "files.zip", "application/zip", zip_unicode_path())])
