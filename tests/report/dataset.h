/* dataset.h - a small fixed data dir for the load and report tests, written the way
 * docs/storage.md says `pull` writes one (Parquet through DuckDB, catalog.tsv, realms,
 * items, tokens), with prices chosen so that the answers can be worked out by hand.
 *
 * Region eu; snapshots at T0 = 2026-11-20 12:00Z, T1 = 2026-11-26 12:00Z,
 * T2 = 2026-11-27 11:00Z and T3 = 2026-11-27 12:00Z of connected realms 1305 (Argent
 * Dawn) and 1402 (Ravencrest + Черный Шрам), the commodities, and a Classic house
 * (4474 house 2) at T3 only; one WoW Token price. The rows are in dataset.c.
 */
#ifndef WOWAH_TEST_DATASET_H
#define WOWAH_TEST_DATASET_H

/* Writes the data dir into dir (created). upto: the snapshots written, 1..4 for T0..T3
 * (a later call with a larger upto adds the rest, as an hourly pull would).
 * Returns 0, or -1 after printing why. */
int dataset_write(const char *dir, int upto);

#endif
