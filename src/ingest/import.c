/* import.c - the import pipeline: options checked once, then file -> parser -> store. */
#include "ingest/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/keys.h"
#include "parse/file.h"
#include "util/buf.h"
#include "util/ts.h"

struct ingest {
	struct store *store;
	struct batch_meta meta; /* the snapshot key; snapshot_ts set per file */
	int has_at;             /* else each file's modification time counts */
	int64_t at;
	size_t max_rows;
};

/* The flavour of the files: --flavor (one), else retail, or Classic progression with a
 * --house (what --house meant before flavours); a house goes with a Classic flavour. */
static int check_flavor(const struct ingest_opts *o, int *out, struct err *e)
{
	unsigned mask;
	int fl = o->house ? MODEL_FLAVOR_CLASSIC : MODEL_FLAVOR_RETAIL;

	if (o->flavor && model_flavor_list("--flavor", o->flavor, &mask, e))
		return WOWAH_EUSAGE;
	if (o->flavor && (mask & (mask - 1)))
		return err_set(e, WOWAH_EUSAGE,
		               "--flavor '%s': the files are of one flavour; import each "
		               "flavour's files on their own",
		               o->flavor);
	if (o->flavor)
		fl = __builtin_ctz(mask);
	if (fl != MODEL_FLAVOR_RETAIL && !o->house)
		return err_set(
		        e, WOWAH_EUSAGE,
		        "--flavor %s has auction houses: give --realm ID --house ID (2, 6, 7)",
		        model_flavor_name(fl));
	if (fl == MODEL_FLAVOR_RETAIL && o->house)
		return err_set(e, WOWAH_EUSAGE,
		               "--house is a Classic auction house: give --flavor classic, "
		               "classic1x or classicann, or drop --house");
	*out = fl;
	return WOWAH_OK;
}

/* The snapshot key the options describe, and the one --at time. */
static int check_opts(const struct ingest_opts *o, size_t nfiles, struct ingest *in, struct err *e)
{
	struct batch_meta *m = &in->meta;
	int flavor = MODEL_FLAVOR_RETAIL;

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
	if (check_flavor(o, &flavor, e))
		return WOWAH_EUSAGE;
	if (o->at && nfiles > 1)
		return err_set(
		        e, WOWAH_EUSAGE,
		        "--at gives one snapshot time: import one file per --at (or let each "
		        "file's modification time count)");
	if (o->max_rows < 0)
		return err_set(e, WOWAH_EUSAGE, "--max-rows must be at least 1");
	in->max_rows = o->max_rows ? (size_t)o->max_rows : BATCH_MAX_ROWS;
	in->has_at = o->at != NULL;
	if (o->at && ts_parse_iso(o->at, &in->at) != 0)
		return err_set(e, WOWAH_EUSAGE,
		               "--at '%s' is not an ISO 8601 UTC time (2020-09-15T12:00:00Z)",
		               o->at);
	memset(m, 0, sizeof(*m));
	snprintf(m->region, sizeof(m->region), "%s", o->region);
	m->kind = o->commodities ? BATCH_COMMODITY : o->house ? BATCH_CLASSIC : BATCH_REALM;
	m->realm_id = (int32_t)o->realm;
	m->house_id = (int16_t)o->house;
	m->flavor = flavor;
	return WOWAH_OK;
}

int ingest_open(const struct ingest_opts *o, size_t nfiles, struct ingest **out, struct err *e)
{
	struct ingest *in = xcalloc(1, sizeof(*in));
	int rc = check_opts(o, nfiles, in, e);

	if (rc == WOWAH_OK)
		rc = store_open(o->data_dir, &in->store, e);
	if (rc) {
		free(in);
		return rc;
	}
	*out = in;
	return WOWAH_OK;
}

static int snapshot_time(const struct ingest *in, const char *path, int64_t *out, struct err *e)
{
	struct stat st;

	if (in->has_at) {
		*out = in->at;
		return WOWAH_OK;
	}
	if (stat(path, &st) != 0)
		return err_errno(e, WOWAH_EIO, errno, "cannot open '%s'", path);
	*out = (int64_t)st.st_mtime;
	return WOWAH_OK;
}

int ingest_file(struct ingest *in, const char *path, struct ingest_result *out, struct err *e)
{
	struct batch *b = batch_new();
	int rc;

	memset(out, 0, sizeof(*out));
	b->meta = in->meta;
	b->max_rows = in->max_rows;
	rc = snapshot_time(in, path, &b->meta.snapshot_ts, e);
	if (rc == WOWAH_OK)
		rc = parse_auctions_file(path, b, &out->body_bytes, e);
	if (rc == WOWAH_OK)
		rc = store_write_auctions(in->store, b, ts_now(), &out->stored, e);
	out->snapshot_ts = b->meta.snapshot_ts;
	batch_free(b);
	return rc;
}

void ingest_close(struct ingest *in)
{
	if (!in)
		return;
	store_close(in->store);
	free(in);
}

const struct store *ingest_store(const struct ingest *in)
{
	return in->store;
}
