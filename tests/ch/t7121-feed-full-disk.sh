#!/usr/bin/env bash
# wowah feed and full disks. The feed writes one file of its own, DATA_DIR/feed.lock (no
# bytes): a data dir on a full tmpfs feeds as well as any. What it fills is ClickHouse's
# disk: a server whose data path (a small tmpfs) fills up during a feed makes it exit 1
# with one line that names the file and says the disk is full; nothing half-written is
# left in ClickHouse; once space is freed the next feed completes, every snapshot exactly
# once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pull/lib-pull.sh"
. "$(dirname "$0")/lib-ch.sh"
MNT="$TMP/mnt" # the data dir's disk
CHD="$TMP/ch/n11/data" # the server's data path
mkdir -p "$MNT" "$CHD"
mount -t tmpfs -o size=64m tmpfs "$CHD" || fail "cannot mount a tmpfs (the tests run as root)"
ch_test_start
trap 'rc=$?; stop_sim; ch_stop "$CH_DIR" kill; umount "$MNT" "$CHD" 2>/dev/null || true; (exit $rc); cleanup' EXIT

start_sim --realms 3 --auctions-per-realm 500 --commodities 1000 --seed 21
wpull --items --token >/dev/null 2>&1 || fail "pull 1"

# fill DIR: leaves no byte free on the tmpfs mounted at DIR
fill() { dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null || true; }
fed() { chq "SELECT uniqExact(path) FROM wowah.fed_snapshots WHERE state = 1"; }

# 1. The data dir on a full disk: feed.lock is its one file there, and it holds nothing.
mount -t tmpfs -o size=16m tmpfs "$MNT" || fail "cannot mount a tmpfs"
cp -a "$DATA" "$MNT/data"
fill "$MNT"
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$MNT/data"
assert_eq 0 "$RC" "feed from a data dir on a full disk: $ERR"
assert_match "^fed 5 snapshots" "$OUT" "feed from a data dir on a full disk"
assert_eq 0 "$(stat -c %s "$MNT/data/feed.lock")" "feed.lock's size"
ch_assert_exact "$MNT/data" wowah

# 2. ClickHouse's disk fills up during a feed of three more hours.
for h in 2 3 4; do
	sim_post "/sim/advance?hours=1"
	wpull --items --token >/dev/null 2>&1 || fail "pull $h"
done
before=$(fed)
fill "$CHD"
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA"
assert_eq 1 "$RC" "feed onto a full disk: exit ($OUT)"
FULL_RE="^wowah: the disk is full: cannot write $CHD/[^ ]+ on ClickHouse at $CH_URL \(No space left on device\); nothing of it was kept: free some space on the server and run again$"
assert_match "$FULL_RE" "$ERR" "feed onto a full disk"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "feed onto a full disk: one line"
assert_eq "$before" "$(fed)" "no snapshot finished on a full disk"
rm -f "$CHD/filler"
run "$WOWAH" feed --clickhouse "$CH_URL" --data-dir "$DATA"
assert_eq 0 "$RC" "feed after space was freed: $ERR"
ch_assert_exact "$DATA" wowah
assert_eq "$(tail -n +2 "$DATA/catalog.tsv" | wc -l)" "$(fed)" "every snapshot finished"
echo ok
