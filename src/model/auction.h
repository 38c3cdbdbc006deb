/* auction.h - an auction file's columns (docs/storage.md), defined once, and the rules
 * every reader of them shares: the unit buyout and the Pet Cage item.
 *
 * The batch (batch/), the parser (parse/auctions.c), the Parquet writer (store/rows.c)
 * and the loader's empty view are generated from these lists, so a column is added in one
 * line here (and in the parser's key dispatch, which is hand-ordered for speed).
 */
#ifndef WOWAH_MODEL_AUCTION_H
#define WOWAH_MODEL_AUCTION_H

#include <stdint.h>

/* The constant columns, first in every file, from the snapshot's key:
 * X(NAME, name, type) with type the column's DuckDB (and so Parquet) type. */
#define MODEL_AUCTION_KEY_COLUMNS(X)               \
	X(SNAPSHOT_TS, snapshot_ts, "TIMESTAMPTZ") \
	X(REGION, region, "VARCHAR")               \
	X(REALM_ID, realm_id, "INTEGER")           \
	X(AUCTION_HOUSE_ID, auction_house_id, "SMALLINT")

/* The per-row columns, in file order after the key columns:
 * X(NAME, name, kind, type, nullable, json)
 *   name      the column, and the batch's array of it (struct batch)
 *   kind      its C form: I64 (int64_t), I32 (int32_t), TIME_LEFT (uint8_t, enum
 *             batch_time_left), BONUS (int32_t list), MODIFIERS (list of int32_t type,
 *             int64_t value)
 *   type      its DuckDB type as read back (time_left is written as an ENUM, which
 *             Parquet stores as text)
 *   nullable  1 when a row may lack it (the JSON key was absent: NULL in the file)
 *   json      where an auction of the API's body has it (the parser's messages name it) */
#define MODEL_AUCTION_ROW_COLUMNS(X)                                                  \
	X(AUCTION_ID, auction_id, I64, "BIGINT", 0, "id")                             \
	X(ITEM_ID, item_id, I32, "INTEGER", 0, "item.id")                             \
	X(QUANTITY, quantity, I32, "INTEGER", 0, "quantity")                          \
	X(UNIT_PRICE, unit_price, I64, "BIGINT", 1, "unit_price")                     \
	X(BUYOUT, buyout, I64, "BIGINT", 1, "buyout")                                 \
	X(BID, bid, I64, "BIGINT", 1, "bid")                                          \
	X(TIME_LEFT, time_left, TIME_LEFT, "VARCHAR", 0, "time_left")                 \
	X(CONTEXT, context, I32, "INTEGER", 1, "item.context")                        \
	X(BONUS_LISTS, bonus_lists, BONUS, "INTEGER[]", 1, "item.bonus_lists")        \
	X(MODIFIERS, modifiers, MODIFIERS, "STRUCT(type INTEGER, value BIGINT)[]", 1, \
	  "item.modifiers")                                                           \
	X(PET_SPECIES_ID, pet_species_id, I32, "INTEGER", 1, "item.pet_species_id")   \
	X(PET_BREED_ID, pet_breed_id, I32, "INTEGER", 1, "item.pet_breed_id")         \
	X(PET_LEVEL, pet_level, I32, "INTEGER", 1, "item.pet_level")                  \
	X(PET_QUALITY_ID, pet_quality_id, I32, "INTEGER", 1, "item.pet_quality_id")   \
	X(RAND, rand, I64, "BIGINT", 1, "item.rand")                                  \
	X(SEED, seed, I64, "BIGINT", 1, "item.seed")

/* "NULL::TIMESTAMPTZ AS snapshot_ts, NULL::VARCHAR AS region, ..., NULL::BIGINT AS seed, ":
 * every column of an auction file typed as read back, each followed by ", ", for a query
 * over no file at all (the loader's view when nothing is stored yet), e.g.
 * "SELECT " MODEL_AUCTION_NULL_COLUMNS "NULL::BIGINT AS unit_buyout WHERE false". */
#define MODEL_NULL_KEY_COLUMN(NAME, name, type) "NULL::" type " AS " #name ", "
#define MODEL_NULL_ROW_COLUMN(NAME, name, kind, type, nullable, json) \
	MODEL_NULL_KEY_COLUMN(NAME, name, type)
#define MODEL_AUCTION_NULL_COLUMNS                       \
	MODEL_AUCTION_KEY_COLUMNS(MODEL_NULL_KEY_COLUMN) \
	MODEL_AUCTION_ROW_COLUMNS(MODEL_NULL_ROW_COLUMN)

/* The item every battle pet is listed as; pet_species_id tells the pets apart. */
#define MODEL_PET_CAGE_ITEM 82800

/* The price of one unit, in copper: unit_price (commodities, and realm stackables before
 * 2022), else buyout / quantity (integer division) when there is a buyout (a Classic
 * buyout of 0 means "bid only"); none for a bid-only auction or a quantity of 0 (DuckDB's
 * integer division by zero is NULL). The SQL is for DuckDB over an auction file's columns
 * and is NULL where the C function returns -1 (quantity is never negative: the parser
 * refuses it); tests/model/test-auction.c checks that the two agree. */
#define MODEL_UNIT_BUYOUT_SQL \
	"COALESCE(unit_price, CASE WHEN buyout > 0 THEN buyout // quantity END)"

int64_t model_unit_buyout(int has_unit_price, int64_t unit_price, int has_buyout, int64_t buyout,
                          int32_t quantity);

#endif
