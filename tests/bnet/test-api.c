/* test-api.c - where the Game Data API lives: default hosts (China's own), the namespace
 * of each data family, and every path wowah asks for, as Blizzard documents them
 * (tests/fixtures/blizzard/README.md lists the endpoints the captured bodies came from).
 * Every builder resets its output first. Regions are checked in model (test-layout). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "bnet/api.h"
#include "model/keys.h"
#include "util/buf.h"

/* A buffer holding leftovers, so that a builder that appends instead of resetting shows. */
static struct buf dirty(void)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "LEFTOVER");
	return b;
}

static void default_hosts(void **state)
{
	struct buf b = dirty();
	(void)state;

	bnet_default_api_url(&b, "eu");
	assert_string_equal(b.data, "https://eu.api.blizzard.com");
	bnet_default_api_url(&b, "tw");
	assert_string_equal(b.data, "https://tw.api.blizzard.com");
	bnet_default_api_url(&b, "cn");
	assert_string_equal(b.data, "https://gateway.battlenet.com.cn");
	bnet_default_oauth_url(&b, "us");
	assert_string_equal(b.data, "https://oauth.battle.net/token");
	bnet_default_oauth_url(&b, "kr");
	assert_string_equal(b.data, "https://oauth.battle.net/token");
	bnet_default_oauth_url(&b, "cn");
	assert_string_equal(b.data, "https://oauth.battlenet.com.cn/token");
	buf_release(&b);
}

static void urls_and_namespaces(void **state)
{
	struct buf b = dirty();
	(void)state;

	bnet_url(&b, "https://eu.api.blizzard.com", "eu", BNET_NS_DYNAMIC, MODEL_FLAVOR_RETAIL,
	         "/data/wow/x");
	assert_string_equal(b.data, "https://eu.api.blizzard.com/data/wow/x?namespace=dynamic-eu");
	bnet_url(&b, "https://us.api.blizzard.com", "us", BNET_NS_STATIC, MODEL_FLAVOR_RETAIL,
	         "/data/wow/item/1");
	assert_string_equal(b.data,
	                    "https://us.api.blizzard.com/data/wow/item/1?namespace=static-us");
	bnet_url(&b, "http://127.0.0.1:8080", "eu", BNET_NS_DYNAMIC, MODEL_FLAVOR_CLASSIC, "/p");
	assert_string_equal(b.data, "http://127.0.0.1:8080/p?namespace=dynamic-classic-eu");
	bnet_url(&b, "http://h", "us", BNET_NS_DYNAMIC, MODEL_FLAVOR_CLASSIC1X, "/p");
	assert_string_equal(b.data, "http://h/p?namespace=dynamic-classic1x-us");
	bnet_url(&b, "http://h", "eu", BNET_NS_STATIC, MODEL_FLAVOR_CLASSICANN, "/p");
	assert_string_equal(b.data, "http://h/p?namespace=static-classicann-eu");
	/* a base given with trailing slashes (a user's --api-url) gives the same URL */
	bnet_url(&b, "http://127.0.0.1:8080//", "kr", BNET_NS_DYNAMIC, MODEL_FLAVOR_RETAIL, "/p");
	assert_string_equal(b.data, "http://127.0.0.1:8080/p?namespace=dynamic-kr");
	buf_release(&b);
}

static void paths(void **state)
{
	struct buf b = dirty();
	(void)state;

	bnet_path_realm_index(&b);
	assert_string_equal(b.data, "/data/wow/connected-realm/index");
	bnet_path_realm(&b, 1146);
	assert_string_equal(b.data, "/data/wow/connected-realm/1146");
	bnet_path_auctions(&b, 5);
	assert_string_equal(b.data, "/data/wow/connected-realm/5/auctions");
	bnet_path_auctions(&b, INT32_MAX);
	assert_string_equal(b.data, "/data/wow/connected-realm/2147483647/auctions");
	bnet_path_commodities(&b);
	assert_string_equal(b.data, "/data/wow/auctions/commodities");
	bnet_path_classic_houses(&b, 4474);
	assert_string_equal(b.data, "/data/wow/connected-realm/4474/auctions/index");
	bnet_path_classic_auctions(&b, 4384, 2);
	assert_string_equal(b.data, "/data/wow/connected-realm/4384/auctions/2");
	bnet_path_item(&b, 19019);
	assert_string_equal(b.data, "/data/wow/item/19019");
	bnet_path_token(&b);
	assert_string_equal(b.data, "/data/wow/token/index");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(default_hosts),
	        cmocka_unit_test(urls_and_namespaces),
	        cmocka_unit_test(paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
