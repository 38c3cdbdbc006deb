/* rset.h - a neutral result set: named, typed columns and owned rows of typed values,
 * and the named parameters a statement is run with.
 *
 * What an engine adapter (duck/engine.h; ClickHouse's next) fills and what the formatters
 * (report/format.h) and the web layer read, so that none of them sees an engine's own
 * result type. Values stay raw: copper as integers, times as microseconds since the Unix
 * epoch (UTC). A column's kind says what the value means (copper, a time, a percentage);
 * the report definitions set it, and the formatters write each kind their way.
 */
#ifndef WOWAH_RSET_RSET_H
#define WOWAH_RSET_RSET_H

#include <stddef.h>
#include <stdint.h>

enum rset_type {
	RSET_BOOL = 0, /* i: 0 or 1 */
	RSET_INT,      /* i */
	RSET_DOUBLE,   /* d */
	RSET_NUMBER,   /* s: a number as the engine writes it (decimals, 128-bit integers) */
	RSET_TEXT,     /* s: UTF-8 text */
	RSET_OTHER,    /* s: any other value as the engine writes it (intervals, blobs...) */
	RSET_TIME,     /* i: microseconds since 1970-01-01 00:00 UTC */
	RSET_DATE,     /* i: days since 1970-01-01 */
};

enum rset_kind {
	RSET_KIND_PLAIN = 0, /* as its type says (`wowah sql`) */
	RSET_KIND_TEXT,      /* a name or label */
	RSET_KIND_COUNT,     /* an integer count or id */
	RSET_KIND_COPPER,    /* an amount of copper (integer; a double is rounded) */
	RSET_KIND_PERCENT,   /* a percentage with one decimal */
	RSET_KIND_TIME,      /* a moment, to the minute */
	RSET_KIND_DATE,      /* a UTC day */
};

struct rset_col {
	char *name;
	enum rset_type type;
	enum rset_kind kind;
};

struct rset_cell {
	union {
		int64_t i;
		double d;
		char *s; /* owned */
	} v;
	unsigned char null;
};

struct rset {
	size_t ncols, nrows, cap;
	struct rset_col *cols;
	struct rset_cell *cells; /* nrows x ncols */
};

/* A result of ncols columns (named and typed with rset_column) and no rows. */
struct rset *rset_new(size_t ncols);
void rset_free(struct rset *r);

void rset_column(struct rset *r, size_t col, const char *name, enum rset_type type);

/* Appends a row of ncols NULL cells and returns them. */
struct rset_cell *rset_add_row(struct rset *r);

/* Keeps the first n rows (when there are more), freeing the others. */
void rset_truncate(struct rset *r, size_t n);

/* Sets a cell to a copy of s[0..n). */
void rset_cell_text(struct rset_cell *c, const char *s, size_t n);

static inline const struct rset_cell *rset_at(const struct rset *r, size_t row, size_t col)
{
	return &r->cells[row * r->ncols + col];
}

/* The index of the column named name, or -1. */
int rset_find(const struct rset *r, const char *name);

/* The value of a cell as a double (INT, DOUBLE, TIME, DATE and BOOL; NAN otherwise, and
 * for NULL). */
double rset_double(const struct rset *r, size_t row, size_t col);

/* ---- named parameters ---- */

#define RSET_MAX_PARAMS 24

/* One named value a statement is run with (`$region` in DuckDB's SQL). The strings are
 * borrowed: they must outlive the run. A list is of text (type RSET_TEXT, nlist items). */
struct rset_param {
	const char *name;
	enum rset_type type; /* BOOL, INT, DOUBLE, TEXT or TIME */
	int null;
	int64_t i;
	double d;
	const char *s;
	const char *const *list;
	size_t nlist;
	int is_list;
};

struct rset_params {
	struct rset_param v[RSET_MAX_PARAMS];
	size_t n;
};

/* Each sets name's value: a name set before takes the new one. */
void rset_param_int(struct rset_params *p, const char *name, int64_t v);
void rset_param_bool(struct rset_params *p, const char *name, int v);
void rset_param_double(struct rset_params *p, const char *name, double v);
/* s NULL: a NULL of type TEXT. */
void rset_param_text(struct rset_params *p, const char *name, const char *s);
void rset_param_time(struct rset_params *p, const char *name, int64_t micros);
/* A NULL of type t (an option that was not given). */
void rset_param_null(struct rset_params *p, const char *name, enum rset_type t);
void rset_param_list(struct rset_params *p, const char *name, const char *const *v, size_t n);

/* The parameter named name (no "$"), or NULL. */
const struct rset_param *rset_param_find(const struct rset_params *p, const char *name);

#endif
