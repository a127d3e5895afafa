/*
 * fuzz_common.h - what the libFuzzer targets of tests/fuzz/ share: an
 * invariant check that says what failed before it aborts, an analyzer
 * with a small glossary, and a UTF-8 validator of our own (the library's
 * is among the code under test).
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include "rb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An invariant: on violation, name it (and where) on stderr, then abort(),
 * which libFuzzer reports as a crash and saves the input of. */
#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "\n*** invariant failed: %s\n*** at %s:%d\n", \
				#cond, __FILE__, __LINE__);                           \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* The same with a printf-style detail after the condition. */
#define CHECKF(cond, ...)                                                             \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "\n*** invariant failed: %s\n*** at %s:%d: ",  \
				#cond, __FILE__, __LINE__);                           \
			fprintf(stderr, __VA_ARGS__);                                 \
			fputc('\n', stderr);                                          \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* An analyzer and a glossary of `text` (NUL-terminated), for a target's
 * LLVMFuzzerInitialize. */
static inline void fuzz_analyzer_glossary(rb_analyzer **an, rb_glossary **gloss,
					  const char *text)
{
	CHECK(rb_analyzer_new(an) == RB_OK);
	CHECK(rb_glossary_new(gloss) == RB_OK);
	CHECK(rb_glossary_add(*gloss, *an, "fuzz.glossary", text, strlen(text)) == RB_OK);
}

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF.  `n` bytes of s; NULs are allowed here (callers check them). */
static inline bool fuzz_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		unsigned long cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07, min = 0x10000;
		else
			return false;
		if (n - i <= k)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

/* Decode the code point at s[i] of valid UTF-8; its length in *k. */
static inline unsigned long fuzz_utf8_at(const char *str, size_t i, size_t *k)
{
	const unsigned char *s = (const unsigned char *)str + i;

	if (s[0] < 0x80)
		return *k = 1, s[0];
	if (s[0] < 0xE0)
		return *k = 2, ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	if (s[0] < 0xF0)
		return *k = 3, ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	return *k = 4, ((s[0] & 0x07ul) << 18) | ((s[1] & 0x3Ful) << 12) |
		       ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
}

/* A NUL-terminated copy of data[0..n); aborts when out of memory (a fuzzer
 * runs under -rss_limit_mb, so that is not the library's doing). */
static inline char *fuzz_strndup(const char *data, size_t n)
{
	char *p = malloc(n + 1);

	if (!p)
		abort();
	for (size_t i = 0; i < n; i++)
		p[i] = data[i];
	p[n] = '\0';
	return p;
}

#endif
