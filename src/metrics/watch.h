/* watch.h - what wowah watch tells its operator (docs/watch.md, "Metrics"): the families
 * it declares, and how the pull's events and running totals set them. The events say
 * what happened to each house; the totals come from the pull's HTTP engine and token.
 */
#ifndef WOWAH_METRICS_WATCH_H
#define WOWAH_METRICS_WATCH_H

#include "metrics/metrics.h"
#include "pull/pull.h"

/* Declares every family below, the feed's lag included (absent until it is set). */
void watch_metrics_declare(struct metrics *m);

/* One unit's outcome: wowah_snapshots_total by flavour, kind and outcome (a table event that
 * wrote nothing counts as unchanged, as the log has no line for it) and the age of the
 * house's newest snapshot (a house is named by flavour, kind, realm and house). */
void watch_metrics_event(struct metrics *m, const char *region, const struct pull_event *ev);

/* The pull's totals: requests, 429s, retries, body bytes, the token's expiry. */
void watch_metrics_progress(struct metrics *m, const char *region, const struct pull_report *r);

/* The hook of the ClickHouse feed: seconds its newest row lags the newest snapshot. */
void watch_metrics_feed_lag(struct metrics *m, const char *region, double seconds);

#endif
