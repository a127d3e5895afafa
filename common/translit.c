/*
 * translit.c - the Russian key (see translit.h).
 *
 * Cyrillic word:  letters (ё є -> е, і ї -> и, ў -> у, ґ -> г, ' -> ъ;
 *                 stress marks dropped), then the common path.
 * Latin word:     symbols (č š ž ŝ è ë â û ' ʺ ...), then at each position
 *                 the longest rule of rules[] whose context holds (what
 *                 precedes: start, vowel, consonant, sign; what follows: end,
 *                 vowel, consonant, sign; whether the word has háček
 *                 letters), then the common path.
 * Common path:    drop a final ь ъ, put ь back after -лас -лис -лос -шис -яс
 *                 -юс -тес -еш -иш -ват -зат, иа иу -> я ю, Snowball Russian
 *                 stem, fold: й ы -> и, э ё -> е, ь ъ removed, тс -> ц,
 *                 сч -> щ.
 *
 * Decisions, each measured by switching it (see the hooks below) with
 * tests/unit/translit_eval.c over tests/data/ru_variants.tsv (640 counted
 * pairs; "pairs lost" = how many fewer match with the decision reversed) and
 * over the distinct words of a Russian corpus (Tolstoy, 99,745 words, 31,760
 * Snowball stem classes: "splits" = stem classes whose words get more than
 * one key, "merges" = keys shared by more than one stem class):
 *
 *   fold й ы -> и            25 pairs; without it merges 490 instead of 588
 *   fold э ё -> е            16 pairs
 *   fold ь ъ removed         18 pairs (ventilnaya, Grigoreva)
 *   fold тс -> ц             17 pairs (sovetskii, bratstvo: ts is ц)
 *   fold сч -> щ              1 pair (schet), and makes sch -> щ redundant
 *   final ь ъ dropped        19 pairs (Belarus = Беларусь = Беларуси:
 *                            Snowball reads беларусь as reflexive -сь and
 *                            stems it to белар); costs 1,051 splits
 *                            (14 -> 1,065)
 *   ь put back after ...     0 pairs; without it splits 5,266 instead of 1,065
 *                            (infinitives, reflexives, 2nd person)
 *   иа иу -> я ю             2 pairs (materialy, RIA: LoC ia is я)
 *   vowel + final i -> й     18 pairs (pochtoi, Nikolai)
 *   vowel + y -> й           18 pairs (Shoygu, Belorusskoy)
 *   final consonant + y -> ый 3 pairs (Evgeny: Snowball reads -ены as a verb)
 *   consonant + ye -> ье/ые   8 pairs (Vasilyev, zatish'ye, novye)
 *   háček word: ch x -> х     3 pairs (Chruščev, Xruščev)
 *   -tsia -tsya -> тся ...    5 pairs (nakhoditsia; -atsia -utsia and
 *                            consonant + tsia stay ция: Federatsia)
 *   -ssia -> ссия             4 pairs (Rossia, Belorussia)
 * Measured and rejected: щ -> ш (0 pairs, +52 merges), doubled consonants
 * -> one (0 pairs, +146 merges, +225 gated English collisions), ие -> е
 * (0 pairs, +20 merges), x -> х everywhere (-1), c -> к before a o u (-11),
 * ck -> к (-1), vowel + i -> й before a consonant (-16), every -tsia -> ция
 * (+1 popular, -1 LoC: 0), vowel й consonant -> и before stemming (+1, Lukoil;
 * +31 splits, +39 merges).
 *
 * Known misses: the scholarly x and Czech ch = х in a word without háček
 * letters (Mixail, Chodorkovskij, Nezavisimych); popular -itsia for -иция
 * (Oppozitsia); BGN ” for ъ, where the word break splits the word.
 * Lukashenka/Лукашенко share a key because Snowball strips both -а and -о.
 */
#include "translit.h"
#include "en_words.h"

#include <pthread.h>
#include <stdlib.h>
#include <libstemmer.h>
#include <stdint.h>
#include <string.h>
#include <uchar.h>

/*
 * Measurement hooks.  Every mapping or fold decision below is a bit; the
 * adopted ones are on, the rejected candidates off.  Building with
 * -DRBP_TL_OFF=mask or -DRBP_TL_ON=mask flips them so that translit_eval can
 * measure each decision; a normal build uses neither.  The result is a
 * compile-time constant: there is no mutable state.
 */
#ifndef RBP_TL_OFF
#define RBP_TL_OFF 0u
#endif
#ifndef RBP_TL_ON
#define RBP_TL_ON 0u
#endif

enum {
	/* adopted */
	TL_FOLD_I = 1u << 0,       /* й ы -> и after stemming */
	TL_FOLD_E = 1u << 1,       /* э ё -> е after stemming */
	TL_FOLD_SIGNS = 1u << 2,   /* ь ъ removed after stemming */
	TL_FOLD_TS = 1u << 3,      /* тс -> ц after stemming */
	TL_FOLD_SCH = 1u << 4,     /* сч -> щ after stemming */
	TL_DROP_FINAL = 1u << 5,   /* final ь ъ dropped before stemming */
	TL_RESTORE_SOFT = 1u << 6, /* ... put back after -лась -ешь -вать ... */
	TL_PRE_IA = 1u << 7,       /* иа иу -> я ю before stemming */
	TL_MAP_VOWEL_I = 1u << 8,  /* Latin final vowel + i -> й */
	TL_MAP_VOWEL_Y = 1u << 9,  /* Latin vowel + y -> й (else ы) */
	TL_MAP_Y_FINAL = 1u << 10, /* Latin final consonant + y -> ый (else ы) */
	TL_MAP_YE = 1u << 11,      /* consonant + ye -> ье, final -ye -> ые */
	TL_MAP_HACEK = 1u << 12,   /* in a word with č š ž ŝ: ch -> х, x -> х */
	TL_MAP_TSYA = 1u << 13,    /* final -tsya -> тся, -atsya -> аться ... */
	TL_MAP_SSIA = 1u << 14,    /* final -ssia -> ссия (popular), not -сся */
	TL_DEFAULT = (1u << 15) - 1,
	/* measured and not adopted */
	TL_FOLD_SHCH = 1u << 16,   /* щ -> ш */
	TL_FOLD_DOUBLE = 1u << 17, /* a doubled consonant -> single */
	TL_FOLD_IE = 1u << 18,     /* ие -> е */
	TL_MAP_X_KH = 1u << 19,    /* x -> х in every word */
	TL_MAP_C_K = 1u << 20,     /* c -> к before a o u */
	TL_MAP_CK = 1u << 21,      /* ck -> к */
	TL_MAP_VOWEL_I_CONS = 1u << 22, /* vowel + i before a consonant -> й */
	TL_MAP_TSIA_CIJA = 1u << 23, /* every final -tsia -> ция, not -тся */
	TL_MAP_SCH = 1u << 24,     /* sch -> щ (redundant with TL_FOLD_SCH) */
	TL_MAP_ENDINGS = 1u << 25, /* -ii -iy -yi -yy -> ий ый (redundant) */
	TL_PRE_YI = 1u << 26       /* vowel й consonant -> и before stemming */
};

static const unsigned tl_flags = (TL_DEFAULT & ~(unsigned)(RBP_TL_OFF)) |
				 (unsigned)(RBP_TL_ON);
#define TL(f) ((tl_flags & (f)) != 0)

/* Cyrillic code points used by name. */
enum {
	CY_A = 0x430, CY_IE = 0x435, CY_I = 0x438, CY_SHORT_I = 0x439,
	CY_S = 0x441, CY_T = 0x442, CY_TSE = 0x446, CY_CHE = 0x447,
	CY_SHA = 0x448, CY_SHCHA = 0x449, CY_HARD = 0x44A, CY_YERU = 0x44B,
	CY_SOFT = 0x44C, CY_E = 0x44D, CY_YA = 0x44F, CY_YO = 0x451
};

#define NELEM(a) (sizeof(a) / sizeof *(a))
#define SYM_MAX (2 * RBP_KEY_MAX_IN)    /* symbols of a Latin word */
#define CYR_MAX (2 * RBP_KEY_MAX_IN)    /* Cyrillic letters of a word */

/* ---------------------------------------------------------------------------
 * UTF-8
 */

/* Decode one code point at s[*i]; false on invalid UTF-8. */
static bool utf8_next(const unsigned char *s, size_t len, size_t *i,
		      uint32_t *cp)
{
	size_t k = *i, n;
	uint32_t c = s[k], min;

	if (c < 0x80) {
		*cp = c;
		*i = k + 1;
		return true;
	}
	if ((c & 0xE0) == 0xC0) {
		n = 1, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 2, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 3, c &= 0x07, min = 0x10000;
	} else {
		return false;
	}
	if (len - k - 1 < n)
		return false;
	for (size_t j = 1; j <= n; j++) {
		if ((s[k + j] & 0xC0) != 0x80)
			return false;
		c = (c << 6) | (s[k + j] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return false;
	*cp = c;
	*i = k + 1 + n;
	return true;
}

static bool is_combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36F) || (c >= 0xFE20 && c <= 0xFE2F);
}

/* Characters the analyzer may leave inside a word that carry no letter. */
static bool is_ignorable(uint32_t c)
{
	return c == 0xAD || (c >= 0x200B && c <= 0x200D) || c == 0x2060 ||
	       c == 0xFEFF;
}

static bool is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018;
}

static bool is_cyrillic_letter(uint32_t c)
{
	return (c >= 0x400 && c <= 0x45F) || c == 0x490 || c == 0x491;
}

static bool is_latin_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* ---------------------------------------------------------------------------
 * Latin -> symbols.  The rules below work on a string of one-byte symbols:
 * ASCII a-z for themselves, and
 *   C č   S š   Z ž   W ŝ (щ)   E è ė é (э)   O ë (ё)   A â (я)   U û (ю)
 *   I ì ï (і, ї)   ' soft sign (' ’ ʹ ...)   " hard sign (ʺ ” '')
 *   . a separator (middle dot, dot) that stops digraphs and emits nothing.
 */

static bool sym_add(char *sym, size_t *n, char c)
{
	if (*n >= SYM_MAX)
		return false;
	sym[(*n)++] = c;
	return true;
}

/* A combining mark on the previous symbol, for callers that do not pass
 * NFKC text (NFKC composes all of these). */
static void sym_combine(char *sym, size_t n, uint32_t mark)
{
	char *p = n ? &sym[n - 1] : NULL;

	if (!p)
		return;
	switch (mark) {
	case 0x30C: /* caron */
		if (*p == 'c' || *p == 's' || *p == 'z')
			*p = (char)(*p - 'a' + 'A');
		break;
	case 0x302: /* circumflex */
		if (*p == 's')
			*p = 'W';
		else if (*p == 'a' || *p == 'u')
			*p = (char)(*p - 'a' + 'A');
		break;
	case 0x308: /* diaeresis */
		if (*p == 'e' || *p == 'o')
			*p = 'O';
		else if (*p == 'i')
			*p = 'I';
		break;
	case 0x307: /* dot above */
	case 0x300: /* grave */
		if (*p == 'e')
			*p = 'E';
		else if (*p == 'i')
			*p = 'I';
		break;
	case 0x306: /* breve */
		if (*p == 'i')
			*p = 'j';
		break;
	default: /* ties, half marks, acute stress marks: no letter */
		break;
	}
}

/* One precomposed Latin letter with a diacritic -> symbols; false if the
 * letter is not one romanized Russian (or Belarusian Łacinka) uses. */
static bool sym_diacritic(char *sym, size_t *n, uint32_t c)
{
	const char *s;

	switch (c) {
	case 0x10D: case 0x109: s = "C"; break;          /* č ĉ */
	case 0x161: s = "S"; break;                      /* š */
	case 0x17E: s = "Z"; break;                      /* ž */
	case 0x15D: s = "W"; break;                      /* ŝ */
	case 0xE8: case 0x117: case 0xE9: s = "E"; break; /* è ė é */
	case 0xEB: case 0xF6: s = "O"; break;            /* ë ö */
	case 0xE2: s = "A"; break;                       /* â */
	case 0xFB: s = "U"; break;                       /* û */
	case 0xEC: case 0xEF: s = "I"; break;            /* ì ï */
	case 0xE1: case 0xE0: s = "a"; break;            /* á à (stress) */
	case 0xED: s = "i"; break;                       /* í */
	case 0xF3: case 0xF2: s = "o"; break;            /* ó ò */
	case 0xFA: case 0xF9: s = "u"; break;            /* ú ù */
	case 0xFD: case 0x233: s = "y"; break;           /* ý, BS 2979 ȳ (ы) */
	case 0x142: s = "l"; break;                      /* ł */
	case 0x16D: s = "u"; break;                      /* ŭ (ў) */
	case 0x12D: s = "j"; break;                      /* ĭ (й) */
	case 0x15B: s = "s'"; break;                     /* ś */
	case 0x107: s = "c'"; break;                     /* ć */
	case 0x144: s = "n'"; break;                     /* ń */
	case 0x17A: s = "z'"; break;                     /* ź */
	default: return false;
	}
	for (; *s; s++)
		if (!sym_add(sym, n, *s))
			return false;
	return true;
}

/* The symbols of a Latin word; false if it has anything else. */
static bool latin_symbols(const unsigned char *w, size_t len, char *sym,
			  size_t *nsym)
{
	size_t i = 0, n = 0;
	uint32_t c;

	while (i < len) {
		if (!utf8_next(w, len, &i, &c))
			return false;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c >= 'a' && c <= 'z') {
			if (!sym_add(sym, &n, (char)c))
				return false;
		} else if (is_apostrophe(c) || c == 0x2B9 || c == 0xB4) {
			if (n && sym[n - 1] == '\'')
				sym[n - 1] = '"'; /* '' is the hard sign */
			else if (!sym_add(sym, &n, '\''))
				return false;
		} else if (c == 0x2BA || c == 0x201D || c == '"') {
			if (!sym_add(sym, &n, '"'))
				return false;
		} else if (c == '.' || c == 0xB7) {
			if (!sym_add(sym, &n, '.'))
				return false;
		} else if (is_combining(c)) {
			sym_combine(sym, n, c);
		} else if (is_ignorable(c)) {
			continue;
		} else if (!sym_diacritic(sym, &n, c)) {
			return false;
		}
	}
	*nsym = n;
	return true;
}

/* ---------------------------------------------------------------------------
 * Symbols -> Cyrillic: at each position the longest rule whose context holds.
 */

enum { P_START = 1, P_VOWEL = 2, P_CONS = 4, P_SIGN = 8, P_ANY = 15 };
enum { N_END = 1, N_VOWEL = 2, N_CONS = 4, N_SIGN = 8, N_ANY = 15 };
enum { S_PLAIN = 1, S_HACEK = 2, S_ANY = 3 };

struct rule {
	const char *pat;      /* symbols */
	unsigned char len;    /* strlen(pat) */
	const char16_t *out;  /* Cyrillic; may be empty */
	unsigned char prev;   /* P_*: what the symbol before may be */
	unsigned char next;   /* N_*: what the symbol after may be */
	unsigned char scheme; /* S_*: word without / with háček letters */
	unsigned flag;        /* TL_* that enables the rule, or 0 */
};

#define RULE(p, o, prev, next, scheme, flag) \
	{ p, sizeof(p) - 1, o, prev, next, scheme, flag }
#define R(p, o) RULE(p, o, P_ANY, N_ANY, S_ANY, 0)

static const struct rule rules[] = {
	/* Final -tsya -tsia -tsja: LoC and popular -тся (находится, without the
	 * soft sign -ться), except where -ция is far likelier: after a
	 * consonant (интеллигенция) and in -atsia -utsia (федерация,
	 * конституция, in popular spelling; LoC writes -atsiia).  -atsya and
	 * -atsja are nearly always the infinitive -аться. */
	RULE("atsya", u"аться", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	RULE("atsja", u"аться", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	RULE("atsia", u"ация", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	RULE("utsia", u"уция", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	RULE("tsia", u"ция", P_CONS, N_END, S_ANY, TL_MAP_TSYA),
	RULE("tsia", u"ция", P_ANY, N_END, S_ANY, TL_MAP_TSIA_CIJA),
	RULE("tsya", u"тся", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	RULE("tsia", u"тся", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	RULE("tsja", u"тся", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	R("shch", u"щ"),
	/* Alexander, Aleksander: the English and Polish form of Александр */
	RULE("xander", u"ксандр", P_ANY, N_END, S_ANY, 0),
	RULE("ksander", u"ксандр", P_ANY, N_END, S_ANY, 0),
	/* GOST 7.79 System B: shh щ, cz ц, y' ы, e' э (the backtick folded to
	 * '); GOST 16876 alternative: jj й */
	R("shh", u"щ"), R("cz", u"ц"), R("y'", u"ы"), R("e'", u"э"), R("jj", u"й"),
	/* ISO 9 and GOST 7.79 A: â for я in -тся */
	RULE("tsA", u"тся", P_ANY, N_END, S_ANY, TL_MAP_TSYA),
	/* vowel + й kept before the reflexive -ся and in the superlative -ейш */
	RULE("isia", u"йся", P_VOWEL, N_ANY, S_ANY, 0),
	RULE("isya", u"йся", P_VOWEL, N_ANY, S_ANY, 0),
	RULE("isja", u"йся", P_VOWEL, N_ANY, S_ANY, 0),
	R("eish", u"ейш"),
	RULE("ssia", u"ссия", P_ANY, N_END, S_ANY, TL_MAP_SSIA),
	/* LoC ия ию (i + ia) and BGN ия ию ие (i + ya) before the digraphs */
	R("iia", u"ия"), R("iiu", u"ию"),
	R("iya", u"ия"), R("iyu", u"ию"), R("iye", u"ие"), R("iyo", u"иё"),
	R("ija", u"ия"), R("iju", u"ию"),
	RULE("sch", u"щ", P_ANY, N_ANY, S_ANY, TL_MAP_SCH),
	R("zh", u"ж"), R("kh", u"х"), R("sh", u"ш"), R("ts", u"ц"),
	RULE("ch", u"ч", P_ANY, N_ANY, S_PLAIN, 0),
	RULE("ch", u"х", P_ANY, N_ANY, S_HACEK, TL_MAP_HACEK),
	RULE("ch", u"ч", P_ANY, N_ANY, S_HACEK, 0), /* when TL_MAP_HACEK is off */
	R("SC", u"щ"),
	RULE("ck", u"к", P_ANY, N_ANY, S_ANY, TL_MAP_CK),
	R("ia", u"я"), R("iu", u"ю"),
	R("ya", u"я"), R("yu", u"ю"), R("yo", u"ё"), R("yO", u"ё"),
	R("ja", u"я"), R("ju", u"ю"), R("jo", u"ё"), R("jO", u"ё"),
	RULE("ye", u"е", P_START | P_VOWEL | P_SIGN, N_ANY, S_ANY, 0),
	RULE("ye", u"ые", P_CONS, N_END, S_ANY, TL_MAP_YE),
	RULE("ye", u"ье", P_CONS, N_VOWEL | N_CONS | N_SIGN, S_ANY, TL_MAP_YE),
	RULE("je", u"е", P_START | P_VOWEL | P_SIGN, N_ANY, S_ANY, 0),
	RULE("je", u"ье", P_CONS, N_ANY, S_ANY, TL_MAP_YE),
	RULE("ii", u"ий", P_ANY, N_END, S_ANY, TL_MAP_ENDINGS),
	RULE("iy", u"ий", P_ANY, N_ANY, S_ANY, TL_MAP_ENDINGS),
	RULE("yi", u"ый", P_ANY, N_END, S_ANY, TL_MAP_ENDINGS),
	RULE("yy", u"ый", P_ANY, N_END, S_ANY, TL_MAP_ENDINGS),
	RULE("yi", u"ьи", P_CONS, N_VOWEL | N_CONS | N_SIGN, S_ANY, TL_MAP_YE),
	R("a", u"а"), R("b", u"б"), R("d", u"д"), R("e", u"е"), R("f", u"ф"),
	R("g", u"г"), R("h", u"х"), R("k", u"к"), R("l", u"л"), R("m", u"м"),
	R("n", u"н"), R("o", u"о"), R("p", u"п"), R("q", u"к"), R("r", u"р"),
	R("s", u"с"), R("t", u"т"), R("u", u"у"), R("v", u"в"), R("w", u"в"),
	R("z", u"з"), R("j", u"й"),
	RULE("c", u"к", P_ANY, N_VOWEL, S_PLAIN, TL_MAP_C_K),
	R("c", u"ц"),
	RULE("x", u"х", P_ANY, N_ANY, S_HACEK, TL_MAP_HACEK),
	RULE("x", u"х", P_ANY, N_ANY, S_ANY, TL_MAP_X_KH),
	/* x is х (GOST 7.79 B, scholarly) where popular spelling seldom
	 * writes кс: at the start, at the end after a vowel (-ых -их -ах),
	 * and before a consonant; Maxim and Aleksandr keep кс */
	RULE("x", u"х", P_VOWEL, N_END, S_ANY, 0),
	RULE("x", u"х", P_START, N_ANY, S_ANY, 0),
	RULE("x", u"х", P_ANY, N_CONS, S_ANY, 0),
	R("x", u"кс"),
	RULE("i", u"й", P_VOWEL, N_END, S_ANY, TL_MAP_VOWEL_I),
	RULE("i", u"й", P_VOWEL, N_CONS | N_SIGN, S_ANY, TL_MAP_VOWEL_I_CONS),
	R("i", u"и"),
	RULE("y", u"й", P_VOWEL, N_END | N_CONS | N_SIGN, S_ANY, TL_MAP_VOWEL_Y),
	RULE("y", u"ый", P_CONS, N_END, S_ANY, TL_MAP_Y_FINAL),
	R("y", u"ы"),
	R("C", u"ч"), R("S", u"ш"), R("Z", u"ж"), R("W", u"щ"), R("E", u"э"),
	R("O", u"ё"), R("A", u"я"), R("U", u"ю"), R("I", u"и"),
	R("'", u"ь"), R("\"", u"ъ"), R(".", u""),
};

static int sym_class(char c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
	case 'E': case 'O': case 'A': case 'U': case 'I':
		return 1; /* vowel */
	case '\'': case '"':
		return 2; /* sign */
	default:
		return 0; /* consonant */
	}
}

static unsigned prev_class(const char *sym, size_t i)
{
	while (i > 0 && sym[i - 1] == '.')
		i--;
	if (i == 0)
		return P_START;
	switch (sym_class(sym[i - 1])) {
	case 1: return P_VOWEL;
	case 2: return P_SIGN;
	default: return P_CONS;
	}
}

static unsigned next_class(const char *sym, size_t n, size_t i)
{
	while (i < n && sym[i] == '.')
		i++;
	if (i >= n)
		return N_END;
	switch (sym_class(sym[i])) {
	case 1: return N_VOWEL;
	case 2: return N_SIGN;
	default: return N_CONS;
	}
}

static bool cyr_add(char16_t *cyr, size_t *n, char16_t c)
{
	if (*n >= CYR_MAX)
		return false;
	cyr[(*n)++] = c;
	return true;
}

static bool latin_to_cyrillic_as(const char *sym, size_t n, char16_t *cyr, size_t *ncyr,
				 bool hacek)
{
	unsigned scheme = hacek ? S_HACEK : S_PLAIN;
	size_t i = 0, m = 0;

	for (size_t k = 0; k < n; k++)
		if (sym[k] == 'C' || sym[k] == 'S' || sym[k] == 'Z' || sym[k] == 'W')
			scheme = S_HACEK;
	while (i < n) {
		const struct rule *best = NULL;
		size_t bestlen = 0;
		unsigned pc = prev_class(sym, i);

		for (size_t r = 0; r < NELEM(rules); r++) {
			const struct rule *ru = &rules[r];
			size_t pl;

			if (ru->pat[0] != sym[i])
				continue;
			pl = ru->len;
			if (pl <= bestlen || pl > n - i || memcmp(ru->pat, sym + i, pl))
				continue;
			if ((ru->flag && !TL(ru->flag)) || !(ru->scheme & scheme) ||
			    !(ru->prev & pc) || !(ru->next & next_class(sym, n, i + pl)))
				continue;
			best = ru;
			bestlen = pl;
		}
		if (!best)
			return false; /* cannot happen: every symbol has a rule */
		for (const char16_t *o = best->out; *o; o++)
			if (!cyr_add(cyr, &m, *o))
				return false;
		i += bestlen;
	}
	*ncyr = m;
	return true;
}

static bool latin_to_cyrillic(const char *sym, size_t n, char16_t *cyr, size_t *ncyr)
{
	return latin_to_cyrillic_as(sym, n, cyr, ncyr, false);
}

/* ---------------------------------------------------------------------------
 * Cyrillic word -> letters (а-я, with ё е, і и, ...).
 */

static bool cyrillic_letters(const unsigned char *w, size_t len, char16_t *cyr,
			     size_t *ncyr)
{
	size_t i = 0, n = 0;
	uint32_t c;

	while (i < len) {
		if (!utf8_next(w, len, &i, &c))
			return false;
		if (c >= 0x410 && c <= 0x42F)
			c += 0x20; /* upper case, for callers that did not fold */
		else if (c >= 0x400 && c <= 0x40F)
			c += 0x50;
		else if (c == 0x490)
			c = 0x491;
		if (c >= CY_A && c <= CY_YA) {
			if (!cyr_add(cyr, &n, (char16_t)c))
				return false;
			continue;
		}
		switch (c) {
		case CY_YO: case 0x454: c = CY_IE; break;     /* ё є */
		case 0x456: case 0x457: c = CY_I; break;      /* і ї */
		case 0x491: c = 0x433; break;                 /* ґ */
		case 0x45E: c = 0x443; break;                 /* ў */
		case 0x458: c = CY_SHORT_I; break;            /* ј */
		default:
			if (is_apostrophe(c)) {
				c = CY_HARD; /* Ukrainian, Belarusian apostrophe */
			} else if (c == 0x306 && n && cyr[n - 1] == CY_I) {
				cyr[n - 1] = CY_SHORT_I;
				continue;
			} else if (is_combining(c) || is_ignorable(c) ||
				   c == '.' || c == 0xB7) {
				continue; /* stress marks, separators */
			} else {
				return false;
			}
		}
		if (!cyr_add(cyr, &n, (char16_t)c))
			return false;
	}
	*ncyr = n;
	return true;
}

/* ---------------------------------------------------------------------------
 * Stem and fold.
 */

static size_t put_utf8(const char16_t *s, size_t n, char *out, size_t outsz)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (k + 2 >= outsz) /* room for this letter and the NUL */
			return 0;
		out[k++] = (char)(0xC0 | (s[i] >> 6));
		out[k++] = (char)(0x80 | (s[i] & 0x3F));
	}
	out[k] = '\0';
	return k;
}

static bool is_cyr_consonant(char16_t c)
{
	return c >= 0x431 && c <= 0x44A && c != CY_IE && c != CY_I &&
	       c != 0x43E && c != 0x443 && c != CY_HARD && c != CY_SHORT_I;
}

/* The fold applied to the stem, in place; returns the new length. */
static size_t fold(char16_t *s, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) { /* letters */
		char16_t c = s[i];

		if ((c == CY_SOFT || c == CY_HARD) && TL(TL_FOLD_SIGNS))
			continue;
		if ((c == CY_SHORT_I || c == CY_YERU) && TL(TL_FOLD_I))
			c = CY_I;
		if ((c == CY_E || c == CY_YO) && TL(TL_FOLD_E))
			c = CY_IE;
		if (c == CY_SHCHA && TL(TL_FOLD_SHCH))
			c = CY_SHA;
		s[m++] = c;
	}
	n = m;
	m = 0;
	for (size_t i = 0; i < n; i++) { /* pairs */
		char16_t c = s[i], d = i + 1 < n ? s[i + 1] : 0;

		if (c == CY_T && d == CY_S && TL(TL_FOLD_TS)) {
			c = CY_TSE;
			i++;
		} else if (c == CY_S && d == CY_CHE && TL(TL_FOLD_SCH)) {
			c = TL(TL_FOLD_SHCH) ? CY_SHA : CY_SHCHA;
			i++;
		} else if (c == CY_I && d == CY_IE && TL(TL_FOLD_IE)) {
			continue;
		}
		if (TL(TL_FOLD_DOUBLE) && m && s[m - 1] == c && is_cyr_consonant(c))
			continue;
		s[m++] = c;
	}
	return m;
}

static bool is_cyr_vowel(char16_t c)
{
	switch (c) {
	case CY_A: case CY_IE: case CY_I: case 0x43E: case 0x443: case CY_YERU:
	case CY_E: case 0x44E: case CY_YA: case CY_YO:
		return true;
	default:
		return false;
	}
}

/*
 * Endings after which a dropped final soft sign is put back, so that the
 * stemmer sees -лась -лись -лось -вшись -ясь -юсь -тесь -ешь -ишь -вать -зать
 * (reflexive, second person, infinitive endings it strips) whether or not
 * the romanization or the tokenizer kept the sign.  Chosen from the distinct
 * words of a Russian corpus where the ending is >= 95% followed by ь;
 * "-ус" (Беларусь, but статус, курс) and "-ат" (делать, but результат,
 * депутат, дипломат) are deliberately not here; "-лос" is, at the cost of
 * голос волос колос, whose nominatives lose their other cases.
 */
static const char16_t *const soft_endings[] = {
	u"лас", u"лис", u"лос", u"шис", u"яс", u"юс", u"тес", u"еш", u"иш",
	u"ват", u"зат"
};

static bool ends_with(const char16_t *s, size_t n, const char16_t *e)
{
	size_t k = 0;

	while (e[k])
		k++;
	return n >= k && !memcmp(s + n - k, e, k * sizeof *e);
}

/* What both scripts get before stemming, in place; returns the new length. */
static size_t prestem(char16_t *s, size_t n)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		char16_t c = s[i], d = i + 1 < n ? s[i + 1] : 0;

		char16_t e = i + 2 < n ? s[i + 2] : 0;

		if (c == CY_SHORT_I && TL(TL_PRE_YI) && m &&
		    is_cyr_vowel(s[m - 1]) && d && !is_cyr_vowel(d) &&
		    d != CY_SOFT && d != CY_HARD && /* not -йся -ейш */
		    !(d == CY_S && (e == CY_YA || e == CY_SOFT)) &&
		    !(d == CY_SHA && s[m - 1] == CY_IE))
			c = CY_I;
		else if (c == CY_I && TL(TL_PRE_IA) && (d == CY_A || d == 0x443)) {
			c = d == CY_A ? CY_YA : 0x44E;
			i++;
		}
		s[m++] = c;
	}
	return m;
}

/* ---------------------------------------------------------------------------
 * Names in their cases.
 *
 * Snowball stems common words, and a name's cases often fall apart under
 * it.  A word that may be a name gets the stem its case forms share as a
 * name, by its class:
 *
 *   -ов -ев -ёв    Snowball reads the suffix as the genitive plural: Лавров
 *                  stems to лавр, Лаврова to лавров.  The word of four
 *                  letters or more is its own stem (Лавров, Медведев, Киев).
 *   -ых -их -аго   indeclinable (Черных, Долгих, Живаго) and -ко after a
 *   -яго -ко       consonant (Кличко, Бойко; not -енко): the word itself,
 *                  where Snowball would make Черных черн, Долгих долг
 *                  (debt), Бойко бойк (бойкий).  -енко stays Snowball's:
 *                  шевченк meets Belarusian and Ukrainian -енка and nothing
 *                  else.
 *   soft sign      Snowball strips -ья -ьи -ье -ью -ьей whole, so Дарья
 *                  stems to дар with даром; the stem keeps the sign
 *                  (Дарья, Дарьи, Дарьей: дарь; Илья, Ильи: иль).
 *   -й after е а у the -й declension (Макей Макея Макею Макеем Макее,
 *                  Алексей, Николай; Корея Кореи Кореей): Snowball
 *                  splits them (мак, маке); the stem is the word up to the
 *                  vowel (маке, алексе, никола, коре), of three letters
 *                  or more (Гуй, Гуя, Гуем are Snowball's гу already, and
 *                  Ней must not become не).  -ая and -ую are as often
 *                  adjectival surnames' (Троцкая, Троцкую: троцк with
 *                  Троцкий), so those forms are not sure: a query keeps
 *                  Snowball's stem beside the name's.
 *
 * Adjectival surnames (Троцкий Троцкая Троцкого, Толстой) and -ин (Путин,
 * Путина) already stem alike under Snowball, and get no name stem.
 */

static bool cyr_ends_with(const char16_t *s, size_t n, const char16_t *e, size_t ne)
{
	return n >= ne && !memcmp(s + n - ne, e, ne * sizeof *e);
}

#define CY_O 0x43E
#define CY_U 0x443
#define CY_YU 0x44E
#define CY_EM 0x43C
#define CY_KA 0x43A
#define CY_NU 0x43D
#define CY_GHE 0x433
#define CY_KHA 0x445

/* The vowel before the -й declension's endings. */
static bool is_jot_vowel(char16_t c)
{
	return c == CY_IE || c == CY_A || c == CY_U;
}

/* The -й declension: the length of the stem, or 0. */
static size_t jot_base(const char16_t *s, size_t n, bool *sure)
{
	char16_t last = s[n - 1], prev = s[n - 2];

	/* a stem of three letters or more: Гуй, Гуя, Гуем and Ней, Не
	 * are Snowball's */
	if (n >= 5 && is_jot_vowel(s[n - 3]) && prev == CY_IE &&
	    (last == CY_SHORT_I || last == CY_YU))
		return n - 2; /* Кореей, Кореею */
	if (n >= 5 && is_jot_vowel(s[n - 3]) && prev == CY_IE && last == CY_EM)
		return n - 2; /* Макеем, Николаем */
	if (!is_jot_vowel(prev))
		return 0;
	switch (last) {
	case CY_SHORT_I: /* Макей */
	case CY_YA:      /* Макея; -ая: Троцкая */
	case CY_YU:      /* Макею; -ую: Троцкую */
	case CY_IE:      /* Макее (and Синее: a capital makes it a name) */
		*sure = !((prev == CY_A && last == CY_YA) || (prev == CY_U && last == CY_YU));
		return n - 1;
	default:
		return 0;
	}
}

/* The length of the name stem of s[0..n) (lower case, ё folded), or 0 when
 * Snowball's stem serves.  *sure is false when the form may as well be an
 * adjective's (then a query keeps Snowball's stem too). */
static size_t name_base(const char16_t *s, size_t n, bool *sure)
{
	static const char16_t ov[] = { CY_O, 0x432 }, ev[] = { CY_IE, 0x432 },
			      yov[] = { CY_YO, 0x432 }, yh[] = { CY_YERU, CY_KHA },
			      ih[] = { CY_I, CY_KHA }, ago[] = { CY_A, CY_GHE, CY_O },
			      yago[] = { CY_YA, CY_GHE, CY_O }, ko[] = { CY_KA, CY_O },
			      enko[] = { CY_IE, CY_NU, CY_KA, CY_O };
	static const char16_t soft_endings[][2] = {
		{ CY_YA, 0 }, { CY_I, 0 }, { CY_IE, 0 }, { CY_YU, 0 },
		{ CY_IE, CY_SHORT_I }, { CY_IE, CY_YU },
	};

	*sure = true;
	if (n < 4)
		return 0;
	if ((cyr_ends_with(s, n, ov, 2) || cyr_ends_with(s, n, ev, 2) ||
		       cyr_ends_with(s, n, yov, 2)))
		return n;
	if (n >= 5 && (cyr_ends_with(s, n, yh, 2) || cyr_ends_with(s, n, ih, 2) ||
		       cyr_ends_with(s, n, ago, 3) || cyr_ends_with(s, n, yago, 3) ||
		       (cyr_ends_with(s, n, ko, 2) && (is_cyr_consonant(s[n - 3]) || s[n - 3] == CY_SHORT_I) &&
			!cyr_ends_with(s, n, enko, 4))))
		return n;
	for (size_t i = 0; i < NELEM(soft_endings); i++) {
		size_t ne = soft_endings[i][1] ? 2 : 1;
		if (n >= ne + 3 && s[n - ne - 1] == CY_SOFT &&
		    cyr_ends_with(s, n, soft_endings[i], ne))
			return n - ne;
	}
	return jot_base(s, n, sure);
}

size_t rbp_name_stem(const char *word, size_t len, bool *sure)
{
	const unsigned char *w = (const unsigned char *)word;
	char16_t cyr[CYR_MAX];
	size_t n = 0, i = 0, nb;
	bool ok = true;
	uint32_t c;

	if (sure)
		*sure = true;
	if (!word || len == 0 || len > RBP_KEY_MAX_IN)
		return 0;
	while (i < len) {
		if (!utf8_next(w, len, &i, &c) || c < 0x430 || c > 0x44F || n >= CYR_MAX)
			return 0; /* lower-case Russian letters only */
		cyr[n++] = (char16_t)c;
	}
	nb = name_base(cyr, n, &ok);
	if (sure)
		*sure = ok;
	return nb ? nb * 2 : 0; /* two bytes a letter */
}

/* The key of Cyrillic letters; with `name`, the name key (0 when the word
 * has no name stem), and *sure as name_base() says. */
static size_t key_of_cyrillic(struct sb_stemmer *ru, char16_t *cyr, size_t n,
			      bool name, bool *sure, char *out, size_t outsz)
{
	char buf[2 * CYR_MAX + 1];
	char16_t st[CYR_MAX];
	const sb_symbol *stem;
	size_t blen, slen, ns = 0;

	if (TL(TL_DROP_FINAL))
		while (n && (cyr[n - 1] == CY_SOFT || cyr[n - 1] == CY_HARD))
			n--;
	if (TL(TL_RESTORE_SOFT) && n > 3 && n < CYR_MAX)
		for (size_t i = 0; i < NELEM(soft_endings); i++)
			if (ends_with(cyr, n, soft_endings[i])) {
				cyr[n++] = CY_SOFT;
				break;
			}
	n = prestem(cyr, n);
	if (n == 0)
		return 0;
	if (name) { /* the name stem, its soft sign kept: дарь is not дар */
		size_t nb = name_base(cyr, n, sure);
		bool soft = nb && cyr[nb - 1] == CY_SOFT;
		if (!nb)
			return 0;
		memcpy(st, cyr, nb * sizeof *st);
		ns = fold(st, nb);
		if (soft && ns < CYR_MAX)
			st[ns++] = CY_SOFT;
		return ns ? put_utf8(st, ns, out, outsz) : 0;
	}
	blen = put_utf8(cyr, n, buf, sizeof buf);
	if (blen == 0)
		return 0;
	stem = sb_stemmer_stem(ru, (const sb_symbol *)buf, (int)blen);
	if (!stem)
		return 0;
	slen = (size_t)sb_stemmer_length(ru);
	/* The stem is a prefix of the input: two-byte Cyrillic letters only. */
	for (size_t i = 0; i + 1 < slen && ns < CYR_MAX; i += 2) {
		if ((stem[i] & 0xFE) != 0xD0 || (stem[i + 1] & 0xC0) != 0x80)
			return 0;
		st[ns++] = (char16_t)(((stem[i] & 0x1F) << 6) | (stem[i + 1] & 0x3F));
	}
	ns = fold(st, ns);
	if (ns == 0)
		return 0;
	return put_utf8(st, ns, out, outsz);
}

/* Which script a word is in: 'L' Latin, 'C' Cyrillic, 0 neither or mixed
 * or invalid. */
static int word_script(const unsigned char *w, size_t len)
{
	bool lat = false, cyr = false;
	size_t i = 0;
	uint32_t c;

	while (i < len) {
		if (!utf8_next(w, len, &i, &c))
			return 0;
		if (is_cyrillic_letter(c))
			cyr = true;
		else if (is_latin_letter(c))
			lat = true;
	}
	if (lat == cyr)
		return 0;
	return lat ? 'L' : 'C';
}

/* The Cyrillic letters of a word in either script, in cyr[0..*n); for a
 * Latin word, its symbols too, in sym[0..*ns).  False when it has none. */
static bool word_letters(const char *word, size_t len, char16_t *cyr, size_t *n,
			 char *sym, size_t *ns)
{
	const unsigned char *w = (const unsigned char *)word;
	int sc;

	*n = *ns = 0;
	if (!word || len == 0 || len > RBP_KEY_MAX_IN)
		return false;
	sc = word_script(w, len);
	if (sc == 'C')
		return cyrillic_letters(w, len, cyr, n);
	if (sc != 'L' || !latin_symbols(w, len, sym, ns))
		return false;
	if (*ns > 2 && sym[*ns - 2] == '\'' && sym[*ns - 1] == 's')
		*ns -= 2; /* English possessive: lukashenko's */
	return latin_to_cyrillic(sym, *ns, cyr, n);
}

size_t rbp_russian_key(struct sb_stemmer *ru, const char *word, size_t len,
		       char *out, size_t outsz)
{
	char16_t cyr[CYR_MAX];
	char sym[SYM_MAX];
	size_t n, ns, k = 0;

	if (!out || outsz == 0)
		return 0;
	out[0] = '\0';
	if (ru && word_letters(word, len, cyr, &n, sym, &ns))
		k = key_of_cyrillic(ru, cyr, n, false, NULL, out, outsz);
	if (k == 0)
		out[0] = '\0';
	return k;
}

size_t rbp_russian_key_prefix(const char *word, size_t len, char *out, size_t outsz)
{
	char16_t cyr[CYR_MAX];
	char sym[SYM_MAX];
	size_t n, ns, k = 0;

	if (!out || outsz == 0)
		return 0;
	out[0] = '\0';
	/* a prefix is no word: not stemmed, and what ends it is not an ending */
	if (word_letters(word, len, cyr, &n, sym, &ns) && (n = fold(cyr, n)) > 0)
		k = put_utf8(cyr, n, out, outsz);
	if (k == 0)
		out[0] = '\0';
	return k;
}

/* A consonant, i and e in a Latin name: и (Dmitriev, Дмитриев) or, as
 * often, a soft sign that the romanization wrote as i (Soloviev, Vasiliev,
 * Grigoriev: Соловьёв, Васильев, Григорьев).  Where the first i is. */
static size_t soft_i_at(const char *sym, size_t n)
{
	for (size_t i = 1; i + 1 < n; i++)
		if (sym[i] == 'i' && sym[i + 1] == 'e' && sym_class(sym[i - 1]) == 0 &&
		    sym[i - 1] != '.')
			return i;
	return 0;
}

size_t rbp_russian_name_keys(struct sb_stemmer *ru, const char *word, size_t len,
			     char out[2][RBP_KEY_MAX], size_t outlen[2], bool *sure)
{
	char16_t cyr[CYR_MAX];
	char sym[SYM_MAX];
	size_t n, ns, k = 0, at;
	bool ok = true;

	*sure = true;
	out[0][0] = out[1][0] = '\0';
	outlen[0] = outlen[1] = 0;
	if (!ru || !word_letters(word, len, cyr, &n, sym, &ns))
		return 0;
	if ((outlen[0] = key_of_cyrillic(ru, cyr, n, true, &ok, out[0], RBP_KEY_MAX))) {
		k = 1;
		*sure = ok;
	}
	if (ns && (at = soft_i_at(sym, ns))) {
		sym[at] = '\'';
		ok = true;
		if (latin_to_cyrillic(sym, ns, cyr, &n) &&
		    (outlen[k] = key_of_cyrillic(ru, cyr, n, true, &ok, out[k], RBP_KEY_MAX)) &&
		    !(k && outlen[1] == outlen[0] && !memcmp(out[0], out[1], outlen[0]))) {
			k++;
			*sure = *sure && ok;
		} else {
			outlen[k] = 0;
			out[k][0] = '\0';
		}
	}
	return k;
}

/* ---------------------------------------------------------------------------
 * The gate.
 *
 * A Latin word is worth a key when it shows evidence of romanized Russian,
 * or shows no evidence of English and is long enough for its key not to be
 * a common short Russian stem by chance.  In order:
 *   1. a letter only romanizations use (č š ž ŝ ʹ ʺ è ė â û ë ...), a tie
 *      or half mark, the BGN middle dot: yes;
 *   2. an apostrophe inside the word that is not an English contraction
 *      ("ventil'naia"; not "don't", "we're"; a final "'s" is dropped): yes;
 *   3. a Russian function word ("v", "na", "i", "dlia", ...): yes;
 *   4. an English stop word ("the", "most", "post", ...): no;
 *   5. a Russian pattern (ru_patterns: zh kh shch -iia -iy -skaya ...): yes;
 *   6. an English pattern (en_patterns: th wh ck -tion -ing ee oo ...), one
 *      of the 2,000 commonest English words (en_words.h: hand, taken,
 *      open, began, whose keys Russian words have) or a bare c (not ch,
 *      not the ISO 9 c of -cov -cev -cija): no;
 *   7. one or two letters with a vowel, or a single letter: no (a longer
 *      vowel-less word is an abbreviation: rf, kgb, sng; a single letter
 *      is an initial, M. or J., in English text, and a single-letter
 *      Russian word is a function word, rule 3);
 *   8. otherwise: yes.
 */

/* Words known to be Russian: prepositions, conjunctions, particles, which a
 * phrase needs to match across scripts. */
static const char *const ru_function_words[] = {
	"a", "bez", "cherez", "chto", "dlia", "dlja", "dlya", "ee", "ego",
	"eto", "i", "ikh", "ili", "iz", "k", "kak", "ko", "li", "mezhdu", "na",
	"nad", "ne", "ni", "o", "ob", "obo", "ot", "pered", "po", "pod",
	"posle", "pri", "pro", "s", "u", "v", "vo", "za", "zhe"
};

/* Frequent English words that rules 5-8 would otherwise let through; most
 * of them have a Russian twin (most мост, post пост, is ис, man ман). */
static const char *const en_stop_words[] = {
	/* function words */
	"about", "above", "after", "again", "against", "all", "also", "am",
	"an", "and", "any", "are", "as", "at", "back", "be", "been", "before",
	"being", "below", "between", "both", "but", "can", "cit", "did", "does",
	"do", "doing", "down", "dr", "during", "each", "etc", "even", "ever", "few",
	"for", "from", "further", "had", "has", "have", "having", "he", "her",
	"here", "him", "his", "how", "by", "ibid", "if", "in", "into", "is", "it",
	"its", "jr", "just", "let", "many", "may", "me", "more", "most", "mr",
	"mrs", "much", "must", "my", "never", "no", "nor", "not", "now", "of", "off",
	"on", "once", "one", "only", "op", "or", "other", "our", "out", "over",
	"own", "per", "pp", "same", "she", "since", "so", "some", "sr", "st", "still",
	"such", "than", "that", "the", "their", "them", "then", "there",
	"these", "they", "this", "those", "till", "to", "too", "two", "under",
	"unless", "until", "up", "upon", "us", "very", "via", "vs", "was",
	"we", "well", "were", "what", "when", "where", "which", "while", "who",
	"whom", "why", "will", "with", "would", "yet", "you", "your",
	/* frequent short content words */
	"add", "ago", "aid", "aim", "air", "arm", "art", "ask", "bad", "bag",
	"ban", "bar", "bat", "best", "big", "bit", "boy", "bud", "bug", "bus",
	"buy", "dad", "day", "dig", "dim", "dog", "dot", "dry", "dug", "end",
	"era", "fan", "far", "fast", "fat", "fig", "fin", "first", "fit", "fly",
	"fog", "form", "fun", "fur", "gap", "gas", "get", "go", "god", "got",
	"gum", "gun", "guy", "ham", "hat", "hid", "hip", "hit", "hog", "hop",
	"hot", "hug", "hum", "hut", "ill", "ink", "inn", "jam", "jar", "jet",
	"job", "jog", "joy", "jug", "kid", "kin", "kit", "lab", "lad", "land",
	"lap", "last", "lid", "like", "lip", "list", "lit", "log", "lost",
	"lot", "mad", "made", "make", "man", "map", "mat", "men", "mid", "mob",
	"mom", "mop", "mud", "mug", "nag", "nap", "net", "new", "nod", "nut",
	"oak", "odd", "oil", "old", "opt", "pad", "pal", "pan", "part", "past",
	"pat", "pen", "pet", "pig", "pin", "pit", "plan", "pop", "post", "pot",
	"pry", "pub", "pun", "pup", "put", "rag", "ram", "ran", "rat", "rest",
	"rib", "rid", "rig", "rim", "rob", "rod", "rot", "rub", "rug", "run",
	"sad", "said", "sat", "say", "see", "set", "sin", "sip", "sir", "sit",
	"ski", "sky", "sob", "son", "sort", "spy", "sum", "sun", "tab", "tag",
	"take", "talk", "tan", "tap", "tar", "ten", "test", "time", "tin",
	"tip", "top", "toy", "try", "tub", "tug", "van", "vat", "vet", "yam",
	"yes", "zip"
};

/*
 * Letter patterns.  Lower-case letters stand for themselves; V is a vowel
 * (a e i o u), C a consonant (not a vowel, not y); a
 * leading ^ and a trailing $ anchor the pattern.  `min` and `max` bound the
 * length of the words the pattern counts in.
 */
struct pattern {
	const char *pat;
	unsigned char len;      /* strlen(pat) */
	unsigned char min, max; /* max 0: no limit */
};

#define PAT(p, min, max) { p, sizeof(p) - 1, min, max }
#define P(p) PAT(p, 1, 0)

static const struct pattern ru_patterns[] = {
	/* digraphs and trigraphs English does not use */
	P("zh"), P("kh"), P("shch"), P("tsV"), P("tsy"), P("tsk"),
	/* ия ию ие, й before a vowel, ый ий */
	P("iia"), P("iiu"), P("iya"), P("iyu"), P("iye"), P("yy"), P("iy$"),
	/* a soft consonant before an iotated vowel: Pyer Пьер, Pyotr, Fyodor,
	 * Lyubov, Dyakonov */
	PAT("^Cya", 4, 0), PAT("^Cyo", 4, 0), PAT("^Cyu", 4, 0), PAT("^Cye", 4, 0),
	P("ii$"), P("yi$"), PAT("Vya", 4, 0), PAT("Vyu", 4, 0), P("Viu"),
	P("yye"),
	/* scholarly and ISO 9 j, and the ISO 9 c of -cov -cev -cija */
	P("ij$"), P("yj$"), PAT("oj$", 4, 0), P("ija"), P("iju"), P("aja"),
	P("uju"), P("jsk"), P("cov"), P("cev"), P("cij"), P("cja"), P("cju"),
	/* endings */
	P("skoi$"), P("skoj$"), P("skoy$"), P("skie$"), P("skiy$"), P("skii$"),
	PAT("sky$", 6, 0), P("skaya$"), P("skaia$"), P("skaja$"), P("ovich"),
	P("evich"), P("ovna$"), P("evna$"), P("enko$"), P("eev$"), P("eeva$"),
	P("iev$"), P("ieva$"), P("stvo"), P("stva"), P("nost"), P("ykh$"),
	P("ikh$"), P("akh$"), PAT("ogo$", 4, 0), P("oye$"), P("iye$"),
	P("nye$"), P("naya$"), P("naia$"), P("nyi$"), P("nyy$"),
	PAT("Vnie$", 5, 0), P("nsk"), P("vsk"), P("bsk"), P("rsk"), P("^alex"),
	/* the prepositional -е after clusters English does not end a word with */
	P("Cke$"), P("tve$"), P("kve$"), PAT("ike$", 7, 0),
	/* -оборот: товарооборот, грузооборот, документооборот */
	P("oobor")
};

static const struct pattern en_patterns[] = {
	/* letters and digraphs romanized Russian does not use */
	P("th"), P("wh"), P("ph"), P("gh"), P("ck"), P("qu"), P("w"), P("x"),
	P("ee"), P("oo"), P("ou"), P("ea"), P("oa"),
	/* suffixes; the silent final e (Ce$) alone stops 310 collisions */
	P("tion"), P("sion"), P("ing$"), P("ness"), P("ous$"), P("able$"),
	P("ible$"), P("ful$"), P("less$"), P("ity$"), P("ize$"), P("ise$"),
	P("ism$"), P("Ce$"), P("ed$"), P("er$"), P("es$"), P("Cly$"),
	P("ely$"), PAT("ily$", 6, 0), P("ie$"), P("ue$"),
	/* boy, day, key; but -ey -ay after a consonant is Sergey, Nikolay */
	PAT("Vy$", 1, 4), P("Vey$"), P("Vay$")
};

static bool pat_char(char p, char c)
{
	bool v = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';

	switch (p) {
	case 'V': return v;
	case 'C': return !v && c != 'y';
	default: return p == c;
	}
}

static bool pat_match(const char *pat, size_t pl, const char *w, size_t n)
{
	bool start = pat[0] == '^';
	size_t first, last;

	if (start) {
		pat++;
		pl--;
	}
	if (pl && pat[pl - 1] == '$') {
		pl--;
		if (pl > n)
			return false;
		first = n - pl;
		last = first;
		if (start && first != 0)
			return false;
	} else {
		if (pl > n)
			return false;
		first = 0;
		last = start ? 0 : n - pl;
	}
	for (size_t i = first; i <= last; i++) {
		size_t k = 0;

		while (k < pl && pat_char(pat[k], w[i + k]))
			k++;
		if (k == pl)
			return true;
	}
	return false;
}

/* Measurement hooks, as RBP_TL_OFF above: -DRBP_GATE_SKIP_RU=k or
 * -DRBP_GATE_SKIP_EN=k ignores pattern k of that table, so that
 * translit_eval can measure what each pattern is worth. */
#ifndef RBP_GATE_SKIP_RU
#define RBP_GATE_SKIP_RU (-1)
#endif
#ifndef RBP_GATE_SKIP_EN
#define RBP_GATE_SKIP_EN (-1)
#endif

/* The lower-case letters a pattern or word holds, one bit each.  A pattern
 * whose letters the word lacks cannot match: the gate runs on every Latin
 * word a snippet shows, and this spares it most patterns. */
static uint32_t letters(const char *s, size_t n)
{
	uint32_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			m |= 1u << (s[i] - 'a');
	return m;
}

static uint32_t ru_masks[NELEM(ru_patterns)], en_masks[NELEM(en_patterns)];
static pthread_once_t masks_once = PTHREAD_ONCE_INIT;

static void init_masks(void)
{
	for (size_t i = 0; i < NELEM(ru_patterns); i++)
		ru_masks[i] = letters(ru_patterns[i].pat, ru_patterns[i].len);
	for (size_t i = 0; i < NELEM(en_patterns); i++)
		en_masks[i] = letters(en_patterns[i].pat, en_patterns[i].len);
}

static bool any_pattern(const struct pattern *p, const uint32_t *masks, size_t np,
			const char *w, size_t n, long skip)
{
	uint32_t have = letters(w, n);

	for (size_t i = 0; i < np; i++)
		if ((long)i != skip && !(masks[i] & ~have) && n >= p[i].min &&
		    (!p[i].max || n <= p[i].max) && pat_match(p[i].pat, p[i].len, w, n))
			return true;
	return false;
}

static bool in_list(const char *const *list, size_t nl, const char *w, size_t n)
{
	for (size_t i = 0; i < nl; i++)
		if (list[i][0] == w[0] && strlen(list[i]) == n && !memcmp(list[i], w, n))
			return true;
	return false;
}

static bool is_romanization_mark(uint32_t c)
{
	switch (c) {
	case 0x10D: case 0x161: case 0x17E: case 0x15D: /* č š ž ŝ */
	case 0x2B9: case 0x2BA:                         /* ʹ ʺ */
	case 0xE8: case 0x117:                          /* è ė */
	case 0xE2: case 0xFB: case 0xEB:                /* â û ë */
	case 0x16D: case 0x12D: case 0xEC:              /* ŭ ĭ ì */
	case 0x233:                                     /* ȳ */
	case 0x142:                                     /* ł */
	case 0x361: case 0xB7:                          /* tie, middle dot */
		return true;
	default:
		return c >= 0xFE20 && c <= 0xFE23;      /* half marks */
	}
}

static bool is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* An apostrophe after a word's first letter (a[1]): a soft sign (P'er
 * Пьер, L'vov Львов, D'iakonov Дьяконов), or an Irish O' or a French
 * elision (O'Brien, o'clock, d'Artagnan, l'Europe, qu'il)?  Elision comes
 * before a vowel or h and after l d j n s c m t q; a soft sign comes before
 * a consonant, before an iotated vowel (ia iu io ya yu yo ye) whatever the
 * letter, and before any vowel after other letters. */
static bool soft_sign_after_initial(const char *a, size_t n)
{
	const char *r = a + 2;
	size_t nr = n - 2;

	if (n < 4 || a[0] == 'o' || !(a[0] >= 'a' && a[0] <= 'z') || r[0] == '\'')
		return false;
	if (!is_vowel(r[0]))
		return r[0] != 'h';
	if (nr >= 2 && (r[0] == 'i' || r[0] == 'y') &&
	    (r[1] == 'a' || r[1] == 'u' || r[1] == 'o' || (r[0] == 'y' && r[1] == 'e')))
		return true;
	return !strchr("ldjnscmtq", a[0]);
}

static int cmp_word(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

bool rbp_english_word(const char *word, size_t len)
{
	char w[32];

	if (!word || len < 2 || len >= sizeof w)
		return false;
	memcpy(w, word, len);
	w[len] = '\0';
	return bsearch(w, en_words, NELEM(en_words), sizeof *en_words, cmp_word) != NULL;
}

bool rbp_latin_may_be_russian(const char *word, size_t len)
{
	const unsigned char *w = (const unsigned char *)word;
	char a[RBP_KEY_MAX_IN + 1];
	size_t i = 0, n = 0, apos;
	bool vowel = false;
	uint32_t c;

	if (!word || len == 0 || len > RBP_KEY_MAX_IN || word_script(w, len) != 'L')
		return false;
	while (i < len) { /* 1 */
		if (!utf8_next(w, len, &i, &c))
			return false;
		if (is_romanization_mark(c))
			return true;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c == '.')
			continue; /* initials glued by dots: s.v.lavrova */
		if (is_apostrophe(c))
			c = '\'';
		else if (c < 'a' || c > 'z')
			return false; /* é ü ñ ..., digits, other marks: not Russian */
		a[n++] = (char)c;
	}
	if (n > 2 && a[n - 2] == '\'' && a[n - 1] == 's') /* 2 */
		n -= 2; /* English possessive: lukashenko's */
	while (n && a[n - 1] == '\'')
		n--; /* a final ' the word break kept (U+02BC): a soft sign */
	apos = n;
	for (size_t k = 0; k < n; k++)
		if (a[k] == '\'')
			apos = k;
	if (apos < n) {
		static const char *const contractions[] = {
			"t", "re", "ve", "ll", "d", "m", "s"
		};

		if (in_list(contractions, NELEM(contractions), a + apos + 1,
			    n - apos - 1))
			return false; /* don't, we're */
		if (apos == 2 && a[0] == 'q' && a[1] == 'u')
			return false; /* qu'il */
		if (apos >= 2)
			return true; /* ventil'naia */
		return apos == 1 && soft_sign_after_initial(a, n); /* P'er, L'vov */
	}
	a[n] = '\0';
	/* "a", "i" and "o" are English words far more often than Russian ones
	 * (а, и, о); keyed, they made 5.7% of English running text collide
	 * against 2.3% without, and cost no retrieval: a romanized phrase
	 * still finds its Cyrillic by its other words (633 of 640 variants in
	 * the top 3 either way, tests/t0160-variants.sh). */
#ifndef RBP_GATE_AIO /* measurement hook: key them after all */
	if (n == 1 && (a[0] == 'a' || a[0] == 'i' || a[0] == 'o'))
		return false;
#endif
	if (in_list(ru_function_words, NELEM(ru_function_words), a, n))
		return true; /* 3 */
	if (in_list(en_stop_words, NELEM(en_stop_words), a, n))
		return false; /* 4 */
	pthread_once(&masks_once, init_masks);
	if (any_pattern(ru_patterns, ru_masks, NELEM(ru_patterns), a, n, RBP_GATE_SKIP_RU))
		return true; /* 5 */
	if (any_pattern(en_patterns, en_masks, NELEM(en_patterns), a, n, RBP_GATE_SKIP_EN))
		return false; /* 6 */
#ifndef RBP_GATE_NO_EN_WORDS /* measurement hook: without the word list */
	if (rbp_english_word(a, n))
		return false; /* 6 */
#endif
	for (size_t k = 0; k < n; k++) {
		if (a[k] == 'c' && (k + 1 == n || a[k + 1] != 'h'))
			return false;
		if (a[k] == 'a' || a[k] == 'e' || a[k] == 'i' || a[k] == 'o' ||
		    a[k] == 'u' || a[k] == 'y')
			vowel = true;
	}
	return n > 2 || (!vowel && n > 1); /* 7, 8 */
}

/* ---------------------------------------------------------------------------
 * The gate's context: a word the gate refuses is keyed all the same inside
 * a run of romanized Russian, where "i", "on", "to", "vse" and "tebe" are
 * Russian.  Of the nearest RBP_CTX_WINDOW Latin words on each side (words
 * in other scripts, numbers and Latin words with no key are passed over, at
 * most 2 * RBP_CTX_WINDOW of them), at least RBP_CTX_MIN must be there, and
 * RBP_CTX_NUM / RBP_CTX_DEN of them gated.  In English running text a
 * gated word's neighbours are seldom gated; in a romanized sentence four
 * words in five are.
 */
#ifndef RBP_CTX_WINDOW
#define RBP_CTX_WINDOW 8
#endif
#ifndef RBP_CTX_MIN
#define RBP_CTX_MIN 5
#endif
#ifndef RBP_CTX_NUM
#define RBP_CTX_NUM 3
#endif
#ifndef RBP_CTX_DEN
#define RBP_CTX_DEN 5
#endif

/* The nearest Latin words with a key on one side of word k: how many
 * (*latin) and how many of them have val[i] == want (*hits). */
static void ctx_side(const unsigned char *st, size_t n, size_t k, int dir,
		     const unsigned char *val, unsigned char want, size_t *latin, size_t *hits)
{
	size_t seen = 0, found = 0;

	for (size_t i = k; found < RBP_CTX_WINDOW && seen < 2 * RBP_CTX_WINDOW;) {
		if (dir < 0 ? i == 0 : i + 1 >= n)
			break;
		i = dir < 0 ? i - 1 : i + 1;
		if (st[i] == RBP_CTX_NONE) {
			seen++;
			continue;
		}
		found++;
		*hits += val[i] == want;
	}
	*latin += found;
}

void rbp_gate_context(const unsigned char *st, size_t n, bool *out)
{
	for (size_t k = 0; k < n; k++) {
		size_t latin = 0, gated = 0;

		out[k] = false;
		if (st[k] != RBP_CTX_REFUSED)
			continue;
		ctx_side(st, n, k, -1, st, RBP_CTX_GATED, &latin, &gated);
		ctx_side(st, n, k, +1, st, RBP_CTX_GATED, &latin, &gated);
		out[k] = latin >= RBP_CTX_MIN &&
			 gated * RBP_CTX_DEN >= (size_t)RBP_CTX_NUM * latin;
	}
}

/* ---------------------------------------------------------------------------
 * The cognate key: one looser term for the Belarusian and the Russian form
 * of a name, in either script (Гродна, Гродно, Hrodna, Grodno -> градн).
 *
 * Letters as for the Russian key (і -> и, ў -> у, ё -> е), from Latin with
 * the letters of Belarusian romanizations read first (ł -> l, ŭ -> u,
 * w -> v, ć ś ź ń ĺ -> c' s' z' n' l'), a word with one of them read with
 * ch as х and c as ц (Łacinka, the national system: Cichanoŭskaja); then the
 * regular correspondences of
 * Belarusian spelling with Russian, folded to one form:
 *   ь ъ dropped; х -> г (Belarusian h for г, Hrodna);
 *   tsekanne, dzekanne: ц before и е я ю -> т, дз -> д (Ціханоўская,
 *   Віцебск, Дзмітрый); a doubled consonant -> one (Наталля, Палессе);
 *   ў: vowel + у -> vowel + в (-оўск-, Саннікаў);
 *   щ -> шч; consonant + ие ио -> е (Łacinka, national: Viciebsk, Mahilioŭ);
 *   akanye, yakanye: о -> а, я э -> е; ы й -> и;
 * then one inflection off the end: after the last "ск" whatever short ending
 * follows (-ская -скі -ского), else one of -ами -ими -ах -ам -им -их -ие -ии
 * -ию -ую -ае -аи -еи -ею -а -е -и -у -ю, keeping at least three letters.
 * No Snowball here: it reads the folded forms as other words.
 */

static bool is_cog_vowel(char16_t c)
{
	return c == CY_A || c == CY_IE || c == CY_I || c == 0x443 || c == 0x44E;
}

static size_t cognate_fold(char16_t *s, size_t n)
{
	char16_t t[CYR_MAX * 2];
	size_t m = 0;

	for (size_t i = 0; i < n && m + 2 < NELEM(t); i++) {
		char16_t c = s[i], d = i + 1 < n ? s[i + 1] : 0;
		if ((d == CY_SOFT || d == CY_HARD) && i + 2 < n)
			d = s[i + 2]; /* ць, Vitsyebsk's tsye: what the sign softens */
		bool soft_next = d == CY_I || d == CY_IE || d == CY_YA || d == 0x44E ||
				 d == CY_E || d == CY_YO || d == CY_YERU;
		switch (c) {
		case CY_SOFT: case CY_HARD: continue;
		case 0x445: c = 0x433; break;                   /* х -> г */
		case 0x43E: /* о -> а; after ж ч ш, Belarusian о а for Russian ё е */
			c = m && (t[m - 1] == 0x436 || t[m - 1] == CY_CHE || t[m - 1] == CY_SHA)
				    ? CY_IE : CY_A;
			break;
		case CY_A:
			if (m && (t[m - 1] == 0x436 || t[m - 1] == CY_CHE || t[m - 1] == CY_SHA))
				c = CY_IE;
			break;
		case CY_YA: case CY_E: case CY_YO: c = CY_IE; break;
		case CY_YERU: case CY_SHORT_I: c = CY_I; break;
		case CY_SHCHA: t[m++] = CY_SHA; c = CY_CHE; break;
		case 0x436: c = CY_SHA; break; /* ж ш: German and French write both sch, ch */
		case CY_TSE: if (soft_next || (i + 1 < n && s[i + 1] == CY_SOFT)) c = CY_T; break;
		case 0x43B: /* ў for л: vowel + л + consonant (Ваўкавыск, Волковыск) */
			if (m && is_cog_vowel(t[m - 1]) && d && !is_cyr_vowel(d) && d != CY_SOFT &&
			    d != CY_HARD)
				c = 0x432;
			break;
		case 0x434: /* дз -> д (Дзмітрый, Жодзіна; Russian has it in few names) */
			if (d == 0x437) {
				t[m++] = 0x434;
				i++;
				continue;
			}
			break;
		case 0x443: /* ў after a vowel is в */
			if (m && is_cog_vowel(t[m - 1]))
				c = 0x432;
			break;
		case CY_I: /* consonant + ие ио: е */
			if (m && !is_cog_vowel(t[m - 1]) && (d == CY_IE || d == 0x43E || d == CY_YO)) {
				c = CY_IE;
				i++;
			}
			break;
		default: break;
		}
		if (m && t[m - 1] == c && !is_cog_vowel(c))
			continue; /* a doubled consonant: Наталля Наталья, Палессе Полесье */
		t[m++] = c;
	}
	/* the inflection */
	static const char16_t *const endings[] = {
		u"ами", u"ими", u"ах", u"ам", u"им", u"их", u"ие", u"ии", u"ию", u"ую",
		u"ае", u"аи", u"еи", u"ею", u"а", u"е", u"и", u"у", u"ю",
	};
	for (size_t k = m; k >= 2 && k + 4 > m; k--)
		if (t[k - 2] == CY_S && t[k - 1] == 0x43A) {
			bool short_end = true;
			for (size_t j = k; j < m; j++)
				short_end &= is_cog_vowel(t[j]) || t[j] == 0x433 || t[j] == 0x43C ||
					     t[j] == 0x445 || t[j] == CY_SHORT_I;
			if (short_end && k >= 4) {
				m = k;
				goto done;
			}
			break;
		}
	for (size_t e = 0; e < NELEM(endings); e++) {
		size_t el = 0;
		while (endings[e][el])
			el++;
		if (m >= el + 3) {
			size_t j = 0;
			while (j < el && t[m - el + j] == endings[e][j])
				j++;
			if (j == el) {
				m -= el;
				break;
			}
		}
	}
done:
	memcpy(s, t, m * sizeof *t);
	return m;
}

static size_t cognate_key(const char *word, size_t len, bool western, char *out, size_t outsz);

size_t rbp_cognate_key(const char *word, size_t len, char *out, size_t outsz)
{
	return cognate_key(word, len, false, out, outsz);
}

/* western: the word is a French, German or Polish form already rewritten in
 * English-based letters, which are not to be read as Belarusian Latin. */
static size_t cognate_key(const char *word, size_t len, bool western, char *out, size_t outsz)
{
	const unsigned char *w = (const unsigned char *)word;
	char16_t cyr[CYR_MAX];
	size_t n = 0, k;
	int sc;

	if (!out || outsz == 0)
		return 0;
	out[0] = '\0';
	if (!word || len == 0 || len > RBP_KEY_MAX_IN)
		return 0;
	sc = word_script(w, len);
	if (sc == 'C') {
		if (!cyrillic_letters(w, len, cyr, &n))
			return 0;
	} else if (sc == 'L') {
		/* a frequent English word at the start of a sentence is no name */
		if (in_list(en_stop_words, NELEM(en_stop_words), word, len))
			return 0;
		unsigned char pre[2 * RBP_KEY_MAX_IN + 1];
		size_t np = 0, i = 0, ns = 0;
		char sym[SYM_MAX];
		uint32_t c;
		bool belarusian = false; /* Łacinka or the national system, whose
					  * ch is х and c is ц */
		/* Belarusian romanizations' letters, as the Russian rules read them.
		 * First: is it Belarusian Latin?  A letter only it has, or a
		 * consonant + ie ia iu io (Łacinka and the national system
		 * write the soft vowels so: Kamianiec, Palessie). */
		for (size_t j = 0; j < len && !belarusian && !western; j++) {
			unsigned char b0 = w[j], b1 = j + 1 < len ? w[j + 1] : 0;
			uint32_t cp = b0 < 0x80 ? b0 : 0;
			if (b0 >= 0xC0 && j + 1 < len)
				cp = ((uint32_t)(b0 & 0x1F) << 6) | (b1 & 0x3F);
			belarusian = cp == 0x142 || cp == 0x141 || cp == 0x16D || cp == 0x16C ||
				     cp == 0x107 || cp == 0x15B || cp == 0x17A || cp == 0x144 ||
				     cp == 0x13A;
			if (!belarusian && j > 0 && b0 == 'i' && j + 1 < len && b1 &&
			    strchr("eaou", b1) && w[j - 1] < 0x80 && !strchr("aeiouy'", w[j - 1]))
				belarusian = true;
		}
		while (i < len && np + 3 < sizeof pre) {
			size_t at = i;
			if (!utf8_next(w, len, &i, &c))
				return 0;
			const char *r = c == 0x142 || c == 0x141 ? "l" : c == 0x16D || c == 0x16C ? "u"
					: c == 'w' || c == 'W' ? "v" : c == 0x107 ? "c'" : c == 0x15B ? "s'"
					: c == 0x17A ? "z'" : c == 0x144 ? "n'" : c == 0x13A ? "l'" : NULL;
			/* Łacinka's l is soft: la lo lu are ля лё лю, l + consonant ль */
			if (belarusian && (c == 'l' || c == 'L'))
				r = i < len && strchr("aou", w[i]) ? "li"
				    : i < len && strchr("eiy'", w[i]) ? NULL : "l'";
			if (r) {
				memcpy(pre + np, r, strlen(r));
				np += strlen(r);
			} else {
				memcpy(pre + np, w + at, i - at);
				np += i - at;
			}
		}
		if (i < len || !latin_symbols(pre, np, sym, &ns))
			return 0;
		if (ns > 2 && sym[ns - 2] == '\'' && sym[ns - 1] == 's')
			ns -= 2;
		/* A Latin word is a name's romanization when the gate says it may be
		 * romanized Russian (read with w as v) or it has a letter of
		 * Belarusian Latin: English words keep out. */
		if (!belarusian && !rbp_latin_may_be_russian((const char *)pre, np))
			return 0;
		if (!latin_to_cyrillic_as(sym, ns, cyr, &n, belarusian))
			return 0;
	} else {
		return 0;
	}
	n = prestem(cyr, n);
	n = cognate_fold(cyr, n);
	if (n < 3)
		return 0;
	k = put_utf8(cyr, n, out, outsz);
	if (k == 0)
		out[0] = '\0';
	return k;
}

/* ---------------------------------------------------------------------------
 * Western readings: a name as French, German or Polish romanize Russian and
 * Belarusian (Loukachenko, Lukaschenko, Łukaszenka), rewritten in the
 * English-based spelling the rules above read, by the language its letters
 * show: Polish (sz cz rz ż ą ę), German (sch, w, -ow -ew -itsch, z),
 * French (ou tch ï, a final consonant + e).  Where German and English
 * clash (sch is ш, LoC sch is сч) the word gets both keys.
 */

typedef struct wsub {
	const char *from, *to;
} wsub;

static const wsub polish_subs[] = {
	{ "szcz", "shch" }, { "sz", "sh" }, { "cz", "ch" }, { "rz", "zh" }, { "\xC5\xBC", "zh" },
	{ "\xC5\xBA", "z'" }, { "ch", "kh" }, { "w", "v" }, { "\xC5\x82", "l" }, { "ie", "e" },
	{ "ia", "ya" }, { "io", "yo" }, { "iu", "yu" }, { "c", "ts" }, { "j", "y" },
	{ "\xC4\x85", "on" }, { "\xC4\x99", "en" }, { "\xC3\xB3", "u" }, { "\xC5\x9B", "s'" },
	{ "\xC4\x87", "ts'" }, { "\xC5\x84", "n'" },
};
static const wsub german_subs[] = {
	{ "tsch", "ch" }, { "sch", "sh" }, { "ch", "kh" }, { "w", "v" }, { "tz", "ts" },
	{ "z", "ts" }, { "j", "y" }, { "ie", "i" },
};
static const wsub french_subs[] = {
	{ "tch", "ch" }, { "ch", "sh" }, { "ou", "u" }, { "dj", "dzh" }, { "j", "zh" },
	{ "\xC3\xAF", "y" }, { "\xC3\xAB", "e" }, { "\xC3\xA9", "e" }, { "gu", "g" },
	{ "ie", "ye" },
};
/* German read where nothing but its ch (х) shows: Bucharin, Chabarowsk */
static const wsub german_ch_subs[] = {
	{ "tsch", "ch" }, { "sch", "sh" }, { "ch", "kh" }, { "w", "v" }, { "j", "y" },
};

static bool has(const char *w, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(w + i, s, k))
			return true;
	return false;
}

/* Rewrite w by subs (longest first, as listed) into out; its length. */
static size_t rewrite(const char *w, size_t n, const wsub *subs, size_t nsubs, char *out,
		      size_t outsz)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		const wsub *best = NULL;
		for (size_t k = 0; k < nsubs && !best; k++)
			if (!strncmp(w + i, subs[k].from, strlen(subs[k].from)) &&
			    i + strlen(subs[k].from) <= n)
				best = &subs[k];
		const char *r = best ? best->to : NULL;
		size_t rl = r ? strlen(r) : 1, used = best ? strlen(best->from) : 1;
		if (o + rl + 1 >= outsz)
			return 0;
		memcpy(out + o, r ? r : w + i, rl);
		o += rl;
		i += used;
	}
	out[o] = '\0';
	return o;
}

/* The readings a Latin word may have: its letters rewritten in the
 * English-based spelling the Russian rules read. */
enum { READ_POLISH, READ_GERMAN, READ_GERMAN_CH, READ_FRENCH };
static const struct reading {
	const wsub *subs;
	size_t nsubs;
	bool french; /* a final consonant + e is mute */
} readings[] = {
	[READ_POLISH] = { polish_subs, NELEM(polish_subs), false },
	[READ_GERMAN] = { german_subs, NELEM(german_subs), false },
	[READ_GERMAN_CH] = { german_ch_subs, NELEM(german_ch_subs), false },
	[READ_FRENCH] = { french_subs, NELEM(french_subs), true },
};

/* Add the key of w read as `which` to out[*k], if there is room and a key. */
static void add_reading(const char *w, size_t len, int which, char out[2][RBP_KEY_MAX],
			size_t outlen[2], size_t *k)
{
	const struct reading *r = &readings[which];
	char re[2 * RBP_KEY_MAX_IN + 8];
	size_t n;

	if (*k >= 2 || !(n = rewrite(w, len, r->subs, r->nsubs, re, sizeof re)))
		return;
	if (r->french && n > 3 && re[n - 1] == 'e' && !strchr("aeiouy", re[n - 2]))
		re[--n] = '\0'; /* French: Poutine, Pouchkine */
	if ((outlen[*k] = cognate_key(re, n, true, out[*k], RBP_KEY_MAX)))
		(*k)++;
}

size_t rbp_cognate_keys_western(const char *word, size_t len, char out[2][RBP_KEY_MAX],
				size_t outlen[2])
{
	const char *w = word;
	size_t k = 0;

	outlen[0] = outlen[1] = 0;
	if (!word || !len || len > RBP_KEY_MAX_IN || word_script((const unsigned char *)w, len) != 'L')
		return 0;
	if (in_list(en_stop_words, NELEM(en_stop_words), w, len))
		return 0;
	static const char *const german_ends[] = { "ow", "ew", "owa", "ewa", "owski", "ewski",
						   "owitsch", "ewitsch", "owna", "ewna" };
	bool german_end = false;
	for (size_t e = 0; e < NELEM(german_ends); e++) {
		size_t el = strlen(german_ends[e]);
		german_end |= len > el + 1 && !memcmp(w + len - el, german_ends[e], el);
	}
	/* the letters each language shows */
	bool polish = has(w, len, "sz") || has(w, len, "cz") || has(w, len, "rz") ||
		      has(w, len, "\xC5\xBC") || has(w, len, "\xC4\x85") || has(w, len, "\xC4\x99") ||
		      (has(w, len, "w") && has(w, len, "\xC5\x82"));
	bool german = has(w, len, "sch") || german_end || has(w, len, "tz") ||
		      (has(w, len, "w") && (has(w, len, "j") || has(w, len, "ch")));
	bool french = has(w, len, "ou") || has(w, len, "tch") || has(w, len, "\xC3\xAF") ||
		      has(w, len, "gui") || has(w, len, "gue") ||
		      (has(w, len, "j") && !has(w, len, "dj") && !german);
	/* Polish ci before a vowel (ć: Cichanouska, Ciechanów) */
	for (size_t i = 0; i + 2 < len && !polish; i++)
		polish = w[i] == 'c' && w[i + 1] == 'i' && strchr("aeou", w[i + 2]);
	if (polish)
		add_reading(w, len, READ_POLISH, out, outlen, &k);
	else if (german)
		add_reading(w, len, READ_GERMAN, out, outlen, &k);
	if (french)
		add_reading(w, len, READ_FRENCH, out, outlen, &k);
	/* nothing shows but ch: German х or English ч; kh beside it is
	 * French ш (Cholokhov) */
	if (!k && has(w, len, "ch") && !has(w, len, "tch") && !has(w, len, "sch"))
		add_reading(w, len, has(w, len, "kh") ? READ_FRENCH : READ_GERMAN_CH, out, outlen, &k);
	/* French -ine (Staline, Lénine) */
	if (!k && len > 5 && !memcmp(w + len - 3, "ine", 3))
		add_reading(w, len, READ_FRENCH, out, outlen, &k);
	return k;
}

/* ---------------------------------------------------------------------------
 * The French reading of the Russian key (MVD 310 French, the French press):
 * ou у, ch ш, tch ч, chtch щ, j ж, dj дж, gue gui ге ги, ï й.  The English-
 * based rules read ch as ч and j as й, so a word shows the French scheme by
 * ou, tch, dj or ï (marked), or may be French where only ch or j says so
 * (ambiguous: strachen страшен, je же, beside English-scheme chem, jest).
 */

static const wsub french_key_subs[] = {
	{ "tch", "ch" }, { "ch", "sh" }, { "ou", "u" }, { "dj", "dzh" }, { "j", "zh" },
	{ "\xC3\xAF", "y" }, { "\xC3\xAB", "e" }, { "gue", "ge" }, { "gui", "gi" },
};

int rbp_french_marks(const char *word, size_t len)
{
	if (!word || !len || len > RBP_KEY_MAX_IN || rbp_english_word(word, len) ||
	    in_list(en_stop_words, NELEM(en_stop_words), word, len))
		return RBP_FR_NONE; /* you, would, house */
	if (has(word, len, "ou") || has(word, len, "tch") || has(word, len, "dj") ||
	    has(word, len, "\xC3\xAF"))
		return RBP_FR_MARKED;
	if (has(word, len, "ch") || has(word, len, "j") || has(word, len, "gue") ||
	    has(word, len, "gui"))
		return RBP_FR_AMBIGUOUS;
	return RBP_FR_NONE;
}

size_t rbp_russian_key_french(struct sb_stemmer *ru, const char *word, size_t len,
			      char *out, size_t outsz)
{
	char re[2 * RBP_KEY_MAX_IN + 8];
	size_t n;

	if (outsz)
		out[0] = '\0';
	if (rbp_french_marks(word, len) == RBP_FR_NONE ||
	    word_script((const unsigned char *)word, len) != 'L' ||
	    !(n = rewrite(word, len, french_key_subs, NELEM(french_key_subs), re, sizeof re)) ||
	    n > RBP_KEY_MAX_IN)
		return 0;
	return rbp_russian_key(ru, re, n, out, outsz);
}

/* The French context: of the nearest RBP_CTX_WINDOW Latin words with a key
 * on each side, at least RBP_FR_CTX_MIN show the French scheme.  Only
 * then is an ambiguous word (ch, j) read as French too: alone, strachen
 * could as well be English-based страчен, and chem is чем. */
#ifndef RBP_FR_CTX_MIN
#define RBP_FR_CTX_MIN 2
#endif

void rbp_french_context(const unsigned char *st, const unsigned char *fr, size_t n, bool *out)
{
	for (size_t k = 0; k < n; k++) {
		size_t latin = 0, marked = 0;

		out[k] = false;
		if (fr[k] != RBP_FR_AMBIGUOUS)
			continue;
		ctx_side(st, n, k, -1, fr, RBP_FR_MARKED, &latin, &marked);
		ctx_side(st, n, k, +1, fr, RBP_FR_MARKED, &latin, &marked);
		out[k] = marked >= RBP_FR_CTX_MIN;
	}
}
