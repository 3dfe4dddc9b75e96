"""Shared by the reliability tests: a database per test (a fresh SQLite file, or a fresh
database on the test PostgreSQL server), an API token, `ics serve` on a fixed port that can
be killed and restarted, and a small HTTP client."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
import uuid


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(backend, work, pg_url=None):
    if backend == "sqlite":
        return "sqlite:" + os.path.join(work, "ics.db")
    name = "ics_rel_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", pg_url, "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE " + name], check=True,
                   capture_output=True)
    parts = urllib.parse.urlsplit(pg_url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def make_token(ics, db, user="writer", role="governance_admin"):
    run = subprocess.run([ics, "users", "--db", db, "add", user, "--role", role], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError("ics users add failed: " + run.stdout + run.stderr)
    run = subprocess.run([ics, "users", "--db", db, "token", user], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError("ics users token failed: " + run.stdout + run.stderr)
    return run.stdout.strip().split()[-1]


class Server:
    """`ics serve --demo` on a fixed port, on `db`."""

    def __init__(self, ics, db, work, port=None, name="serve"):
        self.ics, self.db, self.work = ics, db, work
        self.port = port or free_port()
        self.name = name
        self.proc = None
        self.starts = 0

    def start(self, timeout=60):
        err = open(os.path.join(self.work, "%s-%d.err" % (self.name, self.starts)), "wb")
        self.starts += 1
        self.proc = subprocess.Popen([os.path.abspath(self.ics), "serve", "--demo", "--db", self.db, "--port", str(self.port),
                                      "--access-log", "off"], stdout=subprocess.PIPE, stderr=err, cwd=self.work)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("ics serve exited with %d; see %s" % (self.proc.returncode, err.name))
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    c.close()
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("ics serve did not come up on port %d" % self.port)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Client:
    """Keep-alive HTTP client; raises OSError/http.client errors when the server is gone."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = None

    def request(self, method, path, body=None, content_type=None, timeout=30):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Authorization": "Bearer " + self.token}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            self.conn.request(method, path, body=body, headers=headers)
            r = self.conn.getresponse()
            data = r.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return r.status, (json.loads(data) if data and data[:1] in b"{[" else data)


def all_versions(client):
    out, after = [], None
    while True:
        path = "/api/v1/versions?limit=500" + ("&after=" + after if after else "")
        status, page = client.request("GET", path)
        if status != 200:
            raise RuntimeError("GET %s: %d %r" % (path, status, page))
        out += page["versions"]
        after = page.get("next")
        if not after:
            return out


def audit_verify(ics, db):
    run = subprocess.run([ics, "audit", "verify", "--db", db], capture_output=True, text=True)
    return run.returncode, (run.stdout + run.stderr).strip()
