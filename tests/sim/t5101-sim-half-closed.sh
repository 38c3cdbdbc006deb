#!/usr/bin/env bash
# A request with both Transfer-Encoding and Content-Length and no body, from a client that
# shut its write side, is a 400 and a close (RFC 9112 6.3); a chunked one without its body
# is closed long before the server's deadline; the server answers everyone afterwards.
# Before the fix each was held 30 s without an answer (docs/fuzzing.md).
. "$(dirname "$0")/../lib.sh"

start_sim --realms 1
out=$(half_closed_requests "$SIM_URL" "$SIM_PID" /data/wow/connected-realm/index) ||
	fail "half-closed requests to the simulator"
assert_eq "400 400 closed closed answered 6" "$out" "the simulator's answers"
stop_sim
