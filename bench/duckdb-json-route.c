/* duckdb-json-route.c - the baseline of bench-import.sh: DuckDB's own way from an
 * auction body to Parquet (read_json + unnest + COPY TO parquet), on one thread.
 * usage: duckdb-json-route BODY.json OUT.parquet */
#include <stdio.h>
#include <stdlib.h>

#include "duck/duck.h"
#include "util/buf.h"

int main(int argc, char **argv)
{
	struct buf sql = BUF_INIT;
	struct duck d;
	struct err e = {0};
	char *in, *out;
	int rc;

	if (argc != 3) {
		fputs("usage: duckdb-json-route BODY.json OUT.parquet\n", stderr);
		return 2;
	}
	in = duck_quote(argv[1]);
	out = duck_quote(argv[2]);
	buf_printf(&sql,
	           "SET threads = 1; "
	           "COPY (SELECT a.id AS auction_id, a.item.id AS item_id, a.quantity AS quantity, "
	           "a.unit_price AS unit_price, a.time_left AS time_left "
	           "FROM (SELECT unnest(auctions) AS a FROM read_json(%s, maximum_object_size = "
	           "1073741824))) TO %s (FORMAT parquet, COMPRESSION zstd)",
	           in, out);
	rc = duck_open(&d, NULL, &e);
	if (rc == WOWAH_OK)
		rc = duck_exec(&d, sql.data, &e);
	if (rc)
		fprintf(stderr, "duckdb-json-route: %s\n", e.msg);
	duck_close(&d);
	buf_release(&sql);
	free(in);
	free(out);
	return rc ? 1 : 0;
}
