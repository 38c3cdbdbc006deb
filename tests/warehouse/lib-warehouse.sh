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

# same_snapshot A FILE TS WHAT: Parquet file A holds the rows of the snapshot at TS in the
# raw file FILE (its hourly file, or its day's once compacted), in their order.
same_snapshot() {
	local o="hive_partitioning = false, file_row_number = true" n
	n=$("$DUCKQ" "WITH a AS (SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS n
		FROM read_parquet('$1', $o)), b AS (SELECT * EXCLUDE (file_row_number),
		row_number() OVER (ORDER BY file_row_number) AS n FROM read_parquet('$2', $o)
		WHERE snapshot_ts = '$3') SELECT (SELECT count(*) FROM (FROM a EXCEPT ALL FROM b))
		+ (SELECT count(*) FROM (FROM b EXCEPT ALL FROM a))")
	assert_eq 0 "$n" "rows that differ between $4"
}
