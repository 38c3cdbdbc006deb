/* pull.c - wowah pull: fetch a region's new auction snapshots into the data dir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bnet/bnet.h"
#include "model/keys.h"
#include "cli/cli.h"
#include "pull/pull.h"
#include "store/store.h"
#include "util/opt.h"
#include "util/ts.h"

static void human_count(int64_t n, char *out, size_t len)
{
	if (n >= 1000000)
		snprintf(out, len, "%.2fM", (double)n / 1e6);
	else if (n >= 10000)
		snprintf(out, len, "%.1fk", (double)n / 1e3);
	else
		snprintf(out, len, "%lld", (long long)n);
}

static void show_progress(void *ud, const struct pull_report *r)
{
	double secs = (double)r->elapsed_ms / 1000.0, mb = (double)r->run.body_bytes / 1e6;
	char rows[32], eta[32] = "?";
	(void)ud;

	human_count(r->rows, rows, sizeof(rows));
	if (r->units_done > 0 && r->units_total > r->units_done)
		snprintf(eta, sizeof(eta), "%.0fs",
		         secs * (r->units_total - r->units_done) / r->units_done);
	else if (r->units_total && r->units_done >= r->units_total)
		snprintf(eta, sizeof(eta), "0s");
	fprintf(stderr, "\r\033[Krealms %d/%d  auctions %s  %.1f MB  %.1f MB/s  ETA %s",
	        r->units_done, r->units_total, rows, mb, secs > 0 ? mb / secs : 0.0, eta);
	fflush(stderr);
}

/* "pulled eu: ..." for retail, "pulled eu classic1x: ..." for another flavour. */
static void print_summary(const char *region, int flavor, const struct pull_report *r)
{
	char rows[32];

	human_count(r->rows, rows, sizeof(rows));
	printf("pulled %s%s%s: %d stored, %d unchanged, %d failed; %s auctions, %.1f MB in %.1f s "
	       "(%llu requests, %llu retries)",
	       region, flavor ? " " : "", flavor ? model_flavor_name(flavor) : "", r->stored,
	       r->unchanged, r->failed, rows, (double)r->run.body_bytes / 1e6,
	       (double)r->elapsed_ms / 1000.0, (unsigned long long)r->run.requests,
	       (unsigned long long)r->run.retries);
	if (r->items_new)
		printf("; %d new items", r->items_new);
	if (r->pets_new)
		printf("; %d new pet species", r->pets_new);
	printf("\n");
}

/* Prints each "what: why" line of the report, prefixed. */
static void print_failures(const struct pull_report *r)
{
	const char *s = r->failures.data;

	while (s && *s) {
		const char *nl = strchr(s, '\n');
		int n = nl ? (int)(nl - s) : (int)strlen(s);
		fprintf(stderr, "failed: %.*s\n", n, s);
		s = nl ? nl + 1 : s + n;
	}
}

/* One run of one flavour; the summary and the failures printed. */
static int pull_flavor(struct pull *p, const char *region, struct pull_what *what, int flavor,
                       int on_tty, struct err *e)
{
	struct pull_report rep;
	int rc;

	what->flavor = flavor;
	rc = pull_run(p, what, &rep, e);
	if (on_tty)
		fputs("\r\033[K", stderr);
	if (rc == WOWAH_OK || rc == WOWAH_EPARTIAL || rc == WOWAH_EINTERRUPTED)
		print_summary(region, flavor, &rep);
	/* a full disk stops the run: the units it cut short are no news */
	if (rc != WOWAH_ENOSPACE)
		print_failures(&rep);
	pull_report_release(&rep);
	return rc;
}

/* Each flavour of mask in turn; a partial run does not stop the next flavour's, anything
 * worse does. The worst outcome is returned, with its error. */
static int pull_flavors(struct pull *p, const char *region, struct pull_what *what, unsigned mask,
                        int on_tty, struct err *e)
{
	struct err fe = {0};
	int rc = WOWAH_OK;

	for (int fl = 0; fl < MODEL_NFLAVORS; fl++) {
		int frc;
		if (!(mask & (1u << fl)))
			continue;
		frc = pull_flavor(p, region, what, fl, on_tty, &fe);
		if (frc && (rc == WOWAH_OK || rc == WOWAH_EPARTIAL)) {
			rc = frc;
			*e = fe;
		}
		if (frc && frc != WOWAH_EPARTIAL)
			break;
	}
	return rc;
}

static int run(int argc, char **argv)
{
	struct cli_fetch f = {0};
	const char *flavor = NULL;
	unsigned flavors = 0;
	int no_commodities = 0, classic = 0, items = 0, token = 0, npos, status;
	const struct opt opts[] = {
	        CLI_FETCH_OPT_REGION(&f),
	        OPT_STR_DEF_(
	                "realms", &f.realms, "all|ID,...",
	                "connected realms to pull; the realms table is kept current either way",
	                NULL, "all"),
	        OPT_BOOL_("no-commodities", &no_commodities, "skip the region's commodities"),
	        CLI_OPT_FLAVOR(&flavor),
	        OPT_BOOL_("classic", &classic,
	                  "also pull Classic progression: --flavor ...,classic"),
	        OPT_BOOL_("items", &items,
	                  "also fetch metadata of items (and pet species) not seen before"),
	        OPT_BOOL_("token", &token, "also fetch the WoW Token price"),
	        CLI_FETCH_OPT_CONCURRENCY(&f),
	        CLI_OPT_MAX_ROWS(&f.max_rows),
	        CLI_FETCH_OPTS_WHERE(&f),
	        OPT_END_,
	};
	struct pull_config cfg = {0};
	struct pull_what what = {0};
	struct store *st = NULL;
	struct pull *p = NULL;
	int32_t *ids = NULL;
	struct err e = {0};
	int rc;

	if (!cli_parse(opts, "wowah pull [options]",
	               "Fetch the region's new auction snapshots (and realms, commodities, items,\n"
	               "token) of each flavour of WoW from Battle.net into the data dir.",
	               argc, argv, &npos, &status))
		return status;
	if (cli_no_args("pull", npos, argv, &e) || cli_flavors(flavor, classic, &flavors, &e) ||
	    cli_fetch_setup(&f, &cfg, &ids, &what.nrealms, &e))
		return cli_fail(&e);
	what.realm_ids = ids;
	what.realms_table = 1;
	what.commodities = !no_commodities;
	what.items = items;
	what.token = token;
	cfg.stop = cli_catch_stop_signals();
	if (isatty(STDERR_FILENO))
		cfg.on_progress = show_progress;
	if ((rc = bnet_global_init(&e)) == 0 && (rc = store_open(f.data_dir, &st, &e)) == 0)
		cli_warn_orphans(st);
	if (rc == 0 && (rc = pull_new(&cfg, st, &p, &e)) == 0)
		rc = pull_flavors(p, f.region, &what, flavors, cfg.on_progress != NULL, &e);
	pull_free(p);
	store_close(st);
	bnet_global_cleanup();
	free(ids);
	return rc ? cli_fail(&e) : 0;
}

const struct cli_cmd cmd_pull = {"pull", "fetch new auction snapshots from Battle.net", run};
