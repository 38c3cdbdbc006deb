/* api.h - where Battle.net's Game Data API lives: regions, hosts, namespaces, paths.
 *
 * Every URL wowah requests is built here, so the rest of the program never spells a host
 * or a namespace. Base URLs can be overridden (the simulator); paths and namespaces
 * cannot, so a simulator that answers wowah answers the real API's shapes.
 */
#ifndef WOWAH_BNET_API_H
#define WOWAH_BNET_API_H

#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Which data family a request reads; each flavour of WoW (model/keys.h) has its own
 * namespace of each: dynamic-{region}, dynamic-classic1x-{region} (docs/flavours.md). */
enum bnet_ns {
	BNET_NS_DYNAMIC = 0, /* realms, auctions, token */
	BNET_NS_STATIC,      /* items, battle pet species */
};

/* A usage error unless url is http:// or https:// with a host and no blanks or control
 * characters; what names the setting in the message ("--api-url"). */
int bnet_url_check(const char *what, const char *url, struct err *e);

/* Default base URLs ("https://eu.api.blizzard.com", "https://oauth.battle.net/token";
 * China has its own) of a region model_region_check() accepted (model/keys.h has the
 * one table of regions). Written into out (reset first). */
void bnet_default_api_url(struct buf *out, const char *region);
void bnet_default_oauth_url(struct buf *out, const char *region);

/* Builds base + path + "?namespace=<ns>-<region>" (retail) or
 * "?namespace=<ns>-<flavour>-<region>" into out (reset first); flavor is an enum
 * model_flavor. path starts with '/'. No locale is asked for, so names come with every
 * locale. */
void bnet_url(struct buf *out, const char *base, const char *region, enum bnet_ns ns, int flavor,
              const char *path);

/* The paths, for the few endpoints wowah reads. */
void bnet_path_realm_index(struct buf *out);
void bnet_path_realm(struct buf *out, int32_t connected_realm_id);
void bnet_path_auctions(struct buf *out, int32_t connected_realm_id);
void bnet_path_commodities(struct buf *out);
void bnet_path_classic_houses(struct buf *out, int32_t connected_realm_id);
void bnet_path_classic_auctions(struct buf *out, int32_t connected_realm_id, int house_id);
void bnet_path_item(struct buf *out, int32_t item_id);
void bnet_path_pet(struct buf *out, int32_t species_id);
void bnet_path_token(struct buf *out);

#endif
