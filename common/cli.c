/* cli.c - see cli.h. */
#include "cli.h"
#include "rb.h"
#include "rb_private.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *prog = "rbsearch";

void rbp_cli_init(const char *p)
{
	const char *slash = strrchr(p, '/');

	prog = slash ? slash + 1 : p;
}

const char *rbp_prog(void)
{
	return prog;
}

void rbp_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *rbp_default_db(void)
{
	const char *env = getenv("RBSEARCH_DB"), *xdg, *home;
	rbp_buf b = { 0 };

	if (env && *env)
		return rbp_strdup(env);
	xdg = getenv("XDG_DATA_HOME");
	home = getenv("HOME");
	if (xdg && *xdg)
		rbp_buf_adds(&b, xdg);
	else if (home && *home)
		rbp_buf_addf(&b, "%s/.local/share", home);
	else
		return NULL;
	rbp_buf_adds(&b, "/rbsearch/index");
	return rbp_buf_detach(&b);
}

bool rbp_parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

size_t rbp_columns(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

int rbp_output_status(int rc)
{
	int e;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	e = errno;
	if (e == EPIPE) { /* end as the default SIGPIPE would have, quietly */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return rc;
	}
	if (rc == RB_EXIT_OK || rc == RB_EXIT_SOME) {
		rbp_error("cannot write the output: %s", e ? strerror(e) : "write error");
		rc = RB_EXIT_OUTPUT;
	}
	return rc;
}
