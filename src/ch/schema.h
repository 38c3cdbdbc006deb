/* schema.h - the tables wowah keeps in ClickHouse (docs/clickhouse.md), created once.
 *
 * The relations of wowah.duckdb that reports read, with the same names and columns
 * (types mapped), plus fed_snapshots (the feeder's ledger) and wowah_schema (name,
 * version). On one server each is a table or a view of its own. With a cluster, each is
 * NAME_local on every node (ON CLUSTER DDL) and NAME a Distributed table over them,
 * sharded by house so that one house's history lives on one shard; ReplicatedMergeTree
 * when the cluster has replicas. The statements keep to what ClickHouse 18.16 and
 * current releases both run.
 */
#ifndef WOWAH_CH_SCHEMA_H
#define WOWAH_CH_SCHEMA_H

#include "ch/client.h"

/* The schema this binary writes; bump it when a table changes. A database recording a
 * newer one is refused; one of version 2 (before flavours) or 3 (before the estimated sales)
 * is migrated in place. */
#define CH_SCHEMA_VERSION 4

/* Rows one INSERT of auctions carries at most: one part, all or nothing (an insert
 * block is max_insert_block_size = 1,048,576 rows). */
#define CH_INSERT_ROWS 1000000

struct ch_schema {
	const char *database; /* "wowah" */
	const char *cluster;  /* NULL: one server */
	int replicas;         /* the cluster's most replicas of a shard (ch_schema_ensure) */
};

/* Checks the cluster (it must be in the server's remote_servers), refuses a database whose
 * recorded schema is newer than CH_SCHEMA_VERSION, migrates a version 2 one (a flavor
 * column in every table of houses, tokens and realms) and a version 3 one (version 4 only
 * adds the sales tables), drops an items table without flavor (made before items were
 * kept by flavour; the feed fills it again), and creates what is missing
 * (idempotent) then records the version. Fills s->replicas. *out_created: 1 when it ran the DDL. */
int ch_schema_ensure(struct ch_client *c, struct ch_schema *s, int *out_created, struct err *e);

/* Refuses, in one line (WOWAH_ECONFIG), a database the reports cannot read as it is: one
 * no feed has made (no wowah_schema), one of an older version or whose items have no
 * flavour (the next wowah feed migrates it) or of a newer one. database NULL: the server's default.
 */
int ch_schema_check(struct ch_client *c, const char *database, struct err *e);

/* The DDL of an empty copy of table (a table of the list, not a view) named copy: one
 * server, local gets CREATE TABLE db.copy, dist nothing; a cluster, local gets
 * db.copy_local ON CLUSTER (replicated under ZooKeeper name zk, which must not be a live
 * table's) and dist the Distributed db.copy over it. Nothing for an unknown table. */
void ch_schema_copy_ddl(const struct ch_schema *s, const char *table, const char *copy,
                        const char *zk, struct buf *local, struct buf *dist);

/* The columns of table, "name Type, ..." as its DDL has them (ch/rowbinary.h encodes
 * rows for them); NULL for a view or an unknown name. */
const char *ch_schema_columns(const char *table);

#endif
