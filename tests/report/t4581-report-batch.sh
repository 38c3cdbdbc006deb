#!/usr/bin/env bash
# wowah report --batch on the fixed dataset (docs/report.md, "--batch"): every case of
# tests/report/cases.txt in every format answered by one process, each frame's bytes those
# of tests/report/expected/ (t4001 holds one process each to them); requests also run one
# process each here, good and bad ones, the frame's bytes and status exactly the process's
# stdout (or stderr line) and exit status; blank and comment lines, quotes, a failing line
# in the middle, a line too long, stdin, the exit statuses and the command line's errors.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-report.sh"
. "$(dirname "$0")/lib-batch.sh"

"$WOWAH_BUILD/tests/report/mkdataset" "$TMP/data" 4
run "$WOWAH" load --data-dir "$TMP/data"
assert_eq 0 "$RC" "load: $ERR"

# 1. Every case in every format, one process (in the sanitizers' pass, each case in one
# format, the formats in turn, as t4001 there).
names=() all=(table csv json) formats=(table csv json) n=0
while IFS= read -r line; do
	case_args "$line" || continue
	n=$((n + 1))
	[ -z "${WOWAH_SANITIZED:-}" ] || formats=("${all[n % 3]}")
	for f in "${formats[@]}"; do
		batch_line "${CASE_ARGS[@]}" --format "$f"
		names+=("$(printf '%s' "$line" | tr ' /' '__').$f")
	done
done <"$WOWAH_SRC/tests/report/cases.txt" >"$TMP/all.txt"
batch_run "$TMP/all.txt" --data-dir "$TMP/data"
assert_eq 0 "$RC" "the cases in one batch: $ERR"
assert_eq "${#names[@]}" "$BATCH_N" "frames of the cases"
for ((k = 1; k <= BATCH_N; k++)); do
	name=${names[k - 1]}
	assert_eq "0 $k" "${BATCH_STATUS[k]} ${BATCH_LINE[k]}" "status and line of $name"
	cmp -s <(printf '%s\n' "$(printf '%s' "${BATCH_BODY[k]}")") "$EXPECTED/$name" ||
		fail "batch answer of $name differs: $(diff <(printf '%s' "${BATCH_BODY[k]}") "$EXPECTED/$name" | head -20)"
done

# 2. Requests each run alone too: the frame holds that process's exact stdout, or its
# stderr line, and its exit status. Between them lines no process would take.
REQS=(
	"price|19019"
	"price|Льняная ткань|--format|csv"
	"top|--limit|3|--format|json"
	"history|Linen Cloth|--daily|--realm|argent-dawn"
	"nosuch"
	"price|999999|--format|csv"
	"movers|--by|7d|--limit|2|--format|csv"
	"top|--limit|0"
	"deals|--threshold|abc"
	"price|Ore"
	"realms|--realm=blackscar|--format|json"
)
export COLUMNS=160
{
	echo "# the requests of t4581, a comment first and a blank line after it"
	echo
	for i in "${!REQS[@]}"; do
		IFS='|' read -r -a words <<<"${REQS[i]}"
		batch_line "${words[@]}"
		[ "$i" != 4 ] || printf '   \t\n  # an indented comment\nprice "no end\nprice Linen Cloth\n'
		[ "$i" != 6 ] || printf 'price %05000d\n' 7
	done
} >"$TMP/mixed.txt"
batch_run "$TMP/mixed.txt" --data-dir "$TMP/data"
assert_eq 1 "$RC" "a batch with failing requests"
assert_eq "wowah: 7 of 14 requests failed, the first on line 7: each frame says why" "$ERR" \
	"the batch's one error line"
want_lines=(3 4 5 6 7 10 11 12 13 14 15 16 17 18)
assert_eq "${want_lines[*]}" "${BATCH_LINE[*]}" "the frames' line numbers (blank and comment lines skipped)"
k=0
for i in "${!REQS[@]}"; do
	k=$((k + 1))
	IFS='|' read -r -a words <<<"${REQS[i]}"
	"$WOWAH" report "${words[@]}" --data-dir "$TMP/data" >"$TMP/one.out" 2>"$TMP/one.err" && RC=0 || RC=$?
	assert_eq "$RC" "${BATCH_STATUS[k]}" "exit status of ${words[*]} in a batch"
	[ "$RC" = 0 ] && want="$TMP/one.out" || want="$TMP/one.err"
	if [ "$RC" != 0 ] && [ -s "$TMP/one.out" ]; then fail "${words[*]} alone: exit $RC with output"; fi
	cmp -s <(printf '%s' "${BATCH_BODY[k]}") "$want" ||
		fail "${words[*]} in a batch is not what one process prints: $(diff <(printf '%s' "${BATCH_BODY[k]}") "$want" | head -20)"
	case $i in
	4)
		assert_eq "2 2" "${BATCH_STATUS[*]:k+1:2}" "the unclosed quote, the unquoted name"
		assert_match "a double quote is not closed" "${BATCH_BODY[k + 1]}" "an unclosed quote"
		assert_match "unexpected argument 'Cloth' after price Linen: an ITEM of several words goes in double quotes" \
			"${BATCH_BODY[k + 2]}" "an item of two words unquoted"
		k=$((k + 2))
		;;
	6)
		assert_eq "wowah: line 14 is longer than 4096 bytes: split the request or shorten it" \
			"${BATCH_BODY[k + 1]%$'\n'}" "a line too long"
		assert_eq "price 000000000000000000000000000000000000000000000000000000..." \
			"${BATCH_REQ[k + 1]}" "a line too long, named by its start"
		k=$((k + 1))
		;;
	esac
done
assert_eq "$BATCH_N" "$k" "frames of the mixed batch"

# 3. The same requests from stdin: the same bytes.
"$WOWAH" report --batch - --data-dir "$TMP/data" <"$TMP/mixed.txt" >"$TMP/stdin.out" 2>/dev/null && RC=0 || RC=$?
assert_eq 1 "$RC" "the mixed batch from stdin"
cmp -s "$TMP/batch.out" "$TMP/stdin.out" || fail "the batch from stdin differs from the file's"

# 4. The command line: where to answer from only; a bad one answers nothing.
printf 'realms\n' >"$TMP/one.txt"
# a request's option is refused even at its default value (--format table, --limit 20):
# the command line's would be ignored
for args in "realms --batch $TMP/one.txt" "--batch $TMP/one.txt --format csv" \
	"--batch $TMP/one.txt --format table" "--batch $TMP/one.txt --limit=20" \
	"--batch $TMP/missing.txt"; do
	# shellcheck disable=SC2086
	run "$WOWAH" report $args --data-dir "$TMP/data"
	assert_eq 2 "$RC" "report $args"
	assert_eq "" "$OUT" "report $args: no frame"
	case $args in *--limit*) assert_match "^wowah: with --batch, --limit goes on a request's line" "$ERR" "report $args" ;; esac
done
assert_match "^wowah: --batch .*/missing.txt: No such file" "$ERR" "a missing FILE"
printf 'realms --data-dir %s\n' "$TMP/data" >"$TMP/dir.txt"
batch_run "$TMP/dir.txt" --data-dir "$TMP/data"
assert_eq "1 2" "$RC ${BATCH_STATUS[1]}" "--data-dir on a request line"
assert_eq "wowah: --data-dir goes on the command line of 'wowah report --batch', not on a request line" \
	"${BATCH_BODY[1]%$'\n'}" "--data-dir on a request line"
echo "ok: ${#names[@]} answers of $n cases and ${#REQS[@]} requests alone, as one process each"
