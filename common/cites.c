/*
 * cites.c - what a passage cites.  Recognises reference-list entries and
 * numbered notes among a document's passages, finds citation markers in the
 * body, and resolves each marker to the full text it points to:
 *
 *   (Smith 2006), (Lake 2009, 58), (Shraibman, 2019), (Flanagan et al., 2019),
 *   (Allenova, Geda, and Novikov 2008), (Yakovlev-Golani 2011a, 48–49),
 *   (Bojcun 2001; Wolczuk 2002, 42)  ->  the entry whose author part names that
 *                                        surname and whose year (and a/b suffix)
 *                                        is that year
 *   [23]                             ->  the note passage "[23] ..."
 *
 * A marker that resolves to nothing keeps a NULL reference: a guess is never
 * attached.  Years inside ordinary text ("(2000–2008)", "Zapad-2017", "G7")
 * are not markers: a marker's parenthesis must open with a capitalised name.
 */
#define _GNU_SOURCE /* memmem */
#include "rb_private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_NAME 64

typedef struct refkey {
	size_t author_len; /* bytes of the author part at the entry's start */
	int year;
	char suffix;       /* 'a', 'b', ... or 0 */
} refkey;

static bool upper_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (i >= n)
		return false;
	if (isupper(c))
		return true;
	/* Non-ASCII capitals (Ł, Ž, Č, Д ...) are two-byte letters whose case
	 * we cannot see cheaply; accept a lead byte of Latin-1 Supplement,
	 * Latin Extended-A or Cyrillic capitals. */
	return (c == 0xC3 || c == 0xC4 || c == 0xC5 || c == 0xD0) && i + 1 < n;
}

/* A year at s[i]: four digits 1500-2099 not inside a longer number. */
static int year_at(const char *s, size_t n, size_t i)
{
	int y = 0;

	if (i + 4 > n || (i > 0 && isalnum((unsigned char)s[i - 1])))
		return 0;
	for (size_t k = 0; k < 4; k++) {
		if (!isdigit((unsigned char)s[i + k]))
			return 0;
		y = y * 10 + (s[i + k] - '0');
	}
	if (i + 4 < n && isdigit((unsigned char)s[i + 4]))
		return 0;
	return y >= 1500 && y <= 2099 ? y : 0;
}

/* Reference-list entry: "Smith, Keith. 2006. “Title.” ..." - an author part
 * that opens with a capital, then ". YEAR[a-z]." (or a year range such as
 * "2006–07.") early in a short passage. */
static bool parse_entry(const char *s, size_t n, refkey *k)
{
	if (n > 800 || !upper_at(s, n, 0))
		return false;
	for (size_t i = 1; i + 6 < n && i < 300; i++) {
		size_t j;
		int y;

		if (s[i] != '.' || s[i + 1] != ' ' || !(y = year_at(s, n, i + 2)))
			continue;
		j = i + 6;
		k->suffix = (j < n && islower((unsigned char)s[j])) ? s[j++] : 0;
		if (j + 3 <= n && !memcmp(s + j, "\xE2\x80\x93", 3)) { /* 2006–07 */
			j += 3;
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
		}
		if (j < n && s[j] == '.') {
			k->author_len = i;
			k->year = y;
			return true;
		}
	}
	return false;
}

/* Numbered note passage: "[23] text". */
static bool parse_note(const char *s, size_t n, unsigned *num)
{
	size_t i = 1;
	unsigned v = 0;

	if (n < 4 || s[0] != '[')
		return false;
	while (i < n && i < 6 && isdigit((unsigned char)s[i]))
		v = v * 10 + (unsigned)(s[i++] - '0');
	if (i == 1 || i + 2 >= n || s[i] != ']')
		return false;
	if (s[i + 1] != ' ' && !((unsigned char)s[i + 1] == 0xC2 && (unsigned char)s[i + 2] == 0xA0))
		return false;
	*num = v;
	return true;
}

/* Entries in the styles that put the year late, as web articles do:
 * 'Surname, Given. “Title.” Site. Date.' or '“Title.” Site. Date. Accessed
 * ...' - a quoted title near the start, and a year somewhere. */
static bool late_year_entry(const char *s, size_t n)
{
	static const char open_q[] = "\xE2\x80\x9C"; /* “ */
	const char *q;
	size_t at, i;

	if (n > 600 || !(q = memmem(s, n < 120 ? n : 120, open_q, 3)))
		return false;
	at = (size_t)(q - s);
	if (at > 0) { /* "Surname, Given. " before the title: names only */
		const char *comma = memchr(s, ',', at);
		if (!comma || at < 2 || at > 80 || s[at - 2] != '.' || s[at - 1] != ' ')
			return false;
		for (i = 0; i < at - 1; i++)
			if ((i == 0 || s[i - 1] == ' ') && !upper_at(s, n, i) &&
			    strncmp(s + i, "and ", 4) && strncmp(s + i, "et al", 5))
				return false;
	}
	if (!memmem(s + at, n - at, "\xE2\x80\x9D", 3)) /* ” */
		return false;
	for (i = at; i + 4 <= n; i++)
		if (year_at(s, n, i))
			return true;
	return false;
}

static bool is_entry(const rb_passage *p)
{
	refkey k;
	return parse_entry(p->text, p->len, &k) || late_year_entry(p->text, p->len);
}

void rbp_classify_passages(rb_passage *ps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned num;
		if (ps[i].kind != RB_KIND_BODY)
			continue; /* the reader knew it: a PDF footnote or links */
		if (parse_note(ps[i].text, ps[i].len, &num)) {
			ps[i].kind = RB_KIND_NOTE;
			ps[i].note = num;
		} else if (is_entry(&ps[i])) {
			ps[i].kind = RB_KIND_REFERENCE;
		}
	}
}

/* ------------------------------------------------------------------------
 * Markers.
 */

typedef struct ay {
	char name[MAX_NAME]; /* first author's surname */
	int year;
	char suffix;
} ay;

/* Parse one author-year citation "Names[,] YEAR[a-z][, pages]" in s[0..n). */
static bool parse_ay(const char *s, size_t n, ay *out)
{
	size_t i = 0, name_end;

	while (i < n && s[i] == ' ')
		i++;
	if (!upper_at(s, n, i))
		return false;
	name_end = i;
	while (name_end < n && s[name_end] != ' ' && s[name_end] != ',')
		name_end++;
	if (name_end - i >= MAX_NAME)
		return false;
	memcpy(out->name, s + i, name_end - i);
	out->name[name_end - i] = '\0';
	/* The year follows the names: the first "[,] YEAR" whose names part
	 * holds no digits. */
	for (size_t j = name_end; j < n; j++) {
		if (isdigit((unsigned char)s[j])) {
			if (s[j - 1] != ' ' || !(out->year = year_at(s, n, j)))
				return false;
			j += 4;
			out->suffix = (j < n && islower((unsigned char)s[j]) &&
				       (j + 1 == n || !isalpha((unsigned char)s[j + 1])))
					      ? s[j++] : 0;
			return j == n || s[j] == ',' || s[j] == ' ';
		}
		if (s[j] == '(' || s[j] == ':' || s[j] == '"')
			return false;
	}
	return false;
}

static bool word_in(const char *hay, size_t n, const char *w)
{
	size_t wl = strlen(w);

	for (size_t i = 0; i + wl <= n; i++)
		if (!memcmp(hay + i, w, wl) &&
		    (i == 0 || !isalnum((unsigned char)hay[i - 1])) &&
		    (i + wl == n || !isalnum((unsigned char)hay[i + wl])))
			return true;
	return false;
}

static const rb_passage *resolve_ay(const rb_passage *ps, size_t n, const ay *a)
{
	const rb_passage *found = NULL;

	for (size_t i = 0; i < n; i++) {
		refkey k;
		if (ps[i].kind != RB_KIND_REFERENCE || !parse_entry(ps[i].text, ps[i].len, &k))
			continue;
		if (k.year != a->year || k.suffix != a->suffix ||
		    !word_in(ps[i].text, k.author_len, a->name))
			continue;
		if (found)
			return NULL; /* two candidates: do not guess */
		found = &ps[i];
	}
	return found;
}

/* The [N] note with that number. */
static const rb_passage *resolve_note(const rb_passage *ps, size_t n, unsigned num)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].kind == RB_KIND_NOTE && !ps[i].pdf_note && ps[i].note == num)
			return &ps[i];
	return NULL;
}

/* The PDF footnote with that number on the passage's page, or on the first
 * of its pages that has one when it runs over a page break; *exists says
 * whether the document has one of that number on any page. */
static const rb_passage *resolve_footnote(const rb_passage *ps, size_t n, unsigned num,
					  const rb_passage *p, bool *exists)
{
	uint32_t last = p->page + (p->page_end > p->page_start ? p->page_end - p->page_start : 0);
	const rb_passage *best = NULL;

	*exists = false;
	for (size_t i = 0; i < n; i++) {
		if (!ps[i].pdf_note || ps[i].note != num)
			continue;
		*exists = true;
		if (ps[i].page >= p->page && ps[i].page <= last && (!best || ps[i].page < best->page))
			best = &ps[i];
	}
	return best;
}

/* Does a footnote number glued to the text start at s[i]?  "Runet18.",
 * "Ukraine45.", "(Belarus) »4.", "RussNeft)44 ." - digits right after two
 * letters or a closing mark, or after a letter and a full stop, comma,
 * semicolon or colon ("paper.1": a superscript after the sentence's end),
 * then the end, space or punctuation.  "G7" (one letter) and "Zapad-2017" (a
 * hyphen) are not; a number with no footnote of its own on the page is no
 * marker either (scan_markers). */
static size_t glued_number(const char *s, size_t n, size_t i, unsigned *num)
{
	size_t j = i;
	unsigned char a, b;

	if (i < 2 || !isdigit((unsigned char)s[i]) || isdigit((unsigned char)s[i - 1]))
		return 0;
	a = (unsigned char)s[i - 1];
	b = (unsigned char)s[i - 2];
	if (!((isalpha(a) && isalpha(b)) || a == ')' || a == '"' ||
	      (strchr(".,;:", a) && isalpha(b)) ||              /* "paper.1", "ties,4" */
	      (a == 0xBB && b == 0xC2) ||                        /* » */
	      (a == 0x9D && b == 0x80) || (a == 0x99 && b == 0x80) /* ” ’ */))
		return 0;
	*num = 0;
	while (j < n && j < i + 3 && isdigit((unsigned char)s[j]))
		*num = *num * 10 + (unsigned)(s[j++] - '0');
	if (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '/'))
		return 0;
	return j - i;
}

static rb_status add_cite(rb_passage *p, const char *m, size_t mlen,
			  const rb_passage *ref)
{
	rb_cite *c = realloc(p->cites, (p->ncites + 1) * sizeof *c);

	if (!c)
		return RB_ENOMEM;
	p->cites = c;
	c = &p->cites[p->ncites];
	c->marker = rbp_strndup(m, mlen);
	c->reference = ref ? rbp_strndup(ref->text, ref->len) : NULL;
	p->ncites++;
	return (!c->marker || (ref && !c->reference)) ? RB_ENOMEM : RB_OK;
}

/* "(A 2001; B 2002, 42)": each citation of the group.  A group of one keeps
 * its parentheses as the marker. */
static rb_status scan_group(rb_passage *p, const rb_passage *ps, size_t n,
			    size_t open, size_t close)
{
	const char *s = p->text;
	size_t i = open + 1;
	ay a;
	bool single = !memchr(s + open, ';', close - open);

	while (i < close) {
		const char *semi = memchr(s + i, ';', close - i);
		size_t end = semi ? (size_t)(semi - s) : close;
		if (parse_ay(s + i, end - i, &a)) {
			rb_status st;
			size_t ms = i;
			while (s[ms] == ' ')
				ms++;
			st = single ? add_cite(p, s + open, close - open + 1, resolve_ay(ps, n, &a))
				    : add_cite(p, s + ms, end - ms, resolve_ay(ps, n, &a));
			if (st)
				return st;
		}
		i = end + 1;
	}
	return RB_OK;
}

static rb_status scan_markers(rb_passage *p, const rb_passage *ps, size_t n, bool pdf)
{
	const char *s = p->text;
	size_t from = 0, k;
	unsigned v;

	if (p->kind == RB_KIND_NOTE) /* a note's own "[23]" is not a citation */
		from = (size_t)((const char *)memchr(s, ']', p->len) - s) + 1;
	for (size_t i = from; i < p->len; i++) {
		rb_status st = RB_OK;
		if (s[i] == '(') {
			const char *close = memchr(s + i, ')', p->len - i);
			if (close && close - (s + i) < 200)
				st = scan_group(p, ps, n, i, (size_t)(close - s));
		} else if (pdf && (k = glued_number(s, p->len, i, &v))) {
			bool exists;
			const rb_passage *r = resolve_footnote(ps, n, v, p, &exists);
			if (exists) /* a number with no footnote anywhere is no marker */
				st = add_cite(p, s + i, k, r);
			i += k - 1;
		} else if (s[i] == '[' && i + 2 < p->len && isdigit((unsigned char)s[i + 1])) {
			unsigned v = 0;
			size_t j = i + 1;
			while (j < p->len && j < i + 5 && isdigit((unsigned char)s[j]))
				v = v * 10 + (unsigned)(s[j++] - '0');
			if (j < p->len && s[j] == ']')
				st = add_cite(p, s + i, j - i + 1, resolve_note(ps, n, v));
		}
		if (st)
			return st;
	}
	return RB_OK;
}

rb_status rbp_resolve_passage(rb_passage *p, const rb_passage *table, size_t n, bool pdf)
{
	/* References and notes cite nothing, but for "[23]" notes, whose text
	 * may point to other notes. */
	if (p->kind == RB_KIND_REFERENCE || p->pdf_note || (p->kind == RB_KIND_NOTE && !p->note))
		return RB_OK;
	return scan_markers(p, table, n, pdf);
}
