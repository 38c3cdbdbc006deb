/* metrics.h - counters and gauges for an operator, in Prometheus' text exposition format
 * (version 0.0.4), served over HTTP (src/httpd/) at /metrics.
 *
 * A family (name, type, help) is declared once; its series, one per label set, appear
 * when they are first set, so a gauge nobody sets (the ClickHouse feed's lag when there
 * is no feed) is absent from a scrape rather than a misleading 0. Thread-safe: the
 * program sets values on its own threads while scrapes read them on the server's.
 */
#ifndef WOWAH_METRICS_METRICS_H
#define WOWAH_METRICS_METRICS_H

#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

enum metrics_type {
	METRICS_COUNTER,
	METRICS_GAUGE,
	/* a gauge whose series hold a Unix time and show the seconds since it, computed at
	 * each scrape ("seconds since the last snapshot") */
	METRICS_AGE,
};

struct metrics;

struct metrics *metrics_new(void);
void metrics_free(struct metrics *m);

/* name: [a-z_:][a-z0-9_:]*; help: one line. Declaring a name twice keeps the first. */
void metrics_declare(struct metrics *m, const char *name, enum metrics_type type, const char *help);

/* Sets, or adds to, the series of family name with the labels "key=value,key=value"
 * (printf format; values may hold no ',' or '='; NULL for none). A name never declared
 * is ignored. */
void metrics_set(struct metrics *m, const char *name, double value, const char *labels, ...)
        __attribute__((format(printf, 4, 5)));
void metrics_add(struct metrics *m, const char *name, double delta, const char *labels, ...)
        __attribute__((format(printf, 4, 5)));

/* Appends the exposition of every family that has a series, in declaration order, to
 * out; METRICS_AGE series against now (Unix seconds). */
void metrics_render(struct metrics *m, int64_t now, struct buf *out);

/* Serves m at http://ADDR/metrics from a thread of its own until metrics_stop. addr is
 * "HOST:PORT" or ":PORT" / "PORT" (HOST 127.0.0.1); port 0 takes a free one, which
 * metrics_port tells (metrics_host the address). WOWAH_EUSAGE for an address that does not parse,
 * WOWAH_EIO when it cannot listen. m must outlive the server. */
struct metrics_server;
int metrics_serve(struct metrics *m, const char *addr, struct metrics_server **out, struct err *e);
const char *metrics_host(const struct metrics_server *s);
int metrics_port(const struct metrics_server *s);
void metrics_stop(struct metrics_server *s);

#endif
