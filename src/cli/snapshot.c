/* snapshot.c - wowah snapshot rebuild: one stored snapshot of a house rebuilt from the
 * auction lifetimes (lifetime/ does it), to a file or the terminal. */
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
        "wowah snapshot rebuild --region R --realm ID [--house H] --at TS [--out "
        "FILE.parquet|.json]";

struct args {
	const char *region, *at, *out, *data_dir, *format;
	int64_t realm, house;
};

/* The house and time the options name, checked. */
static int house_of(const struct args *a, struct lifetime_house *h, int64_t *ts, struct err *e)
{
	int rc = model_region_check(a->region, e);

	if (rc)
		return rc;
	if (!a->at || ts_parse_iso(a->at, ts))
		return err_set(e, WOWAH_EUSAGE,
		               "--at: give the snapshot's time in ISO 8601 UTC, e.g. "
		               "2020-09-15T10:00:00Z (see 'wowah snapshot --help')");
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

static int rebuild(const struct args *a, struct err *e)
{
	struct lifetime_house h;
	char dir[PATH_MAX];
	struct duck d;
	int64_t ts;
	int rc = house_of(a, &h, &ts, e);

	if (rc)
		return rc;
	if (!realpath(a->data_dir, dir))
		return err_set(e, WOWAH_ENOTFOUND, "no data dir %s", a->data_dir);
	rc = duck_open(&d, NULL, e);
	if (rc)
		return rc;
	rc = duck_exec(&d, "SET TimeZone = 'UTC'", e);
	if (!rc && a->out)
		rc = lifetime_rebuild_write(&d, dir, &h, ts, a->out, e);
	else if (!rc)
		rc = print_rows(&d, dir, &h, ts, a->format, e);
	duck_close(&d);
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
	        OPT_STR_("at", &a.at, "TS", "the snapshot's time, ISO 8601 UTC", NULL),
	        OPT_STR_("out", &a.out, "FILE", "write it to FILE.parquet or FILE.json", NULL),
	        OPT_CHOICE_DEF_("format", &a.format, FMT_CHOICES, "output format without --out",
	                        NULL, "table"),
	        OPT_STR_DEF_("data-dir", &a.data_dir, "DIR", "the data dir", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_END_,
	};
	struct err e = {0};
	int npos, status;

	if (!cli_parse(opts, usage,
	               "Rebuilds one stored snapshot of a house from the auction lifetimes that\n"
	               "'wowah load' keeps, exactly as its raw Parquet file holds it.",
	               argc, argv, &npos, &status))
		return status;
	if (npos != 1 || strcmp(argv[0], "rebuild") != 0) {
		err_set(&e, WOWAH_EUSAGE,
		        "wowah snapshot takes one command: rebuild (see 'wowah "
		        "snapshot --help')");
		return cli_fail(&e);
	}
	return rebuild(&a, &e) ? cli_fail(&e) : 0;
}

const struct cli_cmd cmd_snapshot = {"snapshot", "rebuild a stored snapshot from the lifetimes",
                                     run};
