#!/usr/bin/env bash
# wowah load --timings (docs/load.md): a line on stderr per step of the load, in order
# (schema, catalog, each relation's refresh in registry order, commit), each with the CPU
# and wall milliseconds it took; their CPU adds up to no more than the process's; the
# load's own line on stdout as without it, and no step line without the option.
. "$(dirname "$0")/../lib.sh"
D="$TMP/data"

"$WOWAH_BUILD/tests/report/mkdataset" "$D" 3
run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "load without --timings: $ERR"
assert_eq "" "$(grep '^step ' <<<"$ERR" || true)" "no step line without --timings"

"$WOWAH_BUILD/tests/report/mkdataset" "$D" 4
/usr/bin/time -f 'cpu %U %S' -o "$TMP/time" "$WOWAH" load --data-dir "$D" --timings \
	>"$TMP/out" 2>"$TMP/err" || fail "load --timings: $(cat "$TMP/err")"
assert_match "new snapshots .* snapshots in " "$(cat "$TMP/out")" "the load's line on stdout"
bad=$(grep -v -E '^step [a-z_]+ +[0-9]+ ms CPU +[0-9]+ ms wall$' "$TMP/err" || true)
assert_eq "" "$bad" "every stderr line a step's"
steps=$(awk '{ print $2 }' "$TMP/err" | tr '\n' ' ')
assert_match "^schema catalog snapshots item_snapshots .* auction_outcomes .* sale_windows .*commit $" \
	"$steps" "the steps in order"
assert_eq 1 "$(grep -c '^step auction_lifetimes ' "$TMP/err")" "each relation once"
sum=$(awk '{ s += $3 } END { print s }' "$TMP/err")
cpu=$(awk '/^cpu/ { printf "%d", ($2 + $3) * 1000 }' "$TMP/time")
[ "$sum" -gt 0 ] || fail "the steps took no CPU: $(cat "$TMP/err")"
# the steps are inside the process, whose CPU time /usr/bin/time reads in 10 ms ticks
[ "$sum" -le $((cpu + 50)) ] || fail "the steps' CPU $sum ms is more than the process's $cpu ms"
echo "ok"
