/* feed.c - wowah feed: the data dir's snapshots into ClickHouse (ch/feed.h does it). */
#include <stdio.h>
#include <unistd.h>

#include "bnet/bnet.h"
#include "ch/feed.h"
#include "cli/cli.h"
#include "util/opt.h"

static void progress(void *ud, const struct ch_feed_stats *st)
{
	(void)ud;
	fprintf(stderr, "\rfeed: %lld/%lld snapshots, %lld auctions sent",
	        (long long)(st->already + st->fed), (long long)st->catalogued, (long long)st->rows);
	fflush(stderr);
}

static int run(int argc, char **argv)
{
	struct cli_clickhouse chc = {0};
	const char *cluster = NULL, *data_dir;
	const struct opt opts[] = {
	        CLI_OPT_CLICKHOUSE_URL(&chc),
	        CLI_OPT_CLICKHOUSE_DATABASE(&chc),
	        CLI_OPT_CLICKHOUSE_CLUSTER(&cluster),
	        OPT_STR_DEF_("data-dir", &data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_END_,
	};
	struct ch_feed_opts o = {0};
	struct ch_feed_stats st;
	struct err e = {0};
	int npos, status, rc;

	if (!cli_parse(
	            opts,
	            "wowah feed [--clickhouse URL] [--database NAME] [--cluster NAME] "
	            "[--data-dir DIR]",
	            "Sends every stored snapshot that ClickHouse does not hold yet, oldest first,\n"
	            "exactly once (creating the schema when missing). The user and password come\n"
	            "from WOWAH_CLICKHOUSE_USER and WOWAH_CLICKHOUSE_PASSWORD (environment or "
	            ".env).",
	            argc, argv, &npos, &status))
		return status;
	if (cli_no_args("feed", npos, argv, &e) || cli_clickhouse_opts(&chc, &o.ch, &e))
		return cli_fail(&e);
	o.data_dir = data_dir;
	o.cluster = cluster;
	o.stop = cli_catch_stop_signals();
	if (isatty(STDERR_FILENO))
		o.on_progress = progress;
	if ((rc = bnet_global_init(&e)) == 0)
		rc = ch_feed(&o, &st, &e);
	bnet_global_cleanup();
	if (o.on_progress && st.catalogued)
		fputc('\n', stderr);
	if (rc)
		return cli_fail(&e);
	printf("fed %lld snapshots (%lld auctions, %lld token prices) to %s database %s; %lld "
	       "were there already, %lld resumed, %lld retries\n",
	       (long long)st.fed, (long long)st.rows, (long long)st.tokens, o.ch.url, chc.database,
	       (long long)st.already, (long long)st.resumed, (long long)st.retries);
	return 0;
}

const struct cli_cmd cmd_feed = {"feed", "send the stored snapshots to ClickHouse, exactly once",
                                 run};
