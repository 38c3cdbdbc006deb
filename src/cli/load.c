/* load.c - wowah load: make or update DATA_DIR/wowah.duckdb (warehouse/ does it). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/layout.h"
#include "store/store.h"
#include "util/opt.h"
#include "warehouse/warehouse.h"

/* On a terminal, a long load says how far it is (one line, rewritten). */
static void progress(void *ud, int64_t done, int64_t total)
{
	(void)ud;
	fprintf(stderr, "\rsummarised %lld of %lld snapshots", (long long)done, (long long)total);
	if (done == total)
		fputc('\n', stderr);
}

/* Compaction is a step of every load (once a day, when store_compact_due says a day has
 * passed), so that it happens without anyone remembering it. A pull or watch holding the
 * data dir's lock defers it to the next load: loading does not need it. */
static int compact(const char *data_dir, struct err *e)
{
	struct store_compacted c;
	struct store *s;
	int rc;

	if (!store_compact_due(data_dir))
		return WOWAH_OK;
	rc = store_open_compacting(data_dir, &s, e);
	if (rc == WOWAH_ELOCKED) {
		memset(e, 0, sizeof(*e));
		return WOWAH_OK;
	}
	if (rc)
		return rc;
	rc = store_compact(s, &c, e);
	store_close(s);
	if (!rc && c.days)
		printf("compacted %lld hourly files of %lld snapshots into %lld daily files\n",
		       (long long)c.files_in, (long long)c.snapshots, (long long)c.files_out);
	if (!rc && c.skipped)
		fprintf(stderr,
		        "wowah: %lld house-days not compacted: a file differs from its catalog "
		        "line; run 'wowah fsck'\n",
		        (long long)c.skipped);
	return rc;
}

/* --timings: each step of the load on a line of its own. */
static void step(void *ud, const char *name, int64_t cpu_ms, int64_t wall_ms)
{
	(void)ud;
	fprintf(stderr, "step %-20s %8lld ms CPU %8lld ms wall\n", name, (long long)cpu_ms,
	        (long long)wall_ms);
}

static int run(int argc, char **argv)
{
	const char *data_dir;
	int timings = 0;
	struct warehouse_opts o = {0};
	const struct opt opts[] = {
	        OPT_STR_DEF_("data-dir", &data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_INT_DEF_("max-memory", &o.memory_mb, "MB",
	                     "memory (RSS) the load stays within, whatever the history",
	                     "WOWAH_MAX_MEMORY", 256, 1048576, WAREHOUSE_MEMORY_MB_DEFAULT),
	        OPT_BOOL_("timings", &timings,
	                  "print the CPU and wall time of each step of the load on stderr"),
	        OPT_END_,
	};
	struct warehouse_stats st;
	struct err e = {0};
	int npos, status, rc;

	if (!cli_parse(
	            opts, "wowah load [--data-dir DIR] [--max-memory MB] [--timings]",
	            "Creates or updates DATA_DIR/wowah.duckdb (auctions, item_snapshots, "
	            "snapshots,\n"
	            "realms, items, tokens) from the stored snapshots; only what is new is read.",
	            argc, argv, &npos, &status))
		return status;
	if (npos > 0) {
		err_set(&e, WOWAH_EUSAGE,
		        "wowah load takes no arguments (see 'wowah load --help')");
		return cli_fail(&e);
	}
	if (isatty(STDERR_FILENO))
		o.progress = progress;
	if (timings)
		o.step = step;
	if (compact(data_dir, &e))
		return cli_fail(&e);
	rc = warehouse_load_opts(data_dir, &o, &st, &e);
	if (st.moved_aside)
		fprintf(stderr,
		        "wowah: %s/" MODEL_DB_FILE
		        " was no DuckDB database; moved it to %s/" MODEL_DB_FILE
		                WAREHOUSE_BROKEN_SUFFIX
		        " and built the database again from the data dir\n",
		        data_dir, data_dir);
	if (rc)
		return cli_fail(&e);
	printf("%lld new snapshots (%lld auctions), %lld token prices, %lld realm/item files; "
	       "%lld snapshots in %s/" MODEL_DB_FILE "\n",
	       (long long)st.new_snapshots, (long long)st.new_rows, (long long)st.new_tokens,
	       (long long)st.new_files, (long long)st.snapshots, data_dir);
	return 0;
}

const struct cli_cmd cmd_load = {"load", "create or update DATA_DIR/wowah.duckdb for queries", run};
