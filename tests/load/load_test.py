#!/usr/bin/env python3
"""Load: wrk against a read endpoint (GET /api/v1/system) and a write endpoint (POST
/api/v1/versions, a unique small definition each time, as a governance_admin's API token)
for SECONDS (default 60) each at 256 connections. Prints requests/s, p50 and p99, and
fails on any error (non-2xx responses or socket errors).

usage: load_test.py ICS_BINARY [--seconds S] [--connections C] [--db URL]
"""
import argparse
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, here)
import ics_load  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ics")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--connections", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="ics-load-")
    db = args.db or "sqlite:" + os.path.join(work, "ics.db")
    subprocess.run([args.ics, "users", "--db", db, "add", "loader", "--role", "governance_admin"], check=True,
                   capture_output=True, text=True)
    token = subprocess.run([args.ics, "users", "--db", db, "token", "loader"], check=True, capture_output=True,
                           text=True).stdout.strip().split()[-1]
    body = os.path.join(work, "definition.yaml")
    with open(os.path.join(root, "tests", "golden", "rules", "base.yaml"), "rb") as src, open(body, "wb") as dst:
        dst.write(src.read())

    failed = False
    with ics_load.Serve(args.ics, ["--demo", "--db", db, "--access-log", "off"], workdir=work) as server:
        env = dict(os.environ, ICS_LOAD_BODY=body, ICS_LOAD_TOKEN=token)
        runs = [("GET /api/v1/system", server.base + "/api/v1/system", None),
                ("POST /api/v1/versions", server.base + "/api/v1/versions", os.path.join(here, "post_version.lua"))]
        for name, url, script in runs:
            r = ics_load.wrk(url, threads=args.threads, connections=args.connections, seconds=args.seconds,
                             script=script, env=env)
            print("%-22s %8d requests  %8.0f req/s  p50 %8.3f ms  p99 %8.3f ms  non-2xx %d  socket errors %d"
                  % (name, r["requests"], r["rps"], r["p50_ms"], r["p99_ms"], r["non2xx"], r["socket_errors"]),
                  flush=True)
            print("  " + r["command"])
            if r["errors"] or r["requests"] == 0:
                failed = True
                print(r["text"])
        status, listing = server.get("/healthz")
        if status != 200:
            failed = True
    if failed:
        print("FAIL: errors under load\n" + server.stderr())
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
