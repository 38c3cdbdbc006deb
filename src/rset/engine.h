/* engine.h - what the reports need of a SQL engine: its dialect, and running one
 * statement with named parameters into a result set (rset.h).
 *
 * The report layer hands over the SQL of its dialect (report/sql/<dialect>/) and the
 * parameters as names and typed values; how they reach the engine is the adapter's
 * business: DuckDB binds them to its prepared statement ($name), and an engine without
 * query parameters (ClickHouse 18.16) substitutes quoted literals for them itself.
 */
#ifndef WOWAH_RSET_ENGINE_H
#define WOWAH_RSET_ENGINE_H

#include "rset/rset.h"
#include "util/err.h"

struct rset_engine {
	const char *dialect; /* "duckdb" */
	void *impl;
	/* Runs one statement. With out, *out gets its rows (the caller rset_free()s them), or
	 * NULL for a statement that returns none. A parameter the statement names and p does
	 * not hold is an error. */
	int (*run)(void *impl, const char *sql, const struct rset_params *p, struct rset **out,
	           struct err *e);
};

#endif
