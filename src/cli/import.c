/* import.c - wowah import: archived API bodies (JSON or gzip) into the data dir.
 *
 * Options and one line per file; the pipeline itself is ingest/import.h.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "ingest/import.h"
#include "util/opt.h"
#include "util/ts.h"

static void print_result(const char *path, const struct ingest_result *r)
{
	const struct store_result *st = &r->stored;

	if (st->duplicate) {
		char when[TS_ISO_LEN];
		ts_format_iso(r->snapshot_ts, when);
		printf("%s: snapshot %s already stored, %lld rows in %s\n", path, when,
		       (long long)st->rows, st->path);
		return;
	}
	printf("%s: %lld rows, %lld bytes (%.2f bytes/row; JSON %llu bytes) -> %s\n", path,
	       (long long)st->rows, (long long)st->bytes,
	       st->rows ? (double)st->bytes / (double)st->rows : 0.0,
	       (unsigned long long)r->body_bytes, st->path);
}

static int run(int argc, char **argv)
{
	struct ingest_opts o = {.data_dir = "wowah-data"};
	const struct opt opts[] = {
	        OPT_STR_("region", &o.region, "R", "region of the snapshots: eu, us, kr, tw, cn",
	                 "BLIZZARD_API_REGION"),
	        OPT_STR_("flavor", &o.flavor, "F",
	                 "flavour of WoW: retail, classic, classic1x, classicann (default: "
	                 "retail, classic with --house)",
	                 "WOWAH_FLAVOR"),
	        OPT_INT_("realm", &o.realm, "ID", "connected realm id (realm or Classic house)",
	                 NULL, 1, 2147483647),
	        OPT_BOOL_("commodities", &o.commodities, "the files are region commodities"),
	        OPT_INT_("house", &o.house, "ID",
	                 "Classic auction house id (2, 6, 7); needs --realm", NULL, 1, 32767),
	        OPT_STR_("at", &o.at, "TIME",
	                 "snapshot time, ISO 8601 UTC (default: each file's modification time)",
	                 NULL),
	        CLI_OPT_MAX_ROWS(&o.max_rows),
	        OPT_STR_DEF_("data-dir", &o.data_dir, "DIR", "data directory", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_END_,
	};
	struct ingest *in;
	struct ingest_result r;
	struct err e = {0};
	int npos, status = 0;

	if (!cli_parse(opts,
	               "wowah import --region R [--flavor F] (--realm ID [--house ID] | "
	               "--commodities) "
	               "[--at TIME] FILE...",
	               "Stores archived auction bodies (.json or .json.gz) as Parquet snapshots.",
	               argc, argv, &npos, &status))
		return status;
	if (ingest_open(&o, (size_t)npos, &in, &e))
		return cli_fail(&e);
	cli_warn_orphans(ingest_store(in));
	for (int i = 0; i < npos; i++) {
		if (ingest_file(in, argv[i], &r, &e) == WOWAH_OK) {
			print_result(argv[i], &r);
			continue;
		}
		/* a bad file is its own: the options and the data dir were checked once */
		status = cli_fail(&e);
	}
	/* every file is written and synced: nothing left that the kernel does not undo */
	status = cli_exit_now(status);
	ingest_close(in);
	return status;
}

const struct cli_cmd cmd_import = {"import", "store archived auction bodies as Parquet", run};
