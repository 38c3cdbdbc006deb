/* render.c - JSON bodies, written straight into a buffer (no DOM: a realm is 30,000
 * auctions). An auction's item details (bonus lists, modifiers, pet fields, Classic random
 * enchantments) are re-derived from its vseed, so a live auction costs a few words. */
#include <stdio.h>
#include <string.h>

#include "sim/render.h"
#include "sim/rng.h"

#define HOST "https://%s.api.blizzard.com"

/* A flavour's dynamic namespace without its region. */
static const char *const dynamic_kinds[SIM_NFLAVORS] = {"dynamic", "dynamic-classic",
                                                        "dynamic-classic1x", "dynamic-classicann"};

/* {"href":...} in the namespace named in full ("static-11.0.7_58187-eu"). */
static void put_href_ns(struct buf *b, const struct sim_gen *c, const char *path, const char *ns)
{
	buf_printf(b, "{\"href\":\"" HOST "%s?namespace=%s\"}", c->region, path, ns);
}

/* The same in the region's namespace of a kind ("dynamic"). */
static void put_href(struct buf *b, const struct sim_gen *c, const char *path, const char *kind)
{
	char ns[64];
	snprintf(ns, sizeof(ns), "%s-%s", kind, c->region);
	put_href_ns(b, c, path, ns);
}

static void put_links_ns(struct buf *b, const struct sim_gen *c, const char *path, const char *ns)
{
	buf_puts(b, "\"_links\":{\"self\":");
	put_href_ns(b, c, path, ns);
	buf_putc(b, '}');
}

static void put_links(struct buf *b, const struct sim_gen *c, const char *path, const char *kind)
{
	char ns[64];
	snprintf(ns, sizeof(ns), "%s-%s", kind, c->region);
	put_links_ns(b, c, path, ns);
}

static void put_key(struct buf *b, const char *key)
{
	buf_putc(b, '"');
	buf_puts(b, key);
	buf_puts(b, "\":");
}

static void put_str(struct buf *b, const char *s)
{
	buf_put_json_string(b, s, strlen(s));
}

/* A localized string: w[locale] alone, or every locale's word in an object. */
static void put_words(struct buf *b, int locale, const char *const w[SIM_NLOCALES])
{
	if (locale >= 0) {
		put_str(b, w[locale]);
		return;
	}
	buf_putc(b, '{');
	for (int l = 0; l < SIM_NLOCALES; l++) {
		if (l)
			buf_putc(b, ',');
		put_key(b, sim_locales[l]);
		put_str(b, w[l]);
	}
	buf_putc(b, '}');
}

/* The same from a word function taking (arg, locale). */
static void put_lex(struct buf *b, int locale, const char *(*word)(int, int), int arg)
{
	const char *w[SIM_NLOCALES];
	for (int l = 0; l < SIM_NLOCALES; l++)
		w[l] = word(arg, l);
	put_words(b, locale, w);
}

/* {"type":"X","name":...} */
static void put_typed(struct buf *b, const char *type, int locale, const char *(*word)(int, int),
                      int arg)
{
	buf_puts(b, "{\"type\":");
	put_str(b, type);
	buf_puts(b, ",\"name\":");
	put_lex(b, locale, word, arg);
	buf_putc(b, '}');
}

/* A name composed per locale (item and realm names are built, not looked up): the one
 * locale's, or every locale's in an object. name(ud, locale, out) appends it to out. */
static void put_composed(struct buf *b, int locale, void (*name)(const void *, int, struct buf *),
                         const void *ud)
{
	struct buf s = BUF_INIT;
	int from = locale >= 0 ? locale : 0, to = locale >= 0 ? locale + 1 : SIM_NLOCALES;

	if (locale < 0)
		buf_putc(b, '{');
	for (int l = from; l < to; l++) {
		buf_reset(&s);
		name(ud, l, &s);
		if (locale < 0) {
			if (l)
				buf_putc(b, ',');
			put_key(b, sim_locales[l]);
		}
		buf_put_json_string(b, s.data, s.len);
	}
	if (locale < 0)
		buf_putc(b, '}');
	buf_release(&s);
}

struct item_ref {
	const struct sim_gen *c;
	const struct sim_item *it;
};

static void item_name(const void *ud, int locale, struct buf *out)
{
	const struct item_ref *r = ud;
	sim_item_name(r->c, r->it, locale, out);
}

static void put_item_name(struct buf *b, const struct sim_gen *c, const struct sim_item *it,
                          int locale)
{
	struct item_ref r = {c, it};
	put_composed(b, locale, item_name, &r);
}

struct realm_ref {
	const struct sim_realm *r;
	int ru;
};

static void realm_name(const void *ud, int locale, struct buf *out)
{
	const struct realm_ref *r = ud;
	sim_realm_name(r->r, r->ru, locale, out);
}

static void put_realm_name(struct buf *b, const struct sim_realm *r, int ru, int locale)
{
	struct realm_ref ref = {r, ru};
	put_composed(b, locale, realm_name, &ref);
}

static void pet_name(const void *ud, int locale, struct buf *out)
{
	sim_pet_name(*(const long *)ud, locale, out);
}

static void put_pet_name(struct buf *b, long pet, int locale)
{
	put_composed(b, locale, pet_name, &pet);
}

/* ---- auctions ---- */

static const int contexts[] = {0, 3, 4, 5, 6, 11, 13, 14, 15, 16, 22, 23, 26, 28, 35, 36, 52, 63};
static const int modifier_types[] = {9, 28, 29, 30, 38, 39, 40, 41, 42, 49};

/* A bonus id among 800, a few of them common: the real dump A of 2020 holds 793 distinct
 * ids, the commonest in 17% of its lists. The cube of a uniform draw gives the first id 11%
 * of the draws. */
static int bonus_id(uint64_t h)
{
	double u = (double)(h % 1000000) / 1e6;

	return 1400 + 12 * (int)(800 * u * u * u);
}

/* Each auction keeps one order from its first snapshot to its last, as the real API does
 * (dumps A and B of 2020, an hour apart: none of 20,826 auctions with 2 or more ids changed
 * order); about 70% of the real lists of 2 or more ids are sorted, the rest in no order. */
static void put_bonus_lists(struct buf *b, uint64_t h)
{
	int n = (int)(h % 100 < 40 ? 1 : h % 100 < 70 ? 2 : h % 100 < 85 ? 3 : 4 + (h >> 8) % 6);
	int ids[9];

	for (int i = 0; i < n; i++)
		ids[i] = bonus_id(sim_hash(h, (uint64_t)i + 100));
	for (int i = 1; i < n && (h >> 40) % 100 < 70; i++)
		for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	buf_puts(b, ",\"bonus_lists\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		buf_put_i64(b, ids[i]);
	}
	buf_putc(b, ']');
}

static int64_t modifier_value(int type, uint64_t h)
{
	switch (type) {
	case 9: /* the level of the player who looted it: in dump A, 56% the top level */
		return h % 100 < 56 ? 80 : 60 + (int64_t)((h >> 8) % 21);
	case 28:
		return 1 + (int64_t)(h % 3000);
	case 29:
	case 30:
		return 1 + (int64_t)(h % 60);
	case 49:
		return 1 + (int64_t)(h % 20);
	default:
		return 1 + (int64_t)(h % 5000);
	}
}

static void put_modifiers(struct buf *b, uint64_t h)
{
	int first = 1;
	buf_puts(b, ",\"modifiers\":[");
	for (size_t i = 0; i < sizeof(modifier_types) / sizeof(modifier_types[0]); i++) {
		uint64_t hi = sim_hash(h, 200 + i);
		/* Item level (9) is on most gear; the others are rarer (dump A of 2020 has one
		 * modifier on every list, newer samples up to four). */
		if (hi % 100 >= (i == 0 ? 80u : 6u))
			continue;
		if (!first)
			buf_putc(b, ',');
		first = 0;
		buf_printf(b, "{\"type\":%d,\"value\":", modifier_types[i]);
		buf_put_i64(b, modifier_value(modifier_types[i], hi >> 16));
		buf_putc(b, '}');
	}
	if (first) /* at least one modifier when the key is present */
		buf_puts(b, "{\"type\":28,\"value\":2008}");
	buf_putc(b, ']');
}

static void put_gear(struct buf *b, uint64_t h)
{
	/* Item key sets in about the proportions of the real houses. */
	unsigned shape = (unsigned)(h % 100);
	int ctx = shape < 75 || (shape >= 85 && shape < 97);
	int bl = shape < 65 || (shape >= 75 && shape < 85);
	int mods = shape < 50 || (shape >= 65 && shape < 85);

	if (ctx) {
		buf_puts(b, ",\"context\":");
		buf_put_i64(b, contexts[(h >> 12) % (sizeof(contexts) / sizeof(contexts[0]))]);
	}
	if (bl)
		put_bonus_lists(b, sim_hash(h, 1));
	if (mods)
		put_modifiers(b, sim_hash(h, 2));
}

static void put_pet(struct buf *b, uint64_t h, int32_t species)
{
	int level, quality;

	sim_pet_traits(h, &level, &quality);

	if ((h >> 20) % 10 < 7)
		buf_puts(b, ",\"context\":0");
	if ((h >> 24) % 100 < 85)
		buf_printf(b, ",\"modifiers\":[{\"type\":6,\"value\":%d}]",
		           10000 + (int)((h >> 28) % 190000));
	buf_printf(
	        b,
	        ",\"pet_breed_id\":%d,\"pet_level\":%d,\"pet_quality_id\":%d,\"pet_species_id\":%d",
	        3 + (int)((h >> 40) % 20), level, quality, species);
}

static void put_auction(struct buf *b, const struct sim_market *m, const struct sim_auction *a,
                        int64_t t)
{
	const struct sim_good *g = &m->gen->goods[a->good];
	const struct sim_item *it = &m->gen->items[g->item];
	uint64_t h = sim_hash(a->vseed, a->good);

	buf_puts(b, "{\"id\":");
	buf_put_i64(b, a->id);
	buf_puts(b, ",\"item\":{\"id\":");
	buf_put_i64(b, it->id);
	if (m->kind == SIM_MARKET_REALM) {
		if (it->nature == SIM_GEAR)
			put_gear(b, h);
		else if (it->nature == SIM_PET)
			put_pet(b, h, g->species);
		else if (h % 2)
			buf_puts(b, ",\"context\":0");
	} else if (m->kind == SIM_MARKET_CLASSIC && it->nature == SIM_GEAR && h % 10 < 3) {
		buf_puts(b, ",\"rand\":");
		buf_put_i64(b, (int64_t)((h >> 8) % 3000) - 700);
		buf_puts(b, ",\"seed\":");
		buf_put_i64(b, (int64_t)((h >> 32) & 0x7fffffff));
	}
	buf_putc(b, '}');
	if (m->kind == SIM_MARKET_COMMODITY) {
		buf_puts(b, ",\"quantity\":");
		buf_put_i64(b, a->quantity);
		buf_puts(b, ",\"unit_price\":");
		buf_put_i64(b, a->price);
	} else {
		if (a->bid || m->kind == SIM_MARKET_CLASSIC) {
			buf_puts(b, ",\"bid\":");
			buf_put_i64(b, sim_auction_bid(a, t));
		}
		if (a->price || m->kind == SIM_MARKET_CLASSIC) {
			buf_puts(b, ",\"buyout\":");
			buf_put_i64(b, a->price);
		}
		buf_puts(b, ",\"quantity\":");
		buf_put_i64(b, a->quantity);
	}
	buf_puts(b, ",\"time_left\":\"");
	buf_puts(b, sim_time_left(a->expires_at, t));
	buf_puts(b, "\"}");
}

void sim_render_auctions(struct buf *b, const struct sim_market *m, int64_t t)
{
	const struct sim_gen *c = m->gen;
	char path[96], realm[64];

	buf_reserve(b, m->n * (m->kind == SIM_MARKET_REALM ? 180 : 100) + 512);
	buf_putc(b, '{');
	snprintf(realm, sizeof(realm), "/data/wow/connected-realm/%d", (int)m->realm_id);
	if (m->kind == SIM_MARKET_COMMODITY)
		snprintf(path, sizeof(path), "/data/wow/auctions/commodities");
	else if (m->kind == SIM_MARKET_CLASSIC)
		snprintf(path, sizeof(path), "%s/auctions/%d", realm, m->house);
	else
		snprintf(path, sizeof(path), "%s/auctions", realm);
	put_links(b, c, path, dynamic_kinds[m->flavor]);
	if (m->kind != SIM_MARKET_COMMODITY) {
		buf_puts(b, ",\"connected_realm\":");
		put_href(b, c, realm, dynamic_kinds[m->flavor]);
	}
	buf_puts(b, ",\"auctions\":[");
	for (size_t i = 0; i < m->n; i++) {
		if (i)
			buf_putc(b, ',');
		put_auction(b, m, &m->a[i], t);
	}
	buf_putc(b, ']');
	if (m->kind == SIM_MARKET_REALM) {
		buf_puts(b, ",\"commodities\":");
		put_href(b, c, "/data/wow/auctions/commodities", "dynamic");
	} else if (m->kind == SIM_MARKET_CLASSIC) {
		buf_printf(b, ",\"id\":%d,\"name\":", m->house);
		put_lex(b, -1, sim_word_house, m->house); /* sim_render_house_name localizes it */
	}
	buf_putc(b, '}');
}

/* ---- realms ---- */

void sim_render_realm_index(struct buf *b, const struct sim_gen *c, int flavor)
{
	const char *ns = dynamic_kinds[flavor];
	char path[64];
	int first = 1;

	buf_putc(b, '{');
	put_links(b, c, "/data/wow/connected-realm/", ns);
	buf_puts(b, ",\"connected_realms\":[");
	for (size_t i = 0; i < c->ncrealms; i++) {
		if (c->crealms[i].flavor != flavor)
			continue;
		if (!first)
			buf_putc(b, ',');
		first = 0;
		snprintf(path, sizeof(path), "/data/wow/connected-realm/%d", (int)c->crealms[i].id);
		put_href(b, c, path, ns);
	}
	buf_puts(b, "]}");
}

/* A realm object; with links, the whole /data/wow/realm/{slug} body. */
static void put_realm(struct buf *b, const struct sim_gen *c, const struct sim_crealm *cr,
                      const struct sim_realm *r, int locale, int links)
{
	const char *ns = dynamic_kinds[cr->flavor];
	const char *region[SIM_NLOCALES];
	struct sim_realm_kind k;
	struct buf slug = BUF_INIT;
	char path[96];

	sim_realm_kind(c, cr->kind, &k);
	for (int l = 0; l < SIM_NLOCALES; l++)
		region[l] = sim_word_region(c, l);
	sim_realm_slug(r, &slug);
	buf_putc(b, '{');
	if (links) {
		snprintf(path, sizeof(path), "/data/wow/realm/%s", slug.data);
		put_links(b, c, path, ns);
		buf_putc(b, ',');
	}
	buf_printf(b, "\"id\":%d,\"region\":{\"key\":", (int)r->id);
	snprintf(path, sizeof(path), "/data/wow/region/%d", c->region_id);
	put_href(b, c, path, ns);
	buf_puts(b, ",\"name\":");
	put_words(b, locale, region);
	buf_printf(b, ",\"id\":%d},\"connected_realm\":", c->region_id);
	snprintf(path, sizeof(path), "/data/wow/connected-realm/%d", (int)cr->id);
	put_href(b, c, path, ns);
	buf_puts(b, ",\"name\":");
	put_realm_name(b, r, k.ru, locale);
	buf_puts(b, ",\"category\":");
	put_lex(b, locale, sim_word_category, k.category);
	buf_puts(b, ",\"locale\":");
	put_str(b, k.locale);
	buf_puts(b, ",\"timezone\":");
	put_str(b, k.timezone);
	buf_puts(b, ",\"type\":");
	put_typed(b, cr->rp ? "RP" : "NORMAL", locale, sim_word_realm_type, cr->rp);
	buf_puts(b, ",\"is_tournament\":false,\"slug\":");
	buf_put_json_string(b, slug.data, slug.len);
	buf_putc(b, '}');
	buf_release(&slug);
}

void sim_render_crealm(struct buf *b, const struct sim_gen *c, const struct sim_crealm *cr,
                       int locale)
{
	const char *ns = dynamic_kinds[cr->flavor];
	char path[96];

	snprintf(path, sizeof(path), "/data/wow/connected-realm/%d", (int)cr->id);
	buf_putc(b, '{');
	put_links(b, c, path, ns);
	buf_printf(b, ",\"id\":%d,\"has_queue\":%s,\"status\":", (int)cr->id,
	           cr->has_queue ? "true" : "false");
	put_typed(b, "UP", locale, sim_word_status, 1);
	buf_puts(b, ",\"population\":");
	put_typed(b, sim_word_population_type(cr->population), locale, sim_word_population,
	          cr->population);
	buf_puts(b, ",\"realms\":[");
	for (uint32_t i = 0; i < cr->nrealms; i++) {
		if (i)
			buf_putc(b, ',');
		put_realm(b, c, cr, &c->realms[cr->first + i], locale, 0);
	}
	buf_puts(b, "],\"mythic_leaderboards\":");
	snprintf(path, sizeof(path), "/data/wow/connected-realm/%d/mythic-leaderboard/",
	         (int)cr->id);
	put_href(b, c, path, ns);
	buf_puts(b, ",\"auctions\":");
	snprintf(path, sizeof(path), "/data/wow/connected-realm/%d/auctions", (int)cr->id);
	put_href(b, c, path, ns);
	buf_putc(b, '}');
}

int sim_render_realm(struct buf *b, const struct sim_gen *c, const char *slug, int flavor,
                     int locale)
{
	struct buf s = BUF_INIT;
	for (size_t i = 0; i < c->ncrealms; i++) {
		const struct sim_crealm *cr = &c->crealms[i];
		if (cr->flavor != flavor)
			continue;
		for (uint32_t j = 0; j < cr->nrealms; j++) {
			buf_reset(&s);
			sim_realm_slug(&c->realms[cr->first + j], &s);
			if (strcmp(s.data, slug) == 0) {
				put_realm(b, c, cr, &c->realms[cr->first + j], locale, 1);
				buf_release(&s);
				return 0;
			}
		}
	}
	buf_release(&s);
	return -1;
}

void sim_render_house_index(struct buf *b, const struct sim_gen *c, const struct sim_crealm *cr,
                            int locale)
{
	static const int houses[] = {2, 6, 7};
	char path[96];

	snprintf(path, sizeof(path), "/data/wow/connected-realm/%d/auctions/", (int)cr->id);
	buf_putc(b, '{');
	put_links(b, c, path, dynamic_kinds[cr->flavor]);
	buf_puts(b, ",\"auctions\":[");
	for (int i = 0; i < 3; i++) {
		if (i)
			buf_putc(b, ',');
		snprintf(path, sizeof(path), "/data/wow/connected-realm/%d/auctions/%d",
		         (int)cr->id, houses[i]);
		buf_puts(b, "{\"key\":");
		put_href(b, c, path, dynamic_kinds[cr->flavor]);
		buf_puts(b, ",\"name\":");
		put_lex(b, locale, sim_word_house, houses[i]);
		buf_printf(b, ",\"id\":%d}", houses[i]);
	}
	buf_puts(b, "]}");
}

/* ---- items ---- */

/* ,"item_class":..,"item_subclass":..,"inventory_type":.. */
static void put_class_refs(struct buf *b, const struct sim_gen *c, const struct sim_item_kind *k,
                           int locale, const char *ns)
{
	const char *w[SIM_NLOCALES];
	char path[96];

	buf_puts(b, ",\"item_class\":{\"key\":");
	snprintf(path, sizeof(path), "/data/wow/item-class/%d", k->class_id);
	put_href_ns(b, c, path, ns);
	buf_puts(b, ",\"name\":");
	put_lex(b, locale, sim_word_item_class, k->class_id);
	buf_printf(b, ",\"id\":%d},\"item_subclass\":{\"key\":", k->class_id);
	snprintf(path, sizeof(path), "/data/wow/item-class/%d/item-subclass/%d", k->class_id,
	         k->subclass_id);
	put_href_ns(b, c, path, ns);
	buf_puts(b, ",\"name\":");
	for (int l = 0; l < SIM_NLOCALES; l++)
		w[l] = k->subclass;
	put_words(b, locale, w);
	buf_printf(b, ",\"id\":%d},\"inventory_type\":{\"type\":", k->subclass_id);
	put_str(b, k->inventory_type);
	buf_puts(b, ",\"name\":");
	for (int l = 0; l < SIM_NLOCALES; l++)
		w[l] = k->inventory_name;
	put_words(b, locale, w);
	buf_putc(b, '}');
}

static void put_media_ref(struct buf *b, const struct sim_gen *c, const struct sim_item *it,
                          const char *ns)
{
	char path[64];

	snprintf(path, sizeof(path), "/data/wow/media/item/%d", (int)it->id);
	buf_puts(b, ",\"media\":{\"key\":");
	put_href_ns(b, c, path, ns);
	buf_printf(b, ",\"id\":%d}", (int)it->id);
}

/* A tooltip string, English in every locale like subclass names (docs/sim.md). */
static void put_display(struct buf *b, int locale, const char *s)
{
	const char *w[SIM_NLOCALES];
	for (int l = 0; l < SIM_NLOCALES; l++)
		w[l] = s;
	put_words(b, locale, w);
}

/* {"value":v,"display_string":...} */
static void put_valued(struct buf *b, int locale, int64_t v, const char *display)
{
	buf_puts(b, "{\"value\":");
	buf_put_i64(b, v);
	buf_puts(b, ",\"display_string\":");
	put_display(b, locale, display);
	buf_putc(b, '}');
}

static void put_weapon(struct buf *b, const struct sim_item_tooltip *t, int locale)
{
	char s[64];

	buf_puts(b, ",\"weapon\":{\"damage\":{\"min_value\":");
	buf_put_i64(b, t->damage_min);
	buf_puts(b, ",\"max_value\":");
	buf_put_i64(b, t->damage_max);
	buf_puts(b, ",\"display_string\":");
	snprintf(s, sizeof(s), "%d - %d Damage", t->damage_min, t->damage_max);
	put_display(b, locale, s);
	buf_puts(b, ",\"damage_class\":{\"type\":\"PHYSICAL\",\"name\":");
	put_display(b, locale, "Physical");
	buf_puts(b, "}},\"attack_speed\":");
	snprintf(s, sizeof(s), "Speed %d.%02d", t->speed_ms / 1000, t->speed_ms / 10 % 100);
	put_valued(b, locale, t->speed_ms, s);
	buf_printf(b, ",\"dps\":{\"value\":%.6f,\"display_string\":", t->dps);
	snprintf(s, sizeof(s), "(%.1f damage per second)", t->dps);
	put_display(b, locale, s);
	buf_puts(b, "}}");
}

static void put_stats(struct buf *b, const struct sim_item_tooltip *t, int locale)
{
	char s[64];

	buf_puts(b, ",\"stats\":[");
	for (int i = 0; i < t->nstats; i++) {
		const struct sim_stat *st = &t->stats[i];
		if (i)
			buf_putc(b, ',');
		buf_puts(b, "{\"type\":{\"type\":");
		put_str(b, st->type);
		buf_puts(b, ",\"name\":");
		put_display(b, locale, st->name);
		buf_printf(b, "},\"value\":%d,\"display\":{\"display_string\":", st->value);
		snprintf(s, sizeof(s), "+%d %s", st->value, st->name);
		put_display(b, locale, s);
		/* primary stats white, secondary ones green, as the tooltips show them */
		buf_printf(b, ",\"color\":{\"r\":%d,\"g\":255,\"b\":%d,\"a\":1}}}",
		           st->secondary ? 0 : 255, st->secondary ? 0 : 255);
	}
	buf_putc(b, ']');
}

/* spells: [{spell: {key, name, id}, description}], named like the item, as a potion's
 * spell is. */
static void put_spells(struct buf *b, const struct sim_gen *c, const struct sim_item *it,
                       int locale, const char *ns)
{
	struct sim_item_spell sp;
	char path[64];

	if (sim_item_spell(it, &sp))
		return;
	snprintf(path, sizeof(path), "/data/wow/spell/%d", (int)sp.id);
	buf_puts(b, ",\"spells\":[{\"spell\":{\"key\":");
	put_href_ns(b, c, path, ns);
	buf_puts(b, ",\"name\":");
	put_item_name(b, c, it, locale);
	buf_printf(b, ",\"id\":%d},\"description\":", (int)sp.id);
	put_display(b, locale, sp.description);
	buf_puts(b, "}]");
}

/* What a real preview_item adds to the item's references: for gear binding, weapon,
 * stats, spells (some epics), requirements, level, durability (apwc_item_19019.json); for
 * consumables spells; for a reagent with crafting-quality tiers, crafting_reagent (which
 * says nothing of the tier). */
static void put_tooltip(struct buf *b, const struct sim_gen *c, const struct sim_item *it,
                        int locale, const char *ns)
{
	struct sim_item_tooltip t;
	char s[64];

	if (it->nature == SIM_COMMODITY && it->tier) {
		buf_puts(b, ",\"crafting_reagent\":");
		put_display(b, locale, "Crafting Reagent");
	}
	if (sim_item_tooltip(it, &t)) {
		put_spells(b, c, it, locale, ns);
		return;
	}
	buf_puts(b, ",\"binding\":{\"type\":\"ON_EQUIP\",\"name\":");
	put_display(b, locale, "Binds when equipped");
	buf_putc(b, '}');
	if (t.unique)
		buf_puts(b, ",\"unique_equipped\":\"Unique-Equipped\"");
	if (t.speed_ms)
		put_weapon(b, &t, locale);
	put_stats(b, &t, locale);
	put_spells(b, c, it, locale, ns);
	if (it->required_level) {
		buf_puts(b, ",\"requirements\":{\"level\":");
		snprintf(s, sizeof(s), "Requires Level %d", it->required_level);
		put_valued(b, locale, it->required_level, s);
		buf_putc(b, '}');
	}
	buf_puts(b, ",\"level\":");
	snprintf(s, sizeof(s), "Item Level %d", it->level);
	put_valued(b, locale, it->level, s);
	if (t.durability) {
		buf_puts(b, ",\"durability\":");
		snprintf(s, sizeof(s), "Durability %d / %d", t.durability, t.durability);
		put_valued(b, locale, t.durability, s);
	}
}

void sim_render_item(struct buf *b, const struct sim_gen *c, const struct sim_item *it, int locale,
                     const char *ns)
{
	struct sim_item_kind k;
	char path[64];

	sim_item_kind(it, &k);
	snprintf(path, sizeof(path), "/data/wow/item/%d", (int)it->id);
	buf_putc(b, '{');
	put_links_ns(b, c, path, ns);
	buf_printf(b, ",\"id\":%d,\"name\":", (int)it->id);
	put_item_name(b, c, it, locale);
	buf_puts(b, ",\"quality\":");
	put_typed(b, sim_word_quality_type(it->quality), locale, sim_word_quality, it->quality);
	buf_printf(b, ",\"level\":%d,\"required_level\":%d", it->level, it->required_level);
	put_media_ref(b, c, it, ns);
	put_class_refs(b, c, &k, locale, ns);
	buf_puts(b, ",\"purchase_price\":");
	buf_put_i64(b, it->purchase_price);
	buf_puts(b, ",\"sell_price\":");
	buf_put_i64(b, it->sell_price);
	buf_printf(b, ",\"max_count\":%d,\"is_equippable\":%s,\"is_stackable\":%s", k.max_count,
	           k.equippable ? "true" : "false", k.stackable ? "true" : "false");
	buf_puts(b, ",\"preview_item\":{\"item\":{\"key\":");
	put_href_ns(b, c, path, ns);
	buf_printf(b, ",\"id\":%d},\"quality\":", (int)it->id);
	put_typed(b, sim_word_quality_type(it->quality), locale, sim_word_quality, it->quality);
	buf_puts(b, ",\"name\":");
	put_item_name(b, c, it, locale);
	put_media_ref(b, c, it, ns);
	put_class_refs(b, c, &k, locale, ns);
	put_tooltip(b, c, it, locale, ns);
	buf_puts(b, "},\"purchase_quantity\":1}");
}

void sim_render_media(struct buf *b, const struct sim_gen *c, const struct sim_item *it,
                      const char *ns)
{
	struct sim_item_kind k;
	char path[64];

	sim_item_kind(it, &k);
	snprintf(path, sizeof(path), "/data/wow/media/item/%d", (int)it->id);
	buf_putc(b, '{');
	put_links_ns(b, c, path, ns);
	buf_printf(b,
	           ",\"assets\":[{\"key\":\"icon\",\"value\":\"https://render.worldofwarcraft.com/"
	           "%s/icons/56/%s.jpg\"}],\"id\":%d}",
	           c->region, k.icon, (int)it->id);
}

void sim_render_pet_index(struct buf *b, const struct sim_gen *c, int locale, const char *ns)
{
	char path[64];

	buf_putc(b, '{');
	put_links_ns(b, c, "/data/wow/pet/index", ns);
	buf_puts(b, ",\"pets\":[");
	for (size_t k = 0; k < c->npets; k++) {
		int32_t species = sim_gen_pet_species(c, (long)k);
		snprintf(path, sizeof(path), "/data/wow/pet/%d", (int)species);
		buf_puts(b, k ? ",{\"key\":" : "{\"key\":");
		put_href_ns(b, c, path, ns);
		buf_puts(b, ",\"name\":");
		put_pet_name(b, (long)k, locale);
		buf_printf(b, ",\"id\":%d}", (int)species);
	}
	buf_puts(b, "]}");
}

/* The real body also has a description, abilities and a source: wowah reads none of them,
 * and the simulator has no words for them. */
void sim_render_pet(struct buf *b, const struct sim_gen *c, long pet, int locale, const char *ns)
{
	int32_t species = sim_gen_pet_species(c, pet);
	struct sim_pet_kind k;
	char path[64];

	sim_pet_kind(pet, &k);
	snprintf(path, sizeof(path), "/data/wow/pet/%d", (int)species);
	buf_putc(b, '{');
	put_links_ns(b, c, path, ns);
	buf_printf(b, ",\"id\":%d,\"name\":", (int)species);
	put_pet_name(b, pet, locale);
	buf_printf(b, ",\"battle_pet_type\":{\"id\":%d,\"type\":", k.type_id);
	put_str(b, k.type);
	buf_puts(b, ",\"name\":");
	put_lex(b, locale, sim_word_pet_type, k.type_index);
	buf_puts(b, "},\"is_capturable\":false,\"is_tradable\":true,\"is_battlepet\":true,"
	            "\"is_alliance_only\":false,\"is_horde_only\":false,");
	buf_printf(b, "\"icon\":\"https://render.worldofwarcraft.com/%s/icons/56/%s.jpg\",",
	           c->region, k.icon);
	/* the creature's id is the species' own plus an offset, as nothing else names it */
	snprintf(path, sizeof(path), "/data/wow/creature/%d", (int)species + 60000);
	buf_puts(b, "\"creature\":{\"key\":");
	put_href_ns(b, c, path, ns);
	buf_puts(b, ",\"name\":");
	put_pet_name(b, pet, locale);
	buf_printf(b, ",\"id\":%d},\"is_random_creature_display\":false,\"media\":{\"key\":",
	           (int)species + 60000);
	snprintf(path, sizeof(path), "/data/wow/media/pet/%d", (int)species);
	put_href_ns(b, c, path, ns);
	buf_printf(b, ",\"id\":%d},\"should_exclude_if_uncollected\":false}", (int)species);
}

void sim_render_token(struct buf *b, const struct sim_gen *c, int classic, int64_t updated,
                      int64_t price)
{
	buf_putc(b, '{');
	put_links(b, c, "/data/wow/token/", classic ? "dynamic-classic" : "dynamic");
	buf_puts(b, ",\"last_updated_timestamp\":");
	buf_put_i64(b, updated * 1000);
	buf_puts(b, ",\"price\":");
	buf_put_i64(b, price);
	buf_putc(b, '}');
}

int sim_render_house_name(struct buf *out, const char *body, size_t len, int house, int locale)
{
	static const char key[] = ",\"name\":{";
	size_t n = sizeof(key) - 1, at = len;

	/* the house name is the body's last key; no auction has a name */
	while (at > n && memcmp(body + at - n, key, n) != 0)
		at--;
	if (at <= n)
		return -1;
	buf_append(out, body, at - 1);
	put_str(out, sim_word_house(house, locale));
	buf_putc(out, '}');
	return 0;
}

void sim_render_error(struct buf *b, int status, const char *detail)
{
	buf_printf(b, "{\"code\":%d,\"type\":\"BLZWEBAPI%08d\",\"detail\":", status, status);
	put_str(b, detail);
	buf_putc(b, '}');
}
