/* engine.c - ClickHouse statements with literal parameters, and their rows as rset. */
#include "ch/engine.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/ts.h"

#define US_PER_S    INT64_C(1000000)
#define RESULT_FMT  "\nFORMAT TSVWithNamesAndTypes"
#define MAX_TYPE_IN 256

/* ---- parameters as literals ---- */

static void put_literal(struct buf *out, const struct rset_param *p)
{
	if (p->is_list) {
		buf_putc(out, '[');
		for (size_t i = 0; i < p->nlist; i++) {
			if (i)
				buf_puts(out, ", ");
			ch_put_quoted(out, p->list[i]);
		}
		buf_putc(out, ']');
		return;
	}
	if (p->null || (p->type == RSET_TEXT && !p->s)) {
		buf_puts(out, "NULL");
		return;
	}
	switch (p->type) {
	case RSET_BOOL:
		buf_putc(out, p->i ? '1' : '0');
		break;
	case RSET_INT: /* bare, as LIMIT takes no parentheses; a negative one in them */
		buf_printf(out, p->i < 0 ? "(%" PRId64 ")" : "%" PRId64, p->i);
		break;
	case RSET_DOUBLE:
		if (isnan(p->d))
			buf_puts(out, "nan");
		else if (isinf(p->d))
			buf_puts(out, p->d < 0 ? "(-inf)" : "inf");
		else
			buf_printf(out, p->d < 0 ? "(%.17g)" : "%.17g", p->d);
		break;
	case RSET_TIME:
		/* DateTime holds seconds: a time within a second is that second */
		buf_printf(out, "toDateTime(%" PRId64 ", 'UTC')",
		           p->i >= 0 ? p->i / US_PER_S : -((-p->i + US_PER_S - 1) / US_PER_S));
		break;
	default:
		ch_put_quoted(out, p->s);
	}
}

/* The end of a quoted literal or identifier starting at s (its quote character): ClickHouse
 * escapes with a backslash and also takes a doubled quote. */
static const char *quoted_end(const char *s)
{
	char q = *s++;

	while (*s) {
		if (*s == '\\' && s[1])
			s += 2;
		else if (*s == q && s[1] == q)
			s += 2;
		else if (*s == q)
			return s + 1;
		else
			s++;
	}
	return s;
}

/* The end of a comment starting at s, or s when none starts there. */
static const char *comment_end(const char *s)
{
	if (s[0] == '-' && s[1] == '-')
		return s + strcspn(s, "\n");
	if (s[0] == '/' && s[1] == '*') {
		const char *end = strstr(s + 2, "*/");
		return end ? end + 2 : s + strlen(s);
	}
	return s;
}

int ch_substitute(const char *sql, const struct rset_params *p, struct buf *out, struct err *e)
{
	const char *s = sql;

	while (*s) {
		const char *next = comment_end(s);
		if (next == s && (*s == '\'' || *s == '"' || *s == '`'))
			next = quoted_end(s);
		if (next != s) {
			buf_append(out, s, (size_t)(next - s));
			s = next;
			continue;
		}
		if (*s == '$' && (islower((unsigned char)s[1]) || s[1] == '_')) {
			char name[64];
			size_t n = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz0123456789_");
			const struct rset_param *v = NULL;
			if (n < sizeof(name)) {
				memcpy(name, s + 1, n);
				name[n] = '\0';
				v = p ? rset_param_find(p, name) : NULL;
			}
			if (!v)
				return err_set(e, WOWAH_EDB, "no value for SQL parameter $%.*s",
				               (int)n, s + 1);
			put_literal(out, v);
			s += n + 1;
			continue;
		}
		buf_putc(out, *s++);
	}
	return WOWAH_OK;
}

/* ---- TSVWithNamesAndTypes ---- */

struct reader {
	const char *p, *end;
	struct buf field;
};

/* The next field, unescaped, into r->field; *last set when it ends its line. Returns 1
 * for \N (NULL). */
static int next_field(struct reader *r, int *last)
{
	int null = r->end - r->p >= 2 && r->p[0] == '\\' && r->p[1] == 'N' &&
	           (r->end - r->p == 2 || r->p[2] == '\t' || r->p[2] == '\n');

	buf_reset(&r->field);
	buf_putc(&r->field, '\0');
	r->field.len = 0;
	if (null)
		r->p += 2;
	while (r->p < r->end && *r->p != '\t' && *r->p != '\n') {
		char c = *r->p++;
		if (c == '\\' && r->p < r->end) {
			c = *r->p++;
			c = c == 'n'   ? '\n'
			    : c == 't' ? '\t'
			    : c == 'r' ? '\r'
			    : c == 'b' ? '\b'
			    : c == 'f' ? '\f'
			    : c == '0' ? '\0'
			               : c;
		}
		buf_putc(&r->field, c);
	}
	*last = r->p >= r->end || *r->p == '\n';
	if (r->p < r->end)
		r->p++;
	return null;
}

/* "Nullable(LowCardinality(String))" -> "String" into out. */
static void base_type(const char *t, char out[MAX_TYPE_IN])
{
	static const char *const wraps[] = {"Nullable(", "LowCardinality("};
	size_t n = strlen(t);

	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < 2; i++) {
			size_t k = strlen(wraps[i]);
			if (n > k && strncmp(t, wraps[i], k) == 0 && t[n - 1] == ')') {
				t += k;
				n -= k + 1;
				again = 1;
			}
		}
	}
	snprintf(out, MAX_TYPE_IN, "%.*s", (int)n, t);
}

static int is_one_of(const char *t, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(t, *names) == 0)
			return 1;
	return 0;
}

static enum rset_type type_of(const char *ch_type)
{
	static const char *const ints[] = {"Int8",  "Int16",  "Int32",  "Int64",
	                                   "UInt8", "UInt16", "UInt32", NULL};
	static const char *const texts[] = {"String", "UUID", NULL};
	char t[MAX_TYPE_IN];

	base_type(ch_type, t);
	if (is_one_of(t, ints))
		return RSET_INT;
	if (strcmp(t, "Float64") == 0)
		return RSET_DOUBLE;
	if (is_one_of(t, texts) || strncmp(t, "FixedString(", 12) == 0 ||
	    strncmp(t, "Enum", 4) == 0 || strcmp(t, "Nothing") == 0)
		return RSET_TEXT;
	if (strcmp(t, "DateTime") == 0 || strcmp(t, "DateTime('UTC')") == 0 ||
	    strcmp(t, "DateTime('Etc/UTC')") == 0)
		return RSET_TIME;
	if (strcmp(t, "Date") == 0)
		return RSET_DATE;
	if (strncmp(t, "UInt", 4) == 0 || strncmp(t, "Int", 3) == 0 ||
	    strncmp(t, "Float", 5) == 0 || strncmp(t, "Decimal", 7) == 0)
		return RSET_NUMBER;
	return RSET_OTHER;
}

static int fill(struct rset_cell *c, enum rset_type t, const char *s, size_t n)
{
	char *end;
	int64_t secs;

	switch (t) {
	case RSET_INT:
		c->v.i = strtoll(s, &end, 10);
		break;
	case RSET_DOUBLE:
		c->v.d = strtod(s, &end);
		break;
	case RSET_TIME:
	case RSET_DATE:
		if (ts_parse_iso(s, &secs))
			return -1;
		c->v.i = t == RSET_TIME ? secs * US_PER_S : secs / 86400;
		c->null = 0;
		return 0;
	default:
		rset_cell_text(c, s, n);
		return 0;
	}
	c->null = 0;
	return n && *end == '\0' ? 0 : -1;
}

/* The start of a value or name for an error line: a field may hold any byte once
 * unescaped ("\\n" is a line break), and an error is one line. */
static void value_for_error(char out[41], const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 40; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	out[i] = '\0';
}

/* The header's two lines: names and types. */
static struct rset *header(struct reader *r, struct err *e)
{
	struct buf names = BUF_INIT;
	size_t n = 0, i;
	struct rset *out;
	int last = 0;

	while (!last && r->p < r->end) {
		next_field(r, &last);
		buf_append(&names, r->field.data, r->field.len + 1);
		n++;
	}
	out = rset_new(n);
	for (i = 0, last = 0; i < n && !last; i++) {
		const char *name = names.data;
		for (size_t k = 0; k < i; k++)
			name += strlen(name) + 1;
		next_field(r, &last);
		rset_column(out, i, name, type_of(r->field.data));
	}
	buf_release(&names);
	if (n == 0 || i != n || !last) {
		rset_free(out);
		err_set(e, WOWAH_EPARSE, "ClickHouse's answer has no names and types");
		return NULL;
	}
	return out;
}

int ch_parse_tsv(const char *body, size_t len, struct rset **out, struct err *e)
{
	struct reader r = {body, body + len, BUF_INIT};
	struct rset *rs;
	int rc = WOWAH_OK;

	*out = NULL;
	rs = header(&r, e);
	if (!rs) {
		buf_release(&r.field);
		return WOWAH_EPARSE;
	}
	while (r.p < r.end && !rc) {
		struct rset_cell *row = rset_add_row(rs);
		int last = 0;
		size_t c;
		for (c = 0; c < rs->ncols && !last; c++) {
			int null = next_field(&r, &last);
			char shown[41], col[41];
			if (null || !fill(&row[c], rs->cols[c].type,
			                  r.field.data ? r.field.data : "", r.field.len))
				continue;
			value_for_error(shown, r.field.data, r.field.len);
			value_for_error(col, rs->cols[c].name, strlen(rs->cols[c].name));
			rc = err_set(
			        e, WOWAH_EPARSE,
			        "ClickHouse's value '%s' of column %s does not read as its type",
			        shown, col);
		}
		if (!rc && (c != rs->ncols || !last))
			rc = err_set(e, WOWAH_EPARSE, "ClickHouse's row %zu has not %zu fields",
			             rs->nrows, rs->ncols);
	}
	buf_release(&r.field);
	if (rc)
		rset_free(rs);
	else
		*out = rs;
	return rc;
}

/* ---- running ---- */

int ch_run(struct ch_client *c, const char *sql, const struct rset_params *p, struct rset **out,
           struct err *e)
{
	struct buf q = BUF_INIT, body = BUF_INIT;
	int rc = ch_substitute(sql, p, &q, e);

	*out = NULL;
	if (!rc) {
		buf_puts(&q, RESULT_FMT);
		rc = ch_query(c, q.data, &body, e);
	}
	if (!rc)
		rc = ch_parse_tsv(body.data ? body.data : "", body.len, out, e);
	buf_release(&q);
	buf_release(&body);
	return rc;
}

static int run(void *impl, const char *sql, const struct rset_params *p, struct rset **out,
               struct err *e)
{
	struct rset *r = NULL;
	int rc = ch_run(impl, sql, p, &r, e);

	if (out)
		*out = r;
	else
		rset_free(r);
	return rc;
}

int ch_fed_version(struct ch_client *c, struct buf *out, struct err *e)
{
	static const char sql[] =
	        "SELECT (SELECT count() FROM fed_snapshots WHERE state = 1), "
	        "(SELECT toUInt32(max(fed_at)) FROM fed_snapshots WHERE state = 1), "
	        "(SELECT count() FROM fed_files), (SELECT toUInt32(max(fed_at)) FROM fed_files) "
	        "FORMAT TabSeparated";

	return ch_query(c, sql, out, e);
}

int ch_engine_open(const struct ch_opts *o, struct ch_client **client, struct rset_engine *eng,
                   struct err *e)
{
	struct ch_opts ro = *o;

	ro.readonly = 1;
	*client = ch_client_new(&ro, e);
	if (!*client)
		return e->code ? e->code : WOWAH_EHTTP;
	/* outer joins give NULL where nothing matched, as in DuckDB (and SQL); on a cluster
	 * the reports' IN and JOIN subqueries over Distributed tables run once, on the server
	 * asked, their result sent to the shards (GLOBAL), which 18.16 otherwise refuses
	 * (Code 288); one server has no Distributed table and is not concerned */
	ch_client_set_settings(*client, "join_use_nulls=1&distributed_product_mode=global");
	eng->dialect = "clickhouse";
	eng->impl = *client;
	eng->run = run;
	return WOWAH_OK;
}
