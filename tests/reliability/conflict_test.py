#!/usr/bin/env python3
"""No lost update: two `ics serve` processes on one PostgreSQL database take concurrent
conflicting PATCHes of one version's note, each naming the row_version it read. Every 200
must move row_version up by exactly one (the new values are distinct and contiguous), the
rest must be 409, and the final row_version must be 1 + the number of 200s (starting from
1); the audit chain must verify.

usage: conflict_test.py ICS_BINARY POSTGRES_URL [--attempts N] [--clients C]
"""
import argparse
import os
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reliability_support as rs  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ics")
    ap.add_argument("pg_url")
    ap.add_argument("--attempts", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=16)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="ics-conflict-")
    db = rs.fresh_database("postgres", work, args.pg_url)
    token = rs.make_token(args.ics, db)
    servers = [rs.Server(args.ics, db, work, name="serve-a"), rs.Server(args.ics, db, work, name="serve-b")]
    for s in servers:
        s.start()
    try:
        c = rs.Client(servers[0].port, token)
        versions = rs.all_versions(c)
        target = versions[0]["id"]
        start_rv = versions[0]["row_version"]
        lock = threading.Lock()
        oks, conflicts, others = [], [0], []
        sent = [0]

        def client(n):
            cl = rs.Client(servers[n % 2].port, token)
            while True:
                with lock:
                    if sent[0] >= args.attempts:
                        return
                    sent[0] += 1
                    k = sent[0]
                status, v = cl.request("GET", "/api/v1/versions/%d" % target)
                if status != 200:
                    others.append((status, v))
                    return
                rv = v["row_version"]
                body = ('{"note": "client %d attempt %d", "row_version": %d}' % (n, k, rv)).encode()
                status, reply = cl.request("PATCH", "/api/v1/versions/%d" % target, body, "application/json")
                with lock:
                    if status == 200:
                        oks.append((rv, reply["row_version"]))
                    elif status == 409:
                        conflicts[0] += 1
                    else:
                        others.append((status, reply))

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        status, final = c.request("GET", "/api/v1/versions/%d" % target)
    finally:
        for s in servers:
            s.stop()
    code, verify = rs.audit_verify(args.ics, db)

    bumps_ok = all(new == old + 1 for old, new in oks)
    new_values = sorted(new for _, new in oks)
    contiguous = new_values == list(range(start_rv + 1, start_rv + 1 + len(oks)))
    final_ok = final["row_version"] == start_rv + len(oks)
    print("two servers, %d clients: %d PATCHes, %d answered 200, %d answered 409, %d other; final row_version %d "
          "(start %d); every 200 bumped by one: %s; new row_versions distinct and contiguous: %s; %.1f s; "
          "audit verify exit %d"
          % (args.clients, sent[0], len(oks), conflicts[0], len(others), final["row_version"], start_rv, bumps_ok,
             contiguous, elapsed, code))
    for o in others[:5]:
        print("unexpected: %r" % (o,))
    ok = bumps_ok and contiguous and final_ok and not others and code == 0 and len(oks) > 0 and conflicts[0] > 0
    print("PASS" if ok else "FAIL: " + verify)
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
