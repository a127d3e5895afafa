/* rbeval - score a TREC run against TREC qrels, the way trec_eval does.
 *
 *	rbeval [-q] [-m MEASURE] QRELS RUN
 *
 * QRELS: lines "qid iter docno rel" (rel a whole number; rel >= 1 is
 * relevant; the value is also the gain of nDCG).  RUN: lines
 * "qid Q0 docno rank score [tag]".
 *
 * What trec_eval does, and so what this does:
 *   - the rank column is ignored: each query's documents are sorted by
 *     score descending, the score read as a C float, and ties are broken
 *     by docno descending (strcmp) -- comp_sim_docno() in trec_eval's
 *     form_res_rels.c;
 *   - a document that is not in the qrels is not relevant;
 *   - a docno twice in one query of the run or of the qrels is an error;
 *   - the mean is over the queries of the qrels that have a relevant
 *     document; such a query that the run lacks scores 0 on every measure
 *     (trec_eval -c);
 *   - map: average precision, the sum of the precision at each relevant
 *     document retrieved, over the number of relevant documents;
 *   - P_10, P_30: relevant documents in the first 10 (30), over 10 (30);
 *   - ndcg_cut_10: sum of rel / log2(rank + 1) over the first 10, over the
 *     same sum for the qrels' documents sorted by rel (gains are the rel
 *     values as they are, so binary qrels give binary gains).
 * Figures are printed with four decimals, as trec_eval prints them.
 *
 * Output: lines "measure<TAB>all<TAB>value"; with -q also one block per
 * query, "measure<TAB>QID<TAB>value".  With -m MEASURE only that figure is
 * printed, bare (MEASURE is one of num_q, num_missing, num_ret, num_rel,
 * num_rel_ret, map, P_10, P_30, ndcg_cut_10, or MAP, P@10, P@30, nDCG@10).
 *
 * Exit status: 0, or 2 on a usage error, an unreadable or malformed file.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *qid;
	char *docno;
	long rel;
} qrel;

typedef struct {
	char *qid;
	char *docno;
	float sim;
} hit;

typedef struct {
	void *v;
	size_t n, cap, size;
} vec;

static const char *prog = "rbeval";

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *push(vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 1024;
		void *p = realloc(v->v, cap * v->size);
		if (!p)
			die("out of memory");
		v->v = p;
		v->cap = cap;
	}
	return (char *)v->v + v->size * v->n++;
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (!p)
		die("out of memory");
	return memcpy(p, s, n);
}

/* Split a line into at most max whitespace-separated fields. */
static int split(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;

	while (n < max) {
		while (*p && strchr(" \t\r\n\v\f", *p))
			p++;
		if (!*p)
			break;
		f[n++] = p;
		while (*p && !strchr(" \t\r\n\v\f", *p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static char *read_line(FILE *fp, char **buf, size_t *cap)
{
	size_t n = 0;
	int c;

	while ((c = getc(fp)) != EOF) {
		if (n + 2 > *cap) {
			size_t nc = *cap ? *cap * 2 : 256;
			char *p = realloc(*buf, nc);
			if (!p)
				die("out of memory");
			*buf = p;
			*cap = nc;
		}
		(*buf)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	if (n == 0 && c == EOF)
		return NULL;
	(*buf)[n] = '\0';
	return *buf;
}

static FILE *open_or_die(const char *path)
{
	FILE *fp = fopen(path, "r");

	if (!fp)
		die("cannot open %s: %s", path, strerror(errno));
	return fp;
}

static long whole(const char *s, const char *path, long lineno)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end)
		die("%s:%ld: relevance is not a whole number", path, lineno);
	return v;
}

static void read_qrels(const char *path, vec *q)
{
	FILE *fp = open_or_die(path);
	char *buf = NULL, *f[5];
	size_t cap = 0;
	long lineno = 0;

	while (read_line(fp, &buf, &cap)) {
		int n;
		qrel *r;

		lineno++;
		n = split(buf, f, 5);
		if (n == 0)
			continue;
		if (n != 4)
			die("%s:%ld: a qrels line is 'qid iter docno rel'", path, lineno);
		r = push(q);
		r->qid = dup(f[0]);
		r->docno = dup(f[2]);
		r->rel = whole(f[3], path, lineno);
	}
	free(buf);
	fclose(fp);
}

static void read_run(const char *path, vec *h)
{
	FILE *fp = open_or_die(path);
	char *buf = NULL, *f[7];
	size_t cap = 0;
	long lineno = 0;

	while (read_line(fp, &buf, &cap)) {
		int n;
		hit *r;
		char *end;
		double sim;

		lineno++;
		n = split(buf, f, 7);
		if (n == 0)
			continue;
		if (n < 5 || n > 6)
			die("%s:%ld: a run line is 'qid Q0 docno rank score tag'", path, lineno);
		errno = 0;
		sim = strtod(f[4], &end);
		if (errno == EINVAL || end == f[4] || *end)
			die("%s:%ld: the score is not a number", path, lineno);
		r = push(h);
		r->qid = dup(f[0]);
		r->docno = dup(f[2]);
		r->sim = (float)sim; /* trec_eval keeps the score as a float */
	}
	free(buf);
	fclose(fp);
}

static int cmp_qrel(const void *a, const void *b)
{
	const qrel *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);

	return c ? c : strcmp(x->docno, y->docno);
}

/* trec_eval's order: score descending, then docno descending. */
static int cmp_hit(const void *a, const void *b)
{
	const hit *x = a, *y = b;
	int c = strcmp(x->qid, y->qid);

	if (c)
		return c;
	if (x->sim > y->sim)
		return -1;
	if (x->sim < y->sim)
		return 1;
	return strcmp(y->docno, x->docno);
}

static int cmp_long_desc(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x < y) - (x > y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum { M_NUM_Q, M_MISSING, M_RET, M_REL, M_RELRET, M_MAP, M_P10, M_P30, M_NDCG10, NMEAS };
static const char *const names[NMEAS] = { "num_q", "num_missing", "num_ret", "num_rel",
	"num_rel_ret", "map", "P_10", "P_30", "ndcg_cut_10" };
static const char *const aliases[NMEAS] = { NULL, NULL, NULL, NULL, NULL, "MAP", "P@10",
	"P@30", "nDCG@10" };
static const int is_count[NMEAS] = { 1, 1, 1, 1, 1, 0, 0, 0, 0 };

static void print_line(int want, int m, const char *qid, double v)
{
	if (want >= 0) {
		if (want == m && !strcmp(qid, "all"))
			printf(is_count[m] ? "%.0f\n" : "%.4f\n", v);
		return;
	}
	printf(is_count[m] ? "%-12s\t%s\t%.0f\n" : "%-12s\t%s\t%.4f\n", names[m], qid, v);
}

/* Score one query: q[0..nq) its qrels (sorted by docno), h[0..nh) its hits
 * (in trec_eval's order). */
static void score(const qrel *q, size_t nq, const hit *h, size_t nh, double *v)
{
	long num_rel = 0, rel_ret = 0, rel10 = 0, rel30 = 0;
	double ap = 0, dcg = 0, idcg = 0;
	long *gains = malloc((nq ? nq : 1) * sizeof *gains);
	size_t ng = 0;

	if (!gains)
		die("out of memory");
	for (size_t i = 0; i < nq; i++) {
		if (q[i].rel >= 1)
			num_rel++;
		if (q[i].rel > 0)
			gains[ng++] = q[i].rel;
	}
	for (size_t i = 0; i < nh; i++) {
		qrel key = { h[i].qid, h[i].docno, 0 };
		const qrel *r = nq ? bsearch(&key, q, nq, sizeof *q, cmp_qrel) : NULL;
		long rel = r ? r->rel : 0;

		if (rel >= 1) {
			rel_ret++;
			ap += (double)rel_ret / (double)(i + 1);
			if (i < 10)
				rel10++;
			if (i < 30)
				rel30++;
		}
		if (i < 10 && rel > 0)
			dcg += (double)rel / log2((double)(i + 2));
	}
	qsort(gains, ng, sizeof *gains, cmp_long_desc);
	for (size_t i = 0; i < ng && i < 10; i++)
		idcg += (double)gains[i] / log2((double)(i + 2));
	free(gains);
	v[M_NUM_Q] = 1;
	v[M_MISSING] = nh == 0;
	v[M_RET] = (double)nh;
	v[M_REL] = (double)num_rel;
	v[M_RELRET] = (double)rel_ret;
	v[M_MAP] = num_rel ? ap / (double)num_rel : 0;
	v[M_P10] = rel10 / 10.0;
	v[M_P30] = rel30 / 30.0;
	v[M_NDCG10] = idcg > 0 ? dcg / idcg : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [-q] [-m MEASURE] QRELS RUN\n", prog);
	exit(2);
}

int main(int argc, char **argv)
{
	vec qv = { .size = sizeof(qrel) }, hv = { .size = sizeof(hit) };
	qrel *q;
	hit *h;
	int per_query = 0, want = -1, i;
	double sum[NMEAS] = { 0 };
	size_t qi = 0, hi = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "-q")) {
			per_query = 1;
		} else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
			const char *m = argv[++i];
			for (int k = 0; k < NMEAS; k++)
				if (!strcmp(m, names[k]) || (aliases[k] && !strcmp(m, aliases[k])))
					want = k;
			if (want < 0)
				die("unknown measure %s", m);
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s [-q] [-m MEASURE] QRELS RUN\n", prog);
			return 0;
		} else {
			usage();
		}
	}
	if (argc - i != 2)
		usage();
	read_qrels(argv[i], &qv);
	read_run(argv[i + 1], &hv);
	q = qv.v;
	h = hv.v;
	if (qv.n)
		qsort(q, qv.n, sizeof *q, cmp_qrel);
	if (hv.n)
		qsort(h, hv.n, sizeof *h, cmp_hit);
	for (size_t k = 1; k < qv.n; k++)
		if (!cmp_qrel(&q[k - 1], &q[k]))
			die("qrels: query %s judges document %s twice", q[k].qid, q[k].docno);
	/* Duplicates in the run: docnos of one query, sorted by name. */
	for (size_t a = 0; a < hv.n;) {
		size_t b = a;
		char **names_of;

		while (b < hv.n && !strcmp(h[a].qid, h[b].qid))
			b++;
		names_of = malloc((b - a) * sizeof *names_of);
		if (!names_of)
			die("out of memory");
		for (size_t k = a; k < b; k++)
			names_of[k - a] = h[k].docno;
		qsort(names_of, b - a, sizeof *names_of, cmp_str);
		for (size_t k = 1; k < b - a; k++)
			if (!strcmp(names_of[k - 1], names_of[k])) {
				fprintf(stderr, "%s: run: query %s lists document %s twice\n", prog,
					h[a].qid, names_of[k]);
				exit(2);
			}
		free(names_of);
		a = b;
	}

	/* Walk the queries of the qrels; the run's queries in step. */
	while (qi < qv.n) {
		size_t qe = qi, hs, he;
		double v[NMEAS];
		int has_rel = 0;

		while (qe < qv.n && !strcmp(q[qe].qid, q[qi].qid)) {
			if (q[qe].rel >= 1)
				has_rel = 1;
			qe++;
		}
		while (hi < hv.n && strcmp(h[hi].qid, q[qi].qid) < 0)
			hi++;
		hs = he = hi;
		while (he < hv.n && !strcmp(h[he].qid, q[qi].qid))
			he++;
		if (has_rel) {
			score(q + qi, qe - qi, h + hs, he - hs, v);
			for (int m = 0; m < NMEAS; m++) {
				sum[m] += v[m];
				if (per_query)
					print_line(want, m, q[qi].qid, v[m]);
			}
		}
		hi = he;
		qi = qe;
	}
	for (int m = 0; m < NMEAS; m++) {
		double val = sum[m];
		if (!is_count[m])
			val = sum[M_NUM_Q] > 0 ? sum[m] / sum[M_NUM_Q] : 0;
		print_line(want, m, "all", val);
	}
	for (size_t k = 0; k < qv.n; k++) {
		free(q[k].qid);
		free(q[k].docno);
	}
	for (size_t k = 0; k < hv.n; k++) {
		free(h[k].qid);
		free(h[k].docno);
	}
	free(q);
	free(h);
	return 0;
}
