/* auctions.c - streaming parser of auction bodies (YAJL callbacks -> batch rows).
 *
 * The shape is fixed and shallow (top object > auctions array > auction > item >
 * bonus_lists / modifiers > modifier), so the position is one state, not a stack: each
 * closing bracket has exactly one parent state to return to. Values under keys we do not
 * know are skipped by counting brackets. Numbers arrive as text (yajl_number) and are
 * converted here: that is cheaper than YAJL's own conversion, and a huge or fractional
 * number under a key we skip is not an error.
 */
#include "parse/auctions.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "util/buf.h"

enum state {
	S_START,    /* before the top-level object */
	S_TOP,      /* in the top-level object */
	S_AUCTIONS, /* in the auctions array */
	S_AUCTION,  /* in one auction */
	S_ITEM,     /* in its item */
	S_BONUS,    /* in item.bonus_lists */
	S_MODS,     /* in item.modifiers */
	S_MOD,      /* in one modifier */
	S_END,      /* after the top-level object */
};

/* What the next value belongs to: a row column (F_AUCTION_ID ... F_SEED, in the order of
 * enum batch_col), or a key around or inside them. */
enum field {
	F_NONE,
	F_SKIP,
	F_AUCTIONS,
	F_ITEM,
	M_TYPE,
	M_VALUE,
#define FIELD(NAME, name, kind, type, nullable, json) F_##NAME,
	MODEL_AUCTION_ROW_COLUMNS(FIELD)
};

/* Names of the values, as the messages give them. */
static const char *const field_names[] = {[F_AUCTIONS] = "auctions",
                                          [F_ITEM] = "item",
                                          [M_TYPE] = "modifier type",
                                          [M_VALUE] = "modifier value",
#define FIELD_NAME(NAME, name, kind, type, nullable, json) [F_##NAME] = json,
                                          MODEL_AUCTION_ROW_COLUMNS(FIELD_NAME)};

/* The batch column a row column's field fills. */
static enum batch_col col_of(enum field f)
{
	return (enum batch_col)(f - F_AUCTION_ID);
}

/* Keys every auction must have (bits of parse_auctions.seen). */
enum {
	SEEN_ID = 1,
	SEEN_ITEM_ID = 2,
	SEEN_QUANTITY = 4,
	SEEN_TIME_LEFT = 8,
	SEEN_ALL = 15,
	SEEN_MOD_TYPE = 16,
	SEEN_MOD_VALUE = 32,
};

struct parse_auctions {
	yajl_handle h;
	struct batch *b;
	enum state state;
	enum field field;
	unsigned skip; /* depth inside a skipped value */
	unsigned seen;
	int saw_auctions;
	int after_element; /* the auctions array's last event was an auction's end */
	size_t index;      /* of the current auction in the array */
	int32_t mod_type;
	int64_t mod_value;
	uint64_t offset; /* bytes fed before the current chunk */
	int failed;
	char why[200]; /* set by a callback that stops the parse */
	struct err error;
};

static int stop(struct parse_auctions *p, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static int stop(struct parse_auctions *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
	return 0;
}

/* Bonus ids and modifiers past the batch's limit (batch_lists_full). */
static int lists_full(struct parse_auctions *p)
{
	return stop(p,
	            "more than %zu bonus ids and modifiers, the most one snapshot may hold (%d "
	            "per row of its %zu-row limit; raise it with --max-rows N)",
	            p->b->max_rows * BATCH_LIST_PER_ROW, BATCH_LIST_PER_ROW, p->b->max_rows);
}

static int wrong_type(struct parse_auctions *p, const char *what)
{
	return stop(p, "'%s' is %s", field_names[p->field], what);
}

/* Leaves a skipped value when its last bracket (or its only scalar) is done. */
static int skip_scalar(struct parse_auctions *p)
{
	if (p->skip == 0)
		p->field = F_NONE;
	return 1;
}

/* An opening bracket of a value under a key we skip, or inside one: 1 when it was. */
static int skip_open(struct parse_auctions *p)
{
	if (p->skip) {
		p->skip++;
		return 1;
	}
	if (p->field == F_SKIP) {
		p->skip = 1;
		return 1;
	}
	return 0;
}

/* A closing bracket inside a skipped value: 1 when it was. */
static int skip_close(struct parse_auctions *p)
{
	if (!p->skip)
		return 0;
	p->skip--;
	return skip_scalar(p);
}

/* Integer text -> value; 0, or -1 when it is not an integer, -2 when beyond 64 bits. */
static int int_of(const char *s, size_t len, int64_t *out)
{
	const char *end = s + len;
	uint64_t v = 0, limit;
	int neg = 0;

	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	if (s == end)
		return -1;
	if (end - s <= 18) {
		/* no 18-digit number overflows: the common case needs no range check */
		for (; s < end; s++) {
			unsigned d = (unsigned)(*s - '0');
			if (d > 9)
				return -1;
			v = v * 10 + d;
		}
		*out = neg ? -(int64_t)v : (int64_t)v;
		return 0;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; s < end; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (d > 9)
			return -1;
		if (v > (limit - d) / 10)
			return -2;
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static int out_of_range(struct parse_auctions *p, int64_t v)
{
	return stop(p, "'%s' %lld is out of range", field_names[p->field], (long long)v);
}

static int in_i32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

/* A value of a known numeric field: range-checked, stored, marked present. */
static int store_int(struct parse_auctions *p, int64_t v)
{
	struct batch *b = p->b;
	size_t r = b->n - 1;
	int64_t *i64 = NULL;
	int32_t *i32 = NULL;

	switch (p->field) {
	case F_AUCTION_ID:
		b->auction_id[r] = v;
		p->seen |= SEEN_ID;
		return 1;
	case F_QUANTITY:
		if (v < 0 || v > INT32_MAX)
			return out_of_range(p, v);
		b->quantity[r] = (int32_t)v;
		p->seen |= SEEN_QUANTITY;
		return 1;
	case F_ITEM_ID:
		if (!in_i32(v))
			return out_of_range(p, v);
		b->item_id[r] = (int32_t)v;
		p->seen |= SEEN_ITEM_ID;
		return 1;
	case M_TYPE:
		if (!in_i32(v))
			return out_of_range(p, v);
		p->mod_type = (int32_t)v;
		p->seen |= SEEN_MOD_TYPE;
		return 1;
	case M_VALUE:
		p->mod_value = v;
		p->seen |= SEEN_MOD_VALUE;
		return 1;
	case F_UNIT_PRICE:
	case F_BUYOUT:
	case F_BID:
		if (v < 0)
			return out_of_range(p, v);
		i64 = p->field == F_UNIT_PRICE ? b->unit_price
		      : p->field == F_BUYOUT   ? b->buyout
		                               : b->bid;
		break;
	case F_RAND:
		i64 = b->rand;
		break;
	case F_SEED:
		i64 = b->seed;
		break;
	case F_CONTEXT:
		i32 = b->context;
		break;
	case F_PET_BREED_ID:
		i32 = b->pet_breed_id;
		break;
	case F_PET_LEVEL:
		i32 = b->pet_level;
		break;
	case F_PET_QUALITY_ID:
		i32 = b->pet_quality_id;
		break;
	case F_PET_SPECIES_ID:
		i32 = b->pet_species_id;
		break;
	default:
		return in_i32(v) ? wrong_type(p, "a number") : out_of_range(p, v);
	}
	/* an optional column: stored and marked present */
	if (i64)
		i64[r] = v;
	else if (!in_i32(v))
		return out_of_range(p, v);
	else
		i32[r] = (int32_t)v;
	batch_mark(b, r, col_of(p->field));
	return 1;
}

/* A scalar where an auction or a modifier object belongs. */
static int not_object(struct parse_auctions *p)
{
	if (p->state == S_START)
		return stop(p, "the body is not a JSON object");
	if (p->state == S_MODS)
		return stop(p, "a modifier is not an object");
	return stop(p, "the auction is not an object");
}

static int misplaced_scalar(struct parse_auctions *p, const char *what)
{
	if (p->field == F_NONE)
		return not_object(p);
	return wrong_type(p, what);
}

static int on_number(void *ctx, const char *s, size_t len)
{
	struct parse_auctions *p = ctx;
	int64_t v;
	int rc;

	if (p->skip || p->field == F_SKIP)
		return skip_scalar(p);
	if (p->field == F_NONE && p->state != S_BONUS)
		return not_object(p);
	rc = int_of(s, len, &v);
	if (rc == -1)
		return stop(p, "'%s' is not an integer: %.*s",
		            p->state == S_BONUS ? "item.bonus_lists" : field_names[p->field],
		            (int)(len < 40 ? len : 40), s);
	if (rc == -2)
		return stop(p, "'%s' %.*s is out of range",
		            p->state == S_BONUS ? "item.bonus_lists" : field_names[p->field],
		            (int)(len < 40 ? len : 40), s);
	if (p->state == S_BONUS) {
		if (!in_i32(v))
			return stop(p, "'item.bonus_lists' %lld is out of range", (long long)v);
		if (batch_lists_full(p->b))
			return lists_full(p);
		batch_push_bonus(p->b, (int32_t)v);
		return 1;
	}
	rc = store_int(p, v);
	p->field = F_NONE;
	return rc;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
	struct parse_auctions *p = ctx;
	int tl;

	if (p->skip || p->field == F_SKIP)
		return skip_scalar(p);
	if (p->field != F_TIME_LEFT) {
		if (p->state == S_BONUS)
			return stop(p, "'item.bonus_lists' holds a string");
		return misplaced_scalar(p, "a string");
	}
	tl = batch_time_left_parse((const char *)s, len);
	if (tl < 0)
		return stop(p, "'time_left' is '%.*s', not SHORT, MEDIUM, LONG or VERY_LONG",
		            (int)(len < 40 ? len : 40), (const char *)s);
	p->b->time_left[p->b->n - 1] = (uint8_t)tl;
	p->seen |= SEEN_TIME_LEFT;
	p->field = F_NONE;
	return 1;
}

/* null under a known key means the key is absent: nothing is stored. */
static int on_null(void *ctx)
{
	struct parse_auctions *p = ctx;

	if (p->skip || p->field == F_SKIP)
		return skip_scalar(p);
	if (p->field == F_NONE)
		return p->state == S_BONUS ? stop(p, "'item.bonus_lists' holds null")
		                           : not_object(p);
	p->field = F_NONE;
	return 1;
}

static int on_boolean(void *ctx, int v)
{
	struct parse_auctions *p = ctx;
	(void)v;

	if (p->skip || p->field == F_SKIP)
		return skip_scalar(p);
	if (p->state == S_BONUS)
		return stop(p, "'item.bonus_lists' holds a boolean");
	return misplaced_scalar(p, "a boolean");
}

static enum field auction_key(const unsigned char *k, size_t len)
{
	switch (len) {
	case 2:
		return memcmp(k, "id", 2) == 0 ? F_AUCTION_ID : F_SKIP;
	case 3:
		return memcmp(k, "bid", 3) == 0 ? F_BID : F_SKIP;
	case 4:
		return memcmp(k, "item", 4) == 0 ? F_ITEM : F_SKIP;
	case 6:
		return memcmp(k, "buyout", 6) == 0 ? F_BUYOUT : F_SKIP;
	case 8:
		return memcmp(k, "quantity", 8) == 0 ? F_QUANTITY : F_SKIP;
	case 9:
		return memcmp(k, "time_left", 9) == 0 ? F_TIME_LEFT : F_SKIP;
	case 10:
		return memcmp(k, "unit_price", 10) == 0 ? F_UNIT_PRICE : F_SKIP;
	default:
		return F_SKIP;
	}
}

static enum field item_key(const unsigned char *k, size_t len)
{
	switch (len) {
	case 2:
		return memcmp(k, "id", 2) == 0 ? F_ITEM_ID : F_SKIP;
	case 4:
		return memcmp(k, "rand", 4) == 0   ? F_RAND
		       : memcmp(k, "seed", 4) == 0 ? F_SEED
		                                   : F_SKIP;
	case 7:
		return memcmp(k, "context", 7) == 0 ? F_CONTEXT : F_SKIP;
	case 9:
		return memcmp(k, "modifiers", 9) == 0   ? F_MODIFIERS
		       : memcmp(k, "pet_level", 9) == 0 ? F_PET_LEVEL
		                                        : F_SKIP;
	case 11:
		return memcmp(k, "bonus_lists", 11) == 0 ? F_BONUS_LISTS : F_SKIP;
	case 12:
		return memcmp(k, "pet_breed_id", 12) == 0 ? F_PET_BREED_ID : F_SKIP;
	case 14:
		return memcmp(k, "pet_quality_id", 14) == 0   ? F_PET_QUALITY_ID
		       : memcmp(k, "pet_species_id", 14) == 0 ? F_PET_SPECIES_ID
		                                              : F_SKIP;
	default:
		return F_SKIP;
	}
}

static int on_key(void *ctx, const unsigned char *k, size_t len)
{
	struct parse_auctions *p = ctx;

	if (p->skip)
		return 1;
	switch (p->state) {
	case S_TOP:
		p->field = len == 8 && memcmp(k, "auctions", 8) == 0 ? F_AUCTIONS : F_SKIP;
		break;
	case S_AUCTION:
		p->field = auction_key(k, len);
		break;
	case S_ITEM:
		p->field = item_key(k, len);
		break;
	case S_MOD:
		p->field = len == 4 && memcmp(k, "type", 4) == 0    ? M_TYPE
		           : len == 5 && memcmp(k, "value", 5) == 0 ? M_VALUE
		                                                    : F_SKIP;
		break;
	default:
		p->field = F_SKIP;
		break;
	}
	return 1;
}

static int on_start_map(void *ctx)
{
	struct parse_auctions *p = ctx;

	if (skip_open(p))
		return 1;
	if (p->field == F_ITEM) {
		p->state = S_ITEM;
		p->field = F_NONE;
		return 1;
	}
	if (p->field != F_NONE)
		return wrong_type(p, "an object");
	switch (p->state) {
	case S_START:
		p->state = S_TOP;
		return 1;
	case S_AUCTIONS:
		if (batch_rows_full(p->b))
			return stop(p,
			            "more than %zu auctions, the most one snapshot may hold (raise "
			            "it with --max-rows N; docs/import.md)",
			            p->b->max_rows);
		batch_add_row(p->b);
		p->seen = 0;
		p->state = S_AUCTION;
		return 1;
	case S_MODS:
		p->seen &= ~(unsigned)(SEEN_MOD_TYPE | SEEN_MOD_VALUE);
		p->state = S_MOD;
		return 1;
	default:
		return stop(p, "'item.bonus_lists' holds an object");
	}
}

static int end_auction(struct parse_auctions *p)
{
	static const struct {
		unsigned bit;
		const char *name;
	} required[] = {
	        {SEEN_ID, "id"},
	        {SEEN_ITEM_ID, "item.id"},
	        {SEEN_QUANTITY, "quantity"},
	        {SEEN_TIME_LEFT, "time_left"},
	};

	if ((p->seen & SEEN_ALL) != SEEN_ALL)
		for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
			if (!(p->seen & required[i].bit))
				return stop(p, "the auction has no '%s'", required[i].name);
	p->state = S_AUCTIONS;
	p->index++;
	p->after_element = 1;
	return 1;
}

static int on_end_map(void *ctx)
{
	struct parse_auctions *p = ctx;

	if (skip_close(p))
		return 1;
	switch (p->state) {
	case S_TOP:
		p->state = S_END;
		return 1;
	case S_AUCTION:
		return end_auction(p);
	case S_ITEM:
		p->state = S_AUCTION;
		return 1;
	case S_MOD:
		if (!(p->seen & SEEN_MOD_TYPE))
			return stop(p, "a modifier has no 'type'");
		if (!(p->seen & SEEN_MOD_VALUE))
			return stop(p, "a modifier has no 'value'");
		if (batch_lists_full(p->b))
			return lists_full(p);
		batch_push_modifier(p->b, p->mod_type, p->mod_value);
		p->state = S_MODS;
		return 1;
	default:
		return stop(p, "unexpected end of object");
	}
}

static int on_start_array(void *ctx)
{
	struct parse_auctions *p = ctx;

	if (skip_open(p))
		return 1;
	switch (p->field) {
	case F_AUCTIONS:
		p->saw_auctions = 1;
		p->after_element = 0;
		p->state = S_AUCTIONS;
		break;
	case F_BONUS_LISTS:
		batch_mark(p->b, p->b->n - 1, col_of(F_BONUS_LISTS));
		p->state = S_BONUS;
		break;
	case F_MODIFIERS:
		batch_mark(p->b, p->b->n - 1, col_of(F_MODIFIERS));
		p->state = S_MODS;
		break;
	case F_NONE:
		return p->state == S_BONUS ? stop(p, "'item.bonus_lists' holds an array")
		                           : not_object(p);
	default:
		return wrong_type(p, "an array");
	}
	p->field = F_NONE;
	return 1;
}

static int on_end_array(void *ctx)
{
	struct parse_auctions *p = ctx;

	if (skip_close(p))
		return 1;
	switch (p->state) {
	case S_AUCTIONS:
		p->state = S_TOP;
		return 1;
	case S_BONUS:
	case S_MODS:
		p->state = S_ITEM;
		return 1;
	default:
		return stop(p, "unexpected end of array");
	}
}

static const yajl_callbacks callbacks = {
        .yajl_null = on_null,
        .yajl_boolean = on_boolean,
        .yajl_number = on_number,
        .yajl_string = on_string,
        .yajl_start_map = on_start_map,
        .yajl_map_key = on_key,
        .yajl_end_map = on_end_map,
        .yajl_start_array = on_start_array,
        .yajl_end_array = on_end_array,
};

struct parse_auctions *parse_auctions_new(struct batch *out)
{
	struct parse_auctions *p = xcalloc(1, sizeof(*p));

	p->b = out;
	p->h = yajl_alloc(&callbacks, NULL, p);
	if (!p->h)
		abort();
	return p;
}

void parse_auctions_free(struct parse_auctions *p)
{
	if (!p)
		return;
	yajl_free(p->h);
	free(p);
}

uint64_t parse_auctions_offset(const struct parse_auctions *p)
{
	return p->offset;
}

/* Records the failure once; later calls report the same error. */
static int fail(struct parse_auctions *p, yajl_status st, const unsigned char *chunk, size_t len,
                struct err *e)
{
	/* at the end, YAJL has fed itself one byte of its own: the offset is the length */
	uint64_t at = p->offset + (chunk ? yajl_get_bytes_consumed(p->h) : 0);
	int in_record = p->state >= S_AUCTION && p->state <= S_MOD;

	if (st == yajl_status_client_canceled) {
		if (in_record)
			err_set(&p->error, WOWAH_EPARSE,
			        "auction body: byte %llu, auctions[%zu]: %s",
			        (unsigned long long)at, p->index, p->why);
		else
			err_set(&p->error, WOWAH_EPARSE, "auction body: byte %llu: %s",
			        (unsigned long long)at, p->why);
	} else {
		unsigned char *msg = yajl_get_error(p->h, 0, chunk, len);
		char *nl = strchr((char *)msg, '\n');
		if (nl)
			*nl = '\0';
		char where[48] = "";
		if (p->state >= S_AUCTIONS && p->state <= S_MOD)
			snprintf(where, sizeof(where), ", near auctions[%zu]", p->index);
		err_set(&p->error, WOWAH_EPARSE, "auction body: malformed JSON at byte %llu%s: %s",
		        (unsigned long long)at, where, (char *)msg);
		yajl_free_error(p->h, msg);
	}
	if (in_record)
		batch_drop_last(p->b);
	p->failed = 1;
	*e = p->error;
	return WOWAH_EPARSE;
}

int parse_auctions_feed(struct parse_auctions *p, const void *data, size_t len, struct err *e)
{
	yajl_status st;

	if (p->failed) {
		*e = p->error;
		return WOWAH_EPARSE;
	}
	st = yajl_parse(p->h, data, len);
	if (st != yajl_status_ok)
		return fail(p, st, data, len, e);
	p->offset += len;
	return WOWAH_OK;
}

int parse_auctions_finish(struct parse_auctions *p, struct err *e)
{
	yajl_status st;

	if (p->failed) {
		*e = p->error;
		return WOWAH_EPARSE;
	}
	st = yajl_complete_parse(p->h);
	if (st != yajl_status_ok)
		return fail(p, st, NULL, 0, e);
	if (!p->saw_auctions) {
		p->failed = 1;
		return err_set(e, WOWAH_EPARSE,
		               "auction body: no 'auctions' array in %llu bytes (an error body?)",
		               (unsigned long long)p->offset);
	}
	return WOWAH_OK;
}

int parse_auctions_between(struct parse_auctions *p)
{
	/* "]" ends the array only from that state: inside a string or a number it would be
	 * part of the token, inside any other array it would end that one */
	if (p->failed || p->state != S_AUCTIONS || p->skip || !p->after_element)
		return 0;
	if (yajl_parse(p->h, (const unsigned char *)"]", 1) != yajl_status_ok)
		return 0;
	return p->state == S_TOP;
}

int parse_auctions_buffer(struct batch *out, const void *data, size_t len, struct err *e)
{
	struct parse_auctions *p = parse_auctions_new(out);
	int rc = parse_auctions_feed(p, data, len, e);

	if (rc == WOWAH_OK)
		rc = parse_auctions_finish(p, e);
	parse_auctions_free(p);
	return rc;
}
