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
 * not every city.  Then the regions, and the cities that are regions of
 * their own (Sevastopol), of Belarus, Ukraine and Russia, from the
 * iso-codes package: ISO 3166-2 names (/usr/share/iso-codes/json) and their
 * Russian, Belarusian and Ukrainian translations (the iso_3166-2 gettext
 * catalogs).  t0165 checks that the glossary holds what this writes.
 */
#include "rb.h"

#include <unicode/ucal.h>
#include <unicode/udat.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
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
	/* once: a city may be a zone's and a region of its own (Kyiv) */
	static char done[512][NLOC * 132 / 4];
	static size_t ndone;
	for (size_t i = 0; i < ndone; i++)
		if (!strcmp(done[i], out))
			return;
	if (ndone < 512 && strlen(out) < sizeof done[0])
		strcpy(done[ndone++], out);
	if (printed >= 2)
		printf("%s\n", out);
}

/* ---------------------------------------------------------------------
 * A gettext catalog (.mo): a table of original strings, sorted, and one of
 * their translations (GNU gettext's manual, "The Format of GNU MO Files").
 */
typedef struct catalog {
	unsigned char *data;
	size_t size;
	uint32_t n, orig, trans;
	bool swap;
} catalog;

static uint32_t mo_word(const catalog *c, size_t at)
{
	uint32_t v;

	if (at + 4 > c->size)
		return 0;
	memcpy(&v, c->data + at, 4);
	return c->swap ? __builtin_bswap32(v) : v;
}

static bool mo_open(catalog *c, const char *path)
{
	FILE *f = fopen(path, "rb");
	long sz;

	memset(c, 0, sizeof *c);
	if (!f)
		return false;
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 28 || fseek(f, 0, SEEK_SET) ||
	    !(c->data = malloc((size_t)sz)) || fread(c->data, 1, (size_t)sz, f) != (size_t)sz) {
		fclose(f);
		free(c->data);
		c->data = NULL;
		return false;
	}
	fclose(f);
	c->size = (size_t)sz;
	c->swap = mo_word(c, 0) == 0xde120495u;
	if (mo_word(c, 0) != 0x950412deu) {
		free(c->data);
		c->data = NULL;
		return false;
	}
	c->n = mo_word(c, 8);
	c->orig = mo_word(c, 12);
	c->trans = mo_word(c, 16);
	return true;
}

/* The string at entry i of table t, or NULL. */
static const char *mo_string(const catalog *c, uint32_t t, uint32_t i)
{
	uint32_t len = mo_word(c, (size_t)t + 8u * i), off = mo_word(c, (size_t)t + 8u * i + 4);

	if ((size_t)off + len >= c->size || c->data[off + len] != '\0')
		return NULL;
	return (const char *)c->data + off;
}

/* The translation of s, or NULL (the originals are sorted: a bisection). */
static const char *mo_lookup(const catalog *c, const char *s)
{
	uint32_t lo = 0, hi = c->data ? c->n : 0;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = mo_string(c, c->orig, mid);
		int cmp = o ? strcmp(s, o) : -1;
		if (!cmp)
			return mo_string(c, c->trans, mid);
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Whose ISO 3166-2 subdivisions are listed. */
static const char *const subdivision_regions[] = { "BY", "UA", "RU" };

static int iso_subdivisions(void)
{
	json_error_t err;
	json_t *root = json_load_file("/usr/share/iso-codes/json/iso_3166-2.json", 0, &err);
	json_t *list = root ? json_object_get(root, "3166-2") : NULL, *item;
	catalog cat[NLOC];
	size_t i;

	if (!json_is_array(list)) {
		fprintf(stderr, "exonyms_gen: cannot read iso-codes' iso_3166-2.json: %s\n",
			root ? "no \"3166-2\" list" : err.text);
		json_decref(root);
		return 1;
	}
	for (size_t k = 1; k < NLOC; k++) {
		char path[128];
		snprintf(path, sizeof path, "/usr/share/locale/%s/LC_MESSAGES/iso_3166-2.mo", locales[k]);
		if (!mo_open(&cat[k], path))
			fprintf(stderr, "exonyms_gen: no catalog %s\n", path);
	}
	for (size_t r = 0; r < sizeof subdivision_regions / sizeof *subdivision_regions; r++)
		json_array_foreach(list, i, item) {
			const char *code = json_string_value(json_object_get(item, "code"));
			const char *name = json_string_value(json_object_get(item, "name"));
			line l;
			if (!code || !name || strncmp(code, subdivision_regions[r], 2) || code[2] != '-')
				continue;
			/* "Adygeja, Respublika" is an index form, not a spelling */
			snprintf(l.spell[0], sizeof l.spell[0], "%s", strchr(name, ',') ? "" : name);
			for (size_t k = 1; k < NLOC; k++) {
				const char *t = mo_lookup(&cat[k], name);
				/* untranslated entries keep the Latin name */
				snprintf(l.spell[k], sizeof l.spell[k], "%s",
					 t && strcmp(t, name) && !strchr(t, ',') ? t : "");
			}
			print_line(&l);
		}
	for (size_t k = 1; k < NLOC; k++)
		free(cat[k].data);
	json_decref(root);
	return 0;
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
	       "# the exemplar cities of time zones; and the regions of Belarus, Ukraine\n"
	       "# and Russia from iso-codes (ISO 3166-2 and its translations).  Written by\n"
	       "# tests/unit/exonyms_gen.c (make exonyms); do not edit below this line.\n\n",
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
	int ret = iso_subdivisions();
	rb_analyzer_free(an);
	return ret ? 2 : 0;
}
