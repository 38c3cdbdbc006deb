/* watch.c - wowah watch's metric families and how its events set them. */
#include "metrics/watch.h"

#include <string.h>

#include "model/keys.h"

static const struct {
	const char *name;
	enum metrics_type type;
	const char *help;
} families[] = {
        {"wowah_snapshots_total", METRICS_COUNTER,
         "units pulled, by flavour, kind (realm, commodity, classic, token, realms, items) and "
         "outcome (stored, unchanged, failed)"},
        {"wowah_snapshot_age_seconds", METRICS_AGE,
         "seconds since the newest snapshot (Last-Modified) seen of each house, by flavour"},
        {"wowah_http_requests_total", METRICS_COUNTER, "HTTP requests started (retries included)"},
        {"wowah_http_429_total", METRICS_COUNTER, "answers 429 Too Many Requests"},
        {"wowah_http_retries_total", METRICS_COUNTER, "requests that were retries"},
        {"wowah_http_body_bytes_total", METRICS_COUNTER, "body bytes received, decompressed"},
        {"wowah_oauth_token_expiry_timestamp_seconds", METRICS_GAUGE,
         "when the OAuth token in use expires (Unix time)"},
        {"wowah_feed_lag_seconds", METRICS_GAUGE,
         "seconds the ClickHouse feed lags the newest snapshot (absent when not feeding)"},
};

void watch_metrics_declare(struct metrics *m)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		metrics_declare(m, families[i].name, families[i].type, families[i].help);
}

static const char *outcome_name(const struct pull_event *ev)
{
	if (ev->outcome == PULL_FAILED)
		return "failed";
	/* a table event that wrote nothing has no log line: it changed nothing */
	return ev->outcome == PULL_STORED && ev->path ? "stored" : "unchanged";
}

void watch_metrics_event(struct metrics *m, const char *region, const struct pull_event *ev)
{
	metrics_add(m, "wowah_snapshots_total", 1, "region=%s,flavor=%s,kind=%s,outcome=%s", region,
	            model_flavor_name(ev->flavor), ev->kind, outcome_name(ev));
	if (ev->outcome != PULL_FAILED && ev->snapshot_ts > 0)
		metrics_set(m, "wowah_snapshot_age_seconds", (double)ev->snapshot_ts,
		            "region=%s,flavor=%s,kind=%s,realm=%d,house=%d", region,
		            model_flavor_name(ev->flavor), ev->kind, (int)ev->realm_id,
		            (int)ev->house_id);
}

void watch_metrics_progress(struct metrics *m, const char *region, const struct pull_report *r)
{
	metrics_set(m, "wowah_http_requests_total", (double)r->total.requests, "region=%s", region);
	metrics_set(m, "wowah_http_429_total", (double)r->total.status_429, "region=%s", region);
	metrics_set(m, "wowah_http_retries_total", (double)r->total.retries, "region=%s", region);
	metrics_set(m, "wowah_http_body_bytes_total", (double)r->total.body_bytes, "region=%s",
	            region);
	if (r->token_expires_at)
		metrics_set(m, "wowah_oauth_token_expiry_timestamp_seconds",
		            (double)r->token_expires_at, "region=%s", region);
}

void watch_metrics_feed_lag(struct metrics *m, const char *region, double seconds)
{
	metrics_set(m, "wowah_feed_lag_seconds", seconds, "region=%s", region);
}
