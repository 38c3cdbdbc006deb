# lib-cases.sh - the report cases of tests/report/cases.txt as arguments, for the tests
# that run them (t4001 against the expected outputs, t7501 on both engines). Source it.

# case_args LINE: sets CASE_ARGS to the report's arguments (an ITEM of several words, a
# name with spaces, is one argument); returns 1 for a blank or comment line.
case_args() {
	local words w item=()
	[[ -z $1 || $1 == \#* ]] && return 1
	read -r -a words <<<"$1"
	CASE_ARGS=("${words[0]}")
	for w in "${words[@]:1}"; do
		if [[ $w == --* || ${#CASE_ARGS[@]} -gt 1 ]]; then CASE_ARGS+=("$w"); else item+=("$w"); fi
	done
	[ ${#item[@]} -gt 0 ] && CASE_ARGS=("${words[0]}" "${item[*]}" "${CASE_ARGS[@]:1}")
	return 0
}
