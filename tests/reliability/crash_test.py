#!/usr/bin/env python3
"""Crash safety: clients make WRITES acknowledged writes (POST /api/v1/versions, each a
small unique definition) while the server is killed with SIGKILL at random moments and
restarted; at the end every acknowledged write is present (GET /api/v1/versions, a page at
a time, matching id and sha256) and `ics audit verify` passes.

usage: crash_test.py ICS_BINARY sqlite|postgres [POSTGRES_URL] [--writes N] [--kills K] [--seed S]
"""
import argparse
import hashlib
import os
import random
import shutil
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reliability_support as rs  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ics")
    ap.add_argument("backend", choices=["sqlite", "postgres"])
    ap.add_argument("pg_url", nargs="?")
    ap.add_argument("--writes", type=int, default=10000)
    ap.add_argument("--kills", type=int, default=6)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print("seed %d" % args.seed)

    work = tempfile.mkdtemp(prefix="ics-crash-")
    db = rs.fresh_database(args.backend, work, args.pg_url)
    token = rs.make_token(args.ics, db)
    with open(os.path.join(ROOT, "tests", "golden", "rules", "base.yaml"), "rb") as f:
        base = f.read()

    server = rs.Server(args.ics, db, work)
    server.start()
    acked = {}  # id -> sha256 of the body sent
    lock = threading.Lock()
    done = threading.Event()
    failures = []
    attempts = [0]

    def client(n):
        c = rs.Client(server.port, token)
        i = 0
        while not done.is_set():
            i += 1
            body = base + b"\n# crash test client %d write %d\n" % (n, i)
            try:
                status, reply = c.request("POST", "/api/v1/versions", body, "text/yaml")
            except Exception:  # the server is down: try again shortly with a new write
                time.sleep(0.05)
                continue
            with lock:
                attempts[0] += 1
            if status != 201:
                if status >= 500 or status in (400, 401, 403, 415):
                    failures.append("POST answered %d: %r" % (status, reply))
                    done.set()
                continue
            with lock:
                if reply["sha256"] != hashlib.sha256(body).hexdigest():
                    failures.append("version %d: sha256 %s differs from the body sent" % (reply["id"], reply["sha256"]))
                acked[reply["id"]] = reply["sha256"]
                if len(acked) >= args.writes:
                    done.set()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    started = time.monotonic()
    kills = 0
    # Spread the kills over the run: kill when the count passes random marks.
    marks = sorted(rng.sample(range(args.writes // 20, args.writes - args.writes // 20), args.kills))
    for mark in marks:
        while not done.is_set():
            with lock:
                if len(acked) >= mark:
                    break
            time.sleep(0.01)
        if done.is_set():
            break
        time.sleep(rng.random() * 0.2)  # a random moment past the mark
        server.kill()
        kills += 1
        with lock:
            print("kill %d at %d acknowledged writes (%.1f s)" % (kills, len(acked), time.monotonic() - started),
                  flush=True)
        server.start()
    for t in threads:
        t.join()
    server.stop()

    # Every acknowledged write is there.
    server.start()
    reader = rs.Client(server.port, token)
    stored = {v["id"]: v["sha256"] for v in rs.all_versions(reader)}
    server.stop()
    missing = [i for i in acked if i not in stored]
    changed = [i for i in acked if i in stored and stored[i] != acked[i]]
    code, verify = rs.audit_verify(args.ics, db)
    elapsed = time.monotonic() - started
    print("%s: %d acknowledged writes (%d attempts), %d kills, %d versions stored, %d missing, %d changed, "
          "%.1f s; audit verify exit %d: %s"
          % (args.backend, len(acked), attempts[0], kills, len(stored), len(missing), len(changed), elapsed, code,
             verify.splitlines()[-1] if verify else ""))
    ok = not failures and not missing and not changed and code == 0 and len(acked) >= args.writes and \
        kills == args.kills
    for f in failures[:10]:
        print("failure: " + f)
    if missing:
        print("missing ids: %s" % missing[:20])
    print("PASS" if ok else "FAIL")
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("kept " + work)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
