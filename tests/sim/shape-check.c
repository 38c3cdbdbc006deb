/* shape-check.c - one shape checker for the real API fixtures and the simulator's bodies.
 *
 * usage: shape-check KIND FILE...   (FILE "-" reads stdin)
 * KIND: realm (today's realm auctions: no unit_price), realm-2020 (unit_price allowed),
 * commodities, classic, classic-index, realm-index, crealm, crealm-array, realm-slug
 * (/data/wow/realm/{slug}), item, media, token, error. Checks keys (required, allowed, nothing
 * else), JSON types and value ranges; prints one line per problem and exits 1 when there was any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

static int problems;
static const char *file;

static void bad(const char *where, const char *what)
{
	if (problems++ < 20)
		fprintf(stderr, "%s: %s: %s\n", file, where, what);
}

static int is_int(yajl_val v)
{
	return YAJL_IS_INTEGER(v);
}

static long long ival(yajl_val v)
{
	return YAJL_GET_INTEGER(v);
}

static const char *sval(yajl_val v)
{
	const char *s = YAJL_IS_STRING(v) ? YAJL_GET_STRING(v) : NULL;
	return s ? s : "";
}

/* Every key of o in allowed ("a,b,c"), every key of required present. */
static void keys(yajl_val o, const char *where, const char *required, const char *allowed)
{
	char list[1024], *k, *save;

	if (!YAJL_IS_OBJECT(o)) {
		bad(where, "not an object");
		return;
	}
	for (size_t i = 0; i < o->u.object.len; i++) {
		size_t n = strlen(o->u.object.keys[i]);
		const char *p = allowed;
		int ok = 0;
		while ((p = strstr(p, o->u.object.keys[i]))) {
			if ((p == allowed || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
				ok = 1;
			p += n;
		}
		if (!ok) {
			char msg[200];
			snprintf(msg, sizeof(msg), "unexpected key '%s'", o->u.object.keys[i]);
			bad(where, msg);
		}
	}
	snprintf(list, sizeof(list), "%s", required);
	for (k = strtok_r(list, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		const char *path[] = {k, NULL};
		if (!yajl_tree_get(o, path, yajl_t_any)) {
			char msg[200];
			snprintf(msg, sizeof(msg), "missing key '%s'", k);
			bad(where, msg);
		}
	}
}

static yajl_val get(yajl_val o, const char *key)
{
	const char *path[] = {key, NULL};
	return YAJL_IS_OBJECT(o) ? yajl_tree_get(o, path, yajl_t_any) : NULL;
}

static void int_range(yajl_val o, const char *key, long long lo, long long hi, const char *where)
{
	yajl_val v = get(o, key);
	char msg[200];
	if (!v)
		return;
	if (!is_int(v) || ival(v) < lo || ival(v) > hi) {
		snprintf(msg, sizeof(msg), "'%s' is not an integer in [%lld, %lld]", key, lo, hi);
		bad(where, msg);
	}
}

static void string_key(yajl_val o, const char *key, const char *where)
{
	yajl_val v = get(o, key);
	if (v && !YAJL_IS_STRING(v)) {
		char msg[200];
		snprintf(msg, sizeof(msg), "'%s' is not a string", key);
		bad(where, msg);
	}
}

static void bool_key(yajl_val o, const char *key, const char *where)
{
	yajl_val v = get(o, key);
	if (v && !YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v)) {
		char msg[200];
		snprintf(msg, sizeof(msg), "'%s' is not a boolean", key);
		bad(where, msg);
	}
}

static const char *const locales =
        "en_US,es_MX,pt_BR,de_DE,en_GB,es_ES,fr_FR,it_IT,ru_RU,ko_KR,zh_TW,zh_CN";

/* A localized string: a string, or an object of locale -> string. */
static void lstr(yajl_val o, const char *key, const char *where)
{
	yajl_val v = get(o, key);
	if (!v || YAJL_IS_STRING(v))
		return;
	keys(v, where, "", locales);
	for (size_t i = 0; YAJL_IS_OBJECT(v) && i < v->u.object.len; i++)
		if (!YAJL_IS_STRING(v->u.object.values[i]))
			bad(where, "a localized name that is not a string");
}

static void href(yajl_val o, const char *where)
{
	keys(o, where, "href", "href");
	yajl_val h = get(o, "href");
	if (h && (!YAJL_IS_STRING(h) || strncmp(sval(h), "https://", 8) != 0))
		bad(where, "href is not an https URL");
}

/* 1 when a is an array with something in it; else says so and returns 0. */
static int nonempty_array(yajl_val a, const char *where)
{
	if (YAJL_IS_ARRAY(a) && a->u.array.len > 0)
		return 1;
	bad(where, "not a non-empty array");
	return 0;
}

static void links(yajl_val root)
{
	yajl_val l = get(root, "_links");
	keys(l, "_links", "self", "self");
	href(get(l, "self"), "_links.self");
}

/* {"type":"X","name":lstr} with type one of types ("A,B") */
static void typed(yajl_val o, const char *where, const char *types)
{
	yajl_val t = get(o, "type");
	keys(o, where, "type,name", "type,name");
	lstr(o, "name", where);
	if (!t || !YAJL_IS_STRING(t)) {
		bad(where, "type is not a string");
		return;
	}
	if (types) {
		char list[256];
		snprintf(list, sizeof(list), ",%s,", types);
		char want[64];
		snprintf(want, sizeof(want), ",%s,", sval(t));
		if (!strstr(list, want))
			bad(where, "type out of range");
	}
}

/* ---- auctions ---- */

enum akind { A_REALM, A_REALM_2020, A_COMMODITIES, A_CLASSIC };

static void int_array(yajl_val a, const char *where, size_t lo, size_t hi)
{
	if (!YAJL_IS_ARRAY(a) || a->u.array.len < lo || a->u.array.len > hi) {
		bad(where, "not an array of the right length");
		return;
	}
	for (size_t i = 0; i < a->u.array.len; i++)
		if (!is_int(a->u.array.values[i]) || ival(a->u.array.values[i]) <= 0)
			bad(where, "not a positive integer");
}

static void item(yajl_val it, enum akind kind)
{
	yajl_val id = get(it, "id"), mods = get(it, "modifiers");
	int pet = id && is_int(id) && ival(id) == 82800 && get(it, "pet_species_id");

	if (kind == A_COMMODITIES)
		keys(it, "item", "id", "id");
	else if (kind == A_CLASSIC)
		keys(it, "item", "id", "id,rand,seed");
	else if (pet)
		keys(it, "item", "id,pet_breed_id,pet_level,pet_quality_id,pet_species_id",
		     "id,context,modifiers,pet_breed_id,pet_level,pet_quality_id,pet_species_id");
	else
		keys(it, "item", "id", "id,context,bonus_lists,modifiers");
	int_range(it, "id", 1, 10000000, "item");
	int_range(it, "context", 0, 1000, "item");
	int_range(it, "pet_breed_id", 1, 30, "item");
	int_range(it, "pet_level", 1, 25, "item");
	int_range(it, "pet_quality_id", 0, 5, "item");
	int_range(it, "pet_species_id", 1, 100000, "item");
	int_range(it, "rand", -100000, 100000, "item");
	int_range(it, "seed", 0, 4294967295LL, "item");
	if (get(it, "bonus_lists"))
		int_array(get(it, "bonus_lists"), "item.bonus_lists", 1, 9);
	if (mods) {
		if (!YAJL_IS_ARRAY(mods) || mods->u.array.len == 0)
			bad("item.modifiers", "not a non-empty array");
		for (size_t i = 0; YAJL_IS_ARRAY(mods) && i < mods->u.array.len; i++) {
			yajl_val m = mods->u.array.values[i];
			keys(m, "item.modifiers[]", "type,value", "type,value");
			int_range(m, "type", 1, 1000, "item.modifiers[]");
			int_range(m, "value", 0, 100000000, "item.modifiers[]");
		}
	}
}

static void auction(yajl_val a, enum akind kind)
{
	static const char *const lefts[] = {"SHORT", "MEDIUM", "LONG", "VERY_LONG"};
	yajl_val tl = get(a, "time_left");
	int ok = 0;
	const long long maxp = 99999999999LL * 10;

	switch (kind) {
	case A_COMMODITIES:
		keys(a, "auction", "id,item,quantity,unit_price,time_left",
		     "id,item,quantity,unit_price,time_left");
		break;
	case A_CLASSIC:
		keys(a, "auction", "id,item,bid,buyout,quantity,time_left",
		     "id,item,bid,buyout,quantity,time_left");
		break;
	case A_REALM:
		keys(a, "auction", "id,item,quantity,time_left",
		     "id,item,bid,buyout,quantity,time_left");
		break;
	case A_REALM_2020:
		keys(a, "auction", "id,item,quantity,time_left",
		     "id,item,bid,buyout,unit_price,quantity,time_left");
		break;
	}
	if (kind != A_CLASSIC && !get(a, "bid") && !get(a, "buyout") && !get(a, "unit_price"))
		bad("auction", "no price");
	if (get(a, "unit_price") && (get(a, "bid") || get(a, "buyout")))
		bad("auction", "unit_price together with bid or buyout");
	int_range(a, "id", 1, 4294967295LL, "auction");
	int_range(a, "quantity", 1, 1000000, "auction");
	int_range(a, "unit_price", 1, maxp, "auction");
	int_range(a, "bid", 1, maxp, "auction");
	int_range(a, "buyout", kind == A_CLASSIC ? 0 : 1, maxp, "auction");
	for (int i = 0; i < 4; i++)
		ok |= tl && YAJL_IS_STRING(tl) && strcmp(sval(tl), lefts[i]) == 0;
	if (!ok)
		bad("auction", "time_left is not SHORT, MEDIUM, LONG or VERY_LONG");
	item(get(a, "item"), kind);
}

static void auctions(yajl_val root, enum akind kind)
{
	yajl_val list = get(root, "auctions");

	switch (kind) {
	case A_COMMODITIES:
		keys(root, "top", "auctions", "_links,auctions");
		break;
	case A_CLASSIC:
		keys(root, "top", "auctions", "_links,connected_realm,auctions,id,name");
		int_range(root, "id", 2, 7, "top");
		lstr(root, "name", "top");
		break;
	default:
		keys(root, "top", "auctions", "_links,connected_realm,auctions,commodities");
	}
	if (get(root, "_links"))
		links(root);
	if (get(root, "connected_realm"))
		href(get(root, "connected_realm"), "connected_realm");
	if (!YAJL_IS_ARRAY(list)) {
		bad("auctions", "not an array");
		return;
	}
	for (size_t i = 0; i < list->u.array.len; i++)
		auction(list->u.array.values[i], kind);
}

/* ---- realms ---- */

static void realm(yajl_val r, int with_links)
{
	yajl_val region = get(r, "region"), slug = get(r, "slug"), loc = get(r, "locale");

	keys(r, "realm",
	     "id,region,connected_realm,name,category,locale,timezone,type,is_tournament,slug",
	     with_links
	             ? "_links,id,region,connected_realm,name,category,locale,timezone,type,"
	               "is_tournament,slug"
	             : "id,region,connected_realm,name,category,locale,timezone,type,is_tournament,"
	               "slug");
	if (with_links)
		links(r);
	int_range(r, "id", 1, 100000, "realm");
	keys(region, "realm.region", "key,name,id", "key,name,id");
	href(get(region, "key"), "realm.region.key");
	lstr(region, "name", "realm.region");
	int_range(region, "id", 1, 5, "realm.region");
	href(get(r, "connected_realm"), "realm.connected_realm");
	lstr(r, "name", "realm");
	lstr(r, "category", "realm");
	string_key(r, "timezone", "realm");
	typed(get(r, "type"), "realm.type", "NORMAL,RP");
	bool_key(r, "is_tournament", "realm");
	if (!loc || !YAJL_IS_STRING(loc) || strlen(sval(loc)) != 4)
		bad("realm", "locale is not like enGB");
	/* Real slugs are lower case, dash-separated, sometimes non-ASCII ("aggra-português"). */
	if (!slug || !YAJL_IS_STRING(slug) || !*sval(slug) ||
	    strpbrk(sval(slug), "ABCDEFGHIJKLMNOPQRSTUVWXYZ _'\""))
		bad("realm", "slug is not a lower-case, dash-separated name");
}

static void crealm(yajl_val root)
{
	yajl_val realms = get(root, "realms");

	keys(root, "connected realm",
	     "_links,id,has_queue,status,population,realms,mythic_leaderboards,auctions",
	     "_links,id,has_queue,status,population,realms,mythic_leaderboards,auctions");
	links(root);
	int_range(root, "id", 1, 100000, "connected realm");
	bool_key(root, "has_queue", "connected realm");
	typed(get(root, "status"), "status", "UP,DOWN");
	typed(get(root, "population"), "population", "LOW,MEDIUM,HIGH,FULL,RECOMMENDED,LOCKED,NEW");
	href(get(root, "mythic_leaderboards"), "mythic_leaderboards");
	href(get(root, "auctions"), "auctions");
	if (!nonempty_array(realms, "realms"))
		return;
	for (size_t i = 0; i < realms->u.array.len; i++)
		realm(realms->u.array.values[i], 0);
}

static void realm_index(yajl_val root)
{
	yajl_val list = get(root, "connected_realms");
	keys(root, "top", "_links,connected_realms", "_links,connected_realms");
	links(root);
	if (!nonempty_array(list, "connected_realms"))
		return;
	for (size_t i = 0; i < list->u.array.len; i++)
		href(list->u.array.values[i], "connected_realms[]");
}

static void classic_index(yajl_val root)
{
	yajl_val list = get(root, "auctions");
	keys(root, "top", "_links,auctions", "_links,auctions");
	links(root);
	if (!nonempty_array(list, "auctions"))
		return;
	for (size_t i = 0; i < list->u.array.len; i++) {
		yajl_val h = list->u.array.values[i];
		keys(h, "house", "key,name,id", "key,name,id");
		href(get(h, "key"), "house.key");
		lstr(h, "name", "house");
		int_range(h, "id", 2, 7, "house");
	}
}

/* ---- items, media, token, errors ---- */

static void keyed_ref(yajl_val o, const char *where)
{
	keys(o, where, "key,id", "key,name,id");
	href(get(o, "key"), where);
	lstr(o, "name", where);
	int_range(o, "id", 0, 10000000, where);
}

/* {"value":N,"display_string":lstr}; value a number (dps has decimals) */
static void valued(yajl_val o, const char *where)
{
	yajl_val v = get(o, "value");
	keys(o, where, "value,display_string", "value,display_string");
	if (v && !YAJL_IS_NUMBER(v))
		bad(where, "value is not a number");
	lstr(o, "display_string", where);
}

static void weapon(yajl_val w)
{
	yajl_val d = get(w, "damage");
	keys(w, "weapon", "damage,attack_speed,dps", "damage,attack_speed,dps");
	keys(d, "weapon.damage", "min_value,max_value,display_string,damage_class",
	     "min_value,max_value,display_string,damage_class");
	int_range(d, "min_value", 0, 1000000, "weapon.damage");
	int_range(d, "max_value", 0, 1000000, "weapon.damage");
	if (d && get(d, "min_value") && get(d, "max_value") &&
	    ival(get(d, "min_value")) > ival(get(d, "max_value")))
		bad("weapon.damage", "min_value above max_value");
	lstr(d, "display_string", "weapon.damage");
	typed(get(d, "damage_class"), "weapon.damage.damage_class",
	      "PHYSICAL,HOLY,FIRE,NATURE,FROST,SHADOW,ARCANE");
	valued(get(w, "attack_speed"), "weapon.attack_speed");
	valued(get(w, "dps"), "weapon.dps");
}

static void stats(yajl_val a)
{
	if (!YAJL_IS_ARRAY(a)) {
		bad("stats", "not an array");
		return;
	}
	for (size_t i = 0; i < a->u.array.len; i++) {
		yajl_val st = a->u.array.values[i], d = get(st, "display");
		keys(st, "stat", "type,value,display",
		     "type,value,is_negated,is_equip_bonus,display");
		typed(get(st, "type"), "stat.type", NULL);
		int_range(st, "value", -100000, 100000, "stat");
		keys(d, "stat.display", "display_string,color", "display_string,color");
		lstr(d, "display_string", "stat.display");
		keys(get(d, "color"), "stat.display.color", "r,g,b,a", "r,g,b,a");
		int_range(get(d, "color"), "r", 0, 255, "color");
		int_range(get(d, "color"), "g", 0, 255, "color");
		int_range(get(d, "color"), "b", 0, 255, "color");
	}
}

/* [{"spell":{"key","name","id"},"description":lstr}] */
static void spells(yajl_val a)
{
	if (!nonempty_array(a, "spells"))
		return;
	for (size_t i = 0; i < a->u.array.len; i++) {
		yajl_val sp = a->u.array.values[i];
		keys(sp, "spells[]", "spell,description", "spell,description");
		keys(get(sp, "spell"), "spells[].spell", "key,name,id", "key,name,id");
		keyed_ref(get(sp, "spell"), "spells[].spell");
		lstr(sp, "description", "spells[]");
	}
}

/* The tooltip parts of a preview_item that the simulator renders. */
static void preview_tooltip(yajl_val p)
{
	yajl_val v;

	if ((v = get(p, "binding")))
		typed(v, "preview_item.binding",
		      "ON_ACQUIRE,ON_EQUIP,ON_USE,TO_ACCOUNT,QUEST,TO_BNETACCOUNT");
	if ((v = get(p, "unique_equipped")) && !YAJL_IS_STRING(v))
		bad("preview_item", "unique_equipped is not a string");
	if ((v = get(p, "weapon")))
		weapon(v);
	if ((v = get(p, "stats")))
		stats(v);
	if ((v = get(p, "spells")))
		spells(v);
	if ((v = get(p, "requirements"))) {
		keys(v, "requirements", "", "level,playable_classes,skill,reputation,ability");
		if (get(v, "level"))
			valued(get(v, "level"), "requirements.level");
	}
	if ((v = get(p, "level")))
		valued(v, "preview_item.level");
	if ((v = get(p, "durability")))
		valued(v, "preview_item.durability");
	lstr(p, "crafting_reagent", "preview_item");
	lstr(p, "unique_equipped", "preview_item");
}

static void item_body(yajl_val root)
{
	static const char *const preview =
	        "item,context,bonus_list,quality,name,media,item_class,item_subclass,"
	        "inventory_type,binding,unique_equipped,weapon,stats,spells,requirements,level,"
	        "durability,sell_price,armor,description,is_subclass_hidden,container_slots,"
	        "crafting_reagent,limit_category,set,socket_bonus,sockets,recipe,toy,shield_block,"
	        "upgrades,name_description,modified_crafting_stat,play_count";
	yajl_val p = get(root, "preview_item");

	keys(root, "item",
	     "id,name,quality,level,required_level,media,item_class,item_subclass,inventory_type,"
	     "purchase_price,sell_price,max_count,is_equippable,is_stackable",
	     "_links,id,name,quality,level,required_level,media,item_class,item_subclass,"
	     "inventory_type,purchase_price,sell_price,max_count,is_equippable,is_stackable,"
	     "preview_item,purchase_quantity,appearances,description");
	if (get(root, "_links"))
		links(root);
	int_range(root, "id", 1, 10000000, "item");
	lstr(root, "name", "item");
	typed(get(root, "quality"), "item.quality",
	      "POOR,COMMON,UNCOMMON,RARE,EPIC,LEGENDARY,ARTIFACT,HEIRLOOM");
	int_range(root, "level", 0, 10000, "item");
	int_range(root, "required_level", 0, 100, "item");
	keyed_ref(get(root, "media"), "item.media");
	keyed_ref(get(root, "item_class"), "item.item_class");
	keyed_ref(get(root, "item_subclass"), "item.item_subclass");
	typed(get(root, "inventory_type"), "item.inventory_type", NULL);
	int_range(root, "purchase_price", 0, 100000000000LL, "item");
	int_range(root, "sell_price", 0, 100000000000LL, "item");
	int_range(root, "max_count", 0, 10000, "item");
	int_range(root, "purchase_quantity", 1, 10000, "item");
	bool_key(root, "is_equippable", "item");
	bool_key(root, "is_stackable", "item");
	if (p) {
		keys(p, "preview_item", "item", preview);
		keyed_ref(get(p, "item"), "preview_item.item");
		lstr(p, "name", "preview_item");
		preview_tooltip(p);
	}
}

/* /oauth/check_token of a client-credentials token */
static void check_token(yajl_val root)
{
	static const char *const lists[] = {"scope", "account_authorities", "client_authorities",
	                                    "authorities"};
	keys(root, "check_token", "exp,client_id",
	     "user_name,scope,account_authorities,exp,client_authorities,authorities,client_id");
	int_range(root, "exp", 1000000000LL, 9999999999LL, "check_token");
	string_key(root, "client_id", "check_token");
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (get(root, lists[i]) && !YAJL_IS_ARRAY(get(root, lists[i])))
			bad("check_token", "a list that is not an array");
}

/* An OAuth error: {"error":"invalid_request","error_description":"..."} */
static void oauth_error(yajl_val root)
{
	keys(root, "oauth-error", "error", "error,error_description");
	string_key(root, "error", "oauth-error");
	string_key(root, "error_description", "oauth-error");
}

static void media(yajl_val root)
{
	yajl_val a = get(root, "assets");
	keys(root, "media", "assets,id", "_links,assets,id");
	links(root);
	int_range(root, "id", 1, 10000000, "media");
	if (!nonempty_array(a, "assets"))
		return;
	for (size_t i = 0; i < a->u.array.len; i++) {
		keys(a->u.array.values[i], "asset", "key,value", "key,value,file_data_id");
		string_key(a->u.array.values[i], "key", "asset");
		string_key(a->u.array.values[i], "value", "asset");
	}
}

static void token(yajl_val root)
{
	keys(root, "token", "_links,last_updated_timestamp,price",
	     "_links,last_updated_timestamp,price");
	links(root);
	int_range(root, "last_updated_timestamp", 1000000000000LL, 9999999999999LL, "token");
	int_range(root, "price", 1, 100000000000LL, "token");
}

static void error_body(yajl_val root)
{
	keys(root, "error", "code,type,detail", "code,type,detail");
	int_range(root, "code", 400, 599, "error");
	string_key(root, "type", "error");
	string_key(root, "detail", "error");
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 1 << 16, n = 0, r;
	char *s;

	if (!f)
		return NULL;
	s = malloc(cap);
	while ((r = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	s[n] = '\0';
	if (f != stdin)
		fclose(f);
	*len = n;
	return s;
}

static void check(const char *kind, yajl_val root)
{
	if (strcmp(kind, "realm") == 0)
		auctions(root, A_REALM);
	else if (strcmp(kind, "realm-2020") == 0)
		auctions(root, A_REALM_2020);
	else if (strcmp(kind, "commodities") == 0)
		auctions(root, A_COMMODITIES);
	else if (strcmp(kind, "classic") == 0)
		auctions(root, A_CLASSIC);
	else if (strcmp(kind, "classic-index") == 0)
		classic_index(root);
	else if (strcmp(kind, "realm-index") == 0)
		realm_index(root);
	else if (strcmp(kind, "crealm") == 0)
		crealm(root);
	else if (strcmp(kind, "realm-slug") == 0)
		realm(root, 1);
	else if (strcmp(kind, "crealm-array") == 0) {
		if (!YAJL_IS_ARRAY(root) || root->u.array.len == 0)
			bad("top", "not a non-empty array");
		for (size_t i = 0; YAJL_IS_ARRAY(root) && i < root->u.array.len; i++)
			crealm(root->u.array.values[i]);
	} else if (strcmp(kind, "item") == 0)
		item_body(root);
	else if (strcmp(kind, "media") == 0)
		media(root);
	else if (strcmp(kind, "token") == 0)
		token(root);
	else if (strcmp(kind, "error") == 0)
		error_body(root);
	else if (strcmp(kind, "check-token") == 0)
		check_token(root);
	else if (strcmp(kind, "oauth-error") == 0)
		oauth_error(root);
	else {
		fprintf(stderr, "shape-check: unknown kind '%s'\n", kind);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: shape-check KIND FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char errbuf[256];
		size_t len;
		char *text;
		yajl_val root;

		file = argv[i];
		text = slurp(argv[i], &len);
		if (!text) {
			bad("file", "cannot read");
			continue;
		}
		root = yajl_tree_parse(text, errbuf, sizeof(errbuf));
		if (!root) {
			bad("json", "does not parse");
		} else {
			check(argv[1], root);
			yajl_tree_free(root);
		}
		free(text);
	}
	return problems ? 1 : 0;
}
