/* fsck.c - wowah fsck: the data dir checked against catalog.tsv, and repaired (store/fsck.h
 * does it; docs/fsck.md). Also the one warning line the writing commands print when
 * store_open found snapshot files without a catalog line. */
#include <stdio.h>

#include "cli/cli.h"
#include "store/fsck.h"
#include "store/store.h"
#include "util/opt.h"

static const char *const fix_words[] = {
        [FSCK_FIX_NONE] = "",
        [FSCK_FIX_REWRITTEN] = "; written again",
        [FSCK_FIX_DROPPED] = "; line dropped (kept in the backup)",
        [FSCK_FIX_QUARANTINED] = "; moved to ",
        [FSCK_FIX_CATALOGUED] = "; catalogued",
};

void cli_warn_orphans(const struct store *s)
{
	size_t n = store_orphans(s);

	if (n)
		fprintf(stderr,
		        "wowah: warning: %zu Parquet file%s under %s %s not in catalog.tsv (kept, "
		        "not loaded): run 'wowah fsck --repair' to catalogue %s\n",
		        n, n == 1 ? "" : "s", store_dir(s), n == 1 ? "is" : "are",
		        n == 1 ? "it" : "them");
}

static void print_report(const struct fsck_report *r, int repair)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct fsck_problem *p = &r->v[i];

		printf("%s: %s%s%s%s%s\n", fsck_kind_name(p->kind), p->path ? p->path : "",
		       p->path ? ": " : "", p->detail, fix_words[p->fix],
		       p->moved_to ? p->moved_to : "");
	}
	printf("summary: %zu catalogued files checked, %zu whole; %zu Parquet files; %zu "
	       "problems (%zu missing, %zu corrupt, %zu uncatalogued, %zu in the lines of "
	       "catalog.tsv)\n",
	       r->checked, r->ok, r->files, r->n, fsck_count(r, FSCK_MISSING),
	       fsck_count(r, FSCK_CORRUPT), fsck_count(r, FSCK_ORPHAN),
	       fsck_count(r, FSCK_MALFORMED) + fsck_count(r, FSCK_DUPLICATE) +
	               fsck_count(r, FSCK_TORN) + fsck_count(r, FSCK_HEADER) +
	               fsck_count(r, FSCK_CRLF));
	if (r->locked)
		printf("note: another wowah process was writing meanwhile\n");
	if (repair && r->rewritten)
		printf("repaired: catalog.tsv written again with %zu lines%s%s%s\n", r->new_lines,
		       r->backup ? " (the old one is " : "", r->backup ? r->backup : "",
		       r->backup ? ")" : "");
	if (repair && fsck_unrepaired(r))
		printf("left: %zu problems need you (see above)\n", fsck_unrepaired(r));
}

static int run(int argc, char **argv)
{
	const char *data_dir;
	int repair = 0;
	const struct opt opts[] = {
	        OPT_BOOL_("repair", &repair,
	                  "rebuild catalog.tsv from the files and set corrupt files aside "
	                  "(never deletes)"),
	        OPT_STR_DEF_("data-dir", &data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_END_,
	};
	struct fsck_report *r;
	struct err e = {0};
	int npos, status;

	if (!cli_parse(opts, "wowah fsck [--repair] [--data-dir DIR]",
	               "Checks every stored file against catalog.tsv (there, size, crc32), lists "
	               "Parquet files\n"
	               "without a catalog line and catalog lines that do not parse; --repair "
	               "fixes them.\n"
	               "Exit 0 when clean (or all repaired), 1 when problems are left.",
	               argc, argv, &npos, &status))
		return status;
	if (cli_no_args("fsck", npos, argv, &e))
		return cli_fail(&e);
	if (fsck_run(data_dir, repair, &r, &e))
		return cli_fail(&e);
	print_report(r, repair);
	status = (repair ? fsck_unrepaired(r) : r->n) ? 1 : 0;
	fsck_report_free(r);
	return status;
}

const struct cli_cmd cmd_fsck = {"fsck", "check the data dir against its catalog, or repair it",
                                 run};
