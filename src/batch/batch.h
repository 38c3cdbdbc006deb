/* batch.h - one snapshot's auctions as typed columns.
 *
 * The hand-off between the stages of the pipeline: the streaming parsers (bnet/) append
 * rows while the body downloads, the Parquet writer (store/) reads the columns. Scalars
 * live in one array per column; bonus lists and modifiers live in flat arrays indexed by
 * per-row offsets, so a snapshot of a million auctions is a few dozen allocations.
 *
 * A key that was absent from the JSON has its bit clear in present[row] and is written
 * as NULL: nothing is invented. auction_id, item_id, quantity and time_left are always
 * present in a valid auction (the parser rejects a record without them).
 */
#ifndef WOWAH_BATCH_H
#define WOWAH_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "model/auction.h"
#include "model/keys.h"

/* The auction kinds of enum model_kind. */
enum batch_kind {
	BATCH_REALM = MODEL_KIND_REALM,         /* a retail connected realm's auction house */
	BATCH_COMMODITY = MODEL_KIND_COMMODITY, /* the region-wide commodities market */
	BATCH_CLASSIC = MODEL_KIND_CLASSIC,     /* a Classic auction house (realm + house) */
};

enum batch_time_left {
	BATCH_TL_SHORT = 0, /* under 30 minutes */
	BATCH_TL_MEDIUM,    /* 30 minutes to 2 hours */
	BATCH_TL_LONG,      /* 2 to 12 hours */
	BATCH_TL_VERY_LONG, /* over 12 hours */
};

/* The row columns of model/auction.h, in file order: BCOL_AUCTION_ID ... BCOL_SEED. A
 * nullable column has bit (1u << col) of present[row] set when the row has it; the bits
 * of the others (auction_id, item_id, quantity, time_left) are never set: every row has
 * them. */
enum batch_col {
#define BATCH_COL(NAME, name, kind, type, nullable, json) BCOL_##NAME,
	MODEL_AUCTION_ROW_COLUMNS(BATCH_COL)
#undef BATCH_COL
	        BCOL_NCOLS
};

_Static_assert(BCOL_NCOLS <= 16, "batch.present has a bit per column");

struct batch_meta {
	enum batch_kind kind;
	char region[8];      /* "eu", "us", "kr", "tw", "cn" */
	int flavor;          /* enum model_flavor; 0: retail */
	int32_t realm_id;    /* connected realm id; 0 for commodities */
	int16_t house_id;    /* Classic auction house id (2, 6, 7); 0 on retail */
	int64_t snapshot_ts; /* Last-Modified, seconds since the epoch */
};

/* The array of a column of each kind; the lists have arrays of their own below. */
#define BATCH_ARRAY_I64(name)       int64_t *name;
#define BATCH_ARRAY_I32(name)       int32_t *name;
#define BATCH_ARRAY_TIME_LEFT(name) uint8_t *name;
#define BATCH_ARRAY_BONUS(name)
#define BATCH_ARRAY_MODIFIERS(name)
#define BATCH_ARRAY(NAME, name, kind, type, nullable, json) BATCH_ARRAY_##kind(name)

/* F(name, nullable) for a scalar column (an array of struct batch), nothing for a list:
 * MODEL_AUCTION_ROW_COLUMNS(X) with X(NAME, name, kind, type, nullable, json) defined as
 * BATCH_SCALAR_##kind(F, name, nullable) runs F over the arrays. */
#define BATCH_SCALAR_I64(F, name, nullable)       F(name, nullable)
#define BATCH_SCALAR_I32(F, name, nullable)       F(name, nullable)
#define BATCH_SCALAR_TIME_LEFT(F, name, nullable) F(name, nullable)
#define BATCH_SCALAR_BONUS(F, name, nullable)
#define BATCH_SCALAR_MODIFIERS(F, name, nullable)

/* The most rows one batch holds unless the caller sets max_rows: 20 times the largest
 * body the API serves (a region's commodities, ~500k auctions), so no real snapshot comes
 * near it, while a hostile or broken body (100 M tiny auctions in a 42 MB gzip) stops at
 * about 1 GB of rows (~90 bytes a realm auction, ~35 a commodity) instead of all memory. */
#define BATCH_MAX_ROWS 10000000
/* Bonus ids and modifiers together, per row of max_rows (real bodies: about 2 a row). */
#define BATCH_LIST_PER_ROW 4

struct batch {
	struct batch_meta meta;
	size_t n, cap;
	size_t max_rows; /* BATCH_MAX_ROWS from batch_new; the parser stops past it */

	/* one array per scalar column: int64_t *auction_id, int32_t *item_id, ...,
	 * uint8_t *time_left (enum batch_time_left), ..., int64_t *seed */
	MODEL_AUCTION_ROW_COLUMNS(BATCH_ARRAY)
	uint16_t *present; /* bit per enum batch_col */

	/* row i's bonus ids: bonus[bonus_off[i] .. bonus_off[i + 1]) */
	uint32_t *bonus_off; /* n + 1 entries */
	int32_t *bonus;
	size_t nbonus, capbonus;

	/* row i's modifiers: mod_type/mod_value[mod_off[i] .. mod_off[i + 1]) */
	uint32_t *mod_off; /* n + 1 entries */
	int32_t *mod_type;
	int64_t *mod_value;
	size_t nmod, capmod;
};

extern const char *const batch_time_left_names[4]; /* "SHORT", ... */

struct batch *batch_new(void);
void batch_free(struct batch *b);

/* Forgets the rows, keeps the memory and the meta. */
void batch_clear(struct batch *b);

/* Appends an empty row (all nullable columns absent) and returns its index. */
size_t batch_add_row(struct batch *b);

/* Room for rows rows in all (at most max_rows) without growing: address space only, the
 * pages of a row are touched when it is added. A parser that can tell the size of a body
 * saves the doublings (each a realloc, a mremap on another thread's memory and its TLB
 * shootdown on the other core). */
void batch_reserve(struct batch *b, size_t rows);

/* Appends src's rows after dst's (limits unchecked: the caller checks batch_rows_full
 * and batch_lists_full after). */
void batch_append(struct batch *dst, const struct batch *src);

/* Drops the last row (a record the parser found invalid halfway). */
void batch_drop_last(struct batch *b);

/* Whether the batch is at its limits: max_rows rows, or BATCH_LIST_PER_ROW * max_rows
 * bonus ids and modifiers. The parser checks before it appends (parse/auctions.h). */
static inline int batch_rows_full(const struct batch *b)
{
	return b->n >= b->max_rows;
}

static inline int batch_lists_full(const struct batch *b)
{
	return b->nbonus + b->nmod >= b->max_rows * BATCH_LIST_PER_ROW;
}

/* Append to the last row's lists; they mark the column present. */
void batch_push_bonus(struct batch *b, int32_t bonus_id);
void batch_push_modifier(struct batch *b, int32_t type, int64_t value);

static inline void batch_mark(struct batch *b, size_t row, enum batch_col col)
{
	b->present[row] |= (uint16_t)(1u << col);
}

static inline int batch_has(const struct batch *b, size_t row, enum batch_col col)
{
	return (b->present[row] >> col) & 1u;
}

/* Price of one unit of the row, in copper, by model_unit_buyout(); -1 when it has none. */
int64_t batch_unit_buyout(const struct batch *b, size_t row);

/* "SHORT" -> BATCH_TL_SHORT ...; -1 for anything else. */
int batch_time_left_parse(const char *s, size_t len);

#endif
