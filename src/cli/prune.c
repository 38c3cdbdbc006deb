/* prune.c - wowah prune: removes raw snapshot files older than --keep-raw days once the
 * auction lifetimes and the database cover them (prune/ does it). */
#include <stdio.h>
#include <time.h>

#include "cli/cli.h"
#include "prune/prune.h"
#include "util/opt.h"

static int run(int argc, char **argv)
{
	const char *data_dir;
	int64_t days = -1;
	int dry_run = 0;
	const struct opt opts[] = {
	        OPT_INT_("keep-raw", &days, "DAYS", "keep raw snapshot files of the last DAYS days",
	                 NULL, 0, 36500),
	        OPT_BOOL_("dry-run", &dry_run, "say what would be removed, remove nothing"),
	        OPT_STR_DEF_("data-dir", &data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_END_,
	};
	struct prune_result r;
	struct err e = {0};
	int npos, status;

	if (!cli_parse(
	            opts, "wowah prune --keep-raw DAYS [--dry-run] [--data-dir DIR]",
	            "Removes raw auction snapshot files older than DAYS days whose snapshots the\n"
	            "auction lifetimes and wowah.duckdb already hold; reports, auction_lifetimes "
	            "and\n'wowah snapshot rebuild' keep answering for them.",
	            argc, argv, &npos, &status))
		return status;
	if (cli_no_args("prune", npos, argv, &e))
		return cli_fail(&e);
	if (days < 0) {
		err_set(&e, WOWAH_EUSAGE,
		        "wowah prune needs --keep-raw DAYS (see 'wowah prune --help')");
		return cli_fail(&e);
	}
	if (prune_run(data_dir, (int64_t)time(NULL) - days * 86400, dry_run, &r, &e))
		return cli_fail(&e);
	printf("%s %lld raw snapshot files (%.1f MB) older than %lld days",
	       dry_run ? "would remove" : "removed", (long long)r.files, (double)r.bytes / 1e6,
	       (long long)days);
	if (r.kept_old)
		printf("; kept %lld older ones that the lifetimes or the database do not cover yet "
		       "(run 'wowah load')",
		       (long long)r.kept_old);
	printf("\n");
	return 0;
}

const struct cli_cmd cmd_prune = {"prune", "remove raw snapshot files the lifetimes cover", run};
