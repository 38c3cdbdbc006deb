#!/usr/bin/env bash
# The command line itself: help, version, unknown commands and options, exit codes.
. "$(dirname "$0")/../lib.sh"

run "$WOWAH" --version
assert_eq 0 "$RC" "--version exit"
assert_match '^wowah [0-9]+\.[0-9]+\.[0-9]+$' "$OUT" "--version output"

run "$WOWAH" help
assert_eq 0 "$RC" "help exit"
for c in import load pull report sim sql watch; do
	assert_match "  $c " "$OUT" "help lists $c"
done

run "$WOWAH"
assert_eq 2 "$RC" "no command exit"

run "$WOWAH" frobnicate
assert_eq 2 "$RC" "unknown command exit"
assert_eq "wowah: unknown command 'frobnicate' (see 'wowah help')" "$ERR" "unknown command message"

run "$WOWAH" s
assert_eq 2 "$RC" "ambiguous prefix exit"
assert_match "ambiguous command 's', could be: serve, sim, snapshot, sql" "$ERR" "ambiguous message"

for c in import load pull report sim sql watch; do
	run "$WOWAH" "$c" --help
	assert_eq 0 "$RC" "$c --help exit"
	assert_match "^usage: wowah $c" "$OUT" "$c --help usage line"
	run "$WOWAH" "$c" --no-such-option
	assert_eq 2 "$RC" "$c unknown option exit"
	assert_eq "wowah: unknown option '--no-such-option' (see 'wowah $c --help')" "$ERR" "$c unknown option message"
done

run "$WOWAH" help sim
assert_eq 0 "$RC" "help sim exit"
assert_match "^usage: wowah sim" "$OUT" "help sim is sim --help"
echo "ok"
