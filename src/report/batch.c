/* batch.c - many report requests on one open engine, each answer framed (batch.h). */
#include "report/batch.h"

#include <errno.h>
#include <string.h>

#include "report/request.h"
#include "util/buf.h"

/* What one line of the input held. */
struct line {
	struct buf text;
	unsigned long number;
	int too_long, has_nul;
};

/* The next line of in into l (its end of line and a CR before it dropped), at most
 * REPORT_REQUEST_LINE_MAX bytes kept: the rest of a longer one is read past. 1 when a line
 * was read, 0 at the end of in, -1 when in fails. */
static int read_line(FILE *in, struct line *l)
{
	int c, any = 0;

	buf_reset(&l->text);
	l->too_long = l->has_nul = 0;
	while ((c = getc(in)) != EOF && c != '\n') {
		any = 1;
		if (l->text.len >= REPORT_REQUEST_LINE_MAX) {
			l->too_long = 1;
			continue;
		}
		l->has_nul |= c == '\0';
		buf_putc(&l->text, (char)c);
	}
	if (ferror(in))
		return -1;
	if (c == EOF && !any)
		return 0;
	l->number++;
	if (l->text.len && l->text.data[l->text.len - 1] == '\r')
		l->text.data[--l->text.len] = '\0';
	return 1;
}

/* The request of l without its outer blanks, NULL for a blank or comment line. */
static const char *request_of(struct line *l)
{
	char *s = l->text.data ? l->text.data : "";
	size_t n = l->text.len;

	while (*s == ' ' || *s == '\t')
		s++;
	n -= (size_t)(s - (l->text.data ? l->text.data : s));
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	if (!*s || *s == '#')
		return NULL;
	return s;
}

/* Answers l's request into body; the exit status `wowah report` would have given it. */
static int answer(const struct rset_engine *eng, const char *data_dir, int width,
                  const struct line *l, const char *request, struct buf *body)
{
	struct report_request rq = {0};
	struct err e = {0};
	int rc;

	if (l->too_long)
		rc = err_set(&e, WOWAH_EUSAGE,
		             "line %lu is longer than %d bytes: split the request or shorten it",
		             l->number, REPORT_REQUEST_LINE_MAX);
	else if (l->has_nul)
		rc = err_set(&e, WOWAH_EUSAGE, "line %lu holds a NUL byte: a request is text",
		             l->number);
	else if (!(rc = report_request_parse(request, data_dir, &rq, &e)))
		rc = report_request_answer(eng, &rq, width, body, NULL, &e);
	report_request_release(&rq);
	if (!rc)
		return 0;
	buf_reset(body);
	buf_printf(body, "wowah: %s\n", e.msg[0] ? e.msg : wowah_strerror(e.code));
	return err_exit_status(e.code);
}

/* The header and body of one frame, flushed. */
static int put_frame(FILE *out, const struct line *l, int status, const char *request,
                     const struct buf *body)
{
	/* a line too long to take is named by its start: the header stays one short line */
	int shown = l->too_long ? 60 : (int)strlen(request);

	fprintf(out, "wowah-report %lu %d %zu %.*s%s\n", l->number, status, body->len, shown,
	        request, l->too_long ? "..." : "");
	if (body->len)
		fwrite(body->data, 1, body->len, out);
	return fflush(out) || ferror(out) ? -1 : 0;
}

int report_batch_run(const struct rset_engine *eng, const char *data_dir, int width, FILE *in,
                     FILE *out, struct err *e)
{
	struct line l = {BUF_INIT, 0, 0, 0};
	struct buf body = BUF_INIT;
	unsigned long requests = 0, failed = 0, first = 0;
	const char *request;
	int got, status, rc = WOWAH_OK;

	while ((got = read_line(in, &l)) > 0) {
		if (!(request = request_of(&l)))
			continue;
		buf_reset(&body);
		status = answer(eng, data_dir, width, &l, request, &body);
		requests++;
		if (status && !failed++)
			first = l.number;
		if (put_frame(out, &l, status, request, &body)) {
			rc = err_errno(e, WOWAH_EIO, errno, "writing the answer of line %lu",
			               l.number);
			break;
		}
	}
	if (!rc && got < 0)
		rc = err_errno(e, WOWAH_EIO, errno, "reading the requests after line %lu",
		               l.number);
	if (!rc && failed)
		rc = err_set(
		        e, WOWAH_EPARTIAL,
		        "%lu of %lu requests failed, the first on line %lu: each frame says why",
		        failed, requests, first);
	buf_release(&l.text);
	buf_release(&body);
	return rc;
}
