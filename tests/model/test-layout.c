/* test-layout.c - the data dir's paths and the tables of regions, flavours and kinds. */
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

	model_auction_path(p, sizeof(p), "eu", MODEL_FLAVOR_RETAIL, MODEL_KIND_REALM, 1305, 0,
	                   SNAP);
	assert_string_equal(p, "auctions/region=eu/kind=realm/date=2026-11-27/realm_id=1305/"
	                       "20261127T130412Z.parquet");
	model_auction_path(p, sizeof(p), "eu", MODEL_FLAVOR_RETAIL, MODEL_KIND_COMMODITY, 0, 0,
	                   SNAP);
	assert_string_equal(p, "auctions/region=eu/kind=commodity/date=2026-11-27/realm_id=0/"
	                       "20261127T130412Z.parquet");
	/* Classic progression's houses where they were before flavours; Era's and
	 * Anniversary's beside them, under their flavour */
	model_auction_path(p, sizeof(p), "us", MODEL_FLAVOR_CLASSIC, MODEL_KIND_CLASSIC, 4384, 2,
	                   SNAP);
	assert_string_equal(p, "auctions/region=us/kind=classic/date=2026-11-27/realm_id=4384/"
	                       "20261127T130412Z-h2.parquet");
	model_auction_path(p, sizeof(p), "us", MODEL_FLAVOR_CLASSIC1X, MODEL_KIND_CLASSIC, 4384, 2,
	                   SNAP);
	assert_string_equal(p, "auctions/region=us/kind=classic1x/date=2026-11-27/realm_id=4384/"
	                       "20261127T130412Z-h2.parquet");
	model_auction_path(p, sizeof(p), "eu", MODEL_FLAVOR_CLASSICANN, MODEL_KIND_CLASSIC, 1, 7,
	                   SNAP);
	assert_string_equal(p, "auctions/region=eu/kind=classicann/date=2026-11-27/realm_id=1/"
	                       "20261127T130412Z-h7.parquet");
	model_realms_path(p, sizeof(p), "kr", MODEL_FLAVOR_RETAIL);
	assert_string_equal(p, "realms/region=kr/realms.parquet");
	model_realms_path(p, sizeof(p), "kr", MODEL_FLAVOR_CLASSIC1X);
	assert_string_equal(p, "realms/region=kr/realms-classic1x.parquet");
	model_items_path(p, sizeof(p), MODEL_FLAVOR_RETAIL, SNAP, 1);
	assert_string_equal(p, "items/items-20261127T130412Z.parquet");
	assert_int_equal(model_items_flavor(p), MODEL_FLAVOR_RETAIL);
	model_items_path(p, sizeof(p), MODEL_FLAVOR_RETAIL, SNAP, 3);
	assert_string_equal(p, "items/items-20261127T130412Z-3.parquet");
	model_items_path(p, sizeof(p), MODEL_FLAVOR_CLASSIC1X, SNAP, 1);
	assert_string_equal(p, "items/flavor=classic1x/items-20261127T130412Z.parquet");
	assert_int_equal(model_items_flavor(p), MODEL_FLAVOR_CLASSIC1X);
	model_items_path(p, sizeof(p), MODEL_FLAVOR_CLASSIC, SNAP, 2);
	assert_string_equal(p, "items/flavor=classic/items-20261127T130412Z-2.parquet");
	assert_int_equal(model_items_flavor("/data/items/flavor=classic/items-1.parquet"),
	                 MODEL_FLAVOR_CLASSIC);
	model_token_path(p, sizeof(p), "tw", MODEL_FLAVOR_RETAIL, SNAP);
	assert_string_equal(p, "tokens/region=tw/20261127T130412Z.parquet");
	model_token_path(p, sizeof(p), "tw", MODEL_FLAVOR_CLASSIC, SNAP);
	assert_string_equal(p, "tokens/region=tw/flavor=classic/20261127T130412Z.parquet");
	assert_string_equal(MODEL_REALMS_GLOB, "realms/region=*/realms*.parquet");
	assert_string_equal(MODEL_ITEMS_GLOB, "items/items-*.parquet");
	assert_string_equal(MODEL_FLAVOR_ITEMS_GLOB, "items/flavor=*/items-*.parquet");
	model_items_glob(p, sizeof(p), MODEL_FLAVOR_RETAIL);
	assert_string_equal(p, MODEL_ITEMS_GLOB);
	model_items_glob(p, sizeof(p), MODEL_FLAVOR_CLASSICANN);
	assert_string_equal(p, "items/flavor=classicann/items-*.parquet");
	/* a path cut at the buffer's size stays a NUL-terminated string */
	model_realms_path(p, 8, "eu", MODEL_FLAVOR_RETAIL);
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

static void flavors(void **state)
{
	struct err e = {0};
	unsigned mask = 0;
	(void)state;

	for (int f = 0; f < MODEL_NFLAVORS; f++)
		assert_int_equal(model_flavor_parse(model_flavor_name(f)), f);
	assert_int_equal(model_flavor_parse("era"), -1);
	assert_int_equal(model_flavor_list("--flavor", "retail,classic1x", &mask, &e), 0);
	assert_int_equal(mask, 1u << MODEL_FLAVOR_RETAIL | 1u << MODEL_FLAVOR_CLASSIC1X);
	assert_int_equal(model_flavor_list("--flavor", "retail,era", &mask, &e), WOWAH_EUSAGE);
	assert_string_equal(e.msg,
	                    "--flavor: 'era' is not one of retail, classic, classic1x, classicann");
	assert_int_equal(model_flavor_list("--flavor", ",", &mask, &e), WOWAH_EUSAGE);
	/* the market of a house, and back */
	assert_string_equal(model_market_name(MODEL_FLAVOR_RETAIL, MODEL_KIND_COMMODITY),
	                    "commodity");
	assert_string_equal(model_market_name(MODEL_FLAVOR_CLASSICANN, MODEL_KIND_CLASSIC),
	                    "classicann");
	assert_int_equal(model_market_flavor("realm"), MODEL_FLAVOR_RETAIL);
	assert_int_equal(model_market_flavor("classic"), MODEL_FLAVOR_CLASSIC);
	assert_int_equal(model_market_flavor("classic1x"), MODEL_FLAVOR_CLASSIC1X);
	assert_int_equal(model_market_flavor("retail"), -1);
	/* what each flavour has */
	assert_true(model_flavor_kind_ok(MODEL_FLAVOR_RETAIL, MODEL_KIND_COMMODITY));
	assert_false(model_flavor_kind_ok(MODEL_FLAVOR_RETAIL, MODEL_KIND_CLASSIC));
	assert_false(model_flavor_kind_ok(MODEL_FLAVOR_CLASSIC1X, MODEL_KIND_REALM));
	assert_true(model_flavor_kind_ok(MODEL_FLAVOR_CLASSIC, MODEL_KIND_TOKEN));
	assert_false(model_flavor_kind_ok(MODEL_FLAVOR_CLASSICANN, MODEL_KIND_TOKEN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(paths),
	        cmocka_unit_test(regions_and_kinds),
	        cmocka_unit_test(flavors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
