#!/usr/bin/env bash
# bench-feed: `wowah feed` throughput and peak RSS on a history of BENCH_SNAPSHOTS
# commodity snapshots of BENCH_AUCTIONS auctions each (default 20 x 1,000,000 = 20 M
# rows), against the server's own ingest of the same rows in the same run:
# `clickhouse-client --query "INSERT ... FORMAT RowBinary" < file`, the file dumped from
# what the feed stored. Prints the ratio; targets: >= 0.8x the client's rate, peak RSS
# <= 200 MB. The history is made once per size and kept in BENCH_FEED_CACHE (default
# /tmp/wowah-bench-feed-N-S): 20 M rows take longer to import than to feed.
set -euo pipefail
: "${WOWAH:?}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/ch/lib-ch.sh"
N=${BENCH_AUCTIONS:-1000000}
S=${BENCH_SNAPSHOTS:-20}
TMP=$(mktemp -d /tmp/wowah-bench-feed.XXXXXX)
trap 'ch_stop "$TMP/ch" kill; rm -rf "$TMP"' EXIT

DATA=${BENCH_FEED_CACHE:-/tmp/wowah-bench-feed-$N-$S}
if [ ! -e "$DATA/.complete" ]; then
	rm -rf "$DATA"
	python3 "$here/gen-commodities.py" "$N" "$TMP/commodities.json"
	for ((i = 0; i < S; i++)); do
		"$WOWAH" import --data-dir "$DATA" --region us --commodities \
			--at "$(date -u -d "2026-01-01 +$i hour" +%Y-%m-%dT%H:%M:%SZ)" "$TMP/commodities.json" >/dev/null
	done
	rm -f "$TMP/commodities.json"
	touch "$DATA/.complete"
fi
url=$(ch_start "$TMP/ch")
port=$(cat "$TMP/ch/n11/tcp_port")

# wowah: Parquet -> DuckDB -> RowBinary over HTTP, item summaries and ledger included
F=$(/usr/bin/time -f '%e %M' "$WOWAH" feed --clickhouse "$url" --database bf \
	--data-dir "$DATA" 2>&1 >/dev/null | tail -n 1)
rows=$(curl -sS "$url/" --data-binary "SELECT count() FROM bf.auctions")
[ "$rows" = $((N * S)) ] || { echo "bench-feed: fed $rows rows, not $((N * S))" >&2; exit 1; }

# the server's own client, the same rows and columns from a file made beforehand
cols=$(curl -sS "$url/" --data-binary "SELECT arrayStringConcat(groupArray(name), ', ') FROM (SELECT name FROM system.columns WHERE database = 'bf' AND table = 'auctions')")
curl -sS "$url/" --data-binary "SELECT $cols FROM bf.auctions FORMAT RowBinary" >"$TMP/rows.bin"
curl -sS "$url/" --data-binary "CREATE TABLE bf.copy AS bf.auctions" >/dev/null
C=$(/usr/bin/time -f '%e %M' clickhouse-client --host 127.0.0.1 --port "$port" \
	--query "INSERT INTO bf.copy ($cols) FORMAT RowBinary" <"$TMP/rows.bin" 2>&1 >/dev/null | tail -n 1)
[ "$(curl -sS "$url/" --data-binary "SELECT count() FROM bf.copy")" = "$rows" ] ||
	{ echo "bench-feed: the client's copy is short" >&2; exit 1; }

awk -v rows="$rows" -v s="$S" -v f="$F" -v c="$C" -v bytes="$(stat -c %s "$TMP/rows.bin")" 'BEGIN {
	split(f, a, " "); split(c, b, " ")
	printf "history: %d snapshots, %d auctions (%.0f MB of RowBinary)\n", s, rows, bytes / 1e6
	printf "wowah feed:             %7.2f s  %6.2f M rows/s  peak RSS %6.1f MB\n",
	       a[1], rows / 1e6 / a[1], a[2] / 1024
	printf "clickhouse-client file: %7.2f s  %6.2f M rows/s\n", b[1], rows / 1e6 / b[1]
	printf "throughput ratio:       %.2fx the client (target >= 0.8x)\n", b[1] / a[1]
	printf "feeder peak RSS:        %.1f MB (target <= 200 MB)\n", a[2] / 1024
}'
