/* rowbinary.h - DuckDB result chunks encoded as ClickHouse's RowBinary input format.
 *
 * The column types come from the schema's own DDL ("name Type, ...", ch/schema.h), so a
 * column is declared once. The layout (../shared/docs/clickhouse-18.16.md, checked byte
 * by byte): little-endian integers; DateTime as UInt32 seconds; Date as UInt16 days;
 * String and Array lengths as LEB128; Nullable as a 0x01 byte for NULL, else 0x00 and the
 * value; Enum8 as the Int8 value of its name. The DuckDB column feeding each one must have the
 * matching type (see ch_rb_chunk_init); a DuckDB NULL list becomes an empty Array.
 */
#ifndef WOWAH_CH_ROWBINARY_H
#define WOWAH_CH_ROWBINARY_H

#include <duckdb.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define CH_RB_MAX_COLUMNS 32

enum ch_rb_type {
	CH_RB_UINT8,     /* from BOOLEAN or UTINYINT */
	CH_RB_INT16,     /* SMALLINT */
	CH_RB_INT32,     /* INTEGER */
	CH_RB_UINT32,    /* UINTEGER */
	CH_RB_INT64,     /* BIGINT */
	CH_RB_FLOAT64,   /* DOUBLE */
	CH_RB_STRING,    /* VARCHAR */
	CH_RB_DATETIME,  /* TIMESTAMP or TIMESTAMPTZ, to whole seconds */
	CH_RB_DATE,      /* DATE */
	CH_RB_ENUM8,     /* VARCHAR, one of the Enum8's names (another: 0, which it refuses) */
	CH_RB_ARRAY_I32, /* INTEGER[] */
	CH_RB_ARRAY_I64, /* BIGINT[] */
	CH_RB_ARRAY_STR, /* VARCHAR[] */
};

#define CH_RB_MAX_ENUM 8

struct ch_rb_column {
	char name[64];
	enum ch_rb_type type;
	int nullable;
	/* Enum8('a' = 1, ...): its names and values */
	char enum_names[CH_RB_MAX_ENUM][16];
	int8_t enum_values[CH_RB_MAX_ENUM];
	size_t nenum;
};

struct ch_rb_table {
	struct ch_rb_column cols[CH_RB_MAX_COLUMNS];
	size_t n;
	char names[1024]; /* "a, b, c": what an INSERT lists */
};

/* Parses the schema's column DDL into t (a column's DEFAULT is the server's business and
 * skipped). WOWAH_EPARSE for a type it cannot encode. */
int ch_rb_table_parse(const char *ddl, struct ch_rb_table *t, struct err *e);

/* One DuckDB chunk, its vectors looked up once. */
struct ch_rb_chunk {
	const struct ch_rb_table *t;
	void *data[CH_RB_MAX_COLUMNS];
	uint64_t *valid[CH_RB_MAX_COLUMNS];
	void *child[CH_RB_MAX_COLUMNS]; /* lists: the child vector's data */
	uint64_t *child_valid[CH_RB_MAX_COLUMNS];
	idx_t rows;
};

/* Binds chunk, whose columns must be t's, in order, of the matching DuckDB types
 * (WOWAH_EDB naming the column otherwise). */
int ch_rb_chunk_init(struct ch_rb_chunk *k, const struct ch_rb_table *t, duckdb_data_chunk chunk,
                     struct err *e);

/* Appends row `row` of k to out. */
void ch_rb_put_row(struct buf *out, const struct ch_rb_chunk *k, idx_t row);

#endif
