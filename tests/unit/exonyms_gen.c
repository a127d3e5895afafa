/*
 * exonyms_gen.c - the exonyms of corpus/rbsearch.glossary: the names of the region's
 * countries and of its cities in English, Russian, Belarusian and
 * Ukrainian, from ICU's own locale data (CLDR): territory display names,
 * and the exemplar cities of the time zones of each country.  One concept a
 * line, its spellings joined by '~' (rbsearch(5)).
 *
 *   make exonyms    (rewrites the glossary from its "# --- exonyms_gen ---" line)
 *
 * Spellings the analyzer joins already (by the Russian key or the cognate
 * key: Minsk, Минск, Мінск) are left out of a concept, and a concept left
 * with one spelling is not written.
 *
 * A city is a time zone's exemplar city, so the list holds the cities that
 * name a zone (Moscow, Minsk, Kyiv, Simferopol, Kaliningrad, Volgograd, ...),
 * not every city.  t0165 checks that the glossary holds what this writes.
 */
#include "rb.h"

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Russia, Belarus, Ukraine and their neighbours, and the states of the
 * former Soviet Union. */
static const char *const regions[] = {
	"RU", "BY", "UA", "PL", "LT", "LV", "EE", "MD", "GE", "AM", "AZ", "KZ",
	"UZ", "KG", "TJ", "TM", "FI", "NO", "RO", "SK", "HU", "CN", "MN",
};
/* Whose time zones' cities are listed: the countries of the former Soviet
 * Union and Poland. */
#define ZONE_REGIONS 17
/* Zones whose exemplar is a region in one language and a city in another
 * (Kamchatka, Петропавловск-Камчатский), an abbreviation (о-в Сахалин), or an
 * English word (Oral, Уральск). */
static const char *const skip_zones[] = { "Asia/Kamchatka", "Asia/Sakhalin", "Asia/Oral" };
static const char *const locales[] = { "en", "ru", "be", "uk" };
#define NLOC (sizeof locales / sizeof *locales)

typedef struct line {
	char spell[NLOC][128];
} line;

static rb_analyzer *an;

typedef struct keys {
	char t[8][256]; /* the Russian keys and cognates of a spelling */
	size_t n;
	bool shortkey;
} keys;

static int key_term(void *ctx, const rb_token *tok)
{
	keys *k = ctx;

	for (size_t i = 0; i < tok->nterms && k->n < 8; i++)
		if (tok->terms[i].via == RB_VIA_TRANSLIT || tok->terms[i].via == RB_VIA_COGNATE) {
			snprintf(k->t[k->n++], sizeof k->t[0], "%s", tok->terms[i].text);
			/* a stem of three letters or less ("Rрас" of Расія) also
			 * stands for other words (RAS): such a spelling is left out */
			k->shortkey |= tok->terms[i].via == RB_VIA_TRANSLIT && tok->terms[i].len <= 7;
		}
	return 0;
}

static void keys_of(const char *s, keys *k)
{
	memset(k, 0, sizeof *k);
	rb_analyzer_run(an, s, strlen(s), 1, key_term, k);
}

/* The spellings of a concept, each once, in locale order; a spelling the
 * analyzer already joins to an earlier one (they share a Russian key or a
 * cognate key) is left out, since the query finds it anyway. */
static void print_line(const line *l)
{
	int printed = 0;
	char out[NLOC * 132] = "";
	keys k[NLOC];

	for (size_t i = 0; i < NLOC; i++)
		keys_of(l->spell[i], &k[i]);
	for (size_t i = 0; i < NLOC; i++) {
		bool seen = !l->spell[i][0] || strchr(l->spell[i], '~') || (i && k[i].shortkey);
		for (size_t j = 0; j < i && !seen; j++) {
			seen = !strcmp(l->spell[i], l->spell[j]);
			for (size_t a = 0; a < k[i].n && !seen; a++)
				for (size_t b = 0; b < k[j].n && !seen; b++)
					seen = !strcmp(k[i].t[a], k[j].t[b]);
		}
		if (seen)
			continue;
		if (printed++)
			strcat(out, " ~ ");
		strcat(out, l->spell[i]);
	}
	if (printed >= 2)
		printf("%s\n", out);
}

static void to_utf8(const UChar *s, int32_t n, char *out, size_t outsz)
{
	UErrorCode st = U_ZERO_ERROR;

	u_strToUTF8(out, (int32_t)outsz, NULL, s, n, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		out[0] = '\0';
}

int main(void)
{
	UErrorCode st = U_ZERO_ERROR;

	if (rb_analyzer_new(&an) != RB_OK) {
		fprintf(stderr, "exonyms_gen: cannot start the analyzer\n");
		return 2;
	}
	rb_analyzer_set_cognates(an, true);

	printf("# --- exonyms_gen ---\n"
	       "# The names of the countries and cities of Russia,\n"
	       "# Belarus, Ukraine and their neighbours in English, Russian, Belarusian\n"
	       "# and Ukrainian, from ICU's locale data (CLDR %s): territory names and\n"
	       "# the exemplar cities of time zones.  Written by tests/unit/exonyms_gen.c\n"
	       "# (make exonyms); do not edit below this line.\n\n",
	       U_ICU_VERSION);
	for (size_t r = 0; r < sizeof regions / sizeof *regions; r++) {
		line l;
		char code[8];
		snprintf(code, sizeof code, "_%s", regions[r]);
		for (size_t k = 0; k < NLOC; k++) {
			UChar buf[128];
			int32_t n;
			st = U_ZERO_ERROR;
			n = uloc_getDisplayCountry(code, locales[k], buf, 128, &st);
			if (U_FAILURE(st))
				n = 0;
			to_utf8(buf, n, l.spell[k], sizeof l.spell[k]);
		}
		print_line(&l);
	}
	for (size_t r = 0; r < ZONE_REGIONS; r++) {
		st = U_ZERO_ERROR;
		UEnumeration *zones = ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION,
								    regions[r], NULL, &st);
		const UChar *id;
		int32_t idlen;
		while (U_SUCCESS(st) && (id = uenum_unext(zones, &idlen, &st))) {
			line l;
			char zid[64];
			bool skip = false;
			u_austrncpy(zid, id, sizeof zid - 1);
			zid[sizeof zid - 1] = '\0';
			for (size_t k = 0; k < sizeof skip_zones / sizeof *skip_zones; k++)
				skip |= !strcmp(zid, skip_zones[k]);
			if (skip)
				continue;
			for (size_t k = 0; k < NLOC; k++) {
				UErrorCode e = U_ZERO_ERROR;
				UChar out[128];
				UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, locales[k], id,
							   idlen, u"VVV", -1, &e);
				int32_t n = f ? udat_format(f, ucal_getNow(), out, 128, NULL, &e) : 0;
				to_utf8(out, U_SUCCESS(e) ? n : 0, l.spell[k], sizeof l.spell[k]);
				if (f)
					udat_close(f);
			}
			print_line(&l);
		}
		uenum_close(zones);
	}
	rb_analyzer_free(an);
	return 0;
}
