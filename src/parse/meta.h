/* meta.h - parsers of the small API bodies: connected realms, items, item media, battle pet
 * species, the WoW Token and the Classic auction-house index.
 *
 * These bodies are a few kilobytes, so they are parsed whole (YAJL's tree) into the plain
 * structs of model/meta.h (the Classic houses, which are not stored, are defined here),
 * that the caller releases with the matching *_release(). Every parser takes the
 * body as bytes (no NUL needed) and fails with WOWAH_EPARSE and a one-line message when
 * the JSON is malformed or a required key is missing or of the wrong type. Optional keys
 * that are absent stay NULL (strings) or have their bit clear in `present` (numbers):
 * nothing is invented.
 */
#ifndef WOWAH_PARSE_META_H
#define WOWAH_PARSE_META_H

#include <stddef.h>
#include <stdint.h>

#include "model/meta.h"
#include "util/err.h"

/* /data/wow/connected-realm/{id} */
int meta_parse_connected_realm(const void *json, size_t len, struct meta_connected_realm *out,
                               struct err *e);

/* /data/wow/connected-realm/index: the ids in the hrefs, in the order sent. *out_ids is
 * freed by the caller with free(). */
int meta_parse_connected_realm_index(const void *json, size_t len, int32_t **out_ids, size_t *out_n,
                                     struct err *e);

/* /data/wow/item/{id} */
int meta_parse_item(const void *json, size_t len, struct meta_item *out, struct err *e);

/* /data/wow/pet/{id} (static namespace) */
int meta_parse_pet(const void *json, size_t len, struct meta_pet *out, struct err *e);

/* /data/wow/token/index */
int meta_parse_token(const void *json, size_t len, struct meta_token *out, struct err *e);

/* /data/wow/connected-realm/{id}/auctions/index (Classic): the houses. */
struct meta_house {
	int16_t id; /* 2 Alliance, 6 Horde, 7 neutral */
	char *name;
};

int meta_parse_classic_index(const void *json, size_t len, struct meta_house **out, size_t *out_n,
                             struct err *e);
void meta_houses_free(struct meta_house *h, size_t n);

#endif
