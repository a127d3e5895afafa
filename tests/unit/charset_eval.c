/*
 * charset_eval.c - measure rbp_charset_detect() (common/charset.c) against
 * ICU's charset detector and uchardet.
 *
 *   charset_eval [-n SAMPLES] [-v] -s LABEL PATH... [-s LABEL PATH...]...
 *
 * Each PATH is a UTF-8 text file or a directory of them; -s starts a set
 * of them, reported apart (the tuning set, the held-out set ...).  A file
 * with Cyrillic letters is encoded in windows-1251, KOI8-R, KOI8-U, IBM866,
 * ISO-8859-5 and x-mac-cyrillic; any other in windows-1252 and ISO-8859-1.
 * From each file and encoding SAMPLES pieces (default 12) of 32, 128, 512
 * and 4096 encoded bytes are cut, at offsets spread over the file, each
 * holding a character that takes a high byte.  Typographic punctuation
 * the encoding lacks becomes its ASCII look-alike, as the programs that
 * write these encodings do; a piece with another character the encoding
 * lacks, or that is valid UTF-8, is skipped.  A detector is right when the
 * piece decoded in the encoding it names is the piece decoded in the true
 * one: KOI8-U for KOI8-R text without Ukrainian letters is right.
 * The table gives per set, encoding and size the number of pieces and the
 * share each detector got right; then how often random bytes are refused
 * (NULL) and the time rbp_charset_detect() takes on 64 KiB.  -v prints the
 * pieces rbp_charset_detect() gets wrong to stderr.
 *
 * Exit status 0, 1 when a file cannot be read, 2 on usage errors.
 */
#define _POSIX_C_SOURCE 200809L
#include "charset.h"
#include "rb_private.h"

#include <uchardet.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_SETS 8
#define MAX_FILES 256
#define NSIZES 4
#define NDET 3

static const size_t sizes[NSIZES] = { 32, 128, 512, 4096 };
static const char *const det_names[NDET] = { "rbp", "ucsdet", "uchardet" };

typedef struct target {
	const char *name;
	bool cyrillic;
	UConverter *cv;
	unsigned char map[65536]; /* a BMP character's byte + 1, 0 if none */
} target;

static target targets[] = {
	{ .name = "windows-1251", .cyrillic = true },   { .name = "KOI8-R", .cyrillic = true },     { .name = "KOI8-U", .cyrillic = true },
	{ .name = "IBM866", .cyrillic = true },         { .name = "ISO-8859-5", .cyrillic = true }, { .name = "x-mac-cyrillic", .cyrillic = true },
	{ .name = "windows-1252", .cyrillic = false },  { .name = "ISO-8859-1", .cyrillic = false },
};
#define NTARGETS (sizeof targets / sizeof *targets)

typedef struct text {
	char *path;
	UChar *u;
	int32_t len;
	bool cyrillic;
} text;

typedef struct set {
	const char *label;
	text files[MAX_FILES];
	size_t nfiles;
	unsigned long tried[NTARGETS][NSIZES], right[NTARGETS][NSIZES][NDET];
} set;

static set sets[MAX_SETS];
static size_t nsets;
static int samples = 12;
static bool verbose;

/* The ASCII that writers of 8-bit files put for what the encoding lacks. */
static const char *look_alike(UChar c)
{
	switch (c) {
	case 0x2014: case 0x2013: case 0x2012: case 0x2010: case 0x2011: return "-";
	case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E: return "\"";
	case 0x2018: case 0x2019: case 0x201A: return "'";
	case 0x2026: return "...";
	case 0xA0: return " ";
	case 0x2116: return "N";
	}
	return NULL;
}

static void open_targets(void)
{
	for (size_t t = 0; t < NTARGETS; t++) {
		UErrorCode e = U_ZERO_ERROR;
		target *g = &targets[t];
		g->cv = ucnv_open(g->name, &e);
		if (U_FAILURE(e)) {
			fprintf(stderr, "charset_eval: %s: %s\n", g->name, u_errorName(e));
			exit(1);
		}
		ucnv_setToUCallBack(g->cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
		for (int b = 0; b < 256; b++) {
			char in = (char)b;
			UChar out[2];
			e = U_ZERO_ERROR;
			ucnv_reset(g->cv);
			if (ucnv_toUChars(g->cv, out, 2, &in, 1, &e) == 1 && U_SUCCESS(e))
				g->map[out[0]] = (unsigned char)(b + 1);
		}
		ucnv_reset(g->cv);
		e = U_ZERO_ERROR;
		ucnv_setFromUCallBack(g->cv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &e);
	}
}

static void load_file(set *st, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long len;
	int32_t ulen, cyr = 0, latin = 0;
	UErrorCode e = U_ZERO_ERROR;
	text *t;

	if (!fp || fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 0 || len > (1 << 28) ||
	    fseek(fp, 0, SEEK_SET) || !(buf = malloc((size_t)len + 1)) ||
	    fread(buf, 1, (size_t)len, fp) != (size_t)len) {
		perror(path);
		exit(1);
	}
	fclose(fp);
	if (len < 1024 || st->nfiles == MAX_FILES) {
		free(buf);
		return;
	}
	t = &st->files[st->nfiles++];
	t->path = strdup(path);
	t->u = malloc(((size_t)len + 1) * sizeof *t->u);
	u_strFromUTF8WithSub(t->u, (int32_t)len + 1, &ulen, buf, (int32_t)len, 0xFFFD, NULL, &e);
	free(buf);
	if (!t->u || U_FAILURE(e)) {
		fprintf(stderr, "charset_eval: %s: %s\n", path, u_errorName(e));
		exit(1);
	}
	if (ulen && t->u[0] == 0xFEFF)
		memmove(t->u, t->u + 1, (size_t)--ulen * sizeof *t->u);
	t->len = ulen;
	for (int32_t i = 0; i < ulen; i++) {
		cyr += t->u[i] >= 0x400 && t->u[i] < 0x530;
		latin += t->u[i] < 0x80 && ((t->u[i] | 32) >= 'a' && (t->u[i] | 32) <= 'z');
	}
	t->cyrillic = cyr > latin / 10;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_path(set *st, const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	char *names[MAX_FILES];
	size_t n = 0;

	if (stat(path, &sb)) {
		perror(path);
		exit(1);
	}
	if (!S_ISDIR(sb.st_mode)) {
		load_file(st, path);
		return;
	}
	if (!(d = opendir(path))) {
		perror(path);
		exit(1);
	}
	while ((de = readdir(d)) && n < MAX_FILES) {
		size_t l = strlen(path) + strlen(de->d_name) + 2;
		if (de->d_name[0] == '.' || !(names[n] = malloc(l)))
			continue;
		snprintf(names[n], l, "%s/%s", path, de->d_name);
		if (stat(names[n], &sb) || !S_ISREG(sb.st_mode))
			free(names[n]);
		else
			n++;
	}
	closedir(d);
	/* Sorted, so that every run cuts the same pieces. */
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		load_file(st, names[i]);
		free(names[i]);
	}
}

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Cut a piece of about `size` encoded bytes holding a high byte of target g
 * into out[]; its length, 0 if there is none there. */
static size_t cut(const text *t, const target *g, size_t size, unsigned char *out)
{
	int32_t p = (int32_t)(rng() % (uint64_t)t->len), start, stop;
	UChar u[8192];
	int32_t nu = 0, enc = 0;
	UErrorCode e = U_ZERO_ERROR;

	while (p < t->len && !(t->u[p] >= 0x80 && g->map[t->u[p]] > 0x80))
		p++;
	if (p >= t->len)
		return 0;
	start = p - (int32_t)(rng() % (size / 2 + 1));
	if (start < 0)
		start = 0;
	for (stop = start; stop < t->len && (size_t)enc < size; stop++) {
		UChar c = t->u[stop];
		const char *alike = g->map[c] ? NULL : look_alike(c);
		if (alike) {
			for (; *alike && nu < 8192; alike++, enc++)
				u[nu++] = (UChar)*alike;
		} else if (nu < 8192) {
			u[nu++] = c;
			enc++;
		}
	}
	ucnv_resetFromUnicode(g->cv);
	enc = ucnv_fromUChars(g->cv, (char *)out, 8192, u, nu, &e);
	if (U_FAILURE(e))
		return 0;
	return (size_t)enc < size ? (size_t)enc : size;
}

/* The piece decoded as encoding `name`; its length, -1 if ICU has no such
 * converter. */
static int32_t decode(const char *name, const unsigned char *s, size_t n, UChar *out)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cv;
	int32_t len;

	if (!name || !*name)
		return -1;
	cv = ucnv_open(name, &e);
	if (U_FAILURE(e))
		return -1;
	len = ucnv_toUChars(cv, out, 8192, (const char *)s, (int32_t)n, &e);
	ucnv_close(cv);
	return U_FAILURE(e) ? -1 : len;
}

static const char *icu_top(const unsigned char *s, size_t n)
{
	static char name[64];
	UErrorCode e = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&e);
	const UCharsetMatch *m;

	name[0] = 0;
	ucsdet_setText(det, (const char *)s, (int32_t)n, &e);
	m = ucsdet_detect(det, &e);
	if (m && U_SUCCESS(e))
		snprintf(name, sizeof name, "%s", ucsdet_getName(m, &e));
	ucsdet_close(det);
	return name;
}

/* uchardet's answer, under the ICU alias where ICU spells it otherwise. */
static const char *uchardet_top(const unsigned char *s, size_t n)
{
	static char name[64];
	uchardet_t u = uchardet_new();

	uchardet_handle_data(u, (const char *)s, n);
	uchardet_data_end(u);
	snprintf(name, sizeof name, "%s", uchardet_get_charset(u));
	uchardet_delete(u);
	if (!strcmp(name, "MAC-CYRILLIC"))
		return "x-mac-cyrillic";
	return name;
}

static bool same(const UChar *a, int32_t na, const UChar *b, int32_t nb)
{
	return na >= 0 && na == nb && !memcmp(a, b, (size_t)na * sizeof *a);
}

static void run_piece(set *st, size_t t, size_t z, const unsigned char *s, size_t n,
		      const char *path)
{
	static UChar want[8192], got[8192];
	const char *answer[NDET];
	int32_t nw = decode(targets[t].name, s, n, want);

	answer[0] = rbp_charset_detect((const char *)s, n);
	answer[1] = icu_top(s, n);
	answer[2] = uchardet_top(s, n);
	st->tried[t][z]++;
	for (int d = 0; d < NDET; d++) {
		bool ok = same(want, nw, got, decode(answer[d], s, n, got));
		st->right[t][z][d] += ok;
		if (!ok && d == 0 && verbose) {
			fprintf(stderr, "%s as %s [%zu]: %s: \"", targets[t].name,
				answer[0] ? answer[0] : "NULL", n, path);
			for (int32_t i = 0; i < nw && i < 100; i++) {
				char u8[4];
				int32_t l;
				UErrorCode e = U_ZERO_ERROR;
				u_strToUTF8(u8, 4, &l, &want[i], 1, &e);
				fwrite(u8, 1, U_SUCCESS(e) ? (size_t)l : 0, stderr);
			}
			fprintf(stderr, "\"\n");
		}
	}
}

static void run_set(set *st)
{
	static unsigned char piece[8192];

	for (size_t f = 0; f < st->nfiles; f++)
		for (size_t t = 0; t < NTARGETS; t++) {
			if (targets[t].cyrillic != st->files[f].cyrillic)
				continue;
			for (size_t z = 0; z < NSIZES; z++)
				for (int k = 0; k < samples; k++) {
					size_t n = cut(&st->files[f], &targets[t], sizes[z], piece);
					if (n && !rbp_utf8_valid((const char *)piece, n))
						run_piece(st, t, z, piece, n, st->files[f].path);
				}
		}
}

static void print_set(const set *st)
{
	unsigned long all[NDET + 1] = { 0 };

	printf("\n%s: %zu files\n%-15s %5s %6s %6s %6s %6s\n", st->label, st->nfiles,
	       "encoding", "bytes", "n", det_names[0], det_names[1], det_names[2]);
	for (size_t t = 0; t < NTARGETS; t++)
		for (size_t z = 0; z < NSIZES; z++) {
			unsigned long n = st->tried[t][z];
			if (!n)
				continue;
			printf("%-15s %5zu %6lu", targets[t].name, sizes[z], n);
			for (int d = 0; d < NDET; d++) {
				printf(" %5.1f%%", 100.0 * (double)st->right[t][z][d] / (double)n);
				all[d + 1] += st->right[t][z][d];
			}
			all[0] += n;
			printf("\n");
		}
	if (!all[0])
		return;
	printf("%-15s %5s %6lu", "all", "", all[0]);
	for (int d = 0; d < NDET; d++)
		printf(" %5.1f%%", 100.0 * (double)all[d + 1] / (double)all[0]);
	printf("\n");
}

/* How often random bytes, of all values or high ones only, are refused. */
static void print_random(void)
{
	static unsigned char buf[4096];

	printf("\nrandom bytes refused (NULL) by rbp, of 1000 each\n");
	for (int high = 0; high < 2; high++)
		for (size_t z = 0; z < NSIZES; z++) {
			int refused = 0;
			for (int k = 0; k < 1000; k++) {
				for (size_t i = 0; i < sizes[z]; i++)
					buf[i] = (unsigned char)(rng() >> 24) | (high ? 0x80 : 0);
				refused += rbp_charset_detect((const char *)buf, sizes[z]) == NULL;
			}
			printf("%-15s %5zu %5.1f%%\n", high ? "0x80-0xFF" : "0x00-0xFF",
			       sizes[z], refused / 10.0);
		}
}

/* The time of one call on 64 KiB of the first file of the first set. */
static void print_time(void)
{
	static unsigned char buf[65536 + 8192];
	text *t = nsets ? &sets[0].files[0] : NULL;
	size_t n = 0, tt;
	struct timespec a, b;

	if (!t || !sets[0].nfiles)
		return;
	for (tt = 0; tt < NTARGETS && targets[tt].cyrillic != t->cyrillic; tt++)
		;
	rng_state = 1;
	while (n < 65536) {
		size_t got = cut(t, &targets[tt], 4096, buf + n);
		n += got ? got : 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int k = 0; k < 200; k++)
		if (!rbp_charset_detect((const char *)buf, 65536))
			n++;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("\nrbp_charset_detect: %.1f us per 64 KiB of %s (%s)\n",
	       ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 200 / 1e3,
	       targets[tt].name, t->path);
}

static int usage(void)
{
	fprintf(stderr, "usage: charset_eval [-n SAMPLES] [-v] -s LABEL PATH... [-s LABEL PATH...]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			samples = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-v"))
			verbose = true;
		else if (!strcmp(argv[i], "-s") && i + 1 < argc && nsets < MAX_SETS)
			sets[nsets++].label = argv[++i];
		else if (argv[i][0] == '-' || !nsets)
			return usage();
		else
			load_path(&sets[nsets - 1], argv[i]);
	}
	if (!nsets || samples < 1)
		return usage();
	open_targets();
	printf("share of pieces decoded right, by set, encoding and size in bytes\n");
	for (size_t s = 0; s < nsets; s++) {
		run_set(&sets[s]);
		print_set(&sets[s]);
	}
	print_random();
	print_time();
	return 0;
}
