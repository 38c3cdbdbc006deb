/* layout.c - the data dir's paths. */
#include "model/layout.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/ts.h"

void model_auction_path(char *out, size_t cap, const char *region, int flavor, int kind,
                        int32_t realm_id, int32_t house_id, int64_t snapshot_ts)
{
	char date[TS_DATE_LEN], compact[TS_COMPACT_LEN], house[16] = "";

	ts_format_date(snapshot_ts, date);
	ts_format_compact(snapshot_ts, compact);
	if (house_id > 0)
		snprintf(house, sizeof(house), "-h%" PRId32, house_id);
	snprintf(out, cap,
	         MODEL_AUCTIONS_DIR "/region=%s/kind=%s/date=%s/realm_id=%" PRId32 "/%s%s.parquet",
	         region, model_market_name(flavor, kind), date, realm_id, compact, house);
}

/* The hourly path's directory, then the daily name in place of the hourly one. */
void model_daily_path(char *out, size_t cap, const char *region, int flavor, int kind,
                      int32_t realm_id, int32_t house_id, int64_t snapshot_ts, int n)
{
	char compact[TS_COMPACT_LEN], house[16] = "", *slash;

	model_auction_path(out, cap, region, flavor, kind, realm_id, house_id, snapshot_ts);
	ts_format_compact(snapshot_ts, compact);
	if (house_id > 0)
		snprintf(house, sizeof(house), "-h%" PRId32, house_id);
	slash = strrchr(out, '/');
	snprintf(slash + 1, cap - (size_t)(slash + 1 - out), "%.8s-day%d%s.parquet", compact, n,
	         house);
}

void model_realms_path(char *out, size_t cap, const char *region, int flavor)
{
	if (flavor == MODEL_FLAVOR_RETAIL)
		snprintf(out, cap, MODEL_REALMS_DIR "/region=%s/realms.parquet", region);
	else
		snprintf(out, cap, MODEL_REALMS_DIR "/region=%s/realms-%s.parquet", region,
		         model_flavor_name(flavor));
}

/* items, or items/flavor=F */
static void items_dir(char *out, size_t cap, int flavor)
{
	if (flavor == MODEL_FLAVOR_RETAIL)
		snprintf(out, cap, MODEL_ITEMS_DIR);
	else
		snprintf(out, cap, MODEL_ITEMS_DIR "/flavor=%s", model_flavor_name(flavor));
}

void model_items_glob(char *out, size_t cap, int flavor)
{
	char dir[48];

	items_dir(dir, sizeof(dir), flavor);
	snprintf(out, cap, "%s/items-*.parquet", dir);
}

/* dir/stem-TS.parquet, or dir/stem-TS-K.parquet for the K-th file of the same second. */
static void numbered_path(char *out, size_t cap, const char *dir, const char *stem,
                          int64_t fetched_at, int k)
{
	char compact[TS_COMPACT_LEN];

	ts_format_compact(fetched_at, compact);
	if (k < 2)
		snprintf(out, cap, "%s/%s-%s.parquet", dir, stem, compact);
	else
		snprintf(out, cap, "%s/%s-%s-%d.parquet", dir, stem, compact, k);
}

void model_items_path(char *out, size_t cap, int flavor, int64_t fetched_at, int k)
{
	char dir[48];

	items_dir(dir, sizeof(dir), flavor);
	numbered_path(out, cap, dir, "items", fetched_at, k);
}

void model_pets_path(char *out, size_t cap, int64_t fetched_at, int k)
{
	numbered_path(out, cap, MODEL_PETS_DIR, "pets", fetched_at, k);
}

int model_items_flavor(const char *path)
{
	const char *f = strstr(path, MODEL_ITEMS_DIR "/flavor=");
	char name[16];
	int fl;

	if (!f)
		return MODEL_FLAVOR_RETAIL;
	f += strlen(MODEL_ITEMS_DIR "/flavor=");
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(f, "/"), f);
	fl = model_flavor_parse(name);
	return fl < 0 ? MODEL_FLAVOR_RETAIL : fl;
}

void model_token_path(char *out, size_t cap, const char *region, int flavor, int64_t last_updated)
{
	char compact[TS_COMPACT_LEN];

	ts_format_compact(last_updated, compact);
	if (flavor == MODEL_FLAVOR_RETAIL)
		snprintf(out, cap, MODEL_TOKENS_DIR "/region=%s/%s.parquet", region, compact);
	else
		snprintf(out, cap, MODEL_TOKENS_DIR "/region=%s/flavor=%s/%s.parquet", region,
		         model_flavor_name(flavor), compact);
}

void model_lifetimes_dir(char *out, size_t cap, const char *region, const char *kind)
{
	snprintf(out, cap, MODEL_LIFETIMES_DIR "/region=%s/kind=%s", region, kind);
}
