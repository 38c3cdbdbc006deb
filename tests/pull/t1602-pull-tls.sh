#!/usr/bin/env bash
# TLS is verified: the simulator behind a TLS front (socat) with a self-signed certificate
# for 127.0.0.1. pull refuses it in one line that says what to do, refuses it with another
# CA file or a certificate for another host, and accepts it with --cacert FILE (or
# WOWAH_CACERT); a --cacert that cannot be read is a usage error.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-pull.sh"
command -v socat >/dev/null || fail "socat is missing (scripts/bootstrap installs it)"

# cert NAME SAN: a self-signed certificate and its key
cert() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" -addext "subjectAltName=$2" \
		-keyout "$TMP/$1.key" -out "$TMP/$1.pem" 2>/dev/null
}
cert local IP:127.0.0.1
cert other IP:127.0.0.1
cert elsewhere DNS:example.org

start_sim --realms 2 --auctions-per-realm 100 --commodities 300
SIM_PORT=${SIM_URL##*:}
FRONT_PIDS=()
stop_fronts() {
	local p
	for p in "${FRONT_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	stop_sim
}
trap 'stop_fronts; cleanup' EXIT

# front NAME: a TLS front with NAME's certificate; sets FRONT_URL
front() {
	local port i
	for i in $(seq 1 20); do
		port=$((20000 + RANDOM % 20000))
		socat "OPENSSL-LISTEN:$port,bind=127.0.0.1,reuseaddr,fork,cert=$TMP/$1.pem,key=$TMP/$1.key,verify=0" \
			"TCP:127.0.0.1:$SIM_PORT" 2>>"$TMP/socat.err" &
		FRONT_PIDS+=($!)
		sleep 0.3
		if kill -0 "$!" 2>/dev/null; then
			FRONT_URL="https://127.0.0.1:$port"
			return 0
		fi
	done
	fail "no TLS front started: $(cat "$TMP/socat.err")"
}

# tpull DATA_DIR [options]: pull through the front
tpull() {
	local d=$1
	shift
	run "$WOWAH" pull --api-url "$FRONT_URL" --oauth-url "$FRONT_URL/token" --data-dir "$d" "$@"
}
stored() { [ -f "$1/catalog.tsv" ] && awk 'NR > 1' "$1/catalog.tsv" | wc -l || echo 0; }

front local
LOCAL_URL=$FRONT_URL
tpull "$TMP/d1"
assert_eq 1 "$RC" "self-signed, no --cacert: exit ($OUT)"
assert_eq "wowah: cannot get an OAuth token from $FRONT_URL/token: the server's TLS certificate is not trusted (self-signed, an unknown CA, or another host's name); if it is yours, give its CA with --cacert FILE" \
	"$ERR" "self-signed, no --cacert"
assert_eq 0 "$(stored "$TMP/d1")" "nothing stored without --cacert"
[ ! -e "$TMP/d1/oauth-token" ] || fail "a token was cached"

tpull "$TMP/d1" --cacert "$TMP/other.pem"
assert_eq 1 "$RC" "another CA: exit"
assert_match "not signed by a CA of --cacert" "$ERR" "another CA"
assert_eq 1 "$(printf '%s\n' "$ERR" | wc -l)" "another CA: one line"

tpull "$TMP/d1" --cacert "$TMP/nonexistent.pem"
assert_eq 2 "$RC" "a --cacert that is not there: exit"
assert_match "^wowah: --cacert $TMP/nonexistent.pem: No such file or directory$" "$ERR" "missing --cacert"

tpull "$TMP/d1" --cacert "$TMP/local.pem"
assert_eq 0 "$RC" "--cacert of the server's certificate: $ERR"
assert_match "^pulled eu: 3 stored" "$OUT" "pulled through TLS"
assert_eq 3 "$(stored "$TMP/d1")" "stored through TLS"

# the environment variable, and a plain-HTTP OAuth URL beside an HTTPS API
sim_post /sim/advance?hours=1
WOWAH_CACERT="$TMP/local.pem" run "$WOWAH" pull --api-url "$FRONT_URL" --oauth-url \
	"$SIM_URL/token" --data-dir "$TMP/d1"
assert_eq 0 "$RC" "WOWAH_CACERT: $ERR"
assert_eq 6 "$(stored "$TMP/d1")" "stored through TLS, WOWAH_CACERT"
# without it, the API's own requests are refused (the token comes over plain HTTP)
sim_post /sim/advance?hours=1
run "$WOWAH" pull --api-url "$FRONT_URL" --oauth-url "$SIM_URL/token" --data-dir "$TMP/d1"
assert_eq 1 "$RC" "API over untrusted TLS: exit"
assert_match "the server's TLS certificate is not trusted" "$ERR" "API over untrusted TLS"
assert_eq 6 "$(stored "$TMP/d1")" "nothing more stored over untrusted TLS"

# a trusted CA but a certificate for another host name
front elsewhere
tpull "$TMP/d2" --cacert "$TMP/elsewhere.pem"
assert_eq 1 "$RC" "another host's certificate: exit"
assert_match "not signed by a CA of --cacert \(or names another host\)" "$ERR" "another host's certificate"
assert_eq 0 "$(stored "$TMP/d2")" "nothing stored for another host"
[ -n "$LOCAL_URL" ]
echo ok
