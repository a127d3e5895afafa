/* util.c - statuses, buffers and UTF-8 helpers shared by the library. */
#include "rb_private.h"

#include <ctype.h>
#include <strings.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rb_status_str(rb_status st)
{
	switch (st) {
	case RB_OK: return "success";
	case RB_ENOMEM: return "out of memory";
	case RB_EINVAL: return "invalid argument";
	case RB_EIO: return "input/output error";
	case RB_EBINARY: return "binary file";
	case RB_EENCODING: return "unknown text encoding";
	case RB_EMETA: return "malformed metadata";
	case RB_ESYNTAX: return "query syntax error";
	case RB_EDB_MISSING: return "no index";
	case RB_EDB_LOCKED: return "index is locked";
	case RB_EDB_CORRUPT: return "index is corrupt";
	case RB_EDB_VERSION: return "index version mismatch";
	case RB_EDB: return "index error";
	case RB_EICU: return "ICU error";
	case RB_EINTERNAL: return "internal error";
	case RB_EFORMAT: return "unreadable document";
	case RB_EDB_NOT_INDEX: return "not an rbsearch index";
	}
	return "unknown status";
}

int rb_status_exit(rb_status st)
{
	switch (st) {
	case RB_OK:
		return RB_EXIT_OK;
	case RB_ESYNTAX:
	case RB_EINVAL:
		return RB_EXIT_USAGE;
	case RB_EDB_MISSING:
	case RB_EDB_LOCKED:
	case RB_EDB_CORRUPT:
	case RB_EDB_VERSION:
	case RB_EDB_NOT_INDEX:
	case RB_EDB:
		return RB_EXIT_INDEX;
	default:
		return RB_EXIT_SOME;
	}
}

size_t rbp_utf8_floor(const char *s, size_t n)
{
	/* Step back over continuation bytes to the start of the last sequence,
	 * then keep it only if it is complete within n. */
	size_t i = n, need;
	unsigned char c;

	if (n == 0)
		return 0;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return 0;
	c = (unsigned char)s[i - 1];
	need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return (n - (i - 1) >= need) ? n : i - 1;
}

bool rbp_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07;
		else
			return false;
		if (i + k >= n)
			return false;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

uint32_t rbp_fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

bool rbp_grow(void *arr, size_t *cap, size_t n, size_t size)
{
	void *old, *p;
	size_t nc;

	if (n < *cap)
		return true;
	nc = *cap ? *cap * 2 : 16;
	/* `arr` points to a pointer of some object type: copied, not punned */
	memcpy(&old, arr, sizeof old);
	if (nc > ((size_t)-1) / size || !(p = realloc(old, nc * size)))
		return false;
	memcpy(arr, &p, sizeof p);
	*cap = nc;
	return true;
}

char *rbp_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *rbp_strdup(const char *s)
{
	return s ? rbp_strndup(s, strlen(s)) : NULL;
}

static bool buf_reserve(rbp_buf *b, size_t extra)
{
	size_t want;
	char *p;

	if (b->oom)
		return false;
	if (b->buf && b->len + extra < b->cap)
		return true;
	want = b->cap ? b->cap : 64;
	while (want <= b->len + extra) {
		if (want > ((size_t)-1) / 2) {
			b->oom = true;
			return false;
		}
		want *= 2;
	}
	p = realloc(b->buf, want);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->buf = p;
	b->cap = want;
	return true;
}

void rbp_buf_add(rbp_buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void rbp_buf_adds(rbp_buf *b, const char *s)
{
	rbp_buf_add(b, s, strlen(s));
}

void rbp_buf_addc(rbp_buf *b, char c)
{
	rbp_buf_add(b, &c, 1);
}

void rbp_buf_addf(rbp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void rbp_buf_reset(rbp_buf *b)
{
	b->len = 0;
	b->oom = false;
	if (b->buf)
		b->buf[0] = '\0';
}

void rbp_buf_free(rbp_buf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}

char *rbp_buf_detach(rbp_buf *b)
{
	char *p = b->oom ? NULL : b->buf;

	if (b->oom)
		free(b->buf);
	else if (!p)
		p = rbp_strdup("");
	b->buf = NULL;
	b->len = b->cap = 0;
	b->oom = false;
	return p;
}

void rbp_buf_add_uri_path(rbp_buf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			rbp_buf_addc(b, (char)*p);
		else
			rbp_buf_addf(b, "%%%02X", *p);
	}
}

/* rb_private.h */
char *rbp_doi_norm(const char *s)
{
	static const char *const pfx[] = { "https://doi.org/", "http://doi.org/",
					   "https://dx.doi.org/", "http://dx.doi.org/", "doi:" };
	char *d;

	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	for (size_t i = 0; i < sizeof pfx / sizeof *pfx; i++)
		if (!strncasecmp(s, pfx[i], strlen(pfx[i]))) {
			s += strlen(pfx[i]);
			break;
		}
	while (isspace((unsigned char)*s))
		s++;
	if (strncmp(s, "10.", 3))
		return NULL;
	if (!(d = rbp_strndup(s, strcspn(s, " \t\r\n"))))
		return NULL;
	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}
