#!/usr/bin/env bash
# The man pages and the bash and zsh completion the build generates from the command and
# option tables (src/cli/gendoc/): every command of `wowah help` has its page, every
# option of `wowah CMD --help` is on it and completes, and nothing else does; man renders
# each page without a warning; bash really completes commands, options, choices and
# directories; zsh reads its file; `meson install` puts them beside the binary.
. "$(dirname "$0")/../lib.sh"

GEN=$WOWAH_BUILD/src/cli/gendoc
BASHC=$GEN/wowah
ZSHC=$GEN/_wowah
for f in "$GEN/man1/wowah.1" "$BASHC" "$ZSHC"; do assert_file "$f"; done

# complete WORD...: what bash's completion offers for `wowah WORD...`, the last word
# being the one under the cursor; one a line, sorted.
complete_words() {
	bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=(wowah "$@"); COMP_CWORD=$#
		COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
		_wowah
		printf "%s\n" "${COMPREPLY[@]}"' complete "$BASHC" "$@" | LC_ALL=C sort | sed '/^$/d'
}

# The options `wowah CMD --help` lists (as t0004 reads them), sorted.
help_options() {
	{ "$WOWAH" "$1" --help | sed -nE 's/^  (--[a-z0-9][a-z0-9-]*).*/\1/p'; echo --help; } |
		LC_ALL=C sort -u
}

# The options a rendered man page describes: its OPTIONS section's tagged lines.
man_options() {
	MANWIDTH=200 man -l "$1" 2>/dev/null | col -b |
		sed -n '/^OPTIONS/,/^[A-Z]/p' | sed -nE 's/^ {7}(--[a-z0-9][a-z0-9-]*).*/\1/p' |
		LC_ALL=C sort -u
}

run bash --norc -c ". '$BASHC' && complete -p wowah"
assert_eq 0 "$RC" "sourcing the bash completion"
assert_eq "complete -F _wowah wowah" "$OUT" "complete -p wowah"

run "$WOWAH" help
mapfile -t COMMANDS < <(sed -n '/^commands:/,/^$/p' <<<"$OUT" | sed -nE 's/^  ([a-z][a-z-]*) .*/\1/p')
[ "${#COMMANDS[@]}" -ge 7 ] || fail "wowah help lists ${#COMMANDS[@]} commands"

# One page per command and the tool's own, no other.
pages=$(cd "$GEN/man1" && ls | LC_ALL=C sort)
want=$({ echo wowah.1; printf 'wowah-%s.1\n' "${COMMANDS[@]}"; } | LC_ALL=C sort)
assert_eq "$want" "$pages" "the generated man pages"

# Each page renders without a warning, and names itself.
for p in "$GEN"/man1/*.1; do
	run man --warnings -l "$p"
	assert_eq 0 "$RC" "man -l $(basename "$p")"
	assert_eq "" "$ERR" "man's warnings on $(basename "$p")"
	name=$(basename "$p" .1)
	assert_match "^${name^^}\(1\)" "$OUT" "the title of $name(1)"
done
MANWIDTH=200 run man -l "$GEN/man1/wowah.1"
for c in "${COMMANDS[@]}"; do
	grep -qE "see wowah-$c\(1\)" <<<"$OUT" || fail "wowah(1) does not list $c"
done

# The top level: the commands and the tool's two options.
assert_eq "$(printf '%s\n' "${COMMANDS[@]}" help --help --version | LC_ALL=C sort)" \
	"$(complete_words '')" "bash: wowah <TAB>"
assert_eq "$(printf '%s\n' "${COMMANDS[@]}" | LC_ALL=C sort)" "$(complete_words help '')" \
	"bash: wowah help <TAB>"
assert_eq "pull" "$(complete_words pu)" "bash: wowah pu<TAB>"

bad=0
for c in "${COMMANDS[@]}"; do
	have=$(help_options "$c")
	# every option and only those: on the page, in bash's answer to --<TAB>, in zsh's file
	assert_eq "$have" "$(man_options "$GEN/man1/wowah-$c.1")" "the options on wowah-$c(1)"
	assert_eq "$have" "$(complete_words "$c" --)" "bash: wowah $c --<TAB>"
	# ('*--at': an option given more than once is offered again)
	zsh_has=$(sed -n "/^\t$c)/,/;;/p" "$ZSHC" | grep -oE "^\s+'\*?--[a-z0-9-]+" |
		tr -d " \t'*" | LC_ALL=C sort -u)
	assert_eq "$have" "$zsh_has" "zsh: the options of wowah $c"
	# a choice completes to its words, as --help spells them
	while read -r opt choices; do
		[ -n "$opt" ] || continue
		assert_eq "$(tr '|' '\n' <<<"$choices" | LC_ALL=C sort)" \
			"$(complete_words "$c" "$opt" '')" "bash: wowah $c $opt <TAB>"
		bad=$((bad + 1))
	done < <("$WOWAH" "$c" --help | sed -nE 's/^  (--[a-z0-9-]+) ([a-z0-9]+(\|[a-z0-9]+)+) .*/\1 \2/p')
done
[ "$bad" -ge 2 ] || fail "only $bad choice options were checked (sql and report have --format)"
# an option that may be given more than once: zsh offers it again, the page says so
sed -n "/^\tsnapshot)/,/;;/p" "$ZSHC" | grep -qE "^\s+'\*--at\[" || fail "zsh: snapshot's --at not repeatable"
grep -q "more than once" "$GEN/man1/wowah-snapshot.1" || fail "wowah-snapshot(1): --at repeats"

# A DIR value completes to directories only.
mkdir "$TMP/data-a" "$TMP/data-b" && : >"$TMP/data-file"
assert_eq "$(printf '%s\n' "$TMP/data-a" "$TMP/data-b")" \
	"$(complete_words load --data-dir "$TMP/data")" "bash: wowah load --data-dir DIR<TAB>"

# zsh reads its file (and defines the completion function when autoloaded).
command -v zsh >/dev/null || fail "zsh is missing: run scripts/bootstrap"
run zsh -n "$ZSHC"
assert_eq 0 "$RC" "zsh -n _wowah: $ERR"
run zsh -fc "fpath=('$GEN' \$fpath); autoload -Uz _wowah && whence -w _wowah"
assert_eq "_wowah: function" "$OUT" "zsh autoloads _wowah"

# meson install puts the pages and the completion beside the binary.
run meson install -C "$WOWAH_BUILD" --no-rebuild --destdir "$TMP/root"
assert_eq 0 "$RC" "meson install: $ERR"
prefix=$(meson introspect --buildoptions "$WOWAH_BUILD" | python3 -c '
import json, sys
print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
root=$TMP/root$prefix
assert_file "$root/bin/wowah"
for c in "${COMMANDS[@]}"; do assert_file "$root/share/man/man1/wowah-$c.1"; done
assert_file "$root/share/man/man1/wowah.1"
cmp "$BASHC" "$root/share/bash-completion/completions/wowah" || fail "bash completion not installed"
cmp "$ZSHC" "$root/share/zsh/site-functions/_wowah" || fail "zsh completion not installed"
run "$root/bin/wowah" --version
assert_eq 0 "$RC" "the installed wowah runs: $ERR"
echo "ok (${#COMMANDS[@]} commands, $bad choice options)"
