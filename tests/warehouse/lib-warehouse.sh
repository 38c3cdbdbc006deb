# lib-warehouse.sh - helpers of the warehouse area's shell tests (sourced after lib.sh).

# same_rows A B WHAT: Parquet files A and B hold the same rows, each with its row number
# (so the order counts), read back through real DuckDB; fails naming WHAT otherwise.
same_rows() {
	local o="hive_partitioning = false, file_row_number = true" n
	n=$("$DUCKQ" "SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet('$1', $o) EXCEPT ALL
		SELECT * FROM read_parquet('$2', $o))) + (SELECT count(*) FROM (SELECT * FROM
		read_parquet('$2', $o) EXCEPT ALL SELECT * FROM read_parquet('$1', $o)))")
	assert_eq 0 "$n" "rows that differ between $3"
}
