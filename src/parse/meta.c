/* meta.c - the small API bodies (realms, items, media, pets, token, Classic houses) through
 * YAJL's tree: they are a few kilobytes, and a tree makes the optional keys easy. */
#include "parse/meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "util/buf.h"

/* Parses json into a tree; the error names what the body was meant to be. */
static yajl_val tree_of(const void *json, size_t len, const char *what, struct err *e)
{
	char errbuf[256], *text = xmalloc(len + 1);
	yajl_val v;

	memcpy(text, json, len);
	text[len] = '\0';
	errbuf[0] = '\0';
	v = yajl_tree_parse(text, errbuf, sizeof(errbuf));
	free(text);
	if (!v) {
		char *nl;
		while ((nl = strchr(errbuf, '\n')))
			*nl = ' ';
		err_set(e, WOWAH_EPARSE, "%s body: malformed JSON: %s", what, errbuf);
		return NULL;
	}
	if (!YAJL_IS_OBJECT(v)) {
		err_set(e, WOWAH_EPARSE, "%s body: not a JSON object", what);
		yajl_tree_free(v);
		return NULL;
	}
	return v;
}

static yajl_val get(yajl_val obj, const char *key)
{
	if (!YAJL_IS_OBJECT(obj))
		return NULL;
	for (size_t i = 0; i < obj->u.object.len; i++)
		if (strcmp(obj->u.object.keys[i], key) == 0)
			return obj->u.object.values[i];
	return NULL;
}

/* The key's integer: 1 when set, 0 when absent or null, -1 when of another type or out
 * of [lo, hi]. */
static int get_int(yajl_val obj, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
	yajl_val v = get(obj, key);

	if (!v || YAJL_IS_NULL(v))
		return 0;
	if (!YAJL_IS_INTEGER(v) || YAJL_GET_INTEGER(v) < lo || YAJL_GET_INTEGER(v) > hi)
		return -1;
	*out = YAJL_GET_INTEGER(v);
	return 1;
}

static int get_bool(yajl_val obj, const char *key, int *out)
{
	yajl_val v = get(obj, key);

	if (!v || YAJL_IS_NULL(v))
		return 0;
	if (!YAJL_IS_TRUE(v) && !YAJL_IS_FALSE(v))
		return -1;
	*out = YAJL_IS_TRUE(v);
	return 1;
}

/* A string value copied, or NULL. */
static char *get_str(yajl_val obj, const char *key)
{
	yajl_val v = get(obj, key);
	return YAJL_IS_STRING(v) ? xstrdup(YAJL_GET_STRING(v)) : NULL;
}

/* obj.key.type ("status": {"type": "UP", "name": ...}) */
static char *get_type(yajl_val obj, const char *key)
{
	return get_str(get(obj, key), "type");
}

static void text_of(yajl_val v, struct meta_text *t)
{
	memset(t, 0, sizeof(*t));
	if (YAJL_IS_STRING(v)) {
		t->text = xstrdup(YAJL_GET_STRING(v));
		return;
	}
	if (!YAJL_IS_OBJECT(v))
		return;
	t->locale = xcalloc(v->u.object.len ? v->u.object.len : 1, sizeof(char *));
	t->value = xcalloc(v->u.object.len ? v->u.object.len : 1, sizeof(char *));
	for (size_t i = 0; i < v->u.object.len; i++) {
		yajl_val s = v->u.object.values[i];
		if (!YAJL_IS_STRING(s))
			continue;
		t->locale[t->n] = xstrdup(v->u.object.keys[i]);
		t->value[t->n] = xstrdup(YAJL_GET_STRING(s));
		if (strcmp(t->locale[t->n], "en_US") == 0)
			t->text = xstrdup(t->value[t->n]);
		t->n++;
	}
}

/* Error bodies ({"code": 404, "type": ..., "detail": ...}) get a message of their own. */
static int missing(yajl_val root, const char *what, const char *key, struct err *e)
{
	int64_t code;
	yajl_val detail = get(root, "detail");

	if (get_int(root, "code", 100, 599, &code) == 1)
		return err_set(e, WOWAH_EPARSE, "%s body is an API error: %lld %s", what,
		               (long long)code,
		               YAJL_IS_STRING(detail) ? YAJL_GET_STRING(detail) : "");
	return err_set(e, WOWAH_EPARSE, "%s body: '%s' is missing or not valid", what, key);
}

/* An index body's tree, with its array under key in *out_list; NULL, with a WOWAH_EPARSE
 * error set, when the body is not a JSON object or holds no such array. */
static yajl_val tree_with_list(const void *json, size_t len, const char *what, const char *key,
                               yajl_val *out_list, struct err *e)
{
	yajl_val root = tree_of(json, len, what, e);

	if (!root)
		return NULL;
	*out_list = get(root, key);
	if (YAJL_IS_ARRAY(*out_list))
		return root;
	missing(root, what, key, e);
	yajl_tree_free(root);
	return NULL;
}

/* ---- connected realms ---- */

static int realm_of(yajl_val v, struct meta_realm *r)
{
	int64_t id = 0;

	memset(r, 0, sizeof(*r));
	if (get_int(v, "id", 1, INT32_MAX, &id) != 1)
		return -1;
	r->id = (int32_t)id;
	text_of(get(v, "name"), &r->name);
	text_of(get(v, "category"), &r->category);
	r->slug = get_str(v, "slug");
	r->locale = get_str(v, "locale");
	r->timezone = get_str(v, "timezone");
	r->type = get_type(v, "type");
	if (get_bool(v, "is_tournament", &r->is_tournament) < 0)
		return -1;
	return 0;
}

int meta_parse_connected_realm(const void *json, size_t len, struct meta_connected_realm *out,
                               struct err *e)
{
	static const char what[] = "connected realm";
	yajl_val root = tree_of(json, len, what, e), realms;
	int64_t id = 0;
	int rc = WOWAH_OK;

	memset(out, 0, sizeof(*out));
	if (!root)
		return WOWAH_EPARSE;
	realms = get(root, "realms");
	if (get_int(root, "id", 1, INT32_MAX, &id) != 1)
		rc = missing(root, what, "id", e);
	else if (!YAJL_IS_ARRAY(realms))
		rc = missing(root, what, "realms", e);
	else if (get_bool(root, "has_queue", &out->has_queue) < 0)
		rc = missing(root, what, "has_queue", e);
	if (rc) {
		yajl_tree_free(root);
		return rc;
	}
	out->id = (int32_t)id;
	out->status = get_type(root, "status");
	out->population = get_type(root, "population");
	out->realms = xcalloc(realms->u.array.len ? realms->u.array.len : 1, sizeof(*out->realms));
	for (size_t i = 0; i < realms->u.array.len; i++) {
		if (realm_of(realms->u.array.values[i], &out->realms[i]) != 0) {
			meta_realm_release(&out->realms[i]);
			rc = err_set(e, WOWAH_EPARSE, "%s %d body: realms[%zu] has no valid 'id'",
			             what, (int)id, i);
			break;
		}
		out->nrealms++;
	}
	yajl_tree_free(root);
	if (rc)
		meta_connected_realm_release(out);
	return rc;
}

int meta_parse_connected_realm_index(const void *json, size_t len, int32_t **out_ids, size_t *out_n,
                                     struct err *e)
{
	static const char what[] = "connected realm index";
	yajl_val list, root = tree_with_list(json, len, what, "connected_realms", &list, e);
	int32_t *ids;
	size_t n = 0;

	*out_ids = NULL;
	*out_n = 0;
	if (!root)
		return WOWAH_EPARSE;
	ids = xcalloc(list->u.array.len ? list->u.array.len : 1, sizeof(*ids));
	for (size_t i = 0; i < list->u.array.len; i++) {
		yajl_val href = get(list->u.array.values[i], "href");
		const char *p =
		        YAJL_IS_STRING(href) ? strstr(href->u.string, "/connected-realm/") : NULL;
		char *end;
		long id = 0;

		if (p)
			id = strtol(p + strlen("/connected-realm/"), &end, 10);
		if (!p || id <= 0 || id > INT32_MAX || (*end && *end != '?' && *end != '/')) {
			free(ids);
			yajl_tree_free(root);
			return err_set(e, WOWAH_EPARSE,
			               "%s body: connected_realms[%zu] has no id in its href", what,
			               i);
		}
		ids[n++] = (int32_t)id;
	}
	yajl_tree_free(root);
	*out_ids = ids;
	*out_n = n;
	return WOWAH_OK;
}

/* ---- items ---- */

/* An optional number: bit set when present, an error when of the wrong type. */
static int opt_num(yajl_val obj, const char *key, int64_t lo, int64_t hi, int64_t *out,
                   unsigned *present, enum meta_item_field f)
{
	int rc = get_int(obj, key, lo, hi, out);
	if (rc == 1)
		*present |= 1u << f;
	return rc < 0 ? -1 : 0;
}

static int item_fields(yajl_val root, struct meta_item *it, const char **bad)
{
	yajl_val cls = get(root, "item_class"), sub = get(root, "item_subclass");
	int64_t v = 0;
	int b;

#define NUM32(key, field, bit)                                                         \
	do {                                                                           \
		if (opt_num(root, key, INT32_MIN, INT32_MAX, &v, &it->present, bit)) { \
			*bad = key;                                                    \
			return -1;                                                     \
		}                                                                      \
		it->field = (int32_t)v;                                                \
		v = 0;                                                                 \
	} while (0)
	NUM32("level", level, META_ITEM_LEVEL);
	NUM32("required_level", required_level, META_ITEM_REQUIRED_LEVEL);
	NUM32("max_count", max_count, META_ITEM_MAX_COUNT);
#undef NUM32
	if (opt_num(root, "purchase_price", 0, INT64_MAX, &it->purchase_price, &it->present,
	            META_ITEM_PURCHASE_PRICE)) {
		*bad = "purchase_price";
		return -1;
	}
	if (opt_num(root, "sell_price", 0, INT64_MAX, &it->sell_price, &it->present,
	            META_ITEM_SELL_PRICE)) {
		*bad = "sell_price";
		return -1;
	}
	if (opt_num(cls, "id", INT32_MIN, INT32_MAX, &v, &it->present, META_ITEM_CLASS_ID)) {
		*bad = "item_class.id";
		return -1;
	}
	it->item_class_id = (int32_t)v;
	v = 0;
	if (opt_num(sub, "id", INT32_MIN, INT32_MAX, &v, &it->present, META_ITEM_SUBCLASS_ID)) {
		*bad = "item_subclass.id";
		return -1;
	}
	it->item_subclass_id = (int32_t)v;
	b = get_bool(root, "is_stackable", &it->is_stackable);
	if (b < 0) {
		*bad = "is_stackable";
		return -1;
	}
	it->present |= (unsigned)b << META_ITEM_IS_STACKABLE;
	b = get_bool(root, "is_equippable", &it->is_equippable);
	if (b < 0) {
		*bad = "is_equippable";
		return -1;
	}
	it->present |= (unsigned)b << META_ITEM_IS_EQUIPPABLE;
	text_of(get(root, "name"), &it->name);
	text_of(get(cls, "name"), &it->item_class);
	text_of(get(sub, "name"), &it->item_subclass);
	it->quality = get_type(root, "quality");
	it->inventory_type = get_type(root, "inventory_type");
	return 0;
}

int meta_parse_item(const void *json, size_t len, struct meta_item *out, struct err *e)
{
	static const char what[] = "item";
	yajl_val root = tree_of(json, len, what, e);
	const char *bad = NULL;
	int64_t id = 0;
	int rc = WOWAH_OK;

	memset(out, 0, sizeof(*out));
	if (!root)
		return WOWAH_EPARSE;
	if (get_int(root, "id", 1, INT32_MAX, &id) != 1)
		rc = missing(root, what, "id", e);
	else {
		out->id = (int32_t)id;
		if (item_fields(root, out, &bad) != 0)
			rc = err_set(e, WOWAH_EPARSE, "item %d body: '%s' is not valid", (int)id,
			             bad);
	}
	yajl_tree_free(root);
	if (rc)
		meta_item_release(out);
	return rc;
}

/* ---- battle pet species ---- */

int meta_parse_pet(const void *json, size_t len, struct meta_pet *out, struct err *e)
{
	static const char what[] = "pet";
	yajl_val root = tree_of(json, len, what, e);
	int64_t id = 0;
	int tradable, battlepet, rc = WOWAH_OK;

	memset(out, 0, sizeof(*out));
	if (!root)
		return WOWAH_EPARSE;
	if (get_int(root, "id", 1, INT32_MAX, &id) != 1)
		rc = missing(root, what, "id", e);
	else if ((tradable = get_bool(root, "is_tradable", &out->is_tradable)) < 0)
		rc = err_set(e, WOWAH_EPARSE, "pet %d body: 'is_tradable' is not valid", (int)id);
	else if ((battlepet = get_bool(root, "is_battlepet", &out->is_battlepet)) < 0)
		rc = err_set(e, WOWAH_EPARSE, "pet %d body: 'is_battlepet' is not valid", (int)id);
	else {
		out->id = (int32_t)id;
		out->present = (unsigned)tradable | (unsigned)battlepet << 1;
		text_of(get(root, "name"), &out->name);
		out->battle_pet_type = get_type(root, "battle_pet_type");
	}
	yajl_tree_free(root);
	if (rc)
		meta_pet_release(out);
	return rc;
}

/* ---- token, Classic houses ---- */

int meta_parse_token(const void *json, size_t len, struct meta_token *out, struct err *e)
{
	static const char what[] = "token";
	yajl_val root = tree_of(json, len, what, e);
	int64_t ms;
	int rc = WOWAH_OK;

	memset(out, 0, sizeof(*out));
	if (!root)
		return WOWAH_EPARSE;
	if (get_int(root, "last_updated_timestamp", 1, INT64_MAX, &ms) != 1)
		rc = missing(root, what, "last_updated_timestamp", e);
	else if (get_int(root, "price", 0, INT64_MAX, &out->price) != 1)
		rc = missing(root, what, "price", e);
	else
		out->last_updated = ms / 1000;
	yajl_tree_free(root);
	return rc;
}

void meta_houses_free(struct meta_house *h, size_t n)
{
	for (size_t i = 0; h && i < n; i++)
		free(h[i].name);
	free(h);
}

int meta_parse_classic_index(const void *json, size_t len, struct meta_house **out, size_t *out_n,
                             struct err *e)
{
	static const char what[] = "Classic auction house index";
	yajl_val list, root = tree_with_list(json, len, what, "auctions", &list, e);
	struct meta_house *h;
	size_t n = 0;

	*out = NULL;
	*out_n = 0;
	if (!root)
		return WOWAH_EPARSE;
	h = xcalloc(list->u.array.len ? list->u.array.len : 1, sizeof(*h));
	for (size_t i = 0; i < list->u.array.len; i++) {
		yajl_val v = list->u.array.values[i];
		struct meta_text name;
		int64_t id;

		if (get_int(v, "id", 1, INT16_MAX, &id) != 1) {
			meta_houses_free(h, n);
			yajl_tree_free(root);
			return err_set(e, WOWAH_EPARSE, "%s body: auctions[%zu] has no valid 'id'",
			               what, i);
		}
		text_of(get(v, "name"), &name);
		h[n].id = (int16_t)id;
		h[n].name = name.text ? xstrdup(name.text) : NULL;
		meta_text_release(&name);
		n++;
	}
	yajl_tree_free(root);
	*out = h;
	*out_n = n;
	return WOWAH_OK;
}
