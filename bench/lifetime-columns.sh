#!/usr/bin/env bash
# lifetime-columns.sh DATA - where the bytes of the auction lifetimes go: the compressed
# bytes of each column of the lifetime files the manifests under DATA/lifetimes list, per
# market, and per auction sighting of the catalog (bench-lifetimes.sh prints it for its
# history). Needs WOWAH_BUILD (for tests/duckq).
set -euo pipefail
: "${WOWAH_BUILD:?}"
DATA=${1:?usage: lifetime-columns.sh DATA}
DUCKQ=$WOWAH_BUILD/tests/duckq
files=""
for m in "$DATA"/lifetimes/region=*/kind=*/manifest.tsv; do
	d=$(dirname "$m")
	for f in $(awk -F '\t' '$1 == "open" || $1 == "closed" || $1 == "final" { print $NF }' "$m"); do
		files="$files${files:+, }'$d/$f'"
	done
done
sightings=$(awk -F '\t' 'NR > 1 && $2 != "token" { n += $7 } END { print n }' "$DATA/catalog.tsv")
echo "lifetime columns, bytes per sighting (the 12 largest):"
"$DUCKQ" "SELECT regexp_extract(file_name, 'kind=([a-z0-9]+)', 1), split_part(path_in_schema,
	',', 1), sum(total_compressed_size), round(sum(total_compressed_size) / $sightings, 3)
	FROM parquet_metadata([$files]) GROUP BY ALL ORDER BY 3 DESC LIMIT 12" |
	awk -F '\t' '{ printf "  %-10s %-20s %9d bytes %6.3f\n", $1, $2, $3, $4 }'
"$DUCKQ" "SELECT kind, count(*), round(avg(sightings), 1), sum(len(bonus_order_changes)),
	sum(len(time_left_changes)) FROM read_parquet([$files]) GROUP BY 1 ORDER BY 1" |
	awk -F '\t' '{ printf "  %-10s %d lifetimes, %.1f sightings each, %d bonus order and %d time_left changes\n", $1, $2, $3, $4, $5 }'
