#!/usr/bin/env python3
"""`ics spc` as a user runs it, for the presets and the life-qi cases:

- every life-qi golden case (tests/data/spc_vectors/life_qi) run with `--case` gives the
  signals written in the case, and the same series read from CSV with `--preset life-qi`
  gives the same signals;
- the JSON names the preset, the chart and every rule's provenance;
- charts and options of another preset are refused (exit 2) naming the option to fix;
- the mdc and qicharts2 presets still answer as before.

Usage: spc_cli_test.py PATH/TO/ics   (run from the repository root)
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ICS = None
CASES = os.path.join("tests", "data", "spc_vectors", "life_qi")


def run(*args):
    return subprocess.run([ICS, *args], capture_output=True, text=True, timeout=120)


def case_files():
    return sorted(f for f in os.listdir(CASES) if f.endswith(".json") and f != "refusals.json")


def write_csv(directory, points):
    path = os.path.join(directory, "series.csv")
    with open(path, "w") as f:
        f.write("month,count\n")
        for row in points:
            f.write(f"{row[0]},{'' if row[1] is None else row[1]}\n")
    return path


class LifeQiCases(unittest.TestCase):
    def test_every_case_from_case_file_and_from_csv(self):
        self.assertGreaterEqual(len(case_files()), 15)
        for name in case_files():
            with open(os.path.join(CASES, name)) as f:
                case = json.load(f)
            signals = case["columns"].index("expected signals")
            expected = [row[signals] for row in case["points"]]
            with self.subTest(case=name, via="--case"):
                r = run("spc", "--case", os.path.join(CASES, name), "--json")
                self.assertEqual(r.returncode, 0, r.stderr)
                got = json.loads(r.stdout)
                self.assertEqual([", ".join(p["signals"]) for p in got["points"]], expected)
            with self.subTest(case=name, via="csv"), tempfile.TemporaryDirectory() as d:
                args = ["spc", write_csv(d, case["points"]), "--date", "month", "--value", "count",
                        "--preset", "life-qi", "--chart", case["chart"],
                        "--improvement", case["improvement"], "--json"]
                opts = case.get("options", {})
                if opts.get("two_of_three"):
                    args.append("--two-of-three")
                if "run_shift_length" in opts:
                    args += ["--run-shift", str(opts["run_shift_length"])]
                if "run_trend_length" in opts:
                    args += ["--run-trend", str(opts["run_trend_length"])]
                r = run(*args)
                self.assertEqual(r.returncode, 0, r.stderr)
                got = json.loads(r.stdout)
                self.assertEqual([", ".join(p["signals"]) for p in got["points"]], expected)

    def test_json_names_preset_and_provenance(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(CASES, "spc_shift_8_centreline_point_ignored.json")) as f:
                case = json.load(f)
            path = write_csv(d, case["points"])
            r = run("spc", path, "--date", "month", "--value", "count", "--preset", "life-qi", "--json")
            self.assertEqual(r.returncode, 0, r.stderr)
            got = json.loads(r.stdout)
            self.assertEqual(got["preset"], "life-qi")
            self.assertEqual(got["chart"], "i")  # the preset's default chart
            rules = {x["id"]: x for x in got["rules"]}
            self.assertEqual(rules["shift"]["status"], "documented")
            self.assertEqual(rules["two_of_three"]["status"], "unverified")
            self.assertFalse(rules["two_of_three"]["enabled"])
            self.assertEqual(rules["fifth_rule"]["status"], "not_implemented")
            self.assertEqual(rules["sigma"]["status"], "assumed")
            for x in got["rules"]:
                self.assertTrue(x["source"], x)
            r = run("spc", path, "--date", "month", "--value", "count", "--preset", "life-qi",
                    "--two-of-three", "--json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(any("unverified" in w for w in json.loads(r.stdout)["warnings"]))
            # Text output lists the rules and their status too.
            r = run("spc", path, "--date", "month", "--value", "count", "--preset", "life-qi", "--chart", "run")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("value_unconfirmed", r.stdout)
            self.assertIn("not_implemented", r.stdout)

    def test_refusals(self):
        with tempfile.TemporaryDirectory() as d:
            path = write_csv(d, [["2024-01-01", 1], ["2024-02-01", 2], ["2024-03-01", 3]])
            base = ["spc", path, "--date", "month", "--value", "count"]
            for extra, words in [
                (["--preset", "life-qi", "--chart", "p"], "belongs to the qicharts2 preset"),
                (["--preset", "life-qi", "--chart", "xmr"], "belongs to the mdc preset"),
                (["--preset", "life-qi", "--target", "2"], "--target"),
                (["--preset", "life-qi", "--no-screen"], "--no-screen"),
                (["--preset", "life-qi", "--rebase", "2024-02-01"], "--rebase"),
                (["--preset", "life-qi", "--chart", "run", "--two-of-three"], "--two-of-three"),
                (["--preset", "life-qi", "--run-shift", "7"], "--run-shift"),
                (["--preset", "life-qi", "--chart", "run", "--run-trend", "99"], "between 3 and 50"),
                (["--two-of-three"], "--two-of-three"),
                (["--chart", "run", "--run-shift", "7"], "--run-shift"),
                (["--preset", "lifeqi"], "unknown preset"),
            ]:
                with self.subTest(args=extra):
                    r = run(*base, *extra)
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn(words, r.stderr)


class CaseFiles(unittest.TestCase):
    def test_wrong_json_types_are_bad_input(self):
        with tempfile.TemporaryDirectory() as d:
            for doc in [{"id": 5, "input": {"dates": ["2024-01-01"], "values": [1]}},
                        {"input": {"dates": ["2024-01-01"], "values": [1]},
                         "options": {"improvement_direction": 3}},
                        {"preset": "life-qi", "chart": 4, "points": [["2024-01-01", 1]]},
                        {"preset": "life-qi", "points": [["2024-01-01", "x"]]}]:
                with self.subTest(doc=doc):
                    path = os.path.join(d, "case.json")
                    with open(path, "w") as f:
                        json.dump(doc, f)
                    r = run("spc", "--case", path, "--json")
                    self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
                    self.assertIn(path, r.stderr)


class OtherPresets(unittest.TestCase):
    def test_mdc_and_qicharts2_unchanged(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(CASES, "spc_outlier_beyond_3_sigma.json")) as f:
                case = json.load(f)
            path = write_csv(d, case["points"])
            base = ["spc", path, "--date", "month", "--value", "count", "--json"]
            r = run(*base)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["preset"], "mdc")
            r = run(*base, "--preset", "mdc")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = run(*base, "--chart", "i")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["preset"], "qicharts2")
            r = run(*base, "--preset", "qicharts2", "--chart", "run")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = run(*base, "--preset", "qicharts2")
            self.assertEqual(r.returncode, 2)  # qicharts2 has no xmr chart, the default
            r = run(*base, "--preset", "mdc", "--chart", "run")
            self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    ICS = os.path.abspath(sys.argv.pop(1))
    unittest.main()
