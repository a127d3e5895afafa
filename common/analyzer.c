/*
 * analyzer.c - the one analyzer: UTF-8 text -> words -> terms.
 *
 * ICU's word break runs directly over the UTF-8 bytes (a UTF-8 UText), so its
 * boundaries are byte offsets into the caller's text and snippets can be cut
 * from the stored passage without any mapping.  Each word is NFKC case
 * folded, then turned into terms:
 *
 *   exact  the folded word, with U+2019 and U+02BC folded to ' and, in
 *          Cyrillic, ё to е;
 *   stem   "Z" + the Snowball stem: English for Latin script, Russian for
 *          Cyrillic;
 *   fold   a Latin word without its diacritics ("kłysinski" -> "klysinski",
 *          "marlène" -> "marlene"), and its stem, when they differ: NFD, then
 *          combining marks dropped, then a table for the letters that do not
 *          decompose (ł ø đ ...).  ICU's Latin-ASCII transliterator would do
 *          it too, but costs some 30 ms to open, which a one-query process
 *          cannot afford;
 *   key    "R" + the Russian key (translit.c): one term for a Russian word
 *          in Cyrillic or any romanization, for Cyrillic words and for Latin
 *          words that may be romanized Russian, or that stand among such
 *          words (the gate's context: the words of a text are gathered
 *          first, then given their terms);
 *
 * and a word with digits glued to its end by a PDF footnote ("Runet18") also
 * yields the terms of its letters ("runet"), so the marker does not hide it.
 */
#include "rb_private.h"
#include "translit.h"

#include <libstemmer.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 8
#define POOL_SIZE (MAX_TERMS * (RB_MAX_TERM + 4))
/* A word's terms depend on its bytes alone, and a text repeats its words:
 * the terms of recent words are kept in a direct-mapped cache, which spares
 * most words ICU's normalization, Snowball and the Russian key. */
#define CACHE_FIRST 1024   /* slots at first: a one-query process needs few */
#define CACHE_MAX 65536    /* slots at most; powers of two */
#define CACHE_WORD_MAX 64 /* bytes; longer words are rare, and not kept */

typedef struct cached {
	size_t slen;          /* the surface word's bytes, at `data` */
	uint32_t hash;
	bool keys;            /* made with Russian keys */
	bool cognates_all;    /* made giving every word a cognate term */
	unsigned char state;  /* RBP_CTX_*: what the gate said of the word */
	bool ctx_key;         /* the last term is the key the gate refused */
	unsigned char fr;     /* RBP_FR_*: what the word shows of the French scheme */
	bool fr_key;          /* the term before that is the word's French reading */
	const char *norm;
	size_t nterms;
	rb_term *terms;       /* in the same allocation */
	char data[];
} cached;

struct rb_analyzer {
	UBreakIterator *bi;
	UText *ut;
	const UNormalizer2 *nfkc_cf, *nfd;
	struct sb_stemmer *stem_en, *stem_ru;
	UChar *u16, *n16;
	int32_t u16cap, n16cap;
	char norm[RB_MAX_TERM + 8];
	char stembuf[RB_MAX_TERM + 8];
	char keybuf[RB_MAX_TERM + 1];
	char foldbuf[RB_MAX_TERM + 8];
	UChar *f16;
	int32_t f16cap;
	char pool[POOL_SIZE];
	size_t poolused;
	rb_term terms[MAX_TERMS];
	cached **cache;       /* nslots, or NULL when out of memory */
	uint32_t *used;       /* the slots in use, ncached of them */
	size_t ncached, nslots;
	bool no_keys;         /* rb_analyzer_set_keys(a, false) */
	bool cognates_all;    /* rb_analyzer_set_cognates(a, true) */
	unsigned char state;  /* of the word make_terms() made last */
	bool ctx_key;
	unsigned char fr;
	bool fr_key;
	/* the words of the text being run, for the gate's context */
	struct span { int32_t start, end; } *spans;
	unsigned char *states, *frs;
	bool *ctx, *frctx;
	size_t nspans, capspans;
	char err[256];
};

const char *rb_via_name(rb_via via)
{
	static const char *const names[] = {
		"exact", "stem", "translit", "synonym", "fold", "wildcard", "cognate"
	};
	return (unsigned)via < sizeof names / sizeof *names ? names[via] : "?";
}

void rbp_analyzer_set_error(rb_analyzer *a, const char *msg)
{
	snprintf(a->err, sizeof a->err, "%s", msg);
}

static rb_status icu_fail(rb_analyzer *a, const char *what, UErrorCode st)
{
	snprintf(a->err, sizeof a->err, "%s: %s", what, u_errorName(st));
	return st == U_MEMORY_ALLOCATION_ERROR ? RB_ENOMEM : RB_EICU;
}

rb_status rb_analyzer_new(rb_analyzer **out)
{
	UErrorCode st = U_ZERO_ERROR;
	rb_analyzer *a = calloc(1, sizeof *a);

	*out = NULL;
	if (!a)
		return RB_ENOMEM;
	a->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
	a->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	a->nfd = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st)) {
		rb_analyzer_free(a);
		return st == U_MEMORY_ALLOCATION_ERROR ? RB_ENOMEM : RB_EICU;
	}
	a->nslots = CACHE_FIRST;
	a->cache = calloc(a->nslots, sizeof *a->cache); /* NULL: no cache */
	a->used = malloc(a->nslots * sizeof *a->used);
	if (!a->used) {
		free(a->cache);
		a->cache = NULL;
	}
	a->stem_en = sb_stemmer_new("english", "UTF_8");
	a->stem_ru = sb_stemmer_new("russian", "UTF_8");
	if (!a->stem_en || !a->stem_ru) {
		rb_analyzer_free(a);
		return RB_ENOMEM;
	}
	*out = a;
	return RB_OK;
}

void rb_analyzer_free(rb_analyzer *a)
{
	if (!a)
		return;
	if (a->bi)
		ubrk_close(a->bi);
	if (a->ut)
		utext_close(a->ut);
	if (a->stem_en)
		sb_stemmer_delete(a->stem_en);
	if (a->stem_ru)
		sb_stemmer_delete(a->stem_ru);
	for (size_t i = 0; a->cache && i < a->ncached; i++)
		free(a->cache[a->used[i]]);
	free(a->cache);
	free(a->used);
	free(a->u16);
	free(a->n16);
	free(a->f16);
	free(a->spans);
	free(a->states);
	free(a->ctx);
	free(a->frs);
	free(a->frctx);
	free(a);
}

void rb_analyzer_set_keys(rb_analyzer *a, bool keys)
{
	a->no_keys = !keys;
}

void rb_analyzer_set_cognates(rb_analyzer *a, bool all)
{
	a->cognates_all = all;
}

const char *rb_analyzer_errmsg(const rb_analyzer *a)
{
	return a && a->err[0] ? a->err : "no error";
}

static bool grow16(UChar **buf, int32_t *cap, int32_t need)
{
	UChar *p;

	if (need <= *cap)
		return true;
	p = realloc(*buf, (size_t)need * sizeof *p);
	if (!p)
		return false;
	*buf = p;
	*cap = need;
	return true;
}

/* ё -> е in place (both are two bytes in UTF-8). */
static void fold_yo(char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((unsigned char)s[i] == 0xD1 && (unsigned char)s[i + 1] == 0x91) {
			s[i] = (char)0xD0;
			s[i + 1] = (char)0xB5;
		}
}

rb_status rb_analyzer_stem(rb_analyzer *a, rb_lang lang, const char *word,
			   size_t len, const char **stem, size_t *stem_len)
{
	struct sb_stemmer *sb = lang == RB_LANG_RU ? a->stem_ru : a->stem_en;
	const sb_symbol *s;

	if (len > RB_MAX_TERM)
		len = rbp_utf8_floor(word, RB_MAX_TERM);
	memcpy(a->stembuf, word, len);
	a->stembuf[len] = '\0';
	if (lang == RB_LANG_RU)
		fold_yo(a->stembuf, len);
	s = sb_stemmer_stem(sb, (const sb_symbol *)a->stembuf, (int)len);
	if (!s)
		return RB_ENOMEM;
	*stem = (const char *)s;
	*stem_len = (size_t)sb_stemmer_length(sb);
	return RB_OK;
}

typedef enum script { SCRIPT_NONE, SCRIPT_LATIN, SCRIPT_CYRILLIC } script;

/* The script that decides the stemmer: Cyrillic wins if present at all. */
static script word_script(const UChar *s, int32_t n)
{
	script sc = SCRIPT_NONE;

	for (int32_t i = 0; i < n;) {
		UChar32 c;
		UErrorCode st = U_ZERO_ERROR;
		UScriptCode code;

		U16_NEXT(s, i, n, c);
		code = uscript_getScript(c, &st);
		if (code == USCRIPT_CYRILLIC)
			return SCRIPT_CYRILLIC;
		if (code == USCRIPT_LATIN)
			sc = SCRIPT_LATIN;
	}
	return sc;
}

/* Apostrophe look-alikes become ASCII ', which is all Snowball English knows. */
static void fold_apostrophes(UChar *s, int32_t n)
{
	for (int32_t i = 0; i < n; i++)
		if (s[i] == 0x2019 || s[i] == 0x02BC || s[i] == 0x2018 || s[i] == '`')
			s[i] = '\'';
}

static const char *pool_add(rb_analyzer *a, const char *prefix, const char *s,
			    size_t len, size_t *outlen)
{
	size_t plen = strlen(prefix);
	char *p;

	if (a->poolused + plen + len + 1 > sizeof a->pool)
		return NULL;
	p = a->pool + a->poolused;
	memcpy(p, prefix, plen);
	memcpy(p + plen, s, len);
	p[plen + len] = '\0';
	a->poolused += plen + len + 1;
	*outlen = plen + len;
	return p;
}

static void add_term(rb_analyzer *a, size_t *n, const char *prefix,
		     const char *s, size_t len, rb_via via)
{
	size_t tl;
	const char *t;

	if (*n >= MAX_TERMS || len == 0)
		return;
	for (size_t i = 0; i < *n; i++) /* no duplicates within a word */
		if (a->terms[i].len == strlen(prefix) + len &&
		    !strncmp(a->terms[i].text, prefix, strlen(prefix)) &&
		    !memcmp(a->terms[i].text + strlen(prefix), s, len))
			return;
	t = pool_add(a, prefix, s, len, &tl);
	if (!t)
		return;
	a->terms[*n].text = t;
	a->terms[*n].len = tl;
	a->terms[*n].via = via;
	(*n)++;
}

/* How a word takes the name stem of a Cyrillic name (translit.c: Лавров and
 * Лаврова share лавров, Дарья does not share дар with даром): not at all,
 * besides Snowball's stem, or instead of it. */
typedef enum name_use { NAME_NO, NAME_ALSO, NAME_ONLY } name_use;

/* In text, a capitalized word may be a name, and gets both stems, so that
 * a sentence's first word still matches its common form.  In a query, a
 * word typed with a capital is taken for a name, and gets the name stem
 * alone, unless the form may as well be an adjective's (Троцкая); one
 * typed in lower case gets both. */
static name_use name_use_of(const rb_analyzer *a, const char *surface, size_t slen)
{
	UChar32 c;
	int32_t i = 0;
	bool cap;

	if (a->no_keys || !slen)
		return NAME_NO;
	U8_NEXT(surface, i, (int32_t)slen, c);
	cap = u_isupper(c) || u_istitle(c);
	if (a->cognates_all)
		return cap ? NAME_ONLY : NAME_ALSO;
	return cap ? NAME_ALSO : NAME_NO;
}

static rb_status add_stem(rb_analyzer *a, size_t *n, script sc, const char *w,
			  size_t len, name_use nu)
{
	const char *stem;
	size_t slen, nb;
	bool sure = true;
	rb_status st;

	if (sc == SCRIPT_NONE)
		return RB_OK;
	nb = sc == SCRIPT_CYRILLIC && nu != NAME_NO ? rbp_name_stem(w, len, &sure) : 0;
	if (nb && nu == NAME_ONLY && sure) {
		add_term(a, n, RB_PREFIX_STEM, w, nb, RB_VIA_STEM);
		return RB_OK;
	}
	st = rb_analyzer_stem(a, sc == SCRIPT_CYRILLIC ? RB_LANG_RU : RB_LANG_EN,
			      w, len, &stem, &slen);
	if (st == RB_OK)
		add_term(a, n, RB_PREFIX_STEM, stem, slen, RB_VIA_STEM);
	if (st == RB_OK && nb)
		add_term(a, n, RB_PREFIX_STEM, w, nb, RB_VIA_STEM);
	return st;
}

/* Lower-case Latin letters with no canonical decomposition. */
static const struct {
	UChar c;
	const char *to;
} undecomposed[] = {
	{ 0x00E6, "ae" }, { 0x00F0, "d" }, { 0x00F8, "o" }, { 0x00FE, "th" },
	{ 0x0111, "d" }, { 0x0127, "h" }, { 0x0131, "i" }, { 0x0140, "l" },
	{ 0x0142, "l" }, { 0x0153, "oe" }, { 0x0167, "t" }, { 0x0180, "b" },
};

/* The diacritic-free form of a Latin word (a->n16, nn units) in a->foldbuf;
 * its length, or 0 if it has no diacritics to fold. */
static size_t fold_diacritics(rb_analyzer *a, int32_t nn)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t nd, i = 0;
	size_t out = 0;
	bool changed = false;

	if (!grow16(&a->f16, &a->f16cap, nn * 4 + 8))
		return 0;
	nd = unorm2_normalize(a->nfd, a->n16, nn, a->f16, a->f16cap, &st);
	if (U_FAILURE(st))
		return 0;
	while (i < nd) {
		UChar32 c;
		const char *to = NULL;
		char one[4];
		size_t len;

		U16_NEXT(a->f16, i, nd, c);
		if (u_charType(c) == U_NON_SPACING_MARK) {
			changed = true;
			continue;
		}
		for (size_t k = 0; k < sizeof undecomposed / sizeof *undecomposed; k++)
			if (undecomposed[k].c == c)
				to = undecomposed[k].to;
		if (to) {
			changed = true;
			len = strlen(to);
		} else {
			int32_t o = 0;
			UBool err = false;
			U8_APPEND((uint8_t *)one, o, 4, c, err);
			if (err)
				return 0;
			to = one;
			len = (size_t)o;
		}
		if (out + len > RB_MAX_TERM)
			break;
		memcpy(a->foldbuf + out, to, len);
		out += len;
	}
	a->foldbuf[out] = '\0';
	return changed ? out : 0;
}

/* The Russian key, for Cyrillic words and Latin ones that may be Russian. */
static void add_key(rb_analyzer *a, size_t *n, script sc, const char *w, size_t len,
		    name_use nu)
{
	char nk[2][RBP_KEY_MAX];
	size_t kl, nkl[2], nn = 0;
	bool sure = true;

	if (a->no_keys || sc == SCRIPT_NONE)
		return;
	if (sc == SCRIPT_LATIN && !rbp_latin_may_be_russian(w, len)) {
		a->state = RBP_CTX_REFUSED; /* make_terms() may add it for the context */
		return;
	}
	if (sc == SCRIPT_LATIN)
		a->state = RBP_CTX_GATED;
	/* A key that does not fit the term cap is dropped, never cut. */
	if (nu != NAME_NO)
		nn = rbp_russian_name_keys(a->stem_ru, w, len, nk, nkl, &sure);
	for (size_t i = 0; i < nn; i++)
		if (nkl[i] <= RB_MAX_TERM)
			add_term(a, n, RB_PREFIX_KEY, nk[i], nkl[i], RB_VIA_TRANSLIT);
	/* an unsure name form (Троцкая) keeps the common key beside it */
	if (nn && nu == NAME_ONLY && sure)
		return;
	kl = rbp_russian_key(a->stem_ru, w, len, a->keybuf, RB_MAX_TERM + 1);
	if (kl)
		add_term(a, n, RB_PREFIX_KEY, a->keybuf, kl, RB_VIA_TRANSLIT);
}

/* The cognate key, for a word that may be a name: in text, one that starts
 * with a capital letter.  A query word is typed as it comes, so one in
 * lower case gets it too, unless it is one of the commonest English words
 * (house, hand, went: their cognate keys were most of the Russian word
 * forms that English query words met).  It joins the Belarusian and
 * Russian forms of a name. */
static void add_cognate(rb_analyzer *a, size_t *n, script sc, const char *surface,
			size_t slen, const char *w, size_t len)
{
	UChar32 c;
	int32_t i = 0;
	size_t kl;

	if (a->no_keys || sc == SCRIPT_NONE || !slen)
		return;
	U8_NEXT(surface, i, (int32_t)slen, c);
	bool cap = u_isupper(c) || u_istitle(c);
	if (!cap && (!a->cognates_all || (sc == SCRIPT_LATIN && rbp_english_word(w, len))))
		return;
	kl = rbp_cognate_key(w, len, a->keybuf, RB_MAX_TERM + 1);
	if (kl)
		add_term(a, n, RB_PREFIX_COGNATE, a->keybuf, kl, RB_VIA_COGNATE);
	/* readings as French, German or Polish, where the letters say so */
	char west[2][RBP_KEY_MAX];
	size_t wl[2], nw = sc == SCRIPT_LATIN ? rbp_cognate_keys_western(w, len, west, wl) : 0;
	for (size_t i = 0; i < nw; i++)
		if (wl[i] <= RB_MAX_TERM)
			add_term(a, n, RB_PREFIX_COGNATE, west[i], wl[i], RB_VIA_COGNATE);
}

/* Length of a trailing run of ASCII digits glued to at least two letters. */
static size_t glued_digits(const char *w, size_t len)
{
	size_t d = 0;

	while (d < len && w[len - 1 - d] >= '0' && w[len - 1 - d] <= '9')
		d++;
	if (d == 0 || d == len || len - d < 2)
		return 0;
	for (size_t i = 0; i < len - d; i++)
		if ((w[i] >= '0' && w[i] <= '9') || w[i] == '.' || w[i] == '\'')
			return 0;
	return d;
}

/* Where the surname starts in initials glued to it ("с.в.лаврова",
 * "a.g.lukashenko": one or two letters and a dot, one to three times, then
 * a word of two letters or more), or 0. */
static size_t glued_initials(const char *w, size_t len)
{
	size_t groups = 0, letters = 0, last = 0;

	for (size_t i = 0; i < len;) {
		int32_t k = (int32_t)i;
		UChar32 c;
		if (w[i] == '.') {
			if (letters < 1 || letters > 2 || ++groups > 3)
				return 0;
			letters = 0;
			last = ++i;
			continue;
		}
		U8_NEXT(w, k, (int32_t)len, c);
		if (c < 0 || !u_isalpha(c))
			return 0;
		i = (size_t)k;
		letters++;
	}
	return groups && letters >= 2 ? last : 0;
}

/* NFKC case folding; the output grows as needed (U+FDFA alone becomes 18
 * UTF-16 units). */
static rb_status normalize(rb_analyzer *a, int32_t n16, int32_t *nn)
{
	UErrorCode st = U_ZERO_ERROR;

	*nn = unorm2_normalize(a->nfkc_cf, a->u16, n16, a->n16, a->n16cap, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		if (!grow16(&a->n16, &a->n16cap, *nn + 1))
			return RB_ENOMEM;
		st = U_ZERO_ERROR;
		*nn = unorm2_normalize(a->nfkc_cf, a->u16, n16, a->n16, a->n16cap, &st);
	}
	return U_FAILURE(st) ? icu_fail(a, "normalize", st) : RB_OK;
}

/* Fold one word into a->norm; returns its length, or -1 on error.  The
 * folded UTF-16 form stays in a->n16 (*nn16 units). */
static int32_t fold_word(rb_analyzer *a, const char *w, size_t len, script *sc,
			 int32_t *nn16, rb_status *st_out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n16 = 0, nn = 0, out = 0, cut = 0;
	UChar32 c;

	if (len > RB_MAX_TOKEN_IN)
		len = rbp_utf8_floor(w, RB_MAX_TOKEN_IN);
	if (!grow16(&a->u16, &a->u16cap, (int32_t)len + 1) ||
	    !grow16(&a->n16, &a->n16cap, (int32_t)len * 2 + 16)) {
		*st_out = RB_ENOMEM;
		return -1;
	}
	u_strFromUTF8WithSub(a->u16, a->u16cap, &n16, w, (int32_t)len, 0xFFFD,
			     NULL, &st);
	if (U_FAILURE(st)) {
		*st_out = icu_fail(a, "utf-8", st);
		return -1;
	}
	if ((*st_out = normalize(a, n16, &nn)) != RB_OK)
		return -1;
	fold_apostrophes(a->n16, nn);
	*sc = word_script(a->n16, nn);
	*nn16 = nn;
	/* Keep the whole characters that fit in RB_MAX_TERM bytes: a capped
	 * token still matches its prefix. */
	while (cut < nn) {
		int32_t next = cut;
		U16_NEXT(a->n16, next, nn, c);
		if (out + U8_LENGTH(c) > RB_MAX_TERM)
			break;
		out += U8_LENGTH(c);
		cut = next;
	}
	u_strToUTF8(a->norm, RB_MAX_TERM + 1, &out, a->n16, cut, &st);
	if (U_FAILURE(st)) {
		*st_out = icu_fail(a, "utf-8", st);
		return -1;
	}
	a->norm[out] = '\0';
	if (*sc == SCRIPT_CYRILLIC)
		fold_yo(a->norm, (size_t)out);
	return out;
}

static rb_status make_terms(rb_analyzer *a, const char *w, size_t len,
			    size_t *nterms)
{
	rb_status st = RB_OK;
	script sc = SCRIPT_NONE;
	int32_t nn16 = 0, nl = fold_word(a, w, len, &sc, &nn16, &st);
	size_t n = 0, d, fl;

	a->poolused = 0;
	*nterms = 0;
	if (nl < 0)
		return st;
	name_use nu = name_use_of(a, w, len);

	a->state = RBP_CTX_NONE;
	a->ctx_key = false;
	add_term(a, &n, "", a->norm, (size_t)nl, RB_VIA_EXACT);
	st = add_stem(a, &n, sc, a->norm, (size_t)nl, nu);
	/* The fold before the key: where both match, "fold" explains more. */
	if (st == RB_OK && sc == SCRIPT_LATIN && (fl = fold_diacritics(a, nn16))) {
		size_t before = n;
		add_term(a, &n, "", a->foldbuf, fl, RB_VIA_FOLD);
		st = add_stem(a, &n, sc, a->foldbuf, fl, NAME_NO);
		for (size_t i = before; i < n; i++)
			a->terms[i].via = RB_VIA_FOLD;
	}
	add_key(a, &n, sc, a->norm, (size_t)nl, nu);
	unsigned char state = a->state;
	add_cognate(a, &n, sc, w, len, a->norm, (size_t)nl);
	/* "С.В.Лаврова": the surname is a word too, at the token's position */
	size_t at = glued_initials(a->norm, (size_t)nl);
	if (st == RB_OK && at) {
		size_t sat = len;
		while (sat > 0 && w[sat - 1] != '.')
			sat--;
		name_use snu = name_use_of(a, w + sat, len - sat);
		add_term(a, &n, "", a->norm + at, (size_t)nl - at, RB_VIA_EXACT);
		st = add_stem(a, &n, sc, a->norm + at, (size_t)nl - at, snu);
		add_key(a, &n, sc, a->norm + at, (size_t)nl - at, snu);
		add_cognate(a, &n, sc, w + sat, len - sat, a->norm + at, (size_t)nl - at);
	}
	d = glued_digits(a->norm, (size_t)nl);
	if (st == RB_OK && d) {
		add_term(a, &n, "", a->norm, (size_t)nl - d, RB_VIA_EXACT);
		st = add_stem(a, &n, sc, a->norm, (size_t)nl - d, nu);
		add_key(a, &n, sc, a->norm, (size_t)nl - d, nu);
	}
	/* The French reading (translit.c): a word that shows the scheme gets
	 * its key with the others; one where only ch or j say so gets it
	 * second to last, for rb_analyzer_run() to keep among French
	 * neighbours. */
	a->state = state;
	a->fr = RBP_FR_NONE;
	a->fr_key = false;
	char fk[RB_MAX_TERM + 1];
	size_t fkl = 0;
	if (st == RB_OK && state != RBP_CTX_NONE && sc == SCRIPT_LATIN &&
	    (a->fr = (unsigned char)rbp_french_marks(a->norm, (size_t)nl)))
		fkl = rbp_russian_key_french(a->stem_ru, a->norm, (size_t)nl, fk, sizeof fk);
	if (!fkl)
		a->fr = RBP_FR_NONE;
	/* ou, tch, dj, ï in a word that is not common English: the French
	 * scheme, which the gate's English patterns refuse (Katiouche) */
	if (fkl && state == RBP_CTX_REFUSED && a->fr == RBP_FR_MARKED)
		a->state = state = RBP_CTX_GATED;
	if (fkl && state == RBP_CTX_GATED) {
		size_t before = n;
		add_term(a, &n, RB_PREFIX_KEY, fk, fkl, RB_VIA_TRANSLIT);
		a->fr_key = a->fr == RBP_FR_AMBIGUOUS && n > before;
	}
	/* The key the gate refused, last, for rb_analyzer_run() to keep when
	 * the word's neighbours are romanized Russian (translit.c); an
	 * ambiguous word's French reading before it.  (A word that shows the
	 * French scheme is gated above.) */
	if (st == RB_OK && state == RBP_CTX_REFUSED) {
		size_t before = n, kl;
		if (fkl) {
			add_term(a, &n, RB_PREFIX_KEY, fk, fkl, RB_VIA_TRANSLIT);
			a->fr_key = n > before;
			before = n;
		}
		kl = rbp_russian_key(a->stem_ru, a->norm, (size_t)nl, a->keybuf, RB_MAX_TERM + 1);
		if (kl)
			add_term(a, &n, RB_PREFIX_KEY, a->keybuf, kl, RB_VIA_TRANSLIT);
		a->ctx_key = n > before;
		if (!a->ctx_key && a->fr_key) { /* the French key is the refused key */
			a->fr_key = false;
			a->ctx_key = true;
		}
		if (!a->ctx_key)
			a->state = RBP_CTX_NONE; /* no key to add: nothing to decide */
	}
	*nterms = n;
	return st;
}

/* Half full: four times the slots, keeping what fits (on a collision, the
 * entry already moved). */
static void cache_grow(rb_analyzer *a)
{
	size_t n = a->nslots * 4, kept = 0;
	cached **slots = calloc(n, sizeof *slots);
	uint32_t *used = malloc(n * sizeof *used);

	if (!slots || !used) {
		free(slots);
		free(used);
		return; /* stay the size it is */
	}
	for (size_t i = 0; i < a->ncached; i++) {
		cached *c = a->cache[a->used[i]];
		size_t k = c->hash & (n - 1);
		if (slots[k]) {
			free(c);
			continue;
		}
		slots[k] = c;
		used[kept++] = (uint32_t)k;
	}
	free(a->cache);
	free(a->used);
	a->cache = slots;
	a->used = used;
	a->ncached = kept;
	a->nslots = n;
}

/* Keep the terms just made for w; nothing happens when memory is short. */
static cached *cache_put(rb_analyzer *a, uint32_t hash, const char *w, size_t len,
			 size_t nterms)
{
	size_t slot;
	size_t normlen = strlen(a->norm), bytes = len + normlen + 2;
	cached *c;
	char *p;

	for (size_t i = 0; i < nterms; i++)
		bytes += a->terms[i].len + 1;
	c = malloc(sizeof *c + nterms * sizeof(rb_term) + bytes);
	if (!c)
		return NULL;
	/* terms first (aligned), then the bytes */
	c->terms = (rb_term *)(c->data + 0);
	p = (char *)(c->terms + nterms);
	memcpy(p, w, len);
	p[len] = '\0';
	c->slen = len;
	p += len + 1;
	memcpy(p, a->norm, normlen + 1);
	c->norm = p;
	p += normlen + 1;
	for (size_t i = 0; i < nterms; i++) {
		memcpy(p, a->terms[i].text, a->terms[i].len + 1);
		c->terms[i] = a->terms[i];
		c->terms[i].text = p;
		p += a->terms[i].len + 1;
	}
	c->nterms = nterms;
	c->state = a->state;
	c->ctx_key = a->ctx_key;
	c->fr = a->fr;
	c->fr_key = a->fr_key;
	c->keys = !a->no_keys;
	c->cognates_all = a->cognates_all;
	c->hash = hash;
	if (2 * a->ncached >= a->nslots && a->nslots < CACHE_MAX)
		cache_grow(a);
	slot = hash & (a->nslots - 1);
	if (a->cache[slot])
		free(a->cache[slot]);
	else
		a->used[a->ncached++] = (uint32_t)slot;
	a->cache[slot] = c;
	return c;
}

static const char *cached_word(const cached *c)
{
	return (const char *)(c->terms + c->nterms);
}

int32_t rbp_join_backticks(UBreakIterator *bi, const char *text, size_t len, int32_t end)
{
	/* GOST 7.79 System B writes ь ъ ы э with backticks inside a word
	 * (by`l, e`tyudy, ob``yom): the word break cuts there; join. */
	while (end + 1 < (int32_t)len && text[end] == '`') {
		int32_t tick = end, after = ubrk_next(bi), next;
		while (after < (int32_t)len && after > tick && text[after] == '`' && after - tick < 2)
			after = ubrk_next(bi);
		if (after == UBRK_DONE)
			break;
		next = ubrk_next(bi);
		if (next != UBRK_DONE && ubrk_getRuleStatus(bi) >= UBRK_WORD_LETTER &&
		    ubrk_getRuleStatus(bi) < UBRK_WORD_LETTER_LIMIT) {
			end = next;
			continue;
		}
		/* no letter after it: back to where the word ended */
		ubrk_isBoundary(bi, end);
		break;
	}
	return end;
}

/* *p grown to n elements of `size` bytes; false, *p as it was, when memory
 * is short. */
static bool regrow(void *p, size_t n, size_t size)
{
	void *q = realloc(*(void **)p, n * size);

	if (q)
		*(void **)p = q;
	return q != NULL;
}

/* The words of the text, in a->spans, with room for what is said of each
 * (false when memory is short). */
static bool collect_spans(rb_analyzer *a, const char *text, size_t len)
{
	int32_t start = ubrk_first(a->bi), end;

	a->nspans = 0;
	for (end = ubrk_next(a->bi); end != UBRK_DONE; start = end, end = ubrk_next(a->bi)) {
		if (ubrk_getRuleStatus(a->bi) < UBRK_WORD_NONE_LIMIT)
			continue;
		end = rbp_join_backticks(a->bi, text, len, end);
		if (a->nspans == a->capspans) {
			size_t c = a->capspans ? 2 * a->capspans : 256;
			if (!regrow(&a->spans, c, sizeof *a->spans) ||
			    !regrow(&a->states, c, sizeof *a->states) ||
			    !regrow(&a->ctx, c, sizeof *a->ctx) ||
			    !regrow(&a->frs, c, sizeof *a->frs) ||
			    !regrow(&a->frctx, c, sizeof *a->frctx))
				return false;
			a->capspans = c;
		}
		a->spans[a->nspans].start = start;
		a->spans[a->nspans++].end = end;
	}
	return true;
}

/* What rb_analyzer_run() decides for a word from its neighbours: the
 * gate's verdict, its French marks, and which optional terms it has. */
typedef struct wflags {
	unsigned char state, fr;
	bool ctx_key, fr_key;
} wflags;

/* The terms of one word: from the cache, else made (and cached). */
static rb_status word_terms(rb_analyzer *a, const char *w, size_t wl, rb_token *tok,
			    wflags *f)
{
	uint32_t hash = 0;
	cached *c = NULL;

	if (a->cache && wl <= CACHE_WORD_MAX) {
		hash = rbp_fnv1a(w, wl);
		c = a->cache[hash & (a->nslots - 1)];
		if (c && (c->slen != wl || c->keys == a->no_keys ||
			  c->cognates_all != a->cognates_all || memcmp(cached_word(c), w, wl)))
			c = NULL;
	}
	if (!c) {
		rb_status rs = make_terms(a, w, wl, &tok->nterms);
		if (rs != RB_OK)
			return rs;
		tok->norm = a->norm;
		tok->terms = a->terms;
		*f = (wflags){ a->state, a->fr, a->ctx_key, a->fr_key };
		if (!a->cache || wl > CACHE_WORD_MAX || !(c = cache_put(a, hash, w, wl, tok->nterms)))
			return RB_OK;
	}
	tok->nterms = c->nterms;
	tok->norm = c->norm;
	tok->terms = c->terms;
	*f = (wflags){ c->state, c->fr, c->ctx_key, c->fr_key };
	return RB_OK;
}

/* The token without the optional terms its neighbours do not want: the
 * refused key (last) and the French reading (before it). */
static void drop_optional(rb_token *tok, const wflags *f, bool keep_ctx, bool keep_fr,
			  rb_term *buf)
{
	size_t n = tok->nterms;

	if (f->ctx_key && !keep_ctx)
		n--;
	if (f->fr_key && !keep_fr) {
		size_t at = tok->nterms - 1 - f->ctx_key; /* where the French key is */
		memcpy(buf, tok->terms, tok->nterms * sizeof *buf);
		memmove(buf + at, buf + at + 1, (tok->nterms - at - 1) * sizeof *buf);
		tok->terms = buf;
		n--;
	}
	tok->nterms = n;
}

rb_status rb_analyzer_run(rb_analyzer *a, const char *text, size_t len,
			  uint32_t first_pos, rb_token_fn fn, void *ctx)
{
	UErrorCode st = U_ZERO_ERROR;
	uint32_t pos = first_pos ? first_pos : 1;
	bool any_refused = false, any_french = false;

	if (len > INT32_MAX) {
		snprintf(a->err, sizeof a->err, "text too long to analyze");
		return RB_EINVAL;
	}
	a->ut = utext_openUTF8(a->ut, text, (int64_t)len, &st);
	ubrk_setUText(a->bi, a->ut, &st);
	if (U_FAILURE(st))
		return icu_fail(a, "word break", st);
	if (!collect_spans(a, text, len))
		return RB_ENOMEM;
	/* first what the gate says of each word, then the context */
	for (size_t i = 0; i < a->nspans; i++) {
		rb_token tok;
		wflags f;
		rb_status rs = word_terms(a, text + a->spans[i].start,
					  (size_t)(a->spans[i].end - a->spans[i].start), &tok, &f);
		if (rs != RB_OK)
			return rs;
		a->states[i] = f.state;
		a->frs[i] = f.fr;
		any_refused |= f.state == RBP_CTX_REFUSED;
		any_french |= f.fr_key;
	}
	if (any_refused)
		rbp_gate_context(a->states, a->nspans, a->ctx);
	if (any_french)
		rbp_french_context(a->states, a->frs, a->nspans, a->frctx);
	for (size_t i = 0; i < a->nspans; i++) {
		rb_token tok;
		rb_term buf[MAX_TERMS];
		wflags f;
		rb_status rs = word_terms(a, text + a->spans[i].start,
					  (size_t)(a->spans[i].end - a->spans[i].start), &tok, &f);
		if (rs != RB_OK)
			return rs;
		bool keyed_ctx = any_refused && a->ctx[i];
		bool keyed = f.state == RBP_CTX_GATED || keyed_ctx;
		drop_optional(&tok, &f, keyed_ctx, keyed && any_french && a->frctx[i], buf);
		if (tok.nterms == 0)
			continue;
		tok.start = (size_t)a->spans[i].start;
		tok.end = (size_t)a->spans[i].end;
		tok.pos = pos++;
		if (fn(ctx, &tok))
			break;
	}
	return RB_OK;
}
