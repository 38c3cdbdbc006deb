/* api.c - Battle.net hosts, namespaces and paths. */
#include "bnet/api.h"

#include <string.h>

#include "model/keys.h"

int bnet_url_check(const char *what, const char *url, struct err *e)
{
	const char *host = strncmp(url, "https://", 8) == 0  ? url + 8
	                   : strncmp(url, "http://", 7) == 0 ? url + 7
	                                                     : NULL;
	int ok = host && *host && *host != '/' && *host != ':';

	for (const char *p = url; ok && *p; p++)
		ok = (unsigned char)*p > ' ' && *p != 0x7f;
	if (ok)
		return WOWAH_OK;
	return err_set(e, WOWAH_EUSAGE,
	               "%s '%s' is not an http:// or https:// URL with a host (such as "
	               "http://127.0.0.1:8080)",
	               what, url);
}

void bnet_default_api_url(struct buf *out, const char *region)
{
	buf_reset(out);
	if (strcmp(region, "cn") == 0)
		buf_puts(out, "https://gateway.battlenet.com.cn");
	else
		buf_printf(out, "https://%s.api.blizzard.com", region);
}

void bnet_default_oauth_url(struct buf *out, const char *region)
{
	buf_reset(out);
	buf_puts(out, strcmp(region, "cn") == 0 ? "https://oauth.battlenet.com.cn/token"
	                                        : "https://oauth.battle.net/token");
}

void bnet_url(struct buf *out, const char *base, const char *region, enum bnet_ns ns, int flavor,
              const char *path)
{
	static const char *const prefixes[] = {"dynamic", "static"};
	size_t n = strlen(base);

	buf_reset(out);
	while (n > 0 && base[n - 1] == '/')
		n--;
	buf_append(out, base, n);
	buf_printf(out, "%s?namespace=%s-", path, prefixes[ns]);
	if (flavor != MODEL_FLAVOR_RETAIL)
		buf_printf(out, "%s-", model_flavor_name(flavor));
	buf_puts(out, region);
}

void bnet_path_realm_index(struct buf *out)
{
	buf_reset(out);
	buf_puts(out, "/data/wow/connected-realm/index");
}

void bnet_path_realm(struct buf *out, int32_t connected_realm_id)
{
	buf_reset(out);
	buf_printf(out, "/data/wow/connected-realm/%d", (int)connected_realm_id);
}

void bnet_path_auctions(struct buf *out, int32_t connected_realm_id)
{
	buf_reset(out);
	buf_printf(out, "/data/wow/connected-realm/%d/auctions", (int)connected_realm_id);
}

void bnet_path_commodities(struct buf *out)
{
	buf_reset(out);
	buf_puts(out, "/data/wow/auctions/commodities");
}

void bnet_path_classic_houses(struct buf *out, int32_t connected_realm_id)
{
	buf_reset(out);
	buf_printf(out, "/data/wow/connected-realm/%d/auctions/index", (int)connected_realm_id);
}

void bnet_path_classic_auctions(struct buf *out, int32_t connected_realm_id, int house_id)
{
	buf_reset(out);
	buf_printf(out, "/data/wow/connected-realm/%d/auctions/%d", (int)connected_realm_id,
	           house_id);
}

void bnet_path_item(struct buf *out, int32_t item_id)
{
	buf_reset(out);
	buf_printf(out, "/data/wow/item/%d", (int)item_id);
}

void bnet_path_pet(struct buf *out, int32_t species_id)
{
	buf_reset(out);
	buf_printf(out, "/data/wow/pet/%d", (int)species_id);
}

void bnet_path_token(struct buf *out)
{
	buf_reset(out);
	buf_puts(out, "/data/wow/token/index");
}
