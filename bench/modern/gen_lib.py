"""gen_lib.py - building outgoing mail the way common mail programs write it
(headers, Message-Id shapes, MIME structure, attachments), for the modern
outgoing-mail set (bench/modern/run)."""
import base64, io, os, random, subprocess, tempfile, time, uuid, zipfile
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, formataddr
from email import policy
import datetime as dt

random.seed(2026)
NOW = time.time()
# where ham/ and spam/ are written: MODERN_OUT, else beside this file
OUT = os.environ.get("MODERN_OUT") or os.path.dirname(os.path.abspath(__file__))


def when(hours_ago):
    t = NOW - hours_ago * 3600
    d = dt.datetime.fromtimestamp(t, dt.timezone(dt.timedelta(hours=1)))
    return t, format_datetime(d)


def rhex(n):
    return "".join(random.choice("0123456789abcdef") for _ in range(n))


def ralnum(n, chars="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(random.choice(chars) for _ in range(n))


def outlook_msgid(t, domain):
    ft = int(t * 1e7 + 116444736000000000)
    return "<%04x%08x$%08x$%08x$@%s>" % (random.choice([0x0000, 0x0010, 0x0020, 0x0030]) | 0x1, ft >> 32,
                                         ft & 0xffffffff, random.getrandbits(32), domain)


def gmail_msgid():
    return "<CA%s@mail.gmail.com>" % ralnum(62, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+_=-")


def base(frm, to, subject, hours_ago, cc=None, msgid=None, domain=None, reply_to=None):
    m = EmailMessage(policy=policy.default)
    t, d = when(hours_ago)
    m["Date"] = d
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    if reply_to:
        m["Reply-To"] = reply_to
    m["Subject"] = subject
    m["Message-ID"] = msgid or make_msgid(domain=domain or frm.split("@")[-1].rstrip(">"))
    m._t = t
    return m


def pdf_bytes(title="Invoice"):
    body = ("%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
            "4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 72 770 Td (" + title + ") Tj ET\nendstream endobj\n"
            "trailer<</Root 1 0 R>>\n%%EOF\n").encode()
    return body + os.urandom(2000)


def zip_bytes(files, password=None):
    if password is None:
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files:
                z.writestr(name, data)
        return b.getvalue()
    with tempfile.TemporaryDirectory() as td:
        names = []
        for name, data in files:
            p = os.path.join(td, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, "wb").write(data)
            names.append(name)
        subprocess.run(["zip", "-q", "-P", password, "out.zip"] + names, cwd=td, check=True)
        return open(os.path.join(td, "out.zip"), "rb").read()


def ooxml(kind="docx", macro=False):
    ct = {"docx": "word", "xlsx": "xl", "docm": "word", "xlsm": "xl"}[kind]
    files = [("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
             ("_rels/.rels", "<Relationships/>"),
             (ct + ("/document.xml" if ct == "word" else "/workbook.xml"), "<x/>")]
    if macro:
        files.append((ct + "/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000)))
    return zip_bytes(files)


CT = {"pdf": ("application", "pdf"), "zip": ("application", "zip"),
      "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
      "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      "xlsm": ("application", "vnd.ms-excel.sheet.macroEnabled.12"),
      "docm": ("application", "vnd.ms-word.document.macroEnabled.12"),
      "ics": ("text", "calendar"), "html": ("text", "html"), "htm": ("text", "html"),
      "iso": ("application", "x-iso9660-image"), "js": ("application", "javascript"),
      "png": ("image", "png"), "jpg": ("image", "jpeg"), "svg": ("image", "svg+xml"),
      "one": ("application", "octet-stream"), "rar": ("application", "x-rar-compressed"),
      "7z": ("application", "x-7z-compressed"), "img": ("application", "octet-stream"),
      "vcf": ("text", "vcard"), "eml": ("message", "rfc822")}


def attach(m, name, data):
    ext = name.rsplit(".", 1)[-1].lower()
    mt, st = CT.get(ext, ("application", "octet-stream"))
    if mt == "text":
        m.add_attachment(data.decode() if isinstance(data, bytes) else data, subtype=st, filename=name, cte="base64")
    else:
        if isinstance(data, str):
            data = data.encode()
        m.add_attachment(data, maintype=mt, subtype=st, filename=name)


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def save(m, kind, name):
    p = os.path.join(OUT, kind, name + ".eml")
    os.makedirs(os.path.dirname(p), exist_ok=True)
    data = m.as_bytes(policy=m.policy.clone(linesep="\n"))
    open(p, "wb").write(data)


# ---- mail program profiles -------------------------------------------------

def thunderbird(m, text, lang="de-DE", html=None):
    m["User-Agent"] = "Mozilla Thunderbird"
    m["Content-Language"] = lang
    m.set_content(text, charset="utf-8", cte="8bit", params={"format": "flowed"})
    if html:
        m.add_alternative(html, subtype="html", charset="utf-8", cte="8bit")


def outlook(m, text, html=None, lang="de-de"):
    dom = str(m["From"]).split("@")[-1].rstrip(">")
    del m["Message-ID"]
    m["Message-ID"] = outlook_msgid(m._t, dom)
    m["X-Mailer"] = "Microsoft Outlook 16.0"
    for h in ("To", "Cc"):  # Outlook writes "Name" <a@b> or <a@b>
        if m[h] is not None:
            v = ", ".join(a if "<" in a else "<%s>" % a.strip() for a in str(m[h]).split(","))
            del m[h]
            m[h] = v
    m["Thread-Index"] = "AQH" + ralnum(26) + "=="
    m["Content-Language"] = lang
    if html is None:
        paras = "".join("<p class=MsoNormal>%s<o:p></o:p></p>" % (l or "&nbsp;") for l in text.split("\n"))
        html = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">'
                '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">'
                '<meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--'
                'p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}'
                '--></style></head><body lang=DE link="#0563C1" vlink="#954F72" style=\'word-wrap:break-word\'>'
                '<div class=WordSection1>' + paras + '</div></body></html>')
    m.set_content(text, charset="utf-8", cte="quoted-printable")
    m.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")


def applemail(m, text, html=None, iphone=False):
    dom = str(m["From"]).split("@")[-1].rstrip(">")
    del m["Message-ID"]
    m["Message-ID"] = "<%s@%s>" % (str(uuid.uuid4()).upper(), dom)
    if iphone:
        m["X-Mailer"] = "iPhone Mail (22B91)"
    else:
        m["X-Mailer"] = "Apple Mail (2.3826.300.87.4.3)"
    m.set_content(text, charset="utf-8", cte="quoted-printable")
    if html:
        m.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")


def gmail_web(m, text, html=None, cte="quoted-printable"):
    del m["Message-ID"]
    m["Message-ID"] = gmail_msgid()
    if html is None:
        html = '<div dir="ltr">' + "".join("<div>%s</div>" % (l or "<br>") for l in text.split("\n")) + "</div>"
    m.set_content(text, charset="UTF-8", cte=cte)
    m.add_alternative(html, subtype="html", charset="UTF-8", cte=cte)


def phpmailer(m, text, html=None):
    dom = str(m["From"]).split("@")[-1].rstrip(">")
    del m["Message-ID"]
    m["Message-ID"] = "<%s@%s>" % (ralnum(43), dom)
    m["X-Mailer"] = "PHPMailer 6.9.3 (https://github.com/PHPMailer/PHPMailer)"
    m.set_content(text, charset="UTF-8", cte="quoted-printable")
    if html:
        m.add_alternative(html, subtype="html", charset="UTF-8", cte="quoted-printable")


def roundcube(m, text):
    dom = str(m["From"]).split("@")[-1].rstrip(">")
    del m["Message-ID"]
    m["Message-ID"] = "<%s@%s>" % (rhex(32), dom)
    m["User-Agent"] = "Roundcube Webmail/1.6.9"
    m.set_content(text, charset="utf-8", cte="quoted-printable", params={"format": "flowed"})
