/*
 * charset.c - which 8-bit encoding text that is not UTF-8 is in.
 *
 * The bytes are read under each candidate: the Cyrillic encodings
 * windows-1251, KOI8-R, KOI8-U, IBM866, ISO-8859-5 and x-mac-cyrillic, and
 * windows-1252 for Western text.  Each reading has a cost, in eighths of a
 * nat, summed over the high bytes (0x80-0xFF) and the characters next to
 * them, ASCII pairs being the same in every reading:
 *  - Cyrillic readings: the cost of each letter after the one before under
 *    a letter-pair model of Russian (charset_tables.h, made by
 *    tests/unit/charset_gen.c), of capitals where Russian has small letters,
 *    and of what is no letter: punctuation, symbols, box drawing, bytes the
 *    encoding leaves undefined.  A wrong Cyrillic table gives improbable
 *    letter pairs, capitals inside words, box drawing between letters;
 *  - the Western reading: a few hand-set costs, cheap for an accented
 *    letter inside a Latin word or typographic punctuation, dear for runs of
 *    accented letters, which is what Cyrillic looks like in windows-1252.
 * The cheapest reading wins; ties go to the earlier in `cands`.  A reading
 * that costs too much per high byte is no reading: the bytes are then
 * offered to ICU's detector, which knows CJK and other encodings, and NULL
 * comes back if it is not sure either.  A Western winner with accented
 * letters is offered to ICU too, which tells ISO-8859-2 from Latin-1 by the
 * language; its Cyrillic and Western answers are never taken, being the
 * ones measured worse (tests/unit/charset_eval.c).
 */
#include "charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "charset_tables.h"

/* Costs in eighths of a nat, set by charset_eval on the tuning texts. */
#define COST_PUNCT 16   /* Western: typographic punctuation, a common symbol */
#define COST_INWORD 48  /* punctuation between two Cyrillic letters */
#define COST_SYM 64     /* other symbols, box drawing, Latin letters */
#define COST_WSYM 20    /* Western: the symbols of Latin-1 (£ ¹ ½ ...) */
#define COST_UNDEF 120  /* a byte the encoding does not define */
#define COST_CAPRUN 12  /* a capital after a capital (headings are in capitals) */
#define COST_CASE 40    /* Western: an accented capital after a small letter */
#define MAX_COST 40     /* per high byte: above it, no reading is text, */
#define MAX_SLACK 256   /* give or take this much in all, for short samples */
#define MAX_HIGH 4096   /* high bytes looked at: enough to be sure */
#define ICU_SAMPLE 16384 /* bytes shown to ICU's detector */
/* ICU's detector is taken at this confidence or more: random high bytes
 * read as GB18030 at up to 57 in 64 KiB; Western text is read as
 * ISO-8859-2 only over languages that write it. */
#define ICU_SURE 70
#define ICU_WESTERN 50

/* Western pair costs over boundary, ASCII letter, accented letter. */
static const unsigned char west_pair[3][3] = {
	{ 0, 8, 24 },
	{ 8, 0, 16 },
	{ 16, 12, 56 },
};

static const char *const names[RBP_CS_NTABLES] = {
	[RBP_CS_1251] = "windows-1251", [RBP_CS_KOI8R] = "KOI8-R",
	[RBP_CS_KOI8U] = "KOI8-U",      [RBP_CS_866] = "IBM866",
	[RBP_CS_8859_5] = "ISO-8859-5", [RBP_CS_MAC] = "x-mac-cyrillic",
	[RBP_CS_1252] = "windows-1252",
};

/* The order readings are tried in, the likelier first: it breaks ties. */
static const int cands[RBP_CS_NTABLES] = {
	RBP_CS_1252, RBP_CS_1251, RBP_CS_KOI8R, RBP_CS_KOI8U,
	RBP_CS_866, RBP_CS_MAC, RBP_CS_8859_5,
};

static inline int cls_of(int e, const unsigned char *s, size_t i, size_t n)
{
	if (i >= n)
		return CS_B;
	return s[i] < 0x80 ? cs_ascii[s[i]] : cs_high[e][s[i] - 0x80];
}

/* The class the pair model sees: letters as they are, the rest boundary. */
static inline int cyr_letter(int cls)
{
	cls &= ~CS_UPPER;
	if (cls == CS_LATHI)
		return CS_LAT;
	return cls < CS_NLET ? cls : CS_B;
}

static inline int west_letter(int cls)
{
	cls &= ~CS_UPPER;
	return cls == CS_LAT ? 1 : cls == CS_LATHI ? 2 : 0;
}

/* What a high byte costs as a character, before the pairs it is in. */
static unsigned cyr_emit(int e, unsigned char c, int before, int after)
{
	int cls = cs_high[e][c - 0x80];

	switch (cls & ~CS_UPPER) {
	case CS_PUNCT:
		return cs_punct[e][c - 0x80] + (before >= CS_CYR && after >= CS_CYR ? COST_INWORD : 0);
	case CS_UNDEF:
		return COST_UNDEF;
	case CS_SYM:
	case CS_LATHI:
		return COST_SYM;
	}
	return 0;
}

/* The cost under Cyrillic table e of the character at i and of its pair
 * with the one before; a high byte is at i or at i - 1. */
static unsigned cyr_cost(int e, const unsigned char *s, size_t i, size_t n)
{
	int pc = i ? cls_of(e, s, i - 1, n) : CS_B, c = cls_of(e, s, i, n);
	int a = cyr_letter(pc), b = cyr_letter(c);
	unsigned cost = 0;

	if (s[i] >= 0x80) {
		cost += cyr_emit(e, s[i], a, cyr_letter(cls_of(e, s, i + 1, n)));
		if (b >= CS_CYR) {
			int ctx = a < CS_CYR ? 0 : (pc & CS_UPPER) ? 2 : 1;
			unsigned k = cs_caps[ctx][(c & CS_UPPER) != 0];
			cost += ctx == 2 && (c & CS_UPPER) && k > COST_CAPRUN ? COST_CAPRUN : k;
		}
	}
	if (a != CS_B || b != CS_B)
		cost += cs_pair[a][b];
	return cost;
}

/* What is next to Western punctuation: 1 punctuation, 2 another high byte. */
static int west_near(int cls)
{
	if (cls == CS_PUNCT)
		return 1;
	return (cls & ~CS_UPPER) == CS_LATHI || cls == CS_SYM || cls == CS_UNDEF ? 2 : 0;
}

static unsigned west_cost(const unsigned char *s, size_t i, size_t n)
{
	const int e = RBP_CS_1252;
	int pc = i ? cls_of(e, s, i - 1, n) : CS_B, c = cls_of(e, s, i, n);
	int a = west_letter(pc), b = west_letter(c);
	unsigned cost = west_pair[a][b];

	if (s[i] >= 0x80) {
		/* Western punctuation and symbols stand among ASCII ("£ 5", "x¹",
		 * "’”"); among accented letters, they are IBM866 Cyrillic. */
		int nc = cls_of(e, s, i + 1, n), near = west_near(pc) | west_near(nc);
		switch (c & ~CS_UPPER) {
		case CS_PUNCT: cost += near & 2 ? COST_SYM : COST_PUNCT; break;
		case CS_SYM: cost += near ? COST_SYM : COST_WSYM; break;
		case CS_UNDEF: cost += COST_UNDEF; break;
		}
		if (b == 2 && (c & CS_UPPER) && a && !(pc & CS_UPPER))
			cost += COST_CASE;
	}
	return cost;
}

/* KOI8-U differs from KOI8-R in eight bytes, box drawing in KOI8-R:
 * is one of them a letter next to a Cyrillic letter? */
static bool koi8u_letters(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x80 || cs_high[RBP_CS_KOI8U][s[i] - 0x80] == cs_high[RBP_CS_KOI8R][s[i] - 0x80])
			continue;
		if ((i && cyr_letter(cls_of(RBP_CS_KOI8R, s, i - 1, n)) >= CS_CYR) ||
		    cyr_letter(cls_of(RBP_CS_KOI8R, s, i + 1, n)) >= CS_CYR)
			return true;
	}
	return false;
}

/* ICU's answer when it is sure and is none of ours. */
static const char *icu_other(const char *s, size_t n, int sure)
{
	static const char *const ours[] = { "UTF-8", "ISO-8859-1", "windows-1252",
		"windows-1251", "KOI8-R", "ISO-8859-5", "IBM866" };
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&st);
	const UCharsetMatch *m;
	const char *name = NULL;

	ucsdet_setText(det, s, (int32_t)(n < ICU_SAMPLE ? n : ICU_SAMPLE), &st);
	m = ucsdet_detect(det, &st);
	if (m && U_SUCCESS(st) && ucsdet_getConfidence(m, &st) >= sure)
		name = ucsdet_getName(m, &st);
	/* The name is ICU's static string, valid after the detector closes. */
	ucsdet_close(det);
	if (!name || U_FAILURE(st) || !strncmp(name, "UTF-", 4))
		return NULL;
	for (size_t i = 0; i < sizeof ours / sizeof *ours; i++)
		if (!strcmp(name, ours[i]))
			return NULL;
	/* The detector names some encodings no converter has ("IBM420_ltr"). */
	st = U_ZERO_ERROR;
	ucnv_close(ucnv_open(name, &st));
	return U_SUCCESS(st) ? name : NULL;
}

const char *rbp_charset_detect(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	uint64_t cost[RBP_CS_NTABLES] = { 0 };
	size_t high = 0, ctrl = 0, accented = 0, i;
	bool koi8u;
	int best;

	if (!s)
		return NULL;
	for (i = 0; i < n && high < MAX_HIGH; i++) {
		if (s[i] < 0x80) {
			ctrl += cs_ascii[s[i]] == CS_CTRL;
			if (!i || s[i - 1] < 0x80)
				continue;
		} else {
			high++;
			accented += (cs_high[RBP_CS_1252][s[i] - 0x80] & ~CS_UPPER) == CS_LATHI;
		}
		for (int e = 0; e < RBP_CS_1252; e++)
			cost[e] += cyr_cost(e, s, i, n);
		cost[RBP_CS_1252] += west_cost(s, i, n);
	}
	n = i;
	/* Text has a stray control character or two, not one in fifty. */
	if (ctrl > 1 + n / 50)
		return NULL;
	if (!high)
		return names[RBP_CS_1252];
	koi8u = koi8u_letters(s, n);
	best = cands[0];
	for (size_t k = 1; k < RBP_CS_NTABLES; k++) {
		int e = cands[k];
		if (cost[e] < cost[best] && (e != RBP_CS_KOI8U || koi8u))
			best = e;
	}
	if (cost[best] > (uint64_t)MAX_COST * high + MAX_SLACK)
		return icu_other(str, n, ICU_SURE);
	if (best == RBP_CS_1252 && accented) {
		const char *other = icu_other(str, n, ICU_WESTERN);
		if (other)
			return other;
	}
	return names[best];
}
