"""gen_ham.py - the legitimate half of the modern outgoing-mail set: what a small
business's hosting account sends in 2026, each message shaped as the named
mail program writes it. Writes ham/NN_name.eml (see gen_lib.OUT)."""
import sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_lib import *

D = "alpenglow-outfitters.de"
SHOP = "shop." + D
ANNA = "Anna Berger <anna.berger@%s>" % D
TOM = "Tom Keller <tom.keller@%s>" % D
INFO = "Alpenglow Outfitters <info@%s>" % D
SHOPFROM = "Alpenglow Outfitters Shop <shop@%s>" % D
H = "ham"

# 01 Thunderbird plain reply with quote
m = base(ANNA, "Markus Vogel <m.vogel@vogel-bergsport.ch>", "Re: Nachbestellung Rucksäcke Modell Kaiser 32L", 30)
m["In-Reply-To"] = "<9f1c2e7a-33b1-4d2a-bb0c-1e2f3a4b5c6d@vogel-bergsport.ch>"
m["References"] = m["In-Reply-To"]
thunderbird(m, """Hallo Markus,

danke für deine Nachricht. Die 24 Stück Kaiser 32L in Anthrazit können wir
bis KW 51 liefern, die grüne Variante erst wieder ab Mitte Januar.
Soll ich die Anthrazit schon mal vorab schicken?

Viele Grüße
Anna

--
Anna Berger | Einkauf & Vertrieb
Alpenglow Outfitters GmbH | Hauptstraße 12 | 83471 Berchtesgaden
Tel. +49 8652 123456 | www.alpenglow-outfitters.de

Am 26.11.2026 um 09:14 schrieb Markus Vogel:
> Hallo Anna,
>
> wir bräuchten für das Weihnachtsgeschäft nochmals 24 Stück vom Kaiser 32L,
> gerne gemischt Anthrazit/Grün. Geht sich das noch aus?
>
> Gruss
> Markus
""")
save(m, H, "01_thunderbird_reply_de")

# 02 Thunderbird with PDF offer
m = base(TOM, "einkauf@alpenverein-sektion-rosenheim.de", "Angebot Vereinsausstattung 2027 (Nr. AN-2026-0412)", 50)
thunderbird(m, """Sehr geehrte Damen und Herren,

anbei erhalten Sie wie besprochen unser Angebot für die Vereinsausstattung
2027 (40 Softshelljacken mit Stick, 40 Funktionsshirts).

Das Angebot ist bis 31.12.2026 gültig. Bei Fragen rufen Sie mich gerne an.

Mit freundlichen Grüßen
Tom Keller
Alpenglow Outfitters GmbH
""")
attach(m, "Angebot_AN-2026-0412_Alpenverein_Rosenheim.pdf", pdf_bytes("Angebot"))
save(m, H, "02_thunderbird_offer_pdf")

# 03 Outlook meeting notes, 8 Cc
cc = ", ".join("%s <%s@%s>" % (n, n.lower().replace(" ", "."), D) for n in
               ["Lisa Hartmann", "Jonas Weber", "Sabine Roth", "Felix Braun", "Miriam Koch", "Daniel Wolf", "Eva Schmid"])
m = base("Stefan Huber <stefan.huber@%s>" % D, "Team Vertrieb <vertrieb@%s>" % D, "Protokoll Vertriebsmeeting 27.11.", 20, cc=cc)
outlook(m, """Hallo zusammen,

anbei das Protokoll vom gestrigen Meeting:

1. Weihnachtsaktion: Start 1.12., Newsletter geht am Montag raus (Lisa).
2. Lagerbestand Daunenjacken kritisch, Nachbestellung bei Lieferant bis Freitag (Jonas).
3. Messe ISPO 2027: Standplanung bis 15.12. (Sabine, Felix).
4. Retourenquote Online-Shop gestiegen (8,4 %), Ursachenanalyse (Miriam).

Nächstes Meeting: 11.12., 10:00 Uhr, Besprechungsraum 2.

Viele Grüße
Stefan

Stefan Huber
Vertriebsleitung
Alpenglow Outfitters GmbH""")
save(m, H, "03_outlook_meeting_notes_cc")

# 04 Outlook to 30 parents (club), all in To
parents = ", ".join("<%s@%s>" % (u, dm) for u, dm in [
    ("familie.maier", "t-online.de"), ("k.schuster", "gmx.de"), ("petra.lang", "web.de"), ("hofmann.j", "gmail.com"),
    ("sandra.ziegler", "outlook.de"), ("m.frank", "gmx.net"), ("thomas.bauer78", "web.de"), ("nina.klein", "icloud.com"),
    ("r.wagner", "freenet.de"), ("julia.schulz", "gmx.de"), ("a.neumann", "t-online.de"), ("c.schwarz", "web.de"),
    ("fam.zimmermann", "gmx.de"), ("b.krueger", "gmail.com"), ("sabine.hartl", "aol.com"), ("lorenz.p", "posteo.de"),
    ("kathrin.moser", "gmx.at"), ("d.fuchs", "web.de"), ("s.winter", "mailbox.org"), ("h.lehmann", "t-online.de"),
    ("marion.vogt", "gmx.de"), ("stefan.kaiser", "gmail.com"), ("u.seidel", "web.de"), ("tanja.brandt", "yahoo.de"),
    ("i.graf", "gmx.de"), ("familie.huber", "web.de"), ("m.pohl", "t-online.de"), ("e.berg", "gmx.de"),
    ("jan.roth", "outlook.com"), ("k.haas", "web.de")])
m = base("Sabine Roth <sabine.roth@%s>" % D, parents, "Kinder-Klettercamp 2027 - Infos und Anmeldung", 70)
outlook(m, """Liebe Eltern,

vielen Dank für das tolle Klettercamp im Sommer! Auch 2027 veranstalten wir
wieder unser Kinder-Klettercamp (8-12 Jahre) vom 2. bis 6. August.

Die Anmeldung ist ab sofort über unsere Webseite möglich:
https://www.alpenglow-outfitters.de/klettercamp-2027

Geschwisterkinder erhalten 10 % Ermäßigung. Bitte meldet euch bis
31. Januar an, die Plätze sind begrenzt.

Herzliche Grüße
Sabine Roth
Alpenglow Outfitters - Kurse & Events""")
save(m, H, "04_outlook_30_parents")

# 05 Apple Mail reply, Spanish
m = base("Carlos Ruiz <carlos.ruiz@%s>" % D, "Lucía Fernández <lucia@montanasdelsur.es>", "Re: Pedido de muestras para la temporada 2027", 15)
applemail(m, """Hola Lucía:

Gracias por tu correo. Te enviamos las muestras de las chaquetas Kaiser y
Watzmann esta semana por mensajería. Deberías recibirlas el martes.

Si necesitas tallas adicionales, dímelo y las añadimos al envío.

Un saludo,
Carlos

> El 27 nov 2026, a las 11:02, Lucía Fernández <lucia@montanasdelsur.es> escribió:
>
> Hola Carlos, ¿podríais enviarnos muestras de la nueva colección?
""", html="""<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">Hola Lucía:<div><br></div><div>Gracias por tu correo. Te enviamos las muestras de las chaquetas Kaiser y Watzmann esta semana por mensajería. Deberías recibirlas el martes.</div><div><br></div><div>Si necesitas tallas adicionales, dímelo y las añadimos al envío.</div><div><br></div><div>Un saludo,</div><div>Carlos</div><div><br><blockquote type="cite"><div>El 27 nov 2026, a las 11:02, Lucía Fernández &lt;lucia@montanasdelsur.es&gt; escribió:</div><br><div>Hola Carlos, ¿podríais enviarnos muestras de la nueva colección?</div></blockquote></div></body></html>""")
m.replace_header("Content-Type", m["Content-Type"]) if False else None
save(m, H, "05_applemail_reply_es")

# 06 iPhone short
m = base(TOM, "Anna Berger <anna.berger@%s>" % D, "Messe", 3)
applemail(m, "Bin in 20 Min am Stand, kannst du die Kataloge mitbringen?\n\nVon meinem iPhone gesendet\n", iphone=True)
save(m, H, "06_iphone_short")

# 07 Gmail web via send-as, French
m = base("Claire Dubois <claire.dubois@%s>" % D, "Julien Martin <j.martin@refuge-du-lac.fr>", "Devis n° 2026-118 - équipement du refuge", 28)
gmail_web(m, """Bonjour Julien,

Suite à notre conversation téléphonique, vous trouverez ci-joint le devis
pour l'équipement du refuge (20 sacs de couchage, 20 matelas, 4 réchauds).

La livraison peut être effectuée avant le 15 décembre si vous confirmez la
commande d'ici vendredi.

Bien cordialement,
Claire Dubois
Service export - Alpenglow Outfitters
""")
attach(m, "Devis_2026-118_Refuge_du_Lac.pdf", pdf_bytes("Devis"))
save(m, H, "07_gmail_sendas_fr_pdf")

# 08 WooCommerce password reset
m = base(SHOPFROM, "kunde.mueller@gmx.de", "[Alpenglow Outfitters] Passwort zurücksetzen / Password reset request", 1)
phpmailer(m, """Hi Daniel,

Someone has requested a new password for the following account on Alpenglow Outfitters:

Username: daniel.mueller

If you didn't make this request, just ignore this email. If you'd like to proceed, click the link below to reset your password:

https://shop.alpenglow-outfitters.de/mein-konto/lost-password/?key=xK8pQ2vR7mN4tL1sZ9wY&id=4182

This link expires within 24 hours.

Thanks for reading.
""", html="""<!DOCTYPE html><html lang="de-DE"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>Alpenglow Outfitters</title></head>
<body leftmargin="0" marginwidth="0" topmargin="0" marginheight="0" offset="0"><table width="100%" id="outer_wrapper"><tr><td><div id="wrapper" dir="ltr">
<table border="0" cellpadding="0" cellspacing="0" width="100%"><tr><td align="center" valign="top"><div id="template_header_image"><p style="margin-top:0;"><img src="https://shop.alpenglow-outfitters.de/wp-content/uploads/2024/03/logo-mail.png" alt="Alpenglow Outfitters" /></p></div>
<table border="0" cellpadding="0" cellspacing="0" width="600" id="template_container"><tr><td align="center" valign="top"><table id="template_header"><tr><td id="header_wrapper"><h1 style="color:#ffffff;background-color:#2d5f3f;">Password Reset Request</h1></td></tr></table></td></tr>
<tr><td align="center" valign="top"><table id="template_body"><tr><td valign="top" id="body_content"><div id="body_content_inner">
<p>Hi Daniel,</p><p>Someone has requested a new password for the following account on Alpenglow Outfitters:</p><p>Username: daniel.mueller</p>
<p>If you didn't make this request, just ignore this email. If you'd like to proceed:</p>
<p><a class="link" href="https://shop.alpenglow-outfitters.de/mein-konto/lost-password/?key=xK8pQ2vR7mN4tL1sZ9wY&amp;id=4182">Click here to reset your password</a></p>
<p>This link expires within 24 hours.</p><p>Thanks for reading.</p></div></td></tr></table></td></tr></table>
<table id="template_footer"><tr><td><p>Alpenglow Outfitters &mdash; Built with <a href="https://woocommerce.com">WooCommerce</a></p></td></tr></table></td></tr></table></div></td></tr></table></body></html>""")
save(m, H, "08_woocommerce_password_reset")

# 09 Shop account verification
m = base(SHOPFROM, "s.lindqvist@outlook.com", "Please verify your email address", 2)
phpmailer(m, """Welcome to Alpenglow Outfitters, Sara!

Thanks for creating an account. To finish setting up your account, please verify your email address:

https://shop.alpenglow-outfitters.de/account/verify?token=c9a1f0e7b3d24f6a8e5c

For your security this link is valid within 24 hours only. If you did not create an account, you can ignore this message and the account will not be activated.

Alpenglow Outfitters GmbH, Hauptstraße 12, 83471 Berchtesgaden, Germany
""", html="""<html><body style="font-family:Helvetica,Arial,sans-serif;background:#f4f4f4"><table width="600" align="center" style="background:#fff"><tr><td style="padding:30px">
<img src="https://shop.alpenglow-outfitters.de/static/img/logo.png" alt="Alpenglow Outfitters" width="180">
<h2>Welcome to Alpenglow Outfitters, Sara!</h2>
<p>Thanks for creating an account. To finish setting up your account, please verify your email address.</p>
<p style="text-align:center"><a href="https://shop.alpenglow-outfitters.de/account/verify?token=c9a1f0e7b3d24f6a8e5c" style="background:#2d5f3f;color:#ffffff;padding:12px 24px;text-decoration:none;border-radius:4px">Verify your account</a></p>
<p style="color:#777;font-size:12px">For your security this link is valid within 24 hours only. If you did not create an account, you can ignore this message.</p>
<p style="color:#777;font-size:12px">Alpenglow Outfitters GmbH, Hauptstraße 12, 83471 Berchtesgaden, Germany</p></td></tr></table></body></html>""")
save(m, H, "09_shop_verify_email")

# 10 Shop security alert, new sign-in
m = base(SHOPFROM, "daniel.mueller@gmx.de", "Security alert: new sign-in to your Alpenglow account", 5)
phpmailer(m, """Hi Daniel,

We noticed a new sign-in to your Alpenglow Outfitters account.

  Device:   Firefox on Windows
  Location: Munich, Germany (approximate)
  Time:     28 November 2026, 08:41 CET

If this was you, you don't need to do anything.

If you don't recognise this activity, please reset your password right away:
https://shop.alpenglow-outfitters.de/mein-konto/lost-password/

Your Alpenglow Outfitters team
""", html="""<html><body style="font-family:Arial,sans-serif"><div style="max-width:560px;margin:auto">
<img src="https://shop.alpenglow-outfitters.de/static/img/logo.png" alt="Alpenglow Outfitters" width="160">
<h3>Security alert</h3><p>Hi Daniel,</p><p>We noticed a new sign-in to your Alpenglow Outfitters account.</p>
<table style="font-size:14px"><tr><td>Device:</td><td>Firefox on Windows</td></tr><tr><td>Location:</td><td>Munich, Germany (approximate)</td></tr><tr><td>Time:</td><td>28 November 2026, 08:41 CET</td></tr></table>
<p>If this was you, you don't need to do anything.</p>
<p>If you don't recognise this activity, please <a href="https://shop.alpenglow-outfitters.de/mein-konto/lost-password/">reset your password</a> right away.</p>
<p>Your Alpenglow Outfitters team</p></div></body></html>""")
save(m, H, "10_shop_security_alert_signin")

# 11 Subscription dunning (WooCommerce Subscriptions)
m = base(SHOPFROM, "p.schneider@schneider-it.de", "Your payment was declined - action required for your Gear Box subscription", 8)
phpmailer(m, """Hi Peter,

We tried to charge your card ending in 4417 for your monthly "Alpenglow Gear Box" subscription (EUR 39.00), but the payment was declined by your bank.

To keep your subscription active, please update your payment method in your account:
https://shop.alpenglow-outfitters.de/mein-konto/payment-methods/

We will try again in 3 days. If the payment fails again, your subscription will be put on hold and the December box will not ship.

If you have questions about your billing information, just reply to this email.

Thanks,
Alpenglow Outfitters
""", html="""<html><body style="font-family:Arial,sans-serif"><div style="max-width:560px;margin:auto">
<img src="https://shop.alpenglow-outfitters.de/static/img/logo.png" alt="Alpenglow Outfitters" width="160">
<p>Hi Peter,</p><p>We tried to charge your card ending in 4417 for your monthly &quot;Alpenglow Gear Box&quot; subscription (EUR 39.00), but the payment was declined by your bank.</p>
<p>To keep your subscription active, please <a href="https://shop.alpenglow-outfitters.de/mein-konto/payment-methods/">update your payment method</a> in your account.</p>
<p>We will try again in 3 days. If the payment fails again, your subscription will be put on hold and the December box will not ship.</p>
<p>If you have questions about your billing information, just reply to this email.</p><p>Thanks,<br>Alpenglow Outfitters</p></div></body></html>""")
save(m, H, "11_subscription_payment_declined")

# 12 WooCommerce order confirmation HTML
items = [("Daunenjacke Watzmann Herren, L", 1, "249,00"), ("Merino Longsleeve, M", 2, "119,80"), ("Stirnlampe Nachtwache 400", 1, "39,90")]
rows = "".join('<tr><td style="border:1px solid #e5e5e5;padding:12px"><img src="https://shop.alpenglow-outfitters.de/wp-content/uploads/prod%d-100x100.jpg" width="48"> %s</td><td style="border:1px solid #e5e5e5;padding:12px">%d</td><td style="border:1px solid #e5e5e5;padding:12px">%s&nbsp;&euro;</td></tr>' % (i, n, q, p) for i, (n, q, p) in enumerate(items))
m = base(SHOPFROM, "julia.schulz@gmx.de", "Deine Bestellung bei Alpenglow Outfitters ist eingegangen (#30417)", 4)
phpmailer(m, "Hallo Julia,\n\nwir haben deine Bestellung #30417 erhalten und bearbeiten sie jetzt.\n\n" +
          "".join("%s x%d  %s EUR\n" % it for it in items) +
          "\nVersand: kostenloser Versand (DHL)\nGesamt: 408,70 EUR (inkl. 65,26 EUR MwSt.)\nZahlungsart: PayPal\n\n" +
          "Rechnungsadresse:\nJulia Schulz\nLindenweg 4\n80331 München\n\nVielen Dank für deinen Einkauf!\n",
          html='<!DOCTYPE html><html lang="de-DE"><head><meta charset="UTF-8"></head><body><div id="wrapper"><h1 style="background:#2d5f3f;color:#fff">Vielen Dank für deine Bestellung</h1>'
          '<p>Hallo Julia,</p><p>wir haben deine Bestellung #30417 erhalten und bearbeiten sie jetzt.</p>'
          '<h2><a href="https://shop.alpenglow-outfitters.de/wp-admin/post.php?post=30417">[Bestellung #30417]</a> (28. November 2026)</h2>'
          '<table cellspacing="0" cellpadding="6" border="1" style="width:100%"><thead><tr><th>Produkt</th><th>Menge</th><th>Preis</th></tr></thead><tbody>' + rows +
          '</tbody><tfoot><tr><th colspan="2">Versand:</th><td>Kostenloser Versand</td></tr><tr><th colspan="2">Gesamt:</th><td>408,70&nbsp;&euro; (inkl. 65,26&nbsp;&euro; MwSt.)</td></tr><tr><th colspan="2">Zahlungsart:</th><td>PayPal</td></tr></tfoot></table>'
          '<h2>Rechnungsadresse</h2><address>Julia Schulz<br>Lindenweg 4<br>80331 München<br>julia.schulz@gmx.de</address><p>Vielen Dank für deinen Einkauf!</p></div></body></html>')
save(m, H, "12_woocommerce_order_confirmation")

# 13 WooCommerce order completed + PDF invoice
m = base(SHOPFROM, "b.krueger@gmail.com", "Your Alpenglow Outfitters order #30388 is now complete", 26)
phpmailer(m, """Hi Benjamin,

We have finished processing your order. Your parcel is on its way with DHL, tracking number 00340434161094023456.

Track your parcel: https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161094023456

Your invoice is attached to this email as a PDF.

Thanks for shopping with us.
""", html="""<html><body><div style="max-width:600px"><h1 style="background:#2d5f3f;color:#fff;padding:20px">Your order is complete</h1>
<p>Hi Benjamin,</p><p>We have finished processing your order. Your parcel is on its way with DHL, tracking number 00340434161094023456.</p>
<p><a href="https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161094023456">Track your parcel</a></p>
<p>Your invoice is attached to this email as a PDF.</p><p>Thanks for shopping with us.</p></div></body></html>""")
attach(m, "Rechnung-RE-2026-30388.pdf", pdf_bytes("Rechnung"))
save(m, H, "13_woocommerce_completed_invoice_pdf")

# 14 Odoo invoice with bank details
m = base("Alpenglow Outfitters GmbH <buchhaltung@%s>" % D, "\"Vogel Bergsport AG\" <kreditoren@vogel-bergsport.ch>",
         "Alpenglow Outfitters GmbH Invoice (Ref INV/2026/00871)", 10,
         msgid="<1764327611.482913501.%d-openerp-871-account.move@erp.%s>" % (random.randint(100000, 999999), D))
m["X-Odoo-Objects"] = "account.move-871"
m.set_content("""Dear Vogel Bergsport AG,

Here is your invoice INV/2026/00871 amounting in 6,482.40 EUR from Alpenglow Outfitters GmbH.
Please remit payment at your earliest convenience.
Please use the following communication for your payment: INV/2026/00871

Payment details:
Beneficiary: Alpenglow Outfitters GmbH
IBAN: DE89 7105 0000 0020 1234 56
BIC: BYLADEM1BGL

Do not hesitate to contact us if you have any questions.

--
Buchhaltung
Alpenglow Outfitters GmbH
""", charset="utf-8", cte="quoted-printable")
m.add_alternative("""<div style="margin: 0px; padding: 0px;"><p style="margin: 0px; padding: 0px; font-size: 13px;">Dear Vogel Bergsport AG,<br><br>
Here is your invoice <span style="font-weight:bold;">INV/2026/00871</span> amounting in <span style="font-weight:bold;">6,482.40&nbsp;&euro;</span> from Alpenglow Outfitters GmbH.
Please remit payment at your earliest convenience.<br>Please use the following communication for your payment: <span style="font-weight:bold;">INV/2026/00871</span><br><br>
Payment details:<br>Beneficiary: Alpenglow Outfitters GmbH<br>IBAN: DE89 7105 0000 0020 1234 56<br>BIC: BYLADEM1BGL<br><br>
Do not hesitate to contact us if you have any questions.<br><br>--<br>Buchhaltung<br>Alpenglow Outfitters GmbH</p></div>""", subtype="html", charset="utf-8", cte="quoted-printable")
attach(m, "INV_2026_00871.pdf", pdf_bytes("Invoice"))
save(m, H, "14_odoo_invoice_bank_details")

# 15 Payment reminder (German, Outlook)
m = base("Buchhaltung Alpenglow <buchhaltung@%s>" % D, "\"Hotel Alpenrose\" <rezeption@hotel-alpenrose.at>", "Zahlungserinnerung Rechnung RE-2026-0712", 12)
outlook(m, """Sehr geehrte Damen und Herren,

sicherlich ist es Ihrer Aufmerksamkeit entgangen, dass unsere Rechnung
RE-2026-0712 vom 15.10.2026 über 1.284,50 EUR noch offen ist.

Wir bitten Sie, den Betrag bis zum 08.12.2026 auf unser Konto zu überweisen:
IBAN DE89 7105 0000 0020 1234 56, BIC BYLADEM1BGL, Verwendungszweck RE-2026-0712.

Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses
Schreiben bitte als gegenstandslos.

Mit freundlichen Grüßen
Petra Lang
Buchhaltung""")
attach(m, "RE-2026-0712.pdf", pdf_bytes("Rechnung"))
save(m, H, "15_outlook_payment_reminder_de")

# 16 listmonk newsletter with tracking
NEWS = "Alpenglow Outfitters <newsletter@%s>" % D
TRK = "https://news.alpenglow-outfitters.de/link/"
m = base(NEWS, "Julia Schulz <julia.schulz@gmx.de>", "Neu im Shop: Die Winterkollektion 2026/27 ist da", 36)
m["List-Unsubscribe"] = "<https://news.alpenglow-outfitters.de/subscription/unsubscribe/8c1f2e/ab12cd>, <mailto:abmelden@alpenglow-outfitters.de?subject=unsubscribe>"
m["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
m["X-Listmonk-Campaign"] = "a4b1c2d3-winter-2026"
m["X-Listmonk-Subscriber"] = "e5f6a7b8-julia"
m["Precedence"] = "bulk"
m.set_content("""Hallo Julia,

die neue Winterkollektion ist da! Entdecke warme Daunenjacken, Merino-Basics
und unsere neuen Tourenrucksäcke.

Zur Kollektion: https://news.alpenglow-outfitters.de/link/7a8b9c/e5f6a7b8

Tipp der Woche: So pflegst du deine Daunenjacke richtig
https://news.alpenglow-outfitters.de/link/1d2e3f/e5f6a7b8

Du erhältst diese E-Mail, weil du dich für unseren Newsletter angemeldet hast.
Abmelden: https://news.alpenglow-outfitters.de/subscription/unsubscribe/8c1f2e/ab12cd

Alpenglow Outfitters GmbH · Hauptstraße 12 · 83471 Berchtesgaden
""", charset="utf-8", cte="quoted-printable")
m.add_alternative("""<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="background:#f0f0f0;margin:0"><table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table width="600" style="background:#ffffff"><tr><td><a href="https://news.alpenglow-outfitters.de/link/00aa11/e5f6a7b8"><img src="https://news.alpenglow-outfitters.de/uploads/header-winter.jpg" width="600" alt="Alpenglow Outfitters"></a></td></tr>
<tr><td style="padding:24px;font-family:Arial"><h1 style="color:#2d5f3f">Die Winterkollektion ist da</h1>
<p>Hallo Julia,</p><p>entdecke warme Daunenjacken, Merino-Basics und unsere neuen Tourenrucksäcke.</p>
<p align="center"><a href="https://news.alpenglow-outfitters.de/link/7a8b9c/e5f6a7b8" style="background:#e8732a;color:#ffffff;padding:14px 28px;text-decoration:none;font-weight:bold">Zur Kollektion</a></p>
<table width="100%"><tr><td width="50%"><img src="https://news.alpenglow-outfitters.de/uploads/jacke.jpg" width="270"><p><b>Daunenjacke Watzmann</b><br>249,00 &euro;</p></td>
<td width="50%"><img src="https://news.alpenglow-outfitters.de/uploads/rucksack.jpg" width="270"><p><b>Tourenrucksack Kaiser 32L</b><br>139,00 &euro;</p></td></tr></table>
<h3>Tipp der Woche</h3><p><a href="https://news.alpenglow-outfitters.de/link/1d2e3f/e5f6a7b8">So pflegst du deine Daunenjacke richtig</a></p></td></tr>
<tr><td style="padding:16px;font-size:11px;color:#888;font-family:Arial">Du erhältst diese E-Mail, weil du dich für unseren Newsletter angemeldet hast.
<a href="https://news.alpenglow-outfitters.de/subscription/unsubscribe/8c1f2e/ab12cd">Abmelden</a> · <a href="https://www.alpenglow-outfitters.de/impressum">Impressum</a><br>
Alpenglow Outfitters GmbH · Hauptstraße 12 · 83471 Berchtesgaden</td></tr></table></td></tr></table>
<img src="https://news.alpenglow-outfitters.de/campaign/a4b1c2d3/e5f6a7b8/px.png" width="1" height="1" alt=""></body></html>""", subtype="html", charset="utf-8", cte="quoted-printable")
save(m, H, "16_listmonk_newsletter_de")

# 17 Mailchimp-style sale newsletter, tracking domain differs, link text names own site
MC = "https://alpenglow-outfitters.us21.list-manage.com/track/click?u=3f1a2b4c5d6e7f8091a2b3c4d&id="
m = base("Alpenglow Outfitters <hello@%s>" % D, "sara.lindqvist@outlook.com", "Black Friday: 25% off everything + free shipping!", 48)
m["List-Unsubscribe"] = "<https://alpenglow-outfitters.us21.list-manage.com/unsubscribe?u=3f1a2b4c5d6e7f8091a2b3c4d&id=9a8b7c6d5e&e=1a2b3c4d5e>"
m["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
m["List-Id"] = "3f1a2b4c5d6e7f8091a2b3c4dmc list <3f1a2b4c5d6e7f8091a2b3c4d.1055873.list-id.mcsv.net>"
m["X-Campaign"] = "mailchimp3f1a2b4c5d6e7f8091a2b3c4d.9a8b7c6d5e"
m["X-Mailer"] = "Mailchimp Mailer - **CID9a8b7c6d5e0123456789**"
m.set_content("""BLACK FRIDAY WEEKEND - 25% OFF EVERYTHING

Limited time offer: this weekend only, get 25% off our whole range and free shipping on every order.

Shop now: https://alpenglow-outfitters.us21.list-manage.com/track/click?u=3f1a2b4c5d6e7f8091a2b3c4d&id=11aa22bb33&e=1a2b3c4d5e

Offer ends Monday at midnight. Don't miss out!

============================================================
Copyright © 2026 Alpenglow Outfitters GmbH, All rights reserved.
You are receiving this email because you opted in via our website.

Our mailing address is:
Alpenglow Outfitters GmbH, Hauptstraße 12, Berchtesgaden 83471, Germany

Want to change how you receive these emails?
You can update your preferences or unsubscribe from this list:
https://alpenglow-outfitters.us21.list-manage.com/unsubscribe?u=3f1a2b4c5d6e7f8091a2b3c4d&id=9a8b7c6d5e
""", charset="utf-8", cte="quoted-printable")
m.add_alternative("""<!doctype html><html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="UTF-8"><title>Black Friday: 25% off everything</title></head><body>
<center><table align="center" border="0" cellpadding="0" cellspacing="0" width="100%" id="bodyTable"><tr><td align="center" valign="top" id="bodyCell">
<table class="mcnImageBlock" width="600"><tr><td><a href="{mc}aa00bb11cc&e=1a2b3c4d5e" target="_blank"><img align="center" alt="Black Friday" src="https://mcusercontent.com/3f1a2b4c5d6e7f8091a2b3c4d/images/7d9f-bf-banner.jpg" width="564" style="max-width:1200px;"></a></td></tr></table>
<table class="mcnTextBlock" width="600"><tr><td style="font-family:Helvetica;font-size:16px;color:#202020">
<h1 style="font-size:32px;color:#e8732a">BLACK FRIDAY WEEKEND</h1>
<p><strong>Limited time offer:</strong> this weekend only, get 25% off our whole range and <strong>free shipping</strong> on every order.</p>
<p>Offer ends Monday at midnight. Don't miss out! <a href="{mc}ab12cd34ef&e=1a2b3c4d5e">Click here to see all deals</a>.</p></td></tr></table>
<table class="mcnButtonBlock"><tr><td align="center" style="background-color:#2d5f3f;border-radius:4px"><a class="mcnButton" href="{mc}11aa22bb33&e=1a2b3c4d5e" style="color:#FFFFFF;font-weight:bold;padding:16px 32px;display:block">SHOP NOW</a></td></tr></table>
<table class="mcnTextBlock" width="600"><tr><td style="font-size:12px;color:#656565;text-align:center">
<p>Visit us at <a href="{mc}44dd55ee66&e=1a2b3c4d5e">www.alpenglow-outfitters.de</a> &middot; <a href="{mc}77ff88aa99&e=1a2b3c4d5e">Instagram</a></p>
<em>Copyright &copy; 2026 Alpenglow Outfitters GmbH, All rights reserved.</em><br>You are receiving this email because you opted in via our website.<br><br>
<strong>Our mailing address is:</strong><br>Alpenglow Outfitters GmbH, Hauptstraße 12, Berchtesgaden 83471, Germany<br><br>
Want to change how you receive these emails?<br>You can <a href="https://alpenglow-outfitters.us21.list-manage.com/profile?u=3f1a2b4c5d6e7f8091a2b3c4d&id=9a8b7c6d5e">update your preferences</a> or <a href="https://alpenglow-outfitters.us21.list-manage.com/unsubscribe?u=3f1a2b4c5d6e7f8091a2b3c4d&id=9a8b7c6d5e">unsubscribe from this list</a>.</td></tr></table>
</td></tr></table></center><img src="https://alpenglow-outfitters.us21.list-manage.com/track/open.php?u=3f1a2b4c5d6e7f8091a2b3c4d&id=9a8b7c6d5e&e=1a2b3c4d5e" height="1" width="1" alt=""></body></html>""".replace("{mc}", MC), subtype="html", charset="utf-8", cte="quoted-printable")
save(m, H, "17_mailchimp_black_friday_sale")

# 18 Brevo-style German promo, tracking links on sendibt host
BR = "https://r.sendibt3.com/mk/cl/f/"
m = base("Alpenglow Outfitters <news@%s>" % D, "k.schuster@gmx.de", "Nur bis Sonntag: 30 % auf alle Skitourenfelle", 60)
m["List-Unsubscribe"] = "<https://r.sendibt3.com/mk/un/v2/sh/abcDEF123>"
m["X-Mailer"] = "Sendinblue"
m.set_content("""Nur bis Sonntag: 30 % auf alle Skitourenfelle!

Jetzt bestellen und sparen – Versand kostenlos ab 50 EUR.
Zum Angebot: https://r.sendibt3.com/mk/cl/f/sh/AbC1dEf2GhI3

Du möchtest keine E-Mails mehr von uns erhalten? Hier abmelden:
https://r.sendibt3.com/mk/un/v2/sh/abcDEF123
""", charset="utf-8", cte="quoted-printable")
m.add_alternative("""<html><body style="margin:0;background:#eeeeee"><table width="600" align="center" style="background:#fff;font-family:Arial">
<tr><td><img src="https://img.mailinblue.com/1234567/images/content_library/original/felle-header.jpg" width="600" alt="Skitourenfelle"></td></tr>
<tr><td style="padding:20px"><h1 style="color:#c0392b;font-size:30px">Nur bis Sonntag: 30&nbsp;% auf alle Skitourenfelle</h1>
<p>Jetzt bestellen und sparen &ndash; Versand kostenlos ab 50&nbsp;&euro;.</p>
<p align="center"><a href="https://r.sendibt3.com/mk/cl/f/sh/AbC1dEf2GhI3" style="background:#c0392b;color:#fff;padding:14px 30px;text-decoration:none">Jetzt bestellen</a></p>
<p style="font-size:11px;color:#999">Du möchtest keine E-Mails mehr von uns erhalten? <a href="https://r.sendibt3.com/mk/un/v2/sh/abcDEF123">Hier abmelden</a>.<br>Alpenglow Outfitters GmbH, Hauptstraße 12, 83471 Berchtesgaden<br>
<a href="https://r.sendibt3.com/mk/cl/f/sh/XyZ9wV8uT7">alpenglow-outfitters.de</a></p></td></tr></table>
<img width="1" height="1" src="https://r.sendibt3.com/mk/op/sh/QwE4rTy5"></body></html>""", subtype="html", charset="utf-8", cte="quoted-printable")
save(m, H, "18_brevo_promo_de")

# 19 HTML-only image promo from a small PHP mailing script (e.g. WordPress plugin)
m = base("Alpenglow Outfitters <news@%s>" % D, "petra.lang@web.de", "Adventskalender Türchen 1: Überraschung für dich", 6)
m["X-Mailer"] = "PHPMailer 6.9.3 (https://github.com/PHPMailer/PHPMailer)"
m["List-Unsubscribe"] = "<https://www.alpenglow-outfitters.de/?mailpoet_page=subscriptions&action=unsubscribe&data=eyJwcmV2aWV3>"
m.set_content("""<html><body style="margin:0"><center>
<a href="https://www.alpenglow-outfitters.de/adventskalender/tuer-1/?utm_source=newsletter&utm_medium=email&utm_campaign=advent1"><img src="https://www.alpenglow-outfitters.de/wp-content/uploads/2026/11/advent-tuer-1.jpg" width="600" alt="Türchen 1 öffnen"></a>
<p style="font-size:11px;color:#888">Alpenglow Outfitters GmbH · <a href="https://www.alpenglow-outfitters.de/?mailpoet_page=subscriptions&action=unsubscribe&data=eyJwcmV2aWV3">Abmelden</a></p>
</center></body></html>""", subtype="html", charset="utf-8", cte="quoted-printable")
save(m, H, "19_html_only_image_advent")

# 20 Outlook calendar invitation
ics = """BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
ORGANIZER;CN=Stefan Huber:mailto:stefan.huber@alpenglow-outfitters.de
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Markus Vogel:mailto:m.vogel@vogel-bergsport.ch
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Anna Berger:mailto:anna.berger@alpenglow-outfitters.de
DESCRIPTION;LANGUAGE=de-DE:Jahresgespräch 2027: Konditionen\\, Sortiment\\, Messeplanung.\\n
UID:040000008200E00074C5B7101A82E00800000000B0F3A1D2F45CDB010000000000000000100000009A
SUMMARY;LANGUAGE=de-DE:Jahresgespräch Vogel Bergsport / Alpenglow
DTSTART;TZID=W. Europe Standard Time:20261210T140000
DTEND;TZID=W. Europe Standard Time:20261210T153000
CLASS:PUBLIC
PRIORITY:5
DTSTAMP:20261128T101500Z
TRANSP:OPAQUE
STATUS:CONFIRMED
SEQUENCE:0
LOCATION;LANGUAGE=de-DE:Microsoft Teams-Besprechung
END:VEVENT
END:VCALENDAR
"""
m = base("Stefan Huber <stefan.huber@%s>" % D, "Markus Vogel <m.vogel@vogel-bergsport.ch>", "Jahresgespräch Vogel Bergsport / Alpenglow", 9,
         cc="Anna Berger <anna.berger@%s>" % D)
outlook(m, "Hallo Markus,\n\nwie telefonisch besprochen die Einladung zu unserem Jahresgespräch.\n\nViele Grüße\nStefan\n\n"
        "________________________________________________________________________________\nMicrosoft Teams-Besprechung\n"
        "Nehmen Sie über Ihren Computer, Ihre mobile App oder Ihr Raumgerät teil\n"
        "Hier klicken, um an der Besprechung teilzunehmen<https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE4ZDk5@thread.v2/0?context=%7b%22Tid%22%3a%22abc%22%7d>\n"
        "Besprechungs-ID: 361 482 915 204\nPasscode: Xk7pQ2\n")
m.add_alternative(ics, subtype="calendar", charset="utf-8", cte="base64", params={"method": "REQUEST"})
save(m, H, "20_outlook_calendar_invite_teams")

# 21 Thunderbird/Lightning invitation
ics2 = """BEGIN:VCALENDAR
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
CREATED:20261128T090000Z
LAST-MODIFIED:20261128T090100Z
DTSTAMP:20261128T090100Z
UID:6c2f0b3e-1a7d-4e52-9a0e-3b5d2c1f7e8a
SUMMARY:Inventur Lager Berchtesgaden
ORGANIZER;RSVP=TRUE;CN=Anna Berger;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:anna.berger@alpenglow-outfitters.de
ATTENDEE;RSVP=TRUE;CN=Tom Keller;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:tom.keller@alpenglow-outfitters.de
ATTENDEE;RSVP=TRUE;CN=Lager;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:lager@alpenglow-outfitters.de
DTSTART;TZID=Europe/Berlin:20261230T080000
DTEND;TZID=Europe/Berlin:20261230T170000
LOCATION:Lager\\, Gewerbestraße 7
SEQUENCE:0
END:VEVENT
END:VCALENDAR
"""
m = base(ANNA, "Tom Keller <tom.keller@%s>, Lager <lager@%s>" % (D, D), "Einladung: Inventur Lager Berchtesgaden @ Mi., 30. Dez. 2026 08:00 - 17:00 (CET) (tom.keller@%s)" % D, 14)
m["User-Agent"] = "Mozilla Thunderbird"
m.set_content("Einladung zu einem Termin: Inventur Lager Berchtesgaden\n\nWann: Mittwoch, 30. Dezember 2026 08:00 - 17:00 (CET)\nWo: Lager, Gewerbestraße 7\nOrganisator: Anna Berger <anna.berger@alpenglow-outfitters.de>\n",
              charset="utf-8", cte="8bit")
m.add_alternative(ics2, subtype="calendar", charset="utf-8", cte="8bit", params={"method": "REQUEST"})
m.make_mixed()
attach(m, "invite.ics", ics2)
save(m, H, "21_thunderbird_lightning_invite")

# 22 Zip of documents for the tax advisor
m = base(ANNA, "kanzlei@stb-hofmeister.de", "Unterlagen Jahresabschluss 2025 - Nachreichung", 40)
thunderbird(m, """Sehr geehrter Herr Hofmeister,

anbei wie gewünscht die noch fehlenden Unterlagen für den Jahresabschluss
2025 als ZIP-Datei (Kontoauszüge Dezember, Inventurliste, Leasingverträge).

Mit freundlichen Grüßen
Anna Berger
""")
attach(m, "Unterlagen_JA2025_Alpenglow.zip", zip_bytes([
    ("Kontoauszuege_2025-12.pdf", pdf_bytes("Konto")), ("Inventurliste_2025.xlsx", ooxml("xlsx")),
    ("Leasing/Leasingvertrag_Transporter.pdf", pdf_bytes("Leasing")), ("Leasing/Leasingvertrag_Kasse.pdf", pdf_bytes("Leasing2"))]))
save(m, H, "22_thunderbird_zip_documents")

# 23 Password-protected zip (payroll, GDPR), password by phone
m = base("Petra Lang <petra.lang@%s>" % D, "lohn@stb-hofmeister.de", "Lohnunterlagen November 2026 (verschlüsselt)", 22)
outlook(m, """Hallo Frau Seidel,

anbei die Stundenzettel und Krankmeldungen für die Lohnabrechnung November.
Aus Datenschutzgründen ist die ZIP-Datei verschlüsselt, das Passwort
teile ich Ihnen wie immer telefonisch mit.

Viele Grüße
Petra Lang""")
attach(m, "Lohn_2026-11_Alpenglow.zip", zip_bytes([("Stundenzettel_2026-11.xlsx", ooxml("xlsx")), ("AU_Bescheinigungen_2026-11.pdf", pdf_bytes("AU"))], password="Ber9chtes!"))
save(m, H, "23_outlook_encrypted_zip_payroll")

# 24 Excel with macros (planning template), internal to partner
m = base(TOM, "Markus Vogel <m.vogel@vogel-bergsport.ch>", "Bestellvorlage 2027 (Excel)", 44)
thunderbird(m, """Hallo Markus,

hier unsere Bestellvorlage für die Vororder 2027. Die Makros rechnen die
Staffelrabatte automatisch aus, bitte beim Öffnen "Inhalt aktivieren" klicken.
Einfach ausfüllen und an mich zurückschicken.

Grüße
Tom
""")
attach(m, "Vororder_2027_Bestellvorlage.xlsm", ooxml("xlsm", macro=True))
save(m, H, "24_excel_macro_order_template")

# 25 Russian, Thunderbird 8bit
m = base("Olga Smirnova <olga.smirnova@%s>" % D, "Дмитрий Петров <d.petrov@alpsport.ru>", "Re: Условия поставки на 2027 год", 32)
thunderbird(m, """Здравствуйте, Дмитрий!

Спасибо за ваш запрос. Высылаем вам прайс-лист на 2027 год. Минимальный
заказ - 50 единиц, доставка до Москвы занимает около трёх недель.

Оплата: 30 % предоплата, остаток перед отгрузкой.

С уважением,
Ольга Смирнова
Отдел экспорта, Alpenglow Outfitters GmbH
""", lang="ru")
attach(m, "Preisliste_2027_RU.pdf", pdf_bytes("Price"))
save(m, H, "25_thunderbird_russian")

# 26 Chinese via Foxmail (GB2312 base64) -- built with the compat32 API as Foxmail writes it
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.application import MIMEApplication
from email.header import Header
from email import charset as _cs
_cs.add_charset("gb2312", _cs.BASE64, _cs.BASE64, "gb2312")
m = MIMEMultipart("mixed")
alt = MIMEMultipart("alternative")
txt = "张先生您好，\n\n感谢您的报价。我们希望订购2000米防水面料，颜色为深灰色和墨绿色，请确认交货时间和付款方式。\n\n附件是我们的技术要求，请查收。\n\n此致\n敬礼\n\n李明\nAlpenglow Outfitters GmbH 采购部\n"
alt.attach(MIMEText(txt, "plain", "gb2312"))
alt.attach(MIMEText("<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=GB2312\"></head><body><div>" + txt.replace("\n", "<br>") + "</div></body></html>", "html", "gb2312"))
m.attach(alt)
a = MIMEApplication(pdf_bytes("Spec"), "pdf")
a.add_header("Content-Disposition", "attachment", filename=("gb2312", "", "技术要求_面料2027.pdf"))
m.attach(a)
_t, _d = when(27)
m["Date"] = _d
m["From"] = "%s <li.ming@%s>" % (Header("李明", "gb2312").encode(), D)
m["To"] = "%s <zhangwei@shenghua-textile.com.cn>" % Header("张伟", "gb2312").encode()
m["Subject"] = Header("回复: 2027年度防水面料订单", "gb2312").encode()
m["X-Priority"] = "3"
m["X-Mailer"] = "Foxmail 7.2.25.375[cn]"
m["Mime-Version"] = "1.0"
m["Message-ID"] = "<202611281031234567891@%s>" % D
open(os.path.join(OUT, "ham", "26_foxmail_chinese_gb2312.eml"), "wb").write(m.as_bytes())

# 27 Forwarded inline (Thunderbird) with safelinks from an M365 customer
m = base(ANNA, "Tom Keller <tom.keller@%s>" % D, "Fwd: Reklamation Auftrag 30212 - Fotos", 7)
thunderbird(m, """Hallo Tom,

kannst du dich bitte darum kümmern? Die Fotos sind über den Link unten.

Danke, Anna

-------- Weitergeleitete Nachricht --------
Betreff: 	Reklamation Auftrag 30212 - Fotos
Datum: 	Fri, 27 Nov 2026 16:22:10 +0000
Von: 	Hannes Leitner <h.leitner@leitner-reisen.at>
An: 	info@alpenglow-outfitters.de

Sehr geehrte Damen und Herren,

bei der Lieferung zum Auftrag 30212 waren zwei Zelte beschädigt. Fotos finden
Sie hier: www.leitner-reisen.at/reklamation-30212

Mit freundlichen Grüßen
Hannes Leitner
""", html="""<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head><body>
<p>Hallo Tom,</p><p>kannst du dich bitte darum kümmern? Die Fotos sind über den Link unten.</p><p>Danke, Anna</p>
<div class="moz-forward-container"><br>-------- Weitergeleitete Nachricht --------<table class="moz-email-headers-table" cellspacing="0" cellpadding="0" border="0">
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Betreff: </th><td>Reklamation Auftrag 30212 - Fotos</td></tr>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Von: </th><td>Hannes Leitner <a class="moz-txt-link-rfc2396E" href="mailto:h.leitner@leitner-reisen.at">&lt;h.leitner@leitner-reisen.at&gt;</a></td></tr></table><br>
<div class="WordSection1"><p class="MsoNormal">Sehr geehrte Damen und Herren,</p><p class="MsoNormal">bei der Lieferung zum Auftrag 30212 waren zwei Zelte beschädigt. Fotos finden Sie hier:
<a href="https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.leitner-reisen.at%2Freklamation-30212&amp;data=05%7C02%7Cinfo%40alpenglow-outfitters.de%7C8a1b2c3d4e5f%7C0%7C0%7C638684%7CUnknown&amp;sdata=AbCdEf%2B12345%3D&amp;reserved=0" originalSrc="https://www.leitner-reisen.at/reklamation-30212">www.leitner-reisen.at/reklamation-30212</a></p>
<p class="MsoNormal">Mit freundlichen Grüßen<br>Hannes Leitner</p></div></div></body></html>""")
save(m, H, "27_thunderbird_forward_safelinks")

# 28 Outlook forward as attachment (message/rfc822)
inner = base("Hannes Leitner <h.leitner@leitner-reisen.at>", "info@%s" % D, "Gruppenbuchung Februar", 100)
inner["X-Mailer"] = "Microsoft Outlook 16.0"
inner.set_content("Guten Tag,\n\nwir planen für Februar eine Gruppenreise mit 18 Personen und benötigen Leihausrüstung.\nKönnen Sie uns ein Angebot machen?\n\nMfG Hannes Leitner\n", charset="utf-8", cte="quoted-printable")
m = base(TOM, "Sabine Roth <sabine.roth@%s>" % D, "WG: Gruppenbuchung Februar", 11)
outlook(m, "Hallo Sabine,\n\nbitte übernehmen, Details siehe angehängte Mail.\n\nDanke\nTom")
m.make_mixed()
m.add_attachment(inner, filename="Gruppenbuchung Februar.eml")
save(m, H, "28_outlook_forward_as_attachment")

# 29 Roundcube vacation auto-reply
m = base("Claire Dubois <claire.dubois@%s>" % D, "j.martin@refuge-du-lac.fr", "Abwesenheitsnotiz / Absence: Re: Commande refuge", 2)
m["Auto-Submitted"] = "auto-replied (vacation)"
m["Precedence"] = "bulk"
roundcube(m, """Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 7. Dezember nicht im Büro
und habe keinen Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an
export@alpenglow-outfitters.de oder +49 8652 123456.

Merci pour votre message. Je suis absente jusqu'au 7 décembre inclus. Pour toute
urgence, veuillez contacter export@alpenglow-outfitters.de.

Claire Dubois
""")
save(m, H, "29_roundcube_vacation_autoreply")

# 30 Contact form notification (PHP mail(), Reply-To visitor)
m = base("WordPress <wordpress@%s>" % D, "info@%s" % D, "[Alpenglow Outfitters] Neue Kontaktanfrage: Leihausrüstung für Schulklasse", 3,
         reply_to="Martina Pohl <martina.pohl1984@gmail.com>")
m["X-Mailer"] = "PHPMailer 6.9.3 (https://github.com/PHPMailer/PHPMailer)"
m.set_content("""Von: Martina Pohl <martina.pohl1984@gmail.com>
Betreff: Leihausrüstung für Schulklasse

Name: Martina Pohl
E-Mail: martina.pohl1984@gmail.com
Telefon: 0171 2345678
Firma / Schule: Gymnasium Bad Reichenhall
Adresse: Salzburger Str. 20, 83435 Bad Reichenhall

Nachricht:
Guten Tag, wir planen im Februar eine Schneeschuhwanderung mit 26 Schülern.
Können Sie uns ein Angebot für Schneeschuhe und Stöcke machen?

--
Diese E-Mail wurde von einem Kontaktformular von Alpenglow Outfitters (https://www.alpenglow-outfitters.de) gesendet
""", charset="UTF-8", cte="quoted-printable")
save(m, H, "30_contact_form7_notification")

# 31 Hotel booking confirmation via PHP mail(), "Dear Guest"
HD = "gasthof-watzmannblick.de"
m = base("Gasthof Watzmannblick <reservierung@%s>" % HD, "sara.lindqvist@outlook.com", "Booking confirmation #WB-20261215-07", 5, msgid="<%s@%s>" % (rhex(24), HD))
m["X-Mailer"] = "PHP/8.3.14"
m["X-PHP-Originating-Script"] = "1004:booking-mailer.php"
m.set_content("""Dear Guest,

Thank you for your reservation at Gasthof Watzmannblick.

Booking number: WB-20261215-07
Arrival:        15 December 2026 (from 3 pm)
Departure:      19 December 2026 (until 10 am)
Room:           Double room with balcony, breakfast included
Total price:    EUR 596.00 (payable on site)

Free cancellation until 8 December 2026. To cancel or change your booking,
please reply to this email or call +49 8652 98765.

We look forward to welcoming you!

Kind regards
Familie Graf
Gasthof Watzmannblick, Am Anger 3, 83486 Ramsau
""", charset="UTF-8", cte="8bit")
save(m, H, "31_php_mail_booking_dear_guest")

# 32 Shipping notification from shop
m = base(SHOPFROM, "nina.klein@icloud.com", "Deine Bestellung #30402 wurde versendet", 3)
phpmailer(m, """Hallo Nina,

gute Nachrichten: Deine Bestellung #30402 ist unterwegs!

Sendungsnummer: 00340434161094019876
Sendung verfolgen: https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161094019876

Viel Spaß mit deiner neuen Ausrüstung!
Dein Alpenglow-Team
""", html="""<html><body style="font-family:Arial"><div style="max-width:560px;margin:auto"><img src="https://shop.alpenglow-outfitters.de/static/img/logo.png" width="160" alt="Alpenglow">
<h2>Deine Bestellung ist unterwegs!</h2><p>Hallo Nina,</p><p>gute Nachrichten: Deine Bestellung #30402 ist unterwegs.</p>
<p>Sendungsnummer: <a href="https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161094019876">00340434161094019876</a></p>
<p><a href="https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html?piececode=00340434161094019876" style="background:#ffcc00;color:#d40511;padding:10px 20px;text-decoration:none">Sendung verfolgen auf dhl.de</a></p>
<p>Viel Spaß mit deiner neuen Ausrüstung!<br>Dein Alpenglow-Team</p></div></body></html>""")
save(m, H, "32_shop_shipping_dhl")

# 33 Person named Chase (brand word in display name)
m = base("Chase Whitfield <chase@%s>" % D, "Lisa Hartmann <lisa.hartmann@%s>" % D, "US distributor call notes", 16)
applemail(m, """Hi Lisa,

Quick notes from the call with Summit Supply (Denver):
- they want 300 units of the Kaiser 32L for spring
- pricing as per the 2027 EU list minus 12%
- shipping FOB Hamburg

I'll send the draft contract on Monday.

Best,
Chase
""")
save(m, H, "33_person_named_chase")

# 34 Apple reseller display name (brand partner)
MW = "macwerk-berchtesgaden.de"
m = base("MacWerk – Apple Autorisierter Service Partner <service@%s>" % MW, "tom.keller@%s" % D, "Ihr MacBook Pro ist abholbereit (Auftrag SR-88412)", 6, msgid="<%s@%s>" % (rhex(20), MW))
phpmailer(m, """Guten Tag Herr Keller,

Ihr MacBook Pro (Seriennummer C02XK1ABCD) ist repariert und kann ab sofort
in unserem Geschäft abgeholt werden. Das Display wurde im Rahmen der
Apple-Garantie kostenlos getauscht.

Öffnungszeiten: Mo-Fr 9-18 Uhr, Sa 9-13 Uhr

Ihr MacWerk-Team
""")
save(m, H, "34_apple_authorized_reseller_name")

# 35 Web agency sends WordPress child theme zip (contains .js/.php)
AG = "pixelwerk-agentur.de"
m = base("Jonas Pixel <jonas@%s>" % AG, "Anna Berger <anna.berger@%s>" % D, "Child-Theme mit den Anpassungen für den Shop", 18, msgid="<%s@%s>" % (uuid.uuid4(), AG))
thunderbird(m, """Hallo Anna,

anbei das aktualisierte Child-Theme mit dem neuen Produkt-Slider und den
Anpassungen am Checkout. Installation wie gehabt über Design > Themes >
Theme hochladen. Ich schaue es mir morgen früh zusammen mit eurem Admin an.

Viele Grüße
Jonas

--
Pixelwerk Agentur für Webdesign | Salzburg/Berchtesgaden
""")
attach(m, "alpenglow-child-1.4.2.zip", zip_bytes([
    ("alpenglow-child/style.css", "/* Theme Name: Alpenglow Child */"), ("alpenglow-child/functions.php", "<?php // enqueue"),
    ("alpenglow-child/js/product-slider.js", "document.addEventListener('DOMContentLoaded',function(){});"),
    ("alpenglow-child/js/checkout.js", "jQuery(function($){});"), ("alpenglow-child/screenshot.png", PNG)]))
save(m, H, "35_agency_wordpress_theme_zip_js")

# 36 UK solicitor probate letter (legit, fraud-ish vocabulary)
SOL = "hartley-probate.co.uk"
m = base("Eleanor Hartley <e.hartley@%s>" % SOL, "\"Mr J. Whitmore\" <james.whitmore@btinternet.com>", "Estate of the late Margaret Whitmore - distribution of the estate", 30,
         msgid="<%s@%s>" % (uuid.uuid4(), SOL))
outlook(m, """Dear Mr Whitmore,

Estate of the late Mrs Margaret Whitmore

Further to our meeting, I write to confirm that the grant of probate has now been issued and that the deceased's property at 14 Orchard Lane has been sold. As you are named as a beneficiary under the will, and as next of kin, you are entitled to one third of the residuary estate.

Before we can make the interim distribution we need a copy of your passport and a recent bank statement for our anti-money laundering checks. Please do not send bank details by email; our cashier will call you to confirm them by telephone.

Please note that inheritance tax has been paid in full and HMRC has issued clearance.

This email is confidential and may be legally privileged.

Yours sincerely

Eleanor Hartley
Partner, Hartley & Co Probate Solicitors
Authorised and regulated by the Solicitors Regulation Authority (SRA No. 612345)""", lang="en-gb")
save(m, H, "36_solicitor_probate_letter")

# 37 Zammad helpdesk ticket auto-answer
m = base("Alpenglow Kundenservice <service@%s>" % D, "julia.schulz@gmx.de", "[Ticket#2026112810000421] Rücksendung Bestellung 30417", 2,
         msgid="<%s.%d@service.%s>" % (rhex(16), random.randint(100000, 999999), D))
m["X-Loop"] = "yes"
m["Auto-Submitted"] = "auto-generated"
m["X-Zammad-Ticket-Number"] = "2026112810000421"
m.set_content("""Hallo Julia Schulz,

vielen Dank für Ihre Anfrage. Wir haben Ihr Anliegen unter der Ticket-Nummer
#2026112810000421 erfasst und melden uns innerhalb von 48 Stunden.

Bitte geben Sie bei Rückfragen die Ticketnummer im Betreff an.

Ihr Alpenglow-Kundenservice
""", charset="utf-8", cte="quoted-printable")
m.add_alternative("""<div>Hallo Julia Schulz,<br><br>vielen Dank für Ihre Anfrage. Wir haben Ihr Anliegen unter der Ticket-Nummer <b>#2026112810000421</b> erfasst und melden uns innerhalb von 48 Stunden.<br><br>Bitte geben Sie bei Rückfragen die Ticketnummer im Betreff an.<br><br>Ihr Alpenglow-Kundenservice</div>""",
                  subtype="html", charset="utf-8", cte="quoted-printable")
save(m, H, "37_zammad_ticket_autoreply")

# 38 2FA login code from the shop backend
m = base("Alpenglow Shop <noreply@%s>" % D, "anna.berger@%s" % D, "Your login code: 482913", 1)
phpmailer(m, """Your verification code is: 482913

Enter this code to finish signing in to the Alpenglow shop admin. The code expires in 10 minutes.

If you did not try to sign in, someone may know your password. Please change it and contact your administrator. Never share this code with anyone.
""")
save(m, H, "38_shop_2fa_code")

# 39 Event newsletter with "click here", "free", "limited", "act now" (German club)
m = base("Alpenglow Events <events@%s>" % D, "Alpenglow Events <events@%s>" % D, "Last call: free avalanche safety workshop - limited places!", 30)
m["Bcc"] = ""
del m["Bcc"]
thunderbird(m, """Hello everyone,

Our free avalanche safety workshop with the Bergwacht takes place on
12 December at 6 pm in our store. Places are limited to 30 people and
we only have 6 left, so act now if you want to join!

Click here to register: https://www.alpenglow-outfitters.de/events/lawinenkurs

Free hot drinks, and 10% off all avalanche gear on the evening.

You are receiving this because you attended one of our events.
To be removed from this list just reply with "unsubscribe".

See you there!
Sabine & the Alpenglow team
""", lang="en-GB")
save(m, H, "39_event_bcc_free_workshop")

# 40 WordPress email change confirmation
m = base("Alpenglow Outfitters <wordpress@%s>" % D, "tom.keller@%s" % D, "[Alpenglow Outfitters] Email Change Request", 4)
phpmailer(m, """Howdy tom.keller,

You recently requested to have the email address on your account changed.

If this is correct, please click on the following link to change it:
https://www.alpenglow-outfitters.de/wp-admin/profile.php?newuseremail=7f3a9c1e5b2d8a4f6c0e

You can safely ignore and delete this email if you do not want to
take this action.

This email has been sent to tom.keller@alpenglow-outfitters.de

Regards,
All at Alpenglow Outfitters
https://www.alpenglow-outfitters.de
""")
save(m, H, "40_wordpress_email_change_confirm")

# 41 Web hosting reseller (agency) warns its customer about overdue account
m = base("Pixelwerk Buchhaltung <rechnung@%s>" % AG, "info@baeckerei-moser.de", "Reminder: hosting invoice overdue - your account will be suspended", 12, msgid="<%s@%s>" % (uuid.uuid4(), AG))
outlook(m, """Dear Mrs Moser,

our invoice PW-2026-1187 for the web hosting of baeckerei-moser.de (EUR 119.00) is now 30 days overdue.

Please settle the amount within 48 hours. Otherwise, as announced in our last reminder, your account will be suspended on 2 December and the website will be offline until payment is received.

If you have already paid, please ignore this email.

Kind regards
Pixelwerk Agentur für Webdesign""", lang="en-gb")
attach(m, "Mahnung_PW-2026-1187.pdf", pdf_bytes("Mahnung"))
save(m, H, "41_agency_overdue_account_suspended")

# 42 Gmail send-as Russian (base64 like Gmail does for Cyrillic)
m = base("Olga Smirnova <olga.smirnova@%s>" % D, "info@alpsport.ru", "Счёт на предоплату № 2026-077", 20)
gmail_web(m, """Добрый день!

Во вложении счёт на предоплату № 2026-077 (30 %) по заказу 2027 года.
Прошу подтвердить получение.

С уважением,
Ольга Смирнова
""", cte="base64")
m.make_mixed()
attach(m, "Schet_2026-077.pdf", pdf_bytes("Invoice"))
save(m, H, "42_gmail_russian_base64_invoice")

# 43 Nextcloud share notification
m = base("Anna Berger (via Alpenglow Cloud) <cloud@%s>" % D, "h.leitner@leitner-reisen.at", "Anna Berger shared »Angebot Gruppenreise Februar« with you", 8,
         msgid="<%s@cloud.%s>" % (rhex(32), D))
m.set_content("""Hello,

Anna Berger shared »Angebot Gruppenreise Februar« with you.

Open »Angebot Gruppenreise Februar«: https://cloud.alpenglow-outfitters.de/s/Xk7pQ2wR9mN4tL1

--
Alpenglow Cloud - Nextcloud
""", charset="utf-8", cte="quoted-printable")
m.add_alternative("""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><table width="100%"><tr><td align="center"><table width="600">
<tr><td style="background:#2d5f3f;padding:20px"><img src="https://cloud.alpenglow-outfitters.de/core/img/logo/logo.png" alt="Alpenglow Cloud" width="120"></td></tr>
<tr><td style="padding:20px;font-family:Arial"><h1 style="font-size:20px">Anna Berger shared »Angebot Gruppenreise Februar« with you</h1>
<p><a href="https://cloud.alpenglow-outfitters.de/s/Xk7pQ2wR9mN4tL1" style="background:#2d5f3f;color:#fff;padding:10px 20px;text-decoration:none">Open »Angebot Gruppenreise Februar«</a></p></td></tr>
<tr><td style="font-size:11px;color:#888">Alpenglow Cloud - a safe home for all your data</td></tr></table></td></tr></table></body></html>""", subtype="html", charset="utf-8", cte="quoted-printable")
save(m, H, "43_nextcloud_share")

# 44 Outlook mail to 12 project partners with ADV-like subject? (large Cc list, high priority)
m = base("Stefan Huber <stefan.huber@%s>" % D,
         ", ".join("<einkauf@%s>" % h for h in ["vogel-bergsport.ch", "sport-maier.de", "bergzeit-handel.at", "outdoor-ecke.de",
                                                 "gipfelstuermer-shop.de", "alpin-lorenz.at", "huettenzauber.it", "trail-store.ch",
                                                 "bergfreund-muenchen.de", "sport-haas.at"]),
         "WICHTIG: Lieferverzögerung Daunenjacken Watzmann", 18)
m["X-Priority"] = "1"
m["X-MSMail-Priority"] = "High"
m["Importance"] = "High"
outlook(m, """Sehr geehrte Handelspartner,

aufgrund einer Verzögerung bei unserem Hersteller werden die Daunenjacken
Watzmann (alle Farben) erst ab dem 14.12. ausgeliefert. Bereits bestätigte
Aufträge werden bevorzugt bedient.

Wir entschuldigen uns für die Unannehmlichkeiten.

Mit freundlichen Grüßen
Stefan Huber
Vertriebsleitung""")
save(m, H, "44_outlook_urgent_10_dealers_highprio")
print("ham done")

# ---- extra edge cases -------------------------------------------------------
# 45 Formal English supplier inquiry, "Dear Sir or Madam"
m = base(TOM, "<sales@highland-wool.co.uk>", "Enquiry: merino base layers, private label, 2027", 26)
outlook(m, """Dear Sir or Madam,

We are an outdoor retailer based in Berchtesgaden, Germany, and are looking for a
supplier of merino base layers (150 and 200 g/m²) under our own label for the 2027
season. Expected volume is 1,500 to 2,000 pieces per year.

Could you please send us your price list, minimum order quantities and lead times?
Our company profile is attached.

Kind regards
Tom Keller
Purchasing, Alpenglow Outfitters GmbH""", lang="en-gb")
attach(m, "Alpenglow_Company_Profile_2026.pdf", pdf_bytes("Profile"))
save(m, H, "45_outlook_dear_sir_or_madam_enquiry")

# 46 Travel agency payment reminder, "Dear Traveller"
TR = "bergwelt-reisen.de"
m = base("Bergwelt Reisen <buchung@%s>" % TR, "sara.lindqvist@outlook.com", "Your trip to Lofoten: balance due - please update your payment details", 20, msgid="<%s@%s>" % (ralnum(30), TR))
phpmailer(m, """Dear Traveller,

thank you for booking "Lofoten Ski & Sail" (6-13 March 2027, booking BW-27-0311).

We tried to collect the remaining balance of EUR 1,840.00 from your card, but the payment was declined. Please update your payment details in your customer account within 48 hours so that we can keep your cabin reserved:

https://www.bergwelt-reisen.de/kundenkonto/zahlung?b=BW-27-0311

If you prefer to pay by bank transfer, please reply to this email and we will send you our bank details.

Kind regards
Your Bergwelt Reisen team
""")
save(m, H, "46_travel_agency_dear_traveller_balance")

# 47 IT provider migration notice, brand name in display name
m = base("Pixelwerk IT - Microsoft 365 Support <support@%s>" % AG, "anna.berger@%s" % D, "Umstellung auf Microsoft 365 am Wochenende", 30, msgid="<%s@%s>" % (uuid.uuid4(), AG))
outlook(m, """Hallo Frau Berger,

wie angekündigt ziehen wir am Wochenende Ihre Postfächer zu Microsoft 365 um.

Am Montag melden Sie sich bitte unter https://portal.office.com mit Ihrer
E-Mail-Adresse und dem Startpasswort aus dem Brief an. Beim ersten Login
werden Sie aufgefordert, Ihr Passwort zu ändern und die Microsoft
Authenticator-App einzurichten.

Bei Fragen erreichen Sie uns am Montag ab 7:00 Uhr unter 0662 123 456.

Viele Grüße
Ihr Pixelwerk IT-Team""")
save(m, H, "47_msp_m365_migration_brand_name")

# 48 Shop Christmas raffle winner notification
m = base(INFO, "familie.maier@t-online.de", "Gewinnspiel: Sie haben gewonnen! / Adventsverlosung", 10)
thunderbird(m, """Liebe Familie Maier,

herzlichen Glückwunsch! Bei unserer Adventsverlosung im Laden wurde Ihr Los
gezogen: Sie haben einen Gutschein über 150 EUR gewonnen.

Ihre Losnummer (ticket number): 0412

To claim your prize, kommen Sie einfach bis 31.12. mit dieser E-Mail in
unseren Laden in der Hauptstraße 12. Eine Barauszahlung ist nicht möglich.

(English: Congratulations, you have won a 150 EUR voucher in our Advent
lottery. Please bring this email to our store to claim your prize.)

Viele Grüße
Ihr Alpenglow-Team
""")
save(m, H, "48_raffle_winner_notification")

# 49 Probate genealogist tracing next of kin (legit, English)
m = base("Eleanor Hartley <e.hartley@%s>" % SOL, "<k.whitmore@web.de>", "Estate of the late Margaret Whitmore - tracing next of kin", 40, msgid="<%s@%s>" % (uuid.uuid4(), SOL))
outlook(m, """Dear Sir or Madam,

We act as solicitors for the estate of the late Mrs Margaret Whitmore of Cheltenham, who died on 3 March 2026 without leaving a will. We are trying to trace the deceased's next of kin, and our research suggests that you may be related to her through her late brother, Karl Whitmore, who emigrated to Germany in 1962.

If you are a relative, you may be a beneficiary of the estate under the intestacy rules. There is no fee of any kind payable by you. Please contact us by telephone on +44 1242 555 010 or reply to this email with your date of birth and your father's full name, so that we can check the family tree.

You can verify our firm on the Solicitors Regulation Authority register (SRA No. 612345).

Yours faithfully

Eleanor Hartley
Partner, Hartley & Co Probate Solicitors""", lang="en-gb")
save(m, H, "49_probate_tracing_next_of_kin")

# 50 HTML-only activation mail from a custom shop/SaaS
m = base("Alpenglow Rental <noreply@%s>" % D, "j.martin@refuge-du-lac.fr", "Welcome to Alpenglow Rental! Please confirm your account", 1, msgid="<%s@rental.%s>" % (rhex(32), D))
m.set_content("""<html><body style="font-family:Arial;background:#f6f6f6"><div style="max-width:560px;margin:auto;background:#fff;padding:24px">
<img src="https://rental.alpenglow-outfitters.de/img/logo.png" width="160" alt="Alpenglow Rental">
<h2>Welcome, Julien!</h2><p>Thanks for signing up for Alpenglow Rental, our ski and climbing gear rental service.</p>
<p>Please click the link below to verify your email address and activate your account:</p>
<p><a href="https://rental.alpenglow-outfitters.de/activate/7f3a9c1e5b2d8a4f" style="background:#2d5f3f;color:#fff;padding:12px 24px;text-decoration:none">Verify your account</a></p>
<p style="font-size:12px;color:#777">The link is valid within 24 hours. If you did not sign up, please ignore this email.</p></div></body></html>""",
              subtype="html", charset="utf-8", cte="quoted-printable")
save(m, H, "50_html_only_activation_mail")

# 51 IT hotfix with theme zip, high priority
m = base("Jonas Pixel <jonas@%s>" % AG, "Anna Berger <anna.berger@%s>" % D, "Dringend: Hotfix Checkout-Fehler", 2, msgid="<%s@%s>" % (uuid.uuid4(), AG))
m["X-Priority"] = "1 (Highest)"
thunderbird(m, """Hallo Anna,

der Fehler im Checkout (Zahlungsart PayPal wird nicht angezeigt) kommt aus
dem Child-Theme. Anbei die korrigierte Version 1.4.3, bitte so schnell wie
möglich einspielen (Design > Themes > Theme hochladen > ersetzen).

Grüße
Jonas
""")
attach(m, "alpenglow-child-1.4.3.zip", zip_bytes([
    ("alpenglow-child/style.css", "/* Theme Name: Alpenglow Child */"), ("alpenglow-child/functions.php", "<?php // fix"),
    ("alpenglow-child/js/checkout.js", "jQuery(function($){ /* fix */ });")]))
save(m, H, "51_agency_hotfix_zip_js_high_priority")

# 52 IT admin sends a PowerShell script to a colleague
m = base("Felix Braun <felix.braun@%s>" % D, "Daniel Wolf <daniel.wolf@%s>" % D, "Skript für die Drucker im Lager", 5)
thunderbird(m, """Hi Daniel,

hier das Skript, das die beiden Lagerdrucker auf den neuen Laptops einrichtet.
Als Admin in PowerShell ausführen.

Felix
""")
attach(m, "Install-LagerDrucker.ps1", "Add-PrinterPort -Name 'IP_10.0.4.21' -PrinterHostAddress '10.0.4.21'\nAdd-Printer -Name 'Lager-1' -DriverName 'HP Universal Printing PCL 6' -PortName 'IP_10.0.4.21'\n")
save(m, H, "52_admin_powershell_script")
print("extra ham done")
