/* client.c - ClickHouse's HTTP interface over one reused libcurl easy handle.
 *
 * One handle keeps the connection alive between requests. The SQL of ch_exec and
 * ch_query travels as the POST body, so its length is not bounded by URL limits; an
 * insert puts its statement in the URL (query=) and streams the rows as a chunked body.
 * A non-200 answer is an error whose text is the server's first line, cleaned of the
 * parts that differ between releases (18.16's "e.displayText() =", ", e.what() = ...",
 * the modern "(version ...)").
 */
#include "ch/client.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/fs.h"
#include "util/ts.h"

#define ERROR_BODY_MAX 4096

struct ch_client {
	CURL *easy;
	char *url, *user, *password, *database;
	int readonly;
	long timeout_s;
	char *settings, *query_id;
};

struct reply {
	CURL *h;
	struct buf *out;   /* 200 body goes here (NULL: dropped) */
	struct buf errbuf; /* the start of any other body */
	long status;
};

static int url_ok(const char *url)
{
	const char *rest;

	if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else
		return 0;
	/* user:password@host would put a secret where logs and errors show the URL */
	return strcspn(rest, "@/") == strcspn(rest, "/") && *rest != '\0';
}

struct ch_client *ch_client_new(const struct ch_opts *o, struct err *e)
{
	struct ch_client *c;

	if (!o->url || !url_ok(o->url)) {
		err_set(e, WOWAH_ECONFIG,
		        "ClickHouse URL '%s' is not http(s)://host:port without credentials "
		        "(the user and password go in WOWAH_CLICKHOUSE_USER/_PASSWORD)",
		        o->url && !strchr(o->url, '@') ? o->url : "(hidden)");
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->easy = curl_easy_init();
	if (!c->easy) {
		free(c);
		err_set(e, WOWAH_ENOMEM, "cannot start a libcurl handle");
		return NULL;
	}
	c->url = xstrdup(o->url);
	while (c->url[0] && c->url[strlen(c->url) - 1] == '/')
		c->url[strlen(c->url) - 1] = '\0';
	c->user = xstrdup_or_null(o->user);
	c->password = xstrdup_or_null(o->password);
	c->database = xstrdup_or_null(o->database);
	c->readonly = o->readonly;
	c->timeout_s = o->timeout_s;
	return c;
}

void ch_client_free(struct ch_client *c)
{
	if (!c)
		return;
	if (c->easy)
		curl_easy_cleanup(c->easy);
	if (c->password) {
		explicit_bzero(c->password, strlen(c->password));
		free(c->password);
	}
	free(c->url);
	free(c->user);
	free(c->database);
	free(c->settings);
	free(c->query_id);
	free(c);
}

void ch_client_set_settings(struct ch_client *c, const char *settings)
{
	free(c->settings);
	c->settings = xstrdup_or_null(settings);
}

void ch_client_set_query_id(struct ch_client *c, const char *query_id)
{
	free(c->query_id);
	c->query_id = xstrdup_or_null(query_id);
}

const char *ch_client_url(const struct ch_client *c)
{
	return c->url;
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *ud)
{
	struct reply *r = ud;
	size_t n = size * nmemb;

	if (r->status == 0)
		curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->out && r->status == 200)
		buf_append(r->out, data, n);
	if (r->errbuf.len < ERROR_BODY_MAX)
		buf_append(&r->errbuf, data, n < ERROR_BODY_MAX ? n : ERROR_BODY_MAX);
	return n;
}

static void put_param(struct ch_client *c, struct buf *u, const char *name, const char *value)
{
	char *esc = curl_easy_escape(c->easy, value, 0);

	buf_putc(u, strchr(u->data, '?') ? '&' : '?');
	buf_puts(u, name);
	buf_putc(u, '=');
	buf_puts(u, esc ? esc : "");
	curl_free(esc);
}

static void build_url(struct ch_client *c, struct buf *u, const char *query)
{
	buf_puts(u, c->url);
	buf_putc(u, '/');
	if (c->database)
		put_param(c, u, "database", c->database);
	if (query)
		put_param(c, u, "query", query);
	if (c->query_id)
		put_param(c, u, "query_id", c->query_id);
	if (c->readonly) {
		buf_putc(u, strchr(u->data, '?') ? '&' : '?');
		buf_puts(u, "readonly=1");
	}
	if (c->settings && *c->settings) {
		buf_putc(u, strchr(u->data, '?') ? '&' : '?');
		buf_puts(u, c->settings);
	}
}

/* Cuts text at the first line end and drops what only one release prints, keeping
 * "Code: N" and the exception's own words. */
static void clean_message(char *s)
{
	static const char *const cuts[] = {", e.what() =", " (version ", "\nStack trace",
	                                   "Stack trace:"};
	const char *old = "e.displayText() = ";
	char *p;

	s[strcspn(s, "\r\n")] = '\0';
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		if ((p = strstr(s, cuts[i])))
			*p = '\0';
	/* 18.16's "Code: 60, e.displayText() = DB::Exception: x" reads as modern's
	 * "Code: 60. DB::Exception: x" */
	p = strstr(s, old);
	if (p && p >= s + 2 && p[-2] == ',') {
		p[-2] = '.';
		memmove(p, p + strlen(old), strlen(p + strlen(old)) + 1);
	}
	for (size_t n = strlen(s); n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'); n--)
		s[n - 1] = '\0';
}

/* The server's disk (or quota) is full: ClickHouse's "Cannot write to file PATH, errno:
 * 28" or NOT_ENOUGH_SPACE (243), said as every command says it (util/fs.h). 0 when msg
 * is something else. */
static int full_disk(const char *msg, const char *url, struct err *e)
{
	int errnum = strstr(msg, "errno: 122") ? EDQUOT : ENOSPC;
	const char *file = strstr(msg, " to file ");
	struct buf what = BUF_INIT;
	int rc;

	if (!strstr(msg, "errno: 28") && errnum != EDQUOT && !strstr(msg, "Code: 243"))
		return 0;
	if (file) {
		file += strlen(" to file ");
		buf_printf(&what, "%.*s on ", (int)strcspn(file, ", "), file);
	}
	buf_printf(&what, "ClickHouse at %s", url);
	rc = fs_err_full(e, errnum, what.data, " on the server and run again");
	buf_release(&what);
	return rc;
}

int ch_reply_error(long status, const char *body, size_t len, const char *url, struct err *e)
{
	char msg[ERROR_BODY_MAX + 1];
	int code = WOWAH_EDB;

	len = len < ERROR_BODY_MAX ? len : ERROR_BODY_MAX;
	memcpy(msg, body, len);
	msg[len] = '\0';
	clean_message(msg);
	if (full_disk(msg, url, e))
		return WOWAH_ENOSPACE;
	if (status == 401 || status == 516 || strstr(msg, "Code: 516") ||
	    strstr(msg, "Code: 192") || strstr(msg, "Code: 193") || strstr(msg, "Code: 194"))
		code = WOWAH_EAUTH;
	if (*msg)
		return err_set(e, code, "ClickHouse: %s", msg);
	return err_set(e, code == WOWAH_EAUTH ? code : WOWAH_EHTTP, "ClickHouse answered HTTP %ld",
	               status);
}

static int perform(struct ch_client *c, const char *query_in_url, const char *body,
                   curl_read_callback read, void *ctx, struct buf *out, struct err *e)
{
	CURL *h = c->easy;
	struct buf url = BUF_INIT;
	struct curl_slist *hdr = NULL;
	struct reply r = {.h = h, .out = out, .errbuf = BUF_INIT, .status = 0};
	char curl_msg[CURL_ERROR_SIZE] = "";
	CURLcode cc;
	int rc = WOWAH_OK;

	curl_easy_reset(h);
	build_url(c, &url, query_in_url);
	ch_client_set_query_id(c, NULL);
	curl_easy_setopt(h, CURLOPT_URL, url.data);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_msg);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	if (c->timeout_s > 0)
		curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout_s);
	if (c->user || c->password) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user ? c->user : "default");
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	hdr = curl_slist_append(hdr, "Expect:");
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	if (read) {
		hdr = curl_slist_append(hdr, "Transfer-Encoding: chunked");
		curl_easy_setopt(h, CURLOPT_READFUNCTION, read);
		curl_easy_setopt(h, CURLOPT_READDATA, ctx);
	} else {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
	if (cc == CURLE_ABORTED_BY_CALLBACK)
		rc = err_set(e, WOWAH_EINTERRUPTED, "insert into ClickHouse at %s abandoned",
		             c->url);
	else if (cc != CURLE_OK)
		rc = err_set(e, WOWAH_EHTTP, "ClickHouse at %s: %s", c->url,
		             curl_msg[0] ? curl_msg : curl_easy_strerror(cc));
	else if (r.status != 200)
		rc = ch_reply_error(r.status, r.errbuf.data ? r.errbuf.data : "", r.errbuf.len,
		                    c->url, e);
	curl_slist_free_all(hdr);
	buf_release(&url);
	buf_release(&r.errbuf);
	return rc;
}

/* ClickHouse's 369: every replica of a shard is further behind than the request's
 * max_replica_delay_for_distributed_queries allows. A replicated table just created (or
 * swapped in) counts as infinitely behind until its replica first reads the replication
 * log, which takes seconds on a busy machine; that passes, so the request is sent again
 * for up to REPLICA_WAIT_MS before the error is the answer. */
#define REPLICA_WAIT_MS 60000

static int replicas_behind(int rc, const struct err *e)
{
	return rc == WOWAH_EDB && e && strstr(e->msg, "Code: 369.");
}

static int perform_sql(struct ch_client *c, const char *sql, struct buf *out, struct err *e)
{
	char *query_id = xstrdup_or_null(c->query_id);
	int64_t start = ts_now_ms(), pause_ms = 100;
	int rc;

	while ((rc = perform(c, NULL, sql, NULL, NULL, out, e)) && replicas_behind(rc, e) &&
	       ts_now_ms() - start + pause_ms < REPLICA_WAIT_MS) {
		struct timespec pause = {pause_ms / 1000, pause_ms % 1000 * 1000000L};

		nanosleep(&pause, NULL);
		pause_ms = pause_ms < 2000 ? pause_ms * 2 : pause_ms;
		ch_client_set_query_id(c, query_id);
	}
	free(query_id);
	return rc;
}

int ch_exec(struct ch_client *c, const char *sql, struct err *e)
{
	return perform_sql(c, sql, NULL, e);
}

int ch_query(struct ch_client *c, const char *sql, struct buf *out, struct err *e)
{
	return perform_sql(c, sql, out, e);
}

struct abortable {
	size_t (*read)(void *ctx, char *buf, size_t n);
	void *ctx;
};

static size_t on_read(char *buf, size_t size, size_t nmemb, void *ud)
{
	struct abortable *a = ud;
	size_t n = a->read(a->ctx, buf, size * nmemb);

	return n == (size_t)-1 ? CURL_READFUNC_ABORT : n;
}

int ch_insert(struct ch_client *c, const char *insert_sql,
              size_t (*read)(void *ctx, char *buf, size_t n), void *ctx, struct err *e)
{
	struct abortable a = {read, ctx};

	return perform(c, insert_sql, NULL, on_read, &a, NULL, e);
}

int ch_parse_i64(const char *body, size_t len, int64_t *out, struct err *e)
{
	char text[32], *end;

	*out = 0;
	if (len && body[len - 1] == '\n')
		len--;
	if (len == 0 || (len == 2 && body[0] == '\\' && body[1] == 'N'))
		return WOWAH_OK;
	if (len >= sizeof(text) || memchr(body, '\0', len))
		return err_set(e, WOWAH_EPARSE,
		               "ClickHouse answered %zu bytes where a number was due", len);
	memcpy(text, body, len);
	text[len] = '\0';
	errno = 0;
	*out = strtoll(text, &end, 10);
	if (errno || *end || !(isdigit((unsigned char)text[0]) || text[0] == '-')) {
		*out = 0;
		return err_set(e, WOWAH_EPARSE,
		               "ClickHouse answered a number that does not read as one");
	}
	return WOWAH_OK;
}

int ch_query_i64(struct ch_client *c, const char *sql, int64_t *out, struct err *e)
{
	struct buf b = BUF_INIT;
	int rc = ch_query(c, sql, &b, e);

	*out = 0;
	if (!rc)
		rc = ch_parse_i64(b.data ? b.data : "", b.len, out, e);
	buf_release(&b);
	return rc;
}

void ch_put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '\'');
}
