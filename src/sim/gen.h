/* gen.h - the world generator: what the simulated world is made of (items, tradeable
 * goods and realms). Named "gen" so that "catalog" means only the store's catalog.tsv.
 *
 * Generated once from the seed and never changed afterwards, so every thread may read it
 * without a lock. Items are the static records served by /data/wow/item/{id}; goods are
 * what trades in a market (one per commodity, gear or misc item, and one per battle pet
 * species, all pets sharing the Pet Cage item 82800). Localized text comes from a small
 * lexicon in nine languages spread over the API's twelve locales.
 */
#ifndef WOWAH_SIM_GEN_H
#define WOWAH_SIM_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "model/auction.h"
#include "util/buf.h"
#include "util/err.h"

#define SIM_NLOCALES 12

/* en_US, es_MX, pt_BR, de_DE, en_GB, es_ES, fr_FR, it_IT, ru_RU, ko_KR, zh_TW, zh_CN */
extern const char *const sim_locales[SIM_NLOCALES];

/* Index of a locale name ("en_US"), or -1. */
int sim_locale_index(const char *name);

enum sim_nature { SIM_COMMODITY, SIM_GEAR, SIM_PET, SIM_MISC };

/* The flavours of WoW served, each with its own realms and markets (docs/flavours.md):
 * retail, Classic progression, Classic Era, Anniversary. */
enum sim_flavor { SIM_RETAIL, SIM_CLASSIC, SIM_CLASSIC1X, SIM_CLASSICANN, SIM_NFLAVORS };

/* The flavour's part of a namespace: "" for retail, "classic", "classic1x", "classicann". */
extern const char *const sim_flavor_names[SIM_NFLAVORS];

struct sim_item {
	int32_t id;
	uint8_t nature;
	uint8_t quality;           /* 0 POOR .. 5 LEGENDARY */
	uint8_t tier;              /* crafting quality 1-3 for tiered commodities, else 0 */
	uint8_t adj, noun, suffix; /* the name's words; unique but for a reagent's tiers */
	uint8_t old_name;          /* named as a Classic static namespace names it (below) */
	uint16_t level, required_level;
	int64_t purchase_price, sell_price;
};

struct sim_good {
	uint32_t item;     /* index into items */
	int32_t species;   /* battle pet species, else 0 */
	int64_t price;     /* fair unit price in copper at the market's birth */
	double volatility; /* hourly standard deviation of the log price walk */
	double weight;     /* share of its house's posts and buyers (sums to 1 over the
	                    * commodities and over the realm goods) */
};

struct sim_realm {
	int32_t id;
	uint8_t syl[3], nsyl; /* name syllables */
};

struct sim_crealm {
	int32_t id;
	uint8_t flavor;     /* enum sim_flavor */
	uint8_t kind;       /* index into the region's realm kinds (locale, timezone, category) */
	uint8_t population; /* 0 LOW, 1 MEDIUM, 2 HIGH, 3 FULL, 4 RECOMMENDED */
	uint8_t rp, has_queue;
	int32_t offset;          /* seconds after the hour of this realm's hourly snapshot */
	uint32_t first, nrealms; /* range in realms */
};

struct sim_gen {
	char region[4];
	int region_id;
	int64_t epoch;          /* the market's birth: hour 0 */
	struct sim_item *items; /* sorted by id */
	size_t nitems;
	struct sim_good *goods;           /* commodities first, then realm goods */
	size_t ngoods, ncommodity, npets; /* pets are the last npets goods */
	struct sim_realm *realms;
	size_t nrealms;
	struct sim_crealm *crealms; /* retail first, then each Classic flavour in enum order */
	size_t ncrealms, nretail;
};

/* The most connected realms of a Classic flavour: its realm ids stay in a range of its own. */
#define SIM_MAX_CLASSIC_REALMS 60

/* A Classic flavour without realms (realms[f] of sim_gen_new). */
#define SIM_NO_REALMS (-1)

/* Builds the world for a seed in region (eu, us, kr or tw): realms[SIM_RETAIL] retail
 * connected realms (1..300) and realms[f] of each Classic flavour f (1..60; 0: a fifth of
 * the retail ones, at least 1, and for Era at least 2; SIM_NO_REALMS: none). Each flavour
 * has its own realm ids, but for the last Era connected realm when Era has two or more:
 * it takes the first retail one's id (a realm that only the flavour tells apart, as
 * nothing in the real API forbids). */
int sim_gen_new(uint64_t seed, const char *region, const int realms[SIM_NFLAVORS],
                struct sim_gen **out, struct err *e);
void sim_gen_free(struct sim_gen *c);

/* Lookups; NULL or -1 when absent. */
long sim_gen_item_index(const struct sim_gen *c, int32_t id);
const struct sim_crealm *sim_gen_crealm(const struct sim_gen *c, int32_t id, int flavor);

/* Localized text. locale is an index into sim_locales. */
void sim_item_name(const struct sim_gen *c, const struct sim_item *it, int locale, struct buf *out);

/* The item as the static namespace of flavor serves it: a Classic flavour's gives about a
 * third of the items (all tiers of a reagent alike) an older name, "Ancient" and the
 * retail name ("Ancient Frost Cloth"), which no retail name is, so names stay unique. */
void sim_item_of_flavor(struct sim_item *it, int flavor);
void sim_realm_name(const struct sim_realm *r, int ru, int locale, struct buf *out);
void sim_realm_slug(const struct sim_realm *r, struct buf *out);

/* The words of small enumerations, by locale. */
const char *sim_word_quality(int quality, int locale);
const char *sim_word_quality_type(int quality);
const char *sim_word_item_class(int nature_class, int locale); /* the item class id */
const char *sim_word_population(int pop, int locale);
const char *sim_word_population_type(int pop);
const char *sim_word_status(int up, int locale);
const char *sim_word_realm_type(int rp, int locale);
const char *sim_word_region(const struct sim_gen *c, int locale);
const char *sim_word_house(int house, int locale); /* Classic houses 2, 6, 7 */

/* Item class, subclass and inventory type of an item. */
struct sim_item_kind {
	int class_id, subclass_id;
	const char *subclass;       /* English: the lexicon does not cover subclasses */
	const char *inventory_type; /* "WEAPON", "NON_EQUIP" ... */
	const char *inventory_name; /* English */
	int max_count, stackable, equippable;
	const char *icon;
};
void sim_item_kind(const struct sim_item *it, struct sim_item_kind *out);

/* The tooltip of a piece of gear, as its preview_item shows it. Stat names and types
 * are the API's (English, like subclass names). */
struct sim_stat {
	const char *type, *name;
	int value, secondary;
};
struct sim_item_tooltip {
	int unique;                 /* unique-equipped */
	int damage_min, damage_max; /* weapons */
	int speed_ms;               /* weapons: attack speed; 0 for others */
	double dps;                 /* weapons */
	int durability;             /* 0: none (jewelry, cloaks) */
	struct sim_stat stats[4];
	int nstats;
};
/* -1 (out untouched) for an item that is not gear. */
int sim_item_tooltip(const struct sim_item *it, struct sim_item_tooltip *out);

/* The spell of an item's tooltip: consumables' "Use:" and some epic gear's "Equip:" or
 * "Chance on hit:" effect. The description is English, like the other tooltip strings;
 * the spell's name is the item's. */
struct sim_item_spell {
	int32_t id;
	char description[160];
};
/* -1 (out untouched) for an item without a spell. */
int sim_item_spell(const struct sim_item *it, struct sim_item_spell *out);

/* Level and quality of a caged pet listing, from the hash of its vseed and good (so the
 * market prices what the body shows). */
void sim_pet_traits(uint64_t h, int *level, int *quality);

/* Battle pet species, served by /data/wow/pet/{id} (retail's static namespace). A pet is
 * named by its index among the world's species (0 .. npets - 1, by species id). */
long sim_gen_pet_index(const struct sim_gen *c, int32_t species); /* -1: no such species */
int32_t sim_gen_pet_species(const struct sim_gen *c, long pet);
/* Its name in locale (an index into sim_locales), unique among the species of a world. */
void sim_pet_name(long pet, int locale, struct buf *out);
struct sim_pet_kind {
	int type_id, type_index; /* battle_pet_type.id; type_index for sim_word_pet_type */
	const char *type;        /* battle_pet_type.type: "CRITTER", ... */
	const char *icon;
};
void sim_pet_kind(long pet, struct sim_pet_kind *out);
const char *sim_word_pet_type(int type_index, int locale);

/* A realm kind of the generated region. */
struct sim_realm_kind {
	const char *locale; /* as the API writes it: "enGB" */
	const char *timezone;
	int category; /* index for sim_word_category */
	int ru;       /* names in Cyrillic for ru_RU */
};
void sim_realm_kind(const struct sim_gen *c, int kind, struct sim_realm_kind *out);
const char *sim_word_category(int category, int locale);

#endif
