#!/usr/bin/env python3
"""`ics authority` and `ics conflicts` as a user runs them: answers, chains with clauses,
exit codes (0 one decider / every decision recordable, 1 a finding, 2 bad input), JSON
shapes, and the public view leaving confidential items out.

Usage: authority_cli_test.py PATH/TO/ics   (run from the repository root)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

ICS = None
GOLDEN = os.path.join("tests", "golden", "authority")
BASE = os.path.join(GOLDEN, "base.yaml")
DERBY = os.path.join("examples", "derby-derbyshire", "ics.yaml")


def run(*args, stdin=None):
    return subprocess.run([ICS, *args], input=stdin, capture_output=True, timeout=60)


def merged(case_name):
    def sections(text):
        out, current = [], None
        for line in text.splitlines(keepends=True):
            m = re.match(r"^([a-z_0-9]+):", line)
            if m:
                current = [m.group(1), ""]
                out.append(current)
            if current:
                current[1] += line
        return out
    own = open(os.path.join(GOLDEN, case_name), encoding="utf-8").read()
    base = open(BASE, encoding="utf-8").read()
    test_only = {"query", "expect", "meeting", "items", "decisions"}
    parts = sections(own)
    written = {name for name, _ in parts}
    return "".join(body for name, body in parts if name not in test_only) + "".join(
        body for name, body in sections(base) if name not in written)


class Authority(unittest.TestCase):
    def test_sub_delegated_chain_with_clauses(self):
        r = run("authority", BASE, "--function", "contracts", "--value", "600000", "--date", "2025-06-30")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.decode()
        self.assertIn("DELEGATED", out)
        self.assertIn("clause 4.2, d-ceo-contracts, limit £5,000,000", out)
        self.assertIn("clause 4.2.1, d-cfo-contracts, limit £1,000,000", out)

    def test_json_shape(self):
        r = run("authority", BASE, "--function", "contracts", "--value", "7,000,000", "--date", "2025-06-30", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertEqual(j["outcome"], "delegated")
        self.assertFalse(j["finding"])
        self.assertEqual(j["query"]["value_pence"], 700000000)
        self.assertEqual([s["holder"] for s in j["deciders"][0]["chain"]], ["board", "finance"])
        self.assertEqual(j["deciders"][0]["chain"][1]["clause"], "4.1")
        self.assertEqual(j["deciders"][0]["limit_pence"], 1000000000)

    def test_reserved_and_above_limits_exit_zero(self):
        r = run("authority", BASE, "--function", "budget", "--value", "1", "--date", "2025-06-30", "--json")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout)["outcome"], "reserved")
        r = run("authority", BASE, "--function", "contracts", "--value", "12000000", "--date", "2025-06-30", "--json")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout)["outcome"], "above_limits")

    def test_nobody_is_a_finding(self):
        r = run("authority", BASE, "--function", "pod", "--value", "100", "--date", "2023-01-15")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("NOBODY", r.stdout.decode())

    def test_ambiguous_is_a_finding(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(merged("ambiguous-two-committees.case.yaml"))
        try:
            r = run("authority", f.name, "--function", "contracts", "--value", "7000000", "--date", "2025-06-30", "--json")
            self.assertEqual(r.returncode, 1, r.stdout)
            j = json.loads(r.stdout)
            self.assertEqual(j["outcome"], "ambiguous")
            self.assertTrue(j["finding"])
            self.assertEqual(sorted(d["holder"] for d in j["deciders"]), ["audit", "finance"])
        finally:
            os.unlink(f.name)

    def test_bad_input_exits_two(self):
        r = run("authority", BASE, "--function", "contract", "--value", "10")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean 'contracts'", r.stderr.decode())
        r = run("authority", BASE, "--function", "contracts", "--value", "ten pounds")
        self.assertEqual(r.returncode, 2)
        r = run("authority", BASE, "--function", "contracts", "--value", "10", "--date", "2025-02-30")
        self.assertEqual(r.returncode, 2)
        self.assertIn("February", r.stderr.decode())
        r = run("authority", BASE, "--function", "contracts", "--value", "10", "--place", "cty", "--json")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(json.loads(r.stdout)["error"]["code"], "invalid_argument")
        r = run("authority", "no/such/file.yaml", "--function", "x", "--value", "1")
        self.assertEqual(r.returncode, 2)

    def test_list_functions(self):
        r = run("authority", BASE, "--list", "--json")
        self.assertEqual(r.returncode, 0)
        ids = [f["id"] for f in json.loads(r.stdout)["functions"]]
        self.assertIn("pms", ids)

    def test_derbyshire_example(self):
        r = run("authority", DERBY, "--function", "award-contracts", "--value", "600000", "--json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(json.loads(r.stdout)["outcome"], "delegated")


class Conflicts(unittest.TestCase):
    def test_board_meeting(self):
        r = run("conflicts", BASE, "--meeting", "board-2025-06", "--json")
        self.assertEqual(r.returncode, 0, r.stdout)
        j = json.loads(r.stdout)
        items = {i["number"]: i for i in j["items"]}
        self.assertEqual([c["person"] for c in items["3"]["conflicts"]], ["p-trust"])
        self.assertEqual(items["3"]["conflicts"][0]["action"], "withdraw_no_papers")
        self.assertEqual(items["3"]["quorum"]["counted"], 9)
        self.assertTrue(items["3"]["decision"]["may_record"])
        self.assertIsNone(items["1"]["decision"])

    def test_public_view_leaves_out_confidential_items(self):
        r = run("conflicts", BASE, "--meeting", "board-2025-06", "--public", "--json")
        self.assertEqual(r.returncode, 0)
        text = r.stdout.decode()
        self.assertNotIn("Mental health services contract award", text)
        self.assertTrue(all(i["part"] == "public" for i in json.loads(text)["items"]))
        r = run("conflicts", BASE, "--meeting", "board-2025-06", "--public")
        self.assertNotIn("Mental health services contract award", r.stdout.decode())

    def test_refused_decision_exits_one(self):
        r = run("conflicts", BASE, "--meeting", "finance-2025-07")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("may NOT be recorded", r.stdout.decode())
        self.assertIn("beyond the delegated limit", r.stdout.decode())

    def test_unknown_meeting(self):
        r = run("conflicts", BASE, "--meeting", "board-2025-6")
        self.assertEqual(r.returncode, 2)
        self.assertIn("did you mean 'board-2025-06'", r.stderr.decode())

    def test_derbyshire_meetings(self):
        for meeting in ("icb-board-2025-05", "primary-care-2025-06"):
            r = run("conflicts", DERBY, "--meeting", meeting, "--json")
            self.assertIn(r.returncode, (0, 1), r.stderr)
            j = json.loads(r.stdout)
            self.assertTrue(any(i["conflicts"] for i in j["items"]), meeting)


if __name__ == "__main__":
    ICS = os.path.abspath(sys.argv.pop(1))
    unittest.main()
