/*
 * pdf.c - the PDF reader: Poppler's pdftotext, run in a child process, turns
 * the file into XHTML with page > flow > block > line > word and their boxes
 * (-bbox-layout); this file reads that with libxml2's streaming reader and
 * hands out one block per line.
 *
 * The parser runs in another process so that a crash, a hang or a memory
 * blow-up on a hostile or broken PDF costs one document, not the indexer:
 * the child has an address-space and a CPU limit, the parent a wall-clock
 * limit (RBINDEX_FILTER_TIMEOUT seconds, default 120) and a cap on the
 * output it reads.
 *
 * Line numbers.  A block's `line` is the line's number within its page in
 * the plain output of `pdftotext -f P -l P FILE -`, which prints, for each
 * flow, its lines one per output line and then one blank line; a line whose
 * text ends in an ASCII '-' is printed without the hyphen and without the
 * newline (joined to the next line) unless it is the last line of its flow.
 * So: lines count from 1 at each page; every flow adds one for its blank
 * line; a line after a '-'-final line of the same flow keeps that line's
 * number.  (Checked against poppler 22.12 on every line of the Debian
 * manuals libtasn1.pdf, shared-mime-info-spec.pdf and bibtool.pdf.)
 *
 * What the boxes tell beyond the text:
 *   - running heads and footers: lines in the top or bottom band of a page
 *     whose text, digits aside, stands at the same height on several pages,
 *     and lone page numbers there or above or below all else on the page,
 *     are left out (they still count as lines);
 *   - footnotes: a line in the lower part of a page, in smaller type than the
 *     page's body, that opens with a number starts a note of that number;
 *     the smaller lines after it continue it;
 *   - note markers: a number set smaller and raised right after a word
 *     ("State" + superscript "1") is glued to it, "State1", which is what the
 *     shared layer resolves to the note of that number on the same page.
 */
#define _GNU_SOURCE /* prlimit, posix_spawn_file_actions_addclosefrom_np, mkostemp */
#include "reader.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <libxml/xmlreader.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define DEFAULT_TIMEOUT 120               /* seconds of wall clock */
#define CHILD_AS ((rlim_t)2 << 30)        /* bytes of address space */
#define MAX_XML ((size_t)1 << 30)         /* bytes of pdftotext output */
#define ERR_KEEP 4096                     /* bytes of its stderr kept */
#define MAX_WORDS 4096                    /* words of one line looked at */

/* ------------------------------------------------------------------------
 * The child process.
 */

typedef struct child {
	pid_t pid;
	int out, err;        /* read ends of its stdout and stderr */
	double deadline;     /* CLOCK_MONOTONIC seconds */
	unsigned timeout;
	size_t nread;
	bool timed_out, too_big;
	char errtext[ERR_KEEP]; /* the head of its stderr */
	size_t errlen;
	char tail[1024];        /* and the tail, where the last error is */
	size_t taillen;
} child;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static unsigned filter_timeout(void)
{
	const char *s = getenv("RBINDEX_FILTER_TIMEOUT");
	char *end;
	unsigned long v;

	if (!s || !*s)
		return DEFAULT_TIMEOUT;
	errno = 0;
	v = strtoul(s, &end, 10);
	return (*end || errno || v == 0 || v > 86400) ? DEFAULT_TIMEOUT : (unsigned)v;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The child's limits, set from outside once it runs: posix_spawn has no
 * attribute for them, and it spares rbindex the copy of its page tables
 * (and the copy-on-write faults after) that fork costs a large process on
 * every PDF. */
static void limit_child(pid_t pid, unsigned timeout)
{
	struct rlimit as = { CHILD_AS, CHILD_AS };
	struct rlimit cpu = { timeout + 1, timeout + 2 };
	struct rlimit core = { 0, 0 };

	prlimit(pid, RLIMIT_AS, &as, NULL);
	prlimit(pid, RLIMIT_CPU, &cpu, NULL);
	prlimit(pid, RLIMIT_CORE, &core, NULL);
}

/* Start pdftotext on descriptor `docfd`, as descriptor 3, with stdin from
 * /dev/null, everything above 3 closed, in a process group of its own (so
 * that a kill reaches whatever it starts too).  RB_EFORMAT when it is
 * missing. */
static rb_status start_child(child *c, int docfd, rbp_err *err)
{
	char *argv[] = { "pdftotext", "-enc", "UTF-8", "-bbox-layout", "/dev/fd/3", "-", NULL };
	int o[2] = { -1, -1 }, e[2] = { -1, -1 }, d = -1, rc;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;

	/* above the descriptors the child is given, so no dup2 lands on it */
	d = fcntl(docfd, F_DUPFD_CLOEXEC, 10);
	if (d < 0 || pipe2(o, O_CLOEXEC) || pipe2(e, O_CLOEXEC)) {
		snprintf(err->msg, sizeof err->msg, "cannot start pdftotext: %s", strerror(errno));
		close_fd(&d), close_fd(&o[0]), close_fd(&o[1]), close_fd(&e[0]), close_fd(&e[1]);
		return RB_EIO;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, o[1], 1);
	posix_spawn_file_actions_adddup2(&fa, e[1], 2);
	posix_spawn_file_actions_adddup2(&fa, d, 3);
	posix_spawn_file_actions_addclosefrom_np(&fa, 4);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&at, 0);
	c->timeout = filter_timeout();
	rc = posix_spawnp(&c->pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close_fd(&d), close_fd(&o[1]), close_fd(&e[1]);
	c->out = o[0];
	c->err = e[0];
	c->deadline = now() + c->timeout;
	if (rc == 0) {
		limit_child(c->pid, c->timeout);
		return RB_OK;
	}
	c->pid = -1;
	close_fd(&c->out), close_fd(&c->err);
	if (rc == ENOENT)
		snprintf(err->msg, sizeof err->msg, "pdftotext is not installed (Debian package poppler-utils)");
	else
		snprintf(err->msg, sizeof err->msg, "cannot run pdftotext: %s", strerror(rc));
	return RB_EFORMAT;
}

static void kill_child(child *c)
{
	if (c->pid > 0) {
		kill(-c->pid, SIGKILL);
		kill(c->pid, SIGKILL);
	}
}

static void keep_tail(child *c, const char *s, size_t n)
{
	size_t room = sizeof c->tail - 1;

	if (n >= room) {
		memcpy(c->tail, s + n - room, room);
		c->taillen = room;
	} else {
		size_t drop = c->taillen + n > room ? c->taillen + n - room : 0;
		memmove(c->tail, c->tail + drop, c->taillen - drop);
		memcpy(c->tail + c->taillen - drop, s, n);
		c->taillen += n - drop;
	}
	c->tail[c->taillen] = '\0';
}

/* Keep the head and the tail of its stderr; drop the rest.  False at end of file. */
static bool drain_err(child *c)
{
	char tmp[4096];
	ssize_t n = read(c->err, tmp, sizeof tmp);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0) {
		close_fd(&c->err);
		return false;
	}
	keep_tail(c, tmp, (size_t)n);
	size_t keep = sizeof c->errtext - 1 - c->errlen;
	if ((size_t)n < keep)
		keep = (size_t)n;
	memcpy(c->errtext + c->errlen, tmp, keep);
	c->errlen += keep;
	c->errtext[c->errlen] = '\0';
	return true;
}

/* Wait for output on stdout (draining stderr meanwhile) until the
 * deadline: 1 readable, 0 timed out, -1 error. */
static int wait_out(child *c)
{
	for (;;) {
		struct pollfd p[2] = { { c->out, POLLIN, 0 }, { c->err, POLLIN, 0 } };
		double left = c->deadline - now();
		int k;

		if (left <= 0)
			return 0;
		k = poll(p, c->err >= 0 ? 2 : 1, (int)(left * 1000) + 1);
		if (k < 0 && errno != EINTR)
			return -1;
		if (k > 0 && c->err >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			drain_err(c);
		if (k > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			return 1;
	}
}

/* libxml2's input callback: pdftotext's stdout, within the time and size
 * limits.  XML has no place for C0 controls, which odd fonts do map to;
 * they become spaces rather than a fatal parse error. */
static int read_out(void *ctx, char *buf, int len)
{
	child *c = ctx;
	ssize_t n;
	int w;

	if (c->out < 0)
		return 0;
	if ((w = wait_out(c)) <= 0) {
		c->timed_out = w == 0;
		kill_child(c);
		return -1;
	}
	while ((n = read(c->out, buf, (size_t)len)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return -1;
	c->nread += (size_t)n;
	if (c->nread > MAX_XML) {
		c->too_big = true;
		kill_child(c);
		return -1;
	}
	for (ssize_t i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\t' && buf[i] != '\r')
			buf[i] = ' ';
	return (int)n;
}

/* Close the pipes and reap the child, killing it at the deadline; its
 * wait status, or -1 if it was killed by us. */
static int reap(child *c)
{
	int status = -1;

	close_fd(&c->out);
	while (c->err >= 0 && now() < c->deadline && !c->timed_out) {
		struct pollfd p = { c->err, POLLIN, 0 };
		if (poll(&p, 1, (int)((c->deadline - now()) * 1000) + 1) > 0)
			drain_err(c);
	}
	close_fd(&c->err);
	while (c->pid > 0) {
		pid_t w = waitpid(c->pid, &status, WNOHANG);
		if (w == c->pid || (w < 0 && errno != EINTR))
			break;
		if (now() >= c->deadline && !c->timed_out) {
			c->timed_out = true;
			kill_child(c);
		}
		if (c->timed_out) {
			while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		usleep(2000);
	}
	c->pid = -1;
	return status;
}

/* ------------------------------------------------------------------------
 * Lines, as the XHTML gives them.
 */

typedef struct pline {
	size_t off, len;     /* text in doc->text */
	uint32_t page, line;
	uint32_t block;      /* pdftotext block, counted over the document */
	uint32_t note, scope;
	float size, y0, y1;
	bool block_start, furniture, note_line, note_start, heading;
} pline;

typedef struct pword {
	size_t off, len; /* in the line's word buffer */
	float x0, x1, y0, y1;
	bool sup;        /* a superscript note marker */
} pword;

typedef struct pdfdoc {
	rbp_buf text;
	pline *lines;
	size_t nlines, cap;
	float *heights;      /* page heights */
	size_t npages, pcap;
	size_t nwords;
	/* while parsing */
	uint32_t lineno, nblocks;
	bool join, in_block_first;
	rbp_buf wtext;
	pword *words;
	size_t nw, wcap;
	bool oom;
} pdfdoc;

static float attr_float(xmlTextReaderPtr r, const char *name)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);
	float f = v ? strtof((const char *)v, NULL) : 0;

	xmlFree(v);
	return f;
}

/* The UTF-8 of U+FB00..U+FB06 and of the superscript digits, and what they
 * fold to. */
static size_t fold_at(const unsigned char *s, size_t n, const char **to)
{
	static const char *const lig[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };
	static const char *const digit[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

	if (n >= 3 && s[0] == 0xEF && s[1] == 0xAC && s[2] <= 0x86) {
		*to = lig[s[2] - 0x80];
		return 3;
	}
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xB9 || s[1] == 0xB2 || s[1] == 0xB3)) {
		*to = digit[s[1] == 0xB9 ? 1 : s[1] - 0xB0];
		return 2;
	}
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && (s[2] == 0xB0 || (s[2] >= 0xB4 && s[2] <= 0xB9))) {
		*to = digit[s[2] - 0xB0];
		return 3;
	}
	return 0;
}

/* Append a word's text with ligatures and superscript digits folded; true
 * if it held a superscript digit. */
static bool add_folded(rbp_buf *b, const char *s, size_t n)
{
	bool sup = false;
	size_t i = 0, from = 0, k;
	const char *to;

	while (i < n) {
		if ((unsigned char)s[i] < 0xC2 || !(k = fold_at((const unsigned char *)s + i, n - i, &to))) {
			i++;
			continue;
		}
		rbp_buf_add(b, s + from, i - from);
		rbp_buf_adds(b, to);
		sup |= isdigit((unsigned char)to[0]) != 0;
		i += k;
		from = i;
	}
	rbp_buf_add(b, s + from, n - from);
	return sup;
}

static void add_word(pdfdoc *d, xmlTextReaderPtr r)
{
	pword w = { .off = d->wtext.len };
	const xmlChar *v;
	bool sup;

	w.x0 = attr_float(r, "xMin"), w.x1 = attr_float(r, "xMax");
	w.y0 = attr_float(r, "yMin"), w.y1 = attr_float(r, "yMax");
	if (xmlTextReaderIsEmptyElement(r) || xmlTextReaderRead(r) != 1 ||
	    xmlTextReaderNodeType(r) != XML_READER_TYPE_TEXT || !(v = xmlTextReaderConstValue(r)))
		return;
	sup = add_folded(&d->wtext, (const char *)v, strlen((const char *)v));
	w.len = d->wtext.len - w.off;
	w.sup = sup && strspn(d->wtext.buf + w.off, "0123456789") == w.len;
	if (w.len == 0 || d->nw >= MAX_WORDS)
		return;
	if (d->nw == d->wcap && !rbp_grow(&d->words, &d->wcap, d->nw, sizeof *d->words)) {
		d->oom = true;
		return;
	}
	d->words[d->nw++] = w;
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/* A small raised number right after a word, touching it: a note marker. */
static bool is_marker(const pword *prev, const pword *w, const char *text)
{
	float hp = prev->y1 - prev->y0, h = w->y1 - w->y0;

	if (w->sup)
		return true;
	if (strspn(text + w->off, "0123456789") != w->len || w->len > 3)
		return false;
	return h < 0.8f * hp && w->y1 < prev->y1 - 0.12f * hp && w->x0 - prev->x1 < 0.25f * hp;
}

/* The type size of a line: the median height of its words, markers
 * aside. */
static float line_size(const pdfdoc *d)
{
	float hs[64];
	size_t n = 0;

	for (size_t i = 0; i < d->nw && n < 64; i++)
		if (!(i > 0 && is_marker(&d->words[i - 1], &d->words[i], d->wtext.buf)))
			hs[n++] = d->words[i].y1 - d->words[i].y0;
	if (n == 0)
		return d->words[0].y1 - d->words[0].y0;
	qsort(hs, n, sizeof *hs, cmp_float);
	return hs[n / 2];
}

static void end_line(pdfdoc *d)
{
	pline l = { .off = d->text.len, .page = (uint32_t)d->npages, .line = d->lineno };

	if (d->nw == 0)
		return;
	for (size_t i = 0; i < d->nw; i++) {
		if (i > 0 && !is_marker(&d->words[i - 1], &d->words[i], d->wtext.buf))
			rbp_buf_addc(&d->text, ' ');
		rbp_buf_add(&d->text, d->wtext.buf + d->words[i].off, d->words[i].len);
	}
	l.len = d->text.len - l.off;
	l.size = line_size(d);
	l.y0 = d->words[0].y0, l.y1 = d->words[0].y1;
	for (size_t i = 1; i < d->nw; i++) {
		l.y0 = d->words[i].y0 < l.y0 ? d->words[i].y0 : l.y0;
		l.y1 = d->words[i].y1 > l.y1 ? d->words[i].y1 : l.y1;
	}
	l.block = d->nblocks;
	l.block_start = d->in_block_first;
	d->in_block_first = false;
	d->nwords += d->nw;
	/* pdftotext's plain output joins a '-'-final line to the next. */
	d->join = l.len && d->text.buf[d->text.len - 1] == '-';
	if (!d->join)
		d->lineno++;
	if (d->nlines == d->cap && !rbp_grow(&d->lines, &d->cap, d->nlines, sizeof *d->lines)) {
		d->oom = true;
		return;
	}
	d->lines[d->nlines++] = l;
}

static void start_page(pdfdoc *d, xmlTextReaderPtr r)
{
	if (d->npages == d->pcap && !rbp_grow(&d->heights, &d->pcap, d->npages, sizeof *d->heights)) {
		d->oom = true;
		return;
	}
	d->heights[d->npages++] = attr_float(r, "height");
	d->lineno = 1;
	d->join = false;
}

/* ------------------------------------------------------------------------
 * Metadata: what pdftotext copies into <head> from the info dictionary.
 */

/* "D:20140513093000Z", "2014-05-13T09:30:00Z", "2014-05", "2014" ->
 * "2014-05-13" (as much as the string gives); NULL if it is no date, or
 * none that can be (2021-02-30). */
static char *pdf_date(const char *s)
{
	char iso[11];
	const char *why;

	return rbp_date_parse(s, strlen(s), false, iso, &why) == RB_OK ? rbp_strdup(iso) : NULL;
}

/* "A; B" -> two authors, the junk ones dropped. */
static bool set_authors(rb_meta *m, const char *s)
{
	bool oom = false;

	while (*s) {
		size_t n = strcspn(s, ";");
		char *a = rbp_squeeze(s, n, &oom), **more;
		if (a && !rbp_junk_author(a)) {
			if (!(more = realloc(m->authors, (m->nauthors + 1) * sizeof *more))) {
				free(a);
				return false;
			}
			m->authors = more;
			m->authors[m->nauthors++] = a;
		} else {
			free(a);
		}
		s += n + (s[n] == ';');
	}
	return !oom;
}

static void head_meta(pdfdoc *d, xmlTextReaderPtr r, rb_meta *m)
{
	xmlChar *name = xmlTextReaderGetAttribute(r, (const xmlChar *)"name");
	xmlChar *val = xmlTextReaderGetAttribute(r, (const xmlChar *)"content");

	if (name && val) {
		const char *v = (const char *)val;
		if (!strcmp((const char *)name, "Author") && !m->nauthors)
			d->oom |= !set_authors(m, v);
		else if (!strcmp((const char *)name, "CreationDate") && !m->date)
			m->date = pdf_date(v); /* a failed copy: no date */
	}
	xmlFree(name);
	xmlFree(val);
}

static void head_title(pdfdoc *d, xmlTextReaderPtr r, rb_meta *m)
{
	const xmlChar *v;

	if (xmlTextReaderIsEmptyElement(r) || xmlTextReaderRead(r) != 1 ||
	    xmlTextReaderNodeType(r) != XML_READER_TYPE_TEXT || !(v = xmlTextReaderConstValue(r)))
		return;
	free(m->title);
	m->title = rbp_squeeze((const char *)v, strlen((const char *)v), &d->oom);
}

static void settle_meta(rb_meta *m)
{
	if (m->title && (rbp_junk_title(m->title) ||
			 (m->nauthors && !strcasecmp(m->title, m->authors[0])))) {
		free(m->title);
		m->title = NULL;
	}
}

/* ------------------------------------------------------------------------
 * Reading the XHTML.
 */

static void on_element(pdfdoc *d, xmlTextReaderPtr r, rb_meta *meta)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(r);

	if (!name)
		return;
	if (!strcmp(name, "word")) {
		add_word(d, r);
	} else if (!strcmp(name, "line")) {
		d->nw = 0;
		rbp_buf_reset(&d->wtext);
		d->join = false; /* it takes the '-'-final line's number */
	} else if (!strcmp(name, "block")) {
		d->nblocks++;
		d->in_block_first = true;
	} else if (!strcmp(name, "page")) {
		start_page(d, r);
	} else if (!strcmp(name, "meta")) {
		head_meta(d, r, meta);
	} else if (!strcmp(name, "title")) {
		head_title(d, r, meta);
	}
}

static void on_end(pdfdoc *d, xmlTextReaderPtr r)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(r);

	if (!name || !d->npages)
		return;
	if (!strcmp(name, "line")) {
		end_line(d);
	} else if (!strcmp(name, "flow")) {
		/* The flow's blank line; a '-'-final last line keeps its own. */
		d->lineno += 1 + d->join;
		d->join = false;
	}
}

static void xml_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	char *out = arg; /* the first error is the one that says why */

	(void)loc;
	if (!out[0] && sev != XML_PARSER_SEVERITY_WARNING && sev != XML_PARSER_SEVERITY_VALIDITY_WARNING)
		snprintf(out, 200, "%s", msg);
}

/* Read the whole output: 0 at its end, -1 on a parse error. */
static int parse_xml(pdfdoc *d, child *c, rb_meta *meta, char xmlerr[200])
{
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
	xmlTextReaderPtr r = xmlReaderForIO(read_out, NULL, c, NULL, "UTF-8", opts);
	int k;

	if (!r)
		return -2;
	xmlTextReaderSetErrorHandler(r, xml_error, xmlerr);
	while (!d->oom && (k = xmlTextReaderRead(r)) == 1) {
		int t = xmlTextReaderNodeType(r);
		if (t == XML_READER_TYPE_ELEMENT)
			on_element(d, r, meta);
		else if (t == XML_READER_TYPE_END_ELEMENT)
			on_end(d, r);
	}
	xmlFreeTextReader(r);
	d->oom |= d->text.oom || d->wtext.oom;
	return d->oom ? -2 : k == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------------
 * Page furniture.
 */

static bool in_band(const pdfdoc *d, const pline *l)
{
	float h = d->heights[l->page - 1];

	return h > 0 && (l->y1 <= 0.12f * h || l->y0 >= 0.88f * h);
}

/* "12", "- 12 -", "xiv", "Page 12", "12 of 40": a page number alone. */
static bool lone_page_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0, roman = 0;

	if (n > 5 && !strncasecmp(s, "page ", 5))
		i = 5;
	for (; i < n; i++) {
		char c = s[i];
		if (isdigit((unsigned char)c))
			digits++;
		else if (strchr("ivxlcdm", c) && !digits)
			roman++;
		else if (c == ' ' && i + 4 < n && !strncmp(s + i, " of ", 4) && digits)
			i += 3;
		else if (!strchr(" -\xE2\x80\x93\xE2\x80\x94", c))
			return false;
	}
	return (digits > 0 && digits <= 8) != (roman > 0 && roman <= 6);
}

/* The line's text with digit runs made '#': what repeats from page to
 * page in a running head ("Chapter 3 - 47"). */
static void furniture_key(const pdfdoc *d, const pline *l, rbp_buf *k)
{
	const char *s = d->text.buf + l->off;

	rbp_buf_reset(k);
	for (size_t i = 0; i < l->len; i++) {
		if (!isdigit((unsigned char)s[i]))
			rbp_buf_addc(k, (char)tolower((unsigned char)s[i]));
		else if (!i || !isdigit((unsigned char)s[i - 1]))
			rbp_buf_addc(k, '#');
	}
}

typedef struct bandline {
	char *key;
	size_t line;
} bandline;

static int cmp_band(const void *a, const void *b)
{
	const bandline *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* On how many other pages the same key stands at about the same height. */
static size_t repeats(const pdfdoc *d, const bandline *bl, size_t n, size_t i)
{
	size_t count = 0;
	uint32_t last_page = 0;
	const pline *l = &d->lines[bl[i].line];

	size_t start = i;
	while (start > 0 && !strcmp(bl[start - 1].key, bl[i].key))
		start--;
	for (size_t j = start; j < n && !strcmp(bl[j].key, bl[i].key); j++) {
		const pline *o = &d->lines[bl[j].line];
		if (o->page != l->page && o->page != last_page &&
		    o->y0 - l->y0 < 4 && l->y0 - o->y0 < 4) {
			count++;
			last_page = o->page;
		}
	}
	return count;
}

/* A lone page number above or below all else on its page, in its outer
 * fifth: a page number, though the page's margin is wider than the band
 * (a LaTeX book's foot stands at 85% of the page). */
static void mark_edge_numbers(pdfdoc *d)
{
	for (size_t a = 0, b; a < d->nlines; a = b) {
		size_t top = a, bottom = a;
		float h = d->heights[d->lines[a].page - 1];
		for (b = a; b < d->nlines && d->lines[b].page == d->lines[a].page; b++) {
			top = d->lines[b].y0 < d->lines[top].y0 ? b : top;
			bottom = d->lines[b].y1 > d->lines[bottom].y1 ? b : bottom;
		}
		pline *t = &d->lines[top], *u = &d->lines[bottom];
		if (h > 0 && t->y1 <= 0.2f * h && lone_page_number(d->text.buf + t->off, t->len))
			t->furniture = true;
		if (h > 0 && u->y0 >= 0.8f * h && lone_page_number(d->text.buf + u->off, u->len))
			u->furniture = true;
	}
}

static bool mark_furniture(pdfdoc *d)
{
	bandline *bl = NULL;
	size_t n = 0, cap = 0, need;
	rbp_buf k = { 0 };
	bool ok = true;

	/* Running heads stand on most pages; in a short document, half. */
	need = d->npages >= 6 ? 3 : d->npages >= 2 ? 2 : (size_t)-1;
	for (size_t i = 0; i < d->nlines && ok; i++) {
		pline *l = &d->lines[i];
		if (!in_band(d, l))
			continue;
		if (lone_page_number(d->text.buf + l->off, l->len)) {
			l->furniture = true;
			continue;
		}
		furniture_key(d, l, &k);
		if (k.oom || (n == cap && !rbp_grow(&bl, &cap, n, sizeof *bl)) ||
		    !(bl[n].key = rbp_strdup(k.buf ? k.buf : ""))) {
			ok = false;
			break;
		}
		bl[n++].line = i;
	}
	if (ok && n)
		qsort(bl, n, sizeof *bl, cmp_band);
	for (size_t i = 0; ok && i < n; i++)
		if (repeats(d, bl, n, i) + 1 >= need)
			d->lines[bl[i].line].furniture = true;
	for (size_t i = 0; i < n; i++)
		free(bl[i].key);
	free(bl);
	rbp_buf_free(&k);
	if (ok)
		mark_edge_numbers(d);
	return ok;
}

/* ------------------------------------------------------------------------
 * Body type, footnotes and headings.
 */

typedef struct sizew {
	float size;
	size_t w;
} sizew;

static int cmp_sizew(const void *a, const void *b)
{
	return cmp_float(&((const sizew *)a)->size, &((const sizew *)b)->size);
}

/* The size most of the text of lines[a..b) is set in: the median by
 * characters.  `tmp` has room for b - a entries. */
static float body_size(const pdfdoc *d, size_t a, size_t b, sizew *tmp)
{
	size_t n = 0, total = 0, acc = 0;

	for (size_t i = a; i < b; i++)
		if (!d->lines[i].furniture) {
			tmp[n++] = (sizew){ d->lines[i].size, d->lines[i].len };
			total += d->lines[i].len;
		}
	if (n == 0)
		return 0;
	qsort(tmp, n, sizeof *tmp, cmp_sizew);
	for (size_t i = 0; i < n; i++)
		if ((acc += tmp[i].w) * 2 >= total)
			return tmp[i].size;
	return tmp[n - 1].size;
}

/* A letter (a capital if `glued`: not "1990s"), or an opening quotation
 * mark or parenthesis. */
static bool opens_note(const unsigned char *s, size_t n, bool glued)
{
	if (n == 0)
		return false;
	if (s[0] < 0x80)
		return glued ? isupper(s[0]) || s[0] == '"' : isalpha(s[0]) || s[0] == '"' || s[0] == '(';
	if (s[0] >= 0xC3 && s[0] <= 0xD4) /* Latin, Greek, Cyrillic letters */
		return true;
	return (n >= 2 && s[0] == 0xC2 && s[1] == 0xAB) || /* « */
	       (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x9C || s[2] == 0x98)); /* “ ‘ */
}

/* "1 Yury Tsarik", "12. Ibid.", "3Ibid." (a marker glued to the note's
 * first word): the number a footnote opens with, or 0. */
static uint32_t note_number(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t v = 0;
	unsigned char c;

	while (i < n && i < 4 && isdigit((unsigned char)s[i]))
		v = v * 10 + (uint32_t)(s[i++] - '0');
	if (i == 0 || i > 3 || v == 0 || i + 1 >= n)
		return 0;
	if ((s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
		i++;
	/* The note opens with a word or a quotation: not "74 65 78" (a hex
	 * dump), "70–73, 75" (an index); glued to the number, only with a
	 * capital, not "1990s" or "3rd". */
	c = (unsigned char)s[i];
	if (c == ' ')
		return opens_note((const unsigned char *)s + i + 1, n - i - 1, false) ? v : 0;
	return opens_note((const unsigned char *)s + i, n - i, true) ? v : 0;
}

typedef struct notestate {
	uint32_t note, scope;
} notestate;

/* One line of a page: does it start, continue or end a footnote?  Notes
 * stand below some of the page's body (`after_body`), so small type at the
 * head of a page (a code listing) is none. */
static void note_line(pdfdoc *d, pline *l, float body, bool after_body, notestate *cur,
		      const notestate *carry)
{
	float h = d->heights[l->page - 1];
	bool small = l->size > 0 && l->size <= 0.85f * body;
	bool lower = after_body && l->y0 >= 0.45f * h;
	uint32_t n = small && lower ? note_number(d->text.buf + l->off, l->len) : 0;

	if (n && (!cur->note || (n > cur->note && n <= cur->note + 3))) {
		*cur = (notestate){ n, l->page };
		l->note_start = true;
	} else if (small && !cur->note && lower && carry->note) {
		*cur = *carry; /* a note run over from the page before */
	} else if (!small) {
		cur->note = 0;
	}
	if (small && cur->note) {
		l->note_line = true;
		l->note = cur->note;
		l->scope = cur->scope;
	}
}

/* A block of at most three lines, all set larger than the body. */
static void mark_headings(pdfdoc *d, size_t a, size_t b, float body)
{
	for (size_t i = a, j; i < b; i = j) {
		bool big = true;
		for (j = i; j < b && d->lines[j].block == d->lines[i].block; j++)
			big &= d->lines[j].furniture || d->lines[j].size >= 1.15f * body;
		if (big && j - i <= 3 && body > 0)
			for (size_t k = i; k < j; k++)
				d->lines[k].heading = !d->lines[k].furniture;
	}
}

static bool analyse(pdfdoc *d)
{
	sizew *tmp = malloc((d->nlines ? d->nlines : 1) * sizeof *tmp);
	notestate carry = { 0, 0 };
	float docbody;

	if (!tmp || !mark_furniture(d)) {
		free(tmp);
		return false;
	}
	docbody = body_size(d, 0, d->nlines, tmp);
	for (size_t a = 0, b; a < d->nlines; a = b) {
		notestate cur = { 0, 0 };
		for (b = a; b < d->nlines && d->lines[b].page == d->lines[a].page; b++)
			;
		/* A page of mostly notes has its body in the document's type. */
		float body = body_size(d, a, b, tmp);
		if (body < 0.9f * docbody)
			body = docbody;
		bool after_body = false;
		for (size_t i = a; i < b; i++) {
			pline *l = &d->lines[i];
			if (l->furniture)
				continue;
			note_line(d, l, body, after_body, &cur, &carry);
			after_body |= l->size > 0.85f * body;
		}
		carry = cur;
		mark_headings(d, a, b, body);
	}
	free(tmp);
	return true;
}

/* ------------------------------------------------------------------------
 * The reader.
 */

/* Memory input: an unlinked temporary file pdftotext can open. */
static rb_status mem_file(const rbp_input *in, int *fd, rbp_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	size_t off = 0;

	if (!dir || !*dir || strlen(dir) > sizeof path - 32)
		dir = "/tmp";
	snprintf(path, sizeof path, "%s/rbindex-pdf.XXXXXX", dir);
	if ((*fd = mkostemp(path, O_CLOEXEC)) < 0)
		goto fail;
	unlink(path);
	while (off < in->len) {
		ssize_t n = write(*fd, in->mem + off, in->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	return RB_OK;
fail:
	snprintf(err->msg, sizeof err->msg, "cannot write a temporary file in %s: %s", dir,
		 strerror(errno));
	close_fd(fd);
	return RB_EIO;
}

/* Poppler's last error line on stderr: "Syntax Error: Couldn't read xref
 * table" -> "couldn't read xref table". */
static void last_error(const child *c, char *out, size_t size)
{
	const char *best = NULL, *s = c->tail;
	size_t n = 0;

	for (const char *p = s; *p; p += strcspn(p, "\n"), p += *p == '\n') {
		const char *colon = strstr(p, "rror");
		size_t len = strcspn(p, "\n");
		if (colon && colon < p + len && (colon = memchr(p, ':', len))) {
			best = colon + 1 + (colon[1] == ' ');
			n = len - (size_t)(best - p);
		}
	}
	if (!best || !n) {
		snprintf(out, size, "pdftotext could not read it");
		return;
	}
	snprintf(out, size, "%.*s", (int)(n < 120 ? n : 120), best);
	if (isupper((unsigned char)out[0]) && islower((unsigned char)out[1]))
		out[0] = (char)tolower((unsigned char)out[0]);
}

/* What went wrong, from the child's fate and the parse; RB_OK if nothing. */
static rb_status judge(const child *c, int status, int parsed, const char *xmlerr,
		       const pdfdoc *d, rbp_err *err)
{
	char why[160];

	if (c->timed_out)
		return rbp_err_set(err, RB_EFORMAT, "pdftotext took longer than %u s", c->timeout);
	if (c->too_big)
		return rbp_err_set(err, RB_EFORMAT, "pdftotext's output is larger than 1 GiB");
	if (parsed == -2)
		return rbp_err_set(err, RB_ENOMEM, "out of memory");
	if (status != -1 && WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGXCPU)
			return rbp_err_set(err, RB_EFORMAT, "pdftotext used more than %u s of CPU", c->timeout + 1);
		return rbp_err_set(err, RB_EFORMAT, "corrupt PDF: pdftotext crashed (%s)", strsignal(WTERMSIG(status)));
	}
	if (status == -1 || WEXITSTATUS(status) != 0) {
		if (strstr(c->errtext, "Incorrect password") || strstr(c->tail, "Incorrect password"))
			return rbp_err_set(err, RB_EFORMAT, "encrypted, needs a password");
		if (status != -1 && WEXITSTATUS(status) == 3)
			return rbp_err_set(err, RB_EFORMAT, "copying its text is not allowed");
		last_error(c, why, sizeof why);
		return rbp_err_set(err, RB_EFORMAT, "corrupt PDF: %s", why);
	}
	if (parsed != 0)
		return rbp_err_set(err, RB_EFORMAT, "cannot read pdftotext's output: %s", xmlerr[0] ? xmlerr : "not XML");
	if (d->nwords == 0)
		return rbp_err_set(err, RB_EFORMAT, "no text layer (a scan?); OCR it first");
	return RB_OK;
}

static void pdf_close(void *state)
{
	pdfdoc *d = state;

	if (!d)
		return;
	rbp_buf_free(&d->text);
	rbp_buf_free(&d->wtext);
	free(d->lines);
	free(d->heights);
	free(d->words);
	free(d);
}

static rb_status pdf_open(const rbp_input *in, void **state, rb_meta *meta, rbp_err *err)
{
	child c = { .pid = -1, .out = -1, .err = -1 };
	int fd = in->fd, tmpfd = -1, parsed, status;
	char xmlerr[200] = "";
	pdfdoc *d;
	rb_status st;

	*state = NULL;
	if (fd < 0 && (st = mem_file(in, &tmpfd, err)) != RB_OK)
		return st;
	st = start_child(&c, tmpfd >= 0 ? tmpfd : fd, err);
	close_fd(&tmpfd);
	if (st != RB_OK)
		return st;
	if (!(d = calloc(1, sizeof *d))) {
		kill_child(&c);
		reap(&c);
		return rbp_err_set(err, RB_ENOMEM, "out of memory");
	}
	parsed = parse_xml(d, &c, meta, xmlerr);
	if (parsed != 0)
		kill_child(&c); /* what is left of its output is of no use */
	status = reap(&c);
	st = judge(&c, status, parsed, xmlerr, d, err);
	if (st == RB_OK && !analyse(d))
		st = rbp_err_set(err, RB_ENOMEM, "out of memory");
	if (st != RB_OK) {
		pdf_close(d);
		rb_meta_clear(meta);
		return st;
	}
	settle_meta(meta);
	*state = d;
	return RB_OK;
}

/* Every line break is the typesetter's, so the document layer undoes its
 * hyphenation ("intro-" + "duce"), within a page and across one. */
static unsigned block_flags(const pline *l, const pline *prev)
{
	unsigned f = RBP_BLOCK_TYPESET;

	if (l->block_start || l->note_start || !prev || prev->note_line != l->note_line)
		f |= RBP_BLOCK_BREAK;
	if (l->heading)
		f |= RBP_BLOCK_HEADING;
	return f;
}

static rb_status pdf_blocks(void *state, rbp_block_fn fn, void *ctx)
{
	const pdfdoc *d = state;
	const pline *prev = NULL;
	rb_status st = RB_OK;

	for (size_t i = 0; i < d->nlines && st == RB_OK; i++) {
		const pline *l = &d->lines[i];
		rbp_block b = { .text = d->text.buf + l->off, .len = l->len, .line = l->line,
				.page = l->page, .size = l->size, .kind = RB_KIND_BODY,
				.scope = l->page }; /* a body's markers resolve on its page */
		if (l->furniture)
			continue;
		if (l->note_line) {
			b.kind = RB_KIND_NOTE;
			b.note = l->note;
			b.page_note = true;
			b.scope = l->scope;
		}
		b.flags = block_flags(l, prev);
		prev = l;
		st = fn(ctx, &b);
	}
	return st;
}

const rbp_format rbp_format_pdf = { "pdf", pdf_open, pdf_blocks, pdf_close, NULL };
