/*
 * charset_gen.c - write common/charset_tables.h, the tables of
 * common/charset.c.
 *
 *   charset_gen RUSSIAN_TEXT... > common/charset_tables.h
 *
 * Two kinds of table come out:
 *  - what each high byte (0x80-0xFF) of each 8-bit candidate encoding is,
 *    as a letter class with a case bit, taken from ICU's own converters so
 *    that the detector's view of a byte is exactly what ucnv_open() of the
 *    name it returns will decode;
 *  - the cost (-ln p, in eighths of a nat) of each letter class following
 *    another, and of a Cyrillic letter being a capital after a space, a
 *    small letter or a capital, counted over the UTF-8 RUSSIAN_TEXTs.
 *
 * The committed tables were made from the four volumes of "Война и мир"
 * in /work/shared/eval/bulk/ru_tolstoy (the tuning set of charset_eval;
 * not part of the repository):
 *   charset_gen .../Война\ и\ мир.\ Том\ [1-4].txt > common/charset_tables.h
 * Russian text has no і ї є ґ ў, so their pairs are borrowed from и и е г у,
 * a third as likely: Ukrainian and Belarusian text then reads as plausible
 * without any of it being trained on.
 *
 * Build: cc -std=c11 -Wall -Wextra $(pkg-config --cflags icu-uc) -o charset_gen
 *        tests/unit/charset_gen.c $(pkg-config --libs icu-uc) -lm
 */
#define _POSIX_C_SOURCE 200809L
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Letter classes: boundary, Latin, а..я, ё, і ї є ґ ў, other Cyrillic. */
enum {
	CS_B = 0, CS_LAT = 1, CS_CYR = 2, CS_YO = 34, CS_I = 35, CS_YI = 36,
	CS_YE = 37, CS_GE = 38, CS_SHU = 39, CS_OCYR = 40, CS_NLET = 41,
	CS_LATHI = 42, /* a Latin letter that is not ASCII */
	CS_PUNCT = 60, CS_SYM = 61, CS_UNDEF = 62, CS_CTRL = 63,
	CS_UPPER = 0x40
};

static const struct {
	const char *name, *icu;
} encs[] = {
	{ "RBP_CS_1251", "windows-1251" }, { "RBP_CS_KOI8R", "KOI8-R" },
	{ "RBP_CS_KOI8U", "KOI8-U" },      { "RBP_CS_866", "IBM866" },
	{ "RBP_CS_8859_5", "ISO-8859-5" }, { "RBP_CS_MAC", "x-mac-cyrillic" },
	{ "RBP_CS_1252", "windows-1252" },
};
#define NENC (sizeof encs / sizeof *encs)

static double pairs[CS_NLET][CS_NLET], caps[3][2];
/* How often each character is the boundary between words. */
static double bounds[0x10000], nbounds;

static int text_symbol(UChar32 c)
{
	static const UChar32 ok[] = { 0xA7, 0xB0, 0xA9, 0xAE, 0x2122, 0x2116, 0xB7 };

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (ok[i] == c)
			return 1;
	return 0;
}

static int classify(UChar32 c)
{
	int up = u_tolower(c) != c ? CS_UPPER : 0;
	UChar32 l = u_tolower(c);

	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return CS_LAT | up;
		if ((c < 0x20 && !strchr("\t\n\v\f\r", (int)c)) || c == 0x7F)
			return CS_CTRL;
		return CS_B;
	}
	if (c < 0xA0)
		return CS_UNDEF;
	if (l >= 0x430 && l <= 0x44F)
		return (CS_CYR + (int)(l - 0x430)) | up;
	switch (l) {
	case 0x451: return CS_YO | up;
	case 0x456: return CS_I | up;
	case 0x457: return CS_YI | up;
	case 0x454: return CS_YE | up;
	case 0x491: return CS_GE | up;
	case 0x45E: return CS_SHU | up;
	}
	if (u_isalpha(c))
		return (c >= 0x400 && c <= 0x52F ? CS_OCYR : CS_LATHI) | up;
	if (u_ispunct(c) || u_charType(c) == U_SPACE_SEPARATOR ||
	    u_charType(c) == U_FORMAT_CHAR || text_symbol(c))
		return CS_PUNCT;
	return CS_SYM;
}

static int cost(double count, double total)
{
	double c = -log(count / total) * 8 + 0.5;
	return c > 255 ? 255 : (int)c;
}

static void high_table(const char *icu, int punct)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cv = ucnv_open(icu, &e);

	if (U_FAILURE(e)) {
		fprintf(stderr, "charset_gen: %s: %s\n", icu, u_errorName(e));
		exit(1);
	}
	ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	for (int b = 0x80; b < 0x100; b++) {
		char in = (char)b;
		UChar out[4];
		int32_t n;
		UChar32 c;

		e = U_ZERO_ERROR;
		ucnv_reset(cv);
		n = ucnv_toUChars(cv, out, 4, &in, 1, &e);
		c = U_SUCCESS(e) && n == 1 ? out[0] : 0x80;
		if (punct)
			printf("%s%3d,", (b & 15) ? " " : "\n\t\t", classify(c) != CS_PUNCT ? 0 :
			       cost(bounds[c] + 0.5, nbounds + 1) > 64 ? 64 : cost(bounds[c] + 0.5, nbounds + 1));
		else
			printf("%s0x%02x,", (b & 15) ? " " : "\n\t\t", classify(c));
	}
	ucnv_close(cv);
}



/* The letter class the pair model sees. */
static int pair_class(int cls)
{
	cls &= ~CS_UPPER;
	if (cls == CS_LATHI)
		return CS_LAT;
	return cls < CS_NLET ? cls : CS_B;
}

static void count_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long len;
	int prev = CS_B, prevcap = 0;

	if (!fp || fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 0 || len > INT32_MAX ||
	    fseek(fp, 0, SEEK_SET) || !(buf = malloc((size_t)len + 1)) ||
	    fread(buf, 1, (size_t)len, fp) != (size_t)len) {
		perror(path);
		exit(1);
	}
	fclose(fp);
	for (int32_t i = 0; i < (int32_t)len;) {
		UChar32 c;
		U8_NEXT(buf, i, (int32_t)len, c);
		int cls = classify(c < 0 ? 0xFFFD : c), p = pair_class(cls);
		if (p == CS_B && c >= 0 && c < 0x10000) {
			bounds[c] += 1;
			nbounds += 1;
		}
		if (p == CS_B && prev == CS_B)
			continue;
		pairs[prev][p] += 1;
		if (p >= CS_CYR) {
			int ctx = prev < CS_CYR ? 0 : prevcap ? 2 : 1;
			caps[ctx][(cls & CS_UPPER) != 0] += 1;
		}
		prev = p;
		prevcap = (cls & CS_UPPER) != 0;
	}
	free(buf);
}

/* Letters Russian lacks take the pairs of a Russian letter, a third as often. */
static void borrow(int to, int from)
{
	for (int j = 0; j < CS_NLET; j++) {
		pairs[to][j] = pairs[from][j] / 3;
		pairs[j][to] = pairs[j][from] / 3;
	}
	pairs[to][to] = pairs[from][from] / 9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: charset_gen RUSSIAN_TEXT... > charset_tables.h\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		count_file(argv[i]);
	borrow(CS_I, CS_CYR + 8);    /* и */
	borrow(CS_YI, CS_CYR + 8);
	borrow(CS_YE, CS_CYR + 5);   /* е */
	borrow(CS_GE, CS_CYR + 3);   /* г */
	borrow(CS_SHU, CS_CYR + 19); /* у */

	printf("/* Generated by tests/unit/charset_gen.c; do not edit.  The byte classes\n"
	       " * come from ICU %s's converters, the costs from letter pairs of\n"
	       " * the four volumes of \"Война и мир\" (see the generator). */\n",
	       U_ICU_VERSION);
	printf("enum {\n\tCS_B = %d, CS_LAT = %d, CS_CYR = %d, CS_YO = %d, CS_I = %d,\n"
	       "\tCS_SHU = %d, CS_OCYR = %d, CS_NLET = %d, CS_LATHI = %d,\n"
	       "\tCS_PUNCT = %d, CS_SYM = %d, CS_UNDEF = %d, CS_CTRL = %d, CS_UPPER = 0x%x\n};\n\n",
	       CS_B, CS_LAT, CS_CYR, CS_YO, CS_I, CS_SHU, CS_OCYR, CS_NLET, CS_LATHI,
	       CS_PUNCT, CS_SYM, CS_UNDEF, CS_CTRL, CS_UPPER);
	printf("enum {");
	for (size_t e = 0; e < NENC; e++)
		printf(" %s,", encs[e].name);
	printf(" RBP_CS_NTABLES };\n\n");

	printf("/* The class of ASCII bytes. */\nstatic const unsigned char cs_ascii[128] = {");
	for (int b = 0; b < 0x80; b++)
		printf("%s0x%02x,", (b & 15) ? " " : "\n\t", classify(b));
	printf("\n};\n\n/* The class of bytes 0x80-0xFF in each encoding. */\n"
	       "static const unsigned char cs_high[RBP_CS_NTABLES][128] = {");
	for (size_t e = 0; e < NENC; e++) {
		printf("\n\t{ /* %s */", encs[e].icu);
		high_table(encs[e].icu, 0);
		printf("\n\t},");
	}
	printf("\n};\n\n/* What each high byte that is punctuation costs: -8 ln p(it | a\n"
	       " * boundary between words), at most 64. */\n"
	       "static const unsigned char cs_punct[RBP_CS_NTABLES][128] = {");
	for (size_t e = 0; e < NENC; e++) {
		printf("\n\t{ /* %s */", encs[e].icu);
		high_table(encs[e].icu, 1);
		printf("\n\t},");
	}
	printf("\n};\n\n/* cs_pair[a][b]: -8 ln p(class b | class a). */\n"
	       "static const unsigned char cs_pair[CS_NLET][CS_NLET] = {");
	for (int a = 0; a < CS_NLET; a++) {
		double total = 0;
		for (int b = 0; b < CS_NLET; b++)
			total += pairs[a][b] + 0.5;
		printf("\n\t{");
		for (int b = 0; b < CS_NLET; b++)
			printf("%s%3d,", b % 14 ? " " : "\n\t\t", cost(pairs[a][b] + 0.5, total));
		printf("\n\t},");
	}
	printf("\n};\n\n/* cs_caps[after a boundary, a small letter, a capital][capital]. */\n"
	       "static const unsigned char cs_caps[3][2] = {");
	for (int c = 0; c < 3; c++)
		printf(" { %d, %d },", cost(caps[c][0] + 0.5, caps[c][0] + caps[c][1] + 1),
		       cost(caps[c][1] + 0.5, caps[c][0] + caps[c][1] + 1));
	printf(" };\n");
	return 0;
}
