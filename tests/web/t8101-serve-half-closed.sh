#!/usr/bin/env bash
# wowah serve, on the same HTTP layer as the simulator (src/httpd/): a request with both
# Transfer-Encoding and Content-Length and no body, from a client that shut its write side,
# is a 400 and a close; a chunked one without its body is closed long before the deadline;
# every request afterwards is answered (t5101 for the simulator).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-web.sh"
serve_trap

DATA=$TMP/data
mkdir -p "$DATA"
start_serve
out=$(half_closed_requests "$SERVE_URL" "$SERVE_PID" /api/status) ||
	fail "half-closed requests to serve"
assert_eq "400 400 closed closed answered 6" "$out" "serve's answers"
