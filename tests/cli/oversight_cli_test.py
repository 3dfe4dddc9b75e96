#!/usr/bin/env python3
"""The synthetic demo metrics and `ics oversight` as a user runs them.

- `ics spc` finds every shift, trend and spike planted by scripts/make_demo_metrics.py, in
  the planted month and direction (data/demo/planted.json);
- the script writes exactly the committed files (seeded and deterministic);
- `ics oversight` subcommands work on the demo, report located errors and exit 0 / 2.

Usage: oversight_cli_test.py PATH/TO/ics   (run from the repository root)
"""
import csv
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import unittest

ICS = None
DEMO = os.path.join("data", "demo")
METRICS = sorted(os.path.join(DEMO, "metrics", f) for f in os.listdir(os.path.join(DEMO, "metrics")))
ORGS = os.path.join(DEMO, "organisations.csv")
POLARITY = {"ae_4hr": "increase", "rtt_18wk": "increase", "cancer_62d": "increase",
            "bed_occupancy": "decrease", "staff_sickness": "decrease"}


def run(*args, stdin=None):
    return subprocess.run([ICS, *args], input=stdin, capture_output=True, timeout=120)


def month_add(text, n):
    y, m = (int(x) for x in text.split("-")[:2])
    m += n
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}"


class PlantedEvents(unittest.TestCase):
    def test_spc_finds_every_planted_event(self):
        with open(os.path.join(DEMO, "planted.json")) as f:
            planted = json.load(f)
        self.assertTrue(planted["synthetic"])
        self.assertGreaterEqual(len(planted["events"]), 8)
        for e in planted["events"]:
            with self.subTest(series=e["file"], month=e["from"]):
                r = run("spc", os.path.join(DEMO, e["file"]), "--date", "period", "--value", "value",
                        "--improvement", POLARITY[e["metric"]], "--json")
                self.assertEqual(r.returncode, 0, r.stderr)
                points = {p["date"][:7]: p for p in json.loads(r.stdout)["points"]}
                wanted = "special_cause_" + e["expect"]
                # The direction of the change as the labels say it.
                up = e["change"] > 0
                words = ("Above", "Increasing") if up else ("Below", "Decreasing")
                if e["kind"] == "spike":
                    p = points[e["from"]]
                    self.assertEqual(p["point_type"], wanted, p)
                    self.assertIn(words[0], p["special_cause_type"])
                    # The months either side are not flagged as the same kind of outlier.
                    for m in (month_add(e["from"], -1), month_add(e["from"], 1)):
                        self.assertNotIn("UCL", points[m]["special_cause_type"])
                    continue
                window = [month_add(e["from"], k) for k in range(e["months"] + 6)]
                window = [m for m in window if m in points]
                hits = [m for m in window if points[m]["point_type"] == wanted
                        and any(w in points[m]["special_cause_type"] for w in words)]
                # Most of the months after a step, or a run of them in a trend, are flagged.
                self.assertGreaterEqual(len(hits), min(6, len(window)), (window, hits))
                # And the month before a step reads the other way (or not at all).
                if e["kind"] == "shift":
                    before = points[month_add(e["from"], -1)]
                    self.assertNotEqual(before["point_type"], wanted, before)


class Determinism(unittest.TestCase):
    def test_script_writes_the_committed_files(self):
        with tempfile.TemporaryDirectory() as out:
            r = subprocess.run([sys.executable, os.path.join("scripts", "make_demo_metrics.py"), "--out", out],
                               capture_output=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            for rel in ["organisations.csv", "planted.json"] + [os.path.join("metrics", os.path.basename(f)) for f in METRICS]:
                self.assertTrue(filecmp.cmp(os.path.join(out, rel), os.path.join(DEMO, rel), shallow=False), rel)
            self.assertEqual(sorted(os.listdir(os.path.join(out, "metrics"))),
                             sorted(os.path.basename(f) for f in METRICS))

    def test_series_cover_the_providers(self):
        names = {os.path.basename(f) for f in METRICS}
        for org in ("RTG", "RFS"):
            for metric in ("ae_4hr", "rtt_18wk", "cancer_62d", "bed_occupancy", "staff_sickness"):
                self.assertIn(f"{org}_{metric}.csv", names)
        for org in ("RTG", "RFS", "RXM", "RY8", "RX9"):
            self.assertIn(f"{org}_staff_sickness.csv", names)
        with open(os.path.join(DEMO, "metrics", "RTG_ae_4hr.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(rows[0]["period"], "2021-04-01")
        self.assertEqual(len(rows), 54)
        for row in rows:  # the value is the numerator over the denominator
            self.assertAlmostEqual(float(row["value"]), round(100 * int(row["numerator"]) / int(row["denominator"]), 1))


class OversightCli(unittest.TestCase):
    def test_help_and_usage(self):
        r = run("oversight", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"segment", r.stdout)
        r = run("oversight", "segment", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"--year", r.stdout)
        self.assertEqual(run("oversight").returncode, 2)
        self.assertEqual(run("oversight", "segment", "--metrics", METRICS[0]).returncode, 2)  # no --year
        self.assertEqual(run("oversight", "league", "--metrics", METRICS[0]).returncode, 2)  # no --metric

    def test_metrics_registry(self):
        r = run("oversight", "metrics", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        ids = [m["id"] for m in json.loads(r.stdout)["metrics"]]
        self.assertIn("ae_4hr", ids)

    def test_summary_reads_the_demo_with_system_series(self):
        r = run("oversight", "summary", "--metrics", *METRICS, "--orgs", ORGS, "--systems", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        series = json.loads(r.stdout)["series"]
        by = {(s["org"], s["metric"]): s for s in series}
        self.assertIn(("QJ2", "ae_4hr"), by)  # the system series
        self.assertEqual(by[("RTG", "ae_4hr")]["variation_icon"], "improvement_high")
        self.assertEqual(by[("RFS", "ae_4hr")]["variation_icon"], "concern_low")
        self.assertEqual(by[("RY8", "bed_occupancy")]["variation_icon"], "concern_high")
        # A system month lies between its providers' values.
        rtg = {p["period"]: p["value"] for p in by[("RTG", "ae_4hr")]["chart"]}
        rfs = {p["period"]: p["value"] for p in by[("RFS", "ae_4hr")]["chart"]}
        ry8 = {p["period"]: p["value"] for p in by[("RY8", "ae_4hr")]["chart"]}
        for p in by[("QJ2", "ae_4hr")]["chart"]:
            vals = [v[p["period"]] for v in (rtg, rfs, ry8)]
            self.assertTrue(min(vals) <= p["value"] <= max(vals), p)

    def test_segment_league_and_escalation_on_the_demo(self):
        r = run("oversight", "segment", "--year", "2025/26", "--metrics", *METRICS, "--orgs", ORGS, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        seg = json.loads(r.stdout)
        self.assertEqual(seg["year"], "2025/26")
        self.assertTrue(seg["unconfirmed"], "the placeholders used are listed")
        orgs = {o["org"]: o for o in seg["organisations"]}
        self.assertEqual(set(orgs), {"RTG", "RFS", "RXM", "RY8", "RX9"})
        for o in orgs.values():
            self.assertIn(o["segment"], (1, 2, 3, 4))
            self.assertTrue(any("financial position not stated" in w for w in o["warnings"]))
        text = run("oversight", "segment", "--year", "2025/26", "--metrics", *METRICS, "--orgs", ORGS)
        self.assertEqual(text.returncode, 0)
        self.assertIn(b"Unconfirmed values used", text.stdout)
        csv_out = run("oversight", "segment", "--year", "2025/26", "--metrics", *METRICS, "--orgs", ORGS, "--csv")
        self.assertEqual(csv_out.stdout.splitlines()[0],
                         b"org,name,peer_group,scored_metrics,average,segment_from_average,segment,rank,tied,reasons")

        league = run("oversight", "league", "--metric", "staff_sickness", "--metrics", *METRICS, "--orgs", ORGS, "--json")
        self.assertEqual(league.returncode, 0, league.stderr)
        rows = json.loads(league.stdout)["rows"]
        self.assertEqual(len(rows), 5)
        values = [row["value"] for row in rows]
        self.assertEqual(values, sorted(values))  # lower sickness first
        self.assertIn("share the best rank", json.loads(league.stdout)["ties"])
        acute = run("oversight", "league", "--metric", "ae_4hr", "--peer-group", "acute", "--metrics", *METRICS,
                    "--orgs", ORGS, "--json")
        acute_rows = json.loads(acute.stdout)["rows"]
        self.assertEqual(sorted(r["org"] for r in acute_rows), ["RFS", "RTG"])  # RY8 is community
        self.assertGreaterEqual(acute_rows[0]["value"], acute_rows[1]["value"])  # higher A&E first
        by_seg = run("oversight", "league", "--segmentation", "--year", "2025/26", "--metrics", *METRICS, "--orgs", ORGS, "--json")
        self.assertEqual(by_seg.returncode, 0, by_seg.stderr)

        esc = run("oversight", "escalation", "--metrics", *METRICS, "--orgs", ORGS, "--year", "2025/26", "--json")
        self.assertEqual(esc.returncode, 0, esc.stderr)
        levels = {o["org"]: o for o in json.loads(esc.stdout)["organisations"]}
        # RFS's A&E ends in special-cause concern; RY8's bed occupancy is not an access or safety metric.
        self.assertEqual(levels["RFS"]["level"], "enhanced")
        self.assertIn("QE-07", [f["id"] for f in levels["RFS"]["fired"]])
        self.assertIn(levels["RTG"]["level"], ("routine", "enhanced", "intensive"))

    def write(self, text, suffix=".csv"):
        f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_bad_input_names_file_line_and_field(self):
        bad = self.write("org,metric,period,value\nRTG,ae_4hr,2025-01,71.0\nRTG,ae_4hr,2025-02,171\n")
        r = run("oversight", "summary", "--metrics", bad)
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"{bad}:3".encode(), r.stderr)
        self.assertIn(b'field "value"', r.stderr)
        r = run("oversight", "summary", "--metrics", bad, "--json")
        err = json.loads(r.stdout)["error"]
        self.assertEqual(err["code"], "invalid_argument")
        self.assertEqual(err["where"], f"{bad}:3")

        unknown = self.write("org,metric,period,value\nRTG,ae_4h,2025-01,71.0\n")
        r = run("oversight", "summary", "--metrics", unknown)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'did you mean "ae_4hr"', r.stderr)

        dup = self.write("org,metric,period,value\nRTG,ae_4hr,2021-04-01,71.0\n")
        r = run("oversight", "summary", "--metrics", os.path.join(DEMO, "metrics", "RTG_ae_4hr.csv"), dup)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"appears twice", r.stderr)

        orgs = self.write("org,name,peer_group,segment\nRTG,UHDB,acute,7\n")
        r = run("oversight", "escalation", "--metrics", METRICS[0], "--orgs", orgs)
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"{orgs}:2".encode(), r.stderr)

        missing = run("oversight", "summary", "--metrics", "no/such/file.csv")
        self.assertEqual(missing.returncode, 2)
        self.assertEqual(run("oversight", "segment", "--year", "2019/20", "--metrics", METRICS[0]).returncode, 2)
        self.assertEqual(run("oversight", "segment", "--year", "2025/26", "--as-of", "2025-13",
                             "--metrics", METRICS[0]).returncode, 2)
        rules = self.write('{"framework": "x", "year": "2025/26", "method": "scored",\n  "peer_groups": 3}', ".json")
        r = run("oversight", "segment", "--rules", rules, "--metrics", METRICS[0])
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"/peer_groups", r.stderr)

    def test_standard_input(self):
        with open(os.path.join(DEMO, "metrics", "RX9_staff_sickness.csv"), "rb") as f:
            text = f.read()
        r = run("oversight", "summary", "--metrics", "-", "--csv", stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"RX9,staff_sickness,54,2021-04,2025-09", r.stdout)


if __name__ == "__main__":
    ICS = os.path.abspath(sys.argv.pop(1))
    unittest.main()
