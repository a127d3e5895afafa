/*
 * test_charset.c - the encoding of text that is not UTF-8
 * (common/charset.c): Russian encoded by ICU in each Cyrillic encoding must
 * decode back under the name rbp_charset_detect() gives, Western text must
 * come out as Western, binary bytes as NULL.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "charset.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cyrillic[] = {
	"windows-1251", "KOI8-R", "KOI8-U", "IBM866", "ISO-8859-5", "x-mac-cyrillic",
};

static const char *const russian[] = {
	"Лукашенко встретился в Минске с делегацией из Москвы.",
	"Союзное государство России и Беларуси обсуждали на переговорах "
	"в Минске; стороны подписали соглашение о поставках газа.",
	"По словам министра, Беларусь остаётся главным союзником России, "
	"и интеграция будет продолжена в этом году.",
};

/* `utf8` in encoding `name`, into out (NUL-terminated); its length. */
static size_t encode(const char *name, const char *utf8, char *out, size_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar u[2048];
	int32_t nu, n;
	UConverter *cv = ucnv_open(name, &e);

	assert_true(U_SUCCESS(e));
	ucnv_setFromUCallBack(cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	u_strFromUTF8(u, 2048, &nu, utf8, -1, &e);
	n = ucnv_fromUChars(cv, out, (int32_t)cap, u, nu, &e);
	assert_true(U_SUCCESS(e));
	ucnv_close(cv);
	return (size_t)n;
}

/* Do the bytes decode under `got` as they do under `want`? */
static bool same_decode(const char *want, const char *got, const char *s, size_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar a[2048], b[2048];
	int32_t na, nb;
	UConverter *cv;

	if (!got)
		return false;
	cv = ucnv_open(want, &e);
	na = ucnv_toUChars(cv, a, 2048, s, (int32_t)n, &e);
	ucnv_close(cv);
	assert_true(U_SUCCESS(e));
	cv = ucnv_open(got, &e);
	if (U_FAILURE(e))
		return false;
	nb = ucnv_toUChars(cv, b, 2048, s, (int32_t)n, &e);
	ucnv_close(cv);
	return U_SUCCESS(e) && na == nb && !memcmp(a, b, (size_t)na * sizeof *a);
}

static void check(const char *enc, const char *utf8)
{
	char buf[4096];
	size_t n = encode(enc, utf8, buf, sizeof buf);
	const char *got = rbp_charset_detect(buf, n);

	if (!same_decode(enc, got, buf, n))
		fail_msg("%s text detected as %s: %s", enc, got ? got : "NULL", utf8);
}

static void test_russian_sentences(void **state)
{
	(void)state;
	for (size_t e = 0; e < sizeof cyrillic / sizeof *cyrillic; e++)
		for (size_t k = 0; k < sizeof russian / sizeof *russian; k++)
			check(cyrillic[e], russian[k]);
}

/* The right name, not only the right decoding: the sentences differ in
 * every pair of these encodings. */
static void test_names(void **state)
{
	char buf[1024];
	size_t n = encode("KOI8-R", russian[1], buf, sizeof buf);

	(void)state;
	assert_string_equal(rbp_charset_detect(buf, n), "KOI8-R");
	n = encode("windows-1251", russian[1], buf, sizeof buf);
	assert_string_equal(rbp_charset_detect(buf, n), "windows-1251");
	n = encode("IBM866", russian[1], buf, sizeof buf);
	assert_string_equal(rbp_charset_detect(buf, n), "IBM866");
}

static void test_short_and_mixed(void **state)
{
	static const char *const texts[] = {
		"Минск",
		"Лукашенко",
		"Беларусь и Россия",
		"President Lukashenko (Лукашенко) met Putin in Minsk (Минск) on Friday.",
		"See: А. Лукашенко, «Беларусь», Minsk 2019, p. 12.",
		"ЛУКАШЕНКО ПРИБЫЛ В МОСКВУ",
	};

	(void)state;
	for (size_t e = 0; e < sizeof cyrillic / sizeof *cyrillic; e++)
		for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
			/* « » are not in KOI8 or IBM866. */
			if (strstr(texts[k], "«") && (strstr(cyrillic[e], "KOI8") ||
						     strstr(cyrillic[e], "866") ||
						     strstr(cyrillic[e], "8859")))
				continue;
			check(cyrillic[e], texts[k]);
		}
}

/* і and ґ of Ukrainian, ў and і of Belarusian, next to Cyrillic letters. */
static void test_ukrainian_belarusian(void **state)
{
	char buf[1024];
	size_t n = encode("KOI8-U", "Україна і Білорусь: їхні ґрунти та міста.", buf, sizeof buf);

	(void)state;
	assert_string_equal(rbp_charset_detect(buf, n), "KOI8-U");
	check("windows-1251", "Беларусь і Расія: дзяржаўная мова, Мінск і Гродна.");
	check("ISO-8859-5", "Беларусь і Расія: дзяржаўная мова, Мінск і Гродна.");
}

static void test_western(void **state)
{
	static const char *const texts[] = {
		"The café on the Champs-Élysées was full; naïve tourists paid €5.",
		"Müller’s “Weißrussland” – a study of Belarus, 1991–2020.",
		"Lukashenka’s régime, he said, “won’t last”.",
		"It cost £ 10, or ½ of the fee.",
	};

	(void)state;
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		char buf[1024];
		size_t n = encode("windows-1252", texts[k], buf, sizeof buf);
		const char *got = rbp_charset_detect(buf, n);
		assert_non_null(got);
		if (strcmp(got, "windows-1252") && strcmp(got, "ISO-8859-1"))
			fail_msg("Western text detected as %s: %s", got, texts[k]);
	}
}

static uint32_t next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void test_binary(void **state)
{
	char buf[4096];
	uint32_t x = 2463534242u;

	(void)state;
	for (int k = 0; k < 50; k++) {
		for (size_t i = 0; i < sizeof buf; i++)
			buf[i] = (char)(next(&x) >> 24);
		assert_null(rbp_charset_detect(buf, sizeof buf));
		for (size_t i = 0; i < sizeof buf; i++)
			buf[i] |= (char)0x80;
		assert_null(rbp_charset_detect(buf, 512));
	}
	/* Text with control bytes throughout is no text. */
	memset(buf, 0, sizeof buf);
	for (size_t i = 0; i < 200; i++)
		buf[i] = i % 3 ? (char)(0xE0 + i % 20) : (char)(i % 7 + 1);
	assert_null(rbp_charset_detect(buf, 200));
	assert_null(rbp_charset_detect(NULL, 0));
}

/* Cut anywhere, even to nothing, the answer is a name or NULL. */
static void test_edges(void **state)
{
	char buf[1024];
	size_t n = encode("windows-1251", russian[2], buf, sizeof buf);

	(void)state;
	for (size_t k = 0; k <= n; k++) {
		const char *got = rbp_charset_detect(buf + n - k, k);
		if (got) {
			UErrorCode e = U_ZERO_ERROR;
			UConverter *cv = ucnv_open(got, &e);
			assert_true(U_SUCCESS(e));
			ucnv_close(cv);
		}
	}
	assert_string_equal(rbp_charset_detect("plain ASCII", 11), "windows-1252");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_russian_sentences),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_short_and_mixed),
		cmocka_unit_test(test_ukrainian_belarusian),
		cmocka_unit_test(test_western),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
