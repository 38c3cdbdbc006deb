/* snapshot.c - wowah snapshot rebuild: stored snapshots of a house rebuilt from the
 * auction lifetimes (lifetime/ does it), to files or (one) to the terminal. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "duck/engine.h"
#include "lifetime/lifetime.h"
#include "model/keys.h"
#include "report/format.h"
#include "report/query.h"
#include "util/opt.h"
#include "util/ts.h"

static const char usage[] =
        "wowah snapshot rebuild --region R --realm ID [--house H] --at TS [--at TS ...] "
        "[--out FILE.parquet|.json]";

/* What "{at}" in --out stands for: the snapshot's time as 20200915T100000Z. */
#define AT_FIELD "{at}"

struct args {
	const char *region, *out, *data_dir, *format;
	struct opt_list at;
	int64_t realm, house;
};

/* The times of --at, each parsed, none twice (*ts the caller's to free). */
static int times_of(const struct opt_list *at, int64_t **ts, struct err *e)
{
	static const char how[] = "give the snapshot's time in ISO 8601 UTC, e.g. "
	                          "2020-09-15T10:00:00Z (see 'wowah snapshot --help')";

	if (!at->n)
		return err_set(e, WOWAH_EUSAGE, "--at: %s", how);
	*ts = calloc(at->n, sizeof(**ts));
	if (!*ts)
		return err_set(e, WOWAH_ENOMEM, "out of memory");
	for (size_t k = 0; k < at->n; k++) {
		if (ts_parse_iso(at->v[k], &(*ts)[k]))
			return err_set(e, WOWAH_EUSAGE, "--at %s: %s", at->v[k], how);
		for (size_t j = 0; j < k; j++)
			if ((*ts)[j] == (*ts)[k])
				return err_set(e, WOWAH_EUSAGE,
				               "--at %s: given twice (once is enough)", at->v[k]);
	}
	return WOWAH_OK;
}

/* Several --at write several files: --out must name each by its time. */
static int check_out(const struct args *a, struct err *e)
{
	if (a->at.n < 2 || (a->out && strstr(a->out, AT_FIELD)))
		return WOWAH_OK;
	return err_set(e, WOWAH_EUSAGE,
	               "%zu times of --at write %zu files: give --out with " AT_FIELD
	               " where each file's time goes, e.g. --out 'snap-" AT_FIELD ".parquet'",
	               a->at.n, a->at.n);
}

/* out with each "{at}" replaced by ts as 20200915T100000Z (the caller's to free). */
static char *out_path(const char *out, int64_t ts)
{
	struct buf path = BUF_INIT;
	char compact[TS_COMPACT_LEN];
	const char *p, *field;

	ts_format_compact(ts, compact);
	for (p = out; (field = strstr(p, AT_FIELD)); p = field + strlen(AT_FIELD))
		buf_printf(&path, "%.*s%s", (int)(field - p), p, compact);
	buf_printf(&path, "%s", p);
	return buf_detach(&path, NULL);
}

/* The house and time the options name, checked. */
static int house_of(const struct args *a, struct lifetime_house *h, struct err *e)
{
	int rc = model_region_check(a->region, e);

	if (rc)
		return rc;
	if (a->realm < 0)
		return err_set(e, WOWAH_EUSAGE,
		               "--realm: give the connected realm id (0 for the region's "
		               "commodities)");
	h->region = a->region;
	h->realm_id = (int32_t)a->realm;
	h->house_id = (int32_t)a->house;
	h->kind = a->house ? "classic" : a->realm ? "realm" : "commodity";
	return WOWAH_OK;
}

static int print_rows(struct duck *d, const char *dir, const struct lifetime_house *h, int64_t ts,
                      const char *format, struct err *e)
{
	struct buf sql = BUF_INIT, out = BUF_INIT;
	struct rset_engine eng;
	int rc = lifetime_rebuild_sql(d, dir, h, ts, &sql, e);

	duck_engine(d, &eng);
	if (!rc)
		rc = report_sql_run(&eng, sql.data, fmt_kind_parse(format),
		                    fmt_width(STDOUT_FILENO), &out, e);
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
	buf_release(&sql);
	buf_release(&out);
	return rc;
}

/* Each snapshot of ts to its file, in one DuckDB. */
static int write_files(struct duck *d, const char *dir, const struct lifetime_house *h,
                       const char *out, const int64_t *ts, size_t n, struct err *e)
{
	char **paths = calloc(n, sizeof(*paths));
	int rc;

	if (!paths)
		return err_set(e, WOWAH_ENOMEM, "out of memory");
	for (size_t k = 0; k < n; k++)
		paths[k] = out_path(out, ts[k]);
	rc = lifetime_rebuild_write(d, dir, h, ts, (const char *const *)paths, n, e);
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	free(paths);
	return rc;
}

static int rebuild(const struct args *a, struct err *e)
{
	struct lifetime_house h;
	char dir[PATH_MAX];
	struct duck d;
	int64_t *ts = NULL;
	int rc = house_of(a, &h, e);

	if (!rc)
		rc = times_of(&a->at, &ts, e);
	if (!rc)
		rc = check_out(a, e);
	if (!rc && !realpath(a->data_dir, dir))
		rc = err_set(e, WOWAH_ENOTFOUND, "no data dir %s", a->data_dir);
	if (!rc)
		rc = duck_open(&d, NULL, e);
	if (rc) {
		free(ts);
		return rc;
	}
	rc = duck_exec(&d, "SET TimeZone = 'UTC'", e);
	if (!rc && a->out)
		rc = write_files(&d, dir, &h, a->out, ts, a->at.n, e);
	else if (!rc)
		rc = print_rows(&d, dir, &h, ts[0], a->format, e);
	duck_close(&d);
	free(ts);
	return rc;
}

static int run(int argc, char **argv)
{
	struct args a = {.realm = -1};
	const struct opt opts[] = {
	        OPT_STR_DEF_("region", &a.region, "REGION", "eu, us, kr, tw or cn",
	                     "BLIZZARD_API_REGION", "eu"),
	        OPT_INT_("realm", &a.realm, "ID", "connected realm id (0: the commodities)", NULL,
	                 0, INT32_MAX),
	        OPT_INT_DEF_("house", &a.house, "H", "Classic auction house id (0: none)", NULL, 0,
	                     INT32_MAX, 0),
	        OPT_LIST_("at", &a.at, "TS", "a snapshot's time, ISO 8601 UTC"),
	        OPT_STR_("out", &a.out, "FILE",
	                 "write it to FILE.parquet or FILE.json; " AT_FIELD
	                 " in FILE stands for each --at's time (20200915T100000Z)",
	                 NULL),
	        OPT_CHOICE_DEF_("format", &a.format, FMT_CHOICES, "output format without --out",
	                        NULL, "table"),
	        OPT_STR_DEF_("data-dir", &a.data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_END_,
	};
	struct err e = {0};
	int npos, status, rc;

	if (!cli_parse(opts, usage,
	               "Rebuilds stored snapshots of a house from the auction lifetimes that\n"
	               "'wowah load' keeps, exactly as their raw Parquet files hold them: one\n"
	               "--at to the terminal or a file, several --at in one process to a file\n"
	               "each, all written or none.",
	               argc, argv, &npos, &status)) {
		opt_list_free(&a.at);
		return status;
	}
	if (npos != 1 || strcmp(argv[0], "rebuild") != 0)
		rc = err_set(&e, WOWAH_EUSAGE,
		             "wowah snapshot takes one command: rebuild (see 'wowah "
		             "snapshot --help')");
	else
		rc = rebuild(&a, &e);
	opt_list_free(&a.at);
	return rc ? cli_fail(&e) : 0;
}

const struct cli_cmd cmd_snapshot = {"snapshot", "rebuild a stored snapshot from the lifetimes",
                                     run};
