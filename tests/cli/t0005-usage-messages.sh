#!/usr/bin/env bash
# Bad settings are one line and exit 2, at once: a URL that is not one (before, pull
# retried it for 13 s), a NUL byte in .env (before: "missing credentials"; also in
# util/test-config), an empty --data-dir (before: exit 1).
. "$(dirname "$0")/../lib.sh"
cd "$TMP"

timed() { # runs "$@" as run does; SPENT gets the seconds it took
	local t0
	t0=$(date +%s%N)
	run "$@"
	SPENT=$((($(date +%s%N) - t0) / 1000000000))
}

export BLIZZARD_API_CLIENT_ID=id BLIZZARD_API_CLIENT_SECRET=secret
for cmd in pull watch; do
	timed "$WOWAH" $cmd --api-url 'not a url' --data-dir "$TMP/data"
	assert_eq 2 "$RC" "$cmd --api-url 'not a url'"
	assert_eq "wowah: --api-url 'not a url' is not an http:// or https:// URL with a host (such as http://127.0.0.1:8080)" "$ERR" "$cmd --api-url 'not a url'"
	[ "$SPENT" -le 2 ] || fail "$cmd --api-url 'not a url' took $SPENT s"
done
for url in ftp://example.com http:// 'http://exa mple.com' https:///path; do
	WOWAH_OAUTH_URL=$url run "$WOWAH" pull --data-dir "$TMP/data"
	assert_eq 2 "$RC" "WOWAH_OAUTH_URL=$url"
	assert_eq "wowah: --oauth-url '$url' is not an http:// or https:// URL with a host (such as http://127.0.0.1:8080)" "$ERR" "WOWAH_OAUTH_URL=$url"
done
[ ! -e "$TMP/data" ] || fail "a refused pull made the data dir"

unset BLIZZARD_API_CLIENT_ID BLIZZARD_API_CLIENT_SECRET
printf 'BLIZZARD_API_CLIENT_ID=id\nBLIZZARD_API_CLIENT_SECRET=sec\0ret\n' >.env
run "$WOWAH" pull --data-dir "$TMP/data"
assert_eq 2 "$RC" "a NUL in .env"
assert_eq "wowah: .env: a NUL byte on line 2, this is not a text file; fix or remove it" "$ERR" "a NUL in .env"
rm .env

for cmd in pull watch import load report sql; do
	run "$WOWAH" $cmd --data-dir ''
	assert_eq 2 "$RC" "$cmd --data-dir ''"
	assert_eq "wowah: --data-dir: the value is empty; give a DIR" "$ERR" "$cmd --data-dir ''"
done
run "$WOWAH" load --data-dir=
assert_eq 2 "$RC" "load --data-dir="
# an empty variable is no setting: the default applies, as before
WOWAH_DATA_DIR= run "$WOWAH" load
assert_eq "wowah: data dir ./wowah-data (pull or import some snapshots first): No such file or directory" "$ERR" "WOWAH_DATA_DIR="
echo "ok"
