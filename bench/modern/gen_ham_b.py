#!/usr/bin/env python3
"""gen_ham_b.py - the held-out modern set, legitimate side: writes 60
messages to $MODERN_OUT/ham (gen_lib.save) that the accounts of small
businesses at a hosting provider send in 2026 through the outgoing
smarthost: a dental practice, a bakery, a tax advisor, a sports club, an IT
managed-service provider, a coffee web shop, a hotel, a school parents'
association, a freelance developer, a law firm, a charity and a pharmacy.
Many are the hard cases: password resets, 2FA codes, payment reminders,
security notices, newsletters with click tracking, donation appeals, a
raffle result, an estate letter, a bank-details notice, Microsoft 365
notices from an MSP, monitor mail with IP links, mail in ten languages and
attachments of many kinds."""
import base64, random, struct, time, uuid, zlib
from gen_lib import *
from gen_b_common import *

random.seed(4711)
CT["csv"] = ("text", "csv")


def reply(m, orig_id, refs=()):
    m["In-Reply-To"] = orig_id
    m["References"] = " ".join(list(refs) + [orig_id])


def other_id(domain):
    return make_msgid(domain=domain)


def jpg_bytes(n=6000):
    hdr = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00H\x00H\x00\x00"
    exif = b"\xff\xe1\x00\x16Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00"
    return hdr + exif + bytes(random.getrandbits(8) for _ in range(n)) + b"\xff\xd9"


def png_image(w=64, h=48, seed=0):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    raw = b"".join(b"\x00" + bytes(v for x in range(w) for v in (
        (x * 4 + seed) & 255, (y * 5) & 255, (x + y + seed * 3) & 255)) for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def ics(uid_dom, summary, start, end, location, organizer, attendee, desc="", method="REQUEST"):
    return ("BEGIN:VCALENDAR\r\nPRODID:-//%s//Kalender//DE\r\nVERSION:2.0\r\nMETHOD:%s\r\n"
            "BEGIN:VEVENT\r\nUID:%s@%s\r\nDTSTAMP:20260310T090000Z\r\nDTSTART;TZID=Europe/Berlin:%s\r\n"
            "DTEND;TZID=Europe/Berlin:%s\r\nSUMMARY:%s\r\nLOCATION:%s\r\nDESCRIPTION:%s\r\n"
            "ORGANIZER;CN=%s\r\nATTENDEE;RSVP=TRUE:mailto:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            % (uid_dom, method, rhex(24), uid_dom, start, end, summary, location, desc,
               organizer, attendee))


def mailchimp(dom, n):
    return "https://%s.us17.list-manage.com/track/click?u=%s&id=%s&e=%s" % (
        dom.split(".")[0], rhex(25), rhex(10), rhex(10))


def klaviyo():
    return "https://ctrk.klaviyo.com/ls/click?upn=u001.%s" % ralnum(120, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def brevo():
    return "https://%s.r.sp1-brevo.net/mk/cl/f/sh/%s/%s" % (ralnum(5, "abcdefghijklmnopqrstuvwxyz0123456789"),
                                                           ralnum(30), ralnum(12))


# ============================================================================
# dental practice (Dr. Lehmann)
# ============================================================================

def dental():
    # appointment reminder from the practice software (PHPMailer), with .ics
    m = base("Zahnarztpraxis Dr. Lehmann <termine@%s>" % DENT, "sabine.kroll@web.de",
             "Terminerinnerung: Ihre Prophylaxe am Dienstag, 17. März, 08:30 Uhr", 30)
    text = ("Guten Tag Frau Kroll,\n\n"
            "wir möchten Sie an Ihren Termin in unserer Praxis erinnern:\n\n"
            "  Dienstag, 17.03.2026, 08:30 Uhr\n  Professionelle Zahnreinigung (ca. 60 Minuten)\n"
            "  bei Frau Yilmaz, Dentalhygienikerin\n\n"
            "Bitte bringen Sie Ihre Versichertenkarte mit. Falls Sie den Termin nicht wahrnehmen können, "
            "sagen Sie bitte bis spätestens 24 Stunden vorher ab, telefonisch unter 0721 4455 120 oder über "
            "https://www.%s/termin-absagen?ref=T-88213\n\n"
            "Den Termin finden Sie auch als Kalendereintrag im Anhang.\n\n"
            "Freundliche Grüße\nIhr Praxisteam Dr. med. dent. Anna Lehmann\n"
            "Kaiserstraße 142, 76133 Karlsruhe\n" % DENT)
    html = ("<html><body style=\"font-family:Arial,sans-serif;font-size:14px;color:#333\">"
            "<p>Guten Tag Frau Kroll,</p><p>wir möchten Sie an Ihren Termin in unserer Praxis erinnern:</p>"
            "<table style=\"border-left:4px solid #2a9d8f;padding-left:10px\"><tr><td><b>Dienstag, 17.03.2026, 08:30 Uhr</b><br>"
            "Professionelle Zahnreinigung (ca. 60 Minuten)<br>bei Frau Yilmaz, Dentalhygienikerin</td></tr></table>"
            "<p>Bitte bringen Sie Ihre Versichertenkarte mit. Falls Sie den Termin nicht wahrnehmen können, sagen Sie bitte "
            "bis spätestens 24 Stunden vorher ab, telefonisch unter 0721&nbsp;4455&nbsp;120 oder "
            "<a href=\"https://www.%s/termin-absagen?ref=T-88213\">online</a>.</p>"
            "<p>Freundliche Grüße<br>Ihr Praxisteam Dr. med. dent. Anna Lehmann<br>"
            "<span style=\"color:#888\">Kaiserstraße 142, 76133 Karlsruhe</span></p></body></html>" % DENT)
    phpmailer(m, text, html)
    attach(m, "Termin_Praxis_Dr_Lehmann.ics",
           ics(DENT, "Zahnreinigung Praxis Dr. Lehmann", "20260317T083000", "20260317T093000",
               "Kaiserstraße 142\\, 76133 Karlsruhe", "Praxis Dr. Lehmann:mailto:termine@" + DENT,
               "sabine.kroll@web.de", method="PUBLISH"))
    save(m, "ham", "01_dental_appointment_reminder_ics")

    # recall mail from the practice CRM: HTML only
    m = base("Praxis Dr. Lehmann <recall@%s>" % DENT, "Herr Dieter Brandl <d.brandl@t-online.de>",
             "Es ist wieder Zeit für Ihre Kontrolluntersuchung", 52)
    del m["Message-ID"]
    m["Message-ID"] = "<%s.%s@%s>" % (rhex(16), rhex(8), DENT)
    m["X-Mailer"] = "Dampsoft DS-Win Recall 2026"
    html = ("<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Recall</title></head>"
            "<body style=\"margin:0;background:#f4f7f7\"><table width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">"
            "<tr><td align=\"center\"><table width=\"600\" style=\"background:#fff;font-family:Helvetica,Arial\">"
            "<tr><td style=\"background:#2a9d8f;color:#fff;padding:18px;font-size:20px\">Zahnarztpraxis Dr. Lehmann</td></tr>"
            "<tr><td style=\"padding:24px;font-size:15px;line-height:1.5\">"
            "<p>Sehr geehrter Herr Brandl,</p>"
            "<p>Ihre letzte Kontrolluntersuchung liegt nun sechs Monate zurück. Damit Ihr Bonusheft lückenlos bleibt, "
            "empfehlen wir Ihnen, in den nächsten Wochen einen Termin zu vereinbaren.</p>"
            "<p style=\"text-align:center\"><a href=\"https://www." + DENT + "/online-termin\" "
            "style=\"background:#2a9d8f;color:#fff;padding:10px 22px;text-decoration:none;border-radius:4px\">"
            "Termin online buchen</a></p>"
            "<p>Oder rufen Sie uns an: 0721 4455 120 (Mo–Fr 8–18 Uhr).</p>"
            "<p>Mit freundlichen Grüßen<br>Ihr Team der Zahnarztpraxis Dr. Lehmann</p></td></tr>"
            "<tr><td style=\"font-size:11px;color:#999;padding:12px 24px\">Sie erhalten diese Erinnerung, weil Sie der "
            "Recall-Erinnerung zugestimmt haben. <a href=\"https://www." + DENT + "/recall-abmelden?p=40917\">Abmelden</a>"
            "</td></tr></table></td></tr></table></body></html>")
    m.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    save(m, "ham", "02_dental_recall_html_only_crm")

    # referral to an oral surgeon, reply with quoted text and an x-ray jpg
    orig = other_id("mkg-chirurgie-karlsruhe.de")
    m = base("Dr. Anna Lehmann <a.lehmann@%s>" % DENT,
             "Dr. Felix Hausmann <praxis@mkg-chirurgie-karlsruhe.de>",
             "Re: Überweisung Patient M. Schäfer, Weisheitszahn 38", 6)
    reply(m, orig)
    thunderbird(m, "Lieber Herr Kollege Hausmann,\n\n"
                "anbei wie besprochen das OPG von Herrn Schäfer (aufgenommen am 02.03.). Der 38 ist verlagert und "
                "liegt nah am Nervkanal; ein DVT wäre aus meiner Sicht sinnvoll.\n\n"
                "Der Patient meldet sich diese Woche bei Ihnen zur Terminvereinbarung.\n\n"
                "Viele Grüße\nAnna Lehmann\n\n"
                "Am 09.03.26 um 16:42 schrieb Dr. Felix Hausmann:\n"
                "> Liebe Frau Lehmann,\n>\n"
                "> gerne übernehmen wir Herrn Schäfer. Können Sie mir vorab die aktuelle\n"
                "> Panoramaaufnahme schicken?\n>\n> Beste Grüße\n> F. Hausmann\n")
    attach(m, "OPG_Schaefer_2026-03-02.jpg", jpg_bytes(9000))
    save(m, "ham", "03_dental_referral_xray_jpg_reply")

    # Arabic-speaking patient
    m = base("Zahnarztpraxis Dr. Lehmann <info@%s>" % DENT, "khaled.haddad@gmail.com",
             "موعدك في عيادة الأسنان / Ihr Termin", 20)
    thunderbird(m, "مرحباً سيد حداد،\n\n"
                "شكراً لرسالتك. يسعدنا أن نؤكد موعدك يوم الخميس 19 مارس 2026 الساعة 10:15 صباحاً "
                "لفحص الأسنان وتنظيفها.\n\n"
                "يرجى إحضار بطاقة التأمين الصحي وقائمة بالأدوية التي تتناولها. إذا احتجت إلى مترجم، "
                "تتحدث زميلتنا ليلى العربية وستكون في العيادة في ذلك اليوم.\n\n"
                "العنوان: Kaiserstraße 142, 76133 Karlsruhe\n"
                "الهاتف: 0721 4455 120\n\n"
                "مع أطيب التحيات\nفريق عيادة الدكتورة ليمان\n\n"
                "--\nGuten Tag Herr Haddad, hiermit bestätigen wir Ihren Termin am Do, 19.03.2026, 10:15 Uhr.\n",
                lang="ar")
    save(m, "ham", "04_dental_arabic_patient_reply")


# ============================================================================
# bakery (Hofmann, Kassel)
# ============================================================================

def bakery():
    orig = "<%s@gmx.de>" % str(uuid.uuid4()).upper()
    m = base("Bäckerei Hofmann <bestellung@%s>" % BAK, "Julia Neumann <julia.neumann92@gmx.de>",
             "Re: Hochzeitstorte 6. Juni – Bestätigung", 44)
    reply(m, orig)
    applemail(m, "Hallo Frau Neumann,\n\n"
              "vielen Dank, dann halten wir fest: dreistöckige Torte, Zitrone-Holunder und Schoko-Himbeere, "
              "weiße Buttercreme mit frischen Blüten, für ca. 90 Gäste. Lieferung am Samstag, 06.06., "
              "um 13 Uhr ins Schlosshotel Wilhelmshöhe, Aufbau durch uns.\n\n"
              "Gesamtpreis 540,00 € inkl. Lieferung. Die Anzahlung von 150 € können Sie bei der Verkostung "
              "bar oder mit Karte bezahlen.\n\n"
              "Liebe Grüße aus der Backstube\nMarkus Hofmann\n\nVon meinem iPhone gesendet\n\n"
              "> Am 08.03.2026 um 21:17 schrieb Julia Neumann <julia.neumann92@gmx.de>:\n>\n"
              "> Hallo Herr Hofmann, wir haben uns für Zitrone-Holunder und Schoko-Himbeere\n"
              "> entschieden. Geht die Lieferung ins Schlosshotel?\n", iphone=True)
    save(m, "ham", "05_bakery_wedding_cake_order_iphone")

    m = base("Markus Hofmann <m.hofmann@%s>" % BAK, "Ufficio Ordini <ordini@molino-bertolani.it>",
             "Ordine farina tipo 00 e semola – aprile 2026", 70)
    thunderbird(m, "Gentili signori,\n\n"
                "vorrei ordinare per la consegna entro il 10 aprile:\n\n"
                "- 40 sacchi farina di grano tenero tipo 00 \"Pizzeria\" (25 kg)\n"
                "- 12 sacchi semola rimacinata di grano duro (25 kg)\n"
                "- 6 sacchi farina tipo 1 macinata a pietra (25 kg)\n\n"
                "Indirizzo di consegna: Bäckerei Hofmann, Friedrich-Ebert-Str. 88, 34119 Kassel, Germania.\n"
                "Consegna possibilmente di mattina, tra le 6 e le 11.\n\n"
                "Vi prego di inviarmi la conferma d'ordine con il prezzo aggiornato. Il pagamento come "
                "sempre tramite bonifico a 30 giorni.\n\n"
                "Cordiali saluti\nMarkus Hofmann\nBäckerei Hofmann – Kassel\nTel. +49 561 773 4410\n",
                lang="it-IT")
    save(m, "ham", "06_bakery_italian_flour_order")

    m = base("Bäckerei Hofmann <info@%s>" % BAK, "Kathrin Vogt <k.vogt@kita-sonnenblume-kassel.de>",
             "Fotos vom Backkurs der Vorschulkinder", 26)
    thunderbird(m, "Liebe Frau Vogt,\n\n"
                "es war ein wunderbarer Vormittag mit den Kindern! Wie versprochen schicke ich Ihnen die "
                "Fotos vom Brezelbacken als ZIP-Datei. Auf den Bildern sind nur Hände und Teig zu sehen, "
                "so wie mit den Eltern abgesprochen.\n\n"
                "Herzliche Grüße\nSandra Hofmann\n")
    photos = [("Backkurs_2026/IMG_%04d.jpg" % (4410 + i), jpg_bytes(4000)) for i in range(6)]
    attach(m, "Backkurs_Kita_Sonnenblume.zip", zip_bytes(photos))
    save(m, "ham", "07_bakery_course_photos_zip")

    m = base("Sandra Hofmann <s.hofmann@%s>" % BAK,
             "Agnieszka Wróbel <a.wrobel@%s>, Tomasz Nowak <t.nowak@%s>" % (BAK, BAK),
             "Grafik na kwiecień / Schichtplan April", 90)
    thunderbird(m, "Cześć Agnieszka, cześć Tomek,\n\n"
                "w załączniku grafik zmian na kwiecień. W Wielkanoc (5–6 kwietnia) sklep jest zamknięty, "
                "ale w sobotę 4 kwietnia zaczynamy już o 3:00 – proszę o potwierdzenie, kto może przyjść.\n\n"
                "Jeśli chcecie się zamienić zmianami, napiszcie mi do piątku.\n\n"
                "Dzięki i pozdrawiam\nSandra\n", lang="pl-PL")
    attach(m, "Schichtplan_April_2026.xlsx", ooxml("xlsx"))
    save(m, "ham", "08_bakery_polish_shift_plan_xlsx")


# ============================================================================
# tax advisor (Kranz & Partner)
# ============================================================================

def tax():
    m = base("Thomas Kranz <t.kranz@%s>" % STB, "Ralf Dietrich <info@dietrich-elektrotechnik.de>",
             "Änderung unserer Bankverbindung zum 1. April 2026", 120)
    outlook(m, "Sehr geehrter Herr Dietrich,\n\n"
            "wir möchten Sie darüber informieren, dass unsere Kanzlei ihr Geschäftskonto zum 1. April 2026 "
            "von der Volksbank Kassel Göttingen zur Kasseler Sparkasse wechselt. Unsere neue Bankverbindung "
            "lautet:\n\n"
            "Kranz & Partner Steuerberatungsgesellschaft mbB\n"
            "IBAN: DE12 5205 0353 0001 2345 67\nBIC: HELADEF1KAS\n\n"
            "Bitte passen Sie einen eventuellen Dauerauftrag für unsere monatliche Pauschale an. Für "
            "SEPA-Lastschriften ändert sich nichts: unsere Gläubiger-ID und Ihre Mandatsreferenz bleiben gleich.\n\n"
            "Zu Ihrer Sicherheit: Wir ändern unsere Bankverbindung nie kurzfristig per E-Mail ohne schriftliche "
            "Ankündigung. Das beigefügte Schreiben erhalten Sie zusätzlich per Post. Bei Zweifeln rufen Sie bitte "
            "unter der Ihnen bekannten Kanzleinummer 0561 920 33-0 an.\n\n"
            "Mit freundlichen Grüßen\n\nThomas Kranz\nSteuerberater\n"
            "Kranz & Partner Steuerberatungsgesellschaft mbB\nWilhelmshöher Allee 210, 34119 Kassel\n")
    attach(m, "Kranz_Partner_neue_Bankverbindung.pdf", pdf_bytes("Neue Bankverbindung"))
    save(m, "ham", "09_tax_new_bank_details_notice_pdf")

    m = base("Melanie Roth <m.roth@%s>" % STB, "Jan Petersen <jan.petersen@posteo.de>",
             "ESt 2025: Ihre Bitcoin- und Ethereum-Verkäufe", 35)
    outlook(m, "Hallo Herr Petersen,\n\n"
            "für Ihre Einkommensteuererklärung 2025 benötigen wir noch Angaben zu Ihren Kryptowährungen. "
            "Private Veräußerungsgeschäfte mit Bitcoin sind nach § 23 EStG nur steuerpflichtig, wenn zwischen "
            "Kauf und Verkauf weniger als ein Jahr liegt; die Freigrenze liegt seit 2024 bei 1.000 €.\n\n"
            "Bitte schicken Sie uns:\n"
            "1. den vollständigen Transaktionsexport (CSV) von Bitpanda und Kraken für 2024 und 2025,\n"
            "2. eine Aufstellung Ihrer Wallets, aus denen Sie verkauft haben (z. B. bc1q7x...k3m, nur zur "
            "Zuordnung, keine Seeds oder Passwörter!),\n"
            "3. die Staking-Erträge aus Ethereum (diese sind sonstige Einkünfte nach § 22 Nr. 3 EStG).\n\n"
            "Alternativ können Sie uns den Steuerreport aus CoinTracking oder Blockpit geben, das spart Ihnen "
            "Honorar. Die Unterlagen laden Sie bitte wie gewohnt in DATEV Unternehmen online hoch.\n\n"
            "Viele Grüße\nMelanie Roth\nSteuerfachangestellte\nKranz & Partner\n")
    save(m, "ham", "10_tax_crypto_bitcoin_gains_question")

    m = base("Ayşe Demir <a.demir@%s>" % STB, "Mehmet Yıldız <mehmet@yildiz-kebaphaus.de>",
             "2025 yılı beyannamesi için eksik belgeler", 60)
    outlook(m, "Merhaba Mehmet Bey,\n\n"
            "2025 yılı gelir vergisi beyannameniz için aşağıdaki belgeler hâlâ eksik:\n\n"
            "- Aralık 2025 kasa defteri ve Z raporları\n"
            "- Dükkân kirası için Ocak–Aralık banka dökümleri\n"
            "- Yeni döner makinesinin faturası (Eylül 2025)\n"
            "- Sağlık sigortası yıllık bildirimi\n\n"
            "Belgeleri 31 Mart'a kadar bürömüze getirirseniz ya da DATEV Unternehmen online'a yüklerseniz "
            "beyannameyi nisan ayında hazırlayabiliriz. Sorularınız olursa beni 0561 920 33-14 numarasından "
            "arayabilirsiniz.\n\n"
            "Saygılarımla\nAyşe Demir\nKranz & Partner Vergi Danışmanlığı\n", lang="tr-tr")
    save(m, "ham", "11_tax_turkish_client_missing_documents")

    m = base("Kranz & Partner Buchhaltung <buchhaltung@%s>" % STB,
             "Gärtnerei Lindemann <kontakt@gaertnerei-lindemann.de>",
             "2. Mahnung: Rechnung 2026-0147 – Ihr Konto ist überfällig", 14)
    outlook(m, "Sehr geehrte Damen und Herren,\n\n"
            "leider konnten wir trotz unserer Zahlungserinnerung vom 16.02.2026 keinen Zahlungseingang für "
            "die folgende Rechnung feststellen:\n\n"
            "Rechnung 2026-0147 vom 15.01.2026 (Jahresabschluss 2024), offener Betrag 2.386,50 €\n\n"
            "Wir bitten Sie, den Betrag bis zum 24.03.2026 auf unser bekanntes Konto zu überweisen. "
            "Sollte sich Ihre Zahlung mit diesem Schreiben überschnitten haben, betrachten Sie diese Mahnung "
            "bitte als gegenstandslos. Falls es Schwierigkeiten gibt, sprechen Sie uns gern auf eine "
            "Ratenzahlung an.\n\n"
            "Die Rechnung finden Sie nochmals im Anhang.\n\n"
            "Mit freundlichen Grüßen\nSilke Brand\nBuchhaltung Kranz & Partner\n")
    attach(m, "Rechnung_2026-0147.pdf", pdf_bytes("Rechnung 2026-0147"))
    save(m, "ham", "12_tax_second_reminder_account_overdue_pdf")

    m = base("Thomas Kranz <t.kranz@%s>" % STB, "Dr. Claudia Weiß <c.weiss@tierarzt-weiss-kassel.de>",
             "Frist Umsatzsteuer-Voranmeldung und Zugang zu Mein ELSTER", 100)
    outlook(m, "Liebe Frau Dr. Weiß,\n\n"
            "die Umsatzsteuer-Voranmeldung für Februar ist am 10. März fällig. Wir haben die Buchhaltung "
            "fertig und übermitteln die Anmeldung wie immer über DATEV. Die Zahllast beträgt 1.214,77 € "
            "und wird per Lastschrift vom Finanzamt eingezogen.\n\n"
            "Ihr eigenes ELSTER-Zertifikat läuft übrigens im April ab. Sie können es unter "
            "https://www.elster.de/eportal/login verlängern; eine Anleitung gibt es unter "
            "https://www.elster.de/eportal/helpGlobal?themaGlobal=help_zertifikat_verlaengern.\n\n"
            "Mit freundlichen Grüßen\nThomas Kranz\n")
    save(m, "ham", "13_tax_vat_deadline_elster_links")


# ============================================================================
# sports club (TSV Eichenau 1921 e.V.)
# ============================================================================

def club():
    m = base("TSV Eichenau – Festausschuss <fest@%s>" % TSV, "Familie Maier <maier.eichenau@t-online.de>",
             "Herzlichen Glückwunsch – Sie haben bei unserer Tombola gewonnen!", 16)
    roundcube(m, "Liebe Familie Maier,\n\n"
              "bei der Tombola unseres Winterballs am Samstag wurde Ihr Los Nr. 0417 als einer der Hauptpreise "
              "gezogen. Herzlichen Glückwunsch! Sie haben einen Wochenend-Gutschein für zwei Personen im "
              "Berggasthof Hochalm gewonnen (gestiftet von der Familie Obermeier).\n\n"
              "Da Sie bei der Ziehung schon gegangen waren, liegt der Gutschein in der Geschäftsstelle "
              "(Vereinsheim, Di und Do 17–19 Uhr). Bitte bringen Sie das Los mit.\n\n"
              "Alle Gewinnnummern hängen auch im Schaukasten und stehen auf https://www.%s/tombola-2026\n\n"
              "Der Erlös von 3.840 € geht an unsere Jugendabteilung – vielen Dank fürs Mitmachen!\n\n"
              "Sportliche Grüße\nPetra Huber\nFestausschuss TSV Eichenau 1921 e.V.\n" % TSV)
    save(m, "ham", "14_club_raffle_winner_notice")

    m = base("TSV Eichenau <info@%s>" % TSV, "mitglieder@lists.%s" % TSV,
             "Einladung: Kostenloses Sommerfest für die ganze Familie! Eintritt frei!", 80)
    m["List-Id"] = "TSV Mitglieder <mitglieder.lists.%s>" % TSV
    m["List-Unsubscribe"] = "<mailto:mitglieder-leave@lists.%s>" % TSV
    m["Precedence"] = "list"
    thunderbird(m, "Liebe Mitglieder, liebe Freunde des TSV!\n\n"
                "Am Samstag, 11. Juli, feiern wir ab 14 Uhr unser Sommerfest auf dem Sportgelände an der "
                "Ringstraße. Der Eintritt ist frei!\n\n"
                "- Kinderolympiade und Hüpfburg – kostenlos für alle Kinder!\n"
                "- Elfmeterschießen der Jugend um 16 Uhr\n- Ab 19 Uhr Live-Musik mit \"Die Ampertaler\"\n"
                "- Kaffee und Kuchen von unseren Eltern, Grill und Getränke zu Vereinspreisen\n\n"
                "Wir suchen noch Helfer für den Auf- und Abbau – bitte tragt euch ein: "
                "https://www.%s/sommerfest/helfer\n\n"
                "Den Termin zum Eintragen in den Kalender findet ihr im Anhang.\n\n"
                "Bis bald auf dem Platz!\nEuer Vorstand\n" % TSV)
    attach(m, "Sommerfest_TSV_2026.ics",
           ics(TSV, "TSV Sommerfest", "20260711T140000", "20260711T230000", "Sportgelände Ringstraße\\, Eichenau",
               "TSV Eichenau:mailto:info@" + TSV, "mitglieder@lists." + TSV, method="PUBLISH"))
    save(m, "ham", "15_club_free_summer_festival_invite_ics")

    m = base("TSV Eichenau Kassenwart <kasse@%s>" % TSV, "Stefan Gruber <stefan.gruber@gmx.net>",
             "Lastschrift fehlgeschlagen – Mitgliedsbeitrag 2026", 40)
    roundcube(m, "Hallo Stefan,\n\n"
              "der Einzug des Jahresbeitrags 2026 (Familienbeitrag 180,00 €) von deinem Konto bei der "
              "Sparda-Bank ist leider fehlgeschlagen; die Bank hat die Lastschrift mit \"Konto erloschen\" "
              "zurückgegeben. Dabei sind uns 3,50 € Rücklastschriftgebühren entstanden.\n\n"
              "Bitte gib uns deine neue Bankverbindung über das Formular in der Geschäftsstelle oder im "
              "Mitgliederbereich (https://www.%s/mitglieder/bankdaten) an, dann ziehen wir den Beitrag im "
              "April erneut ein. Alternativ kannst du 183,50 € überweisen:\n\n"
              "TSV Eichenau 1921 e.V., IBAN DE44 7005 4306 0000 1122 33, Verwendungszweck: Beitrag 2026 Gruber\n\n"
              "Danke und viele Grüße\nWolfgang Lechner\nKassenwart\n" % TSV)
    save(m, "ham", "16_club_membership_direct_debit_failed")

    orig1 = other_id("gmail.com")
    orig2 = "<%s@%s>" % (rhex(32), TSV)
    m = base("Florian Berger <f.berger@%s>" % TSV, "Nicole Schmid <nicole.schmid1985@gmail.com>",
             "Re: Re: Training U11 am Freitag", 3)
    reply(m, orig2, [orig1])
    roundcube(m, "Hallo Nicole,\n\n"
              "kein Problem, dann holt Lukas die Trikots einfach am Dienstag ab. Das Training am Freitag "
              "findet wegen des Platzumbaus in der Halle statt (Hallenschuhe!).\n\n"
              "Gruß\nFlorian\n\n"
              "Am 2026-03-12 19:48, schrieb Nicole Schmid:\n"
              "> Hallo Florian,\n> Lukas ist am Freitag beim Zahnarzt und kommt später. Kann er die\n"
              "> Trikots trotzdem noch bekommen?\n> Nicole\n>\n"
              "> Am 2026-03-11 08:02, schrieb Florian Berger:\n"
              ">> Liebe Eltern, am Freitag verteilen wir die neuen Trikots. Bitte\n"
              ">> 25 € Eigenanteil mitbringen.\n")
    save(m, "ham", "17_club_training_reply_quoted")


# ============================================================================
# IT managed-service provider (Nordlicht IT)
# ============================================================================

def msp():
    m = base("Nordlicht IT Servicedesk <servicedesk@%s>" % MSP,
             "Heike Albers <h.albers@albers-immobilien.de>",
             "Ihr Microsoft 365-Kennwort läuft in 7 Tagen ab", 9)
    text = ("Hallo Frau Albers,\n\n"
            "das Kennwort Ihres Microsoft 365-Kontos h.albers@albers-immobilien.de läuft am 22.03.2026 ab "
            "(Richtlinie Ihrer Firma: alle 180 Tage).\n\n"
            "So ändern Sie es selbst:\n"
            "1. Öffnen Sie https://www.office.com/ und melden Sie sich wie gewohnt an.\n"
            "2. Klicken Sie oben rechts auf Ihr Profilbild > \"Konto anzeigen\" > \"Kennwort\", oder gehen Sie "
            "direkt auf https://mysignins.microsoft.com/security-info\n"
            "3. Wählen Sie ein neues Kennwort mit mindestens 14 Zeichen.\n\n"
            "Wichtig: Wir fragen Sie nie per E-Mail nach Ihrem Kennwort, und dieser Hinweis enthält keinen "
            "Anmeldelink zu einer fremden Seite. Wenn Sie unsicher sind, tippen Sie die Adresse office.com "
            "selbst in den Browser ein oder rufen Sie uns an: 0421 696 40-0.\n\n"
            "Ihr Servicedesk\nNordlicht IT GmbH – Bremen\n")
    html = ("<html><body style=\"font-family:Segoe UI,Arial;font-size:14px\">"
            "<p>Hallo Frau Albers,</p><p>das Kennwort Ihres Microsoft 365-Kontos <b>h.albers@albers-immobilien.de</b> "
            "läuft am <b>22.03.2026</b> ab (Richtlinie Ihrer Firma: alle 180 Tage).</p><p>So ändern Sie es selbst:</p><ol>"
            "<li>Öffnen Sie <a href=\"https://www.office.com/\">www.office.com</a> und melden Sie sich wie gewohnt an.</li>"
            "<li>Klicken Sie oben rechts auf Ihr Profilbild &gt; „Konto anzeigen“ &gt; „Kennwort“, oder gehen Sie direkt auf "
            "<a href=\"https://mysignins.microsoft.com/security-info\">mysignins.microsoft.com/security-info</a>.</li>"
            "<li>Wählen Sie ein neues Kennwort mit mindestens 14 Zeichen.</li></ol>"
            "<p><b>Wichtig:</b> Wir fragen Sie nie per E-Mail nach Ihrem Kennwort. Wenn Sie unsicher sind, tippen Sie "
            "office.com selbst in den Browser ein oder rufen Sie uns an: 0421&nbsp;696&nbsp;40-0.</p>"
            "<p>Ihr Servicedesk<br>Nordlicht IT GmbH – Bremen</p></body></html>")
    m["Auto-Submitted"] = "auto-generated"
    phpmailer(m, text, html)
    save(m, "ham", "18_msp_m365_password_expiry_reminder")

    m = base("Jens Carstens <j.carstens@%s>" % MSP,
             "<alle@hafenapotheke-vegesack.de>",
             "Umstellung auf Microsoft 365 Business Premium und MFA am 28. März", 110)
    outlook(m, "Liebes Team der Hafen-Apotheke,\n\n"
            "wie mit Herrn Olsen besprochen stellen wir am Samstag, 28. März, Ihre Postfächer auf Microsoft 365 "
            "Business Premium um. Ab Montag ist für alle Konten die Multi-Faktor-Authentifizierung (MFA) aktiv.\n\n"
            "Was Sie vorher tun sollten (5 Minuten):\n"
            "- Installieren Sie die App \"Microsoft Authenticator\" auf Ihrem Diensthandy.\n"
            "- Richten Sie sie unter https://aka.ms/mfasetup ein (Anleitung von Microsoft: "
            "https://support.microsoft.com/de-de/account-billing/einrichten-der-microsoft-authenticator-app-als-überprüfungsmethode-33452159-6af9-438f-8f82-63ce94cf3d29).\n\n"
            "Am Montag ab 7:30 Uhr ist ein Techniker von uns vor Ort und hilft bei Fragen. Outlook fragt nach der "
            "Umstellung einmal nach Ihrem Kennwort; das ist normal.\n\n"
            "Viele Grüße\nJens Carstens\nSystemadministrator\nNordlicht IT GmbH\nFaulenstraße 54, 28195 Bremen\n"
            "Tel. 0421 696 40-23\n")
    save(m, "ham", "19_msp_m365_mfa_rollout_notice")

    # cron mail: plain text, Postfix-style Message-Id
    m = base("Cron Daemon <root@backup01.%s>" % MSP, "monitoring@%s" % MSP,
             "Cron <root@backup01> /usr/local/bin/borg-nightly.sh", 7)
    del m["Message-ID"]
    m["Message-ID"] = "<%s.%s@backup01.%s>" % (time.strftime("%Y%m%d%H%M%S", time.gmtime(m._t)),
                                              rhex(10).upper(), MSP)
    m["X-Cron-Env"] = "<SHELL=/bin/sh>"
    m["X-Cron-Env"] = "<HOME=/root>"
    m["Auto-Submitted"] = "auto-generated"
    m.set_content("------------------------------------------------------------------------------\n"
                  "Repository: ssh://borg@10.20.0.15:2222/srv/borg/kunde-albers\n"
                  "Archive name: albers-fs01-2026-03-14T03:00\n"
                  "Time (start): Sat, 2026-03-14 03:00:02\nTime (end):   Sat, 2026-03-14 03:00:11\n"
                  "Number of files: 184213\n"
                  "                       Original size      Compressed size    Deduplicated size\n"
                  "This archive:              412.77 GB            301.02 GB              1.21 GB\n"
                  "All archives:               12.09 TB              8.77 TB            488.10 GB\n"
                  "------------------------------------------------------------------------------\n"
                  "prune: keeping 7 daily, 4 weekly, 12 monthly archives\n"
                  "WARNING: 192.168.40.20 (nas02) did not answer, skipped snapshot of /volume1/scans\n"
                  "see http://192.168.40.20:5000/ and http://10.20.0.15:8080/borg/status\n",
                  charset="utf-8", cte="8bit")
    save(m, "ham", "20_msp_cron_backup_plaintext_ip_links")

    m = base("Checkmk <checkmk@monitor.%s>" % MSP, "oncall@%s" % MSP,
             "*** PROBLEM *** Host: fw-albers Service: WAN1 Ping is CRITICAL", 2)
    del m["Message-ID"]
    m["Message-ID"] = "<%s.%s@monitor.%s>" % (int(m._t), rhex(8), MSP)
    m["Auto-Submitted"] = "auto-generated"
    m["X-Mailer"] = "Checkmk notification"
    m.set_content("Host:     fw-albers (192.168.1.1)\nService:  WAN1 Ping\nEvent:    OK -> CRIT\n"
                  "Address:  192.168.1.1\nDate / Time: Sat Mar 14 10:42:17 CET 2026\n"
                  "Output:   CRIT - 84.191.22.17: rta nan, lost 100%\n\n"
                  "Host URL:    http://192.168.1.10:8080/monitor/check_mk/index.py?start_url=view.py%3Fview_name%3Dhost%26host%3Dfw-albers\n"
                  "Service URL: http://192.168.1.10:8080/monitor/check_mk/view.py?view_name=service&host=fw-albers&service=WAN1%20Ping\n"
                  "Firewall UI: https://192.168.1.1:4444/\n\n"
                  "Acknowledge: http://192.168.1.10:8080/monitor/check_mk/view.py?_ack=1&host=fw-albers\n",
                  charset="utf-8", cte="8bit")
    save(m, "ham", "21_msp_monitor_alert_private_ip_links")

    # ticket system: HTML only
    m = base("Nordlicht IT Support <support@%s>" % MSP, "Lars Olsen <l.olsen@hafenapotheke-vegesack.de>",
             "[Ticket#2026031410000187] Drucker Rezeptur druckt nicht", 5)
    del m["Message-ID"]
    m["Message-ID"] = "<%s.%s.%s@%s>" % (int(m._t), random.randint(10000, 99999), random.randint(100, 999), MSP)
    m["X-Mailer"] = "Zammad Mail Service"
    m["Auto-Submitted"] = "auto-generated"
    html = ("<div style=\"font-family:'Helvetica Neue',Helvetica,Arial,sans-serif;font-size:12px\">"
            "<p>Hallo Herr Olsen,</p><p>wir haben den Drucker in der Rezeptur per Fernwartung geprüft: "
            "Der Treiber war nach dem Windows-Update vom Dienstag nicht mehr aktuell. Wir haben ihn neu installiert, "
            "eine Testseite wurde gedruckt.</p><p>Bitte geben Sie uns kurz Bescheid, ob jetzt alles wieder läuft. "
            "Wenn wir nichts von Ihnen hören, schließen wir das Ticket in 3 Tagen.</p>"
            "<p>Viele Grüße<br>Mehmet Kaya<br>Nordlicht IT Support</p>"
            "<p style=\"color:#888\">Ticket ansehen: <a href=\"https://support." + MSP + "/#ticket/zoom/8812\">"
            "https://support." + MSP + "/#ticket/zoom/8812</a></p></div>")
    m.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    save(m, "ham", "22_msp_ticket_update_html_only")

    m = base("Nordlicht IT Buchhaltung <rechnung@%s>" % MSP, "Geschäftsführung <gf@fahrschule-brinkmann.de>",
             "Letzte Mahnung – Konto überfällig, Dienste werden am 31.03. ausgesetzt", 18)
    outlook(m, "Sehr geehrter Herr Brinkmann,\n\n"
            "zu Ihrem Kundenkonto 10447 sind folgende Rechnungen seit mehr als 60 Tagen offen:\n\n"
            "RE-2025-3391 vom 01.12.2025  –  489,90 €\nRE-2026-0102 vom 02.01.2026  –  489,90 €\n"
            "RE-2026-0458 vom 02.02.2026  –  489,90 €\nGesamt: 1.469,70 €\n\n"
            "Auf unsere Erinnerungen vom 19.01. und 23.02. haben wir leider keine Antwort erhalten. Sollte der "
            "Betrag nicht bis zum 30.03.2026 eingehen, sind wir gemäß Ziffer 9 unserer AGB gezwungen, den "
            "Managed-Service-Vertrag ruhen zu lassen. Ihre Microsoft 365-Lizenzen und das Hosting der Website "
            "werden dann zum 31.03. ausgesetzt; Ihre Daten bleiben 30 Tage erhalten.\n\n"
            "Bitte melden Sie sich, wenn es ein Problem mit den Rechnungen gibt – wir finden sicher eine Lösung.\n\n"
            "Mit freundlichen Grüßen\nKatrin Meyer\nBuchhaltung Nordlicht IT GmbH\n")
    attach(m, "Kontoauszug_Kunde_10447.pdf", pdf_bytes("Offene Posten 10447"))
    save(m, "ham", "23_msp_final_reminder_service_suspension_pdf")

    m = base("Nordlicht Kundenportal <no-reply@portal.%s>" % MSP, "h.albers@albers-immobilien.de",
             "Sicherheitshinweis: Neue Anmeldung in Ihrem Kundenportal", 1)
    m["Auto-Submitted"] = "auto-generated"
    text = ("Hallo Heike Albers,\n\nin Ihrem Nordlicht-Kundenportal gab es eine neue Anmeldung:\n\n"
            "Zeit: 14.03.2026, 11:02 Uhr\nGerät: Firefox 136 auf Windows 11\nOrt (ungefähr): Bremen, DE\n"
            "IP-Adresse: 91.64.118.27\n\n"
            "Wenn Sie das waren, müssen Sie nichts tun.\n\n"
            "Wenn Sie das nicht waren, ändern Sie bitte sofort Ihr Kennwort unter "
            "https://portal.%s/account/security und informieren Sie uns unter 0421 696 40-0. "
            "Wir haben in diesem Fall alle anderen Sitzungen bereits abgemeldet, sobald Sie das Kennwort ändern.\n\n"
            "Nordlicht IT GmbH\n" % MSP)
    html = ("<html><body style=\"font-family:Arial;font-size:14px\"><h2 style=\"color:#0b3c5d\">Neue Anmeldung</h2>"
            "<p>Hallo Heike Albers,</p><p>in Ihrem Nordlicht-Kundenportal gab es eine neue Anmeldung:</p>"
            "<table cellpadding=4><tr><td>Zeit</td><td>14.03.2026, 11:02 Uhr</td></tr>"
            "<tr><td>Gerät</td><td>Firefox 136 auf Windows 11</td></tr><tr><td>Ort</td><td>Bremen, DE</td></tr>"
            "<tr><td>IP</td><td>91.64.118.27</td></tr></table>"
            "<p>Wenn Sie das waren, müssen Sie nichts tun.</p><p>Wenn nicht, "
            "<a href=\"https://portal." + MSP + "/account/security\">ändern Sie bitte sofort Ihr Kennwort</a> "
            "und informieren Sie uns unter 0421&nbsp;696&nbsp;40-0.</p><p>Nordlicht IT GmbH</p></body></html>")
    phpmailer(m, text, html)
    save(m, "ham", "24_msp_portal_new_signin_security_alert")


# ============================================================================
# coffee web shop (Kaffeeliebe Rösterei, WooCommerce)
# ============================================================================

def shop_mail(to, subject, hours, text, html, sender="Kaffeeliebe Rösterei <shop@%s>" % SHOP):
    m = base(sender, to, subject, hours)
    phpmailer(m, text, html)
    return m


def shop_html(title, body):
    return ("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>%s</title></head>"
            "<body style=\"background:#f5efe6;margin:0;padding:30px 0\"><table align=\"center\" width=\"600\" "
            "style=\"background:#fff;border-radius:6px;font-family:Georgia,serif;color:#3b2a1a\">"
            "<tr><td style=\"background:#6f4e37;color:#fff;padding:22px 32px;font-size:22px\">%s</td></tr>"
            "<tr><td style=\"padding:28px 32px;font-size:15px;line-height:1.6\">%s</td></tr>"
            "<tr><td style=\"padding:12px 32px 24px;font-size:12px;color:#8a7a6a\">Kaffeeliebe Rösterei GmbH · "
            "Hafenstraße 9 · 48153 Münster · <a href=\"https://www.%s/\" style=\"color:#6f4e37\">kaffeeliebe-roesterei.de</a>"
            "</td></tr></table></body></html>" % (title, title, body, SHOP))


def shop():
    tok = ralnum(40)
    url = "https://www.%s/mein-konto/passwort-vergessen/?key=%s&login=lena.hartmann" % (SHOP, tok)
    m = shop_mail("lena.hartmann@outlook.de", "Passwort zurücksetzen für dein Kaffeeliebe-Konto", 0.3,
                  "Hallo Lena,\n\njemand hat ein neues Passwort für dein Konto bei Kaffeeliebe Rösterei angefordert.\n\n"
                  "Benutzername: lena.hartmann\n\nWenn du das nicht warst, ignoriere diese E-Mail einfach; dein "
                  "Passwort bleibt unverändert.\n\nUm dein Passwort zurückzusetzen, öffne diesen Link (gültig 24 Stunden):\n"
                  + url + "\n\nDanke und bis bald!\n",
                  shop_html("Passwort zurücksetzen",
                            "<p>Hallo Lena,</p><p>jemand hat ein neues Passwort für dein Konto angefordert.</p>"
                            "<p>Benutzername: lena.hartmann</p><p>Wenn du das nicht warst, ignoriere diese E-Mail einfach.</p>"
                            "<p><a href=\"" + url + "\" style=\"background:#6f4e37;color:#fff;padding:10px 18px;"
                            "text-decoration:none\">Passwort zurücksetzen</a></p><p>Der Link ist 24 Stunden gültig.</p>"))
    save(m, "ham", "25_shop_password_reset_link")

    code = "".join(random.choice("0123456789") for _ in range(6))
    vurl = "https://www.%s/konto/bestaetigen?token=%s" % (SHOP, ralnum(48))
    m = shop_mail("j.becker.muenster@gmail.com", "Bitte bestätige deine E-Mail-Adresse", 2,
                  "Willkommen bei Kaffeeliebe!\n\nBitte bestätige deine E-Mail-Adresse, damit wir dein Kundenkonto "
                  "aktivieren können:\n" + vurl + "\n\nOder gib diesen Code ein: " + code +
                  "\n\nDu hast dich nicht registriert? Dann kannst du diese Nachricht ignorieren.\n",
                  shop_html("Willkommen!",
                            "<p>Bitte bestätige deine E-Mail-Adresse, damit wir dein Kundenkonto aktivieren können.</p>"
                            "<p><a href=\"" + vurl + "\" style=\"background:#6f4e37;color:#fff;padding:10px 18px;"
                            "text-decoration:none\">E-Mail-Adresse bestätigen</a></p><p>Oder gib diesen Code ein: "
                            "<b style=\"font-size:20px;letter-spacing:3px\">" + code + "</b></p>"
                            "<p style=\"color:#888\">Du hast dich nicht registriert? Dann ignoriere diese Nachricht.</p>"))
    save(m, "ham", "26_shop_email_verification")

    code = "".join(random.choice("0123456789") for _ in range(6))
    m = shop_mail("Peter Wolff <inhaber@%s>" % SHOP, "Dein Anmeldecode: %s" % code, 0.1,
                  "Dein Sicherheitscode für die Anmeldung im Shop-Backend lautet:\n\n    %s\n\n"
                  "Der Code ist 10 Minuten gültig. Teile ihn mit niemandem – auch nicht mit unserem Support.\n\n"
                  "Anmeldung von: 185.22.143.9 (Münster), Chrome auf macOS\n" % code,
                  shop_html("Anmeldecode", "<p>Dein Sicherheitscode für die Anmeldung im Shop-Backend:</p>"
                            "<p style=\"font-size:28px;letter-spacing:6px\"><b>%s</b></p><p>Der Code ist 10 Minuten gültig. "
                            "Teile ihn mit niemandem.</p><p style=\"color:#888\">Anmeldung von 185.22.143.9 (Münster), "
                            "Chrome auf macOS</p>" % code),
                  sender="Kaffeeliebe Shop-Sicherheit <security@%s>" % SHOP)
    save(m, "ham", "27_shop_2fa_login_code")

    m = shop_mail("Katarzyna Zielińska <kasia.zielinska@wp.pl>", "Potwierdzenie zamówienia nr 20417 – Kaffeeliebe", 28,
                  "Dzień dobry Pani Katarzyno,\n\ndziękujemy za zamówienie! Poniżej podsumowanie:\n\n"
                  "Zamówienie nr 20417 z dnia 12.03.2026\n"
                  "2 × Espresso \"Hafenblend\" 1 kg (ziarno) – 2 × 29,90 €\n"
                  "1 × Filterkaffee Äthiopien Guji 250 g – 11,50 €\n"
                  "Wysyłka do Polski (DHL) – 8,90 €\nRazem: 80,20 € (w tym VAT 23% PL)\n\n"
                  "Adres dostawy: ul. Piotrkowska 112/4, 90-006 Łódź\n\n"
                  "Paczka zostanie nadana w ciągu 2 dni roboczych; numer przesyłki wyślemy osobnym e-mailem.\n\n"
                  "Pozdrawiamy serdecznie\nZespół Kaffeeliebe Rösterei\n",
                  shop_html("Dziękujemy za zamówienie!",
                            "<p>Dzień dobry Pani Katarzyno,</p><p>dziękujemy za zamówienie nr <b>20417</b>.</p>"
                            "<table width=\"100%\" style=\"border-collapse:collapse\">"
                            "<tr><td>2 × Espresso „Hafenblend“ 1 kg</td><td align=right>59,80 €</td></tr>"
                            "<tr><td>1 × Filterkaffee Äthiopien Guji 250 g</td><td align=right>11,50 €</td></tr>"
                            "<tr><td>Wysyłka DHL</td><td align=right>8,90 €</td></tr>"
                            "<tr><td><b>Razem</b></td><td align=right><b>80,20 €</b></td></tr></table>"
                            "<p>Adres dostawy: ul. Piotrkowska 112/4, 90-006 Łódź</p>"))
    save(m, "ham", "28_shop_order_confirmation_polish")

    purl = "https://www.%s/mein-konto/abonnements/view/1182/?update_payment=1" % SHOP
    m = shop_mail("Bernd Köhler <bernd.koehler@freenet.de>", "Deine Zahlung ist fehlgeschlagen – bitte Zahlungsmethode aktualisieren", 11,
                  "Hallo Bernd,\n\ndie Zahlung für dein Kaffee-Abo (Abo #1182, 2 × 500 g alle 4 Wochen, 24,80 €) "
                  "konnte nicht durchgeführt werden. Deine Kreditkarte (Visa •••• 4417) ist abgelaufen.\n\n"
                  "Bitte aktualisiere deine Zahlungsmethode in deinem Kundenkonto, damit deine nächste Lieferung "
                  "pünktlich rausgeht:\n" + purl + "\n\n"
                  "Wir versuchen die Zahlung in 3 Tagen noch einmal. Wenn sie dann wieder fehlschlägt, pausieren wir "
                  "dein Abo – gekündigt wird nichts.\n\nFragen? Antworte einfach auf diese E-Mail.\n\n"
                  "Viele Grüße\nDein Kaffeeliebe-Team\n",
                  shop_html("Zahlung fehlgeschlagen",
                            "<p>Hallo Bernd,</p><p>die Zahlung für dein Kaffee-Abo (#1182, 24,80 €) konnte nicht "
                            "durchgeführt werden. Deine Kreditkarte (Visa •••• 4417) ist abgelaufen.</p>"
                            "<p><a href=\"" + purl + "\" style=\"background:#6f4e37;color:#fff;padding:10px 18px;"
                            "text-decoration:none\">Zahlungsmethode aktualisieren</a></p>"
                            "<p>Wir versuchen die Zahlung in 3 Tagen noch einmal. Wenn sie dann wieder fehlschlägt, "
                            "pausieren wir dein Abo – gekündigt wird nichts.</p>"))
    save(m, "ham", "29_shop_subscription_payment_failed")

    # the owner forwards a Klaviyo test send to the designer
    links = [klaviyo() for _ in range(5)]
    html_inner = ("<table width=\"600\" align=\"center\" style=\"font-family:Arial\"><tr><td>"
                  "<a href=\"%s\"><img src=\"https://d3k81ch9hvuctc.cloudfront.net/company/Xk29Lp/images/fruehling.jpg\" "
                  "width=\"600\" alt=\"Frühlingsröstung\"></a></td></tr>"
                  "<tr><td style=\"padding:20px;font-size:16px\"><h1>Frühling in der Tasse ☕</h1>"
                  "<p>Unsere neue Frühlingsröstung ist da: Kolumbien Huila, fruchtig mit Noten von roter Johannisbeere.</p>"
                  "<p><b>Nur bis Sonntag: 15 %% auf alle Filterkaffees</b> mit dem Code FRUEHLING15.</p>"
                  "<p><a href=\"%s\" style=\"background:#6f4e37;color:#fff;padding:12px 24px\">Jetzt entdecken</a></p>"
                  "<p><a href=\"%s\">Zum Abo</a> · <a href=\"%s\">Instagram</a></p>"
                  "<p style=\"font-size:11px;color:#999\">Keine Lust mehr? <a href=\"%s\">Abmelden</a></p>"
                  "</td></tr></table>" % tuple(links))
    m = base("Peter Wolff <inhaber@%s>" % SHOP, "Mia Lorenz <hallo@lorenz-grafik.de>",
             "WG: [TEST] Frühling in der Tasse ☕ – 15 % auf Filterkaffee", 22)
    applemail(m, "Hi Mia,\n\nhier der Test aus Klaviyo. Das Headerbild ist auf dem Handy abgeschnitten, und "
              "der Button sollte unser Braun haben, nicht Schwarz. Kannst du das bis Donnerstag anpassen?\n\n"
              "Danke!\nPeter\n\n"
              "Anfang der weitergeleiteten Nachricht:\n\nVon: Kaffeeliebe Rösterei <newsletter@" + SHOP + ">\n"
              "Betreff: [TEST] Frühling in der Tasse ☕ – 15 % auf Filterkaffee\n\n"
              "Frühling in der Tasse. Nur bis Sonntag: 15 % auf alle Filterkaffees mit dem Code FRUEHLING15.\n"
              "Jetzt entdecken: " + links[1] + "\n",
              html="<html><body><div>Hi Mia,<br><br>hier der Test aus Klaviyo. Das Headerbild ist auf dem Handy "
              "abgeschnitten, und der Button sollte unser Braun haben, nicht Schwarz. Kannst du das bis Donnerstag "
              "anpassen?<br><br>Danke!<br>Peter</div><div><br><blockquote type=\"cite\"><div><b>Von: </b>Kaffeeliebe "
              "Rösterei &lt;newsletter@" + SHOP + "&gt;<br><b>Betreff: </b>[TEST] Frühling in der Tasse</div><br>"
              + html_inner + "</blockquote></div></body></html>")
    save(m, "ham", "30_shop_klaviyo_newsletter_test_forward")

    rows = ["Bestellnummer,Datum,Kunde,Land,Netto,USt,Brutto,Zahlart"]
    for i in range(40):
        net = round(random.uniform(12, 140), 2)
        land, rate = random.choice([("DE", 0.07), ("DE", 0.07), ("AT", 0.10), ("NL", 0.09), ("PL", 0.05)])
        rows.append("%d,2026-02-%02d,K%05d,%s,%.2f,%.2f,%.2f,%s" % (
            20100 + i, 1 + i % 28, random.randint(1000, 9999), land, net, net * rate, net * (1 + rate),
            random.choice(["PayPal", "Kreditkarte", "Klarna", "Vorkasse"])))
    m = base("Peter Wolff <inhaber@%s>" % SHOP, "Melanie Roth <m.roth@%s>" % STB,
             "Umsatzexport Februar 2026 (CSV)", 75)
    thunderbird(m, "Hallo Frau Roth,\n\nanbei der Export aller Bestellungen aus dem Shop für Februar als CSV, "
                "wie immer mit Lieferland (OSS). Die PayPal- und Klarna-Auszüge lade ich heute noch in DATEV hoch.\n\n"
                "Viele Grüße\nPeter Wolff\n")
    attach(m, "bestellungen_2026-02.csv", "\r\n".join(rows) + "\r\n")
    save(m, "ham", "31_shop_csv_export_to_accountant")

    m = base("Li Wei <li.wei@%s>" % SHOP, "王经理 <sales@szhongtai-machinery.cn>",
             "询价：磨豆机 HT-64 配件和刀盘", 55)
    thunderbird(m, "王经理您好，\n\n"
                "我们是德国明斯特的 Kaffeeliebe 咖啡烘焙店。去年我们从贵公司采购了 20 台 HT-64 磨豆机，"
                "客户反馈很好。\n\n现在我们想询价以下配件：\n"
                "1. 64mm 钢制刀盘 50 套\n2. 豆仓（透明，500g）30 个\n3. 电源开关 30 个\n\n"
                "请报 FOB 深圳价格和交货期，付款方式仍为 30% 预付、70% 见提单副本付款。\n\n"
                "谢谢！\n李伟\nKaffeeliebe Rösterei GmbH\nHafenstraße 9, 48153 Münster, 德国\n", lang="zh-CN")
    save(m, "ham", "32_shop_chinese_supplier_parts_inquiry")

    orig = "<%s@marketplace.amazon.de>" % ralnum(30)
    m = base("Kaffeeliebe – Amazon Warehouse Team <amazon@%s>" % SHOP,
             "Thomas Gerlach <t.gerlach.privat@web.de>",
             "Re: Bestellung 302-8841275-1190744 – Ersatzlieferung", 8)
    reply(m, orig)
    thunderbird(m, "Hallo Herr Gerlach,\n\n"
                "hier ist das Lager-Team von Kaffeeliebe (wir verkaufen auch über Amazon und versenden diese "
                "Bestellungen selbst aus Münster). Es tut uns leid, dass die Dose mit dem Espresso beschädigt "
                "angekommen ist.\n\nWir haben Ihnen heute kostenlos Ersatz geschickt, DHL-Sendungsnummer "
                "00340434161094012345. Die beschädigte Dose müssen Sie nicht zurückschicken.\n\n"
                "Viele Grüße aus dem Lager\nTim Schulz\nKaffeeliebe Rösterei GmbH\n\n"
                "Am 13.03.26 um 18:05 schrieb Thomas Gerlach:\n"
                "> Die Dose war eingedrückt und der Deckel offen, der Kaffee lag lose im\n> Karton. Bitte um Ersatz.\n")
    save(m, "ham", "33_shop_amazon_warehouse_team_replacement")


# ============================================================================
# hotel (Seeblick, Tegernsee)
# ============================================================================

def hotel():
    m = base("Hotel Seeblick – Réservations <reservierung@%s>" % HOT, "Claire Dubois <claire.dubois@orange.fr>",
             "Confirmation de votre réservation n° SB-26-0881", 48)
    outlook(m, "Madame Dubois,\n\n"
            "Nous vous remercions de votre réservation et avons le plaisir de vous la confirmer :\n\n"
            "Arrivée : jeudi 14 mai 2026 (à partir de 15 h)\nDépart : dimanche 17 mai 2026 (avant 11 h)\n"
            "Chambre double supérieure avec balcon côté lac, petit-déjeuner inclus\n"
            "Prix : 3 nuits × 189,00 € = 567,00 € (taxe de séjour 2,50 € par personne et par nuit en sus)\n\n"
            "L'annulation est gratuite jusqu'à 7 jours avant l'arrivée. Le parking de l'hôtel est gratuit.\n\n"
            "Nous nous réjouissons de vous accueillir au bord du Tegernsee !\n\n"
            "Bien cordialement,\nSophie Bauer\nRéception – Hotel Seeblick\nSeestraße 21, 83684 Tegernsee\n",
            lang="fr-fr")
    save(m, "ham", "34_hotel_booking_confirmation_french")

    orig = other_id("hotmail.es")
    m = base("Mercedes Santos <m.santos@%s>" % HOT, "Javier Ortega <javier.ortega@hotmail.es>",
             "RE: Consulta habitaciones familiares en agosto", 36)
    reply(m, orig)
    outlook(m, "Estimado Sr. Ortega:\n\n"
            "Muchas gracias por su consulta. Para las fechas del 3 al 10 de agosto todavía tenemos disponible "
            "una suite familiar (dos habitaciones comunicadas, máximo 2 adultos y 3 niños) por 295 € la noche, "
            "con desayuno incluido. Los niños menores de 6 años no pagan.\n\n"
            "Si desea reservarla, le ruego que me confirme los nombres y las edades de los niños; la reserva "
            "queda garantizada con los datos de una tarjeta de crédito, que puede darnos por teléfono "
            "(+49 8022 9190-0). No envíe los datos de la tarjeta por correo electrónico, por favor.\n\n"
            "Un cordial saludo,\nMercedes Santos\nRecepción – Hotel Seeblick Tegernsee\n\n"
            "From: Javier Ortega <javier.ortega@hotmail.es>\nSent: Wednesday, March 11, 2026 10:14 PM\n"
            "To: reservierung@" + HOT + "\nSubject: Consulta habitaciones familiares en agosto\n\n"
            "Buenas noches, somos una familia de 5 y buscamos alojamiento en agosto...\n", lang="es-es")
    save(m, "ham", "35_hotel_spanish_reply_mercedes_santos")

    m = base("Hotel Seeblick <reservierung@%s>" % HOT, "山田 浩二 <k.yamada@nifty.com>",
             "ご予約の確認（5月2日〜5月4日）", 58)
    outlook(m, "山田 浩二 様\n\n"
            "このたびはホテル・ゼーブリック（テーゲルン湖）をご予約いただき、誠にありがとうございます。\n"
            "以下の内容でご予約を承りました。\n\n"
            "ご到着：2026年5月2日（土）15時以降\nご出発：2026年5月4日（月）11時まで\n"
            "お部屋：湖側ダブルルーム、朝食付き\n料金：1泊 189ユーロ × 2泊\n\n"
            "ミュンヘン中央駅からはBRB線で約1時間、テーゲルンゼー駅から当ホテルまでは徒歩10分です。\n"
            "ご不明な点がございましたら、お気軽にお問い合わせください。\n\n"
            "心よりお待ちしております。\nホテル・ゼーブリック フロント\nゾフィー・バウアー\n", lang="ja-jp")
    save(m, "ham", "36_hotel_japanese_guest_confirmation")

    m = base("Hotel Seeblick Gruppenbüro <gruppen@%s>" % HOT, "陈静 <chenjing@eurasia-travel.cn>",
             "报价：9月旅游团 28人 泰根湖两晚", 130)
    outlook(m, "陈女士您好，\n\n"
            "感谢您的询价。关于贵团 2026年9月18日至20日（两晚）28位客人的住宿，我们的报价如下：\n\n"
            "- 双人间 14间，含自助早餐：每间每晚 165 欧元\n- 领队单人间 1间：每晚 110 欧元（免费）\n"
            "- 9月19日晚餐（三道菜套餐）：每人 38 欧元\n- 旅游税：每人每晚 2.50 欧元\n\n"
            "巴士可免费停放在酒店停车场。此报价有效期至 4月30日，请在此之前确认。确认后我们将寄送合同，"
            "定金为总价的 30%。\n\n祝好！\nAndreas Huber\n团体销售部 – Hotel Seeblick\n", lang="zh-cn")
    save(m, "ham", "37_hotel_chinese_group_quote")

    m = base("Hotel Seeblick Concierge <concierge@%s>" % HOT, "Faisal Al-Mansouri <f.almansouri@outlook.com>",
             "ترتيب النقل من مطار ميونخ", 33)
    outlook(m, "السيد فيصل المنصوري المحترم،\n\n"
            "شكراً لاختياركم فندق زيبليك. لقد قمنا بحجز سيارة ليموزين لنقلكم من مطار ميونخ إلى الفندق "
            "يوم الثلاثاء 16 يونيو 2026. سينتظركم السائق في صالة الوصول (المبنى 2) ومعه لافتة باسمكم بعد "
            "هبوط رحلتكم رقم QR 059 المقرر الساعة 13:20.\n\n"
            "تكلفة النقل 210 يورو وستضاف إلى فاتورة الغرفة. كما يسعدنا أن نخبركم بأن المطعم يقدم وجبات حلال "
            "عند الطلب المسبق.\n\n"
            "مع أطيب التحيات،\nكونسيرج فندق زيبليك – تيغرنزي\n", lang="ar-sa")
    save(m, "ham", "38_hotel_arabic_guest_airport_transfer")

    m = base("Hotel Seeblick Buchhaltung <buchhaltung@%s>" % HOT, "Studio Associato Ferri <amministrazione@studioferri.it>",
             "Fattura n. 2026/0312 – soggiorno 2–5 marzo", 24)
    outlook(m, "Gentili signori,\n\n"
            "in allegato Vi inviamo la fattura n. 2026/0312 relativa al soggiorno dell'Avv. Paolo Ferri e "
            "dell'Avv. Giulia Rinaldi dal 2 al 5 marzo 2026 (due camere singole, mezza pensione, sala riunioni "
            "il 3 marzo).\n\nImporto totale: 1.486,00 € (IVA tedesca inclusa). La fattura è già stata saldata "
            "con carta di credito alla partenza; la inviamo solo per la Vostra contabilità.\n\n"
            "Cordiali saluti\nBrigitte Stadler\nContabilità – Hotel Seeblick\n", lang="it-it")
    attach(m, "Fattura_2026-0312_Hotel_Seeblick.pdf", pdf_bytes("Rechnung 2026/0312"))
    save(m, "ham", "39_hotel_italian_invoice_pdf")

    links = [mailchimp(HOT, i) for i in range(6)]
    inner = ("<table width=\"600\" align=\"center\" style=\"font-family:Georgia\"><tr><td>"
             "<img src=\"https://mcusercontent.com/%s/images/%s.jpg\" width=\"600\" alt=\"Tegernsee im Frühling\">"
             "</td></tr><tr><td style=\"padding:20px\"><h2>Frühling am See</h2>"
             "<p>Die Terrasse ist wieder geöffnet! Genießen Sie unser neues Frühlingsmenü mit Saibling aus dem "
             "Tegernsee.</p><p><a href=\"%s\">Zum Frühlingsmenü</a></p>"
             "<h3>Arrangement „Seezeit“ – 3 Nächte zum Preis von 2</h3><p>Gültig von April bis Mitte Mai.</p>"
             "<p><a href=\"%s\" style=\"background:#1d4e89;color:#fff;padding:10px 20px\">Jetzt buchen</a></p>"
             "<p><a href=\"%s\">Wellness</a> | <a href=\"%s\">Veranstaltungen</a> | <a href=\"%s\">Facebook</a></p>"
             "<p style=\"font-size:11px\">Sie erhalten diesen Newsletter, weil Sie sich angemeldet haben. "
             "<a href=\"%s\">Abmelden</a></p></td></tr></table>" % ((rhex(25), rhex(16)) + tuple(links)))
    m = base("Sophie Bauer <s.bauer@%s>" % HOT, "Familie Reiter <familie.reiter@seeblick-inhaber.de>",
             "Fwd: Frühling am See – unser April-Newsletter", 66)
    thunderbird(m, "Hallo Herr und Frau Reiter,\n\nhier der April-Newsletter, der heute an 3.200 Abonnenten "
                "rausgegangen ist (Öffnungsrate nach 2 Stunden 31 %). Das Seezeit-Arrangement ist schon 6-mal "
                "gebucht worden.\n\nViele Grüße\nSophie\n\n-------- Weitergeleitete Nachricht --------\n"
                "Betreff: Frühling am See – unser April-Newsletter\nVon: Hotel Seeblick <newsletter@" + HOT + ">\n\n"
                "Die Terrasse ist wieder geöffnet! Arrangement Seezeit – 3 Nächte zum Preis von 2: " + links[1] + "\n",
                html=tb_html("<html><body><p>Hallo Herr und Frau Reiter,</p><p>hier der April-Newsletter, der heute an 3.200 "
                "Abonnenten rausgegangen ist (Öffnungsrate nach 2 Stunden 31 %). Das Seezeit-Arrangement ist schon "
                "6-mal gebucht worden.</p><p>Viele Grüße<br>Sophie</p><div class=\"moz-forward-container\">"
                "-------- Weitergeleitete Nachricht --------<br>Betreff: Frühling am See<br>Von: Hotel Seeblick "
                "&lt;newsletter@" + HOT + "&gt;<br><br>" + inner + "</div></body></html>"))
    save(m, "ham", "40_hotel_mailchimp_newsletter_forward")

    m = base("Hotel Seeblick Events <events@%s>" % HOT, "Stammgäste <stammgaeste@%s>" % HOT,
             "Free wine tasting this Friday! Kostenlose Weinprobe am Freitag!", 54)
    outlook(m, "Liebe Stammgäste, dear regular guests,\n\n"
            "am Freitag, 20. März, ab 18 Uhr laden wir Sie herzlich zu einer kostenlosen Weinprobe mit dem "
            "Weingut Kessler aus der Pfalz in unsere Seestube ein – sechs Weine, dazu Brezn und Käse. Free of "
            "charge for all hotel guests and regulars! Places are limited to 40, so please reserve!\n\n"
            "Anmeldung / registration: reply to this e-mail or call +49 8022 9190-0.\n\n"
            "Prost und bis Freitag!\nIhr Team vom Hotel Seeblick\n", lang="de-de")
    save(m, "ham", "41_hotel_free_wine_tasting_invite")

    m = base("Andreas Huber <a.huber@%s>" % HOT, "Lisa Engel <lisa@engel-weddings.de>",
             "Fotos Seeterrasse und Festsaal für die Hochzeit Reinhardt", 46)
    outlook(m, "Hallo Lisa,\n\nwie gewünscht drei Fotos von der Seeterrasse (Trauung) und vom Festsaal in der "
            "Bankett-Bestuhlung für 80 Personen. Die Lichterketten auf der Terrasse sind ab Mai wieder "
            "aufgehängt.\n\nViele Grüße\nAndreas Huber\nBankett & Veranstaltungen\n")
    for i, n in enumerate(["Seeterrasse_Trauung.png", "Festsaal_80_Personen.png", "Festsaal_Abend.png"]):
        attach(m, n, png_image(96, 64, seed=i * 40))
    save(m, "ham", "42_hotel_venue_photos_png")


# ============================================================================
# parents' association (Grundschule am Park)
# ============================================================================

def parents():
    m = base("Elternbeirat GS am Park <info@%s>" % EB, "undisclosed-recipients:;",
             "Elternabend 24. März und Sammelbestellung Schul-T-Shirts", 96)
    thunderbird(m, "Liebe Eltern der Klassen 3a und 3b,\n\n"
                "(diese Mail geht in Bcc an alle 40 Eltern, damit Ihre Adressen nicht sichtbar sind)\n\n"
                "1. Elternabend: Dienstag, 24. März, 19:30 Uhr in der Aula. Themen: Klassenfahrt nach Bad "
                "Tölz im Juni, Schwimmunterricht, Ganztag ab Herbst.\n\n"
                "2. Schul-T-Shirts: Wer noch ein T-Shirt mit dem neuen Schullogo (12 €) möchte, trägt bitte "
                "Größe und Anzahl bis Freitag in die Liste ein: https://cloud.%s/apps/forms/s/TsHirt2026\n\n"
                "3. Kuchenverkauf beim Frühlingsfest: Wir suchen noch 10 Kuchen!\n\n"
                "Fragen gerne an diese Adresse.\n\n"
                "Viele Grüße\nSandra Klein und Murat Aydın\nElternbeirat Grundschule am Park\n" % EB)
    save(m, "ham", "43_parents_bcc_mailing_40_parents")

    m = base("Murat Aydın <murat.aydin@%s>" % EB, "Klassenlehrerin Frau Weber <c.weber@gs-ampark.de>",
             "Einverständniserklärung Klassenfahrt – Entwurf zum Drüberschauen", 150)
    thunderbird(m, "Liebe Frau Weber,\n\nanbei der Entwurf der Einverständniserklärung für die Klassenfahrt nach "
                "Bad Tölz (Word-Datei, damit Sie direkt ändern können). Ich habe die Punkte Medikamente, "
                "Schwimmerlaubnis und Fotoerlaubnis ergänzt.\n\nWenn es so passt, drucken wir sie nächste Woche "
                "für alle Kinder aus.\n\nViele Grüße\nMurat Aydın\n")
    attach(m, "Einverstaendnis_Klassenfahrt_Bad_Toelz_2026.docx", ooxml("docx"))
    save(m, "ham", "44_parents_trip_consent_form_docx")

    orig = other_id("gmx.de")
    m = base("Sandra Klein <sandra.klein@%s>" % EB, "Jörg Hansen <joerg.hansen@gmx.de>",
             "Abwesenheitsnotiz: Re: Spende für den Förderverein", 4)
    reply(m, orig)
    m["Auto-Submitted"] = "auto-replied (vacation)"
    m["Precedence"] = "bulk"
    m["X-Autoreply"] = "yes"
    m.set_content("Vielen Dank für Ihre Nachricht.\n\nIch bin bis einschließlich 22. März im Urlaub und lese "
                  "meine E-Mails in dieser Zeit nicht. In dringenden Fällen wenden Sie sich bitte an "
                  "Murat Aydın (murat.aydin@%s).\n\nSandra Klein\nElternbeirat GS am Park\n" % EB,
                  charset="utf-8", cte="quoted-printable")
    save(m, "ham", "45_parents_vacation_auto_reply")

    vcf = ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Aydın;Murat;;;\r\nFN:Murat Aydın\r\n"
           "ORG:Elternbeirat Grundschule am Park\r\nTITLE:Stellv. Vorsitzender\r\n"
           "EMAIL;TYPE=INTERNET,WORK:murat.aydin@%s\r\nTEL;TYPE=CELL:+49 176 4419 2280\r\n"
           "ADR;TYPE=WORK:;;Parkstraße 12;Nürnberg;;90409;Deutschland\r\nEND:VCARD\r\n" % EB)
    m = base("Murat Aydın <murat.aydin@%s>" % EB, "Bianca Fuchs <bianca.fuchs@posteo.de>",
             "Kontakt für den Kuchenverkauf", 30)
    thunderbird(m, "Hallo Bianca,\n\nschön, dass du die Koordination für den Kuchenverkauf übernimmst! Meine "
                "Kontaktdaten hängen als Visitenkarte an, damit du mich in dein Handy übernehmen kannst.\n\n"
                "LG Murat\n")
    attach(m, "Murat_Aydin.vcf", vcf)
    save(m, "ham", "46_parents_contact_card_vcf")


# ============================================================================
# freelance developer (Marta Kowalczyk)
# ============================================================================

def dev():
    m = base("Marta Kowalczyk <marta@%s>" % DEV, "Accounts Payable <ap@greenfield-analytics.co.uk>",
             "Invoice MK-2026-014 – February retainer", 140, cc="Oliver Grant <o.grant@greenfield-analytics.co.uk>")
    thunderbird(m, "Hello,\n\nplease find attached invoice MK-2026-014 for the February retainer "
                "(40 hours, frontend maintenance of the customer dashboard), total EUR 3,600.00, "
                "reverse charge.\n\nPayment terms: 14 days, to the account stated on the invoice "
                "(unchanged since our contract of 2024).\n\nKind regards\nMarta Kowalczyk\n"
                "Freelance Web Developer · Berlin · https://%s\n" % DEV, lang="en-GB")
    attach(m, "Invoice_MK-2026-014.pdf", pdf_bytes("Invoice MK-2026-014"))
    save(m, "ham", "47_dev_invoice_pdf_english")

    svg = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">\n'
           '  <title>Bäckerei Hofmann</title>\n'
           '  <rect width="240" height="80" rx="10" fill="#f5e6c8"/>\n'
           '  <path d="M30 55 q15 -35 30 0 q15 -35 30 0" stroke="#8b5a2b" stroke-width="6" fill="none"/>\n'
           '  <text x="105" y="50" font-family="Georgia, serif" font-size="22" fill="#5a3a1a">Hofmann</text>\n'
           '</svg>\n')
    m = base("Marta Kowalczyk <marta@%s>" % DEV, "Markus Hofmann <m.hofmann@%s>" % BAK,
             "Neues Logo als SVG für die Website", 84)
    thunderbird(m, "Hallo Markus,\n\nanbei das überarbeitete Logo als SVG (skaliert sauber auf allen "
                "Bildschirmgrößen) und zusätzlich als PNG für Social Media. Ich baue es morgen auf der "
                "Staging-Seite ein: https://staging.%s/hofmann/\n\nGrüße\nMarta\n" % DEV)
    attach(m, "logo_hofmann.svg", svg)
    attach(m, "logo_hofmann_1200.png", png_image(120, 40, seed=7))
    save(m, "ham", "48_dev_svg_logo_delivery")

    inner = base("Oliver Grant <o.grant@greenfield-analytics.co.uk>", "Marta Kowalczyk <marta@%s>" % DEV,
                 "Dashboard export broken since Monday", 30)
    inner.set_content("Hi Marta,\n\nsince Monday the CSV export on /reports/monthly returns an empty file for "
                      "users in the 'viewer' role. Admins are fine. Could you have a look?\n\nThanks\nOliver\n",
                      charset="utf-8")
    m = base("Marta Kowalczyk <marta@%s>" % DEV, "Paweł Nowicki <pawel@nowicki-backend.pl>",
             "Fwd: Dashboard export broken since Monday", 27)
    thunderbird(m, "Hej Paweł,\n\nprzesyłam maila od klienta jako załącznik (.eml). Wygląda na to, że to "
                "uprawnienia w API po Twoim ostatnim deployu – rola 'viewer' nie ma dostępu do /export. "
                "Zerkniesz dzisiaj?\n\nDzięki!\nMarta\n", lang="pl-PL")
    m.add_attachment(inner, filename="Dashboard export broken since Monday.eml")
    save(m, "ham", "49_dev_eml_forward_bug_report_polish")

    orig = outlook_msgid(NOW - 20 * 3600, "greenfield-analytics.co.uk")
    m = base("Marta Kowalczyk <marta@%s>" % DEV, "Oliver Grant <o.grant@greenfield-analytics.co.uk>",
             "Re: Dashboard export broken since Monday", 18)
    reply(m, orig)
    thunderbird(m, "Hi Oliver,\n\nfixed – the 'viewer' role lost the export permission in last week's API "
                "release. The fix is live on staging now, please have a quick look before I deploy to "
                "production tonight:\n\nhttps://staging.%s/greenfield/reports/monthly\n"
                "(login as usual, the staging password hasn't changed)\n\n"
                "Best\nMarta\n\n"
                "On 12/03/2026 09:31, Oliver Grant wrote:\n"
                "> Hi Marta,\n>\n> since Monday the CSV export on /reports/monthly returns an empty file\n"
                "> for users in the 'viewer' role. Admins are fine. Could you have a look?\n>\n"
                "> Thanks\n> Oliver\n" % DEV, lang="en-GB")
    save(m, "ham", "50_dev_reply_quoted_staging_link")

    # Nextcloud share notification from her own cloud
    m = base("Marta Kowalczyk (über Nextcloud) <cloud@%s>" % DEV, "Oliver Grant <o.grant@greenfield-analytics.co.uk>",
             "Marta Kowalczyk shared »Dashboard_Redesign_v3.fig« with you", 12)
    del m["Message-ID"]
    m["Message-ID"] = "<%s@%s>" % (rhex(32), DEV)
    m["Reply-To"] = "Marta Kowalczyk <marta@%s>" % DEV
    m["Auto-Submitted"] = "auto-generated"
    share = "https://cloud.%s/s/%s" % (DEV, ralnum(15))
    m.set_content("Hey there,\n\nMarta Kowalczyk shared »Dashboard_Redesign_v3.fig« with you.\n\n"
                  "Open »Dashboard_Redesign_v3.fig«: " + share + "\n\n"
                  "Note: the link expires on 31 March 2026.\n\n--\nMK Web Development – a safe home for all your data\n",
                  charset="utf-8", cte="quoted-printable")
    m.add_alternative("<!DOCTYPE html><html><body style=\"font-family:-apple-system,Segoe UI,Roboto,sans-serif\">"
                      "<table width=\"100%\"><tr><td align=\"center\"><table width=\"600\">"
                      "<tr><td style=\"background:#0082c9;padding:20px\"><img src=\"https://cloud." + DEV +
                      "/core/img/logo/logo.png\" alt=\"MK Web Development\" height=\"50\"></td></tr>"
                      "<tr><td style=\"padding:20px\"><h1 style=\"font-size:20px\">Marta Kowalczyk shared "
                      "»Dashboard_Redesign_v3.fig« with you</h1><p><a href=\"" + share + "\" style=\"background:#0082c9;"
                      "color:#fff;padding:10px 20px;border-radius:20px;text-decoration:none\">Open »Dashboard_Redesign_v3.fig«"
                      "</a></p><p>Note: the link expires on 31 March 2026.</p></td></tr>"
                      "<tr><td style=\"color:#767676;font-size:12px;padding:20px\">MK Web Development – a safe home "
                      "for all your data</td></tr></table></td></tr></table></body></html>",
                      subtype="html", charset="utf-8", cte="quoted-printable")
    save(m, "ham", "51_dev_nextcloud_share_notification")


# ============================================================================
# law firm (Weber & Schulte)
# ============================================================================

def law():
    m = base("Fiona Norton <f.norton@%s>" % LAW, "Mr Daniel Vogel <daniel.vogel@shaw.ca>",
             "Estate of the late Margarete Vogel – your entitlement as beneficiary (our ref. NL-2025-318)", 130)
    outlook(m, "Dear Mr Vogel,\n\n"
            "Estate of the late Margarete Vogel, died 4 October 2025 in Munich\n\n"
            "We act for Ms Katharina Brandt, executor (Testamentsvollstreckerin) of the estate of your aunt. "
            "Under the will dated 12 May 2019, you are entitled to one quarter of the residuary estate.\n\n"
            "The Munich probate court (Amtsgericht München – Nachlassgericht, file 62 VI 8841/25) has issued the "
            "certificate of inheritance. The property in Schwabing has been sold; after payment of debts, "
            "inheritance tax and costs, your share is provisionally estimated at EUR 148,000. A statement of "
            "account is enclosed.\n\n"
            "Before we can make any distribution, we need:\n"
            "1. a certified copy of your passport (certified by a notary public in Canada),\n"
            "2. your German inheritance tax number, or the completed form for non-resident heirs (enclosed),\n"
            "3. confirmation of your bank details, which we will take only by telephone or by signed letter, "
            "never by e-mail alone. Please call me on +49 89 2155 840-31 at a time that suits you.\n\n"
            "We will never ask you to pay fees in advance; all costs are settled from the estate.\n\n"
            "Yours sincerely\n\nFiona Norton\nRechtsanwältin / Solicitor (England and Wales, non-practising)\n"
            "Weber & Schulte Rechtsanwälte PartG mbB\nMaximilianstraße 35, 80539 München\n", lang="en-gb")
    attach(m, "NL-2025-318_Statement_of_account.pdf", pdf_bytes("Estate Vogel statement"))
    attach(m, "NL-2025-318_Form_non-resident_heirs.pdf", pdf_bytes("Form"))
    save(m, "ham", "52_law_estate_beneficiary_letter_english")

    orig = outlook_msgid(NOW - 50 * 3600, "brauerei-oberland.de")
    m = base("Dr. Stefan Weber <s.weber@%s>" % LAW, "Georg Oberhuber <g.oberhuber@brauerei-oberland.de>",
             "AW: Gaststättenpachtvertrag Marktplatz 4 – Entwurf v2", 28)
    reply(m, orig)
    outlook(m, "Sehr geehrter Herr Oberhuber,\n\n"
            "anbei die überarbeitete Fassung des Pachtvertrags. Ihre Anmerkungen zu § 5 (Bezugsbindung) und § 9 "
            "(Instandhaltung der Kühlanlage) habe ich eingearbeitet; die Änderungen sind im Änderungsmodus "
            "sichtbar.\n\nOffen ist noch die Höhe der Kaution. Ich schlage drei Monatspachten vor.\n\n"
            "Mit freundlichen Grüßen\nDr. Stefan Weber\nRechtsanwalt\n\n"
            "Von: Georg Oberhuber <g.oberhuber@brauerei-oberland.de>\nGesendet: Mittwoch, 11. März 2026 17:20\n"
            "An: Dr. Stefan Weber <s.weber@" + LAW + ">\nBetreff: Gaststättenpachtvertrag Marktplatz 4 – Entwurf v2\n\n"
            "Sehr geehrter Herr Dr. Weber,\nzu § 5 und § 9 hätten wir noch Änderungswünsche, siehe unten...\n")
    attach(m, "Pachtvertrag_Marktplatz4_v3_Aenderungen.docx", ooxml("docx"))
    save(m, "ham", "53_law_lease_contract_docx_reply")

    m = base("Weber & Schulte Cloud <cloud@%s>" % LAW, "Ingrid Kessler <ingrid.kessler@t-online.de>",
             "Dr. Stefan Weber hat »Unterlagen Nachlass Kessler« mit Ihnen geteilt", 10)
    del m["Message-ID"]
    m["Message-ID"] = "<%s@%s>" % (rhex(32), LAW)
    m["Auto-Submitted"] = "auto-generated"
    share = "https://cloud.%s/s/%s" % (LAW, ralnum(15))
    m.set_content("Hallo,\n\nDr. Stefan Weber hat »Unterlagen Nachlass Kessler« mit Ihnen geteilt.\n\n"
                  "»Unterlagen Nachlass Kessler« öffnen: " + share + "\n\n"
                  "Der Ordner ist mit einem Passwort geschützt, das Sie separat per SMS erhalten.\n\n"
                  "--\nWeber & Schulte Rechtsanwälte – Mandantenportal\n", charset="utf-8", cte="quoted-printable")
    m.add_alternative("<html><body style=\"font-family:Arial\"><div style=\"background:#243b55;padding:16px;color:#fff\">"
                      "Weber &amp; Schulte – Mandantenportal</div><p>Hallo,</p><p>Dr. Stefan Weber hat "
                      "<b>»Unterlagen Nachlass Kessler«</b> mit Ihnen geteilt.</p><p><a href=\"" + share + "\" "
                      "style=\"background:#243b55;color:#fff;padding:10px 20px;text-decoration:none\">"
                      "»Unterlagen Nachlass Kessler« öffnen</a></p><p>Der Ordner ist mit einem Passwort geschützt, "
                      "das Sie separat per SMS erhalten.</p></body></html>",
                      subtype="html", charset="utf-8", cte="quoted-printable")
    save(m, "ham", "54_law_nextcloud_share_estate_documents")

    orig = other_id("gmx.de")
    m = base("Dr. Katrin Schulte <k.schulte@%s>" % LAW, "Michael Fischer <m.fischer77@gmx.de>",
             "Automatische Antwort: Kündigungsschutzklage – Termin Güteverhandlung", 2)
    reply(m, orig)
    m["Auto-Submitted"] = "auto-generated"
    m["X-Auto-Response-Suppress"] = "All"
    outlook(m, "Vielen Dank für Ihre Nachricht. Ich bin bis zum 20.03.2026 nicht im Büro. Ihre E-Mail wird "
            "nicht weitergeleitet. In dringenden Angelegenheiten wenden Sie sich bitte an mein Sekretariat, "
            "Frau Aksoy, unter +49 89 2155 840-0 oder sekretariat@" + LAW + ".\n\n"
            "Thank you for your message. I am out of the office until 20 March 2026.\n\n"
            "Dr. Katrin Schulte\nFachanwältin für Arbeitsrecht\n")
    save(m, "ham", "55_law_out_of_office_auto_reply")


# ============================================================================
# charity (Riverside Food Bank)
# ============================================================================

def charity():
    links = [brevo() for _ in range(5)]
    m = base("Chase Turner <chase.turner@%s>" % CHA, "Volunteers <volunteers@%s>" % CHA,
             "URGENT APPEAL: our shelves are nearly empty – please share!", 40)
    text = ("Hi everyone,\n\n"
            "below is the urgent appeal that went out to our supporters this morning through Brevo. Our "
            "warehouse is down to two weeks of stock and referrals are up 38% on last March. Please share "
            "it with friends, family and your workplace – every share helps.\n\n"
            "Donate now: " + links[0] + "\n"
            "Drop-off points and what we need most: " + links[1] + "\n\n"
            "Thank you for everything you do.\nChase\n\n"
            "Chase Turner\nVolunteer Coordinator, Riverside Food Bank\nRegistered charity no. 1162487\n")
    html = ("<html><body style=\"font-family:Arial\"><p>Hi everyone,</p><p>below is the urgent appeal that went out "
            "to our supporters this morning through Brevo. Our warehouse is down to two weeks of stock and referrals "
            "are up 38% on last March. Please share it – every share helps.</p><p>Thank you for everything you do.<br>"
            "Chase</p><hr><table width=\"600\" style=\"font-family:Arial\"><tr><td style=\"background:#e63946;color:#fff;"
            "padding:20px;font-size:24px\"><b>Urgent appeal: help us refill the shelves</b></td></tr>"
            "<tr><td style=\"padding:20px\"><p>This winter, more families than ever have needed emergency food "
            "parcels. <b>£15 feeds a family of four for three days.</b></p>"
            "<p><a href=\"" + links[0] + "\" style=\"background:#e63946;color:#fff;padding:14px 28px;font-size:18px;"
            "text-decoration:none\">Donate now</a></p>"
            "<p>Can't give money? <a href=\"" + links[1] + "\">See what we need most and where to drop it off</a>, or "
            "<a href=\"" + links[2] + "\">volunteer with us</a>.</p>"
            "<p style=\"font-size:11px;color:#666\">Riverside Food Bank, 14 Mill Lane, Reading RG1 2BN. Registered charity "
            "no. 1162487. <a href=\"" + links[3] + "\">Update preferences</a> | <a href=\"" + links[4] + "\">Unsubscribe</a></p>"
            "</td></tr></table><p>Chase Turner<br>Volunteer Coordinator, Riverside Food Bank</p></body></html>")
    outlook(m, text, html=html, lang="en-gb")
    save(m, "ham", "56_charity_urgent_appeal_brevo_links")

    m = base("Riverside Food Bank <donations@%s>" % CHA, "Mrs Helen Carter <helen.carter@btinternet.com>",
             "Thank you for your donation – receipt and Gift Aid confirmation", 20)
    text = ("Dear Mrs Carter,\n\nthank you so much for your generous donation of £250.00 on 12 March 2026. "
            "Because you have made a Gift Aid declaration, we can claim an extra £62.50 from HMRC at no cost to you.\n\n"
            "Your receipt is attached. If you pay less Income Tax and/or Capital Gains Tax than the amount of Gift Aid "
            "claimed on all your donations in the tax year, it is your responsibility to pay any difference – please "
            "let us know if your circumstances change.\n\n"
            "With heartfelt thanks,\nMargaret Ellis\nFundraising Manager\nRiverside Food Bank – registered charity 1162487\n")
    phpmailer(m, text, "<html><body style=\"font-family:Arial\"><p>Dear Mrs Carter,</p><p>thank you so much for "
              "your generous donation of <b>£250.00</b> on 12 March 2026. Because you have made a Gift Aid "
              "declaration, we can claim an extra £62.50 from HMRC at no cost to you.</p><p>Your receipt is "
              "attached.</p><p>With heartfelt thanks,<br>Margaret Ellis<br>Fundraising Manager</p></body></html>")
    attach(m, "Donation_receipt_RFB-2026-00913.pdf", pdf_bytes("Donation receipt"))
    save(m, "ham", "57_charity_donation_receipt_gift_aid_pdf")

    m = base("Chase Turner <chase.turner@%s>" % CHA, "Saturday team <saturday-team@%s>" % CHA,
             "Rota for April + last month's newsletter link", 72)
    outlook(m, "Hi all,\n\nthe April rota is attached – please check your shifts and swap among yourselves if "
            "needed, just let me know. We're short two drivers on 18 April.\n\n"
            "A few of you asked for last month's newsletter (the one with the photos from the school collection). "
            "It's here: https://r.sendibt3.com/tr/cl/" + ralnum(60) + "\n\n"
            "Cheers\nChase\n", lang="en-gb")
    attach(m, "Volunteer_rota_April_2026.xlsx", ooxml("xlsx"))
    save(m, "ham", "58_charity_volunteer_rota_xlsx_chase_turner")


# ============================================================================
# pharmacy (Apotheke am Markt, Bamberg)
# ============================================================================

def pharmacy():
    m = base("Apotheke am Markt <service@%s>" % APO, "Gisela Hoffmann <gisela.hoffmann@arcor.de>",
             "Ihr E-Rezept liegt zur Abholung bereit", 3)
    text = ("Guten Tag Frau Hoffmann,\n\n"
            "Ihre Medikamente aus dem E-Rezept vom 13.03.2026 (Praxis Dr. Fuchs) sind für Sie reserviert:\n\n"
            "- Metformin 1000 mg, 180 Tabletten\n- Ramipril 5 mg, 100 Tabletten\n"
            "- Pantoprazol 20 mg, 60 Tabletten (war nicht vorrätig, ist jetzt eingetroffen)\n\n"
            "Sie können sie ab sofort während unserer Öffnungszeiten (Mo–Fr 8–18:30, Sa 8–13 Uhr) abholen. "
            "Zuzahlung: 15,00 €. Wenn Sie möchten, bringt unser Bote die Medikamente auch kostenlos nach Hause.\n\n"
            "Ihre Apotheke am Markt\nMaxplatz 7, 96047 Bamberg · Tel. 0951 208 77-0\n")
    phpmailer(m, text)
    save(m, "ham", "59_pharmacy_e_prescription_ready")

    m = base("Apotheke am Markt – Apothekerin Jana Beck <j.beck@%s>" % APO,
             "Praxis Dr. Fuchs <praxis@hausarzt-fuchs-bamberg.de>",
             "Rückfrage zu Rezept Hr. K. (geb. 1958): Sildenafil / Isosorbiddinitrat", 6)
    outlook(m, "Sehr geehrte Frau Dr. Fuchs,\n\n"
            "wir haben heute ein Privatrezept über Sildenafil 50 mg (12 Tbl.) für Herrn K., geb. 04.02.1958, "
            "vorliegen. Laut Medikationsplan nimmt der Patient Isosorbiddinitrat retard 40 mg. Die Kombination "
            "mit PDE-5-Hemmern ist kontraindiziert (Gefahr eines starken Blutdruckabfalls).\n\n"
            "Wir haben die Abgabe zunächst zurückgestellt und den Patienten informiert. Könnten Sie uns kurz "
            "zurückrufen (0951 208 77-12) oder die Verordnung bestätigen bzw. ändern?\n\n"
            "Mit freundlichen kollegialen Grüßen\nJana Beck\nApothekerin, Apotheke am Markt\n")
    save(m, "ham", "60_pharmacy_prescription_interaction_query")


def main():
    dental(); bakery(); tax(); club(); msp(); shop(); hotel(); parents(); dev(); law(); charity(); pharmacy()


if __name__ == "__main__":
    main()
