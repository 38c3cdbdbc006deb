/* feed.h - wowah feed: the data dir's snapshots into ClickHouse, each exactly once.
 *
 * Reads catalog.tsv and the Parquet files through DuckDB (in memory, with wowah's SQL
 * functions for the item summaries) and streams RowBinary to ClickHouse over HTTP, one
 * snapshot at a time (memory bounded by one INSERT's worth of DuckDB chunks). The ledger
 * fed_snapshots records a snapshot as started before its rows are sent and as finished
 * after; every part of a snapshot (an INSERT of at most CH_INSERT_ROWS auctions, its item
 * summaries, a token price) is one ClickHouse insert block, all or nothing, and a part
 * whose answer was lost is counted before it is sent again. docs/clickhouse.md has the
 * whole design and what it survives.
 */
#ifndef WOWAH_CH_FEED_H
#define WOWAH_CH_FEED_H

#include <signal.h>
#include <stdint.h>

#include "ch/client.h"

/* Beside catalog.tsv: held by the one feed of a data dir at a time (a second one waits). */
#define CH_FEED_LOCK_FILE "feed.lock"

struct ch_feed_stats {
	int64_t catalogued; /* snapshots and token files in the catalog */
	int64_t already;    /* of them, finished in ClickHouse before this run */
	int64_t fed;        /* finished by this run */
	int64_t resumed;    /* of those, started by an earlier run that did not finish */
	int64_t rows;       /* auctions sent by this run */
	int64_t tokens;     /* token prices sent by this run */
	int64_t retries;    /* parts sent again after a failure */
	int64_t waited_ms;  /* for another feed of the data dir to finish */
	int64_t waiting;    /* known unfinished when a run that read the ledger stopped */
};

struct ch_feed_opts {
	const char *data_dir;
	struct ch_opts ch;   /* the server; ch.database: "wowah" when NULL */
	const char *cluster; /* NULL: one server */
	int max_attempts;    /* per part (0: 4) */
	volatile sig_atomic_t *stop;
	/* After each snapshot (progress on a terminal). May be NULL. */
	void (*on_progress)(void *ud, const struct ch_feed_stats *st);
	void *progress_ud;
};

/* Creates the schema when missing (ch/schema.h), then feeds every catalogued snapshot
 * ClickHouse does not hold yet, oldest first. Stops at the first part that still fails
 * after max_attempts (the next run takes it up again); WOWAH_EINTERRUPTED when *stop. st
 * is filled in on failure too. */
int ch_feed(const struct ch_feed_opts *o, struct ch_feed_stats *st, struct err *e);

#endif
