/*
 * date.c - the one date parser: the dates metadata states (sidecars, PDF
 * information dictionaries, HTML meta tags, libraries) and the dates that
 * stand in the first lines of a text.  Every date comes out as ISO 8601,
 * possibly partial: "2014", "2014-05", "2014-05-13".  A date that cannot be
 * (2021-02-30) is refused with a message that says so, never shifted.
 */
#include "rb_private.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* Russian months by their stem, in any case form (февраль, февраля,
 * феврале), and the abbreviations papers use (фев., сент.). */
static const char *const ru_stems[] = {
	"январ", "феврал", "март", "апрел", NULL, "июн", "июл", "август", "сентябр",
	"октябр", "ноябр", "декабр"
};
static const struct {
	const char *w;
	int m;
} ru_words[] = {
	{ "янв", 1 }, { "фев", 2 }, { "мар", 3 }, { "апр", 4 }, { "май", 5 }, { "мая", 5 },
	{ "мае", 5 }, { "авг", 8 }, { "сен", 9 }, { "сент", 9 }, { "окт", 10 }, { "ноя", 11 },
	{ "нояб", 11 }, { "дек", 12 }
};

/* The lower-case Cyrillic word at s (А-Я and Ё folded, other letters kept)
 * in out, at most outsz - 1 bytes; its length in bytes of s, 0 if s does not
 * start with a Cyrillic letter. */
static size_t cyrillic_word(const char *s, char *out, size_t outsz)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;

	while ((u[i] == 0xD0 || u[i] == 0xD1) && (u[i + 1] & 0xC0) == 0x80 && o + 2 < outsz) {
		unsigned c = ((u[i] & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu);
		if (c >= 0x410 && c <= 0x42F)
			c += 0x20;
		else if (c == 0x401)
			c = 0x451;
		out[o++] = (char)(0xC0 | (c >> 6));
		out[o++] = (char)(0x80 | (c & 0x3F));
		i += 2;
	}
	out[o] = '\0';
	return (u[i] == 0xD0 || u[i] == 0xD1) ? 0 : i; /* too long: no month */
}

/* A Russian month name at s: its number, 0 if none. */
static int ru_month_at(const char *s, size_t *used)
{
	static const char *const endings[] = { "", "ь", "я", "е", "а" };
	char w[64];
	size_t n = cyrillic_word(s, w, sizeof w);

	if (!n)
		return 0;
	*used = n;
	for (size_t i = 0; i < sizeof ru_words / sizeof *ru_words; i++)
		if (!strcmp(w, ru_words[i].w))
			return ru_words[i].m;
	for (int m = 0; m < 12; m++) {
		size_t k = ru_stems[m] ? strlen(ru_stems[m]) : 0;
		if (!k || strncmp(w, ru_stems[m], k))
			continue;
		for (size_t e = 0; e < sizeof endings / sizeof *endings; e++)
			if (!strcmp(w + k, endings[e]))
				return m + 1;
	}
	return 0;
}

/* Month number for a name or its three-letter abbreviation at s, English
 * or Russian; 0 if none. */
static int month_at(const char *s, size_t *used)
{
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(months[m]), k = 0;
		while (k < full && tolower((unsigned char)s[k]) == months[m][k])
			k++;
		if ((k == full || k == 3) && !isalpha((unsigned char)s[k])) {
			*used = k;
			return m + 1;
		}
	}
	return ru_month_at(s, used);
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Why y-m-d (m, d 0 when absent) is no date, or NULL when it is one. */
static const char *ymd_problem(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1000 || y > 2999)
		return "the year is out of range (1000-2999)";
	if (m < 0 || m > 12)
		return "there is no such month";
	if (d && (!m || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap(y))))
		return "there is no such day in that month";
	return NULL;
}

static bool format_ymd(int y, int m, int d, char out[11])
{
	if (ymd_problem(y, m, d))
		return false;
	if (d)
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	else if (m)
		snprintf(out, 11, "%04d-%02d", y, m);
	else
		snprintf(out, 11, "%04d", y);
	return true;
}

static char *dup_ymd(int y, int m, int d)
{
	char out[11];
	return format_ymd(y, m, d, out) ? rbp_strdup(out) : NULL;
}

/* Exactly `k` digits at s[*i]: their value, else -1. */
static int digits(const char *s, size_t n, size_t *i, int k)
{
	int v = 0;

	if (*i + (size_t)k > n)
		return -1;
	for (int j = 0; j < k; j++) {
		if (!isdigit((unsigned char)s[*i + (size_t)j]))
			return -1;
		v = v * 10 + (s[*i + (size_t)j] - '0');
	}
	*i += (size_t)k;
	return v;
}

/* "2014", "2014-05", "2014-05-13", "2014/05/13", and with `loose` a time
 * after it ("2014-05-13T10:00:00+03:00", "2014-05-13 10:00") or PDF's
 * "D:20140513103000Z". */
static bool numeric_date(const char *s, size_t n, bool loose, int *y, int *m, int *d)
{
	size_t i = 0;
	char sep;

	*m = *d = 0;
	if (loose && n >= 6 && !strncmp(s, "D:", 2)) { /* PDF: D:YYYYMMDDHHmmSS */
		i = 2;
		if ((*y = digits(s, n, &i, 4)) < 0)
			return false;
		if (i < n && (*m = digits(s, n, &i, 2)) < 0)
			return false;
		if (i < n && isdigit((unsigned char)s[i]) && (*d = digits(s, n, &i, 2)) < 0)
			return false;
		return true;
	}
	if ((*y = digits(s, n, &i, 4)) < 0)
		return false;
	if (i == n)
		return true;
	sep = s[i];
	if (sep != '-' && !(loose && sep == '/'))
		return false;
	i++;
	if ((*m = digits(s, n, &i, 2)) < 0)
		return false;
	if (i == n)
		return true;
	if (s[i] != sep)
		return false;
	i++;
	if ((*d = digits(s, n, &i, 2)) < 0)
		return false;
	return i == n || (loose && (s[i] == 'T' || s[i] == ' '));
}

static int read_int(const char *s, size_t *i, int maxdigits)
{
	int v = 0, k = 0;

	while (k < maxdigits && isdigit((unsigned char)s[*i])) {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k ? v : -1;
}

static void skip_seps(const char *s, size_t *i)
{
	while (s[*i] == ' ' || s[*i] == '.' || s[*i] == ',' || s[*i] == '\t')
		(*i)++;
}

/* After a day's number a at s[j]: ".MM.YYYY" (05.02.2023), or "/MM/YYYY",
 * which is read month first where only that makes a date (12/31/2020),
 * and is no date where either way would (05/06/2014). */
static bool day_first(const char *s, size_t j, int a, int *y, int *m, int *d)
{
	char sep = s[j];
	size_t k = j + 1, yk;
	int b, c;

	if ((sep != '.' && sep != '/') || !isdigit((unsigned char)s[k]))
		return false;
	b = read_int(s, &k, 2);
	if (s[k] != sep || !isdigit((unsigned char)s[k + 1]))
		return false;
	yk = k + 1;
	c = read_int(s, &yk, 4);
	if (yk - k - 1 != 4 || isdigit((unsigned char)s[yk]))
		return false;
	if (sep == '/' && a <= 12 && b <= 12 && a != b)
		return false;
	*y = c;
	if (sep == '/' && a <= 12 && b > 12)
		*m = a, *d = b;
	else
		*d = a, *m = b;
	return true;
}

/* The shapes seen at the top of articles, at s[i] of a NUL-terminated s:
 * 2020-08-03, 13 May 2014, 13.May 2014, May 13, 2014, August 3, 2020,
 * 05.02.2023, "Month YYYY", and in Russian 5 февраля 2023 г., февраль 2023.
 * Fills y, m, d; false if none stands there. */
static bool prose_date(const char *s, size_t i, int *y, int *m, int *d)
{
	size_t j = i, used;

	*d = 0;
	if (isdigit((unsigned char)s[j])) {
		int a = read_int(s, &j, 4);
		if (j - i == 4 && s[j] == '-') {
			j++;
			*m = read_int(s, &j, 2);
			if (s[j] != '-')
				return false;
			j++;
			*d = read_int(s, &j, 2);
			*y = a;
			return *m > 0 && *d > 0 && !isdigit((unsigned char)s[j]);
		}
		if (j - i > 2)
			return false;
		if (day_first(s, j, a, y, m, d))
			return true;
		skip_seps(s, &j);
		if (!(*m = month_at(s + j, &used)))
			return false;
		j += used;
		skip_seps(s, &j);
		*y = read_int(s, &j, 4);
		*d = a;
		return !isdigit((unsigned char)s[j]);
	}
	if (i > 0 && isalpha((unsigned char)s[i - 1]))
		return false;
	if (!(*m = month_at(s + i, &used)))
		return false;
	j = i + used;
	skip_seps(s, &j);
	*d = read_int(s, &j, 4);
	if (*d >= 1000 && !isdigit((unsigned char)s[j])) {
		*y = *d;
		*d = 0;
		return true;
	}
	if (*d < 1 || *d > 31)
		return false;
	skip_seps(s, &j);
	*y = read_int(s, &j, 4);
	return !isdigit((unsigned char)s[j]);
}

char *rbp_date_at(const char *s, size_t i)
{
	int y, m, d;

	return prose_date(s, i, &y, &m, &d) ? dup_ymd(y, m, d) : NULL;
}

char *rbp_date_in_text(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		char *d;
		if (i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		if ((d = rbp_date_at(s, i)))
			return d;
	}
	return NULL;
}

/* Where a date starts after a leading word and a comma ("Tuesday, 13 May
 * 2014", "Вторник, 13 мая 2014 г."); 0 if the value does not start so. */
static size_t after_weekday(const char *s)
{
	size_t i = 0;

	while (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
		i++;
	if (i == 0 || i > 24 || s[i] != ',')
		return 0;
	for (i++; s[i] == ' '; i++)
		;
	return i;
}

rb_status rbp_date_parse(const char *s, size_t n, bool strict, char out[11], const char **why)
{
	int y, m, d;
	char buf[64];
	const char *problem;

	*why = NULL;
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!numeric_date(s, n, !strict, &y, &m, &d)) {
		/* a prose date ("13 May 2014") that fills the whole value */
		if (strict || n >= sizeof buf)
			goto not_a_date;
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (!prose_date(buf, 0, &y, &m, &d) && !prose_date(buf, after_weekday(buf), &y, &m, &d))
			goto not_a_date;
	}
	if ((problem = ymd_problem(y, m, d))) {
		*why = problem;
		return RB_EINVAL;
	}
	format_ymd(y, m, d, out);
	return RB_OK;
not_a_date:
	*why = strict ? "a date must be YYYY, YYYY-MM or YYYY-MM-DD" : "not a date";
	return RB_EINVAL;
}
