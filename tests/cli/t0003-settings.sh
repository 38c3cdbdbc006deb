#!/usr/bin/env bash
# Where a setting comes from: the flag, else the environment, else ./.env, else the
# default; an empty environment value counts as unset; a broken .env is a configuration
# error (exit 2) naming the file and line, never its values. Seen through what `wowah
# import` writes where.
. "$(dirname "$0")/../lib.sh"

F=$FIXTURES/apwc_realm_auctions_us4.json
cd "$TMP"

# imp [args...]: imports one small realm body; the region and data dir come from the layers.
imp() { run "$WOWAH" import --realm 4 --at 2023-01-01T00:00:00Z "$@" "$F"; }

# written DIR REGION: DIR got the snapshot, catalogued under REGION.
written() {
	assert_file "$1/catalog.tsv"
	grep -q "$2" <(find "$1/auctions" -name '*.parquet') || fail "$1 holds no region=$2 file"
}

# the default, with the region from the flag
imp --region us
assert_eq 0 "$RC" "import into the default data dir: $ERR"
written wowah-data us

# .env gives both
printf 'WOWAH_DATA_DIR=%s\nBLIZZARD_API_REGION=eu\n' "$TMP/dotenv" >.env
imp
assert_eq 0 "$RC" "import with .env settings: $ERR"
written dotenv eu

# the environment beats .env; an empty value is unset, so .env answers
WOWAH_DATA_DIR=$TMP/env BLIZZARD_API_REGION= imp
assert_eq 0 "$RC" "import with the environment: $ERR"
written env eu

# the flag beats both
WOWAH_DATA_DIR=$TMP/env BLIZZARD_API_REGION=kr imp --data-dir "$TMP/flag" --region tw
assert_eq 0 "$RC" "import with flags: $ERR"
written flag tw
[ -z "$(find env -path '*region=kr*')" ] || fail "the environment beat the flag"

# a broken .env: exit 2, the file and line named, the text not echoed
printf '# settings\n\nBLIZZARD_API_CLIENT_SECRET=s3cr3t\nnot-a-setting-s3cr3t\n' >.env
imp --region us
assert_eq 2 "$RC" "a broken .env"
assert_match '\.env: line 4 is not KEY=VALUE' "$ERR" "the bad line named"
[[ $ERR != *s3cr3t* ]] || fail "the .env's text was printed: $ERR"
echo ok
