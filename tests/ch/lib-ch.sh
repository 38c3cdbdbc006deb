# lib-ch.sh - local ClickHouse servers for tests, benches and scripts/clickhouse-dev.
#
# Plain processes on 127.0.0.1 under one directory, on free ports, stopped by their PIDs
# (files DIR/*.pid). One server, or a cluster named "wowah" of N shards x R replicas;
# every cluster gets a ZooKeeper, which distributed DDL (ON CLUSTER) and
# ReplicatedMergeTree need. Configs use the <clickhouse> root, which 18.16 and current
# releases both read (../shared/docs/clickhouse-18.16.md). Source it, then:
#   ch_start DIR [SHARDS [REPLICAS]]   starts them, prints the first server's URL
#   ch_stop DIR [kill]                 stops every process it started there (kill: at
#                                      once with SIGKILL, for tests that discard DIR)
#   ch_status DIR                      one line per process: name, pid, up/down, URL
#   ch_url DIR [NODE]                  the HTTP URL of a node (default: the first, n11)
#   ch_kill DIR NODE / ch_restart DIR NODE   kill -9 a node / start it again
# Nodes are named n<shard><replica>: n11, n12, n21, ...

# ch_port: a free TCP port on 127.0.0.1, below the kernel's ephemeral range (from 10000):
# a node killed and started again needs its port back (the cluster's config names it), and
# every outgoing connection of any process takes its local port from that range (t7006
# once lost n22 so: "Address already in use" on its restart). A range that starts too low
# for that leaves the kernel to choose.
ch_port() {
	python3 - <<'PY'
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", random.randrange(10000, low) if low > 11000 else 0))
    except OSError:
        continue
    print(s.getsockname()[1])
    break
PY
}

ch__pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

# ch__listens PID PORT: PID (-: any process) holds the listening socket of PORT (in
# /proc/net/tcp or tcp6, so a Java server counts too). A port from ch_port is only free
# when asked: a server of another test running at the same time can bind it first, ours
# then dies on "Address already in use", and /ping on the port answers Ok from the other
# test's server.
ch__listens() {
	python3 - "$1" "$2" <<'PY'
import os, sys
pid, port, inodes = sys.argv[1], int(sys.argv[2]), set()
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    for line in open(table).readlines()[1:]:
        f = line.split()
        if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:
            inodes.add("socket:[%s]" % f[9])
if pid == "-":
    sys.exit(0 if inodes else 1)
try:
    fds = os.listdir("/proc/%s/fd" % pid)
except OSError:
    sys.exit(1)
for fd in fds:
    try:
        if os.readlink("/proc/%s/fd/%s" % (pid, fd)) in inodes:
            sys.exit(0)
    except OSError:
        pass
sys.exit(1)
PY
}

ch__users_xml() {
	cat <<'XML'
<clickhouse>
 <profiles><default><max_memory_usage>4000000000</max_memory_usage></default>
  <readonly><readonly>1</readonly></readonly></profiles>
 <users>
  <default><password></password><networks><ip>127.0.0.1</ip></networks>
   <profile>default</profile><quota>default</quota></default>
  <wowah><password>wowah-dev</password><networks><ip>127.0.0.1</ip></networks>
   <profile>default</profile><quota>default</quota></wowah>
 </users>
 <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
  <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
 </interval></default></quotas>
</clickhouse>
XML
}

ch__node_config() { # dir node http tcp inter
	local d=$1/$2
	mkdir -p "$d/log" "$d/data/tmp" "$d/data/user_files" "$d/data/format_schemas" "$d/config.d"
	cat >"$d/config.xml" <<XML
<clickhouse>
 <logger><level>information</level><log>$d/log/server.log</log>
  <errorlog>$d/log/server.err.log</errorlog><size>100M</size><count>2</count></logger>
 <listen_host>127.0.0.1</listen_host><http_port>$3</http_port><tcp_port>$4</tcp_port>
 <interserver_http_port>$5</interserver_http_port><interserver_http_host>127.0.0.1</interserver_http_host>
 <path>$d/data/</path><tmp_path>$d/data/tmp/</tmp_path>
 <user_files_path>$d/data/user_files/</user_files_path>
 <format_schema_path>$d/data/format_schemas/</format_schema_path>
 <users_config>$d/users.xml</users_config><default_profile>default</default_profile>
 <default_database>default</default_database><mark_cache_size>268435456</mark_cache_size>
 <uncompressed_cache_size>268435456</uncompressed_cache_size><timezone>UTC</timezone>
 <max_concurrent_queries>50</max_concurrent_queries>
</clickhouse>
XML
	ch__users_xml >"$d/users.xml"
}

ch__spawn_node() { # dir node
	local d=$1/$2
	(cd "$d" && exec clickhouse-server --config-file="$d/config.xml" >"$d/log/stdout" 2>&1) &
	echo $! >"$d.pid"
}

# ch__wait_own PID PORT TRIES LOG CHECK...: 0 once CHECK succeeds and PID listens on PORT
# (tries every 0.1 s); 2 when PID died on a port taken first (LOG says so: ch_start then
# starts again on other ports); 1 else.
ch__wait_own() {
	local pid=$1 port=$2 tries=$3 log=$4 i
	shift 4
	for ((i = 0; i < tries && $(ch__pid_alive "$pid" && echo 1 || echo 0); i++)); do
		"$@" && ch__listens "$pid" "$port" && return 0
		sleep 0.1
	done
	# ZooKeeper logs nothing here (no SLF4J binding): the port's other listener says it
	{ grep -qs "Address already in use" "$log" || ch__listens - "$port"; } && return 2
	return 1
}

ch__pinged() { [ "$(curl -s --max-time 1 "http://127.0.0.1:$1/ping" 2>/dev/null)" = "Ok." ]; }

# ch__zk_ok PORT: ZooKeeper serves sessions. Its `ruok` says imok as soon as it listens,
# before it serves: a node started then had its handshakes closed and ClickHouse 18.16
# crashed in ZooKeeper::createImpl (t7362 once, on a loaded machine); `srvr` says
# "Mode: standalone" only once it serves.
ch__zk_ok() {
	echo srvr | timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1; cat >&3; cat <&3" 2>/dev/null |
		grep -q '^Mode: '
}

ch__wait_node() { # dir node: as ch__wait_own
	local d=$1/$2 port rc=0
	port=$(cat "$d/http_port")
	ch__wait_own "$(cat "$1/$2.pid")" "$port" 600 "$d/log/server.err.log" ch__pinged "$port" || rc=$?
	[ "$rc" != 1 ] || echo "lib-ch: clickhouse-server $2 did not answer /ping (see $d/log/)" >&2
	return "$rc"
}

ch__start_zk() { # dir: as ch__wait_own
	local z=$1/zk port rc=0
	port=$(ch_port)
	mkdir -p "$z/conf" "$z/data" "$z/log"
	cat >"$z/conf/zoo.cfg" <<CFG
tickTime=500
initLimit=10
syncLimit=5
dataDir=$z/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=srvr
CFG
	echo "$port" >"$z/port"
	(cd "$z" && exec java -Xmx256m -Dzookeeper.log.dir="$z/log" -cp "$z/conf:/usr/share/java/zookeeper.jar" \
		org.apache.zookeeper.server.ZooKeeperServerMain "$z/conf/zoo.cfg" >"$z/log/stdout" 2>&1) &
	echo $! >"$z.pid"
	ch__wait_own "$(cat "$z.pid")" "$port" 300 "$z/log/stdout" ch__zk_ok "$port" || rc=$?
	[ "$rc" != 1 ] || echo "lib-ch: ZooKeeper did not start (see $z/log/)" >&2
	return "$rc"
}

ch_start() { # dir [shards [replicas]]
	local dir=$1 try rc
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if ls "$dir"/*.pid >/dev/null 2>&1; then
		echo "lib-ch: $dir already has servers (ch_stop it first)" >&2
		return 1
	fi
	for try in 1 2 3; do
		ch__start_once "$dir" "${2:-1}" "${3:-1}" && return 0
		rc=$?
		ch_stop "$dir" kill
		((rc == 2)) || return 1
		echo "lib-ch: a port was taken by another process; starting again on others" >&2
		rm -rf "$dir"/n[0-9]* "$dir/zk"
	done
	return 1
}

ch__start_once() { # dir shards replicas: as ch_start; 2 when a port was taken
	local dir=$1 shards=$2 replicas=$3 s r n zk cluster=""
	echo "$shards $replicas" >"$dir/layout"
	for ((s = 1; s <= shards; s++)); do
		for ((r = 1; r <= replicas; r++)); do
			n=n$s$r
			ch__node_config "$dir" "$n" "$(ch_port)" "$(ch_port)" "$(ch_port)"
			grep -o '<http_port>[0-9]*' "$dir/$n/config.xml" | cut -d'>' -f2 >"$dir/$n/http_port"
			grep -o '<tcp_port>[0-9]*' "$dir/$n/config.xml" | cut -d'>' -f2 >"$dir/$n/tcp_port"
		done
	done
	if ((shards * replicas > 1)); then
		ch__start_zk "$dir" || return
		zk=$(cat "$dir/zk/port")
		cluster="<remote_servers><wowah>"
		for ((s = 1; s <= shards; s++)); do
			cluster+="<shard><internal_replication>$([ "$replicas" -gt 1 ] && echo true || echo false)</internal_replication>"
			for ((r = 1; r <= replicas; r++)); do
				cluster+="<replica><host>127.0.0.1</host><port>$(cat "$dir/n$s$r/tcp_port")</port></replica>"
			done
			cluster+="</shard>"
		done
		cluster+="</wowah></remote_servers>"
		for ((s = 1; s <= shards; s++)); do
			for ((r = 1; r <= replicas; r++)); do
				cat >"$dir/n$s$r/config.d/cluster.xml" <<XML
<clickhouse>$cluster
 <zookeeper><node><host>127.0.0.1</host><port>$zk</port></node></zookeeper>
 <macros><shard>$s</shard><replica>r$r</replica></macros>
 <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
</clickhouse>
XML
			done
		done
	fi
	# all at once, then wait for each: a loaded machine starts them in parallel
	for ((s = 1; s <= shards; s++)); do
		for ((r = 1; r <= replicas; r++)); do
			ch__spawn_node "$dir" "n$s$r"
		done
	done
	for ((s = 1; s <= shards; s++)); do
		for ((r = 1; r <= replicas; r++)); do
			ch__wait_node "$dir" "n$s$r" || return
		done
	done
	ch_url "$dir"
}

ch_url() { # dir [node]
	echo "http://127.0.0.1:$(cat "$1/${2:-n11}/http_port")"
}

ch_kill() { # dir node: kill -9, as a crash
	local pid
	pid=$(cat "$1/$2.pid" 2>/dev/null) || return 0
	kill -9 "$pid" 2>/dev/null
	while ch__pid_alive "$pid"; do sleep 0.05; done
	rm -f "$1/$2.pid"
}

ch_restart() { # dir node
	ch__spawn_node "$1" "$2"
	ch__wait_node "$1" "$2"
}

ch__stop_pid() { # pidfile [kill]: TERM, then KILL after 20 s
	local pid i
	pid=$(cat "$1" 2>/dev/null) || return 0
	if [ "${2:-}" = kill ]; then
		kill -9 "$pid" 2>/dev/null
		while ch__pid_alive "$pid"; do sleep 0.05; done
	elif ch__pid_alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 200 && $(ch__pid_alive "$pid" && echo 1 || echo 0); i++)); do sleep 0.1; done
		ch__pid_alive "$pid" && kill -9 "$pid" 2>/dev/null
		while ch__pid_alive "$pid"; do sleep 0.05; done
	fi
	rm -f "$1"
}

ch_stop() { # dir [kill]
	local f
	for f in "$1"/n*.pid; do
		[ -e "$f" ] && ch__stop_pid "$f" "${2:-}"
	done
	[ -e "$1/zk.pid" ] && ch__stop_pid "$1/zk.pid" "${2:-}"
	return 0
}

ch_status() { # dir
	local f name pid state url
	for f in "$1"/n*.pid "$1"/zk.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		pid=$(cat "$f")
		state=down
		ch__pid_alive "$pid" && state=up
		url=""
		[ "$name" = zk ] && url="127.0.0.1:$(cat "$1/zk/port")"
		[ "$name" != zk ] && url=$(ch_url "$1" "$name")
		echo "$name $pid $state $url"
	done
}

# --- For the shell tests of tests/ch/ (source after tests/lib.sh) ---

# ch_test_start [SHARDS [REPLICAS]]: servers under $TMP/ch, killed when the test exits;
# sets CH_DIR and CH_URL (the first node).
ch_test_start() {
	CH_DIR=$TMP/ch
	CH_URL=$(ch_start "$CH_DIR" "${1:-1}" "${2:-1}") || {
		ch_stop "$CH_DIR" kill
		fail "ClickHouse did not start (see $CH_DIR)"
	}
	trap ch__on_exit EXIT
}

# ch_sim_test_start: ch_test_start, and the simulator (start_sim) stopped at the exit too.
ch_sim_test_start() {
	ch_test_start
	trap 'rc=$?; set +e; stop_sim; ch__status "$rc"; ch__on_exit' EXIT
}

# The test's end: kill what it started (CH_KILL_PIDS: its own background processes), then
# lib.sh's cleanup, which keeps $TMP when the test failed.
ch__on_exit() {
	local rc=$?
	set +e
	[ -n "${CH_KILL_PIDS:-}" ] && kill -9 $CH_KILL_PIDS 2>/dev/null
	ch_stop "$CH_DIR" kill
	ch__status "$rc"
	cleanup
}
ch__status() { return "$1"; }

# chq SQL [URL]: the answer of ClickHouse (TabSeparated unless SQL says FORMAT), or fail.
chq() {
	local out
	out=$(curl -sS --fail-with-body "${2:-$CH_URL}/" --data-binary "$1") || fail "ClickHouse: $1: $out"
	printf '%s\n' "$out"
}

# The catalogued auction files of DATA, as a DuckDB list literal (a daily file once).
ch__parquet_list() {
	tail -n +2 "$1/catalog.tsv" | awk -F'\t' -v d="$1" '$2 != "token" && !seen[$10]++ { printf "%s'\''%s/%s'\''", n++ ? ", " : "[", d, $10 } END { print n ? "]" : "[]" }'
}

# Per snapshot: region, realm, house, time, rows and the sums of quantity, buyout, bid and
# unit price, from the Parquet files through DuckDB ...
ch_parquet_sums() { # DATA
	"$DUCKQ" "SELECT region, realm_id, coalesce(auction_house_id, -1), epoch(snapshot_ts)::BIGINT, count(*),
		coalesce(sum(quantity), 0), coalesce(sum(buyout), 0), coalesce(sum(bid), 0),
		coalesce(sum(unit_price), 0) FROM read_parquet($(ch__parquet_list "$1"),
		hive_partitioning = false) GROUP BY ALL ORDER BY ALL"
}

# ... and from ClickHouse (count() without FINAL).
ch_sums() { # DATABASE [URL]
	chq "SELECT region, realm_id, ifNull(auction_house_id, -1), toUInt32(snapshot_ts), count(),
		sum(quantity), ifNull(sum(buyout), 0), ifNull(sum(bid), 0), ifNull(sum(unit_price), 0)
		FROM $1.auctions GROUP BY region, realm_id, auction_house_id, snapshot_ts
		ORDER BY region, realm_id, ifNull(auction_house_id, -1), toUInt32(snapshot_ts)" "${2:-}"
}

# ch__sync_replicas DATABASE: every node under $CH_DIR has fetched what its replicated
# tables of DATABASE were sent (SYSTEM SYNC REPLICA), so that a Distributed read, which
# asks any one replica of each shard, answers the same whichever it asks.
ch__sync_replicas() {
	local f url t
	for f in "$CH_DIR"/n*.pid; do
		ch__pid_alive "$(cat "$f" 2>/dev/null)" || continue # a node the test keeps down
		url=$(ch_url "$CH_DIR" "$(basename "$f" .pid)")
		for t in $(chq "SELECT name FROM system.tables WHERE database = '$1' AND
			engine LIKE 'Replicated%'" "$url"); do
			chq "SYSTEM SYNC REPLICA $1.$t" "$url" >/dev/null
		done
	done
}

# ch_assert_exact DATA DATABASE [URL]: every catalogued snapshot is in ClickHouse exactly
# once (rows and sums per snapshot), every token price once, every snapshot finished.
# A replica that just came back may still be fetching parts: with CH_SETTLE_S set, every
# replica syncs first, then up to CH_SETTLE_S seconds for the answer to settle.
ch_assert_exact() {
	local want got i
	want=$(ch_parquet_sums "$1")
	[ "${CH_SETTLE_S:-0}" = 0 ] || [ -z "${CH_DIR:-}" ] || ch__sync_replicas "$2"
	for ((i = 0; i < ${CH_SETTLE_S:-0} * 10; i++)); do
		got=$(ch_sums "$2" "${3:-}")
		[ "$want" = "$got" ] && break
		sleep 0.1
	done
	got=$(ch_sums "$2" "${3:-}")
	[ -n "$want" ] || fail "no snapshots in $1"
	[ "$want" = "$got" ] || {
		diff <(echo "$want") <(echo "$got") | head -20 >&2 || true
		fail "ClickHouse $2.auctions differs from the Parquet of $1 (< Parquet, > ClickHouse)"
	}
	want=$(tail -n +2 "$1/catalog.tsv" | awk -F'\t' '$2 == "token" { n += $7 } END { print n + 0 }')
	assert_eq "$want" "$(chq "SELECT count() FROM $2.tokens" "${3:-}")" "token prices in $2"
	want=$(($(wc -l <"$1/catalog.tsv") - 1))
	assert_eq "$want" "$(chq "SELECT count() FROM (SELECT DISTINCT region, flavor, kind, realm_id, house_id, snapshot_ts FROM $2.fed_snapshots WHERE state = 1)" "${3:-}")" "finished snapshots in $2's ledger"
}

# ch_reports_equal DATA URL DATABASE [--flavor LIST] REPORT...: each report as csv from
# DATA's wowah.duckdb and from DATABASE on ClickHouse, the same bytes; OUT is the last one's
# ClickHouse answer.
ch_reports_equal() {
	local data=$1 url=$2 db=$3 r duck fl=()
	shift 3
	if [ "${1:-}" = --flavor ]; then
		fl=(--flavor "$2")
		shift 2
	fi
	for r in "$@"; do
		run "$WOWAH" report "$r" "${fl[@]}" --data-dir "$data" --format csv
		assert_eq 0 "$RC" "duckdb report $r: $ERR"
		duck=$OUT
		run "$WOWAH" report "$r" "${fl[@]}" --clickhouse "$url" --database "$db" --format csv
		assert_eq 0 "$RC" "clickhouse report $r: $ERR"
		assert_eq "$duck" "$OUT" "report $r on both engines"
	done
}

# ch_pick_keys DATA: sets item (the realm item of the most summaries), commodity (the
# commodity of the most units) and realm (the lowest realm id) of DATA's wowah.duckdb:
# what the comparisons of both engines ask about.
ch_pick_keys() {
	local sql=("$WOWAH" sql --data-dir "$1" --format csv)
	item=$("${sql[@]}" "SELECT item_id FROM item_snapshots WHERE kind = 'realm'
		AND pet_species_id = 0 GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 1" | tail -n +2)
	commodity=$("${sql[@]}" "SELECT item_id FROM item_snapshots WHERE kind = 'commodity'
		ORDER BY units DESC, item_id LIMIT 1" | tail -n +2)
	realm=$("${sql[@]}" "SELECT realm_id FROM snapshots WHERE kind = 'realm'
		ORDER BY realm_id LIMIT 1" | tail -n +2)
}

# ch_import_houses DATA HOUR: ten small houses of real bodies (eight realms, a Classic
# house, the commodities) stored as snapshots at HOUR:00 of 2020-09-15.
ch_import_houses() {
	local realm at="2020-09-15T$2:00:00Z"
	for realm in 1 2 3 4 5 6 7 8; do
		"$WOWAH" import --region us --realm "$realm" --at "$at" --data-dir "$1" \
			"$FIXTURES/apwc_realm_auctions_us1146_2020.json" >/dev/null
	done
	"$WOWAH" import --region us --realm 4384 --house 2 --at "$at" --data-dir "$1" \
		"$FIXTURES/classic_tbc_auctions_us4384_ah2.json" >/dev/null
	"$WOWAH" import --region us --commodities --at "$at" --data-dir "$1" \
		"$FIXTURES/apwc_commodities_us.json" >/dev/null
}

# ch_replicas_fed DATA: the houses of hour 10 fed into a new 2-shard x 2-replica cluster,
# exactly (t7006).
ch_replicas_fed() {
	CH_SETTLE_S=30 # replicas catch up after a restart
	ch_import_houses "$1" 10
	ch_test_start 2 2
	run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$1"
	assert_eq 0 "$RC" "feed into 2x2: $ERR"
	ch_assert_exact "$1" wowah
}

# ch_shard_down_then_back DATA HOUR NODE...: NODEs (every replica of one shard) go down
# while a feed --cluster wowah of the houses stored at HOUR runs, at a point the test
# chooses: the feed goes through ch-proxy.py, which holds its first auctions insert (the
# houses are then recorded as started, none sent) until the nodes are killed. The feed
# must fail in one line naming the shard and its hosts, and what it marked finished must
# be there whole; the nodes come back, and the rerun must be exact.
ch_shard_down_then_back() {
	local data=$1 hour=$2 pid node shard hosts=""
	shift 2
	shard=${1:1:1}
	for node in "$@"; do hosts+="${hosts:+, }127.0.0.1:$(cat "$CH_DIR/$node/tcp_port")"; done
	ch_import_houses "$data" "$hour"
	ch_proxy_start "proxy-$hour" --action hold --table auctions --nth 1
	"$WOWAH" feed --clickhouse "$PROXY_URL" --cluster wowah --data-dir "$data" >"$TMP/down.out" 2>&1 &
	pid=$!
	ch_proxy_wait_held "$pid" "$TMP/down.out" "its first insert"
	for node in "$@"; do ch_kill "$CH_DIR" "$node"; done
	touch "$PROXY_DIR/go"
	ch_shard_feed_fails "$pid" "$shard" "$hosts"
	kill "$PROXY_PID"
	ch_shard_back "$data" "$@"
}

# ch_shard_down_at_start DATA HOUR NODE...: the same with the shard down before the feed
# starts.
ch_shard_down_at_start() {
	local data=$1 hour=$2 node hosts=""
	shift 2
	for node in "$@"; do hosts+="${hosts:+, }127.0.0.1:$(cat "$CH_DIR/$node/tcp_port")"; done
	ch_import_houses "$data" "$hour"
	for node in "$@"; do ch_kill "$CH_DIR" "$node"; done
	"$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$data" >"$TMP/down.out" 2>&1 &
	ch_shard_feed_fails $! "${1:1:1}" "$hosts"
	ch_shard_back "$data" "$@"
}

# ch_shard_feed_fails PID SHARD HOSTS: the feed PID exits 1 with one line naming them.
ch_shard_feed_fails() {
	local rc
	set +e
	wait "$1"
	rc=$?
	set -e
	assert_eq 1 "$rc" "a feed with shard $2 down: $(cat "$TMP/down.out")"
	assert_eq 1 "$(wc -l <"$TMP/down.out")" "one line: $(cat "$TMP/down.out")"
	assert_eq "wowah: ClickHouse cluster wowah: no replica answers in shard $2 ($3): start one, then run wowah feed again to send what this run could not" \
		"$(cat "$TMP/down.out")" "the message names the shard and its hosts"
}

# ch__restart_active NODE...: NODEs started again, and waited for until their replicated
# tables are active: a node killed -9 and restarted before ZooKeeper expired its old
# session keeps them read-only until it retries, and its partner cannot fetch from it.
ch__restart_active() {
	local node i
	for node in "$@"; do ch_restart "$CH_DIR" "$node" || fail "$node did not come back"; done
	for node in "$@"; do
		for ((i = 0; i < 1200; i++)); do
			[ "$(curl -sS "$(ch_url "$CH_DIR" "$node")/" --data-binary "SELECT count() FROM
				system.replicas WHERE is_readonly OR active_replicas < total_replicas" 2>/dev/null)" = 0 ] && break
			sleep 0.1
		done
		((i < 1200)) || fail "the replicated tables of $node did not become active in 120 s"
	done
}

# ch_shard_back DATA NODE...: NODEs started again; what the failed feed marked finished
# is there whole; the rerun is exact.
ch_shard_back() {
	local data=$1 i bad
	shift
	ch__restart_active "$@"
	# replicas that just came back refuse to answer until they caught up (Code: 369): for
	# up to a minute, as long as the feeder's client waits for them (ch/client)
	for i in $(seq 1 600); do
		bad=$(curl -sS --fail-with-body "$CH_URL/" --data-binary "SELECT count() FROM (SELECT
			region, kind, realm_id, house_id, snapshot_ts, any(rows) AS r FROM wowah.fed_snapshots
			WHERE state = 1 GROUP BY region, kind, realm_id, house_id, snapshot_ts) ANY LEFT JOIN
			(SELECT region, kind, realm_id, house_id, snapshot_ts, count() AS c FROM wowah.auctions
			GROUP BY region, kind, realm_id, house_id, snapshot_ts) USING (region, kind, realm_id,
			house_id, snapshot_ts) WHERE c != r") && break
		sleep 0.1
	done
	assert_eq 0 "$bad" "snapshots marked finished without all their rows"
	for i in $(seq 1 30); do
		run "$WOWAH" feed --clickhouse "$CH_URL" --cluster wowah --data-dir "$data"
		[[ $RC != 0 && $ERR == *"Code: 369"* ]] || break
		sleep 1
	done
	assert_eq 0 "$RC" "the feed after the shard came back: $ERR"
	ch_assert_exact "$data" wowah
}

# ch_proxy_start NAME ARGS...: tests/ch/ch-proxy.py in front of $CH_URL (its options:
# --table, --nth, --times, --action), its files in $TMP/NAME/; sets PROXY_URL and
# PROXY_DIR and PROXY_PID. Killed when the test exits.
ch_proxy_start() {
	local name=$1 pid
	shift
	PROXY_DIR=$TMP/$name
	mkdir -p "$PROXY_DIR"
	python3 "$(dirname "${BASH_SOURCE[0]}")/ch-proxy.py" "$CH_URL" --dir "$PROXY_DIR" "$@" \
		>"$TMP/$name.out" 2>"$TMP/$name.err" &
	pid=$!
	CH_KILL_PIDS="${CH_KILL_PIDS:-} $pid"
	PROXY_PID=$pid
	PROXY_URL=$(wait_url "$name" "$pid" "listening on" 30) || exit 1
}

# ch_proxy_wait_held PID OUT WHAT: until ch-proxy.py holds the insert (WHAT, for the
# messages) of the feed PID, whose output is in OUT; fails if the feed ends first or
# after 60 s.
ch_proxy_wait_held() {
	local i
	for ((i = 0; i < 600; i++)); do
		[ -e "$PROXY_DIR/held" ] && return 0
		kill -0 "$1" 2>/dev/null || fail "the feed ended before $3: $(cat "$2")"
		sleep 0.1
	done
	fail "the feed did not reach $3 in 60 s"
}

# ch__zero_on_nodes SQL WHAT: until SQL answers 0 on every node under $CH_DIR (60 s each).
ch__zero_on_nodes() {
	local i f
	for f in "$CH_DIR"/n*.pid; do
		for ((i = 0; i < 600; i++)); do
			[ "$(chq "$1" "$(ch_url "$CH_DIR" "$(basename "$f" .pid)")")" = 0 ] && break
			sleep 0.1
		done
		((i < 600)) || fail "ClickHouse did not $2 in 60 s"
	done
}

# ch__wait_mutations: until every node under $CH_DIR applied every ALTER ... DELETE of wowah.
ch__wait_mutations() {
	ch__zero_on_nodes "SELECT count() FROM system.mutations WHERE database = 'wowah' AND is_done = 0" \
		"apply the deletes"
}

# ch__delete TABLE WHERE: ALTER TABLE wowah.TABLE DELETE WHERE (TABLE may end in ON
# CLUSTER c), queued without waiting for the hosts, then until no node holds such a row.
# A waiting ON CLUSTER statement could hang for 18.16's whole DDL timeout (180 s) when the
# two replicas of a shard raced to execute it (src/ch/feed.c, delete_rows).
ch__delete() {
	local t=${1%% *} out
	out=$(curl -sS --fail-with-body "$CH_URL/?distributed_ddl_task_timeout=0" \
		--data-binary "ALTER TABLE wowah.$1 DELETE WHERE $2") || fail "ClickHouse: $1: $out"
	ch__zero_on_nodes "SELECT count() FROM wowah.$t WHERE $2" "delete the rows of $t"
}

# ch_partial_part_rerun DATA [CLUSTER [NODE...]]: the Classic house of ch_import_houses
# (5753 auctions, one part), fed, is made what a feeder killed mid-insert leaves (its
# ledger row "started" only, half of its part's rows); the next feed must count the part,
# delete the partial rows (its own ALTER ... DELETE by house, time and chunk) and send it
# again: exact, not the half plus the whole. NODEs (a replica of each shard) are down
# during that feed: its delete ON CLUSTER waits for them 30 s, not 18.16's default 180 s
# (the server says which), then the retry finds the rows gone and sends the part; they
# come back after (ch_shard_back).
ch_partial_part_rerun() {
	local data=$1 sfx="" on="" args=() left node
	local house="region = 'us' AND kind = 'classic' AND realm_id = 4384 AND house_id = 2"
	if [ -n "${2:-}" ]; then
		sfx=_local on=" ON CLUSTER $2" args=(--cluster "$2")
	fi
	ch__delete "auctions$sfx$on" "$house AND auction_id % 2 = 0"
	ch__delete "fed_snapshots$sfx$on" "$house AND state = 1"
	ch__wait_mutations
	left=$(chq "SELECT count() FROM wowah.auctions WHERE $house")
	[ "$left" -gt 0 ] && [ "$left" -lt 5753 ] || fail "not a partial part: $left rows"
	assert_eq 9 "$(chq "SELECT count() FROM wowah.snapshots")" "the house is no longer finished"
	for node in "${@:3}"; do ch_kill "$CH_DIR" "$node"; done
	run "$WOWAH" feed --clickhouse "$CH_URL" "${args[@]}" --data-dir "$data"
	assert_eq 0 "$RC" "the rerun: $ERR"
	assert_match "^fed 1 snapshots \(5753 auctions, .* 9 were there already, 1 resumed, $(($# > 2)) retries" "$OUT" "the rerun resends the house"
	if [ $# -gt 2 ]; then
		grep -q "distributed_ddl_task_timeout (=30) seconds.*DELETE WHERE .*feed_chunk = 0" "$CH_DIR/n11/log/server.log" ||
			fail "the feeder's delete did not give up waiting for the hosts down after 30 s"
		ch__restart_active "${@:3}"
	fi
	CH_SETTLE_S=$((($# > 2) * 60)) ch_assert_exact "$data" wowah
	[ "$(chq "SELECT count() FROM system.mutations WHERE database = 'wowah' AND table = 'auctions$sfx' AND command LIKE '%feed_chunk = 0%'")" -ge 1 ] ||
		fail "the feeder's own delete of the partial part was not the way"
}

# The estimated sales (docs/sales.md) per relation: rows, distinct keys and sums, from
# DATA's wowah.duckdb and from DATABASE in ClickHouse, one line per relation. A double is
# summed as whole thousandths, rounded row by row: integers, which no order of addition
# changes (a cluster adds its shards' rows in another order), and rounded, not floored,
# because DuckDB computes its views again on each query and their last bits follow its
# threads' order (1.6 one time, 1.5999999999999999 the next).
CH_SALES_SUMS=(
	"item_sales_days|count(*), count(DISTINCT (region, kind, realm_id, house_id, day, item_id, pet_species_id)), sum(auctions_ended), sum(auctions_sold), sum(units_seen), M(units_unseen), M(units_sold), M(avg_price), count(avg_price)"
	"sale_windows|count(*), count(DISTINCT (region, kind, realm_id, house_id, item_id, pet_species_id, window_days)), sum(auctions_ended), sum(auctions_sold), M(days_watched), M(units_sold), M(sold_per_day), M(sale_avg), count(sale_avg)"
	"region_sale_windows|count(*), count(DISTINCT (region, kind, item_id, pet_species_id, window_days)), sum(houses), M(sale_rate), M(sold_per_day), M(sale_avg), count(sale_avg)"
)

# ch_sales_exact DATA DATABASE [URL]: ClickHouse's sales relations hold exactly what
# DATA's wowah.duckdb does (and some rows), each row with its kind's flavour.
ch_sales_exact() {
	local spec name sums want got
	for spec in "${CH_SALES_SUMS[@]}"; do
		IFS='|' read -r name sums <<<"$spec"
		want=$("$WOWAH" sql --data-dir "$1" --format csv "SELECT $(sed -E \
			's/M\(([a-z_]+)\)/sum(floor(\1 * 1000 + 0.5)::BIGINT)/g' <<<"$sums") FROM $name" | tail -n +2 | tr , '\t')
		got=$(chq "SELECT $(sed -E 's/M\(([a-z_]+)\)/sum(toInt64(floor(\1 * 1000 + 0.5)))/g;
			s/count\(DISTINCT /uniqExact(/g' <<<"$sums") FROM $2.$name" "${3:-}")
		[ "${want%%	*}" -gt 0 ] || fail "no rows in $1's $name"
		assert_eq "$want" "$got" "$name in ClickHouse $2 as in wowah.duckdb"
	done
	assert_eq 0 "$(chq "SELECT count() FROM $2.sale_windows WHERE toString(flavor) !=
		if(kind IN ('realm', 'commodity'), 'retail', kind)" "${3:-}")" "sale_windows' flavours"
}

# ch_sales_reports DATA URL DATABASE [URL DATABASE]...: the reports of the estimated sales
# (sales, shortage, top --by sold, price's sale columns), of retail and Era (the history
# needs both), as csv and as json from DATA's wowah.duckdb and from each DATABASE on
# ClickHouse, the same bytes; each must show sales, so that the comparison sees some.
# DuckDB answers each once, however many ClickHouse databases it is compared with; each
# engine answers them all in one process (ch_batch_both, lib-reports.sh).
ch_sales_reports() {
	local data=$1 args f item com realm era day k
	shift
	q() { "$WOWAH" sql --data-dir "$data" --format csv "$1" | tail -n +2; }
	item=$(q "SELECT item_id FROM sale_windows WHERE kind = 'realm' AND pet_species_id = 0
		AND window_days = 14 AND sale_avg IS NOT NULL GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 1")
	com=$(q "SELECT item_id FROM sale_windows WHERE kind = 'commodity' AND window_days = 14
		AND sale_avg IS NOT NULL GROUP BY item_id ORDER BY max(sold_per_day) DESC, item_id LIMIT 1")
	era=$(q "SELECT item_id FROM sale_windows WHERE kind = 'classic1x' AND pet_species_id = 0
		AND window_days = 14 AND sale_avg IS NOT NULL GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 1")
	realm=$(q "SELECT min(realm_id) FROM sale_windows WHERE kind = 'realm'")
	day=$(q "SELECT strftime(max(day) - 1, '%Y-%m-%d') FROM item_sales_days")
	[ -n "$item" ] && [ -n "$com" ] && [ -n "$era" ] && [ -n "$realm" ] ||
		fail "no sold realm item ($item), commodity ($com), Era item ($era) or realm ($realm)"
	(while IFS= read -r args; do
		for f in csv json; do
			# shellcheck disable=SC2086
			batch_line $args --format "$f"
		done
	done <<CASES
sales $item
sales $com --region EU
sales $item --realm $realm
sales $item --since $day
sales $era --flavor classic1x
shortage
shortage --hours 72 --limit 200
shortage --realm $realm --hours 200
shortage --flavor classic1x --hours 200
shortage --flavor retail,classic1x --hours 48 --limit 100
top --by sold --limit 100
top --by sold --realm $realm
top --by sold --item $com
top --by sold --flavor classic1x
price $item
price $com --region EU
price $era --flavor classic1x
CASES
	) >"$TMP/sales.txt"
	ch_batch_both "$data" "$TMP/sales.txt" "$@"
	for ((k = 1; k <= BATCH_N; k += 2)); do
		if [ "$(printf '%s' "${BOTH_DUCK[k]}" | wc -l)" -lt 2 ]; then
			fail "report ${BATCH_REQ[k]}: no rows to compare"
		fi
	done
	# price $item as json (the 15th case's second answer), each database's the same bytes
	assert_eq "$(batch_line price "$item" --format json)" "${BATCH_REQ[30]}" "the 30th request"
	[ "$(jq -s 'map(select(.sale_avg != null)) | length' <<<"${BOTH_DUCK[30]}")" -gt 0 ] ||
		fail "price $item on ClickHouse shows no sale columns: ${BOTH_DUCK[30]}"
	echo "# $BOTH_N outputs of the sales reports equal on both engines"
}

# ch_report_both ARGS...: wowah report ARGS as csv on DuckDB ($DATA) and on ClickHouse ($CH_URL,
# database cur), asserted the same bytes (OUT: them); the columns COLS only (cut -f) when set.
ch_report_both() {
	local duck
	run "$WOWAH" report "$@" --data-dir "$DATA" --format csv
	assert_eq 0 "$RC" "duckdb report $*: $ERR"
	duck=$(cut -d, -f"${COLS:-1-}" <<<"$OUT")
	run "$WOWAH" report "$@" --clickhouse "$CH_URL" --database cur --format csv
	assert_eq 0 "$RC" "clickhouse report $*: $ERR"
	OUT=$(cut -d, -f"${COLS:-1-}" <<<"$OUT")
	assert_eq "$duck" "$OUT" "report $* on both engines"
}
