/* cluster.c - the shards of a cluster that do not answer.
 *
 * The server's own system.clusters lists every shard and replica. The shards that answer
 * are those whose nodes return their own rows of system.clusters (is_local) through the
 * cluster() table function with skip_unavailable_shards: a shard none of whose replicas
 * can be reached is then skipped instead of failing the query. cluster() connects with
 * the cluster's configured user, as the Distributed tables do, so no credentials of ours
 * go into the SQL. system.clusters, is_local, cluster() and a SETTINGS clause exist on
 * 18.16 and on current releases alike.
 */
#include "ch/cluster.h"

#include <stdio.h>
#include <string.h>

/* up: "\n" then the answering shards' numbers, one a line. */
static int shard_answers(const char *up, const char *shard)
{
	char key[24];

	snprintf(key, sizeof(key), "\n%s\n", shard);
	return strstr(up, key) != NULL;
}

/* Appends the shards of list ("shard, replica, host, port" lines, by shard) absent
 * from up. */
static void append_down(char *list, const char *up, struct buf *down)
{
	char prev[16] = "", *save = NULL;

	for (char *line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char shard[16], host[256];
		int port;

		if (sscanf(line, "%15s %*s %255s %d", shard, host, &port) != 3 ||
		    shard_answers(up, shard))
			continue;
		if (strcmp(shard, prev) != 0)
			buf_printf(down, "%s%sshard %s (", prev[0] ? ")" : "",
			           down->len ? "; " : "", shard);
		else
			buf_puts(down, ", ");
		buf_printf(down, "%s:%d", host, port);
		snprintf(prev, sizeof(prev), "%s", shard);
	}
	if (prev[0])
		buf_putc(down, ')');
}

int ch_cluster_down_shards(struct ch_client *c, const char *cluster, struct buf *down,
                           struct err *e)
{
	struct buf sql = BUF_INIT, list = BUF_INIT, up = BUF_INIT;
	int rc;

	buf_puts(&sql, "SELECT shard_num, replica_num, host_name, port FROM system.clusters "
	               "WHERE cluster = ");
	ch_put_quoted(&sql, cluster);
	buf_puts(&sql, " ORDER BY shard_num, replica_num FORMAT TabSeparated");
	rc = ch_query(c, sql.data, &list, e);
	if (rc == WOWAH_OK && list.len) {
		buf_reset(&sql);
		buf_puts(&sql, "SELECT DISTINCT shard_num FROM cluster(");
		ch_put_quoted(&sql, cluster);
		buf_puts(&sql, ", system.clusters) WHERE cluster = ");
		ch_put_quoted(&sql, cluster);
		buf_puts(&sql, " AND is_local = 1 SETTINGS skip_unavailable_shards = 1 "
		               "FORMAT TabSeparated");
		buf_putc(&up, '\n');
		rc = ch_query(c, sql.data, &up, e);
	}
	if (rc == WOWAH_OK && list.len)
		append_down(list.data, up.data, down);
	buf_release(&sql);
	buf_release(&list);
	buf_release(&up);
	return rc;
}
