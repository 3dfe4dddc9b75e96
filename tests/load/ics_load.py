"""Helpers for the load tests and bench/http: start `ics serve`, run wrk and read its report."""
import os
import re
import signal
import subprocess
import tempfile
import time
import urllib.request

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(text):
    """wrk --latency output -> {requests, rps, p50_ms, p99_ms, errors, non2xx, socket_errors}."""
    out = {"text": text, "non2xx": 0, "socket_errors": 0}
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m.group(1)) if m else 0.0
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(r"^\s+%s(?:\.0+)?%%\s+([\d.]+)(us|ms|s|m)\b" % pct, text, re.M)
        out[key] = float(m.group(1)) * UNITS[m.group(2)] if m else None
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        out["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["socket_errors"] = sum(int(g) for g in m.groups())
    out["errors"] = out["non2xx"] + out["socket_errors"]
    return out


def wrk(url, threads=2, connections=16, seconds=10, script=None, env=None):
    cmd = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % seconds, "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 60)
    if run.returncode != 0:
        raise RuntimeError("wrk failed (%d): %s%s" % (run.returncode, run.stdout, run.stderr))
    result = parse_wrk(run.stdout)
    result["command"] = " ".join(cmd)
    return result


class Serve:
    """`ics serve` on a free port, stopped with SIGTERM on exit."""

    def __init__(self, ics, args, workdir=None, stderr=None):
        self.dir = workdir or tempfile.mkdtemp(prefix="ics-load-")
        self.err_path = os.path.join(self.dir, "serve-err.txt")
        self.proc = subprocess.Popen([os.path.abspath(ics), "serve", "--port", "0"] + list(args), stdout=subprocess.PIPE,
                                     stderr=stderr or open(self.err_path, "wb"), text=True, cwd=self.dir)
        m = None
        for line in self.proc.stdout:  # --demo prints its users first
            m = re.search(r"listening on http://\S+:(\d+)", line)
            if m:
                break
        if not m:
            self.proc.kill()
            raise RuntimeError("ics serve did not start: %r %s" % (line, self.stderr()))
        self.port = int(m.group(1))
        self.base = "http://127.0.0.1:%d" % self.port

    def stderr(self):
        try:
            with open(self.err_path, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def get(self, path, timeout=10):
        with urllib.request.urlopen(self.base + path, timeout=timeout) as r:
            return r.status, r.read()

    def metric(self, series):
        _, body = self.get("/metrics")
        for line in body.decode().splitlines():
            if line.startswith(series + " "):
                return float(line.split()[-1])
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
