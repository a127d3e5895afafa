/*
 * bibtex.c - the BibTeX/BibLaTeX parser: entries and their fields, @string
 * macros and '#' joins, LaTeX to UTF-8 (rbp_latex_decode), and name lists
 * split into "Last, First" (rbp_bibtex_names).
 *
 * A .bib file is anyone's text, so hostile input is expected: nothing here
 * recurses, every scan moves forward, a value is capped at BIB_MAX_VALUE
 * bytes, and macro expansion over a whole parse at a budget proportional to
 * the input, so that "@string{a = a # a}" repeated cannot explode.  A braced
 * or quoted value also ends, unclosed, at a line that starts a new entry
 * ("@word{" or "@word("), and after a malformed entry the parse resumes at
 * the next such line: a brace left open swallows nothing after it, and no
 * byte is scanned by more than one entry (no quadratic rescans).
 */
#include "library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIB_MAX_VALUE (1u << 20)	/* bytes of a joined value, before decoding */
#define BIB_BUDGET (64u << 20)		/* bytes of macro expansion, plus 8 per input byte */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_blank(unsigned char c)	/* white space within a line */
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* BibTeX's identifier characters (type, field and macro names), ASCII only
 * so that names and messages are plain ASCII. */
static bool is_ident(unsigned char c)
{
	return c > ' ' && c < 0x7f && !strchr("\"#%'(),={}@\\", c);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The length of the valid UTF-8 sequence starting at s[0..n) (its code
 * point in *cp), 0 if none starts there. */
static size_t u8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t k;
	uint32_t c;

	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 1, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		k = 2, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		k = 3, c = s[0] & 0x07;
	else
		return 0;
	if (n <= k)
		return 0;
	for (size_t j = 1; j <= k; j++) {
		if ((s[j] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[j] & 0x3F);
	}
	if ((k == 2 && c < 0x800) || (k == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return k + 1;
}

static void add_cp(rbp_buf *b, uint32_t cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		rbp_buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		rbp_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		rbp_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		rbp_buf_add(b, u, 4);
	}
}

/* s[0..n) as valid UTF-8 without NULs: what goes out of here ends up in
 * JSON.  A byte that starts no valid sequence becomes U+FFFD, a NUL a
 * space.  NULL when out of memory. */
static char *dup_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	rbp_buf b = { 0 };
	uint32_t cp;

	if (rbp_utf8_valid(str, n) && !memchr(str, 0, n))
		return rbp_strndup(str, n);
	for (size_t i = 0, k; i < n; i += k) {
		k = u8_seq(s + i, n - i, &cp);
		if (!k) {
			add_cp(&b, 0xFFFD);
			k = 1;
		} else if (!cp) {
			rbp_buf_addc(&b, ' ');
		} else {
			rbp_buf_add(&b, str + i, k);
		}
	}
	return rbp_buf_detach(&b);
}

/* ---------------------------------------------------------------------------
 * LaTeX to UTF-8.
 */

/* The accents, in the order of the rows of `composed`; \t (a tie over two
 * letters) has no row and is only ever a combining mark. */
static const struct {
	char c;
	uint32_t mark;	/* its Unicode combining mark */
} accents[] = {
	{ '`', 0x300 }, { '\'', 0x301 }, { '^', 0x302 }, { '"', 0x308 }, { '~', 0x303 },
	{ '=', 0x304 }, { '.', 0x307 }, { 'u', 0x306 }, { 'v', 0x30C }, { 'H', 0x30B },
	{ 'c', 0x327 }, { 'k', 0x328 }, { 'r', 0x30A }, { 'd', 0x323 }, { 'b', 0x331 },
	{ 't', 0x361 },
};
#define N_COMPOSED 15

/* composed[accent][letter]: the precomposed letter (NFC of the letter and
 * the mark; 0 if Unicode has none), letters A-Z then a-z.  Generated with
 * Python's unicodedata, so that no ICU is needed here. */
static const uint16_t composed[N_COMPOSED][52] = {
	/* \` */ {
		0x00C0, 0, 0, 0, 0x00C8, 0, 0, 0, 0x00CC, 0, 0, 0, 0,
		0x01F8, 0x00D2, 0, 0, 0, 0, 0, 0x00D9, 0, 0x1E80, 0, 0x1EF2, 0,
		0x00E0, 0, 0, 0, 0x00E8, 0, 0, 0, 0x00EC, 0, 0, 0, 0,
		0x01F9, 0x00F2, 0, 0, 0, 0, 0, 0x00F9, 0, 0x1E81, 0, 0x1EF3, 0,
	},
	/* \' */ {
		0x00C1, 0, 0x0106, 0, 0x00C9, 0, 0x01F4, 0, 0x00CD, 0, 0x1E30, 0x0139, 0x1E3E,
		0x0143, 0x00D3, 0x1E54, 0, 0x0154, 0x015A, 0, 0x00DA, 0, 0x1E82, 0, 0x00DD, 0x0179,
		0x00E1, 0, 0x0107, 0, 0x00E9, 0, 0x01F5, 0, 0x00ED, 0, 0x1E31, 0x013A, 0x1E3F,
		0x0144, 0x00F3, 0x1E55, 0, 0x0155, 0x015B, 0, 0x00FA, 0, 0x1E83, 0, 0x00FD, 0x017A,
	},
	/* \^ */ {
		0x00C2, 0, 0x0108, 0, 0x00CA, 0, 0x011C, 0x0124, 0x00CE, 0x0134, 0, 0, 0,
		0, 0x00D4, 0, 0, 0, 0x015C, 0, 0x00DB, 0, 0x0174, 0, 0x0176, 0x1E90,
		0x00E2, 0, 0x0109, 0, 0x00EA, 0, 0x011D, 0x0125, 0x00EE, 0x0135, 0, 0, 0,
		0, 0x00F4, 0, 0, 0, 0x015D, 0, 0x00FB, 0, 0x0175, 0, 0x0177, 0x1E91,
	},
	/* \" */ {
		0x00C4, 0, 0, 0, 0x00CB, 0, 0, 0x1E26, 0x00CF, 0, 0, 0, 0,
		0, 0x00D6, 0, 0, 0, 0, 0, 0x00DC, 0, 0x1E84, 0x1E8C, 0x0178, 0,
		0x00E4, 0, 0, 0, 0x00EB, 0, 0, 0x1E27, 0x00EF, 0, 0, 0, 0,
		0, 0x00F6, 0, 0, 0, 0, 0x1E97, 0x00FC, 0, 0x1E85, 0x1E8D, 0x00FF, 0,
	},
	/* \~ */ {
		0x00C3, 0, 0, 0, 0x1EBC, 0, 0, 0, 0x0128, 0, 0, 0, 0,
		0x00D1, 0x00D5, 0, 0, 0, 0, 0, 0x0168, 0x1E7C, 0, 0, 0x1EF8, 0,
		0x00E3, 0, 0, 0, 0x1EBD, 0, 0, 0, 0x0129, 0, 0, 0, 0,
		0x00F1, 0x00F5, 0, 0, 0, 0, 0, 0x0169, 0x1E7D, 0, 0, 0x1EF9, 0,
	},
	/* \= */ {
		0x0100, 0, 0, 0, 0x0112, 0, 0x1E20, 0, 0x012A, 0, 0, 0, 0,
		0, 0x014C, 0, 0, 0, 0, 0, 0x016A, 0, 0, 0, 0x0232, 0,
		0x0101, 0, 0, 0, 0x0113, 0, 0x1E21, 0, 0x012B, 0, 0, 0, 0,
		0, 0x014D, 0, 0, 0, 0, 0, 0x016B, 0, 0, 0, 0x0233, 0,
	},
	/* \. */ {
		0x0226, 0x1E02, 0x010A, 0x1E0A, 0x0116, 0x1E1E, 0x0120, 0x1E22, 0x0130, 0, 0, 0, 0x1E40,
		0x1E44, 0x022E, 0x1E56, 0, 0x1E58, 0x1E60, 0x1E6A, 0, 0, 0x1E86, 0x1E8A, 0x1E8E, 0x017B,
		0x0227, 0x1E03, 0x010B, 0x1E0B, 0x0117, 0x1E1F, 0x0121, 0x1E23, 0, 0, 0, 0, 0x1E41,
		0x1E45, 0x022F, 0x1E57, 0, 0x1E59, 0x1E61, 0x1E6B, 0, 0, 0x1E87, 0x1E8B, 0x1E8F, 0x017C,
	},
	/* \u */ {
		0x0102, 0, 0, 0, 0x0114, 0, 0x011E, 0, 0x012C, 0, 0, 0, 0,
		0, 0x014E, 0, 0, 0, 0, 0, 0x016C, 0, 0, 0, 0, 0,
		0x0103, 0, 0, 0, 0x0115, 0, 0x011F, 0, 0x012D, 0, 0, 0, 0,
		0, 0x014F, 0, 0, 0, 0, 0, 0x016D, 0, 0, 0, 0, 0,
	},
	/* \v */ {
		0x01CD, 0, 0x010C, 0x010E, 0x011A, 0, 0x01E6, 0x021E, 0x01CF, 0, 0x01E8, 0x013D, 0,
		0x0147, 0x01D1, 0, 0, 0x0158, 0x0160, 0x0164, 0x01D3, 0, 0, 0, 0, 0x017D,
		0x01CE, 0, 0x010D, 0x010F, 0x011B, 0, 0x01E7, 0x021F, 0x01D0, 0x01F0, 0x01E9, 0x013E, 0,
		0x0148, 0x01D2, 0, 0, 0x0159, 0x0161, 0x0165, 0x01D4, 0, 0, 0, 0, 0x017E,
	},
	/* \H */ {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0x0150, 0, 0, 0, 0, 0, 0x0170, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0x0151, 0, 0, 0, 0, 0, 0x0171, 0, 0, 0, 0, 0,
	},
	/* \c */ {
		0, 0, 0x00C7, 0x1E10, 0x0228, 0, 0x0122, 0x1E28, 0, 0, 0x0136, 0x013B, 0,
		0x0145, 0, 0, 0, 0x0156, 0x015E, 0x0162, 0, 0, 0, 0, 0, 0,
		0, 0, 0x00E7, 0x1E11, 0x0229, 0, 0x0123, 0x1E29, 0, 0, 0x0137, 0x013C, 0,
		0x0146, 0, 0, 0, 0x0157, 0x015F, 0x0163, 0, 0, 0, 0, 0, 0,
	},
	/* \k */ {
		0x0104, 0, 0, 0, 0x0118, 0, 0, 0, 0x012E, 0, 0, 0, 0,
		0, 0x01EA, 0, 0, 0, 0, 0, 0x0172, 0, 0, 0, 0, 0,
		0x0105, 0, 0, 0, 0x0119, 0, 0, 0, 0x012F, 0, 0, 0, 0,
		0, 0x01EB, 0, 0, 0, 0, 0, 0x0173, 0, 0, 0, 0, 0,
	},
	/* \r */ {
		0x00C5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x016E, 0, 0, 0, 0, 0,
		0x00E5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x016F, 0, 0x1E98, 0, 0x1E99, 0,
	},
	/* \d */ {
		0x1EA0, 0x1E04, 0, 0x1E0C, 0x1EB8, 0, 0, 0x1E24, 0x1ECA, 0, 0x1E32, 0x1E36, 0x1E42,
		0x1E46, 0x1ECC, 0, 0, 0x1E5A, 0x1E62, 0x1E6C, 0x1EE4, 0x1E7E, 0x1E88, 0, 0x1EF4, 0x1E92,
		0x1EA1, 0x1E05, 0, 0x1E0D, 0x1EB9, 0, 0, 0x1E25, 0x1ECB, 0, 0x1E33, 0x1E37, 0x1E43,
		0x1E47, 0x1ECD, 0, 0, 0x1E5B, 0x1E63, 0x1E6D, 0x1EE5, 0x1E7F, 0x1E89, 0, 0x1EF5, 0x1E93,
	},
	/* \b */ {
		0, 0x1E06, 0, 0x1E0E, 0, 0, 0, 0, 0, 0, 0x1E34, 0x1E3A, 0,
		0x1E48, 0, 0, 0, 0x1E5E, 0, 0x1E6E, 0, 0, 0, 0, 0, 0x1E94,
		0, 0x1E07, 0, 0x1E0F, 0, 0, 0, 0x1E96, 0, 0, 0x1E35, 0x1E3B, 0,
		0x1E49, 0, 0, 0, 0x1E5F, 0, 0x1E6F, 0, 0, 0, 0, 0, 0x1E95,
	},
};

/* Control words that stand for a character or a string ("" for nothing,
 * " " for white space). */
static const struct {
	const char *name, *text;
} symbols[] = {
	{ "i", "ı" }, { "j", "ȷ" }, { "l", "ł" }, { "L", "Ł" }, { "o", "ø" }, { "O", "Ø" },
	{ "ae", "æ" }, { "AE", "Æ" }, { "oe", "œ" }, { "OE", "Œ" }, { "aa", "å" },
	{ "AA", "Å" }, { "ss", "ß" }, { "SS", "SS" }, { "dh", "ð" }, { "DH", "Ð" },
	{ "th", "þ" }, { "TH", "Þ" }, { "dj", "đ" }, { "DJ", "Đ" }, { "ng", "ŋ" },
	{ "NG", "Ŋ" },
	{ "textendash", "–" }, { "textemdash", "—" }, { "textquoteright", "’" },
	{ "textquoteleft", "‘" }, { "textquotedblleft", "“" }, { "textquotedblright", "”" },
	{ "textquotesingle", "'" }, { "textquotedbl", "\"" }, { "quotedblbase", "„" },
	{ "quotesinglbase", "‚" }, { "guillemotleft", "«" }, { "guillemotright", "»" },
	{ "guillemetleft", "«" }, { "guillemetright", "»" }, { "guilsinglleft", "‹" },
	{ "guilsinglright", "›" }, { "ldots", "…" }, { "dots", "…" }, { "textellipsis", "…" },
	{ "S", "§" }, { "textsection", "§" }, { "P", "¶" }, { "textparagraph", "¶" },
	{ "copyright", "©" }, { "textcopyright", "©" }, { "textregistered", "®" },
	{ "texttrademark", "™" }, { "textdegree", "°" }, { "pounds", "£" },
	{ "textsterling", "£" }, { "euro", "€" }, { "texteuro", "€" }, { "textdollar", "$" },
	{ "textasciitilde", "~" }, { "textasciicircum", "^" }, { "textbackslash", "\\" },
	{ "textunderscore", "_" }, { "textbar", "|" }, { "textless", "<" },
	{ "textgreater", ">" }, { "textbullet", "•" }, { "textperiodcentered", "·" },
	{ "textexclamdown", "¡" }, { "textquestiondown", "¿" }, { "textnumero", "№" },
	{ "textminus", "−" }, { "textdagger", "†" }, { "textdaggerdbl", "‡" },
	{ "TeX", "TeX" }, { "LaTeX", "LaTeX" }, { "BibTeX", "BibTeX" },
	{ "space", " " }, { "quad", " " }, { "qquad", " " }, { "enspace", " " },
	{ "thinspace", " " }, { "nobreakspace", " " }, { "par", " " }, { "newline", " " },
	{ "linebreak", " " }, { "hfill", " " },
};

typedef struct dec {
	rbp_buf *out;
	bool space;	/* white space since the last character put out */
} dec;

/* Put out s[0..n), after the one space that stands for any white space
 * before it (none at the start: the result comes out trimmed). */
static void put(dec *d, const char *s, size_t n)
{
	if (d->space && d->out->len)
		rbp_buf_addc(d->out, ' ');
	d->space = false;
	rbp_buf_add(d->out, s, n);
}

static void put_cp(dec *d, uint32_t cp)
{
	if (d->space && d->out->len)
		rbp_buf_addc(d->out, ' ');
	d->space = false;
	add_cp(d->out, cp);
}

/* The base letter of an accent at s[i]: an ASCII letter, \i or \j (as
 * 'i', 'j', *dotless set), or one UTF-8 character.  Its length, 0 if none;
 * *len the bytes of the character itself. */
static size_t base_at(const unsigned char *s, size_t n, size_t i, uint32_t *cp, bool *dotless)
{
	size_t k;

	*dotless = false;
	if (i >= n)
		return 0;
	if (is_alpha(s[i])) {
		*cp = s[i];
		return 1;
	}
	if (s[i] == '\\' && i + 1 < n && (s[i + 1] == 'i' || s[i + 1] == 'j') &&
	    (i + 2 >= n || !is_alpha(s[i + 2]))) {
		*cp = s[i + 1];
		*dotless = true;
		return 2;
	}
	if (s[i] >= 0x80 && (k = u8_seq(s + i, n - i, cp)))
		return k;
	return 0;
}

/* Accent a (an index of accents[]) on base letter cp: the precomposed
 * letter if there is one, else the base followed by the combining mark. */
static void put_accented(dec *d, int a, uint32_t cp, bool dotless)
{
	if (a < N_COMPOSED && cp < 0x80 && is_alpha((unsigned char)cp)) {
		int li = cp >= 'a' ? (int)(cp - 'a') + 26 : (int)(cp - 'A');

		if (composed[a][li]) {
			put_cp(d, composed[a][li]);
			return;
		}
	}
	put_cp(d, dotless ? (cp == 'i' ? 0x131 : 0x237) : cp);
	add_cp(d->out, accents[a].mark);
}

/* An accent command ending before s[j]: its argument is a letter, "{x}" or
 * "\i"; anything else (such as "{ab}") drops the accent and is decoded as
 * it stands.  Returns where decoding goes on. */
static size_t accent(dec *d, const unsigned char *s, size_t n, size_t j, int a)
{
	uint32_t cp;
	bool dotless;
	size_t k, e;

	while (j < n && is_space(s[j]))
		j++;
	if (j < n && s[j] == '{') {
		for (k = j + 1; k < n && is_space(s[k]); k++)
			;
		if (k < n && s[k] == '}')
			return k + 1; /* an accent on nothing */
		if (!(e = base_at(s, n, k, &cp, &dotless)))
			return j;
		for (e += k; e < n && is_space(s[e]); e++)
			;
		if (e >= n || s[e] != '}')
			return j;
		put_accented(d, a, cp, dotless);
		return e + 1;
	}
	if (!(k = base_at(s, n, j, &cp, &dotless)))
		return j;
	put_accented(d, a, cp, dotless);
	return j + k;
}

/* The end of the brace group opening at s[i] (past its '}'), or n. */
static size_t group_skip(const unsigned char *s, size_t n, size_t i)
{
	size_t depth = 0;

	for (; i < n; i++) {
		if (s[i] == '{') {
			depth++;
		} else if (s[i] == '}' && depth && !--depth) {
			return i + 1;
		}
	}
	return n;
}

/* \url{...}: its argument as written (white space squeezed), since a URL's
 * '~' and "--" are not LaTeX. */
static size_t verbatim_group(dec *d, const unsigned char *s, size_t n, size_t i)
{
	size_t depth = 0, k;
	uint32_t cp;

	for (size_t j = i; j < n; j += k) {
		k = 1;
		if (s[j] == '{')
			depth++; /* the first is the group's own */
		else if (s[j] == '}' && !--depth)
			return j + 1;
		else if (s[j] == '}')
			;
		else if (s[j] <= ' ' || s[j] == 0x7f)
			d->space = true;
		else if (s[j] < 0x80)
			put(d, (const char *)s + j, 1);
		else if ((k = u8_seq(s + j, n - j, &cp)))
			put(d, (const char *)s + j, k);
		else
			put_cp(d, 0xFFFD), k = 1;
	}
	return n;
}

static int accent_index(char c)
{
	for (size_t a = 0; a < sizeof accents / sizeof *accents; a++)
		if (accents[a].c == c)
			return (int)a;
	return -1;
}

/* The control sequence at s[i] ('\\'); returns where decoding goes on. */
static size_t control(dec *d, const unsigned char *s, size_t n, size_t i)
{
	size_t j = i + 1, w, len;
	const char *name;
	int a;

	if (j >= n)
		return n;
	if (!is_alpha(s[j])) {
		unsigned char c = s[j];

		if (strchr("`'^\"~=.", c) && (a = accent_index((char)c)) >= 0)
			return accent(d, s, n, j + 1, a);
		if (c && strchr("&%$_#{}", c))
			put(d, (const char *)s + j, 1);
		else if (c == '\\' || c == ',' || c == ';' || c == ':' || c < ' ' || c == ' ')
			d->space = true;
		else if (c >= 0x80)
			return j; /* the backslash alone goes; the character stays */
		return j + 1;
	}
	for (w = j; w < n && is_alpha(s[w]); w++)
		;
	name = (const char *)s + j;
	len = w - j;
	/* TeX's own rule: white space after a control word is not text */
	while (w < n && is_space(s[w]))
		w++;
	if (len == 1 && strchr("uvHckrdbt", *name) && (a = accent_index(*name)) >= 0)
		return accent(d, s, n, w, a);
	for (size_t k = 0; k < sizeof symbols / sizeof *symbols; k++) {
		if (strlen(symbols[k].name) != len || memcmp(symbols[k].name, name, len))
			continue;
		if (!strcmp(symbols[k].text, " "))
			d->space = true;
		else
			put(d, symbols[k].text, strlen(symbols[k].text));
		return w;
	}
	/* \href{URL}{text} and \noopsort{key}: the first argument is not text */
	if (((len == 4 && !memcmp(name, "href", 4)) || (len == 8 && !memcmp(name, "noopsort", 8))) &&
	    w < n && s[w] == '{')
		return group_skip(s, n, w);
	if (((len == 3 && !memcmp(name, "url", 3)) || (len == 4 && !memcmp(name, "path", 4))) &&
	    w < n && s[w] == '{')
		return verbatim_group(d, s, n, w);
	/* an unknown command goes; its arguments, if any, are decoded as text
	 * (\emph{x} -> x) */
	return w;
}

/* LaTeX in str[0..n) to UTF-8 appended to out (which should be empty for
 * the result to come out trimmed). */
static void decode(rbp_buf *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	dec d = { out, false };
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		unsigned char c = s[i];

		if (c == '{' || c == '}' || c == '$') {
			i++; /* grouping and math shifts are not text */
		} else if (c <= ' ' || c == '~' || c == 0x7f) {
			d.space = true;
			i++;
		} else if (c == '\\') {
			i = control(&d, s, n, i);
		} else if (c == '-') {
			for (k = i; k < n && s[k] == '-'; k++)
				;
			/* TeX's ligatures: "---" an em dash, "--" an en dash */
			for (size_t r = k - i; r;) {
				if (r >= 3)
					put(&d, "—", strlen("—")), r -= 3;
				else if (r == 2)
					put(&d, "–", strlen("–")), r -= 2;
				else
					put(&d, "-", 1), r--;
			}
			i = k;
		} else if (c == '`' || c == '\'') {
			bool twice = i + 1 < n && s[i + 1] == c;

			if (c == '`')
				put(&d, twice ? "“" : "‘", strlen("“"));
			else if (twice)
				put(&d, "”", strlen("”"));
			else
				put(&d, "'", 1);
			i += twice ? 2 : 1;
		} else if ((c == '!' || c == '?') && i + 1 < n && s[i + 1] == '`') {
			put(&d, c == '!' ? "¡" : "¿", strlen("¡"));
			i += 2;
		} else if (c < 0x80) {
			put(&d, (const char *)s + i, 1);
			i++;
		} else if ((k = u8_seq(s + i, n - i, &cp))) {
			put(&d, (const char *)s + i, k);
			i += k;
		} else {
			put_cp(&d, 0xFFFD);
			i++;
		}
	}
}

char *rbp_latex_decode(const char *s, size_t n)
{
	rbp_buf b = { 0 };

	decode(&b, s, n);
	return rbp_buf_detach(&b);
}

/* ---------------------------------------------------------------------------
 * Entries.
 */

typedef struct macro {
	char *name;	/* lower case; NULL: a free slot */
	size_t nlen;
	char *val;	/* joined, not decoded: decoding is done on the value using it */
	size_t vlen;
	uint32_t hash;
} macro;

typedef struct parser {
	const char *s;
	size_t n;
	macro *mac;	/* open addressing: a power of two slots, at most half full */
	size_t nmac, capmac;
	size_t budget;	/* bytes macro expansion may still add, over the whole parse */
	rbp_buf val;	/* the value being joined */
	rbp_buf name;	/* scratch: a macro name in lower case */
	rbp_bibfield *fields;
	size_t nfields, capfields;
	char msg[160];	/* what is wrong with the entry ("": say nothing) */
} parser;

/* What the parsers of an entry return. */
enum { P_OK, P_BAD, P_NONE, P_NOMEM };

/* How a scan for a closing delimiter ended. */
enum { SCAN_OK, SCAN_UNBALANCED, SCAN_NEXT, SCAN_END };

/* BibTeX's standard month macros, as its standard styles spell them. */
static const char *const months[12][2] = {
	{ "jan", "January" }, { "feb", "February" }, { "mar", "March" }, { "apr", "April" },
	{ "may", "May" }, { "jun", "June" }, { "jul", "July" }, { "aug", "August" },
	{ "sep", "September" }, { "oct", "October" }, { "nov", "November" },
	{ "dec", "December" },
};

/* Biblatex's verbatim fields: their values are not LaTeX, and a path or
 * URL must come out as written. */
static const char *const verbatim[] = {
	"url", "urlraw", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", NULL,
};

static __attribute__((format(printf, 2, 3))) int bad(parser *P, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(P->msg, sizeof P->msg, fmt, ap);
	va_end(ap);
	return P_BAD;
}

/* White space between the tokens of an entry, and '%' comments to the end
 * of their line (which hand-written files have between fields, and biber
 * takes; inside a value '%' is text). */
static size_t skip_ws(const parser *P, size_t i)
{
	for (;;) {
		while (i < P->n && is_space((unsigned char)P->s[i]))
			i++;
		if (i >= P->n || P->s[i] != '%')
			return i;
		while (i < P->n && P->s[i] != '\n')
			i++;
	}
}

static bool ieq(const char *s, size_t n, const char *word)
{
	size_t k = 0;

	for (; k < n && word[k]; k++)
		if (lower(s[k]) != word[k])
			return false;
	return k == n && !word[k];
}

static char *lower_dup(const char *s, size_t n)
{
	char *p = rbp_strndup(s, n);

	for (size_t k = 0; p && k < n; k++)
		p[k] = lower(p[k]);
	return p;
}

/* At most 40 bytes of a name, for messages. */
static int msg_len(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

static macro *macro_find(const parser *P, const char *name, size_t len, uint32_t h)
{
	size_t mask = P->capmac - 1;

	if (!P->capmac)
		return NULL;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		macro *m = &P->mac[i];

		if (!m->name || (m->hash == h && m->nlen == len && !memcmp(m->name, name, len)))
			return m;
	}
}

static bool macro_rehash(parser *P)
{
	size_t cap = P->capmac ? P->capmac * 2 : 64, oldcap = P->capmac;
	macro *old = P->mac, *mac = calloc(cap, sizeof *mac);

	if (!mac)
		return false;
	P->mac = mac;
	P->capmac = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].name)
			*macro_find(P, old[i].name, old[i].nlen, old[i].hash) = old[i];
	free(old);
	return true;
}

/* @string{name = value}: a later definition replaces an earlier one. */
static bool macro_set(parser *P, const char *name, size_t len, const char *val, size_t vlen)
{
	uint32_t h = rbp_fnv1a(name, len);
	macro *m;
	char *v;

	if ((P->nmac + 1) * 2 > P->capmac && !macro_rehash(P))
		return false;
	m = macro_find(P, name, len, h);
	if (!(v = rbp_strndup(val, vlen)))
		return false;
	if (m->name) {
		free(m->val);
	} else {
		if (!(m->name = rbp_strndup(name, len))) {
			free(v);
			return false;
		}
		m->nlen = len;
		m->hash = h;
		P->nmac++;
	}
	m->val = v;
	m->vlen = vlen;
	return true;
}

/* Append s[0..n) to the value being joined, which stops growing at
 * BIB_MAX_VALUE bytes; the bytes appended. */
static size_t join_add(parser *P, const char *s, size_t n)
{
	if (P->val.len >= BIB_MAX_VALUE)
		return 0;
	if (n > BIB_MAX_VALUE - P->val.len)
		n = BIB_MAX_VALUE - P->val.len;
	rbp_buf_add(&P->val, s, n);
	return n;
}

/* Append macro name[0..len)'s value: the file's own, else a month's; an
 * unknown one is empty (the entry is kept, as BibTeX keeps it). */
static bool expand(parser *P, const char *name, size_t len)
{
	const char *v = NULL;
	size_t vlen = 0;
	macro *m;

	rbp_buf_reset(&P->name);
	for (size_t k = 0; k < len; k++)
		rbp_buf_addc(&P->name, lower(name[k]));
	if (P->name.oom)
		return false;
	m = macro_find(P, P->name.buf, len, rbp_fnv1a(P->name.buf, len));
	if (m && m->name) {
		v = m->val;
		vlen = m->vlen;
	} else if (len == 3) {
		for (size_t k = 0; k < 12; k++)
			if (!memcmp(P->name.buf, months[k][0], 3))
				v = months[k][1], vlen = strlen(v);
	}
	if (vlen > P->budget)
		vlen = P->budget;
	if (v)
		P->budget -= join_add(P, v, vlen);
	return true;
}

/* Does the line starting at s[i] start an entry: blanks, '@', a word,
 * white space, then '{' or '('? */
static bool starts_entry(const char *s, size_t n, size_t i)
{
	size_t w;

	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != '@')
		return false;
	for (i++; i < n && is_blank((unsigned char)s[i]); i++)
		;
	for (w = i; i < n && is_alpha((unsigned char)s[i]); i++)
		;
	if (i == w)
		return false;
	while (i < n && is_space((unsigned char)s[i]))
		i++;
	return i < n && (s[i] == '{' || s[i] == '(');
}

/* The start of the first line after s[i]'s that starts an entry, or n. */
static size_t next_entry_line(const char *s, size_t n, size_t i)
{
	const char *nl;

	while (i < n && (nl = memchr(s + i, '\n', n - i))) {
		i = (size_t)(nl - s) + 1;
		if (starts_entry(s, n, i))
			return i;
	}
	return n;
}

static bool at_line_start(const char *s, size_t i)
{
	while (i > 0 && is_blank((unsigned char)s[i - 1]))
		i--;
	return i == 0 || s[i - 1] == '\n';
}

/* Find `close` at brace depth 0 from s[i], just inside an opening
 * delimiter, into *end.  Braces count even when escaped ("\{"), as they
 * do for BibTeX.  The scan stops at a line that starts an entry: an
 * unclosed value takes no entry after it with it. */
static int scan_to(const char *s, size_t n, size_t i, char close, size_t *end)
{
	size_t depth = 0;

	for (; i < n; i++) {
		char c = s[i];

		if (c == close && !depth) {
			*end = i;
			return SCAN_OK;
		}
		if (c == '{') {
			depth++;
		} else if (c == '}') {
			if (!depth)
				return SCAN_UNBALANCED;
			depth--;
		} else if (c == '\n' && starts_entry(s, n, i + 1)) {
			return SCAN_NEXT;
		}
	}
	return SCAN_END;
}

static int bad_scan(parser *P, int r, const char *what, size_t wlen, char close)
{
	if (r == SCAN_UNBALANCED)
		return bad(P, "the value of '%.*s' has a '}' that closes nothing",
			   msg_len(wlen), what);
	return bad(P, "the value of '%.*s' has no closing '%c'%s", msg_len(wlen), what, close,
		   r == SCAN_NEXT ? " before the next entry" : "");
}

/* One piece of a value at s[*pos]: {text}, "text", a number or a macro. */
static int parse_piece(parser *P, size_t *pos, const char *what, size_t wlen)
{
	const char *s = P->s;
	size_t i = *pos, e;
	char c = s[i];
	int r;

	if (c == '{' || c == '"') {
		char close = c == '{' ? '}' : '"';

		if ((r = scan_to(s, P->n, i + 1, close, &e)) != SCAN_OK)
			return bad_scan(P, r, what, wlen, close);
		join_add(P, s + i + 1, e - i - 1);
		*pos = e + 1;
		return P_OK;
	}
	if (is_digit((unsigned char)c)) {
		for (e = i; e < P->n && is_digit((unsigned char)s[e]); e++)
			;
		join_add(P, s + i, e - i);
		*pos = e;
		return P_OK;
	}
	if (is_ident((unsigned char)c)) {
		for (e = i; e < P->n && is_ident((unsigned char)s[e]); e++)
			;
		if (!expand(P, s + i, e - i))
			return P_NOMEM;
		*pos = e;
		return P_OK;
	}
	return bad(P, "expected a value for '%.*s'", msg_len(wlen), what);
}

/* A value at s[*pos] (after white space): pieces joined by '#', into
 * P->val; [*rs, *re) the value as written. */
static int parse_value(parser *P, size_t *pos, const char *what, size_t wlen, size_t *rs,
		       size_t *re)
{
	size_t i = skip_ws(P, *pos);
	int r;

	rbp_buf_reset(&P->val);
	*rs = *re = i;
	for (;;) {
		if (i >= P->n)
			return bad(P, "the value of '%.*s' is missing at the end of the text",
				   msg_len(wlen), what);
		if ((r = parse_piece(P, &i, what, wlen)) != P_OK)
			return r;
		*re = i;
		i = skip_ws(P, i);
		if (i < P->n && P->s[i] == '#') {
			i = skip_ws(P, i + 1);
			continue;
		}
		break;
	}
	*pos = i;
	return P->val.oom ? P_NOMEM : P_OK;
}

/* A verbatim field's value: trimmed, not decoded; outside file fields
 * (whose "\:" and "\;" the caller reads) the escapes "\_" "\%" "\&" "\#"
 * "\$" "\~" that Zotero and others put into URLs and DOIs are undone. */
static char *verbatim_value(const char *s, size_t n, bool file)
{
	rbp_buf b = { 0 };
	char *v;

	while (n && is_space((unsigned char)*s))
		s++, n--;
	while (n && is_space((unsigned char)s[n - 1]))
		n--;
	if (file || !memchr(s, '\\', n))
		return dup_valid(s, n);
	for (size_t k = 0; k < n; k++) {
		if (s[k] == '\\' && k + 1 < n && s[k + 1] && strchr("_%&#$~", s[k + 1]))
			k++;
		rbp_buf_addc(&b, s[k]);
	}
	if (b.oom) {
		rbp_buf_free(&b);
		return NULL;
	}
	v = dup_valid(b.buf ? b.buf : "", b.len);
	rbp_buf_free(&b);
	return v;
}

static bool add_field(parser *P, const char *name, size_t nlen, size_t rs, size_t re)
{
	rbp_bibfield *f;
	bool verb = false, file = false;
	rbp_buf b = { 0 };

	if (!rbp_grow(&P->fields, &P->capfields, P->nfields, sizeof *P->fields))
		return false;
	f = &P->fields[P->nfields];
	if (!(f->name = lower_dup(name, nlen)))
		return false;
	for (size_t k = 0; verbatim[k] && !verb; k++)
		verb = !strcmp(f->name, verbatim[k]);
	file = !strcmp(f->name, "file") || !strcmp(f->name, "pdf");
	if (verb) {
		f->value = verbatim_value(P->val.buf ? P->val.buf : "", P->val.len, file);
	} else {
		decode(&b, P->val.buf ? P->val.buf : "", P->val.len);
		f->value = rbp_buf_detach(&b);
	}
	f->raw = dup_valid(P->s + rs, re - rs);
	P->nfields++; /* counted even when incomplete, so that it is freed */
	return f->value && f->raw;
}

static void clear_fields(parser *P)
{
	for (size_t k = 0; k < P->nfields; k++) {
		free(P->fields[k].name);
		free(P->fields[k].value);
		free(P->fields[k].raw);
	}
	P->nfields = 0;
}

/* The key and the fields of an entry, from just inside its opening
 * delimiter; *endp past its closing one. */
static int parse_fields(parser *P, size_t i, char close, size_t *endp, rbp_bibentry *e)
{
	const char *s = P->s;
	size_t n = P->n, k, rs, re;
	int r;

	i = skip_ws(P, i);
	for (k = i; i < n && !is_space((unsigned char)s[i]) && s[i] != close && s[i] &&
		    !strchr(",{}=\"#", s[i]);
	     i++)
		;
	if (i == k && i < n && s[i] != ',' && s[i] != close)
		return bad(P, "expected a key");
	if (!(e->key = dup_valid(s + k, i - k)))
		return P_NOMEM;
	i = skip_ws(P, i);
	if (i < n && s[i] == ',')
		i++;
	else if (i < n && s[i] != close)
		return bad(P, "expected ',' after the key");
	for (;;) {
		size_t f, flen;

		i = skip_ws(P, i);
		if (i >= n)
			return bad(P, "the entry has no closing '%c'", close);
		if (s[i] == close) {
			*endp = i + 1;
			return P_OK;
		}
		if (s[i] == ',') {
			i++;
			continue;
		}
		for (f = i; i < n && is_ident((unsigned char)s[i]); i++)
			;
		if (!(flen = i - f))
			return bad(P, "expected a field name or '%c'", close);
		i = skip_ws(P, i);
		if (i >= n || s[i] != '=')
			return bad(P, "expected '=' after the field name '%.*s'", msg_len(flen),
				   s + f);
		i++;
		if ((r = parse_value(P, &i, s + f, flen, &rs, &re)) != P_OK)
			return r;
		if (i < n && s[i] != ',' && s[i] != close)
			return bad(P, "expected ',' or '%c' after the value of '%.*s'", close,
				   msg_len(flen), s + f);
		if (!add_field(P, s + f, flen, rs, re))
			return P_NOMEM;
	}
}

/* @string{name = value}. */
static int parse_string(parser *P, size_t i, char close, size_t *endp)
{
	const char *s = P->s;
	size_t n = P->n, k, klen, rs, re;
	int r;
	char *name;

	i = skip_ws(P, i);
	for (k = i; i < n && is_ident((unsigned char)s[i]); i++)
		;
	if (!(klen = i - k))
		return bad(P, "expected a macro name after '@string'");
	i = skip_ws(P, i);
	if (i >= n || s[i] != '=')
		return bad(P, "expected '=' after the macro name '%.*s'", msg_len(klen), s + k);
	i++;
	if ((r = parse_value(P, &i, s + k, klen, &rs, &re)) != P_OK)
		return r;
	if (i < n && s[i] == ',')
		i = skip_ws(P, i + 1);
	if (i >= n || s[i] != close)
		return bad(P, "expected '%c' after the value of the macro '%.*s'", close,
			   msg_len(klen), s + k);
	if (!(name = lower_dup(s + k, klen)))
		return P_NOMEM;
	if (!macro_set(P, name, klen, P->val.buf ? P->val.buf : "", P->val.len)) {
		free(name);
		return P_NOMEM;
	}
	free(name);
	*endp = i + 1;
	return P_OK;
}

/* What starts at the '@' at s[at]: an entry (e->type set), a @string,
 * @preamble or @comment (handled here), or, P_NONE, no entry at all (an
 * '@' in text outside entries). */
static int parse_at(parser *P, size_t at, size_t *endp, rbp_bibentry *e)
{
	const char *s = P->s;
	size_t n = P->n, i = at + 1, t, tlen, end, rs, re;
	char close;
	int r;

	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	if (i >= n || !is_alpha((unsigned char)s[i]))
		return P_NONE;
	for (t = i; i < n && is_ident((unsigned char)s[i]); i++)
		;
	tlen = i - t;
	i = skip_ws(P, i);
	if (i >= n || (s[i] != '{' && s[i] != '(')) {
		/* "@word" in the middle of a line is text, at its start an entry
		 * gone wrong */
		if (!at_line_start(s, at))
			return P_NONE;
		return bad(P, "expected '{' or '(' after '@%.*s'", msg_len(tlen), s + t);
	}
	close = s[i] == '{' ? '}' : ')';
	i++;
	if (ieq(s + t, tlen, "comment")) {
		/* a comment is skipped whole (JabRef keeps its settings in one);
		 * an unclosed one is skipped silently to the next entry */
		if (scan_to(s, n, i, close, &end) != SCAN_OK) {
			P->msg[0] = '\0';
			return P_BAD;
		}
		*endp = end + 1;
		return P_OK;
	}
	if (ieq(s + t, tlen, "preamble")) {
		if ((r = parse_value(P, &i, "@preamble", 9, &rs, &re)) != P_OK)
			return r;
		if (i >= n || s[i] != close)
			return bad(P, "expected '%c' after the preamble", close);
		*endp = i + 1;
		return P_OK;
	}
	if (ieq(s + t, tlen, "string"))
		return parse_string(P, i, close, endp);
	if (!(e->type = lower_dup(s + t, tlen)))
		return P_NOMEM;
	return parse_fields(P, i, close, endp, e);
}

rb_status rbp_bibtex_parse(const char *text, size_t len, rbp_bib_entry_fn fn,
			   rbp_bib_warn_fn warn, void *ctx)
{
	parser P = { .s = text, .n = text ? len : 0 };
	size_t pos = 0, lpos = 0;
	uint32_t line = 1;
	rb_status st = RB_OK;
	bool stop = false;

	P.budget = BIB_BUDGET + (P.n > (SIZE_MAX - BIB_BUDGET) / 8 ? SIZE_MAX - BIB_BUDGET
								 : 8 * P.n);
	while (pos < P.n && !stop) {
		const char *at = memchr(text + pos, '@', P.n - pos), *nl;
		rbp_bibentry e = { 0 };
		size_t a, end = 0;
		int r;

		if (!at)
			break;
		a = (size_t)(at - text);
		/* '@'s are met in order: the lines are counted once */
		while ((nl = memchr(text + lpos, '\n', a - lpos))) {
			lpos = (size_t)(nl - text) + 1;
			if (line < UINT32_MAX)
				line++;
		}
		lpos = a;
		P.msg[0] = '\0';
		r = parse_at(&P, a, &end, &e);
		if (r == P_OK && e.type && !*e.key) {
			snprintf(P.msg, sizeof P.msg, "the entry has no key");
			r = P_BAD;
			pos = end;
		} else if (r == P_BAD) {
			pos = next_entry_line(text, P.n, a);
		} else {
			pos = r == P_OK ? end : a + 1;
		}
		if (r == P_NOMEM) {
			st = RB_ENOMEM;
			stop = true;
		} else if (r == P_BAD && warn && P.msg[0]) {
			warn(ctx, line, P.msg);
		} else if (r == P_OK && e.type && fn) {
			e.line = line;
			e.start = a;
			e.end = end;
			e.fields = P.fields;
			e.nfields = P.nfields;
			stop = fn(ctx, &e) != 0;
		}
		free(e.type);
		free(e.key);
		clear_fields(&P);
	}
	for (size_t k = 0; k < P.capmac; k++) {
		free(P.mac[k].name);
		free(P.mac[k].val);
	}
	free(P.mac);
	free(P.fields);
	rbp_buf_free(&P.val);
	rbp_buf_free(&P.name);
	return st;
}

const char *rbp_bibtex_field(const rbp_bibentry *e, const char *name)
{
	for (size_t k = 0; e && name && k < e->nfields; k++)
		if (!strcmp(e->fields[k].name, name))
			return e->fields[k].value;
	return NULL;
}

/* ---------------------------------------------------------------------------
 * Names.
 */

typedef struct ntok {
	size_t start, end;	/* a word, or a ',' at brace depth 0 */
	bool comma;
} ntok;

/* Is cp a lower-case letter?  Latin, Greek and Cyrillic, the scripts of the
 * names in these libraries (Latin Extended-A is in pairs, mostly upper
 * case first, with two runs the other way round). */
static bool cp_lower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z';
	if (cp >= 0xDF && cp <= 0xFF)
		return cp != 0xF7;
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
		return cp & 1;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return !(cp & 1);
	if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
		return true;
	if (cp >= 0x3AC && cp <= 0x3CE)
		return true;
	if (cp >= 0x430 && cp <= 0x45F)
		return true;
	if (cp >= 0x4C1 && cp <= 0x4CE)
		return !(cp & 1);
	if (cp >= 0x460 && cp <= 0x4FF)
		return cp & 1;
	return false;
}

/* A character that is not a letter: the scan for a word's first letter
 * goes on past it (quotes, dashes). */
static bool cp_skip(uint32_t cp)
{
	return cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F);
}

/* The case of a special character, "{\"o}", from after its backslash to
 * the end of its group: \oe, \ss and the like by their own name, an
 * accented letter by the letter. */
static bool special_lower(const unsigned char *s, size_t i, size_t e)
{
	static const char *const own[] = {
		"i", "j", "l", "L", "o", "O", "oe", "OE", "ae", "AE", "aa", "AA", "ss", "SS", NULL,
	};
	size_t w = i, k;
	uint32_t cp;

	while (w < e && is_alpha(s[w]))
		w++;
	if (w > i) {
		for (size_t o = 0; own[o]; o++)
			if (strlen(own[o]) == w - i && !memcmp(own[o], s + i, w - i))
				return s[i] >= 'a';
		i = w;
	} else {
		i++;
	}
	for (; i < e; i += k) {
		k = 1;
		if (is_alpha(s[i]))
			return s[i] >= 'a';
		if (s[i] >= 0x80 && (k = u8_seq(s + i, e - i, &cp)) && !cp_skip(cp))
			return cp_lower(cp);
		if (!k)
			k = 1;
	}
	return false;
}

/* Does the name word s[i..e) start with a lower-case letter (a "von"
 * word)?  As BibTeX has it: the first letter at brace depth 0 decides, a
 * group that opens with a control sequence ("{\"o}") being a letter of its
 * own; other groups do not count. */
static bool word_lower(const unsigned char *s, size_t i, size_t e)
{
	uint32_t cp;
	size_t k;

	while (i < e) {
		if (s[i] == '{') {
			size_t g = group_skip(s, e, i);

			if (i + 1 < e && s[i + 1] == '\\')
				return special_lower(s, i + 2, g);
			i = g;
		} else if (is_alpha(s[i])) {
			return s[i] >= 'a';
		} else if (s[i] >= 0x80 && (k = u8_seq(s + i, e - i, &cp))) {
			if (!cp_skip(cp))
				return cp_lower(cp);
			i += k;
		} else {
			i++;
		}
	}
	return false;
}

/* The decoded text of words t[x..y] of list (NULL if x > y: none). */
static char *span(const char *list, const ntok *t, size_t x, size_t y, bool *oom)
{
	rbp_buf b = { 0 };
	char *p;

	if (x > y || x == (size_t)-1)
		return NULL;
	decode(&b, list + t[x].start, t[y].end - t[x].start);
	if (!(p = rbp_buf_detach(&b)))
		*oom = true;
	else if (!*p) {
		free(p);
		p = NULL;
	}
	return p;
}

/* One name, tokens t[0..nt): "Last, First", "Last, Jr, First" or "Last". */
static bool add_name(const char *list, const ntok *t, size_t nt, char ***names, size_t *nn,
		     size_t *cap)
{
	const size_t none = (size_t)-1;
	size_t c1 = none, c2 = none, f1 = none, f2 = none, l1 = none, l2 = none, j1 = none,
	       j2 = none;
	char *last, *first, *jr;
	bool oom = false;
	rbp_buf b = { 0 };

	if (nt == 1 && !t[0].comma && t[0].end - t[0].start == 6 &&
	    ieq(list + t[0].start, 6, "others"))
		return true;
	for (size_t k = 0; k < nt; k++) {
		if (t[k].comma && c1 == none)
			c1 = k;
		else if (t[k].comma && c2 == none)
			c2 = k;
	}
	if (c1 == none) {
		/* First von Last: "von" from the first lower-case word that is
		 * not the last word; without one the last word is the Last */
		size_t v = none;

		for (size_t k = 0; k + 1 < nt && v == none; k++)
			if (word_lower((const unsigned char *)list, t[k].start, t[k].end))
				v = k;
		if (v == none)
			v = nt - 1;
		l1 = v, l2 = nt - 1;
		if (v > 0)
			f1 = 0, f2 = v - 1;
	} else {
		/* von Last, First / von Last, Jr, First */
		if (c1 > 0)
			l1 = 0, l2 = c1 - 1;
		if (c2 != none) {
			if (c2 > c1 + 1)
				j1 = c1 + 1, j2 = c2 - 1;
			if (c2 + 1 < nt)
				f1 = c2 + 1, f2 = nt - 1;
		} else if (c1 + 1 < nt) {
			f1 = c1 + 1, f2 = nt - 1;
		}
	}
	last = span(list, t, l1, l2, &oom);
	first = span(list, t, f1, f2, &oom);
	jr = span(list, t, j1, j2, &oom);
	if (!last) {
		/* ", First" or "{}": what there is is the name */
		last = first ? first : jr;
		if (first)
			first = NULL;
		else
			jr = NULL;
	}
	if (last && !oom) {
		rbp_buf_adds(&b, last);
		if (jr)
			rbp_buf_addf(&b, ", %s,", jr);
		if (first)
			rbp_buf_addf(&b, "%s%s", jr ? " " : ", ", first);
		if (!rbp_grow(names, cap, *nn, sizeof **names) || !((*names)[*nn] = rbp_buf_detach(&b)))
			oom = true;
		else
			(*nn)++;
	}
	rbp_buf_free(&b);
	free(last);
	free(first);
	free(jr);
	return !oom;
}

static bool add_tok(ntok **t, size_t *n, size_t *cap, size_t start, size_t end, bool comma)
{
	if (!rbp_grow(t, cap, *n, sizeof **t))
		return false;
	(*t)[*n].start = start;
	(*t)[*n].end = end;
	(*t)[*n].comma = comma;
	(*n)++;
	return true;
}

size_t rbp_bibtex_names(const char *value, char ***out)
{
	parser P = { 0 };
	const char *list = value;
	size_t n, i, rs, re, depth = 0, ws = (size_t)-1, nt = 0, capt = 0, nn = 0, capn = 0;
	ntok *t = NULL;
	char **names = NULL;
	bool ok = true;

	*out = NULL;
	if (!value)
		return 0;
	n = strlen(value);
	/* A field's raw value, "{...}" or "\"...\"" (pieces joined by '#' too),
	 * is taken apart as a value; macros are unknown here (but the
	 * months).  Anything else is taken for the list itself. */
	P.s = value;
	P.n = n;
	P.budget = BIB_MAX_VALUE;
	i = skip_ws(&P, 0);
	if (i < n && (value[i] == '{' || value[i] == '"')) {
		int r = parse_value(&P, &i, "author", 6, &rs, &re);

		if (r == P_NOMEM) {
			rbp_buf_free(&P.val);
			rbp_buf_free(&P.name);
			return (size_t)-1;
		}
		if (r == P_OK && i == n) {
			list = P.val.buf ? P.val.buf : "";
			n = P.val.len;
		}
	}
	/* Words at brace depth 0, split at white space and '~' (not "\~"),
	 * and the commas between them. */
	for (i = 0; i <= n && ok; i++) {
		char c = i < n ? list[i] : ' ';
		bool esc = i > 0 && list[i - 1] == '\\';

		if (depth || !(is_space((unsigned char)c) || c == '~' || c == ',' || !c) || esc) {
			if (ws == (size_t)-1)
				ws = i;
			if (c == '{')
				depth++;
			else if (c == '}' && depth)
				depth--;
			continue;
		}
		if (ws != (size_t)-1)
			ok = add_tok(&t, &nt, &capt, ws, i, false);
		ws = (size_t)-1;
		if (c == ',' && ok)
			ok = add_tok(&t, &nt, &capt, i, i + 1, true);
	}
	if (ws != (size_t)-1 && ok)
		ok = add_tok(&t, &nt, &capt, ws, n, false);
	/* Names between the words "and" */
	for (size_t a = 0, b; a < nt && ok; a = b + 1) {
		for (b = a; b < nt; b++)
			if (!t[b].comma && t[b].end - t[b].start == 3 && ieq(list + t[b].start, 3, "and"))
				break;
		if (b > a)
			ok = add_name(list, t + a, b - a, &names, &nn, &capn);
	}
	free(t);
	rbp_buf_free(&P.val);
	rbp_buf_free(&P.name);
	if (!ok) {
		for (size_t k = 0; k < nn; k++)
			free(names[k]);
		free(names);
		return (size_t)-1;
	}
	*out = names;
	return nn;
}
