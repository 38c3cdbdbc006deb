/* duckq.c - runs one SQL statement in an in-memory DuckDB and prints the rows, tab
 * separated, NULL as "NULL": how the shell tests ($DUCKQ) read Parquet back through real
 * DuckDB without depending on `wowah sql`. */
#include <stdio.h>

#include "duck/duck.h"

int main(int argc, char **argv)
{
	struct duck d;
	struct err e = {0};
	duckdb_result r;

	if (argc != 2) {
		fputs("usage: duckq SQL\n", stderr);
		return 2;
	}
	if (duck_open(&d, NULL, &e) || duck_query(&d, argv[1], &r, &e)) {
		fprintf(stderr, "duckq: %s\n", e.msg);
		duck_close(&d);
		return 1;
	}
	for (idx_t row = 0; row < duckdb_row_count(&r); row++) {
		for (idx_t col = 0; col < duckdb_column_count(&r); col++) {
			char *v = duckdb_value_varchar(&r, col, row);
			printf("%s%s", col ? "\t" : "", v ? v : "NULL");
			duckdb_free(v);
		}
		putchar('\n');
	}
	duckdb_destroy_result(&r);
	duck_close(&d);
	return 0;
}
