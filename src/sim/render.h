/* render.h - the JSON bodies of the simulated API, byte for byte deterministic.
 *
 * Shapes follow the captured responses in tests/fixtures/blizzard: compact JSON, the
 * real keys in the real order, keys that do not apply left out. hrefs name the real host
 * (https://{region}.api.blizzard.com), as the API does; clients take ids from them. With
 * locale < 0, localized strings are objects with one key per locale.
 */
#ifndef WOWAH_SIM_RENDER_H
#define WOWAH_SIM_RENDER_H

#include <stdint.h>

#include "sim/gen.h"
#include "sim/market.h"
#include "util/buf.h"

/* A market's house as it stands at snapshot time t (the state must be that snapshot). */
void sim_render_auctions(struct buf *b, const struct sim_market *m, int64_t t);

/* Bodies of a flavour's realms (enum sim_flavor), in its dynamic namespace. */
void sim_render_realm_index(struct buf *b, const struct sim_gen *c, int flavor);
void sim_render_crealm(struct buf *b, const struct sim_gen *c, const struct sim_crealm *cr,
                       int locale);
/* /data/wow/realm/{slug}; -1 (nothing written) when no realm has that slug. */
int sim_render_realm(struct buf *b, const struct sim_gen *c, const char *slug, int flavor,
                     int locale);
void sim_render_house_index(struct buf *b, const struct sim_gen *c, const struct sim_crealm *cr,
                            int locale);
/* Static bodies in the namespace ns, named in full ("static-11.0.7_58187-eu"): the real
 * API writes a versioned namespace into every href. */
void sim_render_item(struct buf *b, const struct sim_gen *c, const struct sim_item *it, int locale,
                     const char *ns);
void sim_render_media(struct buf *b, const struct sim_gen *c, const struct sim_item *it,
                      const char *ns);
/* /data/wow/pet/index and /data/wow/pet/{id} (pet: sim_gen_pet_index's), in retail's static
 * namespace ns. */
void sim_render_pet_index(struct buf *b, const struct sim_gen *c, int locale, const char *ns);
void sim_render_pet(struct buf *b, const struct sim_gen *c, long pet, int locale, const char *ns);
void sim_render_token(struct buf *b, const struct sim_gen *c, int classic, int64_t updated,
                      int64_t price);

/* A Classic house's auctions body (rendered with the house name in every locale) with the
 * name of one locale instead, into out; -1 when body has no such name. Bodies are cached
 * once for every client; the name is the one part that depends on ?locale=. */
int sim_render_house_name(struct buf *out, const char *body, size_t len, int house, int locale);

/* Blizzard's API error body: {"code":404,"type":"BLZWEBAPI00000404","detail":"Not Found"} */
void sim_render_error(struct buf *b, int status, const char *detail);

#endif
