/* cluster.h - which shards of a ClickHouse cluster have no replica answering.
 *
 * With every replica of one shard down, each read of a Distributed table and each
 * synchronous insert into it fails with "All connection tries failed", whose first line
 * names no host. The feeder asks here which shard it is, through the server it talks to,
 * so that its one-line error can say which hosts to bring back.
 */
#ifndef WOWAH_CH_CLUSTER_H
#define WOWAH_CH_CLUSTER_H

#include "ch/client.h"

/* Appends to down "shard N (host:port, host:port)" for each shard of cluster (a name of
 * the server's remote_servers) none of whose replicas answers, "; "-separated; leaves it
 * untouched when every shard answers or the server knows no such cluster. */
int ch_cluster_down_shards(struct ch_client *c, const char *cluster, struct buf *down,
                           struct err *e);

#endif
