/*
 * check_content.c - the content check: a built-in scorer for spam-like
 * mail sent from hijacked accounts, plus the Bayesian classifier.
 *
 * Owns: the rules (each a name and a score, table below), the phishing,
 * advance-fee and attachment rules themselves, phishing wording read
 * with where the links go and who the From says it is, how the Bayes
 * probability turns into points, and the verdict: GTUBE is refused
 * outright; a score of checks.content.spam_score or more is refused 550
 * 5.7.1 [OG-SPAM] when the account's block_outgoing_spam is on, and
 * otherwise accepted with X-Outguard-Score / X-Outguard-Rules headers and
 * an abuse signal (check_result.signal). A refusal is an abuse signal
 * through check_verdict as for every check.
 *
 * Does not own: MIME decoding (mime.c; attached web pages, RAR, 7z, QR
 * codes and PDF links in mime_page.c, mime_rar.c, mime_7z.c, mime_qr.c,
 * mime_pdf.c), the
 * other families of rules (content_style.c, content_mailer.c,
 * content_link.c, content_from.c, content_scam.c), the brands (brand.c),
 * the token database and its arithmetic (bayes.c), the lock decision
 * (policy.c).
 *
 * Invariants: on_data holds no state between messages; the only shared
 * thing is the Bayes database, reference counted in bayes.c.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bayes.h"
#include "brand.h"
#include "buf.h"
#include "check_content.h"
#include "checks.h"
#include "config.h"
#include "content_from.h"
#include "content_link.h"
#include "content_mailer.h"
#include "content_scam.h"
#include "content_style.h"
#include "filetype.h"
#include "mime.h"
#include "phrase.h"
#include "policy.h"
#include "xmalloc.h"

#define GTUBE "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-" \
    "EMAIL*C.34X"
#define PHRASE_SCAN_MAX (96 * 1024) /* text searched for phrases */
#define HIDDEN_MIN 20		    /* hidden characters that count */

/* The rules aimed at hijacked accounts (GTUBE to MIME_LIMITS) have
 * hand-set scores: they fire on almost none of the public corpus. The
 * bulk-mail and mail-program rules and the Bayes buckets are fitted on
 * the corpus' training half by bench/corpus/fit (a logistic regression,
 * as SpamAssassin's perceptron sets its scores); a rule the fit gives no
 * weight scores 0 and is still named in the rules that fired. */
const struct content_rule content_rules[] = {
	[R_GTUBE] = { "GTUBE", 1000.0, "the GTUBE test string: refused "
	    "outright" },
	[R_PHISH] = { "PHISH_PHRASE", 1.5, "phishing phrasing (verify your "
	    "account, password expires, unusual sign-in ...)" },
	[R_PHISH_MANY] = { "PHISH_PHRASE_MANY", 2.0, "three or more different "
	    "phishing phrases" },
	[R_LINK_MISMATCH] = { "LINK_TEXT_MISMATCH", 2.5, "a link's text names "
	    "another domain than its target, not the sender's own" },
	[R_SHORTENER] = { "URL_SHORTENER", 1.0, "a link through a URL "
	    "shortener" },
	[R_IP_LINK] = { "URL_IP_LITERAL", 2.0, "a link to an IP address" },
	[R_BRAND] = { "BRAND_SPOOF", 3.0, "the From display name names a big "
	    "brand, the address is not the brand's" },
	[R_NAME_ADDR] = { "FROM_NAME_OTHER_ADDR", 1.5, "the From display name "
	    "holds another address than the sender's" },
	[R_EXEC] = { "ATTACH_EXECUTABLE", 5.0, "a program, installer, disk "
	    "image or shortcut attachment (exe, scr, msi, iso, lnk ...)" },
	[R_SCRIPT] = { "ATTACH_SCRIPT", 4.0, "a script or library attachment "
	    "(js, ps1, sh, jar ...)" },
	[R_ARCHIVE_EXEC] = { "ARCHIVE_EXECUTABLE", 4.0, "an executable or "
	    "script inside an archive attached (zip, RAR, 7z, tar, gzip), or "
	    "embedded in a PDF" },
	[R_DOUBLE_EXT] = { "ATTACH_DOUBLE_EXT", 2.0, "an attachment name with "
	    "a document extension before an executable one" },
	[R_MACRO] = { "ATTACH_MACRO", 2.5, "an Office document with macros" },
	[R_ENCRYPTED_ZIP] = { "ARCHIVE_ENCRYPTED", 1.5, "an encrypted zip, "
	    "RAR or 7z attachment (antivirus cannot look inside)" },
	[R_HIDDEN] = { "HTML_HIDDEN_TEXT", 2.0, "HTML-only mail with text "
	    "hidden from the reader" },
	[R_MASS] = { "MASS_RCPT", 1.5, "25 or more To/Cc addresses" },
	[R_MASS_MANY] = { "MASS_RCPT_100", 1.5, "100 or more To/Cc addresses" },
	[R_FRAUD] = { "FRAUD_419", 2.0, "advance-fee or lottery phrasing (two "
	    "phrases)" },
	[R_FRAUD_MANY] = { "FRAUD_419_MANY", 2.0, "four or more advance-fee "
	    "or lottery phrases" },
	[R_MALFORMED] = { "MIME_MALFORMED", 1.0, "broken MIME: bad base64, "
	    "missing boundary, broken headers" },
	[R_LIMITS] = { "MIME_LIMITS", 1.5, "too many parts or too deeply "
	    "nested" },
	[R_URL_BRAND_HOST] = { "URL_BRAND_HOST", 3.0, "a link to a host "
	    "named for a brand on a domain not the brand's "
	    "(paypal.account-check.example)" },
	[R_URL_LOOKALIKE] = { "URL_LOOKALIKE", 3.5, "a link to a host spelt "
	    "like a brand's (rnicrosoft, paypa1)" },
	[R_URL_DOMAIN_INSIDE] = { "URL_DOMAIN_IN_HOST", 2.0, "a link to a "
	    "host with a domain inside its name (x.com.example.net)" },
	[R_URL_IDN_SPOOF] = { "URL_IDN_SPOOF", 3.5, "a link to a host whose "
	    "international name shows Latin letters made of Cyrillic or Greek "
	    "ones" },
	[R_URL_FREE_HOST] = { "URL_FREE_HOST", 0.5, "a link to a free page "
	    "host or file bucket (pages.dev, r2.dev, web.app ...)" },
	[R_URL_BUCKET_PAGE] = { "URL_BUCKET_PAGE", 2.5, "a link to a web page "
	    "in a storage bucket or on IPFS (r2.dev, storage.googleapis.com "
	    "...)" },
	[R_URL_USERINFO] = { "URL_USERINFO", 3.0, "a link that names one "
	    "domain before an '@' and goes to another "
	    "(https://bank.example@other.example/)" },
	[R_LINK_PROGRAM] = { "LINK_PROGRAM", 2.0, "a link to a program or "
	    "script on another site" },
	[R_LINK_ARCHIVE] = { "LINK_ARCHIVE", 1.0, "a link to an archive on "
	    "another site" },
	[R_LINK_WP_UPLOAD] = { "LINK_WP_UPLOAD", 2.0, "a link to an archive, "
	    "program or page in another site's WordPress folders (where a "
	    "broken-into site keeps its payload)" },
	[R_QR_LINK] = { "QR_LINK", 1.5, "a QR code in an image leads to "
	    "another site than the sender's or a big brand's" },
	[R_FILE_LINK_LURE] = { "FILE_LINK_LURE", 2.0, "a link read from an "
	    "attachment (a PDF's button, an image's QR code) leads where "
	    "phishing pages live (a free host, a bucket, a look-alike ...)" },
	[R_URL_REDIRECT] = { "URL_REDIRECT", 1.0, "a link through a search "
	    "engine's or a social network's redirect (google.com/url, "
	    "bing.com/ck/a ...)" },
	[R_PHISH_LINK] = { "PHISH_LINK", 2.5, "phishing phrasing or a brand "
	    "in the From, and a link to an IP, a shortener, a brand's name or "
	    "look-alike on another domain, or a free page host" },
	[R_BRAND_LINK] = { "BRAND_SPOOF_LINK", 1.5, "the From names a brand "
	    "and a link goes neither to the brand's site nor the sender's" },
	[R_FROM_INSTITUTION] = { "FROM_INSTITUTION", 1.5, "the From display "
	    "name names a bank, a post, customs or a tax office its address "
	    "does not" },
	[R_REPLYTO_LOOKALIKE] = { "REPLYTO_LOOKALIKE", 3.0, "replies go to a "
	    "look-alike of the sender's own domain (x-de.com for x.de, one "
	    "letter off)" },
	[R_FORM_PASSWORD] = { "FORM_ASKS_PASSWORD", 2.0, "a link to an online "
	    "form, and the text speaks of a password" },
	[R_ATTACH_HTML_LOGIN] = { "ATTACH_HTML_LOGIN", 5.0, "an attached web "
	    "page asks for a password" },
	[R_ATTACH_HTML_REDIRECT] = { "ATTACH_HTML_REDIRECT", 5.0, "an attached "
	    "web page or SVG image sends the reader elsewhere (a refresh, a "
	    "decoding script, any script in an image)" },
	[R_ATTACH_HTML_SMUGGLE] = { "ATTACH_HTML_SMUGGLING", 5.0, "an attached "
	    "web page or SVG image makes a program or archive in the browser "
	    "and hands it to the reader (HTML smuggling)" },
	[R_HTML_PASSWORD] = { "HTML_PASSWORD_FIELD", 3.0, "the mail's HTML "
	    "has a password field" },
	[R_EXTORTION] = { "EXTORTION_BITCOIN", 5.0, "extortion (\"I recorded "
	    "you\", \"all your contacts\") and a Bitcoin address" },
	[R_INVEST_SCAM] = { "INVESTMENT_SCAM", 3.0, "trading platforms and "
	    "their returns (two phrases)" },
	[R_BEC] = { "BEC_PHRASE", 1.5, "gift cards, new bank details, a quiet "
	    "urgent transfer (two phrases)" },
	[R_BEC_REPLYTO] = { "BEC_REPLYTO", 3.5, "such a request, and the "
	    "replies go to another domain" },
	[R_PHARMA] = { "PHARMA_SPAM", 3.5, "prescription drugs sold without "
	    "prescription" },
	[R_CASINO] = { "CASINO_SPAM", 3.5, "casino and betting offers (two "
	    "phrases)" },
	[R_ARCHIVE_PASSWORD] = { "ARCHIVE_PASSWORD", 2.0, "a password in the "
	    "text beside an archive attached or linked (antivirus cannot "
	    "open it)" },
	[R_PDF_LAUNCH] = { "PDF_LAUNCH", 3.0, "an attached PDF that starts a "
	    "program when opened (a launch action)" },
	[R_ATTACH_OPEN_LURE] = { "ATTACH_OPEN_LURE", 2.0, "\"enable content\", "
	    "\"double-click\" beside an attachment that runs code or hides "
	    "it" },
	[R_MSGID_ODD] = { "MSGID_ODD", 0.63, "a Message-Id without '<' or '@'" },
	[R_TO_UNDISCLOSED] = { "TO_UNDISCLOSED", 0.32, "no address in To "
	    "(undisclosed recipients)" },
	[R_FROM_EQ_TO] = { "FROM_EQ_TO", 0.24, "To holds the From address "
	    "(the real recipients in Bcc)" },
	[R_PRIORITY_HIGH] = { "PRIORITY_HIGH", 1.40, "marked high priority" },
	[R_REPLYTO_OTHER] = { "REPLYTO_OTHER_DOMAIN", 0.26, "Reply-To in "
	    "another domain than From" },
	[R_MISSING_SUBJECT] = { "MISSING_SUBJECT", 0.70, "no Subject, or an "
	    "empty one" },
	[R_SUBJ_EXCLAIM] = { "SUBJ_EXCLAIM", 1.25, "'!' in the Subject" },
	[R_SUBJ_MONEY] = { "SUBJ_MONEY", 0.19, "a dollar amount or '%' in the "
	    "Subject" },
	[R_SUBJ_CAPS] = { "SUBJ_ALL_CAPS", 0.96, "a Subject in capitals" },
	[R_HTML_ONLY] = { "MIME_HTML_ONLY", 0.67, "HTML with no text part" },
	[R_HTML_FONT_COLOR] = { "HTML_FONT_COLOR", 0.14, "coloured fonts in "
	    "HTML" },
	[R_HTML_IMAGE_ONLY] = { "HTML_IMAGE_ONLY", 0.77, "images and almost "
	    "no text" },
	[R_HTML_ACTIVE] = { "HTML_SCRIPT", 0.44, "scripts, frames or objects "
	    "in HTML mail" },
	[R_BASE64_TEXT] = { "MIME_BASE64_TEXT", 1.00, "the text sent in "
	    "base64" },
	[R_EXCLAIM_MANY] = { "EXCLAIM_MANY", 0.88, "'!!!' or eight or more "
	    "'!'" },
	[R_CLICK_HERE] = { "CLICK_HERE", 1.08, "\"click here\"" },
	[R_REMOVE_INSTR] = { "REMOVE_INSTRUCTIONS", 1.44, "instructions to be "
	    "removed from a list" },
	[R_OPT_IN] = { "OPT_IN_CLAIM", 0.55, "claims the recipient asked for "
	    "it" },
	[R_NOT_SPAM] = { "NOT_SPAM_CLAIM", 0.20, "claims not to be spam" },
	[R_URGENCY] = { "URGENCY", 1.11, "act now, limited time, order now" },
	[R_FREE] = { "FREE_OFFER", 0.57, "free offers" },
	[R_GUARANTEE] = { "GUARANTEE", 1.34, "guarantees, no obligation, "
	    "money back" },
	[R_FINANCE] = { "FINANCE_OFFER", 0.75, "mortgages, rates, debt, "
	    "credit" },
	[R_ADULT] = { "ADULT", 0.79, "adult content wording" },
	[R_BIZOP] = { "BIZ_OPPORTUNITY", 0.75, "work from home, make money, "
	    "income" },
	[R_MARKETING] = { "BULK_MARKETING", 0.18, "bulk mailing and address "
	    "lists" },
	[R_DEAR] = { "DEAR_SOMEBODY", 2.82, "a greeting to nobody in "
	    "particular" },
	[R_TOLL_FREE] = { "TOLL_FREE", 0.65, "a toll-free number" },
	[R_FORGED_OUTLOOK] = { "FORGED_MUA_OUTLOOK", 1.61, "X-Mailer names "
	    "Outlook, the Message-Id is not Outlook's" },
	[R_OUTLOOK_HTML_ONLY] = { "FORGED_OUTLOOK_HTML", 0.16, "X-Mailer "
	    "names Outlook, which never sends HTML alone" },
	[R_OE_MSGID_NO_MAILER] = { "OE_MSGID_NO_MAILER", 0.71, "an Outlook "
	    "Message-Id and no X-Mailer" },
	[R_OE_MSGID_NO_MIMEOLE] = { "OE_MSGID_NO_MIMEOLE", 0.23, "an Outlook "
	    "Message-Id and no X-MimeOLE" },
	[R_OE_MSGID_CLOCK] = { "OE_MSGID_CLOCK", 0.97, "the clock in an "
	    "Outlook Message-Id is far from the Date" },
	[R_MSPRIO_NO_MIMEOLE] = { "MISSING_MIMEOLE", 1.76, "X-MSMail-Priority "
	    "and no X-MimeOLE" },
	[R_DATE_TZ_ABSURD] = { "DATE_TZ_ABSURD", 0.80, "a Date in a time zone "
	    "that does not exist" },
	[R_DATE_FUTURE] = { "DATE_IN_FUTURE", 1.16, "a Date three hours or "
	    "more after the mail arrived" },
	[R_FREEMAIL_FROM] = { "FREEMAIL_FROM", 0.38, "From a free mail "
	    "provider" },
	[R_FREEMAIL_FROM_DIGIT] = { "FREEMAIL_FROM_DIGIT", 0.84, "From a free "
	    "mail address ending in a digit" },
	[R_FREEMAIL_REPLYTO] = { "FREEMAIL_REPLYTO", 0.95, "replies go to "
	    "another free mail address" },
	[R_SPOOFED_FREEMAIL] = { "SPOOFED_FREEMAIL", 0.81, "From a free mail "
	    "provider, not sent through its servers" },
	[R_OUTLOOK_TO_NO_BRACKETS] = { "TO_NO_BRKTS_OUTLOOK", 1.71, "X-Mailer "
	    "names Outlook, To has an address without <>" },
	[R_DATE_INVALID] = { "DATE_INVALID", 1.70, "a Date not in RFC 5322 "
	    "form (\"0102\" for the year, \"GMT+1\" for the zone)" },
	[R_XMAILER_BULK] = { "XMAILER_BULK", 2.55, "X-Mailer names a bulk "
	    "mailing program" },
	[R_XMAILER_RANDOM] = { "XMAILER_RANDOM", 0.43, "X-Mailer is a made-up "
	    "word" },
	[R_HEADER_RAW_8BIT] = { "HEADER_RAW_8BIT", 1.39, "8-bit Subject or "
	    "From without MIME encoding, not UTF-8" },
	[R_HTML_FONT_WHITE] = { "HTML_FONT_WHITE", 0.11, "white text in HTML" },
	[R_SUBJ_AD_LABEL] = { "SUBJ_AD_LABEL", 1.89, "the Subject labels it "
	    "an advertisement (ADV:)" },
	[R_FILL_FORM] = { "FILL_THIS_FORM", 1.25, "a form to fill in: name, "
	    "address, phone ..." },
	[R_AD_WORDING] = { "AD_WORDING", 1.81, "calls itself an "
	    "advertisement, offers from partners" },
	[R_HTML_FONT_HUGE] = { "HTML_FONT_HUGE", 0.66, "fonts of size 6 or "
	    "more (+3) in HTML" },
	[R_MONEY_MILLIONS] = { "MONEY_MILLIONS", 1.26, "sums of a million "
	    "dollars or more ($10,000,000)" },
	[R_HEALTH] = { "HEALTH_OFFER", 0.28, "weight loss, pills without "
	    "prescription, enlargement" },
	[R_TRACKER_ID] = { "TRACKER_ID", 1.22, "a paragraph that is one long "
	    "random token (a mailing program's tracking id)" },
	[R_SUBJ_PADDED] = { "SUBJ_PADDED", 1.34, "five or more spaces in a row "
	    "inside the Subject" },
	[R_RCPT_SIMILAR] = { "RCPT_SIMILAR", 0.15, "five or more To/Cc "
	    "addresses, most alike (a harvested list)" },
	[R_BAYES_00] = { "BAYES_00", -1.61, "Bayes: spam probability under 1 "
	    "%" },
	[R_BAYES_05] = { "BAYES_05", -0.40, "Bayes: 1 to 5 %" },
	[R_BAYES_50] = { "BAYES_50", 0.00, "Bayes: 50 to 80 %" },
	[R_BAYES_80] = { "BAYES_80", 0.40, "Bayes: 80 to 95 %" },
	[R_BAYES_95] = { "BAYES_95", 1.21, "Bayes: 95 to 99 %" },
	[R_BAYES_99] = { "BAYES_99", 2.42, "Bayes: 99 to 99.9 %" },
	[R_BAYES_999] = { "BAYES_999", 4.43, "Bayes: 99.9 % or more" },
};

static const char *const phish_phrases[] = {
	"verify your account", "verify your identity", "verify your email",
	"confirm your account", "confirm your identity",
	"confirm your password", "update your account",
	"update your payment", "update your billing", "validate your account",
	"validate your mailbox", "your password expires",
	"your password will expire", "password has expired",
	"password expires today", "unusual sign-in", "unusual sign in",
	"unusual login", "unusual activity", "suspicious activity",
	"suspicious login", "account has been suspended",
	"account will be suspended", "account has been locked",
	"account has been limited", "account will be closed",
	"account will be deactivated", "account will be terminated",
	"mailbox is full", "mailbox quota", "exceeded the storage limit",
	"reactivate your account", "restore your account",
	"unlock your account", "click here to verify",
	"click the link below to verify", "click below to verify",
	"failure to verify", "failure to update", "within 24 hours",
	"within 48 hours", "kindly verify", "kindly click",
	"kindly update", "sign in to confirm", "log in to confirm",
	"payment was declined", "payment has been declined",
	"billing information", "security alert", "security verification",
	"temporarily suspended", "keep your account active",
	"avoid account suspension", "account verification",
	/* parcel lures */
	"customs fee", "customs charge", "unable to deliver your",
	"could not be delivered", "delivery attempt failed",
	"failed delivery attempt", "package is on hold", "parcel is on hold",
	"shipment is on hold", "schedule a redelivery", "redelivery fee",
	/* multi-factor sign-in "renewed" through the lure */
	"re-register your", "re-registration required", "mfa re-registration",
	"re-authenticate your", "reauthenticate your",
	"multi-factor authentication will", "to keep access to your",
	/* domain renewal and listing invoices nobody ordered */
	"domain expiration notice", "your domain will expire",
	"domain name expiration", "search engine submission",
	/* a file "shared" through a page the sender does not own */
	"shared a file with you", "shared a document with you",
	"shared a folder with you", "hat eine datei mit ihnen geteilt",
	"hat ein dokument mit ihnen geteilt", "a partagé un fichier",
	"ha compartido un archivo", "heeft een bestand met u gedeeld",
	"ha condiviso un file",
	/* tax refunds */
	"eligible to receive a tax refund", "tax refund request",
	"steuerrückerstattung", "remboursement d'impôt",
	"devolución de impuestos", "rimborso fiscale",
	/* the same in the languages our customers' customers read */
	"speicherlimit", "kon niet worden bezorgd", "n'a pas pu être livré",
	"retenido en aduana", "frais de réexpédition",
	"plan een nieuwe bezorging", "non è stato possibile consegnare",
	"bestätigen sie ihre", "verifizieren sie ihr", "ihr konto wurde",
	"vorübergehend eingeschränkt", "vorübergehend gesperrt",
	"aktualisieren sie ihre daten", "ihr postfach ist voll",
	"ihr passwort läuft", "ungewöhnliche anmeldung",
	"verdächtige aktivität", "innerhalb von 24 stunden",
	"innerhalb von 48 stunden", "aus sicherheitsgründen gesperrt",
	"zollgebühr", "konnte nicht zugestellt",
	"vérifier votre compte", "vérifiez votre compte",
	"confirmer votre identité", "confirmez votre identité",
	"votre compte a été", "votre compte sera suspendu",
	"mettre à jour vos informations", "activité inhabituelle",
	"activité suspecte", "votre mot de passe expire",
	"dans les 24 heures", "dans les 48 heures",
	"votre boîte aux lettres est pleine", "frais de douane",
	"verifique su cuenta", "verificar su cuenta",
	"confirme su identidad", "su cuenta ha sido", "su cuenta será",
	"actividad inusual", "actividad sospechosa", "actualice sus datos",
	"su contraseña caduca", "en las próximas 24 horas",
	"verifica il tuo account", "verificare il tuo account",
	"il tuo account è stato", "il tuo conto è stato",
	"attività insolita", "attività sospetta", "aggiorna i tuoi dati",
	"entro 24 ore", "entro 48 ore",
	"verifieer uw account", "bevestig uw gegevens",
	"uw account is geblokkeerd", "uw rekening is geblokkeerd",
	"ongebruikelijke activiteit", "verdachte activiteit",
	"binnen 24 uur", "binnen 48 uur",
	"verifique sua conta", "sua conta foi", "atividade incomum",
	"zweryfikuj swoje konto", "twoje konto zostało",
	"konto zostanie zablokowane", "potwierdź swoje dane",
	"w ciągu 24 godzin", "confirme os seus dados", "a sua conta será",
	"a sua conta foi", "será desativada", "atualização obrigatória",
	"retida na alfândega", "ověřte svůj účet", "váš účet byl",
	"bude zablokován", "ověření vaší identity", "do 24 hodin",
	"hesabınız askıya", "hesabınızı doğrulayın", "24 saat içinde",
	"verifiera ditt konto", "ditt konto har", "inom 24 timmar",
	"bekræft din konto", "bekreft kontoen din",
	"contul dumneavoastră a fost", "fiókját felfüggesztettük",
	NULL
};

/* advance-fee fraud: what only its letters say ... */
static const char *const fraud_phrases[] = {
	"million united states dollars", "million us dollars",
	"winning number", "claims agent", "transfer of the sum",
	"foreign partner", "strictly confidential", "confidential business",
	"business proposal", "my late husband", "diplomatic", "consignment",
	"barrister", "compensation fund", "compensation payment", "atm card",
	"western union", "moneygram", "dying of cancer",
	"percent of the total", "% of the total", "mutual benefit",
	"bank draft", "unclaimed", "dormant account", "security company",
	"your urgent response", "reply urgently", "transfer the fund",
	"fiduciary", "delivery agent", NULL
};

/* ... and what a solicitor's probate letter or a club's raffle says as
 * well: these count only beside the others */
static const char *const fraud_context_phrases[] = {
	"next of kin", "million dollars", "beneficiary", "lottery",
	"you have won", "claim your prize", "late client", "inheritance",
	"deceased", "prize money", "ticket number", NULL
};

/* an archive of more entries than this, or with a file of a project's
 * source among them, is a project (a theme, a site's code, a hotfix of
 * three files), not a lure, whose archive holds the one file to open */
#define PROJECT_ENTRIES 10

/* ----------------------------------------------------------- helpers */

/* the phishing and advance-fee phrases, the bulk-mail ones
 * (content_style.c) and the scams' (content_scam.c) as one automaton
 * (phrase.c), built on first use, in that order */
static struct phrase_set *phrase_set;
static size_t nphish, nfraud, nfraud_ctx, nall;
static pthread_once_t phrase_once = PTHREAD_ONCE_INIT;

#define STYLE_HITS(hit) ((hit) + nphish + nfraud + nfraud_ctx)
#define SCAM_HITS(hit) (STYLE_HITS(hit) + content_style_nphrases)

static void
phrases_build(void)
{
	struct phrase *list;
	size_t i, n = 0;

	while (phish_phrases[nphish] != NULL)
		nphish++;
	while (fraud_phrases[nfraud] != NULL)
		nfraud++;
	while (fraud_context_phrases[nfraud_ctx] != NULL)
		nfraud_ctx++;
	nall = nphish + nfraud + nfraud_ctx + content_style_nphrases +
	    content_scam_nphrases;
	list = xcalloc(nall, sizeof(*list));
	for (i = 0; i < nphish; i++)
		list[n++] = (struct phrase){ phish_phrases[i], 0, 0 };
	for (i = 0; i < nfraud; i++)
		list[n++] = (struct phrase){ fraud_phrases[i], 0, 0 };
	for (i = 0; i < nfraud_ctx; i++)
		list[n++] = (struct phrase){ fraud_context_phrases[i], 0, 0 };
	for (i = 0; i < content_style_nphrases; i++)
		list[n++] = content_style_phrases[i];
	for (i = 0; i < content_scam_nphrases; i++)
		list[n++] = content_scam_phrases[i];
	phrase_set = phrase_set_build(list, n);
	free(list);
}

struct phrase_counts {
	unsigned phish;	    /* different phishing phrases */
	unsigned fraud;	    /* ... advance-fee ones */
	unsigned fraud_ctx; /* ... and the words they come with */
};

/* find_phrases - which phrases the Subject and text have (up to
 * PHRASE_SCAN_MAX bytes): an array of flags, one per phrase in the
 * automaton's order, to free; the counts in *pc */
static unsigned char *
find_phrases(const struct mime_doc *doc, struct phrase_counts *pc)
{
	const struct {
		const char *s;
		size_t n;
	} part[] = {
		{ doc->subject, strlen(doc->subject) },
		{ doc->text.data, doc->text.len },
		{ doc->html.data, doc->html.len },
	};
	size_t i, room = PHRASE_SCAN_MAX;
	unsigned char *hit;

	pthread_once(&phrase_once, phrases_build);
	hit = xcalloc(nall, 1);
	for (i = 0; i < sizeof(part) / sizeof(part[0]) && room > 0; i++) {
		size_t n = part[i].n < room ? part[i].n : room;

		phrase_set_find(phrase_set, part[i].s, n, hit);
		room -= n;
	}
	memset(pc, 0, sizeof(*pc));
	for (i = 0; i < nphish + nfraud + nfraud_ctx; i++)
		if (hit[i])
			(*(i < nphish ? &pc->phish : i < nphish + nfraud ?
			    &pc->fraud : &pc->fraud_ctx))++;
	return hit;
}

/* rcpt_similar - five or more To/Cc addresses, most pairs of them alike:
 * the same first two characters of the local part, or of two different
 * host names (SpamAssassin's similar_recipients, 0.65 of the pairs). A
 * list harvested from the web or made up by a program looks like this
 * (info@ at one company after another, names in alphabetical runs,
 * yahoo.com beside yahoo.co.uk); the people one writes to do not. */
#define SIMILAR_MIN_ADDRS 5
#define SIMILAR_RATIO 0.65

static int
rcpt_similar(const struct mime_doc *doc)
{
	const char *host[MIME_MAX_TO_ADDRS];
	size_t n = doc->nto_addrs, i, j, pairs = 0, alike = 0;

	if (n < SIMILAR_MIN_ADDRS)
		return 0;
	for (i = 0; i < n; i++) {
		const char *at = strrchr(doc->to_addrs[i], '@');

		host[i] = at != NULL && strlen(at) > 2 ? at + 1 : NULL;
	}
	for (i = 0; i < n; i++) {
		const char *a = doc->to_addrs[i];

		for (j = i + 1; j < n; j++) {
			const char *b = doc->to_addrs[j];

			pairs++;
			if (a[0] != '@' && a[1] != '@' && strncmp(a, b, 2) == 0)
				alike++;
			if (host[i] != NULL && host[j] != NULL &&
			    strncmp(host[i], host[j], 2) == 0 &&
			    strcmp(host[i], host[j]) != 0)
				alike++;
		}
	}
	return (double)alike >= SIMILAR_RATIO * (double)pairs;
}

/* -------------------------------------------------------------- scoring */

static void
fire(struct content_score *cs, enum content_rule_id r)
{
	if (cs->fired[r])
		return;
	cs->fired[r] = 1;
	if (r >= R_STYLE_FIRST && r <= R_STYLE_LAST) {
		double before = cs->style < CONTENT_STYLE_CAP ? cs->style :
		    CONTENT_STYLE_CAP;

		cs->style += content_rules[r].score;
		cs->score += (cs->style < CONTENT_STYLE_CAP ? cs->style :
		    CONTENT_STYLE_CAP) - before;
	} else
		cs->score += content_rules[r].score;
}

static const char *const field_names[CF__COUNT] = {
	[CF_MESSAGE_ID] = "Message-ID", [CF_FROM] = "From", [CF_TO] = "To",
	[CF_REPLY_TO] = "Reply-To", [CF_SUBJECT] = "Subject",
	[CF_DATE] = "Date", [CF_RECEIVED] = "Received",
	[CF_X_MAILER] = "X-Mailer", [CF_X_MIMEOLE] = "X-MimeOLE",
	[CF_X_PRIORITY] = "X-Priority",
	[CF_X_MSMAIL_PRIORITY] = "X-MSMail-Priority",
	[CF_IMPORTANCE] = "Importance",
};

static void
fields_read(const char *msg, size_t len, struct content_fields *f)
{
	size_t k;

	for (k = 0; k < CF__COUNT; k++)
		f->present[k] = (unsigned char)header_value(msg, len,
		    field_names[k], f->value[k], sizeof(f->value[k]));
}

const char *
content_field(const struct content_fields *f, enum content_field k)
{
	return f->present[k] ? f->value[k] : NULL;
}

int
content_field_domain(const char *v, char *out, size_t outsz)
{
	const char *at = strchr(v, '@');
	size_t n = 0;

	if (at == NULL)
		return 0;
	for (at++; (isalnum((unsigned char)*at) || *at == '.' || *at == '-') &&
	    n + 1 < outsz; at++)
		out[n++] = (char)tolower((unsigned char)*at);
	while (n > 0 && out[n - 1] == '.')
		n--;
	out[n] = '\0';
	return n > 0 && strchr(out, '.') != NULL;
}

void
content_score_fire(struct content_score *cs, enum content_rule_id r)
{
	fire(cs, r);
}

/* project_archive - the archive's entries are a project's files */
static int
project_archive(const struct mime_attachment *a)
{
	char prev[16];
	size_t k;

	if (a->ninner > PROJECT_ENTRIES)
		return 1;
	for (k = 0; k < a->ninner; k++)
		if (filetype_of(filetype_ext(a->inner[k], prev,
		    sizeof(prev))) == FT_SOURCE)
			return 1;
	return 0;
}

/* one_name - an attachment's name, or (inner) the name of an entry of
 * an archive (project: of a project's files) */
static void
one_name(const char *name, struct content_score *cs, int inner,
    int project)
{
	char prev[16], *trimmed = xstrdup(name);
	size_t n = strlen(trimmed);
	enum filetype t, pt;

	/* Windows drops dots and spaces at the end of a file name: "x.exe."
	 * is saved, and runs, as x.exe */
	while (n > 0 && (trimmed[n - 1] == '.' || trimmed[n - 1] == ' '))
		trimmed[--n] = '\0';
	t = filetype_of(filetype_ext(trimmed, prev, sizeof(prev)));
	pt = filetype_of(prev);
	free(trimmed);

	if (t == FT_PROGRAM || (t == FT_SCRIPT && !(inner && project))) {
		fire(cs, inner ? R_ARCHIVE_EXEC : t == FT_PROGRAM ? R_EXEC :
		    R_SCRIPT);
		if (pt == FT_DOCUMENT || pt == FT_ARCHIVE || pt == FT_PAGE)
			fire(cs, R_DOUBLE_EXT);
	}
	if (t == FT_MACRO)
		fire(cs, R_MACRO);
	/* a macro project inside an Office Open XML file */
	if (inner && strcasecmp(name + (strlen(name) >= 14 ? strlen(name) -
	    14 : 0), "vbaProject.bin") == 0)
		fire(cs, R_MACRO);
}

static void
rules_attachments(const struct mime_doc *doc, struct content_score *cs)
{
	size_t i, k;

	for (i = 0; i < doc->natt; i++) {
		const struct mime_attachment *a = &doc->att[i];
		int project = project_archive(a);

		one_name(a->name, cs, 0, 0);
		for (k = 0; k < a->ninner; k++)
			one_name(a->inner[k], cs, 1, project);
		if (a->encrypted)
			fire(cs, R_ENCRYPTED_ZIP);
		if (a->page & MIME_PAGE_PASSWORD)
			fire(cs, R_ATTACH_HTML_LOGIN);
		if (a->page & MIME_PAGE_REDIRECT)
			fire(cs, R_ATTACH_HTML_REDIRECT);
		if (a->page & MIME_PAGE_SMUGGLE)
			fire(cs, R_ATTACH_HTML_SMUGGLE);
		if (a->pdf_launch)
			fire(cs, R_PDF_LAUNCH);
	}
	if (doc->html_src.len > 0 && mime_html_asks_password(
	    doc->html_src.data, doc->html_src.len))
		fire(cs, R_HTML_PASSWORD);
}

static void
rules_bayes(const struct mime_doc *doc, const char *msg, size_t len,
    const char *state_dir, struct content_score *cs)
{
	struct bayes_db *db;
	uint64_t *tok;
	size_t n;
	double p;

	cs->bayes = -1;
	if (state_dir == NULL || (db = bayes_acquire(state_dir)) == NULL)
		return;
	n = bayes_tokenize(doc, msg, len, &tok);
	p = bayes_classify(db, tok, n);
	free(tok);
	bayes_release(&db);
	cs->bayes = p;
	if (p < 0)
		return;
	if (p < 0.01)
		fire(cs, R_BAYES_00);
	else if (p < 0.05)
		fire(cs, R_BAYES_05);
	else if (p >= 0.999)
		fire(cs, R_BAYES_999);
	else if (p >= 0.99)
		fire(cs, R_BAYES_99);
	else if (p >= 0.95)
		fire(cs, R_BAYES_95);
	else if (p >= 0.80)
		fire(cs, R_BAYES_80);
	else if (p >= 0.50)
		fire(cs, R_BAYES_50);
}

void
content_score_message(const char *msg, size_t len, const char *state_dir,
    struct content_score *cs)
{
	struct mime_doc doc;

	mime_parse(msg, len, &doc);
	content_score_doc(&doc, msg, len, state_dir, cs);
	mime_doc_free(&doc);
}

void
content_score_doc(const struct mime_doc *doc, const char *msg, size_t len,
    const char *state_dir, struct content_score *cs)
{
	/* on the heap, not the stack: a session thread's stack pages are
	 * given back when it ends, and a frame this size made each new
	 * session fault a page in again (bench/README, a66b385) */
	struct content_fields *fields = NULL;
	struct content_links links;
	const struct brand *spoof;
	struct phrase_counts pc;
	unsigned char *hit;

	memset(cs, 0, sizeof(*cs));
	cs->bayes = -1;
	if (memmem(msg, len, GTUBE, sizeof(GTUBE) - 1) != NULL)
		fire(cs, R_GTUBE);
	if (!cs->fired[R_GTUBE] && (strstr(doc->text.data, GTUBE) ||
	    strstr(doc->html.data, GTUBE)))
		fire(cs, R_GTUBE);

	hit = find_phrases(doc, &pc);
	if (msg != NULL) {
		fields = xmalloc(sizeof(*fields));
		fields_read(msg, len, fields);
	}
	content_style_rules(doc, fields, STYLE_HITS(hit), cs);
	if (msg != NULL)
		content_mailer_rules(doc, msg, len, fields, cs);
	content_link_rules(doc, cs, &links);
	spoof = content_from_rules(doc, fields, cs);
	free(fields);
	/* "verify your account" with every link on the sender's own site
	 * is the sender's own shop or booking system speaking */
	if (pc.phish >= 1 && (links.n == 0 || links.offsite > 0)) {
		fire(cs, R_PHISH);
		if (pc.phish >= 3)
			fire(cs, R_PHISH_MANY);
	}
	if ((cs->fired[R_PHISH] || spoof != NULL ||
	    cs->fired[R_FROM_INSTITUTION]) && links.lure > 0)
		fire(cs, R_PHISH_LINK);
	if (spoof != NULL && content_link_elsewhere(doc, spoof))
		fire(cs, R_BRAND_LINK);
	if (pc.fraud >= 1 && pc.fraud + pc.fraud_ctx >= 2)
		fire(cs, R_FRAUD);
	if (pc.fraud >= 2 && pc.fraud + pc.fraud_ctx >= 4)
		fire(cs, R_FRAUD_MANY);
	rules_attachments(doc, cs);
	content_scam_rules(doc, SCAM_HITS(hit), &links, cs);
	free(hit);
	if (doc->nplain == 0 && doc->nhtml > 0 && doc->hidden_chars >=
	    HIDDEN_MIN)
		fire(cs, R_HIDDEN);
	if (doc->nto >= 25)
		fire(cs, R_MASS);
	if (doc->nto >= 100)
		fire(cs, R_MASS_MANY);
	if (rcpt_similar(doc))
		fire(cs, R_RCPT_SIMILAR);
	if (doc->malformed & (MIME_BAD_STRUCTURE | MIME_BAD_BASE64 |
	    MIME_BAD_BOUNDARY | MIME_BAD_HEADER))
		fire(cs, R_MALFORMED);
	if (doc->malformed & (MIME_TOO_MANY_PARTS | MIME_TOO_DEEP |
	    MIME_TOO_BIG))
		fire(cs, R_LIMITS);
	if (!cs->fired[R_GTUBE])
		rules_bayes(doc, msg, len, state_dir, cs);
}

void
content_rules_text(const struct content_score *cs, char sep, char *out,
    size_t outsz)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < R__COUNT; i++) {
		int w;

		if (!cs->fired[i])
			continue;
		w = snprintf(out + o, outsz - o, "%s%s", o ? (sep == ',' ?
		    "," : " ") : "", content_rules[i].name);
		if (w < 0 || (size_t)w >= outsz - o) {
			out[o] = '\0'; /* whole names only */
			return;
		}
		o += (size_t)w;
	}
}

/* --------------------------------------------------------------- check */

static enum check_action
content_data(const struct check_ctx *ctx, const char *msg, size_t len,
    struct check_result *res)
{
	const struct config *cfg = ctx->cfg;
	const struct account *acct;
	struct content_score cs;
	struct policy eff;
	char list[512];

	if (!cfg->check_content_enabled) {
		res->skipped = 1;
		return CHECK_ACCEPT;
	}
	content_score_doc(check_mime(ctx), msg, len, cfg->state_dir, &cs);
	res->score = cs.score;
	content_rules_text(&cs, ' ', res->rules, sizeof(res->rules));
	if (cs.bayes >= 0) {
		res->has_bayes = 1;
		res->bayes = cs.bayes;
	}
	if (!cs.fired[R_GTUBE] && cs.score < cfg->check_spam_score)
		return CHECK_ACCEPT;

	content_rules_text(&cs, ',', list, sizeof(list));
	snprintf(res->headers, sizeof(res->headers),
	    "X-Outguard-Score: %.1f (threshold %.1f)\r\n"
	    "X-Outguard-Rules: %s\r\n", cs.score, cfg->check_spam_score,
	    res->rules);
	acct = ctx->account != NULL ? config_find_account(cfg, ctx->account) :
	    NULL;
	config_effective_policy(cfg, acct, &eff, NULL);
	if (cs.fired[R_GTUBE] || eff.block_outgoing_spam) {
		check_result_set(res, CHECK_REJECT, 550, "5.7.1", "OG-SPAM",
		    "score=%.1f rules=%s", cs.score, list);
		return CHECK_REJECT;
	}
	/* relayed, tagged, and an abuse signal all the same */
	check_result_set(res, CHECK_ACCEPT, 0, "", "OG-SPAM",
	    "score=%.1f rules=%s", cs.score, list);
	res->signal = 1;
	return CHECK_ACCEPT;
}

static void
content_fini(void)
{
	bayes_forget();
}

const struct og_check check_content = {
	.name = "content",
	.on_data = content_data,
	.fini = content_fini,
};
