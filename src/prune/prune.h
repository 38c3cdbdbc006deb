/* prune.h - wowah prune: raw snapshot files removed once nothing needs them any more.
 *
 * A raw auction file older than the cut-off is removed only when its snapshot is covered
 * both by its house's auction lifetimes (src/lifetime/: snapshot rebuild and
 * auction_lifetimes keep answering) and by wowah.duckdb's summaries (the snapshot is in its
 * snapshots table, so item_snapshots, item_days and the reports hold it). Anything else is
 * kept and counted. The store removes the catalog lines, then the files
 * (store_remove_snapshots); a load then points the auctions view at what is still raw.
 */
#ifndef WOWAH_PRUNE_PRUNE_H
#define WOWAH_PRUNE_PRUNE_H

#include <stdint.h>

#include "util/err.h"

struct prune_result {
	int64_t files, bytes; /* removed (or, dry run, that would be) */
	int64_t kept_old;     /* older than the cut-off but not covered: kept */
};

/* Removes DATA_DIR's raw auction files whose snapshot_ts is before cutoff (seconds since
 * the epoch) and that are covered as the header says; dry_run: only counts them. Takes the
 * data dir's lock (WOWAH_ELOCKED while a pull holds it); fails with one line saying to run
 * 'wowah load' when there is no database yet. */
int prune_run(const char *data_dir, int64_t cutoff, int dry_run, struct prune_result *out,
              struct err *e);

#endif
