#!/usr/bin/env python3
"""`ics check` as a user runs it: exit codes, JSON shape, located errors, hostile input.

Usage: check_cli_test.py PATH/TO/ics   (run from the repository root)
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

ICS = None
GOLDEN = os.path.join("tests", "golden", "rules")


def run(*args, stdin=None, timeout=60):
    return subprocess.run([ICS, *args], input=stdin, capture_output=True, timeout=timeout)


def merged_case(case_name):
    """A golden case with the base definition's other sections appended (as the golden runner does)."""
    import re
    def sections(text):
        out, current = [], None
        for line in text.splitlines(keepends=True):
            m = re.match(r"^([a-z_]+):", line)
            if m:
                current = [m.group(1), ""]
                out.append(current)
            if current:
                current[1] += line
        return out
    own = open(os.path.join(GOLDEN, case_name), encoding="utf-8").read()
    base = open(os.path.join(GOLDEN, "base.yaml"), encoding="utf-8").read()
    written = {name for name, _ in sections(own)}
    return own + "".join(body for name, body in sections(base) if name not in written)


class CheckCli(unittest.TestCase):
    def write(self, text, suffix=".yaml", mode="w"):
        f = tempfile.NamedTemporaryFile(mode, suffix=suffix, delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_compliant_definition_exits_0(self):
        r = run("check", os.path.join(GOLDEN, "base.yaml"))
        self.assertEqual(r.returncode, 0, r.stdout.decode() + r.stderr.decode())
        self.assertIn(b"passes every must rule", r.stdout)

    def test_must_breach_exits_1_with_json_report(self):
        path = self.write(merged_case("BRD-003-no-chief-executive.case.yaml"))
        r = run("check", path, "--json")
        self.assertEqual(r.returncode, 1, r.stderr)
        report = json.loads(r.stdout)
        for key in ("rules_evaluated", "findings", "not_checkable", "summary", "passed"):
            self.assertIn(key, report)
        self.assertFalse(report["passed"])
        self.assertGreater(report["rules_evaluated"], 0)
        brd = [f for f in report["findings"] if f["rule"] == "BRD-003"]
        self.assertEqual(len(brd), 1)
        for key in ("rule", "severity", "message", "citation", "where", "fix"):
            self.assertTrue(brd[0][key], key)
        self.assertEqual(brd[0]["severity"], "must")
        self.assertTrue(brd[0]["where"].startswith(path + ":7:"), brd[0]["where"])

    def test_human_output_groups_by_severity_without_colour_when_piped(self):
        path = self.write(merged_case("BRD-003-no-chief-executive.case.yaml"))
        r = run("check", path)
        out = r.stdout.decode()
        self.assertIn("MUST (statute or legal requirement): ", out)
        self.assertIn("BRD-003", out)
        self.assertNotIn("\033[", out)

    def test_malformed_input_exits_2_with_location(self):
        path = self.write("system:\n  name: X\n  icb: QJ2\norganisations:\n  - {code: QJ2, name: ICB, kind: icb\n")
        r = run("check", path)
        self.assertEqual(r.returncode, 2)
        self.assertIn((path + ":").encode(), r.stderr)
        self.assertIn(b"YAML syntax", r.stderr)

    def test_every_load_error_is_reported_at_once_in_json(self):
        path = self.write("system: {name: X, icb: QJ2}\norganisatons: []\nicb: {board: {seats: [{role: chiar, person: p}]}}\n")
        r = run("check", path, "--json")
        self.assertEqual(r.returncode, 2)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["error"]["code"], "invalid_definition")
        messages = " | ".join(e["message"] for e in doc["errors"])
        self.assertIn("did you mean 'organisations'", messages)
        self.assertIn("did you mean 'chair'", messages)
        self.assertTrue(all(":" in e["where"] for e in doc["errors"]))

    def test_missing_file_exits_2(self):
        r = run("check", "no/such/file.yaml")
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"no/such/file.yaml", r.stderr)

    def test_binary_junk_exits_2(self):
        path = self.write(os.urandom(4096), suffix=".bin", mode="wb")
        r = run("check", path)
        self.assertEqual(r.returncode, 2)
        self.assertIn(path.encode(), r.stderr)

    def test_huge_file_is_refused_before_reading(self):
        path = self.write("", suffix=".yaml")
        with open(path, "wb") as f:
            f.truncate(1 << 30)  # a sparse 1 GiB file
        start = time.monotonic()
        r = run("check", path)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"the limit is", r.stderr)
        self.assertLess(time.monotonic() - start, 10)

    def test_yaml_bomb_and_deep_nesting_exit_2(self):
        bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in range(1, 12):
            bomb += f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n"
        r = run("check", self.write(bomb))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"YAML bomb", r.stderr)
        r = run("check", self.write("system: " + "[" * 100000 + "]" * 100000 + "\n"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"nesting", r.stderr)

    def test_stdin_and_as_of(self):
        text = open(os.path.join(GOLDEN, "base.yaml"), "rb").read()
        r = run("check", "-", "--json", "--as-of", "2025-07-01", stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["as_of"], "2025-07-01")
        r = run("check", "-", "--as-of", "2025-02-30", stdin=text)
        self.assertEqual(r.returncode, 2)

    def test_examples(self):
        r = run("check", "examples/derby-derbyshire/ics.yaml", "--json")
        self.assertEqual(r.returncode, 0, r.stdout[-2000:])
        report = json.loads(r.stdout)
        self.assertEqual(report["summary"]["must"], 0)
        self.assertGreater(report["rules_evaluated"], 90)
        r = run("check", "examples/national/ics.yaml", "--json")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout)["summary"]["must"], 0)
        r = run("check", "examples/broken/ics.yaml", "--json")
        self.assertEqual(r.returncode, 1)
        fired = {f["rule"] for f in json.loads(r.stdout)["findings"]}
        self.assertEqual(fired, {"BRD-002", "BRD-004", "BRD-009", "BRD-011", "ELG-002", "ELG-004", "COM-001",
                                 "COM-002", "ICP-002", "DOC-006", "MTG-001", "BRD-013", "BRD-021", "PRC-001",
                                 "COI-012", "COI-014"})

    def test_help_and_unknown_verb(self):
        self.assertEqual(run("check", "--help").returncode, 0)
        self.assertEqual(run("no-such-verb").returncode, 2)


if __name__ == "__main__":
    ICS = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
