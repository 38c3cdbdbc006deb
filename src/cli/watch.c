/* watch.c - wowah watch: pull each realm's snapshots (and, when asked, the houses of other
 * flavours of WoW, the token and new items) as they appear, until stopped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bnet/bnet.h"
#include "ch/follow.h"
#include "cli/cli.h"
#include "metrics/watch.h"
#include "model/keys.h"
#include "pull/pull.h"
#include "pull/watch.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/opt.h"
#include "util/ts.h"

struct logger {
	int json;
	const char *region;
	struct metrics *metrics; /* NULL without --metrics */
	struct ch_follow *feed;  /* --clickhouse: told of each stored snapshot */
};

/* "stored eu realm 1305 ...", "stored eu classic1x classic 4001 house 2 ...": the
 * flavour follows the region, as in pull's summary, unless it is retail. */
static void log_text(const struct logger *lg, const struct pull_event *ev, const char *now)
{
	char snap[TS_ISO_LEN] = "-";
	char house[24] = "", where[64];

	if (ev->snapshot_ts)
		ts_format_iso(ev->snapshot_ts, snap);
	if (strcmp(ev->kind, "classic") == 0)
		snprintf(house, sizeof(house), " house %d", (int)ev->house_id);
	snprintf(where, sizeof(where), "%s%s%s", lg->region, ev->flavor ? " " : "",
	         ev->flavor ? model_flavor_name(ev->flavor) : "");
	if (ev->outcome == PULL_FAILED) {
		printf("%s failed %s %s %d%s: %s\n", now, where, ev->kind, (int)ev->realm_id, house,
		       ev->error ? ev->error : "?");
		return;
	}
	printf("%s stored %s %s %d%s snapshot %s rows %lld bytes %lld %s\n", now, where, ev->kind,
	       (int)ev->realm_id, house, snap, (long long)ev->rows, (long long)ev->bytes,
	       ev->path ? ev->path : "-");
}

static void log_json(const struct logger *lg, const struct pull_event *ev, const char *now)
{
	struct buf b = BUF_INIT;
	char snap[TS_ISO_LEN];

	buf_printf(&b, "{\"time\":\"%s\",\"event\":\"%s\",\"region\":", now,
	           ev->outcome == PULL_FAILED ? "failed" : "stored");
	buf_put_json_string(&b, lg->region, strlen(lg->region));
	buf_printf(&b, ",\"flavor\":\"%s\",\"kind\":\"%s\",\"realm_id\":%d",
	           model_flavor_name(ev->flavor), ev->kind, (int)ev->realm_id);
	if (strcmp(ev->kind, "classic") == 0)
		buf_printf(&b, ",\"house_id\":%d", (int)ev->house_id);
	if (ev->snapshot_ts) {
		ts_format_iso(ev->snapshot_ts, snap);
		buf_printf(&b, ",\"snapshot\":\"%s\"", snap);
	}
	if (ev->outcome == PULL_FAILED) {
		buf_puts(&b, ",\"error\":");
		buf_put_json_string(&b, ev->error ? ev->error : "",
		                    ev->error ? strlen(ev->error) : 0);
	} else {
		buf_printf(&b, ",\"rows\":%lld,\"bytes\":%lld,\"path\":", (long long)ev->rows,
		           (long long)ev->bytes);
		buf_put_json_string(&b, ev->path ? ev->path : "", ev->path ? strlen(ev->path) : 0);
	}
	buf_puts(&b, "}\n");
	fputs(b.data, stdout);
	buf_release(&b);
}

/* One line per stored snapshot (and per failure); unchanged ones are the normal case. */
static void on_event(void *ud, const struct pull_event *ev)
{
	const struct logger *lg = ud;
	char now[TS_ISO_LEN];

	if (lg->metrics)
		watch_metrics_event(lg->metrics, lg->region, ev);
	if (ev->outcome == PULL_UNCHANGED || (ev->outcome == PULL_STORED && !ev->path))
		return;
	ts_format_iso(ts_now(), now);
	if (lg->json)
		log_json(lg, ev, now);
	else
		log_text(lg, ev, now);
	fflush(stdout);
	if (lg->feed && ev->outcome == PULL_STORED)
		ch_follow_poke(lg->feed);
}

/* One line per feed pass that sent something or failed, from the feeding thread (stdio
 * locks the stream for each call, so lines never interleave). */
static void on_feed(void *ud, const struct ch_follow_pass *p)
{
	const struct logger *lg = ud;
	char now[TS_ISO_LEN];
	struct buf b = BUF_INIT;

	if (p->rc == WOWAH_OK && p->st.fed == 0)
		return;
	ts_format_iso(ts_now(), now);
	if (lg->json) {
		buf_printf(&b,
		           "{\"time\":\"%s\",\"event\":\"%s\",\"snapshots\":%lld,\"rows\":%lld,"
		           "\"waiting\":%lld,\"lag_s\":%lld",
		           now, p->rc ? "feed-failed" : "fed", (long long)p->st.fed,
		           (long long)p->st.rows, (long long)p->st.waiting, (long long)p->lag_s);
		if (p->rc) {
			buf_printf(&b, ",\"retry_s\":%lld,\"error\":", (long long)p->retry_s);
			buf_put_json_string(&b, p->error, strlen(p->error));
		}
		buf_puts(&b, "}\n");
	} else if (p->rc) {
		buf_printf(&b,
		           "%s feed-failed clickhouse fed %lld snapshots, lag %lld s, next try in "
		           "%lld s: %s\n",
		           now, (long long)p->st.fed, (long long)p->lag_s, (long long)p->retry_s,
		           p->error);
	} else {
		buf_printf(&b, "%s fed clickhouse %lld snapshots rows %lld lag %lld s\n", now,
		           (long long)p->st.fed, (long long)p->st.rows, (long long)p->lag_s);
	}
	fputs(b.data, stdout);
	fflush(stdout);
	buf_release(&b);
}

/* --clickhouse: the follower that feeds what watch stores. */
static int start_feed(struct logger *lg, const struct cli_clickhouse *chc, const char *cluster,
                      const char *data_dir, int64_t retry_s, struct ch_feed_opts *o, struct err *e)
{
	int rc;

	if (!chc->url)
		return WOWAH_OK;
	if ((rc = cli_clickhouse_opts(chc, &o->ch, e)))
		return rc;
	o->data_dir = data_dir;
	o->cluster = cluster;
	return ch_follow_start(&lg->feed, o, retry_s, on_feed, lg, e);
}

static void on_progress(void *ud, const struct pull_report *r)
{
	const struct logger *lg = ud;
	if (lg->metrics)
		watch_metrics_progress(lg->metrics, lg->region, r);
}

/* With --metrics: the registry and its server, announced on stderr (port 0 picks one). */
static int start_metrics(const char *addr, struct logger *lg, struct metrics_server **out,
                         struct err *e)
{
	int rc;

	lg->metrics = metrics_new();
	watch_metrics_declare(lg->metrics);
	if ((rc = metrics_serve(lg->metrics, addr, out, e)))
		return rc;
	fprintf(stderr, "wowah: metrics at http://%s:%d/metrics\n", metrics_host(*out),
	        metrics_port(*out));
	return WOWAH_OK;
}

static int run(int argc, char **argv)
{
	struct cli_fetch f = {0};
	const char *log_format, *metrics_addr = NULL;
	const char *flavor = NULL;
	int no_commodities = 0, classic = 0, items = 0, token = 0, npos, status;
	int64_t floor_s, ceiling_s, lead_s, refresh_s, feed_retry_s;
	struct cli_clickhouse chc = {0};
	const char *cluster = NULL;
	const struct opt opts[] = {
	        CLI_FETCH_OPT_REGION(&f),
	        OPT_STR_DEF_("realms", &f.realms, "all|ID,...", "connected realms to watch", NULL,
	                     "all"),
	        OPT_BOOL_("no-commodities", &no_commodities, "do not watch the commodities"),
	        CLI_OPT_FLAVOR(&flavor),
	        OPT_BOOL_("classic", &classic,
	                  "also watch Classic progression: --flavor ...,classic"),
	        OPT_BOOL_("items", &items,
	                  "also fetch the metadata of new item ids, between auction pulls"),
	        OPT_BOOL_("token", &token, "also watch the WoW Token price"),
	        CLI_FETCH_OPT_CONCURRENCY(&f),
	        CLI_OPT_MAX_ROWS(&f.max_rows),
	        OPT_INT_DEF_("poll-floor", &floor_s, "S",
	                     "never ask a realm again sooner than S seconds", NULL, 1, 86400, 60),
	        OPT_INT_DEF_("poll-ceiling", &ceiling_s, "S",
	                     "never wait more than S seconds to ask again", NULL, 1, 86400, 3600),
	        OPT_INT_DEF_("lead", &lead_s, "S", "ask S seconds before a snapshot is due", NULL,
	                     1, 3600, 60),
	        OPT_INT_DEF_("index-refresh", &refresh_s, "S",
	                     "read the realm indexes and the realms table again every S seconds",
	                     NULL, 1, 604800, 21600),
	        OPT_CHOICE_DEF_("log-format", &log_format, "text|json", "log lines", NULL, "text"),
	        OPT_STR_("metrics", &metrics_addr, "HOST:PORT",
	                 "serve Prometheus metrics at http://HOST:PORT/metrics (HOST 127.0.0.1 "
	                 "unless given; PORT 0: any free one)",
	                 "WOWAH_METRICS"),
	        CLI_OPT_CLICKHOUSE_URL(&chc),
	        CLI_OPT_CLICKHOUSE_DATABASE(&chc),
	        CLI_OPT_CLICKHOUSE_CLUSTER(&cluster),
	        OPT_INT_DEF_("feed-retry", &feed_retry_s, "S",
	                     "with --clickhouse: try a failed feed again after S seconds", NULL, 1,
	                     3600, 30),
	        CLI_FETCH_OPTS_WHERE(&f),
	        OPT_END_,
	};
	struct pull_config cfg = {0};
	struct watch_config wc = {0};
	struct ch_feed_opts fo = {0};
	struct logger lg = {0};
	struct store *st = NULL;
	struct metrics_server *ms = NULL;
	int32_t *ids = NULL;
	struct err e = {0};
	int rc;

	if (!cli_parse(opts, "wowah watch [options]",
	               "Pull for ever: ask each realm shortly before its next snapshot is due,\n"
	               "log one line per stored snapshot; stop with SIGINT or SIGTERM.",
	               argc, argv, &npos, &status))
		return status;
	if (cli_no_args("watch", npos, argv, &e) || cli_flavors(flavor, classic, &wc.flavors, &e) ||
	    cli_fetch_setup(&f, &cfg, &ids, &wc.nrealms, &e))
		return cli_fail(&e);
	if (ceiling_s < floor_s) {
		free(ids);
		err_set(&e, WOWAH_EUSAGE, "--poll-ceiling (%lld) is below --poll-floor (%lld)",
		        (long long)ceiling_s, (long long)floor_s);
		return cli_fail(&e);
	}
	wc.realm_ids = ids;
	wc.commodities = !no_commodities;
	wc.items = items;
	wc.token = token;
	wc.index_refresh_s = refresh_s;
	wc.floor_s = floor_s;
	wc.ceiling_s = ceiling_s;
	wc.lead_s = lead_s;
	wc.stop = cli_catch_stop_signals();
	lg.json = strcmp(log_format, "json") == 0;
	lg.region = f.region;
	cfg.on_event = on_event;
	cfg.on_progress = on_progress;
	cfg.ud = &lg;
	if ((rc = bnet_global_init(&e)) == 0 && (rc = store_open(f.data_dir, &st, &e)) == 0 &&
	    (!metrics_addr || (rc = start_metrics(metrics_addr, &lg, &ms, &e)) == 0) &&
	    (rc = start_feed(&lg, &chc, cluster, f.data_dir, feed_retry_s, &fo, &e)) == 0) {
		cli_warn_orphans(st);
		rc = watch_run(&cfg, st, &wc, &e);
	}
	ch_follow_stop(lg.feed);
	metrics_stop(ms);
	metrics_free(lg.metrics);
	store_close(st);
	bnet_global_cleanup();
	free(ids);
	return rc ? cli_fail(&e) : 0;
}

const struct cli_cmd cmd_watch = {"watch", "pull new snapshots for ever, as they appear", run};
