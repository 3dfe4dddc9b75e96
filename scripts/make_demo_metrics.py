#!/usr/bin/env python3
"""Writes SYNTHETIC monthly oversight metrics for the Derby and Derbyshire example's NHS
providers to data/demo/metrics/ (one CSV per provider and metric), the organisations file
data/demo/organisations.csv, and planted.json, which lists the shifts, trends and spikes
planted in the series (the demo test checks that `ics spc` finds them).

The numbers are made up: levels, seasonality and noise are chosen to look like published
NHS statistics for trusts of these kinds, but no value is any trust's real figure.
Deterministic: the same seed and months give the same bytes. Python standard library only.

usage: scripts/make_demo_metrics.py [--out DIR] [--seed N] [--start YYYY-MM] [--end YYYY-MM]
"""
import argparse
import csv
import io
import json
import math
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ORGANISATIONS = [
    # code, name, peer group (trust type)
    ("RTG", "University Hospitals of Derby and Burton NHS Foundation Trust", "acute"),
    ("RFS", "Chesterfield Royal Hospital NHS Foundation Trust", "acute"),
    ("RXM", "Derbyshire Healthcare NHS Foundation Trust", "mental_health"),
    ("RY8", "Derbyshire Community Health Services NHS Foundation Trust", "community"),
    ("RX9", "East Midlands Ambulance Service NHS Trust", "ambulance"),
]

# How each metric's numerator and denominator are named in the README, and the units.
METRICS = {
    "ae_4hr": "attendances within 4 hours / attendances",
    "rtt_18wk": "incomplete pathways under 18 weeks / incomplete pathways",
    "cancer_62d": "treated within 62 days / treated",
    "bed_occupancy": "occupied bed days / available bed days",
    "staff_sickness": "FTE days lost to sickness / FTE days available",
}

# One series per provider and metric: the level, month-to-month noise (standard deviation),
# winter effect (added in January, scaled by a cosine over the year), the size of the
# denominator, and the events planted in it. Events: shift (a step from a month on), trend
# (a change per month over a run of months, then held), spike (one month). "expect" is how
# a Making Data Count chart should read the months after the event: improvement or concern.
SERIES = [
    {"org": "RTG", "metric": "ae_4hr", "level": 64.0, "sd": 1.0, "winter": -2.0, "denominator": 24500,
     "events": [{"kind": "shift", "from": "2024-04", "change": 6.5, "expect": "improvement",
                 "story": "a new urgent and emergency care front door opens"}]},
    {"org": "RTG", "metric": "rtt_18wk", "level": 64.0, "sd": 0.4, "winter": -0.3, "denominator": 118000,
     "events": [{"kind": "trend", "from": "2021-10", "months": 10, "change": -1.1, "expect": "concern",
                 "story": "the waiting list grows faster than activity after the pandemic"},
                {"kind": "trend", "from": "2024-10", "months": 9, "change": 0.9, "expect": "improvement",
                 "story": "validation and extra elective capacity"}]},
    {"org": "RTG", "metric": "cancer_62d", "level": 70.0, "sd": 2.0, "winter": -1.0, "denominator": 210,
     "events": [{"kind": "shift", "from": "2022-10", "change": -10.0, "expect": "concern",
                 "story": "diagnostic capacity falls short in two tumour sites"},
                {"kind": "shift", "from": "2024-06", "change": 12.0, "expect": "improvement",
                 "story": "a straight-to-test pathway and a second endoscopy room"}]},
    {"org": "RTG", "metric": "bed_occupancy", "level": 93.5, "sd": 0.7, "winter": 1.5, "denominator": 33000,
     "events": []},
    {"org": "RTG", "metric": "staff_sickness", "level": 5.1, "sd": 0.2, "winter": 0.4, "denominator": 365000,
     "events": []},
    {"org": "RFS", "metric": "ae_4hr", "level": 79.0, "sd": 1.1, "winter": -2.0, "denominator": 7600,
     "events": [{"kind": "shift", "from": "2023-01", "change": -7.0, "expect": "concern",
                 "story": "emergency department rebuilding reduces cubicles"}]},
    {"org": "RFS", "metric": "rtt_18wk", "level": 61.0, "sd": 0.6, "winter": -0.3, "denominator": 39000,
     "events": []},
    {"org": "RFS", "metric": "cancer_62d", "level": 76.0, "sd": 3.0, "winter": -1.0, "denominator": 95,
     "events": []},
    {"org": "RFS", "metric": "bed_occupancy", "level": 90.5, "sd": 0.8, "winter": 1.2, "denominator": 15500,
     "events": [{"kind": "shift", "from": "2022-11", "change": 4.0, "expect": "concern",
                 "story": "delayed discharges rise when community capacity falls"}]},
    {"org": "RFS", "metric": "staff_sickness", "level": 4.9, "sd": 0.2, "winter": 0.4, "denominator": 120000,
     "events": []},
    {"org": "RXM", "metric": "bed_occupancy", "level": 96.0, "sd": 0.8, "winter": 0.3, "denominator": 7400,
     "events": []},
    {"org": "RXM", "metric": "staff_sickness", "level": 6.3, "sd": 0.2, "winter": 0.3, "denominator": 90000,
     "events": [{"kind": "shift", "from": "2023-06", "change": -1.1, "expect": "improvement",
                 "story": "a staff wellbeing and attendance programme"}]},
    {"org": "RY8", "metric": "ae_4hr", "level": 99.2, "sd": 0.25, "winter": -0.3, "denominator": 9800,
     "events": []},
    {"org": "RY8", "metric": "bed_occupancy", "level": 88.0, "sd": 0.6, "winter": 1.0, "denominator": 9100,
     "events": [{"kind": "trend", "from": "2024-10", "months": 8, "change": 0.9, "expect": "concern",
                 "story": "step-down beds fill as acute discharges rise"}]},
    {"org": "RY8", "metric": "staff_sickness", "level": 5.6, "sd": 0.2, "winter": 0.4, "denominator": 130000,
     "events": []},
    {"org": "RX9", "metric": "staff_sickness", "level": 6.4, "sd": 0.25, "winter": 0.5, "denominator": 150000,
     "events": [{"kind": "spike", "from": "2022-01", "change": 3.0, "expect": "concern",
                 "story": "a winter respiratory wave"}]},
]


def month_index(text, start):
    y, m = (int(x) for x in text.split("-"))
    return (y - start[0]) * 12 + (m - start[1])


def months_between(start, end):
    out = []
    y, m = start
    while (y, m) <= end:
        out.append((y, m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def parse_month(text):
    try:
        y, m = (int(x) for x in text.split("-"))
        if not 1 <= m <= 12:
            raise ValueError
        return y, m
    except ValueError:
        sys.exit(f"make_demo_metrics: {text!r} is not a month YYYY-MM")


def effect(event, i, start):
    first = month_index(event["from"], start)
    if event["kind"] == "shift":
        return event["change"] if i >= first else 0.0
    if event["kind"] == "spike":
        return event["change"] if i == first else 0.0
    if event["kind"] == "trend":
        steps = min(max(i - first + 1, 0), event["months"])
        return event["change"] * steps
    raise ValueError(event["kind"])


def generate(spec, months, start, rng):
    rows = []
    for i, (y, m) in enumerate(months):
        winter = spec["winter"] * max(0.0, math.cos(2 * math.pi * (m - 1) / 12))
        value = spec["level"] + winter + sum(effect(e, i, start) for e in spec["events"])
        value += rng.gauss(0.0, spec["sd"])
        value = min(max(value, 0.5), 99.9)
        denominator = max(1, round(spec["denominator"] * (1 + rng.gauss(0.0, 0.03))))
        numerator = round(denominator * value / 100)
        rows.append((f"{y:04d}-{m:02d}-01", round(100 * numerator / denominator, 1), numerator, denominator))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "demo"), help="output directory (data/demo)")
    ap.add_argument("--seed", type=int, default=20210401)
    ap.add_argument("--start", default="2021-04", help="first month (YYYY-MM)")
    ap.add_argument("--end", default="2025-09", help="last month (YYYY-MM)")
    args = ap.parse_args()
    start, end = parse_month(args.start), parse_month(args.end)
    if end < start:
        sys.exit("make_demo_metrics: --end is before --start")
    months = months_between(start, end)
    for spec in SERIES:
        for e in spec["events"]:
            if not 0 <= month_index(e["from"], start) < len(months):
                sys.exit(f"make_demo_metrics: the {spec['org']} {spec['metric']} event in {e['from']} "
                         f"is outside {args.start}..{args.end}")
    metrics_dir = os.path.join(args.out, "metrics")
    os.makedirs(metrics_dir, exist_ok=True)
    planted = []
    for n, spec in enumerate(SERIES):
        rng = random.Random(args.seed * 1000 + n)  # one stream per series: adding one keeps the others
        rows = generate(spec, months, start, rng)
        name = f"{spec['org']}_{spec['metric']}.csv"
        text = io.StringIO()
        w = csv.writer(text, lineterminator="\n")
        w.writerow(["org", "metric", "period", "value", "numerator", "denominator"])
        for period, value, numerator, denominator in rows:
            w.writerow([spec["org"], spec["metric"], period, f"{value:.1f}", numerator, denominator])
        with open(os.path.join(metrics_dir, name), "w", encoding="utf-8", newline="") as f:
            f.write(text.getvalue())
        for e in spec["events"]:
            planted.append({"file": f"metrics/{name}", "org": spec["org"], "metric": spec["metric"],
                            "kind": e["kind"], "from": e["from"], "months": e.get("months", 1),
                            "change": e["change"], "expect": e["expect"], "story": e["story"]})
    with open(os.path.join(args.out, "organisations.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["org", "name", "peer_group", "system", "financial_deficit", "cqc_rating", "flags"])
        for code, name, peer in ORGANISATIONS:
            # Financial position and CQC rating left blank: the demo states nothing about them.
            w.writerow([code, name, peer, "QJ2", "", "", ""])
    with open(os.path.join(args.out, "planted.json"), "w", encoding="utf-8") as f:
        json.dump({"synthetic": True, "seed": args.seed, "months": [args.start, args.end], "events": planted},
                  f, indent=2)
        f.write("\n")
    print(f"wrote {len(SERIES)} series of {len(months)} months and {len(planted)} planted events to {args.out}")


if __name__ == "__main__":
    main()
