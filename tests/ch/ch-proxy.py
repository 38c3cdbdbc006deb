#!/usr/bin/env python3
"""ch-proxy.py - a forwarding HTTP proxy in front of a real ClickHouse, for the tests
that need the server to fail at a chosen insert (tests/ch/t72xx).

    ch-proxy.py UPSTREAM --table NAME --nth N [--times K] --action ACTION --dir DIR

Every request goes to UPSTREAM (http://127.0.0.1:PORT) and its answer comes back as is,
except the inserts into NAME (any database) numbered N to N+K-1, counted from 1:
  500        answered 500 with a ClickHouse-like "Code: N" line; the server never sees it
  500-after  passed to the server (which stores the rows), then answered 500 all the same
  hold       DIR/held is created; the insert waits until DIR/go exists, then passes
or, with the action 369, the reads of NAME (a SQL body with "FROM [db.]NAME") so
numbered: answered 500 with ClickHouse's "Code: 369" (every replica too far behind).
Prints "listening on http://127.0.0.1:PORT" first; each action taken is one line in
DIR/actions.
"""
import argparse
import http.client
import os
import re
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def read_body(h):
    if h.headers.get("Transfer-Encoding", "").lower() == "chunked":
        out = bytearray()
        while True:
            size = int(h.rfile.readline().split(b";")[0].strip(), 16)
            if size == 0:
                while h.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(out)
            out += h.rfile.read(size)
            h.rfile.readline()
    return h.rfile.read(int(h.headers.get("Content-Length", "0")))


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    inserts = 0

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body, ctype="text/plain; charset=UTF-8"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forward(self, method, body):
        up = urllib.parse.urlsplit(ARGS.upstream)
        conn = http.client.HTTPConnection(up.hostname, up.port, timeout=600)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "transfer-encoding", "content-length",
                                        "connection", "expect")}
        conn.request(method, self.path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, data, r.getheader("Content-Type", "text/plain")

    def action_for(self, body):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("query", [""])[0]
        table = re.escape(ARGS.table)
        if ARGS.action == "369":
            what = "read"
            if query or not re.search(rb"\bFROM\s+(\w+\.)?%s\b" % table.encode(), body or b"", re.I):
                return None
        else:
            what = "insert"
            if not re.match(r"\s*INSERT\s+INTO\s+(\w+\.)?%s\b" % table, query, re.I):
                return None
        Proxy.inserts += 1
        n = Proxy.inserts
        if ARGS.nth <= n < ARGS.nth + ARGS.times:
            with open(os.path.join(ARGS.dir, "actions"), "a") as f:
                f.write("%s %s %d of %s\n" % (ARGS.action, what, n, ARGS.table))
            return ARGS.action
        return None

    def handle_one(self, method):
        body = read_body(self) if method == "POST" else None
        action = self.action_for(body) if method == "POST" else None
        if action == "500":
            self.answer(500, b"Code: 999. DB::Exception: injected by ch-proxy before the server\n")
            return
        if action == "369":
            self.answer(500, b"Code: 369. DB::Exception: Could not find enough connections to "
                        b"up-to-date replicas. Got: 0, needed: 1 (injected by ch-proxy)\n")
            return
        if action == "hold":
            open(os.path.join(ARGS.dir, "held"), "w").close()
            while not os.path.exists(os.path.join(ARGS.dir, "go")):
                time.sleep(0.05)
        status, data, ctype = self.forward(method, body)
        if action == "500-after":
            self.answer(500, b"Code: 999. DB::Exception: injected by ch-proxy after the server\n")
            return
        self.answer(status, data, ctype)

    def do_POST(self):
        self.handle_one("POST")

    def do_GET(self):
        self.handle_one("GET")


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("upstream")
    p.add_argument("--table", required=True)
    p.add_argument("--nth", type=int, required=True)
    p.add_argument("--times", type=int, default=1)
    p.add_argument("--action", choices=["500", "500-after", "hold", "369"], required=True)
    p.add_argument("--dir", required=True)
    ARGS = p.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    print("listening on http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
