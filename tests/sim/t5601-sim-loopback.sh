#!/usr/bin/env bash
# wowah sim listens on 127.0.0.1 only (it has no option to listen elsewhere): every
# listening socket of the process is on the loopback address, and the machine's other
# addresses refuse a connection to its port.
. "$(dirname "$0")/../lib.sh"
start_sim --realms 1 --auctions-per-realm 10 --commodities 10
PORT=${SIM_URL##*:}
LISTEN=$(ss -Hltnp | grep "pid=$SIM_PID," | awk '{ print $4 }')
[ -n "$LISTEN" ] || fail "no listening socket of pid $SIM_PID in: $(ss -Hltnp)"
assert_eq "127.0.0.1:$PORT" "$LISTEN" "the simulator's listening sockets"
curl -sf -o /dev/null "$SIM_URL/data/wow/token/index" -w '%{http_code}' >"$TMP/code" || true
assert_match "^(200|401)$" "$(cat "$TMP/code")" "answers on 127.0.0.1"
tried=0
for ip in $(hostname -I 2>/dev/null); do
	case $ip in 127.* | ::1) continue ;; esac
	[[ $ip == *:* ]] && host="[$ip]" || host=$ip
	set +e
	curl -s -o /dev/null --connect-timeout 3 "http://$host:$PORT/data/wow/token/index"
	rc=$?
	set -e
	assert_eq 7 "$rc" "a connection on $ip:$PORT is refused (curl: couldn't connect)"
	tried=$((tried + 1))
done
echo "ok ($tried other addresses tried)"
