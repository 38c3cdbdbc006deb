/* keys.h - what a stored snapshot is keyed by: the regions the API serves, the flavours of
 * WoW and the kinds of snapshot. The one table of each; the catalog, the data dir's paths, the
 * store, pull and load all spell them from here.
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

/* The flavours of WoW (docs/flavours.md): each has its own namespaces, realms and houses.
 * A realm id means nothing without its flavour: every key below carries one. */
enum model_flavor {
	MODEL_FLAVOR_RETAIL = 0,  /* dynamic-{region}: realm houses, commodities, token */
	MODEL_FLAVOR_CLASSIC = 1, /* Classic progression, dynamic-classic-{region}: houses, token */
	MODEL_FLAVOR_CLASSIC1X,   /* Classic Era, dynamic-classic1x-{region}: houses */
	MODEL_FLAVOR_CLASSICANN,  /* Anniversary, dynamic-classicann-{region}: houses */
	MODEL_NFLAVORS
};

/* "retail", "classic", "classic1x", "classicann"; "?" for anything else. */
const char *model_flavor_name(int flavor);

/* "retail" -> MODEL_FLAVOR_RETAIL ...; -1 for anything else. */
int model_flavor_parse(const char *s);

/* Parses a comma-separated list of flavour names ("retail,classic1x") into a bit per
 * flavour (1u << flavor); WOWAH_EUSAGE naming what (the option) and the bad name. */
int model_flavor_list(const char *what, const char *s, unsigned *out_mask, struct err *e);

/* Whether a flavour has the WoW Token (retail and Classic progression do). */
int model_flavor_has_token(int flavor);

/* Whether a flavour has snapshots of a kind: realm and commodity on retail only, Classic
 * houses on the Classic flavours only, the token where model_flavor_has_token(). */
int model_flavor_kind_ok(int flavor, int kind);

/* The auction market a house belongs to, as paths and the warehouse spell it: the kind
 * ("realm", "commodity") on retail, the flavour ("classic", "classic1x", "classicann")
 * for a Classic flavour's house. So a path made before flavours existed (kind=classic)
 * keeps its meaning, and houses of two flavours never share a directory or a key. */
const char *model_market_name(int flavor, int kind);

/* The flavour of a market name ("realm" -> retail, "classic1x" -> classic1x); -1 when it
 * is none. The SQL of the same rule, for a column holding market names. */
int model_market_flavor(const char *market);
#define MODEL_MARKET_FLAVOR_SQL(col) \
	"CASE WHEN " col " IN ('realm', 'commodity', 'token') THEN 'retail' ELSE " col " END"

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
