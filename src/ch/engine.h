/* engine.h - ClickHouse as a report engine (rset/engine.h): what `wowah report` and
 * `wowah sql` run with --clickhouse.
 *
 * ClickHouse 18.16 has no query parameters, so the engine substitutes each $name of the
 * statement (outside quotes and comments) with a literal of the parameter's type: text
 * quoted and escaped, integers and doubles as numbers, times as toDateTime(SECONDS, 'UTC'),
 * lists as arrays of strings, NULL as NULL. Nothing else from the caller reaches the SQL.
 * Every request is read-only (readonly=1), whatever the options say.
 *
 * The rows come back as TSVWithNamesAndTypes and become rset columns: Int8..Int64 and
 * UInt8..UInt32 RSET_INT; Float64 RSET_DOUBLE; UInt64, Float32, Decimal and wider
 * integers RSET_NUMBER (ClickHouse's text of them); String, FixedString, Enum and UUID
 * RSET_TEXT; DateTime RSET_TIME (read as UTC: a DateTime without a zone is taken to be in
 * UTC, the zone wowah's servers run in); Date RSET_DATE; anything else (arrays, tuples,
 * a DateTime of another zone) RSET_OTHER with ClickHouse's text. Nullable and
 * LowCardinality are looked through.
 */
#ifndef WOWAH_CH_ENGINE_H
#define WOWAH_CH_ENGINE_H

#include "ch/client.h"
#include "rset/engine.h"
#include "util/buf.h"

/* Appends sql to out with its $parameters replaced by literals from p (NULL: none). A
 * parameter the statement names and p does not hold is an error. */
int ch_substitute(const char *sql, const struct rset_params *p, struct buf *out, struct err *e);

/* Reads a TSVWithNamesAndTypes body into a result set (*out, the caller frees it). */
int ch_parse_tsv(const char *body, size_t len, struct rset **out, struct err *e);

/* Runs one statement on c: parameters substituted, FORMAT TSVWithNamesAndTypes
 * appended. *out gets its rows. */
int ch_run(struct ch_client *c, const char *sql, const struct rset_params *p, struct rset **out,
           struct err *e);

/* What `wowah feed` has made of the database so far, as a line of text that changes
 * whenever what the reports read changes: the finished snapshots of its ledger
 * (fed_snapshots, whose row comes after the snapshot's data) and the swaps of realms and
 * items (fed_files, written after the swap). A reader that caches answers (serve) begins a
 * new generation when it changes. Runs on c as it is (read-only is enough). */
int ch_fed_version(struct ch_client *c, struct buf *out, struct err *e);

/* A client for o with readonly forced on (*out; ch_client_free() it), and an engine over
 * it (which the client must outlive). */
int ch_engine_open(const struct ch_opts *o, struct ch_client **client, struct rset_engine *eng,
                   struct err *e);

#endif
