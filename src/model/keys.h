/* keys.h - what a stored snapshot is keyed by: the regions the API serves and the kinds
 * of snapshot. The one table of each; the catalog, the data dir's paths, the store, pull
 * and load all spell them from here.
 */
#ifndef WOWAH_MODEL_KEYS_H
#define WOWAH_MODEL_KEYS_H

#include "util/err.h"

/* The catalog's `kind` column. The three auction kinds come first, in the order of
 * enum batch_kind. */
enum model_kind {
	MODEL_KIND_REALM = 0,     /* a retail connected realm's auction house */
	MODEL_KIND_COMMODITY = 1, /* the region-wide commodities market (realm_id 0) */
	MODEL_KIND_CLASSIC = 2,   /* a Classic auction house (realm_id + house_id) */
	MODEL_KIND_TOKEN = 3,     /* a WoW Token price (realm_id and house_id 0) */
	MODEL_NKINDS
};

#define MODEL_NREGIONS 5

/* "eu", "us", "kr", "tw", "cn" */
extern const char *const model_regions[MODEL_NREGIONS];

/* 0 when region is one the API serves, else WOWAH_EUSAGE with a line naming them. */
int model_region_check(const char *region, struct err *e);

/* "realm", "commodity", "classic", "token"; "?" for anything else. */
const char *model_kind_name(int kind);

/* "realm" -> MODEL_KIND_REALM ...; -1 for anything else. */
int model_kind_parse(const char *s);

#endif
