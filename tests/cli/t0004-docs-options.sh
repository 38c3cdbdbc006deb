#!/usr/bin/env bash
# Every command `wowah help` lists has its docs/<command>.md, every option its --help
# prints is documented there, and every option documented there exists. A doc documents
# an option in its usage block (the first code block that spells `wowah <command>`), in
# the first cell of a table row or at the start of a list item ("- `--opt ...`: ...").
# New commands are picked up from `wowah help` by themselves.
. "$(dirname "$0")/../lib.sh"

DOCS=$WOWAH_SRC/docs

# help_options CMD: the options `wowah CMD --help` lists, one a line, sorted.
help_options() {
	"$WOWAH" "$1" --help | sed -nE 's/^  (-[a-zA-Z], )?(--[a-z0-9][a-z0-9-]*).*/\2/p'
	echo --help # every command takes it
}

# doc_options FILE CMD: the options FILE documents, one a line.
doc_options() {
	awk -v cmd="wowah $2" '
		/^```/ {
			if (inblock) { inblock = 0; if (usage) done_usage = 1; usage = 0; next }
			inblock = 1; next
		}
		inblock && !done_usage && index($0, cmd) { usage = 1 }
		inblock { if (usage) print; next }
		/^\| *`--/ { split($0, cell, "|"); print cell[2]; next }
		/^- *`--/ { sub(/:.*/, ""); print }
	' "$1" | grep -oE -- '--[a-z0-9][a-z0-9-]*' || true
}

run "$WOWAH" help
assert_eq 0 "$RC" "wowah help"
mapfile -t COMMANDS < <(sed -n '/^commands:/,/^$/p' <<<"$OUT" | sed -nE 's/^  ([a-z][a-z-]*) .*/\1/p')
[ "${#COMMANDS[@]}" -ge 7 ] || fail "wowah help lists ${#COMMANDS[@]} commands: $OUT"

bad=0
for c in "${COMMANDS[@]}"; do
	doc=$DOCS/$c.md
	if [ ! -f "$doc" ]; then
		echo "docs/$c.md is missing: 'wowah help' lists $c" >&2
		bad=1
		continue
	fi
	have=$(help_options "$c" | LC_ALL=C sort -u)
	documented=$(doc_options "$doc" "$c" | LC_ALL=C sort -u)
	[ -n "$(grep -v -- --help <<<"$have")" ] || fail "wowah $c --help lists no options"
	for o in $(LC_ALL=C comm -23 <(echo "$have") <(echo "$documented")); do
		[ "$o" = --help ] && continue
		echo "docs/$c.md does not document $o (wowah $c --help lists it)" >&2
		bad=1
	done
	for o in $(LC_ALL=C comm -13 <(echo "$have") <(echo "$documented")); do
		echo "docs/$c.md documents $o, which wowah $c does not take" >&2
		bad=1
	done
done
[ "$bad" = 0 ] || fail "the docs and the options disagree (above)"
echo "ok (${#COMMANDS[@]} commands: ${COMMANDS[*]})"
