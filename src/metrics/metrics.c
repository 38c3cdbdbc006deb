/* metrics.c - the registry of families and series, its exposition, and its server. */
#include "metrics/metrics.h"

#include <arpa/inet.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "httpd/httpd.h"
#include "util/ts.h"

struct series {
	char *labels; /* rendered: {key="value",...}, or "" */
	double value;
};

struct family {
	char *name, *help;
	enum metrics_type type;
	struct series *series;
	size_t n, cap;
};

struct metrics {
	pthread_mutex_t lock;
	struct family *fams;
	size_t n, cap;
};

struct metrics *metrics_new(void)
{
	struct metrics *m = xcalloc(1, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		for (size_t j = 0; j < m->fams[i].n; j++)
			free(m->fams[i].series[j].labels);
		free(m->fams[i].series);
		free(m->fams[i].name);
		free(m->fams[i].help);
	}
	free(m->fams);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static struct family *find_family(struct metrics *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->fams[i].name, name) == 0)
			return &m->fams[i];
	return NULL;
}

void metrics_declare(struct metrics *m, const char *name, enum metrics_type type, const char *help)
{
	pthread_mutex_lock(&m->lock);
	if (!find_family(m, name)) {
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 16;
			m->fams = xrealloc(m->fams, m->cap * sizeof(*m->fams));
		}
		m->fams[m->n++] =
		        (struct family){.name = xstrdup(name), .help = xstrdup(help), .type = type};
	}
	pthread_mutex_unlock(&m->lock);
}

/* A label value as the exposition format quotes it. */
static void put_label_value(struct buf *b, const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (v[i] == '\\' || v[i] == '"')
			buf_putc(b, '\\');
		if (v[i] == '\n')
			buf_puts(b, "\\n");
		else
			buf_putc(b, v[i]);
	}
}

/* "kind=realm,realm=1305" -> {kind="realm",realm="1305"} */
static void render_labels(struct buf *b, const char *spec)
{
	const char *p = spec;

	if (!*spec)
		return;
	buf_putc(b, '{');
	while (*p) {
		const char *eq = strchr(p, '='), *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (!eq || eq > end)
			eq = end;
		if (p != spec)
			buf_putc(b, ',');
		buf_append(b, p, (size_t)(eq - p));
		buf_puts(b, "=\"");
		if (eq < end)
			put_label_value(b, eq + 1, (size_t)(end - eq - 1));
		buf_putc(b, '"');
		p = *end ? end + 1 : end;
	}
	buf_putc(b, '}');
}

static struct series *find_series(struct family *f, const char *labels)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->series[i].labels, labels) == 0)
			return &f->series[i];
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->series = xrealloc(f->series, f->cap * sizeof(*f->series));
	}
	f->series[f->n] = (struct series){.labels = xstrdup(labels)};
	return &f->series[f->n++];
}

static void update(struct metrics *m, const char *name, double v, int add, const char *fmt,
                   va_list ap)
{
	struct buf labels = BUF_INIT;
	struct family *f;
	char spec[512];

	if (fmt)
		vsnprintf(spec, sizeof(spec), fmt, ap);
	else
		spec[0] = '\0';
	render_labels(&labels, spec);
	pthread_mutex_lock(&m->lock);
	if ((f = find_family(m, name))) {
		struct series *s = find_series(f, labels.data ? labels.data : "");
		s->value = add ? s->value + v : v;
	}
	pthread_mutex_unlock(&m->lock);
	buf_release(&labels);
}

void metrics_set(struct metrics *m, const char *name, double value, const char *labels, ...)
{
	va_list ap;
	va_start(ap, labels);
	update(m, name, value, 0, labels, ap);
	va_end(ap);
}

void metrics_add(struct metrics *m, const char *name, double delta, const char *labels, ...)
{
	va_list ap;
	va_start(ap, labels);
	update(m, name, delta, 1, labels, ap);
	va_end(ap);
}

/* Whole numbers as integers (counts, bytes, times), anything else in full precision. */
static void put_value(struct buf *b, double v)
{
	if (isnan(v))
		buf_puts(b, "NaN");
	else if (isinf(v))
		buf_puts(b, v > 0 ? "+Inf" : "-Inf");
	else if (v == floor(v) && fabs(v) < 9007199254740992.0)
		buf_put_i64(b, (int64_t)v);
	else
		buf_printf(b, "%.17g", v);
}

static const char *const type_names[] = {
        [METRICS_COUNTER] = "counter", [METRICS_GAUGE] = "gauge", [METRICS_AGE] = "gauge"};

void metrics_render(struct metrics *m, int64_t now, struct buf *out)
{
	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->n; i++) {
		const struct family *f = &m->fams[i];
		if (!f->n)
			continue;
		buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name,
		           type_names[f->type]);
		for (size_t j = 0; j < f->n; j++) {
			double v = f->series[j].value;
			buf_printf(out, "%s%s ", f->name, f->series[j].labels);
			put_value(out, f->type == METRICS_AGE ? (double)now - v : v);
			buf_putc(out, '\n');
		}
	}
	pthread_mutex_unlock(&m->lock);
}

/* ---- the server ---- */

struct metrics_server {
	struct metrics *m;
	struct httpd *h;
	char host[64];
};

static void on_metrics(void *ctx, struct httpd_req *req)
{
	struct metrics_server *s = ctx;
	struct buf b = BUF_INIT;

	metrics_render(s->m, ts_now(), &b);
	httpd_send_buf(req, 200, "text/plain; version=0.0.4; charset=utf-8", &b);
	buf_release(&b);
}

static const struct httpd_route routes[] = {
        {"GET", "/metrics", on_metrics},
        {NULL, NULL, NULL},
};

/* "HOST:PORT", ":PORT" or "PORT" -> host (NULL: the default) and port. */
static int parse_addr(const char *addr, char *host, size_t nhost, int *port, struct err *e)
{
	const char *colon = strrchr(addr, ':'), *ps = colon ? colon + 1 : addr;
	char *end;
	long v = strtol(ps, &end, 10);

	if (!*ps || *end || v < 0 || v > 65535)
		return err_set(e, WOWAH_EUSAGE,
		               "metrics address '%s': give HOST:PORT, e.g. 127.0.0.1:9105", addr);
	host[0] = '\0';
	if (colon && colon > addr) {
		if ((size_t)(colon - addr) >= nhost)
			return err_set(e, WOWAH_EUSAGE, "metrics address '%s': host too long",
			               addr);
		memcpy(host, addr, (size_t)(colon - addr));
		host[colon - addr] = '\0';
		if (inet_pton(AF_INET, host, &(struct in_addr){0}) != 1)
			return err_set(e, WOWAH_EUSAGE,
			               "metrics address '%s': HOST must be an IPv4 address", addr);
	}
	*port = (int)v;
	return WOWAH_OK;
}

int metrics_serve(struct metrics *m, const char *addr, struct metrics_server **out, struct err *e)
{
	struct metrics_server *s = xcalloc(1, sizeof(*s));
	struct httpd_config cfg = {
	        .routes = routes, .io_threads = 1, .workers = 2, .max_connections = 64};
	int rc;

	if ((rc = parse_addr(addr, s->host, sizeof(s->host), &cfg.port, e))) {
		free(s);
		return rc;
	}
	s->m = m;
	cfg.ctx = s;
	cfg.host = s->host[0] ? s->host : NULL;
	if (!s->host[0])
		strcpy(s->host, "127.0.0.1");
	if ((rc = httpd_start(&cfg, &s->h, e))) {
		free(s);
		return rc;
	}
	*out = s;
	return WOWAH_OK;
}

const char *metrics_host(const struct metrics_server *s)
{
	return s->host;
}

int metrics_port(const struct metrics_server *s)
{
	return httpd_port(s->h);
}

void metrics_stop(struct metrics_server *s)
{
	if (!s)
		return;
	httpd_stop(s->h);
	free(s);
}
