#!/usr/bin/env bash
# The data dir itself: read-only, another user's, a missing parent, a file. Each command
# that would write says so in one line (exit 1 for what the system refuses, 2 for a
# --data-dir that cannot be right) and changes nothing; the readers (sql, report, a
# check by fsck) still read a read-only one.
. "$(dirname "$0")/../lib.sh"
chmod 755 "$TMP" # the other user must reach the data dir to be refused by it
F="$FIXTURES/us5_realm_auctions_2020-09-15_A.json.gz"
D="$TMP/data"
"$WOWAH" import --data-dir "$D" --region us --realm 5 --at 2020-09-15T10:00:00Z "$F" >/dev/null
"$WOWAH" load --data-dir "$D" >/dev/null
export BLIZZARD_API_CLIENT_ID=x BLIZZARD_API_CLIENT_SECRET=y

state() { (cd "$TMP" && find . ! -name out ! -name err -printf '%p %s %m %u\n' | sort &&
	find . -type f ! -name out ! -name err -exec md5sum {} + | sort) | md5sum; }

# each DIR EXIT REGEX what [run prefix...]: every writing command on DIR exits EXIT with
# one line matching REGEX
WRITERS=("pull --api-url http://127.0.0.1:9 --oauth-url http://127.0.0.1:9/t"
	"watch --api-url http://127.0.0.1:9 --oauth-url http://127.0.0.1:9/t"
	"import --region us --realm 5 --at 2020-09-15T11:00:00Z $F" "load" "fsck --repair")
READERS=("sql SELECT count(*) FROM auctions" "report top --format csv" "fsck")
each() {
	local dir=$1 want=$2 re=$3 what=$4 cmd args
	shift 4
	for cmd in "${WRITERS[@]}"; do
		read -r -a args <<<"$cmd"
		run "$@" "$WOWAH" "${args[@]}" --data-dir "$dir"
		assert_eq "$want" "$RC" "${args[0]} $what: exit ($OUT)"
		assert_match "$re" "$ERR" "${args[0]} $what"
		assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "${args[0]} $what: one line"
	done
}
readers_work() { # dir what [run prefix...]
	local dir=$1 what=$2 cmd args
	shift 2
	for cmd in "${READERS[@]}"; do
		read -r -a args <<<"$cmd"
		run "$@" "$WOWAH" "${args[@]}" --data-dir "$dir"
		assert_eq 0 "$RC" "${args[0]} $what: $ERR"
	done
}

# 1. read-only: the data dir bind-mounted read-only onto itself
RO="$D"
trap 'rc=$?; umount "$RO" 2>/dev/null || true; (exit $rc); cleanup' EXIT
mount --bind "$D" "$RO" && mount -o remount,bind,ro "$RO" || fail "cannot mount (the tests run as root)"
BEFORE=$(state)
each "$RO" 1 "^wowah: cannot write in the data dir $RO \(sql and report only read it\): Read-only file system$" "read-only"
readers_work "$RO" "read-only"
assert_eq "$BEFORE" "$(state)" "read-only: nothing changed"
umount "$RO"

# 2. another user's: root's data dir, wowah run as nobody
AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME=/nonexistent)
each "$D" 1 "^wowah: cannot write in the data dir $D \(owned by root, mode 0755; this is nobody\): Permission denied$" \
	"as another user" "${AS[@]}"
readers_work "$D" "as another user (the files are world-readable)" "${AS[@]}"
chmod 700 "$D"
for cmd in "${READERS[@]}"; do
	read -r -a args <<<"$cmd"
	run "${AS[@]}" "$WOWAH" "${args[@]}" --data-dir "$D"
	assert_eq 1 "$RC" "${args[0]} of a private data dir as another user: exit ($OUT)"
	assert_eq "wowah: cannot read the data dir $D (owned by root, mode 0700; this is nobody): Permission denied" \
		"$ERR" "${args[0]} of a private data dir as another user"
done
chmod 755 "$D"
# a new data dir in someone else's directory
run "${AS[@]}" "$WOWAH" import --data-dir "$TMP/new" --region us --realm 5 "$F"
assert_eq 1 "$RC" "a new data dir in another user's directory"
assert_match "^wowah: cannot make a directory in the parent of the data dir $TMP \(owned by root, mode 0755; this is nobody\): Permission denied$" \
	"$ERR" "a new data dir in another user's directory"
assert_eq "$BEFORE" "$(state)" "another user: nothing changed"

# 3. a missing parent: a mistyped path is not made; those that need the dir say so
M="$TMP/no/such/data"
for cmd in "${WRITERS[@]:0:3}"; do
	read -r -a args <<<"$cmd"
	run "$WOWAH" "${args[@]}" --data-dir "$M"
	assert_eq 2 "$RC" "${args[0]} with a missing parent: exit"
	assert_eq "wowah: data dir $M: its parent $TMP/no/such does not exist; create that first, or check --data-dir" \
		"$ERR" "${args[0]} with a missing parent"
done
for cmd in load "sql SELECT 1" "report top" fsck "fsck --repair"; do
	read -r -a args <<<"$cmd"
	run "$WOWAH" "${args[@]}" --data-dir "$M"
	assert_eq 1 "$RC" "${args[0]} with a missing data dir: exit"
	assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "${args[0]} with a missing data dir: one line"
	assert_match "$M" "$ERR" "${args[0]} with a missing data dir names it"
done
[ ! -e "$TMP/no" ] || fail "a missing parent was made"

# 4. a file
echo "not a dir" >"$TMP/file"
BEFORE=$(state)
for cmd in "${WRITERS[@]}" "${READERS[@]}"; do
	read -r -a args <<<"$cmd"
	run "$WOWAH" "${args[@]}" --data-dir "$TMP/file"
	assert_eq 2 "$RC" "${args[0]} on a file: exit"
	assert_eq "wowah: data dir $TMP/file is a file, not a directory; check --data-dir" "$ERR" \
		"${args[0]} on a file"
done
assert_eq "not a dir" "$(cat "$TMP/file")" "the file is unchanged"
assert_eq "$BEFORE" "$(state)" "nothing else changed"
echo ok
