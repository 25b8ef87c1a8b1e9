/*
 * content_scam.c - rules on the scams a hijacked mailbox is used for
 * besides phishing: extortion for Bitcoin ("I recorded you"), "how I
 * turned 250 EUR into 18,000" investment platforms, business e-mail
 * compromise (gift cards, a changed bank account, payroll, a secret
 * transfer) with replies going elsewhere, pharmacy and casino spam, and
 * the words that get a lure attachment opened ("enable content", an
 * archive's password in the text).
 *
 * Owns: their phrases and when each rule holds. Does not own the scores
 * (check_content.c) or the search (phrase.c, one pass with the content
 * check's other phrases).
 *
 * Each rule needs two different phrases of its kind, or a phrase and a
 * thing no legitimate mail of that kind carries (a Bitcoin address with
 * the extortion, replies to another domain with the payment request): a
 * word like "bitcoin", "casino" or "gift card" alone is an accountant's,
 * a club's or a shop's everyday mail.
 */
#include <ctype.h>
#include <string.h>

#include "check_content.h"
#include "content_link.h"
#include "content_scam.h"
#include "filetype.h"
#include "mime.h"

#define SCAN_MAX (64 * 1024) /* text bytes looked at for an address */

enum scam_tag {
	T_EXTORT,	/* "I recorded you", "all your contacts" */
	T_INVEST,	/* trading platforms and their returns */
	T_BEC,		/* gift cards, new bank details, a quiet transfer */
	T_DRUG,		/* what pharmacy spam sells */
	T_DRUG_SELL,	/* ... and how */
	T_CASINO,	/* casino and betting offers */
	T_OPEN,		/* "enable content", "double-click": open the lure */
	T_PASSWORD,	/* "password: 2025" for the archive */
	T_PWWORD,	/* "password" in any language */
	T__COUNT
};

const struct phrase content_scam_phrases[] = {
	{ "i recorded you", 0, T_EXTORT }, { "recorded you", 0, T_EXTORT },
	{ "video of you", 0, T_EXTORT }, { "your webcam", 0, T_EXTORT },
	{ "your camera", 0, T_EXTORT }, { "adult website", 0, T_EXTORT },
	{ "adult websites", 0, T_EXTORT }, { "adult site", 0, T_EXTORT },
	{ "porn", 1, T_EXTORT }, { "pornographic", 1, T_EXTORT },
	{ "masturbat", 0, T_EXTORT },
	{ "intimate video", 0, T_EXTORT },
	{ "compromising video", 0, T_EXTORT },
	{ "all your contacts", 0, T_EXTORT },
	{ "to your contacts", 0, T_EXTORT },
	{ "send the video", 0, T_EXTORT },
	{ "infected with my malware", 0, T_EXTORT },
	{ "i am a hacker", 0, T_EXTORT }, { "i'm a hacker", 0, T_EXTORT },
	{ "access to your device", 0, T_EXTORT },
	{ "access to your operating system", 0, T_EXTORT },
	{ "full access to your", 0, T_EXTORT },
	{ "contact the police", 0, T_EXTORT },
	{ "after opening this", 0, T_EXTORT },
	{ "in bitcoin", 1, T_EXTORT }, { "my bitcoin wallet", 0, T_EXTORT },
	{ "to my wallet", 0, T_EXTORT }, { "btc wallet", 0, T_EXTORT },
	{ "deine kontakte", 0, T_EXTORT }, { "ihre kontakte", 0, T_EXTORT },
	{ "ich habe ein video", 0, T_EXTORT },
	{ "vos contacts", 0, T_EXTORT }, { "tus contactos", 0, T_EXTORT },

	{ "trading platform", 0, T_INVEST },
	{ "investment platform", 0, T_INVEST },
	{ "crypto trading", 0, T_INVEST }, { "bitcoin trading", 0, T_INVEST },
	{ "ai trading", 1, T_INVEST }, { "trading bot", 0, T_INVEST },
	{ "trading robot", 0, T_INVEST },
	{ "passive income", 0, T_INVEST },
	{ "financial freedom", 0, T_INVEST },
	{ "daily profit", 0, T_INVEST }, { "daily returns", 0, T_INVEST },
	{ "guaranteed returns", 0, T_INVEST },
	{ "guaranteed profit", 0, T_INVEST },
	{ "changed my life", 0, T_INVEST },
	{ "start with just", 0, T_INVEST },
	{ "start with only", 0, T_INVEST },
	{ "minimum deposit", 0, T_INVEST },
	{ "withdraw your profit", 0, T_INVEST },
	{ "quantum ai", 1, T_INVEST }, { "bitcoin era", 0, T_INVEST },
	{ "immediate edge", 0, T_INVEST },
	{ "double your money", 0, T_INVEST },
	{ "double your investment", 0, T_INVEST },
	{ "mit nur 250", 0, T_INVEST }, { "with just 250", 0, T_INVEST },
	{ "handelsplattform", 0, T_INVEST },
	{ "erste einzahlung", 0, T_INVEST },
	{ "persönlicher berater", 0, T_INVEST },
	{ "first deposit", 0, T_INVEST },
	{ "personal account manager", 0, T_INVEST },
	{ "plateforme de trading", 0, T_INVEST },
	{ "plataforma de trading", 0, T_INVEST },

	{ "gift card", 0, T_BEC }, { "gift cards", 0, T_BEC },
	{ "giftcard", 0, T_BEC }, { "scratch the back", 0, T_BEC },
	{ "scratch off", 0, T_BEC }, { "pictures of the codes", 0, T_BEC },
	{ "pictures of the cards", 0, T_BEC },
	{ "photos of the codes", 0, T_BEC },
	{ "keep it between us", 0, T_BEC },
	{ "keep this between us", 0, T_BEC },
	{ "are you available", 0, T_BEC }, { "are you at your desk", 0, T_BEC },
	{ "are you at the office", 0, T_BEC },
	{ "quick favour", 0, T_BEC }, { "quick favor", 0, T_BEC },
	{ "i'm in a meeting", 0, T_BEC }, { "i am in a meeting", 0, T_BEC },
	{ "can't talk", 0, T_BEC }, { "cannot talk", 0, T_BEC },
	{ "discreetly", 1, T_BEC }, { "i will reimburse", 0, T_BEC },
	{ "wire transfer", 0, T_BEC }, { "urgent transfer", 0, T_BEC },
	{ "urgent payment", 0, T_BEC },
	{ "change of bank details", 0, T_BEC },
	{ "new bank details", 0, T_BEC },
	{ "bank details have changed", 0, T_BEC },
	{ "updated bank details", 0, T_BEC },
	{ "direct deposit", 0, T_BEC },
	{ "changed my bank", 0, T_BEC },
	{ "vertraulich", 1, T_BEC }, { "mit niemandem", 0, T_BEC },
	{ "dringende überweisung", 0, T_BEC },
	{ "eilige überweisung", 0, T_BEC },
	{ "in einem meeting", 0, T_BEC }, { "in meetings", 0, T_BEC },
	{ "nur per mail", 0, T_BEC }, { "nur per e-mail", 0, T_BEC },
	{ "neue bankverbindung", 0, T_BEC },
	{ "bankverbindung geändert", 0, T_BEC },
	{ "bankverbindung hat sich geändert", 0, T_BEC },
	{ "geschenkkarten", 0, T_BEC }, { "gutscheinkarten", 0, T_BEC },
	{ "gerade am platz", 0, T_BEC },
	{ "kann nicht telefonieren", 0, T_BEC },
	{ "dringenden überweisung", 0, T_BEC }, { "neues konto", 0, T_BEC },
	{ "ab sofort ausschließlich", 0, T_BEC },
	{ "bank account has changed", 0, T_BEC },
	{ "all future payments", 0, T_BEC },
	{ "switched banks", 0, T_BEC }, { "changed banks", 0, T_BEC },
	{ "my new account", 0, T_BEC }, { "new account details", 0, T_BEC },
	{ "transfer confirmation", 0, T_BEC },
	{ "virement urgent", 0, T_BEC }, { "cartes cadeaux", 0, T_BEC },
	{ "nouvelles coordonnées bancaires", 0, T_BEC },
	{ "transferencia urgente", 0, T_BEC },
	{ "tarjetas de regalo", 0, T_BEC },

	{ "viagra", 1, T_DRUG }, { "cialis", 1, T_DRUG },
	{ "levitra", 1, T_DRUG }, { "kamagra", 1, T_DRUG },
	{ "sildenafil", 1, T_DRUG }, { "tadalafil", 1, T_DRUG },
	{ "tramadol", 1, T_DRUG }, { "xanax", 1, T_DRUG },
	{ "valium", 1, T_DRUG }, { "oxycodone", 1, T_DRUG },
	{ "phentermine", 1, T_DRUG }, { "ambien", 1, T_DRUG },
	{ "modafinil", 1, T_DRUG }, { "ozempic", 1, T_DRUG },
	{ "no prescription", 0, T_DRUG_SELL },
	{ "without prescription", 0, T_DRUG_SELL },
	{ "without a prescription", 0, T_DRUG_SELL },
	{ "online pharmacy", 0, T_DRUG_SELL },
	{ "per pill", 0, T_DRUG_SELL }, { "discreet shipping", 0, T_DRUG_SELL },
	{ "discreet packaging", 0, T_DRUG_SELL },
	{ "discreet worldwide", 0, T_DRUG_SELL },
	{ "ohne rezept", 0, T_DRUG_SELL },
	{ "sans ordonnance", 0, T_DRUG_SELL },
	{ "sin receta", 0, T_DRUG_SELL },

	{ "free spins", 0, T_CASINO }, { "welcome bonus", 0, T_CASINO },
	{ "deposit bonus", 0, T_CASINO }, { "no deposit", 0, T_CASINO },
	{ "bonus code", 0, T_CASINO }, { "instant withdrawal", 0, T_CASINO },
	{ "no kyc", 1, T_CASINO }, { "wagering", 1, T_CASINO },
	{ "sportsbook", 1, T_CASINO }, { "online casino", 0, T_CASINO },
	{ "casino bonus", 0, T_CASINO }, { "claim bonus", 0, T_CASINO },
	{ "claim your bonus", 0, T_CASINO }, { "freispiele", 0, T_CASINO },
	{ "einzahlungsbonus", 0, T_CASINO },
	{ "willkommensbonus", 0, T_CASINO }, { "giros gratis", 0, T_CASINO },
	{ "tours gratuits", 0, T_CASINO },

	{ "enable content", 0, T_OPEN }, { "enable editing", 0, T_OPEN },
	{ "enable macros", 0, T_OPEN }, { "inhalt aktivieren", 0, T_OPEN },
	{ "bearbeitung aktivieren", 0, T_OPEN },
	{ "makros aktivieren", 0, T_OPEN },
	{ "activer le contenu", 0, T_OPEN },
	{ "activer la modification", 0, T_OPEN },
	{ "habilitar contenido", 0, T_OPEN },
	{ "abilita contenuto", 0, T_OPEN }, { "double-click", 0, T_OPEN },
	{ "double click", 0, T_OPEN }, { "doppelklick", 0, T_OPEN },
	{ "klicken sie doppelt", 0, T_OPEN }, { "double-cliquez", 0, T_OPEN },

	{ "password:", 1, T_PASSWORD }, { "password is", 1, T_PASSWORD },
	{ "passwort:", 1, T_PASSWORD }, { "passwort ist", 1, T_PASSWORD },
	{ "kennwort:", 1, T_PASSWORD }, { "kennwort ist", 1, T_PASSWORD },
	{ "mot de passe :", 1, T_PASSWORD }, { "mot de passe:", 1, T_PASSWORD },
	{ "contraseña:", 1, T_PASSWORD }, { "wachtwoord:", 1, T_PASSWORD },
	{ "senha:", 1, T_PASSWORD }, { "hasło:", 1, T_PASSWORD },
	{ "heslo:", 1, T_PASSWORD }, { "pw:", 1, T_PASSWORD },
	{ "pwd:", 1, T_PASSWORD }, { "password -", 1, T_PASSWORD },

	{ "password", 0, T_PWWORD }, { "passwort", 0, T_PWWORD },
	{ "kennwort", 0, T_PWWORD }, { "mot de passe", 0, T_PWWORD },
	{ "contraseña", 0, T_PWWORD }, { "palavra-passe", 0, T_PWWORD },
	{ "senha", 1, T_PWWORD }, { "wachtwoord", 0, T_PWWORD },
	{ "hasło", 0, T_PWWORD }, { "heslo", 0, T_PWWORD },
	{ "parola d'accesso", 0, T_PWWORD }, { "jelszó", 0, T_PWWORD },
	{ "lösenord", 0, T_PWWORD }, { "adgangskode", 0, T_PWWORD },
	{ "пароль", 0, T_PWWORD },
};

const size_t content_scam_nphrases = sizeof(content_scam_phrases) /
    sizeof(content_scam_phrases[0]);

static const char bech32[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* btc_at - a Bitcoin address starts at s[0] (n bytes on): bech32 "bc1"
 * and 25 to 62 of its letters, or a base58 one beginning 1 or 3, 26 to
 * 35 characters with capitals, small letters and digits */
static int
btc_at(const char *s, size_t n)
{
	size_t i = 0;
	int up = 0, low = 0, dig = 0;

	if (n >= 3 && (s[0] == 'b' || s[0] == 'B') && (s[1] == 'c' ||
	    s[1] == 'C') && s[2] == '1') {
		for (i = 3; i < n && s[i] != '\0' && strchr(bech32,
		    tolower((unsigned char)s[i])) != NULL; i++)
			;
		return i - 3 >= 25 && i - 3 <= 62 && (i == n ||
		    !isalnum((unsigned char)s[i]));
	}
	if (s[0] != '1' && s[0] != '3')
		return 0;
	for (i = 0; i < n && isalnum((unsigned char)s[i]) && s[i] != '0' &&
	    s[i] != 'O' && s[i] != 'I' && s[i] != 'l'; i++) {
		up |= isupper((unsigned char)s[i]) != 0;
		low |= islower((unsigned char)s[i]) != 0;
		dig |= isdigit((unsigned char)s[i]) != 0;
	}
	return i >= 26 && i <= 35 && (i == n || !isalnum((unsigned char)
	    s[i])) && up && low && dig;
}

/* btc_address - the text holds a Bitcoin address */
static int
btc_address(const struct mime_doc *doc)
{
	const struct buf *part[] = { &doc->text, &doc->html };
	size_t k, i;

	for (k = 0; k < 2; k++) {
		const char *s = part[k]->data;
		size_t n = part[k]->len < SCAN_MAX ? part[k]->len : SCAN_MAX;

		for (i = 0; i < n; i++)
			if ((i == 0 || !isalnum((unsigned char)s[i - 1])) &&
			    btc_at(s + i, n - i))
				return 1;
	}
	return 0;
}

/* archive_attached - an attachment is an archive, by name or content */
static int
archive_attached(const struct mime_doc *doc)
{
	char prev[16];
	size_t i;

	for (i = 0; i < doc->natt; i++)
		if (doc->att[i].ninner > 0 || doc->att[i].encrypted ||
		    filetype_of(filetype_ext(doc->att[i].name, prev,
		    sizeof(prev))) == FT_ARCHIVE)
			return 1;
	return 0;
}

void
content_scam_rules(const struct mime_doc *doc, const unsigned char *hit,
    const struct content_links *links, struct content_score *cs)
{
	unsigned count[T__COUNT] = { 0 };
	size_t i;

	for (i = 0; i < content_scam_nphrases; i++)
		if (hit[i])
			count[content_scam_phrases[i].tag]++;
	if (count[T_EXTORT] >= 2 && btc_address(doc))
		content_score_fire(cs, R_EXTORTION);
	if (count[T_INVEST] >= 2)
		content_score_fire(cs, R_INVEST_SCAM);
	if (count[T_BEC] >= 2) {
		content_score_fire(cs, R_BEC);
		/* content_style_rules has read the Reply-To already */
		if (cs->fired[R_REPLYTO_OTHER])
			content_score_fire(cs, R_BEC_REPLYTO);
	}
	if (count[T_DRUG] >= 1 && count[T_DRUG_SELL] >= 1)
		content_score_fire(cs, R_PHARMA);
	if (count[T_CASINO] >= 2)
		content_score_fire(cs, R_CASINO);
	/* a survey never asks for one */
	if (count[T_PWWORD] >= 1 && links->form > 0)
		content_score_fire(cs, R_FORM_PASSWORD);
	if (count[T_PASSWORD] >= 1 && (cs->fired[R_LINK_ARCHIVE] ||
	    archive_attached(doc)))
		content_score_fire(cs, R_ARCHIVE_PASSWORD);
	/* the attachment rules have run: one that runs code or hides it */
	if (count[T_OPEN] >= 1 && (cs->fired[R_MACRO] || cs->fired[R_SCRIPT] ||
	    cs->fired[R_EXEC] || cs->fired[R_ARCHIVE_EXEC] ||
	    cs->fired[R_ENCRYPTED_ZIP]))
		content_score_fire(cs, R_ATTACH_OPEN_LURE);
}
