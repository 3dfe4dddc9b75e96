#!/usr/bin/env python3
"""`ics ledger import|show|list` as a finance analyst runs them, on SQLite or PostgreSQL:
a good ledger stored and shown, a bad one refused with every located error and nothing
stored, a second import replacing the year while the first stays listed, the audit trail.

Usage: financial_plans_cli_test.py PATH/TO/ics sqlite
       financial_plans_cli_test.py PATH/TO/ics postgres ADMIN_URL
Run from the repository root.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import uuid

ICS = None
BACKEND = None
ADMIN_URL = None
DEMO = os.path.join("data", "demo", "ledger_2025_26.csv")


def run(*args, timeout=120):
    return subprocess.run([ICS, *args], capture_output=True, text=True, timeout=timeout)


def with_database(url, name):
    scheme_end = url.index("://") + 3
    slash = url.index("/", scheme_end)
    query = url.find("?", slash)
    return url[: slash + 1] + name + ("" if query < 0 else url[query:])


def psql():
    for c in sorted(__import__("glob").glob("/usr/lib/postgresql/*/bin/psql"), reverse=True) + [shutil.which("psql") or ""]:
        if c and os.access(c, os.X_OK):
            return c
    raise RuntimeError("psql not found")


class LedgerCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ics-ledger-cli-")
        self.addCleanup(shutil.rmtree, self.tmp)
        if BACKEND == "sqlite":
            self.url = "sqlite:" + os.path.join(self.tmp, "ics.db")
        else:
            name = "ledger_" + uuid.uuid4().hex[:12]
            self.sql(ADMIN_URL, f"CREATE DATABASE {name}")
            self.addCleanup(self.sql, ADMIN_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.url = with_database(ADMIN_URL, name)

    def sql(self, url, statement):
        r = subprocess.run([psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", statement],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)

    def write(self, text, name):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def demo(self):
        with open(DEMO, encoding="utf-8") as f:
            return f.read()

    def test_import_show_list_and_replace(self):
        r = run("ledger", "import", DEMO, "--year", "2025/26", "--db", self.url, "--json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        first = json.loads(r.stdout)["import"]
        self.assertEqual(first["rows"], 300)
        self.assertEqual(first["file_name"], "ledger_2025_26.csv")
        self.assertTrue(first["current"])

        r = run("ledger", "show", "--year", "2025/26", "--db", self.url, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        shown = json.loads(r.stdout)
        orgs = {o["organisation"]: o for o in shown["organisations"]}
        self.assertEqual(sorted(orgs), ["QJ2", "RFS", "RTG", "RXM", "RY8"])
        self.assertEqual(orgs["RFS"]["months_reported"], 7)
        self.assertEqual(orgs["RFS"]["plan_expenditure_k"], 375000)
        self.assertLess(orgs["RFS"]["ytd_expenditure_variance_k"], -1000)  # the drifting trust

        r = run("ledger", "show", "--year", "2025/26", "--db", self.url)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Chesterfield Royal", r.stdout)

        # A second import (October's actuals withdrawn) replaces the year; the first is kept.
        lines = self.demo().splitlines()
        trimmed = [l.rsplit(",", 1)[0] + "," if "2025-10" in l else l for l in lines]
        second = self.write("\n".join(trimmed) + "\n", "month6.csv")
        r = run("ledger", "import", second, "--year", "2025/26", "--db", self.url)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Imported month6.csv", r.stdout)
        r = run("ledger", "list", "--db", self.url, "--json")
        imports = json.loads(r.stdout)["imports"]
        self.assertEqual([i["file_name"] for i in imports], ["month6.csv", "ledger_2025_26.csv"])
        self.assertEqual([i["current"] for i in imports], [True, False])
        shown = json.loads(run("ledger", "show", "--year", "2025/26", "--db", self.url, "--json").stdout)
        self.assertEqual(shown["organisations"][0]["months_reported"], 6)

        r = run("audit", "list", "--db", self.url, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.count("ledger.import"), 2)

    def test_a_bad_ledger_gets_every_located_error_and_nothing_is_stored(self):
        lines = self.demo().splitlines()
        lines[2] = lines[2].replace("214105.08,214105.08", "lots,214105.08")   # line 3
        lines[4] = lines[4].replace("214105.08,214105.08", "214105.08,-7")    # line 5
        bad = self.write("\n".join(lines) + "\n", "bad.csv")
        r = run("ledger", "import", bad, "--year", "2025/26", "--db", self.url, "--json")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        errors = json.loads(r.stdout)["errors"]
        self.assertEqual([e["where"] for e in errors], [bad + ":3", bad + ":5"])
        r = run("ledger", "import", bad, "--year", "2025/26", "--db", self.url)
        self.assertEqual(r.returncode, 2)
        self.assertIn(":3", r.stderr)
        self.assertIn(":5", r.stderr)
        self.assertIn("nothing was stored", r.stderr)
        # Nothing stored: for SQLite not even a database file.
        if BACKEND == "sqlite":
            self.assertFalse(os.path.exists(self.url[len("sqlite:"):]))
        else:
            r = run("ledger", "list", "--db", self.url, "--json")
            self.assertEqual(json.loads(r.stdout)["imports"], [])

    def test_bad_usage_exits_2(self):
        self.assertEqual(run("ledger").returncode, 2)
        self.assertEqual(run("ledger", "import", DEMO, "--year", "2025", "--db", self.url).returncode, 2)
        self.assertEqual(run("ledger", "import", "/nonexistent.csv", "--year", "2025/26", "--db", self.url).returncode, 2)
        run("ledger", "import", DEMO, "--year", "2025/26", "--db", self.url)
        r = run("ledger", "show", "--year", "2023/24", "--db", self.url)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no ledger has been imported for 2023/24", r.stderr)


if __name__ == "__main__":
    ICS = os.path.abspath(sys.argv[1])
    BACKEND = sys.argv[2]
    if BACKEND == "postgres":
        ADMIN_URL = sys.argv[3]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
