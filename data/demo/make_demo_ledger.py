#!/usr/bin/env python3
"""Writes the synthetic demo ledgers (data/demo/ledger_2024_25.csv, ledger_2025_26.csv):
monthly plans and actuals of the Derby and Derbyshire ICB (QJ2) and four of its trusts.
Every figure is made up. Seeded: the same command writes the same bytes.

2025/26: April to October reported. Plans balance (the ICB's allocation income is its
2025/26 envelope: core and primary medical care allocations with add-ons and the running
cost allowance). Chesterfield Royal (RFS) drifts adverse: its pay and non-pay run 0.6% more
over plan each month. The ICB's mental health spend (category mental_health) is £14,000k a
month against £13,400k a month in 2024/25: 4.48% growth, above the ICB's 4.37% core base growth (MHIS met).
2024/25: all twelve months reported, plans at 97% of 2025/26's.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

ORGS = {
    "QJ2": "NHS Derby and Derbyshire ICB",
    "RTG": "University Hospitals of Derby and Burton NHS FT",
    "RFS": "Chesterfield Royal Hospital NHS FT",
    "RXM": "Derbyshire Healthcare NHS FT",
    "RY8": "Derbyshire Community Health Services NHS FT",
}

# Monthly plan (£k, pence exact) per series; the ICB's allocation income is the envelope / 12.
ENVELOPE_PENCE = 2569261_00000  # £2,569,261k: 2025/26 core + PMC with add-ons + RCA
SERIES = [
    ("QJ2", "income", "allocation", None),
    ("QJ2", "expenditure", "RTG contract", 84166_67000),
    ("QJ2", "expenditure", "RFS contract", 27500_00000),
    ("QJ2", "expenditure", "RXM contract", 20000_00000),
    ("QJ2", "expenditure", "RY8 contract", 17916_67000),
    ("QJ2", "expenditure", "primary care", 20416_67000),
    ("QJ2", "expenditure", "mental_health", 14000_00000),
    ("QJ2", "expenditure", "other commissioned services", None),  # the balance
    ("QJ2", "expenditure", "running_costs", 1350_00000),
    ("RTG", "income", "QJ2 contract", 84166_67000),
    ("RTG", "income", "other income", 21666_67000),
    ("RTG", "expenditure", "pay", 65616_67000),
    ("RTG", "expenditure", "non-pay", 40216_67000),
    ("RFS", "income", "QJ2 contract", 27500_00000),
    ("RFS", "income", "other income", 3750_00000),
    ("RFS", "expenditure", "pay", 19375_00000),
    ("RFS", "expenditure", "non-pay", 11875_00000),
    ("RXM", "income", "QJ2 contract", 20000_00000),
    ("RXM", "income", "other income", 2500_00000),
    ("RXM", "expenditure", "pay", 13950_00000),
    ("RXM", "expenditure", "non-pay", 8550_00000),
    ("RY8", "income", "QJ2 contract", 17916_67000),
    ("RY8", "income", "other income", 2083_33000),
    ("RY8", "expenditure", "pay", 12400_00000),
    ("RY8", "expenditure", "non-pay", 7600_00000),
]


def k(pence):
    """Pence as £k text with two decimals (whole pounds x 10)."""
    sign = "-" if pence < 0 else ""
    pence = abs(pence)
    return f"{sign}{pence // 100000}.{(pence % 100000) // 1000:02d}"


def monthly_plans(scale):
    """Per series, twelve monthly plans in pence (multiples of £10), the ICB balanced."""
    alloc_month = ENVELOPE_PENCE // 12 // 1000 * 1000
    alloc = [alloc_month] * 11 + [ENVELOPE_PENCE - 11 * alloc_month]
    plans = {}
    for org, kind, category, monthly in SERIES:
        if category == "allocation":
            plans[(org, kind, category)] = alloc
        elif monthly is not None:
            plans[(org, kind, category)] = [monthly] * 12
    spent = [sum(p[m] for (o, kd, c), p in plans.items() if o == "QJ2" and kd == "expenditure") for m in range(12)]
    plans[("QJ2", "expenditure", "other commissioned services")] = [alloc[m] - spent[m] for m in range(12)]
    if scale != 1:
        for key in plans:
            plans[key] = [int(round(p * scale / 1000)) * 1000 for p in plans[key]]
    return plans


def write(path, first_year, months_reported, scale, mental_health=None, drift=True):
    rng = random.Random(first_year)
    plans = monthly_plans(scale)
    if mental_health is not None:
        plans[("QJ2", "expenditure", "mental_health")] = [mental_health] * 12
    lines = ["organisation,name,month,kind,category,plan_k,actual_k"]
    for org, kind, category, _ in SERIES:
        plan = plans[(org, kind, category)]
        for m in range(12):
            month = m + 4 if m < 9 else m - 8
            year = first_year if m < 9 else first_year + 1
            actual = ""
            if m < months_reported:
                if kind == "income" or org == "QJ2":
                    value = plan[m]
                else:
                    # Slightly under plan with noise; RFS drifting over plan month by month.
                    factor = 1 - 0.002 + rng.uniform(-0.0015, 0.0015)
                    if drift and org == "RFS":
                        factor = 1 + 0.006 * (m + 1) + rng.uniform(-0.001, 0.001)
                    value = int(round(plan[m] * factor / 1000)) * 1000
                actual = k(value)
            lines.append(f"{org},{ORGS[org]},{year}-{month:02d},{kind},{category},{k(plan[m])},{actual}")
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    write(os.path.join(HERE, "ledger_2025_26.csv"), 2025, 7, 1)
    write(os.path.join(HERE, "ledger_2024_25.csv"), 2024, 12, 0.97, mental_health=13400_00000, drift=False)
