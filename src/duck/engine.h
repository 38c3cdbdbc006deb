/* engine.h - DuckDB as a report engine (rset/engine.h): statements prepared, named
 * parameters bound ($name), rows converted into a neutral result set.
 *
 * Columns become rset types: BOOLEAN; integers up to 64 bits as RSET_INT; DOUBLE;
 * FLOAT, DECIMAL, UBIGINT and 128-bit integers as RSET_NUMBER (DuckDB's text of them);
 * VARCHAR; TIMESTAMP and DATE raw; TIME, INTERVAL and BLOB as DuckDB's text. A SELECT
 * with other columns (lists, structs, maps, enums, UUIDs, zoned times...) is run with
 * those columns cast to VARCHAR.
 *
 * A statement with parameters is prepared, then run: DuckDB binds it again to run it when
 * it reads Parquet files, listing the files its globs match a second time. One SELECT
 * without parameters runs unprepared, bound once (a query on the auctions view lists its
 * files once), and again, cast, when its result has columns of those other types.
 */
#ifndef WOWAH_DUCK_ENGINE_H
#define WOWAH_DUCK_ENGINE_H

#include "duck/duck.h"
#include "rset/engine.h"

/* Runs one statement on d with the parameters it names ($region ...) taken from p (NULL:
 * none). With out, *out gets its rows (NULL when it returns none). DuckDB's message goes
 * to e on one line. */
int duck_run(struct duck *d, const char *sql, const struct rset_params *p, struct rset **out,
             struct err *e);

/* Prepares sql on d (as duck_run would, refusals of a confined d included) and checks that
 * it is one query: a statement that returns rows. */
int duck_check_query(struct duck *d, const char *sql, struct err *e);

/* An engine over d (which must outlive it). */
void duck_engine(struct duck *d, struct rset_engine *out);

#endif
