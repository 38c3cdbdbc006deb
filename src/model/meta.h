/* meta.h - the metadata records: connected realms and their realms, items, battle pet
 * species and WoW Token prices, as the parsers (parse/meta.h) make them and the store
 * writes them (docs/storage.md has their columns).
 *
 * Plain structs that own their strings: release them with the matching *_release().
 * Optional strings that were absent are NULL, optional numbers have their bit clear in
 * `present`: nothing is invented.
 */
#ifndef WOWAH_MODEL_META_H
#define WOWAH_MODEL_META_H

#include <stddef.h>
#include <stdint.h>

/* A localized text. With ?locale= the API sends a plain string: it lands in `text` and
 * n is 0. Without it the API sends an object with one key per locale: `text` is the
 * en_US value (NULL when there is none) and every pair is kept, in the order sent. */
struct meta_text {
	char *text;
	size_t n;
	char **locale; /* "en_US", "de_DE", ... */
	char **value;
};

struct meta_realm {
	int32_t id;
	struct meta_text name;
	struct meta_text category;
	char *slug;
	char *locale;   /* "enUS", "frFR", ... */
	char *timezone; /* "Europe/Paris" */
	char *type;     /* type.type: NORMAL, RP, ... */
	int is_tournament;
};

/* /data/wow/connected-realm/{id} */
struct meta_connected_realm {
	int32_t id;
	int has_queue;
	char *status;     /* status.type: UP, DOWN */
	char *population; /* population.type: LOW, MEDIUM, HIGH, FULL, ... */
	size_t nrealms;
	struct meta_realm *realms;
};

void meta_text_release(struct meta_text *t);
void meta_realm_release(struct meta_realm *r);
void meta_connected_realm_release(struct meta_connected_realm *cr);

/* Bits of meta_item.present for the numeric fields. */
enum meta_item_field {
	META_ITEM_LEVEL = 0,
	META_ITEM_REQUIRED_LEVEL,
	META_ITEM_CLASS_ID,
	META_ITEM_SUBCLASS_ID,
	META_ITEM_PURCHASE_PRICE,
	META_ITEM_SELL_PRICE,
	META_ITEM_MAX_COUNT,
	META_ITEM_IS_STACKABLE,
	META_ITEM_IS_EQUIPPABLE,
};

/* /data/wow/item/{id} */
struct meta_item {
	int32_t id;
	struct meta_text name;
	char *quality; /* quality.type: POOR ... LEGENDARY */
	int32_t level, required_level;
	int32_t item_class_id;
	struct meta_text item_class;
	int32_t item_subclass_id;
	struct meta_text item_subclass;
	char *inventory_type; /* inventory_type.type */
	int64_t purchase_price, sell_price;
	int32_t max_count;
	int is_stackable, is_equippable;
	unsigned present; /* bit (1u << enum meta_item_field) */
};

void meta_item_release(struct meta_item *it);

static inline int meta_item_has(const struct meta_item *it, enum meta_item_field f)
{
	return (it->present >> f) & 1u;
}

/* /data/wow/pet/{id}: a battle pet species (auctions of the Pet Cage, item 82800, name it by
 * pet_species_id). Retail's static namespace only: the Classic flavours have no battle pets. */
struct meta_pet {
	int32_t id;
	struct meta_text name;
	char *battle_pet_type; /* battle_pet_type.type: CRITTER, BEAST, MECHANICAL, ... */
	int is_tradable, is_battlepet;
	unsigned present; /* bit 0: is_tradable, bit 1: is_battlepet */
};

void meta_pet_release(struct meta_pet *pet);

/* /data/wow/token/index */
struct meta_token {
	int64_t last_updated; /* seconds since the epoch (the API sends milliseconds) */
	int64_t price;        /* copper */
};

#endif
