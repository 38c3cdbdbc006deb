/* request.c - one report request, from a command line's words or from a batch line. */
#include "report/request.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

int report_request_args(struct report_request *rq, int npos, char **pos, struct err *e)
{
	if (npos < 1)
		return err_set(e, WOWAH_EUSAGE,
		               "which report? one of: %s (see 'wowah report --help')",
		               report_names);
	if (npos > 2)
		return err_set(
		        e, WOWAH_EUSAGE,
		        "unexpected argument '%s' after %s %s: an ITEM of several words goes "
		        "in double quotes",
		        pos[2], pos[0], pos[1]);
	rq->name = pos[0];
	if (npos == 2)
		rq->o.item = pos[1];
	return WOWAH_OK;
}

static char command[] = "wowah report";

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The word at *p into *w (NUL-terminated), both moved past it. */
static int word(const char **p, char **w, struct err *e)
{
	const char *s = *p;

	while (*s && !blank(*s)) {
		if (*s != '"') {
			*(*w)++ = *s++;
			continue;
		}
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			*(*w)++ = *s;
		}
		if (!*s)
			return err_set(
			        e, WOWAH_EUSAGE,
			        "a double quote is not closed: end the quoted words with \"");
		s++;
	}
	*(*w)++ = '\0';
	*p = s;
	return WOWAH_OK;
}

/* rq->argv: "wowah report" (for opt_parse's messages), then the line's words, each a
 * string in rq->bytes. */
static int split(const char *line, struct report_request *rq, int *out_argc, struct err *e)
{
	size_t len = strlen(line);
	char *w = xmalloc(len + 1);
	int argc = 1, rc;

	rq->bytes = w;
	/* a word takes a byte and a blank at least */
	rq->argv = xcalloc(len / 2 + 3, sizeof(*rq->argv));
	rq->argv[0] = command;
	for (const char *p = line;;) {
		while (blank(*p))
			p++;
		if (!*p)
			break;
		rq->argv[argc++] = w;
		if ((rc = word(&p, &w, e)))
			return rc;
	}
	*out_argc = argc;
	return WOWAH_OK;
}

/* The process's options: a request line naming one is told where it goes. */
static int process_option(int argc, char **argv, struct err *e)
{
	static const char *const names[] = {"data-dir", "engine", "clickhouse", "database",
	                                    "batch"};

	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		for (size_t k = 0; k < sizeof(names) / sizeof(*names); k++) {
			size_t n = strlen(names[k]);
			if (strncmp(argv[i] + 2, names[k], n) == 0 &&
			    (argv[i][n + 2] == '\0' || argv[i][n + 2] == '='))
				return err_set(
				        e, WOWAH_EUSAGE,
				        "--%s goes on the command line of 'wowah report --batch', "
				        "not on a request line",
				        names[k]);
		}
	}
	return WOWAH_OK;
}

int report_request_parse(const char *line, const char *data_dir, struct report_request *rq,
                         struct err *e)
{
	const struct opt opts[] = {REPORT_REQUEST_OPTS(rq), OPT_END_};
	int argc, npos, rc;

	memset(rq, 0, sizeof(*rq));
	rq->o.data_dir = data_dir;
	if ((rc = split(line, rq, &argc, e)) || (rc = process_option(argc, rq->argv, e)))
		return rc;
	rc = opt_parse(opts, argc, rq->argv, &npos, e);
	if (rc == OPT_HELP_REQUESTED)
		return err_set(e, WOWAH_EUSAGE,
		               "--help is not a request: run 'wowah report --help'");
	return rc ? rc : report_request_args(rq, npos, rq->argv, e);
}

void report_request_release(struct report_request *rq)
{
	free(rq->bytes);
	free(rq->argv);
	rq->bytes = NULL;
	rq->argv = NULL;
}

int report_request_answer(const struct rset_engine *eng, const struct report_request *rq, int width,
                          struct buf *out, struct rset **out_rows, struct err *e)
{
	struct rset *rows;
	int rc = report_run(eng, rq->name, &rq->o, &rows, e);

	if (rc)
		return rc;
	fmt_result(rows, fmt_kind_parse(rq->format), width, out);
	if (out_rows)
		*out_rows = rows;
	else
		rset_free(rows);
	return WOWAH_OK;
}

const char *report_request_named(const struct opt *opts, const unsigned char *seen,
                                 const struct report_request *rq)
{
	uintptr_t lo = (uintptr_t)rq, hi = (uintptr_t)(rq + 1);

	for (const struct opt *o = opts; o->kind != OPT_END; o++) {
		uintptr_t v = (uintptr_t)o->value;
		if (seen[o - opts] && v >= lo && v < hi)
			return o->name;
	}
	return NULL;
}
