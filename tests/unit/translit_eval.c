/*
 * translit_eval.c - measure the Russian key (common/translit.c).
 *
 *   translit_eval variants FILE
 *       For every counted line of FILE (tests/data/ru_variants.tsv): do all
 *       words of the romanization get the same keys as the Cyrillic words?
 *       Measured twice: every Latin word keyed, and Latin words keyed only
 *       when rbp_latin_may_be_russian() says so (as indexing does).
 *       Exit 0 when both reach TARGET_RECALL.  Lines noted `typo` or
 *       `lexeme` are not counted; how many of them match is reported.
 *
 *   translit_eval collisions WORDLIST RUSSIAN_TEXT...
 *       The false-collision rate: the English words of WORDLIST (one per line;
 *       words with capitals or apostrophes skipped) whose key equals the key
 *       of some Cyrillic word of the RUSSIAN_TEXTs, with and without the
 *       gate.  Exit 0 when the gated rate is at most TARGET_COLLISIONS.
 *
 *   translit_eval running EN_TEXT... -- RUSSIAN_TEXT...
 *       The same rate over running English text, token by token, so that
 *       frequent words weigh as often as they occur; lists the most frequent
 *       gated colliding words.  Informational: exit 0 unless an error.
 *
 *   translit_eval key WORD...
 *       Print each word's folded form, gate decision and key.
 *
 * Words are split and folded as the analyzer does it: ICU word break over the
 * UTF-8 text, NFKC case fold, U+2019 U+02BC U+2018 -> ', and ё -> е in
 * Cyrillic words.  Exit status 2 on usage or I/O errors.
 */
#define _POSIX_C_SOURCE 200809L
#include "translit.h"
#include "rb_private.h"

#include <libstemmer.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TARGET_RECALL 97.0      /* % of counted variant pairs */
#define TARGET_COLLISIONS 2.0   /* % of English words, gated */
#define MAX_TERM 120            /* RB_MAX_TERM: the analyzer cuts words here */
#define MAX_WORDS 64
#define SHOW_EXAMPLES 40
#ifndef SHOW_ALL
#define SHOW_ALL 0
#endif

/* ---------------------------------------------------------------------------
 * Words as the analyzer folds them.
 */

typedef struct tok {
	UBreakIterator *bi;
	const UNormalizer2 *nfkc_cf;
	UChar u16[4096], n16[8192];
} tok;

typedef struct word {
	char s[MAX_TERM + 8];
	size_t len;
	bool latin, cyrillic;
	bool capital; /* it starts with a capital letter: it gets a cognate key */
} word;

static bool tok_init(tok *t)
{
	UErrorCode st = U_ZERO_ERROR;

	t->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
	t->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st)) {
		fprintf(stderr, "translit_eval: ICU: %s\n", u_errorName(st));
		if (t->bi)
			ubrk_close(t->bi);
		return false;
	}
	return true;
}

static void tok_free(tok *t)
{
	if (t->bi)
		ubrk_close(t->bi);
}

/* Fold one surface word; false if it cannot be folded. */
static bool fold_word(tok *t, const char *w, size_t len, word *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t n16 = 0, nn, o = 0;

	if (len > 1000)
		len = 1000;
	u_strFromUTF8WithSub(t->u16, 4096, &n16, w, (int32_t)len, 0xFFFD, NULL, &st);
	nn = unorm2_normalize(t->nfkc_cf, t->u16, n16, t->n16, 8192, &st);
	if (U_FAILURE(st))
		return false;
	out->latin = out->cyrillic = false;
	{
		UChar32 c0;
		int32_t j0 = 0;
		U16_NEXT(t->u16, j0, n16, c0);
		out->capital = n16 > 0 && (u_isupper(c0) || u_istitle(c0));
	}
	for (int32_t i = 0; i < nn; i++) {
		UChar32 c;
		UErrorCode se = U_ZERO_ERROR;
		UScriptCode sc;
		int32_t j = i;

		if (t->n16[i] == 0x2019 || t->n16[i] == 0x02BC || t->n16[i] == 0x2018 ||
		    t->n16[i] == '`')
			t->n16[i] = '\'';
		U16_NEXT(t->n16, j, nn, c);
		sc = uscript_getScript(c, &se);
		if (sc == USCRIPT_CYRILLIC)
			out->cyrillic = true;
		else if (sc == USCRIPT_LATIN)
			out->latin = true;
	}
	u_strToUTF8(out->s, MAX_TERM, &o, t->n16, nn, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) {
		o = MAX_TERM;
		while (o > 0 && ((unsigned char)out->s[o] & 0xC0) == 0x80)
			o--;
		st = U_ZERO_ERROR;
	}
	if (U_FAILURE(st))
		return false;
	out->s[o] = '\0';
	out->len = (size_t)o;
	if (out->cyrillic) { /* ё -> е, as the analyzer does */
		for (size_t i = 0; i + 1 < out->len; i++)
			if ((unsigned char)out->s[i] == 0xD1 &&
			    (unsigned char)out->s[i + 1] == 0x91) {
				out->s[i] = (char)0xD0;
				out->s[i + 1] = (char)0xB5;
			}
	}
	return true;
}

typedef int (*word_fn)(void *ctx, const word *w);

/* Call fn for every word of text, folded; stops when fn returns nonzero. */
static bool each_word(tok *t, const char *text, size_t len, word_fn fn, void *ctx)
{
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
	int32_t start, end;

	ubrk_setUText(t->bi, ut, &st);
	if (U_FAILURE(st)) {
		utext_close(ut);
		return false;
	}
	start = ubrk_first(t->bi);
	for (end = ubrk_next(t->bi); end != UBRK_DONE; start = end, end = ubrk_next(t->bi)) {
		word w;

		if (ubrk_getRuleStatus(t->bi) < UBRK_WORD_NONE_LIMIT)
			continue;
		end = rbp_join_backticks(t->bi, text, len, end); /* as the analyzer */
		if (!fold_word(t, text + start, (size_t)(end - start), &w))
			continue;
		if (fn(ctx, &w))
			break;
	}
	utext_close(ut);
	return true;
}

typedef struct wordlist {
	word w[MAX_WORDS];
	size_t n;
	bool overflow;
} wordlist;

static int collect(void *ctx, const word *w)
{
	wordlist *l = ctx;

	if (l->n == MAX_WORDS) {
		l->overflow = true;
		return 1;
	}
	l->w[l->n++] = *w;
	return 0;
}

/* ---------------------------------------------------------------------------
 * A set of strings.
 */

typedef struct strset {
	char **slot;
	size_t cap, n;
} strset;

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static bool set_has(const strset *set, const char *s, size_t n)
{
	if (!set->cap)
		return false;
	for (size_t i = hash(s, n) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
		if (!set->slot[i])
			return false;
		if (strlen(set->slot[i]) == n && !memcmp(set->slot[i], s, n))
			return true;
	}
}

static bool set_add(strset *set, const char *s, size_t n)
{
	size_t i;

	if (set_has(set, s, n))
		return true;
	if (2 * (set->n + 1) > set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 1024;
		char **slot = calloc(cap, sizeof *slot);

		if (!slot)
			return false;
		for (size_t k = 0; k < set->cap; k++) {
			char *e = set->slot[k];

			if (!e)
				continue;
			for (i = hash(e, strlen(e)) & (cap - 1); slot[i]; i = (i + 1) & (cap - 1))
				;
			slot[i] = e;
		}
		free(set->slot);
		set->slot = slot;
		set->cap = cap;
	}
	for (i = hash(s, n) & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
		;
	set->slot[i] = malloc(n + 1);
	if (!set->slot[i])
		return false;
	memcpy(set->slot[i], s, n);
	set->slot[i][n] = '\0';
	set->n++;
	return true;
}

static void set_free(strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	set->slot = NULL;
	set->cap = set->n = 0;
}

/* ---------------------------------------------------------------------------
 * Files.
 */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "translit_eval: %s: cannot open\n", path);
		return NULL;
	}
	for (;;) {
		size_t got;

		if (cap - n < 65536) {
			char *p = realloc(buf, cap ? 2 * cap : 1 << 20);

			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap = cap ? 2 * cap : 1 << 20;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "translit_eval: %s: read error\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---------------------------------------------------------------------------
 * variants
 */

typedef struct tally {
	const char *scheme;
	size_t n, ok, ok_gated;
} tally;

static tally *tally_for(tally *t, size_t *nt, size_t max, const char *scheme)
{
	for (size_t i = 0; i < *nt; i++)
		if (!strcmp(t[i].scheme, scheme))
			return &t[i];
	if (*nt == max)
		return &t[max - 1];
	t[*nt].scheme = scheme;
	t[*nt].n = t[*nt].ok = t[*nt].ok_gated = 0;
	return &t[(*nt)++];
}

/* Does the romanized word `l` stand for the Cyrillic word `c`?  Two words
 * without a key (numbers) match when they are the same word. */
static bool word_match(struct sb_stemmer *ru, const word *l, const word *c,
		       bool gated, char *kl, char *kc)
{
	size_t nl = rbp_russian_key(ru, l->s, l->len, kl, RBP_KEY_MAX);
	size_t nc = rbp_russian_key(ru, c->s, c->len, kc, RBP_KEY_MAX);

	if (gated && l->latin && !rbp_latin_may_be_russian(l->s, l->len)) {
		nl = 0;
		strcpy(kl, "(gate)");
	}
	if (nl && nc)
		return nl == nc && !memcmp(kl, kc, nl);
	if (!nl && !nc)
		return l->len == c->len && !memcmp(l->s, c->s, l->len);
	return false;
}

/* Does every word match?  `why` gets the first difference. */
static bool pair_match(struct sb_stemmer *ru, const wordlist *a,
		       const wordlist *b, bool gated, char *why, size_t whysz)
{
	char kl[RBP_KEY_MAX], kc[RBP_KEY_MAX];

	if (a->n != b->n || a->overflow || b->overflow) {
		snprintf(why, whysz, "%zu words vs %zu", a->n, b->n);
		return false;
	}
	for (size_t i = 0; i < a->n; i++)
		if (!word_match(ru, &a->w[i], &b->w[i], gated, kl, kc)) {
			snprintf(why, whysz, "%s -> %s | %s -> %s", a->w[i].s,
				 kl[0] ? kl : "(none)", b->w[i].s, kc[0] ? kc : "(none)");
			return false;
		}
	return true;
}

static int cmd_variants(struct sb_stemmer *ru, tok *t, const char *path)
{
	char *text, *line, *save = NULL;
	size_t len, n = 0, ok = 0, ok_g = 0, ntypo = 0, typo_ok = 0, nlex = 0,
	       lex_merged = 0, nt = 0, lineno = 0, nh = 0, ok_h = 0, ok_hg = 0;
	tally tallies[16];
	double p, pg;
	int ret;

	text = read_file(path, &len);
	if (!text)
		return 2;
	printf("failures (every Latin word keyed):\n");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { 0 }, *s = line, why[3 * RBP_KEY_MAX], whyg[3 * RBP_KEY_MAX];
		wordlist a = { .n = 0 }, b = { .n = 0 };
		bool m, mg, typo, lexeme;
		int nf = 0;
		tally *ta;

		lineno++;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (f[nf++] = s; nf < 4 && (s = strchr(s, '\t')); f[nf++] = s)
			*s++ = '\0';
		if (nf < 3 || !f[2]) {
			fprintf(stderr, "%s:%zu: expected 3 or 4 tab-separated fields\n",
				path, lineno);
			continue;
		}
		if (nf < 4)
			f[3] = "";
		each_word(t, f[0], strlen(f[0]), collect, &a);
		each_word(t, f[1], strlen(f[1]), collect, &b);
		m = pair_match(ru, &a, &b, false, why, sizeof why);
		mg = pair_match(ru, &a, &b, true, whyg, sizeof whyg);
		typo = strstr(f[3], "typo") != NULL;
		lexeme = strstr(f[3], "lexeme") != NULL;
		if (typo) {
			ntypo++;
			typo_ok += m;
			continue;
		}
		if (lexeme) {
			nlex++;
			lex_merged += m;
			if (m)
				printf("  MERGED lexeme: %s = %s\n", f[0], f[1]);
			continue;
		}
		n++;
		ok += m;
		ok_g += mg;
		if (strstr(f[3], "holdout")) {
			nh++;
			ok_h += m;
			ok_hg += mg;
		}
		ta = tally_for(tallies, &nt, 16, f[2]);
		ta->n++;
		ta->ok += m;
		ta->ok_gated += mg;
		if (!m)
			printf("  [%s] %s = %s: %s\n", f[2], f[0], f[1], why);
		else if (!mg)
			printf("  [%s] %s = %s: gated only: %s\n", f[2], f[0], f[1], whyg);
	}
	p = n ? 100.0 * (double)ok / (double)n : 0;
	pg = n ? 100.0 * (double)ok_g / (double)n : 0;
	printf("by scheme (all keyed / gated):\n");
	for (size_t i = 0; i < nt; i++)
		printf("  %-10s %3zu of %3zu / %3zu of %3zu\n", tallies[i].scheme,
		       tallies[i].ok, tallies[i].n, tallies[i].ok_gated, tallies[i].n);
	printf("typos matched anyway: %zu of %zu (not counted)\n", typo_ok, ntypo);
	printf("different lexemes merged: %zu of %zu (not counted; each is listed above)\n",
	       lex_merged, nlex);
	if (nh)
		printf("holdout lines: %zu of %zu match, %zu with the gate\n", ok_h, nh, ok_hg);
	printf("variants: %zu of %zu pairs match (%.1f%%)\n", ok, n, p);
	printf("variants with the gate: %zu of %zu pairs match (%.1f%%)\n", ok_g, n, pg);
	/* The target is on the mapping, every word keyed.  With the gate a
	 * pair also fails when the gate leaves one of its words to English (а,
	 * и, о in Latin letters are); retrieval, which is what counts for the
	 * gated path, is measured by tests/t0160-variants.sh. */
	ret = (n > 0 && p >= TARGET_RECALL) ? 0 : 1;
	printf("target %.0f%%: %s\n", TARGET_RECALL, ret ? "FAIL" : "ok");
	free(text);
	return ret;
}

/* ---------------------------------------------------------------------------
 * collisions
 */

typedef struct rucollect {
	struct sb_stemmer *ru;
	strset words, stems, keys, pairs, cognates;
	bool oom;
} rucollect;

static int add_russian(void *ctx, const word *w)
{
	rucollect *rc = ctx;
	char key[RBP_KEY_MAX], pair[2 * RBP_KEY_MAX + MAX_TERM];
	size_t n, sl;
	const sb_symbol *s;

	if (!w->cyrillic || w->latin)
		return 0;
	/* A cognate key is made for the capitalized forms alone, in the index
	 * as here: the names (and the first words of sentences). */
	if (w->capital && (n = rbp_cognate_key(w->s, w->len, key, sizeof key)) &&
	    !set_has(&rc->cognates, key, n) && !set_add(&rc->cognates, key, n))
		goto oom;
	if (set_has(&rc->words, w->s, w->len))
		return 0;
	if (!set_add(&rc->words, w->s, w->len))
		goto oom;
	s = sb_stemmer_stem(rc->ru, (const sb_symbol *)w->s, (int)w->len);
	if (!s)
		goto oom;
	sl = (size_t)sb_stemmer_length(rc->ru);
	memcpy(pair, s, sl);
	pair[sl] = '\t';
	if (!set_add(&rc->stems, pair, sl))
		goto oom;
	n = rbp_russian_key(rc->ru, w->s, w->len, key, sizeof key);
	if (!n)
		return 0;
	memcpy(pair + sl + 1, key, n);
	if (!set_add(&rc->keys, key, n) || !set_add(&rc->pairs, pair, sl + 1 + n))
		goto oom;
	return 0;
oom:
	rc->oom = true;
	return 1;
}

typedef struct encollect {
	struct sb_stemmer *ru;
	const strset *keys;
	size_t n, keyed, gated, coll, coll_gated, shown;
	strset seen;
	bool oom;
} encollect;

static int add_english(void *ctx, const word *w)
{
	encollect *ec = ctx;
	char key[RBP_KEY_MAX];
	size_t n;
	bool g, hit;

	if (!w->latin || w->cyrillic || set_has(&ec->seen, w->s, w->len))
		return 0;
	if (!set_add(&ec->seen, w->s, w->len)) {
		ec->oom = true;
		return 1;
	}
	ec->n++;
	n = rbp_russian_key(ec->ru, w->s, w->len, key, sizeof key);
	g = rbp_latin_may_be_russian(w->s, w->len);
	hit = n && set_has(ec->keys, key, n);
	ec->keyed += n > 0;
	ec->gated += g;
	ec->coll += hit;
	if (g && hit) {
		ec->coll_gated++;
		if (SHOW_ALL || ec->shown++ < SHOW_EXAMPLES)
			printf("  %s -> %s\n", w->s, key);
	}
	return 0;
}

/* True if a word-list line has a capital letter or an apostrophe. */
static bool skip_entry(const char *s, size_t len)
{
	int32_t i = 0;

	while ((size_t)i < len) {
		UChar32 c;

		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0 || c == '\'' || c == 0x2019 || u_isupper(c))
			return true;
	}
	return false;
}

static double pct(size_t a, size_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static int cmd_collisions(struct sb_stemmer *ru, tok *t, const char *wordlist,
			  char **rufiles, int nru)
{
	rucollect rc = { .ru = ru };
	encollect ec = { .ru = ru };
	char *text, *line, *save = NULL;
	size_t len;
	int ret = 2;

	for (int i = 0; i < nru; i++) {
		text = read_file(rufiles[i], &len);
		if (!text)
			goto out;
		each_word(t, text, len, add_russian, &rc);
		free(text);
		if (rc.oom)
			goto out;
	}
	/* A (stem, key) pair beyond one per stem splits a Snowball class; one
	 * beyond one per key merges two. */
	printf("russian words: %zu distinct, %zu Snowball stems, %zu keys\n",
	       rc.words.n, rc.stems.n, rc.keys.n);
	printf("russian stem classes split by the key: %zu (%.2f%%); merged by it: %zu (%.2f%%)\n",
	       rc.pairs.n - rc.stems.n, pct(rc.pairs.n - rc.stems.n, rc.stems.n),
	       rc.pairs.n - rc.keys.n, pct(rc.pairs.n - rc.keys.n, rc.stems.n));
	text = read_file(wordlist, &len);
	if (!text)
		goto out;
	ec.keys = &rc.keys;
	printf("gated English words whose key is a Russian key (first %d):\n",
	       SHOW_EXAMPLES);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t l = strlen(line);

		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (!l || skip_entry(line, l))
			continue;
		each_word(t, line, l, add_english, &ec);
		if (ec.oom)
			break;
	}
	free(text);
	if (ec.oom)
		goto out;
	printf("english words: %zu; with a key: %zu; passing the gate: %zu (%.2f%%)\n",
	       ec.n, ec.keyed, ec.gated, pct(ec.gated, ec.n));
	printf("collisions without the gate: %zu of %zu (%.2f%%)\n", ec.coll, ec.n,
	       pct(ec.coll, ec.n));
	printf("collisions with the gate: %zu of %zu (%.2f%%; %.2f%% of gated words)\n",
	       ec.coll_gated, ec.n, pct(ec.coll_gated, ec.n),
	       pct(ec.coll_gated, ec.gated));
	ret = pct(ec.coll_gated, ec.n) <= TARGET_COLLISIONS ? 0 : 1;
	printf("target %.1f%%: %s\n", TARGET_COLLISIONS, ret ? "FAIL" : "ok");
out:
	if (rc.oom || ec.oom)
		fprintf(stderr, "translit_eval: out of memory\n");
	set_free(&rc.words);
	set_free(&rc.stems);
	set_free(&rc.keys);
	set_free(&rc.pairs);
	set_free(&rc.cognates);
	set_free(&ec.seen);
	return ret;
}

/* ---------------------------------------------------------------------------
 * running
 */

typedef struct counted {
	char *word;
	size_t n;
} counted;

typedef struct runctx {
	struct sb_stemmer *ru;
	const strset *keys, *cognates;
	size_t tokens, gated, coll, coll_gated, capital, coll_cognate, coll_either;
	/* the gate's context over one file's tokens: their states and hits */
	unsigned char *st;
	bool *hit, *cog;
	size_t nst, capst, coll_context;
	counted *hits; /* gated colliding word types with their counts */
	size_t nhits, caphits;
	counted *cogs; /* the same for the cognate key */
	size_t ncogs, capcogs;
	bool oom;
} runctx;

/* Count one more of word w in the list. */
static bool count_word(counted **list, size_t *n, size_t *cap, const word *w)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*list)[i].word, w->s))
			break;
	if (i == *n) {
		if (*n == *cap) {
			size_t c = *cap ? 2 * *cap : 256;
			counted *p = realloc(*list, c * sizeof *p);
			if (!p)
				return false;
			*list = p;
			*cap = c;
		}
		if (!((*list)[i].word = malloc(w->len + 1)))
			return false;
		memcpy((*list)[i].word, w->s, w->len + 1);
		(*list)[i].n = 0;
		(*n)++;
	}
	(*list)[i].n++;
	return true;
}

static int add_running(void *ctx, const word *w)
{
	runctx *rc = ctx;
	char key[RBP_KEY_MAX];
	size_t n;
	bool g, hit;

	if (rc->nst == rc->capst) {
		size_t c = rc->capst ? 2 * rc->capst : 4096;
		unsigned char *st = realloc(rc->st, c);
		if (st)
			rc->st = st;
		bool *h = realloc(rc->hit, c * sizeof *h);
		if (h)
			rc->hit = h;
		bool *cg = realloc(rc->cog, c * sizeof *cg);
		if (cg)
			rc->cog = cg;
		if (!st || !h || !cg)
			goto oom;
		rc->capst = c;
	}
	if (!w->latin || w->cyrillic) {
		rc->hit[rc->nst] = rc->cog[rc->nst] = false;
		rc->st[rc->nst++] = RBP_CTX_NONE;
		return 0;
	}
	rc->tokens++;
	n = rbp_russian_key(rc->ru, w->s, w->len, key, sizeof key);
	g = rbp_latin_may_be_russian(w->s, w->len);
	hit = n && set_has(rc->keys, key, n);
	rc->gated += g;
	rc->coll += hit;
	rc->hit[rc->nst] = hit;
	rc->st[rc->nst++] = !n ? RBP_CTX_NONE : g ? RBP_CTX_GATED : RBP_CTX_REFUSED;
	{
		char cog[RBP_KEY_MAX];
		size_t cn = w->capital ? rbp_cognate_key(w->s, w->len, cog, sizeof cog) : 0;
		bool chit = cn && set_has(rc->cognates, cog, cn);
		char west[2][RBP_KEY_MAX];
		size_t wl[2], nw = w->capital ? rbp_cognate_keys_western(w->s, w->len, west, wl) : 0;
		for (size_t i = 0; i < nw; i++)
			chit |= set_has(rc->cognates, west[i], wl[i]);
		rc->capital += w->capital;
		rc->coll_cognate += chit;
		rc->cog[rc->nst - 1] = chit; /* the key's share waits for the context */
		if (chit && !count_word(&rc->cogs, &rc->ncogs, &rc->capcogs, w))
			goto oom;
	}
	if (!(g && hit))
		return 0;
	rc->coll_gated++;
	if (!count_word(&rc->hits, &rc->nhits, &rc->caphits, w))
		goto oom;
	return 0;
oom:
	rc->oom = true;
	return 1;
}

static int by_count(const void *a, const void *b)
{
	const counted *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : strcmp(x->word, y->word);
}

static int cmd_running(struct sb_stemmer *ru, tok *t, char **files, int nfiles)
{
	rucollect rc = { .ru = ru };
	runctx run = { .ru = ru };
	int sep = -1, ret = 2;
	char *text;
	size_t len;

	for (int i = 0; i < nfiles; i++)
		if (!strcmp(files[i], "--"))
			sep = i;
	if (sep < 1 || sep == nfiles - 1) {
		fprintf(stderr, "usage: translit_eval running EN_TEXT... -- RUSSIAN_TEXT...\n");
		return 2;
	}
	for (int i = sep + 1; i < nfiles && !rc.oom; i++) {
		text = read_file(files[i], &len);
		if (!text)
			goto out;
		each_word(t, text, len, add_russian, &rc);
		free(text);
	}
	run.keys = &rc.keys;
	run.cognates = &rc.cognates;
	for (int i = 0; i < sep && !rc.oom && !run.oom; i++) {
		text = read_file(files[i], &len);
		if (!text)
			goto out;
		run.nst = 0;
		each_word(t, text, len, add_running, &run);
		free(text);
		bool *ctx = run.oom ? NULL : malloc(run.nst * sizeof *ctx + 1);
		if (!ctx) {
			run.oom = true;
			break;
		}
		rbp_gate_context(run.st, run.nst, ctx);
		for (size_t k = 0; k < run.nst; k++) {
			bool keyed = run.hit[k] && (run.st[k] == RBP_CTX_GATED || ctx[k]);
			run.coll_context += keyed;
			run.coll_either += keyed || run.cog[k];
		}
		free(ctx);
	}
	if (rc.oom || run.oom) {
		fprintf(stderr, "translit_eval: out of memory\n");
		goto out;
	}
	qsort(run.hits, run.nhits, sizeof *run.hits, by_count);
	printf("most frequent gated colliding words:");
	for (size_t i = 0; i < run.nhits && i < SHOW_EXAMPLES; i++)
		printf(" %s(%zu)", run.hits[i].word, run.hits[i].n);
	printf("\nlatin tokens: %zu; passing the gate: %zu (%.2f%%)\n", run.tokens,
	       run.gated, pct(run.gated, run.tokens));
	printf("token collisions without the gate: %zu (%.2f%%)\n", run.coll,
	       pct(run.coll, run.tokens));
	printf("token collisions with the gate: %zu (%.2f%%) in %zu word types\n",
	       run.coll_gated, pct(run.coll_gated, run.tokens), run.nhits);
	printf("token collisions with the gate and its context: %zu (%.2f%%)\n",
	       run.coll_context, pct(run.coll_context, run.tokens));
	printf("capitalized tokens (they get a cognate key): %zu (%.2f%%)\n", run.capital,
	       pct(run.capital, run.tokens));
	qsort(run.cogs, run.ncogs, sizeof *run.cogs, by_count);
	printf("most frequent colliding capitalized words:");
	for (size_t i = 0; i < run.ncogs && i < SHOW_EXAMPLES; i++)
		printf(" %s(%zu)", run.cogs[i].word, run.cogs[i].n);
	printf("\ntoken collisions of the cognate key: %zu (%.2f%%)\n", run.coll_cognate,
	       pct(run.coll_cognate, run.tokens));
	printf("token collisions, gated key, its context or cognate: %zu (%.2f%%)\n", run.coll_either,
	       pct(run.coll_either, run.tokens));
	ret = 0;
out:
	for (size_t i = 0; i < run.nhits; i++)
		free(run.hits[i].word);
	free(run.hits);
	for (size_t i = 0; i < run.ncogs; i++)
		free(run.cogs[i].word);
	free(run.cogs);
	free(run.st);
	free(run.hit);
	free(run.cog);
	set_free(&rc.words);
	set_free(&rc.stems);
	set_free(&rc.keys);
	set_free(&rc.pairs);
	set_free(&rc.cognates);
	return ret;
}

/* ---------------------------------------------------------------------------
 * Words as the analyzer itself makes their terms (rb_analyzer_run): what
 * the index holds and a query looks for, name keys, French readings, the
 * gate and its context included.
 */

typedef struct aword {
	char *terms[16];
	size_t n;
} aword;

typedef struct atext {
	aword w[MAX_WORDS];
	size_t n;
	bool oom;
} atext;

static int take_terms(void *ctx, const rb_token *tok)
{
	atext *t = ctx;
	aword *w;

	if (t->n == MAX_WORDS)
		return 1;
	w = &t->w[t->n++];
	w->n = 0;
	for (size_t i = 1; i < tok->nterms && w->n < 16; i++) /* not the exact form */
		if (!(w->terms[w->n++] = strndup(tok->terms[i].text, tok->terms[i].len)))
			t->oom = true;
	return 0;
}

static void atext_free(atext *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (size_t k = 0; k < t->w[i].n; k++)
			free(t->w[i].terms[k]);
	t->n = 0;
}

/* Analyze text into t (t->n words); query: as a query word is analyzed. */
static void analyze(rb_analyzer *a, const char *text, bool query, atext *t)
{
	t->n = 0;
	rb_analyzer_set_cognates(a, query);
	if (rb_analyzer_run(a, text, strlen(text), 1, take_terms, t) != RB_OK)
		t->oom = true;
	rb_analyzer_set_cognates(a, false);
}

static bool share_term(const aword *x, const aword *y)
{
	for (size_t i = 0; i < x->n; i++)
		for (size_t k = 0; k < y->n; k++)
			if (!strcmp(x->terms[i], y->terms[k]))
				return true;
	return false;
}

/* ---------------------------------------------------------------------------
 * schemes: the words of an iuliia set (tests/data/iuliia), romanized in
 * each of iuliia's schemes, word by word against their Cyrillic words: the
 * share that gets the Cyrillic word's key (rbp_russian_key alone); the
 * share whose terms, as the analyzer indexes the romanized sentence (name
 * keys, readings, the gate and its context), meet the terms of the
 * Cyrillic word as indexed; and the share that does so as a query word
 * typed alone.  TRANSLIT_EVAL_MISSES=1 in the environment also lists the
 * words whose indexed terms miss ("miss"), for a development set only.
 */

typedef struct schemetally {
	char name[32];
	size_t words, keyed, indexed, query;
} schemetally;

static int cmd_schemes(struct sb_stemmer *ru, tok *t, const char *path, double target)
{
	rb_analyzer *an = NULL;
	static atext acy, ala, aq;

	if (rb_analyzer_new(&an) != RB_OK) {
		fprintf(stderr, "translit_eval: cannot make an analyzer\n");
		return 2;
	}
	size_t len, nt = 0;
	char *text = read_file(path, &len), *line, *save = NULL;
	schemetally tl[64];
	size_t all = 0, all_keyed = 0;
	int ret = 0;

	if (!text)
		return 2;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[4] = { line, NULL, NULL, NULL };
		for (int k = 1; k < 4 && f[k - 1]; k++)
			if ((f[k] = strchr(f[k - 1], '\t')))
				*f[k]++ = '\0';
		if (!f[3])
			continue;
		size_t i;
		for (i = 0; i < nt && strcmp(tl[i].name, f[0]); i++)
			;
		if (i == nt) {
			if (nt == 64)
				continue;
			memset(&tl[nt], 0, sizeof tl[nt]);
			snprintf(tl[nt].name, sizeof tl[nt].name, "%s", f[0]);
			nt++;
		}
		wordlist *cy = calloc(1, sizeof *cy), *la = calloc(1, sizeof *la);
		if (!cy || !la) {
			free(cy);
			free(la);
			free(text);
			return 2;
		}
		each_word(t, f[2], strlen(f[2]), collect, cy);
		each_word(t, f[3], strlen(f[3]), collect, la);
		/* word for word; a sentence whose romanization has another number
		 * of words counts its Cyrillic words as missed */
		analyze(an, f[2], false, &acy);
		analyze(an, f[3], false, &ala);
		bool aligned = la->n == cy->n && acy.n == cy->n && ala.n == la->n;
		for (size_t k = 0; k < cy->n; k++) {
			char kc[RBP_KEY_MAX], kl[RBP_KEY_MAX];
			size_t nc = rbp_russian_key(ru, cy->w[k].s, cy->w[k].len, kc, sizeof kc), nl = 0;
			bool same = false, indexed = false, query = false;
			if (aligned && la->w[k].latin && !la->w[k].cyrillic) {
				nl = rbp_russian_key(ru, la->w[k].s, la->w[k].len, kl, sizeof kl);
				same = nc && nl == nc && !memcmp(kc, kl, nc);
				indexed = share_term(&ala.w[k], &acy.w[k]);
				char one[MAX_TERM + 8];
				snprintf(one, sizeof one, "%.*s", (int)la->w[k].len, la->w[k].s);
				analyze(an, one, true, &aq);
				query = aq.n == 1 && share_term(&aq.w[0], &acy.w[k]);
				atext_free(&aq);
			}
			if (!indexed && aligned && getenv("TRANSLIT_EVAL_MISSES"))
				printf("miss\t%s\t%.*s\t%.*s%s\n", f[0], (int)la->w[k].len, la->w[k].s,
				       (int)cy->w[k].len, cy->w[k].s, query ? "\t(query finds)" : "");
			tl[i].words++;
			tl[i].keyed += same;
			tl[i].indexed += indexed;
			tl[i].query += query;
		}
		atext_free(&acy);
		atext_free(&ala);
		free(cy);
		free(la);
	}
	size_t all_indexed = 0, all_query = 0;
	printf("scheme                 words  key     indexed  query\n");
	for (size_t i = 0; i < nt; i++) {
		printf("%-22s %5zu  %5.1f%%  %5.1f%%   %5.1f%%\n", tl[i].name, tl[i].words,
		       pct(tl[i].keyed, tl[i].words), pct(tl[i].indexed, tl[i].words),
		       pct(tl[i].query, tl[i].words));
		all_indexed += tl[i].indexed;
		all_query += tl[i].query;
		all += tl[i].words;
		all_keyed += tl[i].keyed;
	}
	printf("all                    %5zu  %5.1f%%  %5.1f%%   %5.1f%%\n", all, pct(all_keyed, all),
	       pct(all_indexed, all), pct(all_query, all));
	/* every scheme of these families keyed to 95% or more */
	static const char *const families[] = {
		"ala_lc", "bgn_pcgn", "iso_9_", "gost_779", "icao_", "wikipedia", "yandex_"
	};
	bool fam_ok = true;
	printf("families (95%% each):");
	for (size_t i = 0; i < nt; i++)
		for (size_t f = 0; f < sizeof families / sizeof *families; f++)
			if (!strncmp(tl[i].name, families[f], strlen(families[f])) &&
			    pct(tl[i].indexed, tl[i].words) < 95.0) {
				printf(" %s", tl[i].name);
				fam_ok = false;
			}
	printf(" %s\n", fam_ok ? "ok" : "MISSED");
	if (target > 0) {
		bool ok = pct(all_indexed, all) >= target && fam_ok;
		printf("target %.1f%%: %s\n", target, ok ? "ok" : "MISSED");
		ret = ok ? 0 : 1;
	}
	free(text);
	rb_analyzer_free(an);
	return ret;
}

/* ---------------------------------------------------------------------------
 * queries: the query side of collisions.  Every token of the English texts,
 * typed in lower case as a query word alone, gets the terms a query gives
 * it (rb_query_parse's mode: the gate, a cognate key for every word, name
 * keys); it collides when one of its Russian keys or cognate keys (R, G)
 * is a term that some word of the Russian word lists has, in lower case or
 * capitalized, as the index would give it.  Exit 0 unless an error, or,
 * with a TARGET, when the rate is above it.
 *
 *   translit_eval queries [--text] [TARGET_PERCENT] EN_TEXT... -- RUSSIAN_WORDLIST...
 *
 * With --text, the English texts are analyzed as the index analyzes them
 * instead (case kept, the gate's context, French neighbours), each token
 * with the terms it is indexed with.
 */

static void capitalize(char *s, size_t sz);

typedef struct qctx {
	rb_analyzer *an;
	strset ru;       /* the R and G terms of the Russian words */
	strset seen, hits; /* English word types looked up, and those colliding */
	size_t tokens, coll, types, coll_types;
	counted *top;
	size_t ntop, captop;
	bool oom;
} qctx;

static bool cross_term(const char *t)
{
	return t[0] == RB_PREFIX_KEY[0] || t[0] == RB_PREFIX_COGNATE[0];
}

static int add_ru_terms(void *ctx, const rb_token *tok)
{
	qctx *q = ctx;

	for (size_t i = 1; i < tok->nterms; i++)
		if (cross_term(tok->terms[i].text) &&
		    !set_has(&q->ru, tok->terms[i].text, tok->terms[i].len) &&
		    !set_add(&q->ru, tok->terms[i].text, tok->terms[i].len))
			q->oom = true;
	return 0;
}

typedef struct qhit {
	qctx *q;
	bool hit;
} qhit;

static int check_query_terms(void *ctx, const rb_token *tok)
{
	qhit *h = ctx;

	for (size_t i = 1; i < tok->nterms; i++)
		if (cross_term(tok->terms[i].text) &&
		    set_has(&h->q->ru, tok->terms[i].text, tok->terms[i].len)) {
			h->hit = true;
			if (getenv("TRANSLIT_EVAL_MISSES")) /* which term, for a development set */
				printf("collides\t%s\t%s\n", tok->norm, tok->terms[i].text);
		}
	return 0;
}

static int query_token(void *ctx, const word *w)
{
	qctx *q = ctx;
	qhit h = { q, false };

	if (!w->latin || w->cyrillic)
		return 0;
	q->tokens++;
	if (set_has(&q->hits, w->s, w->len)) {
		q->coll++;
	} else if (!set_has(&q->seen, w->s, w->len)) {
		if (!set_add(&q->seen, w->s, w->len))
			goto oom;
		q->types++;
		rb_analyzer_set_cognates(q->an, true);
		rb_analyzer_run(q->an, w->s, w->len, 1, check_query_terms, &h);
		rb_analyzer_set_cognates(q->an, false);
		if (!h.hit)
			return 0;
		if (!set_add(&q->hits, w->s, w->len))
			goto oom;
		q->coll_types++;
		q->coll++;
	} else {
		return 0;
	}
	if (!count_word(&q->top, &q->ntop, &q->captop, w))
		goto oom;
	return 0;
oom:
	q->oom = true;
	return 1;
}

/* --text: a token as indexed collides when one of its R or G terms does. */
static int text_token(void *ctx, const rb_token *tok)
{
	qctx *q = ctx;
	qhit h = { q, false };
	bool latin = false;

	for (const char *p = tok->norm; *p && !latin; p++)
		latin = (*p >= 'a' && *p <= 'z');
	if (!latin || (unsigned char)tok->norm[0] >= 0xD0)
		return 0;
	q->tokens++;
	check_query_terms(&h, tok);
	if (h.hit) {
		word w = { .len = strlen(tok->norm) };
		q->coll++;
		if (w.len < sizeof w.s) {
			memcpy(w.s, tok->norm, w.len + 1);
			if (!count_word(&q->top, &q->ntop, &q->captop, &w))
				q->oom = true;
		}
	}
	return 0;
}

static int cmd_queries(tok *t, char **args, int nargs)
{
	qctx q = { 0 };
	int sep = -1, first = 0, ret = 2;
	bool text_mode = nargs > 0 && !strcmp(args[0], "--text");

	if (text_mode) {
		args++;
		nargs--;
	}
	double target = 0;
	char *text, *line, *save;
	size_t len;

	if (nargs > 0 && strspn(args[0], "0123456789.") == strlen(args[0])) {
		target = atof(args[0]);
		first = 1;
	}
	for (int i = first; i < nargs; i++)
		if (!strcmp(args[i], "--"))
			sep = i;
	if (sep <= first || sep == nargs - 1) {
		fprintf(stderr, "usage: translit_eval queries [TARGET] EN_TEXT... -- RUSSIAN_WORDLIST...\n");
		return 2;
	}
	if (rb_analyzer_new(&q.an) != RB_OK)
		return 2;
	for (int i = sep + 1; i < nargs && !q.oom; i++) {
		if (!(text = read_file(args[i], &len)))
			goto out;
		for (line = strtok_r(text, "\n", &save); line && !q.oom;
		     line = strtok_r(NULL, "\n", &save)) {
			char cap[MAX_TERM + 8];
			size_t n = strlen(line);
			if (n == 0 || n > MAX_TERM)
				continue;
			rb_analyzer_run(q.an, line, n, 1, add_ru_terms, &q);
			snprintf(cap, sizeof cap, "%s", line);
			capitalize(cap, sizeof cap);
			rb_analyzer_run(q.an, cap, strlen(cap), 1, add_ru_terms, &q);
		}
		free(text);
	}
	for (int i = first; i < sep && !q.oom; i++) {
		if (!(text = read_file(args[i], &len)))
			goto out;
		if (text_mode) {
			rb_analyzer_run(q.an, text, len, 1, text_token, &q);
			free(text);
			continue;
		}
		/* typed in lower case, as queries are */
		for (size_t k = 0; k < len; k++)
			if (text[k] >= 'A' && text[k] <= 'Z')
				text[k] += 'a' - 'A';
		each_word(t, text, len, query_token, &q);
		free(text);
	}
	if (q.oom) {
		fprintf(stderr, "translit_eval: out of memory\n");
		goto out;
	}
	qsort(q.top, q.ntop, sizeof *q.top, by_count);
	printf("most frequent colliding query words:");
	for (size_t i = 0; i < q.ntop && i < SHOW_EXAMPLES; i++)
		printf(" %s(%zu)", q.top[i].word, q.top[i].n);
	printf("\nquery tokens: %zu in %zu word types\n", q.tokens, q.types);
	printf("query token collisions: %zu (%.2f%%) in %zu word types\n", q.coll,
	       pct(q.coll, q.tokens), q.coll_types);
	ret = 0;
	if (target > 0) {
		bool ok = pct(q.coll, q.tokens) <= target;
		printf("target %.2f%%: %s\n", target, ok ? "ok" : "MISSED");
		ret = ok ? 0 : 1;
	}
out:
	for (size_t i = 0; i < q.ntop; i++)
		free(q.top[i].word);
	free(q.top);
	set_free(&q.ru);
	set_free(&q.seen);
	set_free(&q.hits);
	rb_analyzer_free(q.an);
	return ret;
}

/* ---------------------------------------------------------------------------
 * forms: the five forms of each name of tests/data/be_names.tsv.
 */

/* Łacinka, the classical rules, from lower-case Belarusian Cyrillic: г h,
 * х ch, ц c, ч č, ш š, ж ž, ў ŭ, ы y, й j, э e; е ё ю я as ie io iu ia after
 * a consonant, je jo ju ja elsewhere, and after л as e o u a with л as l;
 * л is ł before a hard sound; ь softens: ź ś ć ń dź, l. */
static void lacinka(const UChar *s, int32_t n, char *out, size_t outsz)
{
	size_t o = 0;
	out[0] = '\0';
#define PUT(str) do { size_t l_ = strlen(str); if (o + l_ + 1 < outsz) { memcpy(out + o, str, l_); o += l_; out[o] = '\0'; } } while (0)
	for (int32_t i = 0; i < n; i++) {
		UChar c = s[i], d = i + 1 < n ? s[i + 1] : 0, p = i ? s[i - 1] : 0;
		bool soft_v = d == 0x435 || d == 0x451 || d == 0x44E || d == 0x44F || d == 0x456 || d == 0x44C;
		bool after_cons = p && !u_strchr(u"аеёіоуыэюяўь'", p);
		switch (c) {
		case 0x430: PUT("a"); break;
		case 0x431: PUT("b"); break;
		case 0x432: PUT("v"); break;
		case 0x433: PUT("h"); break;
		case 0x491: PUT("g"); break;
		case 0x434:
			if (d == 0x436) { PUT("dž"); i++; }
			else if (d == 0x437) { PUT(i + 2 < n && s[i + 2] == 0x44C ? "dź" : "dz"); i += 1 + (i + 2 < n && s[i + 2] == 0x44C); }
			else PUT("d");
			break;
		case 0x435: case 0x451: case 0x44E: case 0x44F: {
			const char *v = c == 0x435 ? "e" : c == 0x451 ? "o" : c == 0x44E ? "u" : "a";
			if (p == 0x43B) {
				PUT(v);
			} else {
				PUT(after_cons ? "i" : "j");
				PUT(v);
			}
			break;
		}
		case 0x436: PUT("ž"); break;
		case 0x437: PUT(d == 0x44C ? "ź" : "z"); break;
		case 0x456: PUT("i"); break;
		case 0x439: PUT("j"); break;
		case 0x43A: PUT("k"); break;
		case 0x43B: PUT(soft_v ? "l" : "ł"); break;
		case 0x43C: PUT("m"); break;
		case 0x43D: PUT(d == 0x44C ? "ń" : "n"); break;
		case 0x43E: PUT("o"); break;
		case 0x43F: PUT("p"); break;
		case 0x440: PUT("r"); break;
		case 0x441: PUT(d == 0x44C ? "ś" : "s"); break;
		case 0x442: PUT("t"); break;
		case 0x443: PUT("u"); break;
		case 0x45E: PUT("ŭ"); break;
		case 0x444: PUT("f"); break;
		case 0x445: PUT("ch"); break;
		case 0x446: PUT(d == 0x44C ? "ć" : "c"); break;
		case 0x447: PUT("č"); break;
		case 0x448: PUT("š"); break;
		case 0x44B: PUT("y"); break;
		case 0x44C: break;
		case 0x44D: PUT("e"); break;
		case '\'': case 0x2019: break;
		default: break;
		}
	}
#undef PUT
}

/* The word with its first letter made a capital (UTF-8 in, UTF-8 out). */
static void capitalize(char *s, size_t sz)
{
	UChar u[256];
	int32_t n = 0, o = 0;
	UErrorCode st = U_ZERO_ERROR;

	u_strFromUTF8(u, 256, &n, s, -1, &st);
	if (U_FAILURE(st) || !n)
		return;
	u[0] = (UChar)u_totitle(u[0]);
	u_strToUTF8(s, (int32_t)sz, &o, u, n, &st);
}

static int cmd_forms(const char *path)
{
	size_t len;
	char *text = read_file(path, &len), *line, *save = NULL;
	UErrorCode st = U_ZERO_ERROR;
	UTransliterator *be = utrans_openU(u"Belarusian-Latin/BGN", -1, UTRANS_FORWARD, NULL, 0,
					    NULL, &st);
	UTransliterator *ru = utrans_openU(u"Russian-Latin/BGN", -1, UTRANS_FORWARD, NULL, 0,
					    NULL, &st);
	unsigned id = 0;

	if (!text || U_FAILURE(st)) {
		fprintf(stderr, "translit_eval: cannot read %s or open ICU's BGN transforms: %s\n",
			path, u_errorName(st));
		free(text);
		return 2;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t'), *tab2;
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		tab2 = strchr(tab + 1, '\t');
		if (tab2)
			*tab2 = '\0';
		const char *cyr[2] = { line, tab + 1 };
		char out[5][512];
		id++;
		for (int k = 0; k < 2; k++) {
			UChar u[256];
			int32_t n = 0, lim, o = 0;
			UErrorCode e = U_ZERO_ERROR;
			snprintf(out[k], sizeof out[k], "%s", cyr[k]);
			u_strFromUTF8(u, 256, &n, cyr[k], -1, &e);
			lim = n;
			utrans_transUChars(k ? ru : be, u, &n, 256, 0, &lim, &e);
			u_strToUTF8(out[k ? 4 : 2], 512, &o, u, n, &e);
			if (U_FAILURE(e))
				out[k ? 4 : 2][0] = '\0';
			if (!k) { /* Łacinka from the lower-case Belarusian form */
				UChar lw[256];
				int32_t ln = 0;
				e = U_ZERO_ERROR;
				u_strFromUTF8(u, 256, &n, cyr[0], -1, &e);
				ln = u_strToLower(lw, 256, u, n, "", &e);
				lacinka(lw, ln, out[3], sizeof out[3]);
				capitalize(out[3], sizeof out[3]);
			}
		}
		static const char *const names[] = { "be", "ru", "be-bgn", "lacinka", "ru-bgn" };
		for (int k = 0; k < 5; k++)
			printf("%u\t%s\t%s\n", id, names[k], out[k]);
	}
	utrans_close(be);
	utrans_close(ru);
	free(text);
	return 0;
}

/* ---------------------------------------------------------------------------
 * key
 */

typedef struct keyctx {
	struct sb_stemmer *ru;
} keyctx;

static int print_key(void *ctx, const word *w)
{
	keyctx *kc = ctx;
	char key[RBP_KEY_MAX];
	size_t n = rbp_russian_key(kc->ru, w->s, w->len, key, sizeof key);

	printf("%s\t%s\t%s\n", w->s,
	       w->latin ? (rbp_latin_may_be_russian(w->s, w->len) ? "gate:yes" : "gate:no") : "-",
	       n ? key : "(none)");
	return 0;
}

int main(int argc, char **argv)
{
	struct sb_stemmer *ru;
	tok t;
	int ret = 2;

	if (argc < 3 || (strcmp(argv[1], "variants") && strcmp(argv[1], "collisions") &&
			 strcmp(argv[1], "running") && strcmp(argv[1], "key") &&
			 strcmp(argv[1], "forms") && strcmp(argv[1], "schemes") &&
			 strcmp(argv[1], "queries")) ||
	    (!strcmp(argv[1], "variants") && argc != 3) ||
	    (!strcmp(argv[1], "collisions") && argc < 4)) {
		fprintf(stderr, "usage: translit_eval variants FILE\n"
				"       translit_eval collisions WORDLIST RUSSIAN_TEXT...\n"
				"       translit_eval running EN_TEXT... -- RUSSIAN_TEXT...\n"
				"       translit_eval key WORD...\n"
				"       translit_eval forms NAMES_TSV\n"
				"       translit_eval schemes IULIIA_TSV [TARGET_PERCENT]\n"
				"       translit_eval queries [TARGET_PERCENT] EN_TEXT... -- RUSSIAN_WORDLIST...\n");
		return 2;
	}
	ru = sb_stemmer_new("russian", "UTF_8");
	if (!ru) {
		fprintf(stderr, "translit_eval: no Snowball russian stemmer\n");
		return 2;
	}
	if (!tok_init(&t)) {
		sb_stemmer_delete(ru);
		return 2;
	}
	if (!strcmp(argv[1], "variants")) {
		ret = cmd_variants(ru, &t, argv[2]);
	} else if (!strcmp(argv[1], "collisions")) {
		ret = cmd_collisions(ru, &t, argv[2], argv + 3, argc - 3);
	} else if (!strcmp(argv[1], "running")) {
		ret = cmd_running(ru, &t, argv + 2, argc - 2);
	} else if (!strcmp(argv[1], "forms")) {
		ret = cmd_forms(argv[2]);
	} else if (!strcmp(argv[1], "queries")) {
		ret = cmd_queries(&t, argv + 2, argc - 2);
	} else if (!strcmp(argv[1], "schemes")) {
		ret = cmd_schemes(ru, &t, argv[2], argc > 3 ? atof(argv[3]) : 0);
	} else {
		keyctx kc = { ru };

		for (int i = 2; i < argc; i++)
			each_word(&t, argv[i], strlen(argv[i]), print_key, &kc);
		ret = 0;
	}
	tok_free(&t);
	sb_stemmer_delete(ru);
	return ret;
}
