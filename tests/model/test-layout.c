/* test-layout.c - the data dir's paths and the tables of regions and kinds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/keys.h"
#include "model/layout.h"

#define SNAP 1795784652 /* 2026-11-27T13:04:12Z */

static void paths(void **state)
{
	char p[MODEL_PATH_MAX];
	(void)state;

	model_auction_path(p, sizeof(p), "eu", MODEL_KIND_REALM, 1305, 0, SNAP);
	assert_string_equal(p, "auctions/region=eu/kind=realm/date=2026-11-27/realm_id=1305/"
	                       "20261127T130412Z.parquet");
	model_auction_path(p, sizeof(p), "eu", MODEL_KIND_COMMODITY, 0, 0, SNAP);
	assert_string_equal(p, "auctions/region=eu/kind=commodity/date=2026-11-27/realm_id=0/"
	                       "20261127T130412Z.parquet");
	model_auction_path(p, sizeof(p), "us", MODEL_KIND_CLASSIC, 4384, 2, SNAP);
	assert_string_equal(p, "auctions/region=us/kind=classic/date=2026-11-27/realm_id=4384/"
	                       "20261127T130412Z-h2.parquet");
	model_realms_path(p, sizeof(p), "kr");
	assert_string_equal(p, "realms/region=kr/realms.parquet");
	model_items_path(p, sizeof(p), SNAP, 1);
	assert_string_equal(p, "items/items-20261127T130412Z.parquet");
	model_items_path(p, sizeof(p), SNAP, 3);
	assert_string_equal(p, "items/items-20261127T130412Z-3.parquet");
	model_token_path(p, sizeof(p), "tw", SNAP);
	assert_string_equal(p, "tokens/region=tw/20261127T130412Z.parquet");
	assert_string_equal(MODEL_REALMS_GLOB, "realms/region=*/realms.parquet");
	assert_string_equal(MODEL_ITEMS_GLOB, "items/items-*.parquet");
	/* a path cut at the buffer's size stays a NUL-terminated string */
	model_realms_path(p, 8, "eu");
	assert_string_equal(p, "realms/");
}

static void regions_and_kinds(void **state)
{
	struct err e = {0};
	(void)state;

	for (size_t i = 0; i < MODEL_NREGIONS; i++)
		assert_int_equal(model_region_check(model_regions[i], &e), 0);
	assert_int_equal(model_region_check("EU", &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg, "region 'EU' is not one of eu, us, kr, tw, cn");
	assert_int_equal(model_region_check("", &e), WOWAH_EUSAGE);
	for (int k = 0; k < MODEL_NKINDS; k++)
		assert_int_equal(model_kind_parse(model_kind_name(k)), k);
	assert_string_equal(model_kind_name(MODEL_KIND_TOKEN), "token");
	assert_string_equal(model_kind_name(MODEL_NKINDS), "?");
	assert_string_equal(model_kind_name(-1), "?");
	assert_int_equal(model_kind_parse("Realm"), -1);
	assert_int_equal(model_kind_parse("?"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(paths),
	        cmocka_unit_test(regions_and_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
