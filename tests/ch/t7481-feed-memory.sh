#!/usr/bin/env bash
# wowah feed's peak RSS (/usr/bin/time's %M) grows little with the size of a snapshot and
# not with the length of the history: its memory is bounded by one snapshot's reading, not
# by what DuckDB would hold to number the rows. Measured on 2026-12-05 (1 thread): 100 k
# and 400 k rows of one snapshot 59 and 71 MB; the feeder that numbered them with
# min() OVER () 78 and 117 MB at 100 k and 300 k rows. The bounds are differences between
# runs of the same binary, so what every feed pays (the DuckDB library) cancels out.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-ch.sh"

ch_test_start
GEN=${WOWAH_SRC:-.}/bench/gen-commodities.py
# freed memory is released at once under ASan, as without it
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0

body() { python3 "$GEN" "$1" "$TMP/c$1.json" || fail "gen-commodities $1"; }
snapshot() { # DIR ROWS HOUR: a commodity snapshot of ROWS auctions at that hour
	"$WOWAH" import --data-dir "$1" --region us --commodities --at "2026-01-01T0$3:00:00Z" \
		"$TMP/c$2.json" >/dev/null || fail "import into $1"
}

peak_kb() { # DIR DATABASE: the feed's peak RSS in KB
	/usr/bin/time -o "$TMP/time" -f %M "$WOWAH" feed --clickhouse "$CH_URL" --database "$2" \
		--data-dir "$1" >/dev/null 2>"$TMP/err" || fail "feed of $1: $(cat "$TMP/err")"
	tail -n 1 "$TMP/time"
}

body 100000
body 400000
snapshot "$TMP/small" 100000 0
snapshot "$TMP/big" 400000 0
small=$(peak_kb "$TMP/small" small)
big=$(peak_kb "$TMP/big" big)
# the same data dir, two snapshots more, into a database of its own
snapshot "$TMP/big" 400000 1
snapshot "$TMP/big" 400000 2
long=$(peak_kb "$TMP/big" long)
echo "peak RSS: 100 k rows ${small} KB, 400 k rows ${big} KB, 3 x 400 k rows ${long} KB"
[ "$(chq "SELECT count() FROM long.auctions")" = 1200000 ] || fail "the long history fed short"

# 300 k more rows in the snapshot: 12 MB more when measured, 39 MB for the window's
# 200 k more
[ $((big - small)) -lt 25600 ] ||
	fail "peak RSS grew by $(((big - small) / 1024)) MB from 100 k to 400 k rows of one snapshot (bound 25 MB)"
# two more snapshots of the same size: about the same peak (4 and 6 MB more when measured)
[ $((long - big)) -lt 16384 ] ||
	fail "peak RSS grew by $(((long - big) / 1024)) MB from 1 to 3 snapshots (bound 16 MB)"
exit 0
