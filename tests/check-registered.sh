#!/usr/bin/env bash
# check-registered.sh - every test file in tests/ is a registered test that runs it, and
# the shell tests follow tests/README's numbering (first digit = the area's directory).
# Reads what meson registered from the build's introspection data.
set -euo pipefail
src=${WOWAH_SRC:?WOWAH_SRC must point at the source tree (meson test sets it)}
build=${WOWAH_BUILD:?WOWAH_BUILD must point at the build tree (meson test sets it)}
intro=$build/meson-info/intro-tests.json
[ -f "$intro" ] || {
	echo "FAIL: $intro is missing; run meson setup again" >&2
	exit 1
}
bad=0
problem() {
	echo "FAIL: registered: $*" >&2
	bad=1
}

# "suite<TAB>name<TAB>command" of every registered test
registered=$(jq -r '.[] | .suite[] as $s | [($s | sub("^[^:]*:"; "")), .name, .cmd[0]] | @tsv' "$intro")

# the area digits from tests/README: lines like "  t1xxx  pull/  ..."
declare -A digit_of
while read -r num dir _; do
	digit_of[${dir%/}]=${num:1:1}
done < <(grep -E '^  t[0-9]xxx +[a-z]+/' "$src/tests/README")
[ "${#digit_of[@]}" -gt 0 ] || problem "no numbering table found in tests/README"

declare -A seen_number
n=0
while IFS= read -r file; do
	rel=${file#"$src"/}
	dir=$(basename "$(dirname "$file")")
	base=$(basename "$file")
	name=${base%.*}
	n=$((n + 1))
	case $base in
	*.c) want=$build/tests/$dir/$name ;;
	*) want=$file ;;
	esac
	grep -qxF "$dir	$name	$want" <<<"$registered" ||
		problem "$rel is not registered as test '$name' of suite '$dir' (add it to tests/$dir/meson.build)"
	[[ $base == *.sh ]] || continue
	number=${name%%-*}
	[[ $number =~ ^t[0-9]{4}$ ]] || {
		problem "$rel: a shell test is named tNNNN-<what>.sh (tests/README)"
		continue
	}
	d=${digit_of[$dir]:-}
	if [ -z "$d" ]; then
		problem "$rel: tests/$dir/ has no digit in tests/README's numbering table"
	elif [ "${number:1:1}" != "$d" ]; then
		problem "$rel: tests in $dir/ are numbered t${d}xxx (tests/README)"
	fi
	if [ -n "${seen_number[$number]:-}" ]; then
		problem "$rel: $number is used by ${seen_number[$number]} too"
	fi
	seen_number[$number]=$rel
done < <(find "$src/tests" -mindepth 2 -maxdepth 2 -type f \
	\( -name 'test-*.c' -o -name 't[0-9]*.sh' \) | LC_ALL=C sort)
[ "$n" -gt 0 ] || problem "no test files found under $src/tests"
[ "$bad" = 0 ] || exit 1
echo "ok ($n test files, each registered)"
