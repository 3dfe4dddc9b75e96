#!/usr/bin/env python3
"""`ics qi` as a user runs it, on SQLite: the demo projects listed and shown, measure data
imported from CSV (a bad file lists every problem as FILE:LINE:COL and stores nothing),
exit codes 0 and 2.

Usage: qi_cli_test.py PATH/TO/ics
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ICS = None


def run(*args, timeout=120):
    return subprocess.run([ICS, *args], capture_output=True, text=True, timeout=timeout)


class QiCli(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.db = "sqlite:" + os.path.join(self.dir.name, "ics.db")
        r = run("qi", "demo", "--db", self.db, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["added"], 4)

    def tearDown(self):
        self.dir.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_demo_is_added_once_and_listed_by_id(self):
        again = run("qi", "demo", "--db", self.db, "--json")
        self.assertEqual(json.loads(again.stdout)["added"], 0)
        r = run("qi", "list", "--db", self.db, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        projects = json.loads(r.stdout)
        self.assertEqual([p["id"] for p in projects], [1, 2, 3, 4])
        self.assertEqual(projects[0]["title"], "Fewer inpatient falls on the frailty wards")
        self.assertEqual(projects[0]["score"], 4.0)
        self.assertEqual(projects[0]["score_trend"], "up")
        text = run("qi", "list", "--db", self.db)
        self.assertIn("Discharge before midday", text.stdout)

    def test_show_gives_measures_with_their_signal(self):
        r = run("qi", "show", "1", "--db", self.db, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        p = json.loads(r.stdout)
        falls = p["measures"][0]
        self.assertEqual(falls["name"], "Falls per 1,000 bed days")
        self.assertEqual(falls["signal"], "improvement")
        self.assertEqual(falls["variation_icon"], "improvement_low")
        self.assertEqual(len(p["pdsas"]), 3)
        missing = run("qi", "show", "99", "--db", self.db)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("no QI project 99", missing.stderr)

    def test_import_adds_points_and_a_bad_file_stores_nothing(self):
        good = self.write("falls.csv", "date,value,note\n2030-01-01,4.1,new\n2030-02-01,4.0,\n")
        r = run("qi", "import", "1", good, "--measure", "Falls per 1,000 bed days", "--db", self.db, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"added": 2, "replaced": 0, "points": 2})
        before = json.loads(run("qi", "show", "1", "--db", self.db, "--json").stdout)["measures"][0]["points"]

        bad = self.write("bad.csv", "date,Falls per 1,000 bed days,Nonesuch\n")
        r = run("qi", "import", "1", bad, "--db", self.db)
        self.assertEqual(r.returncode, 2)
        self.assertIn("bad.csv:1:", r.stderr)
        bad = self.write("bad2.csv", "date,value\n2030-13-01,4\n2030-03-01,four\n")
        r = run("qi", "import", "1", bad, "--measure", "Falls per 1,000 bed days", "--db", self.db, "--json")
        self.assertEqual(r.returncode, 2)
        errors = json.loads(r.stdout)["errors"]
        self.assertEqual([e["where"] for e in errors], [bad + ":2:1", bad + ":3:12"])
        after = json.loads(run("qi", "show", "1", "--db", self.db, "--json").stdout)["measures"][0]["points"]
        self.assertEqual(before, after)
        r = run("qi", "import", "1", good, "--measure", "Nonesuch", "--db", self.db)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--measure", r.stderr)

    def test_a_missing_database_is_not_created(self):
        path = os.path.join(self.dir.name, "none.db")
        r = run("qi", "list", "--db", "sqlite:" + path)
        self.assertEqual(r.returncode, 2)
        self.assertFalse(os.path.exists(path))


if __name__ == "__main__":
    ICS = sys.argv.pop(1)
    unittest.main()
