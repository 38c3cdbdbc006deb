#!/usr/bin/env bash
# The conversion of lifetimes format 1 to format 2 is crash-safe: 'wowah load' on a data
# dir the previous wowah made (tests/fixtures/lifetimes-v1) is killed (SIGKILL) as the
# first converted file appears, as the first manifest is replaced, and after a run of
# delays; after each kill every (region, kind) is format 1 with its files untouched or
# format 2 whole, and the next load converts what is left: auction_lifetimes is then
# the same row for row as before and the snapshots are rebuilt exactly.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-warehouse.sh"
: "${DUCKQ:?meson test sets DUCKQ}"
tar -xJf "$WOWAH_SRC/tests/fixtures/lifetimes-v1/lifetimes-v1.tar.xz" -C "$TMP"
D="$TMP/full"
L="$D/lifetimes/region=eu"
orig=$(cd "$L" && find . -type f | sort | xargs md5sum)

# each group whole: format 1 with the fixture's files as they were, or format 2 with
# every listed file there and readable
check_whole() { # WHAT
	local m g f n
	for m in "$L"/kind=*/manifest.tsv; do
		g=$(dirname "$m")
		case $(head -n 1 "$m") in
		"wowah-lifetimes	1")
			for f in manifest.tsv $(awk -F '\t' 'NR > 1 && $1 != "gen" { print $NF }' "$m"); do
				grep -qF "  ./$(basename "$g")/$f" <<<"$orig" || fail "$1: $g/$f is no fixture file"
				assert_eq "$(grep -F "  ./$(basename "$g")/$f" <<<"$orig")" \
					"$(cd "$L" && md5sum "./$(basename "$g")/$f")" "$1: $g/$f untouched"
			done ;;
		"wowah-lifetimes	2")
			for f in $(awk -F '\t' 'NR > 1 && $1 != "gen" { print $NF }' "$m"); do
				n=$("$DUCKQ" "SELECT count(*) >= 0 FROM read_parquet('$g/$f')") ||
					fail "$1: $g/$f unreadable"
				assert_eq true "$n" "$1: $g/$f"
			done ;;
		*) fail "$1: $m is neither format: $(head -n 1 "$m")" ;;
		esac
	done
}

formats() { cat "$L"/kind=*/manifest.tsv | awk -F '\t' '$1 == "wowah-lifetimes" { print $2 }' | sort | tr '\n' ' '; }

# kill_when WHAT TEST: starts a load and kills it as soon as TEST (a shell condition) holds
kill_when() {
	kill_load "$D" "$2"
	check_whole "$1"
	echo "# killed $1: formats $(formats)"
}

kill_when "as the first converted file appears" 'compgen -G "$L/kind=*/open-5.parquet*" >/dev/null'
assert_match "1" "$(formats)" "a group still format 1 after the first kill"
kill_when "as the first manifest is replaced" 'grep -qs "lifetimes.2" "$L"/kind=*/manifest.tsv'
kill_when "as the next file appears" '[ "$(compgen -G "$L/kind=*/*-5.parquet*" | wc -l)" -gt 3 ]'
# A killed load's status is not asked (kill_load), so under the sanitizers a kill shows
# nothing of its own: there one delay gives the last load a partial conversion to finish.
for ms in $([ -n "${WOWAH_SANITIZED:-}" ] && echo 1000 || echo 100 400 1000 2000 3000); do
	kill_load "$D" "$ms"
	check_whole "after $ms ms"
	echo "# killed after $ms ms: formats $(formats)"
done

run "$WOWAH" load --data-dir "$D"
assert_eq 0 "$RC" "the load after the kills: $ERR"
assert_eq "2 2 2 " "$(formats)" "every group converted"
"$WOWAH" sql --data-dir "$D" --format csv "$FIXTURE_LIFETIMES_Q" >"$TMP/after.csv"
fixture_lifetimes "$D/expected.csv" >"$TMP/expected.csv"
cmp -s "$TMP/expected.csv" "$TMP/after.csv" || fail "auction_lifetimes after the kills differs from before"
rebuild_all "$D" "$D" 5
[ "$REBUILT" -ge 8 ] || fail "only $REBUILT snapshots rebuilt"
