#!/usr/bin/env bash
# Slow clients cannot lock the simulator (issue 12): 1,200 connections that send their
# headers a byte at a time (more than the ~1,020 threads the old thread-per-connection
# server had) while normal clients get a token and a body, every time, at once.
. "$(dirname "$0")/../lib.sh"
N=1200
[ "$(ulimit -n)" -gt $((N + 200)) ] || ulimit -n $((N + 200)) 2>/dev/null || N=$(($(ulimit -n) - 200))

start_sim --realms 1 --auctions-per-realm 300 --commodities 2000
TOKEN=$(sim_token)
[ -n "$TOKEN" ] || fail "no token"
python3 - "$SIM_URL" "$TOKEN" "$N" >"$TMP/out" 2>"$TMP/err" <<'PY' || fail "slow clients: $(cat "$TMP/out" "$TMP/err")"
import socket, sys, time, urllib.request
url, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
host, port = url.split("//")[1].split(":")
slow = []
for _ in range(n):
    s = socket.create_connection((host, int(port)), timeout=5)
    s.sendall(b"GET /data/wow/token/index?namespace=dynamic-eu HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    slow.append(s)
def normal():
    t = time.time()
    req = urllib.request.Request(url + "/data/wow/token/index?namespace=dynamic-eu",
                                 headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 200 and b'"price"' in r.read(), "token body"
    form = urllib.request.Request(url + "/token", data=b"grant_type=client_credentials",
                                  headers={"Authorization": "Basic d293YWgtc2ltOndvd2FoLXNpbS1zZWNyZXQ="})
    with urllib.request.urlopen(form, timeout=10) as r:
        assert r.status == 200 and b"access_token" in r.read(), "oauth body"
    return time.time() - t
worst = 0
for _ in range(4):  # four seconds of a byte per slow client per second
    for s in slow:
        s.send(b"a")
    worst = max(worst, normal())
    time.sleep(1)
# the slow ones were not simply dropped: each is still connected (deadline 30 s)
alive = 0
for s in slow:
    s.setblocking(False)
    try:
        alive += s.recv(1) != b""
    except BlockingIOError:
        alive += 1
print("slow", n, "alive", alive, "worst normal %.2f s" % worst)
assert alive == n, "slow clients dropped before their deadline"
PY
assert_match "^slow $N alive $N " "$(cat "$TMP/out")" "slow clients"
stop_sim
