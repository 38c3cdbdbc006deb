/* rowbinary.c - RowBinary from DuckDB vectors, one row at a time into a buffer. */
#include "ch/rowbinary.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	enum ch_rb_type type;
	duckdb_type from, alt; /* the DuckDB types that feed it (alt: 0 when one) */
} types[] = {
        {"UInt8", CH_RB_UINT8, DUCKDB_TYPE_BOOLEAN, DUCKDB_TYPE_UTINYINT},
        {"Int16", CH_RB_INT16, DUCKDB_TYPE_SMALLINT, 0},
        {"Int32", CH_RB_INT32, DUCKDB_TYPE_INTEGER, 0},
        {"UInt32", CH_RB_UINT32, DUCKDB_TYPE_UINTEGER, 0},
        {"Int64", CH_RB_INT64, DUCKDB_TYPE_BIGINT, 0},
        {"Float64", CH_RB_FLOAT64, DUCKDB_TYPE_DOUBLE, 0},
        {"String", CH_RB_STRING, DUCKDB_TYPE_VARCHAR, 0},
        {"DateTime", CH_RB_DATETIME, DUCKDB_TYPE_TIMESTAMP_TZ, DUCKDB_TYPE_TIMESTAMP},
        {"Date", CH_RB_DATE, DUCKDB_TYPE_DATE, 0},
        {"Enum8", CH_RB_ENUM8, DUCKDB_TYPE_VARCHAR, 0},
        {"Array(Int32)", CH_RB_ARRAY_I32, DUCKDB_TYPE_LIST, 0},
        {"Array(Int64)", CH_RB_ARRAY_I64, DUCKDB_TYPE_LIST, 0},
        {"Array(String)", CH_RB_ARRAY_STR, DUCKDB_TYPE_LIST, 0},
};

#define NTYPES (sizeof(types) / sizeof(types[0]))

/* The pairs of "Enum8('a' = 1, 'b' = 2)" into c; type is cut to "Enum8". */
static int parse_enum(char *type, struct ch_rb_column *c, struct err *e)
{
	const char *p = type + 6;
	char name[16];
	int value, used;

	while (sscanf(p, " '%15[^']' = %d%n", name, &value, &used) == 2) {
		if (c->nenum == CH_RB_MAX_ENUM || value < -128 || value > 127)
			return err_set(e, WOWAH_EPARSE, "column %s: Enum8 too long", c->name);
		snprintf(c->enum_names[c->nenum], sizeof(c->enum_names[0]), "%s", name);
		c->enum_values[c->nenum++] = (int8_t)value;
		p += used;
		p += strspn(p, ", ");
	}
	if (c->nenum == 0 || strcmp(p, ")") != 0)
		return err_set(e, WOWAH_EPARSE, "column %s: not Enum8('name' = N, ...)", c->name);
	type[5] = '\0';
	return WOWAH_OK;
}

static int parse_one(const char *def, size_t len, struct ch_rb_column *c, struct err *e)
{
	char text[512], *type;
	size_t tl;

	if (len >= sizeof(text))
		return err_set(e, WOWAH_EPARSE, "column definition too long: %.*s", (int)len, def);
	memcpy(text, def, len);
	text[len] = '\0';
	type = strchr(text, ' ');
	if (!type || (size_t)(type - text) >= sizeof(c->name))
		return err_set(e, WOWAH_EPARSE, "not 'name Type': %s", text);
	*type++ = '\0';
	memcpy(c->name, text, (size_t)(type - text));
	if (strstr(type, " DEFAULT "))
		*strstr(type, " DEFAULT ") = '\0';
	if (strncmp(type, "Enum8(", 6) == 0 && parse_enum(type, c, e))
		return e->code;
	c->nullable = strncmp(type, "Nullable(", 9) == 0;
	if (c->nullable) {
		type += 9;
		tl = strlen(type);
		if (tl == 0 || type[tl - 1] != ')')
			return err_set(e, WOWAH_EPARSE, "unbalanced Nullable in %s", c->name);
		type[tl - 1] = '\0';
	}
	for (size_t i = 0; i < NTYPES; i++)
		if (strcmp(types[i].name, type) == 0) {
			c->type = types[i].type;
			return WOWAH_OK;
		}
	return err_set(e, WOWAH_EPARSE, "column %s: no RowBinary encoding for %s", c->name, type);
}

int ch_rb_table_parse(const char *ddl, struct ch_rb_table *t, struct err *e)
{
	const char *p = ddl;
	size_t used = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	while (*p) {
		/* a comma inside Array(...) or Nullable(...) does not end the column */
		size_t len = 0;
		int depth = 0;

		while (p[len] && (p[len] != ',' || depth > 0)) {
			depth += p[len] == '(' ? 1 : p[len] == ')' ? -1 : 0;
			len++;
		}
		if (t->n == CH_RB_MAX_COLUMNS)
			return err_set(e, WOWAH_EPARSE, "more than %d columns", CH_RB_MAX_COLUMNS);
		if ((rc = parse_one(p, len, &t->cols[t->n], e)))
			return rc;
		used += (size_t)snprintf(t->names + used, sizeof(t->names) - used, "%s%s",
		                         t->n ? ", " : "", t->cols[t->n].name);
		if (used >= sizeof(t->names))
			return err_set(e, WOWAH_EPARSE, "column names too long");
		t->n++;
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return WOWAH_OK;
}

static duckdb_type type_of(duckdb_vector v)
{
	duckdb_logical_type lt = duckdb_vector_get_column_type(v);
	duckdb_type id = duckdb_get_type_id(lt);

	duckdb_destroy_logical_type(&lt);
	return id;
}

static int check_type(const struct ch_rb_column *c, duckdb_vector v, struct err *e)
{
	duckdb_type id = type_of(v);

	for (size_t i = 0; i < NTYPES; i++) {
		if (types[i].type != c->type)
			continue;
		if (id != types[i].from && (types[i].alt == 0 || id != types[i].alt))
			break;
		if (id != DUCKDB_TYPE_LIST)
			return WOWAH_OK;
		id = type_of(duckdb_list_vector_get_child(v));
		if (id == (c->type == CH_RB_ARRAY_I32   ? DUCKDB_TYPE_INTEGER
		           : c->type == CH_RB_ARRAY_I64 ? DUCKDB_TYPE_BIGINT
		                                        : DUCKDB_TYPE_VARCHAR))
			return WOWAH_OK;
		break;
	}
	return err_set(e, WOWAH_EDB, "column %s: DuckDB type %d does not feed its ClickHouse type",
	               c->name, (int)id);
}

int ch_rb_chunk_init(struct ch_rb_chunk *k, const struct ch_rb_table *t, duckdb_data_chunk chunk,
                     struct err *e)
{
	int rc;

	memset(k, 0, sizeof(*k));
	k->t = t;
	if (duckdb_data_chunk_get_column_count(chunk) != t->n)
		return err_set(e, WOWAH_EDB, "a chunk of %llu columns for a table of %zu",
		               (unsigned long long)duckdb_data_chunk_get_column_count(chunk), t->n);
	k->rows = duckdb_data_chunk_get_size(chunk);
	for (size_t i = 0; i < t->n; i++) {
		duckdb_vector v = duckdb_data_chunk_get_vector(chunk, i);

		if ((rc = check_type(&t->cols[i], v, e)))
			return rc;
		k->data[i] = duckdb_vector_get_data(v);
		k->valid[i] = duckdb_vector_get_validity(v);
		if (t->cols[i].type >= CH_RB_ARRAY_I32) {
			duckdb_vector child = duckdb_list_vector_get_child(v);

			k->child[i] = duckdb_vector_get_data(child);
			k->child_valid[i] = duckdb_vector_get_validity(child);
		}
	}
	return WOWAH_OK;
}

static void put_leb128(struct buf *out, uint64_t v)
{
	do {
		unsigned char b = v & 0x7f;

		v >>= 7;
		buf_putc(out, (char)(v ? b | 0x80 : b));
	} while (v);
}

static void put_string(struct buf *out, duckdb_string_t *s)
{
	uint32_t len = duckdb_string_t_length(*s);

	put_leb128(out, len);
	buf_append(out, duckdb_string_t_data(s), len);
}

static void put_array(struct buf *out, const struct ch_rb_chunk *k, size_t c, idx_t row, int valid)
{
	const duckdb_list_entry *l = (const duckdb_list_entry *)k->data[c] + row;
	enum ch_rb_type type = k->t->cols[c].type;

	if (!valid) {
		buf_putc(out, 0);
		return;
	}
	put_leb128(out, l->length);
	for (uint64_t i = l->offset; i < l->offset + l->length; i++) {
		/* a NULL element has no RowBinary form in Array(Int): 0, as ClickHouse would */
		int ok = !k->child_valid[c] || duckdb_validity_row_is_valid(k->child_valid[c], i);
		if (type == CH_RB_ARRAY_STR) {
			if (ok)
				put_string(out, (duckdb_string_t *)k->child[c] + i);
			else
				buf_putc(out, 0);
		} else if (type == CH_RB_ARRAY_I64) {
			int64_t v = ok ? ((const int64_t *)k->child[c])[i] : 0;
			buf_append(out, &v, 8);
		} else {
			int32_t v = ok ? ((const int32_t *)k->child[c])[i] : 0;
			buf_append(out, &v, 4);
		}
	}
}

static int8_t enum_value(const struct ch_rb_column *c, duckdb_string_t *s)
{
	uint32_t len = duckdb_string_t_length(*s);
	const char *p = duckdb_string_t_data(s);

	for (size_t i = 0; i < c->nenum; i++)
		if (strlen(c->enum_names[i]) == len && memcmp(c->enum_names[i], p, len) == 0)
			return c->enum_values[i];
	return 0;
}

void ch_rb_put_row(struct buf *out, const struct ch_rb_chunk *k, idx_t row)
{
	for (size_t c = 0; c < k->t->n; c++) {
		const struct ch_rb_column *col = &k->t->cols[c];
		int valid = !k->valid[c] || duckdb_validity_row_is_valid(k->valid[c], row);
		const char *d = k->data[c];

		if (col->type >= CH_RB_ARRAY_I32) {
			put_array(out, k, c, row, valid);
			continue;
		}
		if (col->nullable) {
			buf_putc(out, valid ? 0 : 1);
			if (!valid)
				continue;
		}
		switch (col->type) {
		case CH_RB_UINT8:
			buf_putc(out, valid ? d[row] : 0);
			break;
		case CH_RB_INT16:
			buf_append(out, d + row * 2, 2);
			break;
		case CH_RB_INT32:
		case CH_RB_UINT32:
			buf_append(out, d + row * 4, 4);
			break;
		case CH_RB_INT64:
		case CH_RB_FLOAT64:
			buf_append(out, d + row * 8, 8);
			break;
		case CH_RB_STRING:
			if (valid) {
				put_string(out, (duckdb_string_t *)d + row);
			} else {
				buf_putc(out, 0);
			}
			break;
		case CH_RB_DATETIME: {
			int64_t us = ((const int64_t *)d)[row];
			uint32_t s = valid && us > 0 ? (uint32_t)(us / 1000000) : 0;
			buf_append(out, &s, 4);
			break;
		}
		case CH_RB_ENUM8:
			buf_putc(out, (char)enum_value(col, (duckdb_string_t *)d + row));
			break;
		case CH_RB_DATE: {
			int32_t days = ((const int32_t *)d)[row];
			uint16_t v = valid && days > 0 ? (uint16_t)days : 0;
			buf_append(out, &v, 2);
			break;
		}
		default:
			break;
		}
	}
}
