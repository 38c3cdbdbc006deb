/* import.c - wowah import: archived API bodies (JSON or gzip) into the data dir.
 *
 * Each FILE is one snapshot of the house the options name, stored exactly as `pull`
 * stores one (parse/file.h streams it, store/store.h writes and catalogs it), so
 * importing the same file twice stores it once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "model/keys.h"
#include "parse/file.h"
#include "store/store.h"
#include "util/opt.h"
#include "util/ts.h"

struct import_opts {
	const char *region, *at, *data_dir;
	int64_t realm, house;
	int commodities;
};

/* The snapshot key the options describe (snapshot_ts is set per file). */
static int meta_of(const struct import_opts *o, int nfiles, struct batch_meta *m, struct err *e)
{
	memset(m, 0, sizeof(*m));
	if (nfiles == 0)
		return err_set(e, WOWAH_EUSAGE, "no FILE to import (see 'wowah import --help')");
	if (!o->region)
		return err_set(e, WOWAH_EUSAGE, "--region is required (eu, us, kr, tw or cn)");
	if (model_region_check(o->region, e))
		return WOWAH_EUSAGE;
	if (o->commodities && (o->realm || o->house))
		return err_set(e, WOWAH_EUSAGE,
		               "--commodities is region-wide: drop --realm/--house");
	if (!o->commodities && !o->realm)
		return err_set(e, WOWAH_EUSAGE,
		               "say whose auctions these are: --realm ID or --commodities");
	if (o->at && nfiles > 1)
		return err_set(
		        e, WOWAH_EUSAGE,
		        "--at gives one snapshot time: import one file per --at (or let each "
		        "file's modification time count)");
	snprintf(m->region, sizeof(m->region), "%s", o->region);
	m->kind = o->commodities ? BATCH_COMMODITY : o->house ? BATCH_CLASSIC : BATCH_REALM;
	m->realm_id = (int32_t)o->realm;
	m->house_id = (int16_t)o->house;
	return WOWAH_OK;
}

static int snapshot_time(const char *at, const char *path, int64_t *out, struct err *e)
{
	struct stat st;

	if (at) {
		if (ts_parse_iso(at, out) != 0)
			return err_set(
			        e, WOWAH_EUSAGE,
			        "--at '%s' is not an ISO 8601 UTC time (2020-09-15T12:00:00Z)", at);
		return WOWAH_OK;
	}
	if (stat(path, &st) != 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot open '%s'", path);
	*out = (int64_t)st.st_mtime;
	return WOWAH_OK;
}

static int import_one(struct store *s, const struct batch_meta *m, const char *at, const char *path,
                      struct err *e)
{
	struct batch *b = batch_new();
	struct store_result res;
	uint64_t body = 0;
	int rc;

	b->meta = *m;
	rc = snapshot_time(at, path, &b->meta.snapshot_ts, e);
	if (rc == WOWAH_OK)
		rc = parse_auctions_file(path, b, &body, e);
	if (rc == WOWAH_OK)
		rc = store_write_auctions(s, b, ts_now(), &res, e);
	if (rc == WOWAH_OK && res.duplicate) {
		char when[TS_ISO_LEN];
		ts_format_iso(b->meta.snapshot_ts, when);
		printf("%s: snapshot %s already stored, %lld rows in %s\n", path, when,
		       (long long)res.rows, res.path);
	} else if (rc == WOWAH_OK)
		printf("%s: %lld rows, %lld bytes (%.2f bytes/row; JSON %llu bytes) -> %s\n", path,
		       (long long)res.rows, (long long)res.bytes,
		       res.rows ? (double)res.bytes / (double)res.rows : 0.0,
		       (unsigned long long)body, res.path);
	batch_free(b);
	return rc;
}

static int run(int argc, char **argv)
{
	struct import_opts o = {0};
	const struct opt opts[] = {
	        OPT_STR_("region", &o.region, "R", "region of the snapshots: eu, us, kr, tw, cn",
	                 "BLIZZARD_API_REGION"),
	        OPT_INT_("realm", &o.realm, "ID", "connected realm id (realm or Classic house)",
	                 NULL, 1, 2147483647),
	        OPT_BOOL_("commodities", &o.commodities, "the files are region commodities"),
	        OPT_INT_("house", &o.house, "ID",
	                 "Classic auction house id (2, 6, 7); needs --realm", NULL, 1, 32767),
	        OPT_STR_("at", &o.at, "TIME",
	                 "snapshot time, ISO 8601 UTC (default: each file's modification time)",
	                 NULL),
	        OPT_STR_DEF_("data-dir", &o.data_dir, "DIR", "data directory", "WOWAH_DATA_DIR",
	                     CLI_DATA_DIR_DEFAULT),
	        OPT_END_,
	};
	struct batch_meta m;
	struct store *s;
	struct err e = {0};
	int npos, status = 0, failed = 0;

	if (!cli_parse(
	            opts,
	            "wowah import --region R (--realm ID [--house ID] | --commodities) [--at TIME] "
	            "FILE...",
	            "Stores archived auction bodies (.json or .json.gz) as Parquet snapshots.",
	            argc, argv, &npos, &status))
		return status;
	if (meta_of(&o, npos, &m, &e))
		return cli_fail(&e);
	if (store_open(o.data_dir, &s, &e))
		return cli_fail(&e);
	for (int i = 0; i < npos; i++) {
		if (import_one(s, &m, o.at, argv[i], &e) == WOWAH_OK)
			continue;
		status = cli_fail(&e);
		if (e.code == WOWAH_EUSAGE || e.code == WOWAH_ELOCKED)
			break;
		failed = 1;
	}
	store_close(s);
	return failed ? 1 : status;
}

const struct cli_cmd cmd_import = {"import", "store archived auction bodies as Parquet", run};
