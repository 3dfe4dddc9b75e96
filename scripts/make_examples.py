#!/usr/bin/env python3
"""Generates the example ICS definitions under examples/ from the data under data/.

    scripts/make_examples.py                  # derby-derbyshire, national and broken
    scripts/make_examples.py derby            # one of: derby, national, broken, all
    scripts/make_examples.py national --scale 16
                                              # also examples/national/ics-x16.yaml, 16 times larger
    scripts/make_examples.py extract-pcns SRC # rebuild data/gp_practice_pcns_2022_23.csv from the
                                              # 2022/23 practice file of the allocation tool

Python 3 standard library only: the YAML is written as text here (no YAML library). The
output is deterministic, so regenerating an unchanged input gives an identical file.
Where the files come from and what is real or invented is in examples/README.md and in
the header comment of each generated file.
"""

import argparse
import collections
import csv
import datetime
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")
EXAMPLES = os.path.join(ROOT, "examples")
PRACTICES_CSV = "gp_practices_2024_25.csv"
PCNS_CSV = "gp_practice_pcns_2022_23.csv"

# ---------------------------------------------------------------------------------------
# A small YAML writer: block style, with flow style ({...} / [...]) for anything short
# enough to fit on one line, comments, and quoting only where YAML needs it.


class Raw(str):
    """Text written exactly as given (numbers copied from a source file)."""


class Comment:
    """A comment line inside a list or map."""

    def __init__(self, text):
        self.text = text


class Note:
    """A value with a trailing '# comment'."""

    def __init__(self, value, comment):
        self.value = value
        self.comment = comment


class Wrap(list):
    """A list written in flow style over as many lines as it needs (long code lists)."""


_PLAIN = re.compile(r"^[A-Za-z0-9(][A-Za-z0-9 .'()/&+@_£-]*$")
_RESERVED = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"}
WIDTH = 118       # longest line for anything nested
FLAT_WIDTH = 200  # a map or list of single values stays on one line up to this width


def _flat(v):
    """Single values, or lists of single values: nothing that nests maps."""
    items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else []
    return all(not isinstance(x, dict) and not (isinstance(x, list) and not _flat(x)) for x in items)


def _fits(text, v):
    return len(text) <= (FLAT_WIDTH if _flat(v) else WIDTH) and not _has_comments(v)


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    s = str(v)
    if s and _PLAIN.match(s) and not s.endswith(" ") and s.lower() not in _RESERVED and ": " not in s \
            and " #" not in s and not s.endswith(":"):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(v):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items() if not isinstance(k, Comment)) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v if not isinstance(x, Comment)) + "]"
    if isinstance(v, Note):
        return flow(v.value)
    return scalar(v)


def _has_comments(v):
    if isinstance(v, dict):
        return any(isinstance(k, Comment) or isinstance(x, Note) or _has_comments(x) for k, x in v.items())
    if isinstance(v, list) and not isinstance(v, Wrap):
        return any(isinstance(x, (Comment, Note)) or _has_comments(x) for x in v)
    return False


def _wrapped(prefix, items, indent, out):
    """Writes `prefix[a, b, c, ...]` wrapped at WIDTH, continuation lines indented."""
    texts = [scalar(x) for x in items]
    if not texts:
        out.append(prefix + "[]")
        return
    line = prefix + "["
    pad = " " * (indent + 4)
    for i, t in enumerate(texts):
        piece = t + ("]" if i == len(texts) - 1 else ",")
        if len(line) + 1 + len(piece) > WIDTH and not line.endswith("["):
            out.append(line)
            line = pad + piece
        else:
            line += ("" if line.endswith("[") else " ") + piece
    out.append(line)


def block(v, indent, out):
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(k, Comment):
                out.append(f"{pad}# {k.text}")
                continue
            trailing = ""
            if isinstance(x, Note):
                trailing = f"  # {x.comment}"
                x = x.value
            if isinstance(x, Wrap):
                _wrapped(f"{pad}{k}: ", x, indent, out)
                if trailing:
                    out[-1] += trailing
                continue
            text = f"{pad}{k}: {flow(x)}"
            if not isinstance(x, (dict, list)) or _fits(text, x) or not x:
                out.append(text + trailing)
            elif isinstance(x, list) and _flat(x) and not _has_comments(x):
                _wrapped(f"{pad}{k}: ", x, indent, out)
                out[-1] += trailing
            else:
                out.append(f"{pad}{k}:{trailing}")
                block(x, indent + 2, out)
        return
    if isinstance(v, list):
        for x in v:
            if isinstance(x, Comment):
                out.append(f"{pad}# {x.text}")
                continue
            trailing = ""
            if isinstance(x, Note):
                trailing = f"  # {x.comment}"
                x = x.value
            text = f"{pad}- {flow(x)}"
            if not isinstance(x, (dict, list)) or _fits(text, x) or not x:
                out.append(text + trailing)
                continue
            if isinstance(x, dict):
                sub = []
                block(x, indent + 2, sub)
                first = next(i for i, line in enumerate(sub) if not line.lstrip().startswith("#"))
                for line in sub[:first]:
                    out.append(line)
                out.append(f"{pad}- " + sub[first][indent + 2:] + trailing)
                out.extend(sub[first + 1:])
            else:
                out.append(f"{pad}-{trailing}")
                block(x, indent + 2, out)
        return
    out.append(pad + scalar(v))


def document(header, sections):
    """The YAML text: a header comment, then each top-level section (dicts in order)."""
    out = ["# " + line if line else "#" for line in header]
    for key, value in sections:
        if isinstance(key, Comment):
            out.append("")
            out.append(f"# {key.text}")
            continue
        out.append("")
        if isinstance(value, (dict, list)):
            out.append(f"{key}:")
            block(value, 2, out)
        else:
            out.append(f"{key}: {scalar(value)}")
    return "\n".join(out) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    size = len(text.encode("utf-8"))
    print(f"wrote {os.path.relpath(path, ROOT)} ({size / 1e6:.2f} MB)")


# ---------------------------------------------------------------------------------------
# Data


def read_csv(name):
    path = os.path.join(DATA, name)
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


class Practices:
    """The practice file (2024/25) joined to the PCN extract (2022/23)."""

    def __init__(self):
        self.rows = read_csv(PRACTICES_CSV)
        self.pcn_of = {}      # practice code -> (PCN code, PCN name); unallocated practices absent
        self.county_of = {}   # district (LAD21) code -> (county code, county name)
        for r in read_csv(PCNS_CSV):
            if r["PCN_Code"] and r["PCN_Code"] != "U":  # "U" / "Unallocated": no PCN
                self.pcn_of[r["Practice_Code"]] = (r["PCN_Code"], r["PCN_Name"])
            if r["LAD21"].startswith("E07") and r["LA21"].startswith("E10"):
                self.county_of[r["LAD21"]] = (r["LA21"], r["UTLA21"])

    def of_icb(self, icb):
        return [r for r in self.rows if r["ICS22"] == icb]

    @staticmethod
    def list_size(r):
        # `Patients` is blank in the 2024/25 file; `pop 2022/23` is the projected registered
        # population for the file's year (the column name is inherited from 2022/23).
        return int(round(float(r["pop 2022/23"])))


def practice_org(r, pcn, la):
    o = {"code": r["Practice_Code"], "name": r["GP_Practice_Name"], "kind": "gp_practice"}
    if pcn:
        o["pcn"] = pcn
    o["local_authority"] = la
    o["list_size"] = Practices.list_size(r)
    o["weighted_population"] = Raw(r["Final WP"])
    return o


D = datetime.date

# ---------------------------------------------------------------------------------------
# Derby and Derbyshire

DDICB = "QJ2"
DERBY, COUNTY = "E06000015", "E10000007"
DISTRICTS = [  # ONS code from the practice file's LAD21 column, council name
    ("E07000032", "Amber Valley Borough Council"),
    ("E07000033", "Bolsover District Council"),
    ("E07000034", "Chesterfield Borough Council"),
    ("E07000035", "Derbyshire Dales District Council"),
    ("E07000036", "Erewash Borough Council"),
    ("E07000037", "High Peak Borough Council"),
    ("E07000038", "North East Derbyshire District Council"),
    ("E07000039", "South Derbyshire District Council"),
]
TRUSTS = ["RTG", "RFS", "RXM", "RY8", "RX9"]
HW_DERBY, HW_DERBYSHIRE, VCSE, DHU = "ZZHWD1", "ZZHWS1", "ZZVCS1", "ZZDHU1"
# The four place areas used before 2022 ("local ICPs"), mapped onto council footprints.
PLACES = [
    ("north", "Chesterfield, North East Derbyshire and Bolsover", ["E07000034", "E07000038", "E07000033"]),
    ("derby-city", "Derby City", [DERBY]),
    ("south", "South Derbyshire, Amber Valley and Erewash", ["E07000039", "E07000032", "E07000036"]),
    ("dales-high-peak", "Derbyshire Dales and High Peak", ["E07000035", "E07000037"]),
]
AS_OF = D(2025, 6, 30)
# Functions the scheme of delegation gives to committees; each committee's terms of reference
# list the same words (delegated_functions), so the two stay consistent.
F_AUDIT = "assure internal control, risk management, audit and counter-fraud"
F_REMUNERATION = "decide pay and terms of very senior managers and board members"
F_BUSINESS_CASES = "approve revenue business cases within the financial plan"
F_PMS = "commission primary medical services"
F_POD = "commission pharmaceutical, general ophthalmic and dental services"
F_CONTRACTS = "award contracts within the financial plan"
F_BCF = "agree the Better Care Fund section 75 pooled budget plans"
F_PLACE = "commission community services for a place within its delegated budget"
FPPT = {"last_assessed": D(2025, 3, 14), "passed": True}
DECLARED = D(2025, 4, 7)  # annual declaration round (fictional date)


def board_person(pid, name, employments=(), **extra):
    p = {"id": pid, "name": name}
    if employments:
        p["employments"] = list(employments)
    p.update(extra)
    p["nolan_undertaking"] = True
    p["fit_and_proper"] = dict(FPPT)
    p["interests_declared"] = DECLARED
    return p


def job(org, role, **flags):
    e = {"org": org, "role": role}
    e.update(flags)
    return e


def derby_definition(data):
    rows = data.of_icb(DDICB)
    rows.sort(key=lambda r: (r["LAD21"], r["Practice_Code"]))
    practice_codes = sorted(r["Practice_Code"] for r in rows)
    pcns = collections.OrderedDict()
    for r in sorted(rows, key=lambda r: r["Practice_Code"]):
        p = data.pcn_of.get(r["Practice_Code"])
        if p:
            pcns.setdefault(p[0], [p[1], 0])[1] += Practices.list_size(r)
    population = sum(Practices.list_size(r) for r in rows)
    la_population = collections.Counter()
    for r in rows:
        la_population[r["LAD21"]] += Practices.list_size(r)
    lad_in_file = {r["LAD21"] for r in data.rows}
    for code, _ in DISTRICTS:
        assert code in lad_in_file, code
    assert data.county_of["E07000032"][0] == COUNTY

    # A GP partner member from Amber Valley (as the real board has); fictional person.
    amber = sorted(r["Practice_Code"] for r in rows if r["LAD21"] == "E07000032")
    gp_practice = amber[0]
    gp_pcn = data.pcn_of[gp_practice][0]
    cplg_practice = sorted(r["Practice_Code"] for r in rows if r["LAD21"] == "E07000034")[0]

    header = [
        "Derby and Derbyshire Integrated Care System (\"Joined Up Care Derbyshire\"), as a definition for `ics check`.",
        "Generated by scripts/make_examples.py from data/; edit the script, not this file.",
        "",
        "REAL (public sources):",
        "  * the ICB: NHS Derby and Derbyshire ICB, ODS QJ2, ONS E54000058, NHS England Midlands region,",
        "    established 1 July 2022 (NHS England ICB list; ONS ICB22 lookup);",
        "  * NHS trusts and their ODS codes: RTG, RFS (acute FTs), RXM (mental health FT), RY8 (community FT),",
        "    RX9 (East Midlands Ambulance Service, region-wide ambulance trust) (NHS ODS trust list);",
        "  * councils and ONS codes: Derby City Council E06000015 (unitary) and the eight districts, from the",
        "    LAD21 column of the practice file; Derbyshire County Council E10000007 is NOT in the 2024/25",
        "    practice file: it comes from the upper-tier (LA21) column of the 2022/23 file of the same tool;",
        "  * GP practices (all 118 with ICS22 = QJ2), their local authority (LAD21), list size and weighted",
        "    population: NHS England ICB place-based allocation tool, weighted populations 2024/25",
        "    (nhsx/AIF_Allocation_Tool, data/2024_2025.csv; data/gp_practices_2024_25.csv). `list_size` is the",
        "    `pop 2022/23` column rounded (the projected registered population for 2024/25; `Patients` is blank",
        "    in that file); `weighted_population` is `Final WP` (the overall core need-weighted population);",
        "  * PCN membership: the 2024/25 file has no PCN columns, so PCN codes and names come from the tool's",
        "    2022/23 file (data/gp_practice_pcns_2022_23.csv); PCN membership may have changed since;",
        "  * the board's seats, the four pre-2022 place areas, the Provider Collaborative at Scale led by the",
        "    mental health trust's chief executive, and the Derby and Derbyshire Integrated Care Partnership",
        "    (created July 2022; integrated care strategy agreed by the ICP in April 2023 and approved by the",
        "    Derby City and Derbyshire County cabinets on 14 and 15 June 2023): ICB board minutes of",
        "    17 Nov 2022 and 16 Mar 2023 and Joined Up Care Derbyshire news pages.",
        "",
        "FICTIONAL (not found in public sources, or deliberately invented):",
        "  * every person: names, careers, interests, gifts and hospitality are invented; none is a real",
        "    board member;",
        "  * the codes ZZHWD1, ZZHWS1, ZZVCS1 and ZZDHU1 (Healthwatch Derby, Healthwatch Derbyshire, the VCSE",
        "    Sector Alliance, DHU Health Care CIC): their ODS codes were not found, so these are invented",
        "    placeholders, not ODS codes;",
        "  * committee names and membership, place governance detail and conveners, the collaborative's",
        "    governance form, the ICP's chair and membership, document dates, constitution amendments and",
        "    the scheme of delegation (financial limits are illustrative only, not sourced);",
        "  * the date the definition describes (system.as_of).",
    ]

    system = {
        "name": "Derby and Derbyshire",
        "icb": DDICB,
        "ons_code": "E54000058",
        "region": "Midlands",
        "population": Note(population, "sum of the practices' list_size below (2024/25 projection)"),
        "established": D(2022, 7, 1),
        "as_of": AS_OF,
    }

    constitution = {
        "name": "NHS Derby and Derbyshire Integrated Care Board",
        "area": "The areas of Derby City Council and Derbyshire County Council (Glossop included from 1 July 2022)",
        "adopted": D(2022, 7, 1),
        "standing_orders": True,
        "clauses": ["independence_of_health_service", "transparency", "urgent_decisions"],
        "ordinary_member_appointments": (
            "Partner members are appointed by the chief executive from persons jointly nominated by the NHS "
            "trusts and foundation trusts, by the providers of primary medical services and by the two "
            "councils, subject to the chair's approval; executive members are appointed by the chief "
            "executive and non-executive members by the chair, each subject to the chair's approval."),
        "published": {"published": D(2022, 7, 1), "url": "https://joinedupcarederbyshire.co.uk/"},
        "amendments": [
            {"date": D(2023, 4, 1), "approved_by_nhse": D(2023, 3, 20),
             "summary": "Committee changes for the delegation of pharmacy, optometry and dental services"},
            {"date": D(2024, 7, 1), "approved_by_nhse": D(2024, 6, 12),
             "summary": "Updated standing orders on urgent decisions"},
        ],
    }

    documents = {
        Comment("Dates are fictional except the integrated care strategy's (approved by both cabinets in June 2023)."): None,
        "governance_handbook": {
            "published": D(2022, 7, 1), "last_reviewed": D(2025, 3, 27),
            "contains": ["scheme_of_reservation_and_delegation", "functions_and_decision_map",
                         "standing_financial_instructions", "committee_terms_of_reference",
                         "joint_committee_terms_of_reference", "eligible_pms_providers_list"]},
        "standing_financial_instructions": {"published": D(2022, 7, 1), "last_reviewed": D(2025, 3, 27),
                                            "contains": ["delegated_financial_limits"]},
        "scheme_of_reservation_and_delegation": {"published": D(2022, 7, 1), "last_reviewed": D(2025, 3, 27)},
        "functions_and_decision_map": {"published": D(2022, 7, 1), "last_reviewed": D(2025, 3, 27)},
        "standards_of_business_conduct": {"published": D(2022, 7, 1), "last_reviewed": D(2024, 9, 26)},
        "register_of_interests": {"published": D(2025, 4, 30), "last_reviewed": D(2025, 4, 30)},
        "joint_forward_plan": {
            "published": D(2025, 3, 28), "period": "2025/26-2029/30",
            "contains": ["health_services", "general_duties", "financial_duties", "health_and_wellbeing_strategy",
                         "children_and_young_people", "victims_of_abuse"]},
        "integrated_care_strategy": {
            "adopted": D(2023, 6, 15), "published": D(2023, 6, 30),
            "url": "https://joinedupcarederbyshire.co.uk/?p=20598",
            "contains": ["section_75_considered", "healthwatch_involved", "public_involved"]},
        "people_and_communities_strategy": {"published": D(2022, 7, 1), "last_reviewed": D(2024, 7, 18)},
        "annual_report": {"published": D(2024, 7, 4)},
        "eligible_pms_providers_list": {"published": D(2025, 4, 1)},
        "clinical_and_professional_leadership_model": {"published": D(2022, 7, 1)},
    }
    documents = {k: v for k, v in documents.items() if v is not None or isinstance(k, Comment)}

    orgs = [
        Comment("The ICB"),
        {"code": DDICB, "name": "NHS Derby and Derbyshire Integrated Care Board", "kind": "icb"},
        Comment("NHS trusts and foundation trusts (ODS codes)"),
        {"code": "RTG", "name": "University Hospitals of Derby and Burton NHS Foundation Trust", "kind": "acute_trust",
         "foundation_trust": True},
        {"code": "RFS", "name": "Chesterfield Royal Hospital NHS Foundation Trust", "kind": "acute_trust",
         "foundation_trust": True},
        {"code": "RXM", "name": "Derbyshire Healthcare NHS Foundation Trust", "kind": "mental_health_trust",
         "foundation_trust": True},
        {"code": "RY8", "name": "Derbyshire Community Health Services NHS Foundation Trust", "kind": "community_trust",
         "foundation_trust": True},
        Note({"code": "RX9", "name": "East Midlands Ambulance Service NHS Trust", "kind": "ambulance_trust"},
             "serves the whole East Midlands, this area included"),
        Comment("Councils (ONS codes). social_care defaults to true for upper_tier_la."),
        {"code": DERBY, "name": "Derby City Council", "kind": "upper_tier_la", "la_type": "unitary"},
        Note({"code": COUNTY, "name": "Derbyshire County Council", "kind": "upper_tier_la", "la_type": "county"},
             "not in the 2024/25 practice file: from the LA21 column of the 2022/23 file"),
    ]
    for code, name in DISTRICTS:
        orgs.append({"code": code, "name": name, "kind": "lower_tier_la"})
    orgs += [
        Comment("Other partners. Their ODS codes were not found: ZZ... codes are invented placeholders."),
        {"code": HW_DERBY, "name": "Healthwatch Derby", "kind": "healthwatch"},
        {"code": HW_DERBYSHIRE, "name": "Healthwatch Derbyshire", "kind": "healthwatch"},
        {"code": VCSE, "name": "Derby and Derbyshire VCSE Sector Alliance", "kind": "vcse"},
        Note({"code": DHU, "name": "DHU Health Care CIC", "kind": "independent_provider"},
             "NHS 111 and out-of-hours provider"),
        Comment(f"Primary care networks ({len(pcns)}): codes and names from the 2022/23 practice file; "
                "list_size is the sum of their practices'"),
    ]
    for code, (name, size) in sorted(pcns.items(), key=lambda kv: kv[1][0]):
        orgs.append({"code": code, "name": name, "kind": "pcn", "list_size": size})
    orgs.append(Comment(f"GP practices ({len(rows)}), by local authority: list_size = round(pop 2022/23), "
                        "weighted_population = Final WP (2024/25)"))
    la_names = dict(DISTRICTS)
    la_names[DERBY] = "Derby City"
    current = None
    for r in rows:
        if r["LAD21"] != current:
            current = r["LAD21"]
            orgs.append(Comment(f"{r['LTLA21']} ({current})"))
        pcn = data.pcn_of.get(r["Practice_Code"])
        orgs.append(practice_org(r, pcn[0] if pcn else None, r["LAD21"]))

    people = [
        Comment("Everyone below is fictional. Board members first, in the order of the board's seats."),
        board_person("p-chair", "Margaret Ellison-Pike"),
        board_person("p-ceo", "Daniel Okafor-Reeve", [job(DDICB, "Chief Executive Officer", executive=True)]),
        board_person("p-cfo", "Priya Ravensworth", [job(DDICB, "Executive Director of Finance", executive=True)],
                     finance_audit_expertise=True),
        board_person("p-cmo", "Dr Tomasz Whitcombe", [job(DDICB, "Chief Medical Officer", executive=True)]),
        board_person("p-cno", "Grace Abernethy-Lowe",
                     [job(DDICB, "Chief Nursing Officer and Deputy Chief Executive", executive=True)]),
        board_person("p-ned-audit", "Colin Ashburn", finance_audit_expertise=True),
        board_person("p-ned-vice", "Farah Lindqvist"),
        board_person("p-ned-rem", "Bernard Okonjo-Hale"),
        board_person("p-ned-quality", "Sian Trevelyan"),
        board_person("p-ned-finance", "Rupert Castellane", finance_audit_expertise=True),
        board_person("p-dchs-ceo", "Yvonne Marchetti",
                     [job("RY8", "Chief Executive and ICB lead for Place Partnerships", executive=True)]),
        board_person("p-dhcft-ceo", "Kwame Ashdown",
                     [job("RXM", "Chief Executive and lead of the Provider Collaborative at Scale", executive=True)],
                     mental_health_expertise=True),
        board_person("p-gp-partner", "Dr Imogen Fairweather", [job(gp_practice, "GP Partner")],
                     primary_medical_services=True),
        board_person("p-dph", "Dr Nadia Brightwell",
                     [job(COUNTY, "Director of Public Health", executive=True)]),
        board_person("p-city-people", "Owen Castleford",
                     [job(DERBY, "Strategic Director of People Services", executive=True)]),
        board_person("p-cpo", "Lorraine Quist", [job(DDICB, "Chief People Officer", executive=True)]),
        board_person("p-cdio", "Marcus Velden", [job(DDICB, "Chief Digital and Information Officer", executive=True)]),
        board_person("p-corporate", "Harriet Dunmore",
                     [job(DDICB, "Executive Director of Corporate Affairs", executive=True)]),
        board_person("p-strategy", "Sanjay Wexford",
                     [job(DDICB, "Executive Director of Strategy and Planning", executive=True)]),
        board_person("p-cplg", "Dr Alistair Penhallow", [job(cplg_practice, "GP Partner")],
                     primary_medical_services=True),
        {"id": "p-board-secretary", "name": "Fiona Kettleby", "employments": [job(DDICB, "Board Secretary")],
         "interests_declared": DECLARED},
        Comment("Members of the integrated care partnership and committees who are not board members"),
        {"id": "p-cllr-city", "name": "Cllr Rosa Hallingbury",
         "employments": [job(DERBY, "Cabinet Member for Integrated Health and Adult Care", elected_member=True)],
         "interests_declared": DECLARED},
        {"id": "p-cllr-county", "name": "Cllr Geoffrey Ashover-Lane",
         "employments": [job(COUNTY, "Cabinet Member for Health and Communities", elected_member=True)],
         "interests_declared": DECLARED},
        {"id": "p-cllr-district", "name": "Cllr Peter Wragley",
         "employments": [job("E07000034", "Councillor, representing the district and borough councils",
                             elected_member=True)],
         "interests_declared": DECLARED},
        {"id": "p-hw-derby", "name": "Leona Pritchard-Vale",
         "employments": [job(HW_DERBY, "Chief Executive", executive=True)], "interests_declared": DECLARED},
        {"id": "p-hw-derbyshire", "name": "Martin Eddowes",
         "employments": [job(HW_DERBYSHIRE, "Chief Executive", executive=True)], "interests_declared": DECLARED},
        {"id": "p-vcse", "name": "Joy Adebayo-Finch", "employments": [job(VCSE, "Chair", non_executive=True)],
         "interests_declared": DECLARED},
        {"id": "p-ph-consultant", "name": "Dr Ewan Threlkeld",
         "employments": [job(DERBY, "Consultant in Public Health")], "interests_declared": DECLARED},
    ]

    trusts_nominating = Wrap(TRUSTS)
    seats = [
        {"role": "chair", "person": "p-chair", "appointed_by": "nhs_england", "approved_by": "secretary_of_state",
         "valid_from": D(2022, 7, 1)},
        {"role": "ceo", "person": "p-ceo", "appointed_by": "chair", "approved_by": "nhs_england",
         "valid_from": D(2022, 7, 1)},
        Comment("Executive members"),
        {"role": "exec_finance", "person": "p-cfo", "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "exec_medical", "person": "p-cmo", "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "exec_nursing", "person": "p-cno", "appointed_by": "ceo", "approved_by": "chair"},
        Comment("Non-executive members: one is vice (deputy) chair and senior non-executive member"),
        {"role": "ned", "person": "p-ned-audit", "appointed_by": "chair", "approved_by": "chair"},
        {"role": "ned", "person": "p-ned-vice", "appointed_by": "chair", "approved_by": "chair",
         "deputy_chair": True, "senior_ned": True},
        {"role": "ned", "person": "p-ned-rem", "appointed_by": "chair", "approved_by": "chair"},
        {"role": "ned", "person": "p-ned-quality", "appointed_by": "chair", "approved_by": "chair"},
        {"role": "ned", "person": "p-ned-finance", "appointed_by": "chair", "approved_by": "chair"},
        Comment("Partner members: two for the NHS trusts and foundation trusts (the DHcFT one for mental health),"),
        Comment("one for primary medical services (a GP in Amber Valley), two for the councils"),
        {"role": "partner_trust", "person": "p-dchs-ceo", "nominated_by": trusts_nominating, "appointed_by": "ceo",
         "approved_by": "chair"},
        {"role": "partner_trust", "person": "p-dhcft-ceo", "nominated_by": trusts_nominating, "appointed_by": "ceo",
         "approved_by": "chair"},
        {"role": "partner_pms", "person": "p-gp-partner", "nominated_by": Note(
            Wrap(practice_codes), f"all {len(practice_codes)} practices in the area"),
         "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "partner_la", "person": "p-dph", "nominated_by": [DERBY, COUNTY], "appointed_by": "ceo",
         "approved_by": "chair"},
        {"role": "partner_la", "person": "p-city-people", "nominated_by": [DERBY, COUNTY], "appointed_by": "ceo",
         "approved_by": "chair"},
        Comment("Other executive directors who attend; the minutes do not confirm a vote, so shown as non-voting"),
        {"role": "exec_other", "person": "p-cpo", "voting": False},
        {"role": "exec_other", "person": "p-cdio", "voting": False},
        {"role": "exec_other", "person": "p-corporate", "voting": False},
        {"role": "exec_other", "person": "p-strategy", "voting": False},
        Comment("Non-voting: the Clinical and Professional Leadership Group participant, and the board secretary"),
        {"role": "participant", "person": "p-cplg"},
        {"role": "attendee", "person": "p-board-secretary"},
    ]
    board = {
        "seats": seats,
        "quorum": {"majority": True, "requires": ["chair_or_deputy", "executive", "non_executive"]},
        "meets_in_public": True,
        "publishes_papers": True,
        "publishes_minutes": True,
        "casting_vote": "chair",
        "approved_variations": Note(["BRD-018"], "the larger board is set by the constitution NHS England approved"),
    }

    tor = {"terms_of_reference_approved": D(2022, 7, 1), "terms_of_reference_published": True}
    committees = [
        Comment("Committee names and membership are fictional (the real list was not found)."),
        dict({"id": "audit", "name": "Audit and Governance Committee", "kind": "audit", "chair": "p-ned-audit",
              "members": ["p-ned-audit", "p-ned-rem", "p-ned-finance"], "quorum": 2,
              "delegated_functions": [F_AUDIT]}, **tor),
        dict({"id": "remuneration", "name": "Remuneration Committee", "kind": "remuneration", "chair": "p-ned-rem",
              "members": ["p-ned-rem", "p-ned-vice", "p-ned-quality"], "quorum": 2,
              "delegated_functions": [F_REMUNERATION]}, **tor),
        dict({"id": "quality", "name": "Quality and Performance Committee", "kind": "quality",
              "chair": "p-ned-quality",
              "members": ["p-ned-quality", "p-ned-finance", "p-cno", "p-cmo",
                          {"person": "p-hw-derbyshire", "voting": False, "chair_approved": True}],
              "quorum": {"count": 3, "requires": ["non_executive", "executive"]}}, **tor),
        dict({"id": "finance", "name": "Finance and Estates Committee", "kind": "finance", "chair": "p-ned-finance",
              "members": ["p-ned-finance", "p-ned-audit", "p-cfo", "p-ceo"],
              "quorum": {"count": 3, "requires": ["non_executive", "executive"]},
              "delegated_functions": [F_BUSINESS_CASES, F_CONTRACTS, F_BCF]}, **tor),
        dict({"id": "people", "name": "People and Culture Committee", "kind": "people", "chair": "p-ned-vice",
              "members": ["p-ned-vice", "p-ned-quality", "p-cpo", "p-cno"],
              "quorum": {"count": 3, "requires": ["non_executive", "executive"]}}, **tor),
        dict({"id": "primary-care", "name": "Primary Care Commissioning Committee", "kind": "primary_care",
              "chair": "p-ned-rem",
              "members": ["p-ned-rem", "p-ned-audit", "p-cfo", "p-cmo", "p-cno",
                          {"person": "p-gp-partner", "voting": False},
                          {"person": "p-ph-consultant", "voting": False, "chair_approved": True},
                          {"person": "p-hw-derby", "voting": False, "chair_approved": True}],
              "quorum": {"count": 4, "requires": ["non_executive", "executive"]},
              "commissioning_functions": True,
              "delegated_functions": [F_PMS, F_POD]},
             **tor),
    ]

    icp = {
        "name": "Derby and Derbyshire Integrated Care Partnership",
        "bodies": Wrap([DDICB, DERBY, COUNTY] + [c for c, _ in DISTRICTS] + TRUSTS + [HW_DERBY, HW_DERBYSHIRE, VCSE]),
        "members": [
            Comment("Statutory core (LGPIHA 2007 s.116ZA(2)): one ICB appointee and one per responsible council"),
            {"person": "p-chair", "appointed_by": DDICB, "role": "ICB appointee"},
            {"person": "p-cllr-city", "appointed_by": DERBY, "role": "Derby City Council appointee"},
            {"person": "p-cllr-county", "appointed_by": COUNTY, "role": "Derbyshire County Council appointee"},
            Comment("Appointed by the partnership itself"),
            {"person": "p-cllr-district", "appointed_by": "icp", "role": "District and borough councils"},
            {"person": "p-hw-derby", "appointed_by": "icp", "role": "Healthwatch Derby"},
            {"person": "p-hw-derbyshire", "appointed_by": "icp", "role": "Healthwatch Derbyshire"},
            {"person": "p-vcse", "appointed_by": "icp", "role": "VCSE Sector Alliance"},
            {"person": "p-dhcft-ceo", "appointed_by": "icp", "role": "NHS providers (Provider Collaborative at Scale)"},
        ],
        "chair": Note("p-chair", "the real chair was not found"),
        "chair_selected_by": [DDICB, DERBY, COUNTY],
        "quorum": {"count": 3, "requires": ["chair_or_deputy"]},
    }

    places = [Comment("The four pre-2022 place areas; their current governance was not found in detail, so the")]
    places.append(Comment("arrangements below (consultative Place Partnerships led by the DCHS chief executive) are illustrative."))
    for pid, name, footprint in PLACES:
        in_place = [r for r in rows if r["LAD21"] in footprint]
        place_pcns = sorted({data.pcn_of[r["Practice_Code"]][0] for r in in_place if r["Practice_Code"] in data.pcn_of})
        members = [DDICB] + ([DERBY] if pid == "derby-city" else [COUNTY] + footprint)
        members += (["RTG"] if pid != "north" else ["RFS"]) + ["RXM", "RY8", "RX9"] + place_pcns
        members += [HW_DERBY if pid == "derby-city" else HW_DERBYSHIRE, VCSE, DHU]
        places.append({
            "id": pid, "name": f"{name} Place Partnership", "footprint": footprint,
            "population": Note(sum(Practices.list_size(r) for r in in_place),
                               "list size of the practices located in the footprint"),
            "governance": ["consultative_forum", "individual_director"] if pid == "derby-city" else ["consultative_forum"],
            "members": Wrap(members),
            "convener": "p-dchs-ceo",
            "reports_to": "icb",
            "decision_making": ("A consultative forum that advises the ICB and the councils; an ICB executive "
                                "director takes the ICB's place decisions under a delegation with a limit (illustrative)."
                                if pid == "derby-city" else
                                "A consultative forum: it aligns the partners' plans for the place and advises the "
                                "ICB and the councils, whose own boards and officers take the decisions."),
        })

    collaboratives = [{
        "id": "pc-at-scale", "name": "Provider Collaborative at Scale",
        "members": ["RTG", "RFS", "RXM", "RY8", "RX9"], "lead": "RXM",
        "governance": Note("committees_in_common", "form not found; illustrative"),
        "places": [p[0] for p in PLACES],
    }]

    interests = [
        Comment("Fictional register. Partner members' own organisations, as COI guidance expects."),
        {"person": "p-dchs-ceo", "category": "financial", "org": "RY8",
         "description": "Chief Executive (employee) of Derbyshire Community Health Services NHS FT",
         "from": D(2022, 6, 6), "declared": D(2022, 7, 1),
         "mitigation": "Withdraws from decisions on contracts with the trust"},
        {"person": "p-dhcft-ceo", "category": "financial", "org": "RXM",
         "description": "Chief Executive (employee) of Derbyshire Healthcare NHS FT",
         "from": D(2022, 6, 13), "declared": D(2022, 7, 1),
         "mitigation": "Withdraws from decisions on contracts with the trust"},
        {"person": "p-dhcft-ceo", "category": "nonfin_professional", "org": "RXM",
         "related_orgs": ["RTG", "RFS", "RY8", "RX9"],
         "description": "Lead chief executive of the Provider Collaborative at Scale",
         "from": D(2022, 11, 17), "declared": D(2022, 11, 17),
         "mitigation": "Declares at meetings on the collaborative's work; no vote on its funding"},
        {"person": "p-gp-partner", "category": "financial", "org": gp_practice, "related_orgs": [gp_pcn],
         "description": "GP partner; the practice is a member of its primary care network",
         "from": D(2022, 6, 20), "declared": D(2022, 7, 1),
         "mitigation": "Withdraws from decisions on primary medical services contracts and PCN funding"},
        {"person": "p-dph", "category": "financial", "org": COUNTY,
         "description": "Director of Public Health (employee) of Derbyshire County Council",
         "from": D(2022, 6, 27), "declared": D(2022, 7, 1),
         "mitigation": "Withdraws from decisions on section 75 arrangements and public health contracts with the council"},
        {"person": "p-city-people", "category": "financial", "org": DERBY,
         "description": "Strategic Director of People Services (employee) of Derby City Council",
         "from": D(2022, 6, 27), "declared": D(2022, 7, 1),
         "mitigation": "Withdraws from decisions on section 75 arrangements with the council"},
        {"person": "p-cplg", "category": "financial", "org": cplg_practice,
         "description": "GP partner", "from": D(2022, 6, 20), "declared": D(2022, 7, 1),
         "mitigation": "Takes no part in decisions on primary medical services contracts"},
        {"person": "p-cmo", "category": "indirect", "org": "RTG",
         "description": "Spouse is a consultant physician employed by the trust",
         "from": D(2023, 2, 1), "declared": D(2023, 2, 14),
         "mitigation": "Declares at meetings; no part in decisions on the trust's medical staffing"},
        {"person": "p-ned-vice", "category": "nonfin_personal", "topics": ["hospice"],
         "description": "Trustee of a hospice charity in north Derbyshire",
         "from": D(2021, 9, 1), "declared": D(2022, 7, 1),
         "mitigation": "Withdraws if the hospice is a counterparty"},
        {"person": "p-ned-finance", "category": "financial",
         "description": "Director and shareholder of a finance consultancy with no health service clients",
         "from": D(2019, 4, 1), "declared": D(2022, 7, 1),
         "mitigation": "Will not take health service work while a member; declares any change"},
        {"person": "p-hw-derby", "category": "financial", "org": HW_DERBY,
         "description": "Chief Executive (employee) of Healthwatch Derby",
         "from": D(2022, 9, 5), "declared": D(2022, 9, 19),
         "mitigation": "Non-voting member of the primary care commissioning committee"},
        {"person": "p-hw-derbyshire", "category": "financial", "org": HW_DERBYSHIRE,
         "description": "Chief Executive (employee) of Healthwatch Derbyshire",
         "from": D(2022, 9, 5), "declared": D(2022, 9, 19),
         "mitigation": "Non-voting member of the quality committee"},
        {"person": "p-ph-consultant", "category": "financial", "org": DERBY,
         "description": "Consultant in Public Health (employee) of Derby City Council",
         "from": D(2023, 1, 9), "declared": D(2023, 1, 20),
         "mitigation": "Non-voting; withdraws from decisions on contracts with the council"},
    ]

    gifts = [
        Comment("Fictional entries"),
        {"person": "p-cfo", "kind": "hospitality", "date": D(2025, 3, 12),
         "from": "Healthcare finance professional body (regional conference dinner)", "from_supplier": False,
         "value_gbp": 38, "accepted": True, "declared": True},
        {"person": "p-ceo", "kind": "hospitality", "date": D(2025, 1, 22),
         "from": "A management consultancy bidding for ICB work", "from_supplier": True,
         "value_gbp": 120, "accepted": False, "declared": True},
        {"person": "p-cmo", "kind": "gift", "date": D(2024, 11, 5), "from": "A medical devices supplier",
         "from_supplier": True, "value_gbp": "2.50", "accepted": True, "declared": False, "promotional": True},
        {"person": "p-ned-quality", "kind": "gift", "date": D(2024, 12, 18),
         "from": "The family of a patient, after a complaint was resolved", "from_supplier": False,
         "value_gbp": 15, "accepted": True, "declared": False},
    ]

    functions = [
        Comment("The functions and decision map (illustrative: DDICB's own map was not found). source: icb for the"),
        Comment("ICB's statutory functions, nhs_england for those NHS England delegates (s.65Z5), section_75 for"),
        Comment("pooled budgets with the councils. Clause numbers (FDM-n) are invented."),
        {"id": "constitution", "name": "propose amendments to the constitution to NHS England", "source": "icb",
         "area": "governance", "statutory_basis": "NHS Act 2006 Sch 1B", "held_by": "board", "clause": "FDM-1"},
        {"id": "sord", "name": "approve and vary the standing orders, SoRD and SFIs", "source": "icb",
         "area": "governance", "held_by": "board", "clause": "FDM-2"},
        {"id": "budget", "name": "approve the annual budget and operating plan", "source": "icb", "area": "finance",
         "statutory_basis": "NHS Act 2006 s.223GB-223N", "held_by": "board", "clause": "FDM-3"},
        {"id": "jfp", "name": "approve the joint forward plan with the partner trusts", "source": "icb",
         "area": "strategy and planning", "statutory_basis": "NHS Act 2006 s.14Z52", "held_by": "board",
         "clause": "FDM-4"},
        {"id": "accounts", "name": "approve the annual report and accounts", "source": "icb", "area": "finance",
         "statutory_basis": "NHS Act 2006 Sch 15", "held_by": "board", "clause": "FDM-5"},
        {"id": "audit", "name": F_AUDIT, "source": "icb", "area": "governance", "held_by": "audit", "clause": "FDM-6"},
        {"id": "remuneration", "name": F_REMUNERATION, "source": "icb", "area": "workforce",
         "statutory_basis": "NHS Act 2006 Sch 1B para 18", "held_by": "remuneration", "clause": "FDM-7"},
        {"id": "business-cases", "name": F_BUSINESS_CASES, "source": "icb", "area": "finance", "held_by": "finance",
         "clause": "FDM-8"},
        {"id": "award-contracts", "name": F_CONTRACTS, "source": "icb", "area": "procurement and contracts",
         "statutory_basis": "NHS Act 2006 s.14Z25 (commissioning)", "held_by": "finance", "clause": "FDM-9"},
        {"id": "pms", "name": F_PMS, "source": "nhs_england", "area": "primary care",
         "statutory_basis": "NHS Act 2006 s.65Z5 (delegation agreement)", "held_by": "primary-care",
         "clause": "FDM-10", "valid_from": D(2022, 7, 1)},
        {"id": "pod", "name": F_POD, "source": "nhs_england", "area": "primary care",
         "statutory_basis": "NHS Act 2006 s.65Z5 (delegation agreement)", "held_by": "primary-care",
         "clause": "FDM-11", "valid_from": D(2023, 4, 1)},
        {"id": "better-care-fund", "name": F_BCF, "source": "section_75", "area": "integration",
         "statutory_basis": "NHS Act 2006 s.75", "held_by": "finance", "clause": "FDM-12"},
        {"id": "place-community", "name": F_PLACE, "source": "icb", "area": "place",
         "held_by": "role:place_director_derby_city", "clause": "FDM-13"},
    ]

    roles = [
        Comment("Officer roles named in the scheme and their holders (fictional people)"),
        {"id": "chief_executive", "title": "Chief Executive", "person": "p-ceo"},
        {"id": "executive_director_of_finance", "title": "Executive Director of Finance", "person": "p-cfo",
         "reports_to": "chief_executive"},
        {"id": "director_of_strategy", "title": "Executive Director of Strategy and Planning", "person": "p-strategy",
         "reports_to": "chief_executive"},
        {"id": "place_director_derby_city", "title": "Derby City place director (Executive Director of Strategy and "
         "Planning)", "person": "p-strategy", "reports_to": "chief_executive"},
    ]

    delegations = [
        Comment("Scheme of reservation and delegation. Clause numbers are invented. Financial limits are the"),
        Comment("governance reference's SYNTHETIC limits (section 6.2: director 250k, CFO 1m, CEO 5m, finance committee"),
        Comment("10m, board above), because no real ICB scheme with limits per role was found."),
        Comment("Reserved to the board"),
        {"id": "d-constitution", "function": "propose amendments to the constitution to NHS England",
         "reserved_to_board": True, "statutory_basis": "NHS Act 2006 Sch 1B", "clause": "2.1"},
        {"id": "d-budget", "function": "approve the annual budget and operating plan", "reserved_to_board": True,
         "statutory_basis": "NHS Act 2006 s.223GB-223N", "clause": "2.2"},
        {"id": "d-jfp", "function": "approve the joint forward plan with the partner trusts",
         "reserved_to_board": True, "statutory_basis": "NHS Act 2006 s.14Z52", "clause": "2.3"},
        {"id": "d-sord", "function": "approve and vary the standing orders, SoRD and SFIs",
         "reserved_to_board": True, "statutory_basis": "ICB constitution", "clause": "2.4"},
        {"id": "d-accounts", "function": "approve the annual report and accounts", "reserved_to_board": True,
         "statutory_basis": "NHS Act 2006 Sch 15", "clause": "2.5"},
        Comment("Delegated to committees by the board"),
        {"id": "d-audit", "function": F_AUDIT,
         "delegated_to": "audit", "delegated_by": "board", "statutory_basis": "ICB constitution", "clause": "3.1"},
        {"id": "d-remuneration", "function": F_REMUNERATION,
         "delegated_to": "remuneration", "delegated_by": "board", "statutory_basis": "NHS Act 2006 Sch 1B para 18",
         "clause": "3.2"},
        {"id": "d-business-cases", "function": F_BUSINESS_CASES,
         "delegated_to": "finance", "delegated_by": "board", "limit_gbp": Note(10000000, "synthetic limit"),
         "clause": "3.3"},
        {"id": "d-finance-contracts", "function": F_CONTRACTS, "delegated_to": "finance", "delegated_by": "board",
         "limit_gbp": Note(10000000, "synthetic limit"), "clause": "3.4"},
        {"id": "d-bcf", "function": F_BCF, "delegated_to": "finance", "delegated_by": "board",
         "statutory_basis": "NHS Act 2006 s.75", "limit_gbp": Note(10000000, "synthetic limit"), "clause": "3.5"},
        Comment("Delegated to the ICB by NHS England (s.65Z5 delegation agreement), exercised by a committee"),
        {"id": "d-pms", "function": F_PMS, "delegated_to": "primary-care",
         "delegated_by": "nhs_england", "statutory_basis": "NHS Act 2006 s.65Z5", "clause": "4.1",
         "valid_from": D(2022, 7, 1)},
        {"id": "d-pod", "function": F_POD,
         "delegated_to": "primary-care", "delegated_by": "nhs_england", "statutory_basis": "NHS Act 2006 s.65Z5",
         "clause": "4.2", "valid_from": D(2023, 4, 1)},
        Comment("Delegated to individuals, with sub-delegation (synthetic limits)"),
        {"id": "d-ceo-contracts", "function": F_CONTRACTS, "delegated_to": "role:chief_executive",
         "delegated_by": "board", "limit_gbp": 5000000, "clause": "5.1", "may_sub_delegate": True,
         "sub_delegation_limit_gbp": 1000000},
        {"id": "d-cfo-contracts", "function": F_CONTRACTS, "delegated_to": "role:executive_director_of_finance",
         "sub_delegated_from": "d-ceo-contracts", "limit_gbp": 1000000, "clause": "5.1.1", "may_sub_delegate": True,
         "sub_delegation_limit_gbp": 250000},
        {"id": "d-strategy-contracts", "function": F_CONTRACTS, "delegated_to": "role:director_of_strategy",
         "sub_delegated_from": "d-cfo-contracts", "limit_gbp": 250000, "clause": "5.1.2",
         "conditions": "within the approved directorate budget"},
        {"id": "d-place-derby-city", "function": F_PLACE, "delegated_to": "role:place_director_derby_city",
         "delegated_by": "board", "places": ["derby-city"], "limit_gbp": 250000, "clause": "6.1",
         "conditions": "within the place's delegated budget"},
    ]

    section_75 = [
        Comment("Better Care Fund pooled budgets (s.75 NHS Act 2006). Amounts are illustrative, not sourced."),
        {"id": "s75-bcf-county", "name": "Derbyshire Better Care Fund", "partners": [DDICB, COUNTY], "host": COUNTY,
         "functions": [F_BCF], "pooled_gbp": 95000000, "governed_by": "finance", "valid_from": D(2023, 4, 1)},
        {"id": "s75-bcf-city", "name": "Derby City Better Care Fund", "partners": [DDICB, DERBY], "host": DERBY,
         "functions": [F_BCF], "pooled_gbp": 40000000, "governed_by": "finance", "valid_from": D(2023, 4, 1)},
    ]

    meetings = [
        Comment("Fictional meetings: agendas, values and attendance are invented to show conflicts and quorum."),
        {"id": "icb-board-2025-05", "title": "ICB Board, 15 May 2025", "body": "board", "date": D(2025, 5, 15),
         "present": Wrap(["p-chair", "p-ceo", "p-cfo", "p-cmo", "p-cno", "p-ned-audit", "p-ned-vice", "p-ned-rem",
                          "p-ned-quality", "p-ned-finance", "p-dchs-ceo", "p-dhcft-ceo", "p-gp-partner", "p-dph",
                          "p-city-people"]),
         "in_attendance": Wrap(["p-corporate", "p-strategy", "p-cpo", "p-cdio", "p-cplg", "p-board-secretary"]),
         "agenda": [
             {"number": "1", "title": "Welcome, apologies and declarations of interest", "part": "public",
              "purpose": "information"},
             {"number": "2", "title": "Annual budget and operating plan 2025/26", "part": "public",
              "purpose": "decision", "function": "budget", "value_gbp": 2600000000},
             {"number": "3", "title": "Better Care Fund plans 2025/26 with Derbyshire County and Derby City councils",
              "part": "public", "purpose": "decision", "function": "better-care-fund",
              "counterparties": [COUNTY, DERBY], "value_gbp": 135000000},
             {"number": "4", "title": "Provider Collaborative at Scale: progress report", "part": "public",
              "purpose": "information", "counterparties": ["RTG", "RFS", "RXM", "RY8", "RX9"]},
             {"number": "5", "title": "Hospice end-of-life care grants 2025/26", "part": "public",
              "purpose": "decision", "function": "award-contracts", "topics": ["hospice"], "value_gbp": 450000},
             {"number": "6", "title": "Community health services contract 2025/26 (commercial in confidence)",
              "part": "confidential", "purpose": "decision", "function": "award-contracts",
              "counterparties": ["RY8"], "value_gbp": 185000000},
             {"number": "7", "title": "Mental health services contract 2025/26 (commercial in confidence)",
              "part": "confidential", "purpose": "decision", "function": "award-contracts",
              "counterparties": ["RXM"], "value_gbp": 150000000},
         ]},
        {"id": "primary-care-2025-06", "title": "Primary Care Commissioning Committee, 12 June 2025",
         "body": "primary-care", "date": D(2025, 6, 12),
         "present": ["p-ned-rem", "p-ned-audit", "p-cfo", "p-cmo"],
         "in_attendance": ["p-gp-partner", "p-ph-consultant", "p-hw-derby"],
         "agenda": [
             {"number": "1", "title": "Declarations of interest", "part": "public", "purpose": "information"},
             {"number": "2", "title": "Extended access enhanced service for the Amber Valley PCN", "part": "public",
              "purpose": "decision", "function": "pms", "counterparties": [gp_pcn], "value_gbp": 600000},
             {"number": "3", "title": "Sexual health services in general practice with Derby City Council",
              "part": "public", "purpose": "decision", "function": "pms", "counterparties": [DERBY],
              "value_gbp": 300000},
             {"number": "4", "title": "Urgent dental care contract award (commercial in confidence)",
              "part": "confidential", "purpose": "decision", "function": "pod", "counterparties": [DHU],
              "value_gbp": 1200000},
             {"number": "5", "title": "GP-led urgent treatment centre at the Royal Derby Hospital site",
              "part": "confidential", "purpose": "decision", "function": "pms", "counterparties": ["RTG"],
              "value_gbp": 2400000},
         ]},
    ]

    sections = [
        ("system", system),
        ("constitution", constitution),
        ("documents", documents),
        ("organisations", orgs),
        ("people", people),
        ("icb", {"board": board, "committees": committees}),
        ("icp", icp),
        ("places", places),
        ("collaboratives", collaboratives),
        ("interests", interests),
        ("gifts_and_hospitality", gifts),
        ("functions", functions),
        ("roles", roles),
        ("delegations", delegations),
        ("section_75", section_75),
        ("meetings", meetings),
    ]
    counts = {"organisations": sum(1 for o in orgs if not isinstance(o, Comment)),
              "practices": len(rows), "pcns": len(pcns),
              "people": sum(1 for p in people if not isinstance(p, Comment))}
    return document(header, sections), counts


# ---------------------------------------------------------------------------------------
# England: all 42 ICBs in one definition (scale fixture)

UMBRELLA = "QZZ"


class CodeAllocator:
    """Free codes of a given shape, in order, skipping codes already in use."""

    def __init__(self, used, candidates):
        self.used = set(used)
        self.candidates = candidates

    def next(self):
        for code in self.candidates:
            if code not in self.used:
                self.used.add(code)
                return code
        raise SystemExit("make_examples: ran out of codes for --scale; use a smaller scale")


def _practice_codes():
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXY":
        for n in range(100000):
            yield f"{letter}{n:05d}"


def _pcn_codes():
    for n in range(100000):
        yield f"U{n:05d}"


def _icb_codes():
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for a in alnum:
        for b in alnum:
            yield f"Q{a}{b}"


def _la_copy(code, k):
    # Real LA codes have "000" in positions 4-6 (E06000015); copy k writes k there.
    assert code[3:6] == "000", code
    return f"{code[:3]}{k:03d}{code[6:]}"


def national_definition(data, scale=1):
    # Each copy needs 42 new ICB codes, and there are only 1,296 codes of the form Q + two
    # letters or digits: 30 copies is the most that fits.
    if not 1 <= scale <= 30:
        raise SystemExit("make_examples: --scale must be 1 to 30")
    icbs = collections.OrderedDict()
    for r in sorted(data.rows, key=lambda r: r["ICS22"]):
        icbs.setdefault(r["ICS22"], (r["ICS22name"], r["Region22"]))
    by_icb = collections.defaultdict(list)
    for r in sorted(data.rows, key=lambda r: (r["ICS22"], r["LAD21"], r["Practice_Code"])):
        by_icb[r["ICS22"]].append(r)
    la_names = {}
    for r in data.rows:
        la_names[r["LAD21"]] = r["LTLA21"]
    counties = {}
    for lad in la_names:
        if lad.startswith("E07"):
            counties[data.county_of[lad][0]] = data.county_of[lad][1]

    icb_alloc = CodeAllocator(list(icbs) + [UMBRELLA], _icb_codes())
    practice_alloc = CodeAllocator([r["Practice_Code"] for r in data.rows], _practice_codes())
    pcn_alloc = CodeAllocator({p[0] for p in data.pcn_of.values()}, _pcn_codes())

    def la_type(code):
        if code == "E06000053":
            return "isles_of_scilly"
        if code == "E09000001":
            return "city_of_london"
        return {"E06": "unitary", "E08": "metropolitan_district", "E09": "london_borough", "E10": "county"}.get(code[:3])

    orgs = [Comment("The umbrella board standing for England (QZZ is invented, not an ODS code)"),
            {"code": UMBRELLA, "name": "England-wide fixture board (invented, for scale tests)", "kind": "icb"},
            Comment("The five Derby and Derbyshire trusts, the only NHS trusts in the reference data"),
            {"code": "RTG", "name": "University Hospitals of Derby and Burton NHS Foundation Trust",
             "kind": "acute_trust", "foundation_trust": True},
            {"code": "RFS", "name": "Chesterfield Royal Hospital NHS Foundation Trust", "kind": "acute_trust",
             "foundation_trust": True},
            {"code": "RXM", "name": "Derbyshire Healthcare NHS Foundation Trust", "kind": "mental_health_trust",
             "foundation_trust": True},
            {"code": "RY8", "name": "Derbyshire Community Health Services NHS Foundation Trust",
             "kind": "community_trust", "foundation_trust": True},
            {"code": "RX9", "name": "East Midlands Ambulance Service NHS Trust", "kind": "ambulance_trust"}]
    people = []
    places = []
    icp_members = []
    all_practices = []
    responsible = []
    n_practices = n_pcns = 0
    first_practice = None

    for k in range(scale):
        suffix = "" if k == 0 else f" (copy {k + 1})"
        pid_suffix = "" if k == 0 else f"-c{k + 1}"
        la = (lambda c: c) if k == 0 else (lambda c, k=k: _la_copy(c, k))
        orgs.append(Comment(f"Copy {k + 1} of {scale}: codes altered, names marked" if k else
                            "The 42 ICBs, their councils, PCNs and practices"))
        icb_code = {c: (c if k == 0 else icb_alloc.next()) for c in icbs}
        practice_code = {r["Practice_Code"]: (r["Practice_Code"] if k == 0 else practice_alloc.next())
                         for r in data.rows}
        pcn_code = {}
        for code, _ in sorted(set(data.pcn_of.values())):
            pcn_code[code] = code if k == 0 else pcn_alloc.next()
        orgs.append(Comment("Integrated care boards"))
        for c, (name, region) in icbs.items():
            orgs.append({"code": icb_code[c], "name": name + suffix, "kind": "icb"})
        orgs.append(Comment("Councils (2021 geography, as in the practice file; names are ONS area names)"))
        for c in sorted(counties):
            orgs.append({"code": la(c), "name": f"{counties[c]} County Council{suffix}", "kind": "upper_tier_la",
                         "la_type": "county"})
            responsible.append(la(c))
        for c in sorted(la_names):
            o = {"code": la(c), "name": la_names[c] + suffix}
            if c.startswith("E07"):
                o["kind"] = "lower_tier_la"
            else:
                o["kind"] = "upper_tier_la"
                o["la_type"] = la_type(c)
                responsible.append(la(c))
            orgs.append(o)
        # PCNs with their list sizes (practices of this file only).
        pcn_sizes = collections.Counter()
        pcn_names = {}
        for r in data.rows:
            p = data.pcn_of.get(r["Practice_Code"])
            if p:
                pcn_sizes[p[0]] += Practices.list_size(r)
                pcn_names[p[0]] = p[1]
        orgs.append(Comment("Primary care networks (from the 2022/23 file)"))
        for c in sorted(pcn_sizes):
            orgs.append({"code": pcn_code[c], "name": pcn_names[c] + suffix, "kind": "pcn", "list_size": pcn_sizes[c]})
            n_pcns += 1
        for c, (name, region) in icbs.items():
            rows = by_icb[c]
            orgs.append(Comment(f"{name}{suffix} ({icb_code[c]}, {region} region): {len(rows)} practices"))
            lads = []
            for r in rows:
                p = data.pcn_of.get(r["Practice_Code"])
                o = practice_org(r, pcn_code[p[0]] if p else None, la(r["LAD21"]))
                o["code"] = practice_code[r["Practice_Code"]]
                if suffix:
                    o["name"] = o["name"] + suffix
                orgs.append(o)
                all_practices.append(o["code"])
                first_practice = first_practice or o["code"]
                n_practices += 1
                if la(r["LAD21"]) not in lads:
                    lads.append(la(r["LAD21"]))
            convener = f"p-place-{c.lower()}{pid_suffix}"
            people.append({"id": convener, "name": f"Convener, {name} place{suffix} (fictional)",
                           "interests_declared": DECLARED})
            places.append({"id": f"{c.lower()}{pid_suffix}", "name": f"{name} area{suffix}", "footprint": Wrap(lads),
                           "population": sum(Practices.list_size(r) for r in rows),
                           "governance": ["consultative_forum"], "members": Wrap([icb_code[c]] + lads),
                           "convener": convener, "reports_to": "icp",
                           "decision_making": "Advises the board and the councils; decisions stay with them."})
    for code in responsible:
        pid = f"p-icp-{code.lower()}"
        people.append({"id": pid, "name": f"ICP appointee of council {code} (fictional)",
                       "interests_declared": DECLARED})
        icp_members.append({"person": pid, "appointed_by": code, "role": "council appointee"})

    # A scheme per ICB area: roles (vacant: no postholders in the fixture) and clause-numbered lines.
    area_roles, area_lines = [], []
    for place in places:
        pid = place["id"]
        tag = pid.upper()
        for rid, title in (("chief_executive", "Chief Executive"), ("director_of_finance", "Director of Finance"),
                           ("director_of_commissioning", "Director of Commissioning"),
                           ("budget_holder", "Budget holder"), ("place_director", "Place director")):
            area_roles.append({"id": f"{pid}_{rid}", "title": f"{title}, {place['name']}"})
        role = lambda rid: f"role:{pid}_{rid}"
        area_lines += [
            {"id": f"d-{pid}-ceo", "function": "award-contracts", "delegated_to": role("chief_executive"),
             "delegated_by": "board", "places": [pid], "limit_gbp": 5000000, "clause": f"{tag}-5.1",
             "may_sub_delegate": True, "sub_delegation_limit_gbp": 1000000},
            {"id": f"d-{pid}-dof", "function": "award-contracts", "delegated_to": role("director_of_finance"),
             "sub_delegated_from": f"d-{pid}-ceo", "places": [pid], "limit_gbp": 1000000, "clause": f"{tag}-5.1.1",
             "may_sub_delegate": True},
            {"id": f"d-{pid}-doc", "function": "award-contracts", "delegated_to": role("director_of_commissioning"),
             "sub_delegated_from": f"d-{pid}-dof", "places": [pid], "limit_gbp": 250000, "clause": f"{tag}-5.1.2",
             "may_sub_delegate": True},
            {"id": f"d-{pid}-bh", "function": "award-contracts", "delegated_to": role("budget_holder"),
             "sub_delegated_from": f"d-{pid}-doc", "places": [pid], "limit_gbp": 50000, "clause": f"{tag}-5.1.3"},
            {"id": f"d-{pid}-place", "function": "place-community", "delegated_to": role("place_director"),
             "delegated_by": "board", "places": [pid], "limit_gbp": 250000, "clause": f"{tag}-6.1"},
            {"id": f"d-{pid}-pms", "function": "pms", "delegated_to": role("director_of_commissioning"),
             "delegated_by": "board", "places": [pid], "limit_gbp": 1000000, "clause": f"{tag}-7.1"},
        ]

    board_people = [
        board_person("p-chair", "Chair (fictional)"),
        board_person("p-ceo", "Chief Executive (fictional)", [job(UMBRELLA, "Chief Executive", executive=True)]),
        board_person("p-cfo", "Director of Finance (fictional)", [job(UMBRELLA, "Director of Finance", executive=True)]),
        board_person("p-cmo", "Medical Director (fictional)", [job(UMBRELLA, "Medical Director", executive=True)]),
        board_person("p-cno", "Director of Nursing (fictional)", [job(UMBRELLA, "Director of Nursing", executive=True)]),
        board_person("p-ned1", "Non-executive One (fictional)", finance_audit_expertise=True),
        board_person("p-ned2", "Non-executive Two (fictional)"),
        board_person("p-trust", "Trust Partner (fictional)", [job("RXM", "Chief Executive", executive=True)],
                     mental_health_expertise=True),
        board_person("p-gp", "Primary Care Partner (fictional)", [job(first_practice, "GP Partner")],
                     primary_medical_services=True),
        board_person("p-la", "Council Partner (fictional)", [job(responsible[0], "Director of Adult Social Services",
                                                                  executive=True)]),
    ]
    people = [Comment("Every person is fictional")] + board_people + people
    seats = [
        {"role": "chair", "person": "p-chair", "appointed_by": "nhs_england", "approved_by": "secretary_of_state"},
        {"role": "ceo", "person": "p-ceo", "appointed_by": "chair", "approved_by": "nhs_england"},
        {"role": "exec_finance", "person": "p-cfo", "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "exec_medical", "person": "p-cmo", "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "exec_nursing", "person": "p-cno", "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "ned", "person": "p-ned1", "appointed_by": "chair", "approved_by": "chair"},
        {"role": "ned", "person": "p-ned2", "appointed_by": "chair", "approved_by": "chair", "deputy_chair": True,
         "senior_ned": True},
        {"role": "partner_trust", "person": "p-trust", "nominated_by": ["RTG", "RFS", "RXM", "RY8", "RX9"],
         "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "partner_pms", "person": "p-gp", "nominated_by": Wrap(all_practices), "appointed_by": "ceo",
         "approved_by": "chair"},
        {"role": "partner_la", "person": "p-la", "nominated_by": Wrap(responsible), "appointed_by": "ceo",
         "approved_by": "chair"},
    ]
    tor = {"terms_of_reference_approved": D(2022, 7, 1), "terms_of_reference_published": True}
    icb = {
        "board": {"seats": seats,
                  "quorum": {"majority": True, "requires": ["chair_or_deputy", "executive", "non_executive"]},
                  "meets_in_public": True, "publishes_papers": True, "publishes_minutes": True,
                  "casting_vote": "chair"},
        "committees": [
            dict({"id": "audit", "name": "Audit Committee", "kind": "audit", "chair": "p-ned1",
                  "members": ["p-ned1", "p-ned2"], "quorum": 2, "delegated_functions": [F_AUDIT]}, **tor),
            dict({"id": "remuneration", "name": "Remuneration Committee", "kind": "remuneration", "chair": "p-ned2",
                  "members": ["p-ned2", "p-ned1"], "quorum": 2}, **tor),
        ],
    }
    total_population = sum(Practices.list_size(r) for r in data.rows) * scale
    header = [
        "England as ONE definition: all 42 ICBs' areas with their councils, PCNs and GP practices, for scale",
        "tests of `ics check` (the loader and every rule over about 6,500 practices per copy).",
        "Generated by scripts/make_examples.py from data/; edit the script, not this file.",
        "",
        "A definition describes one system, so this file treats England as one: an invented umbrella board",
        "(code QZZ, not an ODS code, no such body exists) stands where an ICB's own board would be, and the 42",
        "real ICBs are organisations (kind: icb) of it, each with one place covering its practices' councils.",
        "",
        "REAL: ICB codes, names and NHS regions (in comments); GP practices (2024/25 file: list_size = round(pop 2022/23),",
        "weighted_population = Final WP); PCNs (2022/23 file); councils and ONS codes in 2021 geography as the",
        "practice file gives them (LAD21; counties from the 2022/23 file's LA21 column) - so Cumbria, North",
        "Yorkshire and Somerset still appear as two-tier areas, as they were before April 2023; the five",
        "Derby and Derbyshire NHS trusts (the only trusts in the reference data).",
        "FICTIONAL: the umbrella board, every person, the governance skeleton and all dates.",
    ]
    if scale > 1:
        header += ["", f"SCALED x{scale}: copies 2..{scale} repeat every ICB, council, PCN and practice with altered",
                   "codes (free codes of the same shape) and '(copy N)' in the name. Not real organisations."]
    sections = [
        ("system", {"name": "England (all 42 ICB areas; scale fixture)" + (f" x{scale}" if scale > 1 else ""),
                    "icb": UMBRELLA, "ons_code": "E92000001", "region": "England",
                    "population": total_population, "established": D(2022, 7, 1), "as_of": AS_OF}),
        ("constitution", {
            "name": "England-wide fixture board", "area": "England", "adopted": D(2022, 7, 1),
            "standing_orders": True, "clauses": ["independence_of_health_service", "transparency", "urgent_decisions"],
            "ordinary_member_appointments": ("Partner members by the chief executive after joint nomination, "
                                             "executives by the chief executive, non-executives by the chair; "
                                             "all subject to the chair's approval."),
            "published": {"published": D(2022, 7, 1)}}),
        ("documents", {
            "governance_handbook": {"published": D(2022, 7, 1), "last_reviewed": D(2025, 3, 27),
                                    "contains": ["scheme_of_reservation_and_delegation", "functions_and_decision_map",
                                                 "standing_financial_instructions", "committee_terms_of_reference",
                                                 "joint_committee_terms_of_reference", "eligible_pms_providers_list"]},
            "standing_financial_instructions": {"published": D(2022, 7, 1), "contains": ["delegated_financial_limits"]},
            "scheme_of_reservation_and_delegation": {"published": D(2022, 7, 1)},
            "functions_and_decision_map": {"published": D(2022, 7, 1)},
            "standards_of_business_conduct": {"published": D(2022, 7, 1)},
            "register_of_interests": {"published": D(2025, 4, 30), "last_reviewed": D(2025, 4, 30)},
            "joint_forward_plan": {"published": D(2025, 3, 28), "period": "2025/26-2029/30",
                                   "contains": ["health_services", "general_duties", "financial_duties",
                                                "health_and_wellbeing_strategy", "children_and_young_people",
                                                "victims_of_abuse"]},
            "integrated_care_strategy": {"published": D(2023, 6, 30),
                                         "contains": ["section_75_considered", "healthwatch_involved",
                                                      "public_involved"]},
            "people_and_communities_strategy": {"published": D(2022, 7, 1)},
            "clinical_and_professional_leadership_model": {"published": D(2022, 7, 1)},
        }),
        ("organisations", orgs),
        ("people", people),
        ("icb", icb),
        ("icp", {"name": "England-wide fixture partnership", "bodies": Wrap([UMBRELLA] + responsible),
                 "members": [{"person": "p-chair", "appointed_by": UMBRELLA, "role": "board appointee"}] + icp_members,
                 "chair": "p-chair", "chair_selected_by": Wrap([UMBRELLA] + responsible), "quorum": "majority"}),
        ("places", places),
        ("collaboratives", [{"id": "pc-at-scale", "name": "Provider Collaborative at Scale",
                             "members": ["RTG", "RFS", "RXM", "RY8", "RX9"], "lead": "RXM",
                             "governance": "committees_in_common"}]),
        ("interests", [
            {"person": "p-trust", "category": "financial", "org": "RXM", "description": "Chief Executive",
             "from": D(2022, 6, 13), "declared": D(2022, 7, 1), "mitigation": "Withdraws from decisions on the trust"},
            {"person": "p-gp", "category": "financial", "org": first_practice, "description": "GP partner",
             "from": D(2022, 6, 20), "declared": D(2022, 7, 1),
             "mitigation": "Withdraws from decisions on primary medical services contracts"},
            {"person": "p-la", "category": "financial", "org": responsible[0],
             "description": "Director of Adult Social Services", "from": D(2022, 6, 27), "declared": D(2022, 7, 1),
             "mitigation": "Withdraws from decisions on section 75 arrangements with the council"}]),
        ("functions", [
            {"id": "budget", "name": "approve the annual budget", "source": "icb", "held_by": "board", "clause": "FDM-1"},
            {"id": "audit", "name": F_AUDIT, "source": "icb", "held_by": "audit", "clause": "FDM-2"},
            {"id": "pms", "name": F_PMS, "source": "nhs_england", "held_by": "board", "clause": "FDM-3",
             "valid_from": D(2022, 7, 1)},
            {"id": "pod", "name": F_POD, "source": "nhs_england", "held_by": "board", "clause": "FDM-4",
             "valid_from": D(2023, 4, 1)},
            {"id": "award-contracts", "name": F_CONTRACTS, "source": "icb", "held_by": "board", "clause": "FDM-5"},
            {"id": "place-community", "name": F_PLACE, "source": "icb", "held_by": "board", "clause": "FDM-6"},
        ]),
        ("roles", area_roles),
        ("delegations", [
            {"id": "d-budget", "function": "approve the annual budget", "reserved_to_board": True,
             "statutory_basis": "NHS Act 2006 Sch 1B"},
            {"id": "d-audit", "function": F_AUDIT, "delegated_to": "audit", "delegated_by": "board"},
            {"id": "d-pms", "function": F_PMS, "delegated_to": "board", "delegated_by": "nhs_england",
             "statutory_basis": "NHS Act 2006 s.65Z5", "valid_from": D(2022, 7, 1)},
            {"id": "d-pod", "function": F_POD, "delegated_to": "board", "delegated_by": "nhs_england",
             "statutory_basis": "NHS Act 2006 s.65Z5", "valid_from": D(2023, 4, 1)},
            Comment("One scheme per ICB area (lines restricted with 'places'), with the governance reference's"),
            Comment("SYNTHETIC limits (section 6.2): CEO 5m, director of finance 1m, director 250k, budget holder 50k."),
        ] + area_lines),
    ]
    counts = {"organisations": sum(1 for o in orgs if not isinstance(o, Comment)), "practices": n_practices,
              "pcns": n_pcns, "people": sum(1 for p in people if not isinstance(p, Comment))}
    return document(header, sections), counts


# ---------------------------------------------------------------------------------------
# Broken: a small fictional system that breaks a dozen rules on purpose


def broken_definition():
    # Each breach is listed in the header with its rule id; the lines carry "BREACH" comments.
    breaches = [
        ("BRD-002", "must", "the constitution gives no area"),
        ("BRD-004", "must", "the chair is appointed by the board itself, not by NHS England with the Secretary "
                            "of State's approval"),
        ("BRD-009", "must", "no partner member nominated by the councils with social care responsibilities"),
        ("BRD-011", "must", "no ordinary member has mental health expertise"),
        ("ELG-002", "must", "a non-executive member has not undertaken to uphold the Nolan principles"),
        ("ELG-004", "must", "a non-executive member is a Member of Parliament"),
        ("COM-001", "must", "there is no remuneration committee"),
        ("COM-002", "must", "the audit committee is chaired by an executive member"),
        ("ICP-002", "must", "the county council has no appointee on the integrated care partnership"),
        ("DOC-006", "must", "there is no joint forward plan"),
        ("MTG-001", "must", "the board does not meet in public"),
        ("BRD-013", "expected", "there is no director of nursing on the board"),
        ("BRD-021", "expected", "no non-executive member is deputy chair"),
        ("PRC-001", "expected", "the mental health trust is in no provider collaborative"),
        ("COI-012", "expected", "a gift worth GBP 30 from a supplier was accepted"),
        ("COI-014", "expected", "a cash gift was accepted"),
    ]
    header = [
        "A deliberately BROKEN definition of a fictional system, for demonstrations of `ics check`.",
        "Generated by scripts/make_examples.py; edit the script, not this file. Every organisation, code and",
        "person here is invented. It loads without errors, and `ics check` exits 1 (must rules fail).",
        "",
        "Intended breaches (rule id, severity, what is wrong); lines marked BREACH show where. Each rule",
        "gives one finding, except BRD-004, which reports both the appointment and the approval:",
    ] + [f"  {rid:<8} {sev:<9} {what}" for rid, sev, what in breaches]

    Q = "Q98"
    orgs = [
        {"code": Q, "name": "NHS Brackenmoor Integrated Care Board (fictional)", "kind": "icb"},
        {"code": "R91", "name": "Brackenmoor Hospitals NHS Foundation Trust (fictional)", "kind": "acute_trust",
         "foundation_trust": True},
        Note({"code": "R92", "name": "Brackenmoor Mind NHS Foundation Trust (fictional)", "kind": "mental_health_trust",
              "foundation_trust": True}, "BREACH PRC-001: in no collaborative"),
        {"code": "R93", "name": "Brackenmoor Community NHS Trust (fictional)", "kind": "community_trust"},
        {"code": "E10000998", "name": "Brackenmoor County Council (fictional)", "kind": "upper_tier_la",
         "la_type": "county"},
        {"code": "E06000998", "name": "Fellport City Council (fictional)", "kind": "upper_tier_la",
         "la_type": "unitary"},
        {"code": "U98001", "name": "Fellport PCN (fictional)", "kind": "pcn"},
        {"code": "Y98001", "name": "Quayside Surgery (fictional)", "kind": "gp_practice", "pcn": "U98001",
         "local_authority": "E06000998", "list_size": 11000},
        {"code": "Y98002", "name": "Moorside Practice (fictional)", "kind": "gp_practice", "pcn": "U98001",
         "local_authority": "E10000998", "list_size": 8000},
        {"code": "HW098", "name": "Healthwatch Brackenmoor (fictional)", "kind": "healthwatch"},
        {"code": "VC098", "name": "Brackenmoor Voluntary Action (fictional)", "kind": "vcse"},
    ]

    def person(pid, name, emp=(), **extra):
        p = board_person(pid, name, emp, **extra)
        return p

    people = [
        person("p-chair", "Avery Stone (fictional)"),
        person("p-ceo", "Blake Rowan (fictional)", [job(Q, "Chief Executive", executive=True)]),
        person("p-cfo", "Casey Fenwick (fictional)", [job(Q, "Director of Finance", executive=True)],
               finance_audit_expertise=True),
        person("p-cmo", "Devon Marsh (fictional)", [job(Q, "Medical Director", executive=True)]),
        dict(person("p-ned1", "Emery Hale (fictional)", finance_audit_expertise=True),
             nolan_undertaking=Note(False, "BREACH ELG-002")),
        dict(person("p-ned2", "Finley Shaw (fictional)"),
             disqualifications=Note(["member_of_parliament"], "BREACH ELG-004")),
        person("p-trust", "Gray Ashby (fictional)", [job("R91", "Chief Executive", executive=True)]),
        person("p-gp", "Harper Lyle (fictional)", [job("Y98001", "GP Partner")], primary_medical_services=True),
        {"id": "p-cllr", "name": "Indigo Pell (fictional)",
         "employments": [job("E06000998", "Cabinet Member for Health", elected_member=True)]},
    ]
    seats = [
        {"role": "chair", "person": "p-chair", "appointed_by": Note("icb", "BREACH BRD-004"),
         "approved_by": "chair"},
        {"role": "ceo", "person": "p-ceo", "appointed_by": "chair", "approved_by": "nhs_england"},
        {"role": "exec_finance", "person": "p-cfo", "appointed_by": "ceo", "approved_by": "chair"},
        {"role": "exec_medical", "person": "p-cmo", "appointed_by": "ceo", "approved_by": "chair"},
        Comment("BREACH BRD-013: no exec_nursing seat"),
        Comment("BREACH BRD-021: neither non-executive member is deputy chair"),
        {"role": "ned", "person": "p-ned1", "appointed_by": "chair", "approved_by": "chair"},
        {"role": "ned", "person": "p-ned2", "appointed_by": "chair", "approved_by": "chair", "senior_ned": True},
        Comment("BREACH BRD-011: nobody on the board has mental_health_expertise"),
        {"role": "partner_trust", "person": "p-trust", "nominated_by": ["R91", "R92", "R93"], "appointed_by": "ceo",
         "approved_by": "chair"},
        {"role": "partner_pms", "person": "p-gp", "nominated_by": ["Y98001", "Y98002"], "appointed_by": "ceo",
         "approved_by": "chair"},
        Comment("BREACH BRD-009: no partner_la seat"),
    ]
    sections = [
        ("system", {"name": "Brackenmoor (fictional, broken on purpose)", "icb": Q, "ons_code": "E54000998",
                    "region": "Midlands", "population": 19000, "established": D(2022, 7, 1), "as_of": AS_OF}),
        ("constitution", {
            "name": "NHS Brackenmoor Integrated Care Board",
            Comment("BREACH BRD-002: no 'area'"): None,
            "adopted": D(2022, 7, 1), "standing_orders": True,
            "clauses": ["independence_of_health_service", "transparency", "urgent_decisions"],
            "ordinary_member_appointments": "Partner members by the chief executive after joint nomination; "
                                            "others by the chair.",
            "published": {"published": D(2022, 7, 1)}}),
        ("documents", {
            "governance_handbook": {"published": D(2022, 7, 1), "last_reviewed": D(2025, 3, 27),
                                    "contains": ["scheme_of_reservation_and_delegation", "functions_and_decision_map",
                                                 "standing_financial_instructions", "committee_terms_of_reference",
                                                 "joint_committee_terms_of_reference", "eligible_pms_providers_list"]},
            "standing_financial_instructions": {"published": D(2022, 7, 1), "contains": ["delegated_financial_limits"]},
            "scheme_of_reservation_and_delegation": {"published": D(2022, 7, 1)},
            "functions_and_decision_map": {"published": D(2022, 7, 1)},
            "standards_of_business_conduct": {"published": D(2022, 7, 1)},
            "register_of_interests": {"published": D(2025, 4, 30), "last_reviewed": D(2025, 4, 30)},
            Comment("BREACH DOC-006: no joint_forward_plan"): None,
            "integrated_care_strategy": {"published": D(2023, 6, 30),
                                         "contains": ["section_75_considered", "healthwatch_involved",
                                                      "public_involved"]},
            "people_and_communities_strategy": {"published": D(2022, 7, 1)},
            "clinical_and_professional_leadership_model": {"published": D(2022, 7, 1)},
        }),
        ("organisations", orgs),
        ("people", people),
        ("icb", {
            "board": {"seats": seats,
                      "quorum": {"majority": True, "requires": ["chair_or_deputy", "executive", "non_executive"]},
                      "meets_in_public": Note(False, "BREACH MTG-001"), "publishes_papers": True,
                      "publishes_minutes": True, "casting_vote": "chair"},
            "committees": [
                Note({"id": "audit", "name": "Audit Committee", "kind": "audit", "chair": "p-cfo",
                      "members": ["p-cfo", "p-ned1"], "quorum": 2, "terms_of_reference_approved": D(2022, 7, 1),
                      "terms_of_reference_published": True}, "BREACH COM-002: chaired by an executive"),
                Comment("BREACH COM-001: no remuneration committee"),
            ]}),
        ("icp", {
            "name": "Brackenmoor Integrated Care Partnership", "bodies": [Q, "E10000998", "E06000998", "HW098", "VC098"],
            "members": [
                {"person": "p-chair", "appointed_by": Q, "role": "ICB appointee"},
                {"person": "p-cllr", "appointed_by": "E06000998", "role": "City council appointee"},
                Comment("BREACH ICP-002: no appointee of the county council E10000998"),
            ],
            "chair": "p-cllr", "chair_selected_by": [Q, "E10000998", "E06000998"]}),
        ("places", [{"id": "fellport", "name": "Fellport", "footprint": ["E06000998"], "population": 11000,
                     "governance": ["consultative_forum"],
                     "members": [Q, "E06000998", "R91", "R92", "R93", "U98001", "HW098", "VC098"],
                     "convener": "p-cllr", "reports_to": "icp",
                     "decision_making": "Advises the ICB and the council."}]),
        ("collaboratives", [{"id": "acute", "name": "Brackenmoor Acute and Community Collaborative",
                             "members": ["R91", "R93"], "lead": "R91", "governance": "committees_in_common"}]),
        ("interests", [
            {"person": "p-trust", "category": "financial", "org": "R91", "description": "Chief Executive",
             "from": D(2022, 6, 1), "declared": D(2022, 6, 10), "mitigation": "Withdraws from decisions on the trust"},
            {"person": "p-gp", "category": "financial", "org": "Y98001", "description": "GP partner",
             "from": D(2022, 6, 1), "declared": D(2022, 6, 10),
             "mitigation": "Withdraws from primary care contract decisions"}]),
        ("gifts_and_hospitality", [
            Note({"person": "p-cmo", "kind": "gift", "date": D(2025, 2, 3), "from": "A pharmaceutical company",
                  "from_supplier": True, "value_gbp": 30, "accepted": True, "declared": True}, "BREACH COI-012"),
            Note({"person": "p-cfo", "kind": "cash", "date": D(2025, 3, 3), "from": "A grateful patient",
                  "value_gbp": 20, "accepted": True, "declared": True}, "BREACH COI-014")]),
        ("functions", [
            {"id": "budget", "name": "approve the annual budget", "source": "icb", "held_by": "board", "clause": "FDM-1"},
            {"id": "audit", "name": F_AUDIT, "source": "icb", "held_by": "audit", "clause": "FDM-2"},
            {"id": "pms", "name": F_PMS, "source": "nhs_england", "held_by": "board", "clause": "FDM-3",
             "valid_from": D(2022, 7, 1)},
            {"id": "pod", "name": F_POD, "source": "nhs_england", "held_by": "board", "clause": "FDM-4",
             "valid_from": D(2023, 4, 1)},
            {"id": "award-contracts", "name": F_CONTRACTS, "source": "icb", "held_by": "board", "clause": "FDM-5"},
            {"id": "place-community", "name": F_PLACE, "source": "icb", "held_by": "board", "clause": "FDM-6"},
        ]),
        ("roles", area_roles),
        ("delegations", [
            {"id": "d-budget", "function": "approve the annual budget", "reserved_to_board": True,
             "statutory_basis": "NHS Act 2006 Sch 1B"},
            {"id": "d-pms", "function": F_PMS, "delegated_to": "board", "delegated_by": "nhs_england",
             "statutory_basis": "NHS Act 2006 s.65Z5", "valid_from": D(2022, 7, 1)},
            {"id": "d-pod", "function": F_POD, "delegated_to": "board", "delegated_by": "nhs_england",
             "statutory_basis": "NHS Act 2006 s.65Z5", "valid_from": D(2023, 4, 1)},
            {"id": "d-cfo", "function": "award contracts within the financial plan",
             "delegated_to": "role:director_of_finance", "delegated_by": "board", "limit_gbp": 250000}]),
    ]
    # Drop the None placeholders that only carry comments.
    for _, value in sections:
        if isinstance(value, dict):
            for k in [k for k, v in value.items() if v is None and not isinstance(k, Comment)]:
                del value[k]
    return document(header, sections), breaches


# ---------------------------------------------------------------------------------------
# The PCN extract


def extract_pcns(source):
    """Writes data/gp_practice_pcns_2022_23.csv: the PCN and upper-tier council columns of the
    allocation tool's 2022/23 practice file (values unchanged)."""
    columns = ["Practice_Code", "PCN_Code", "PCN_Name", "LAD21", "LTLA21", "LA21", "UTLA21"]
    with open(source, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    missing = [c for c in columns if c not in rows[0]]
    if missing:
        raise SystemExit(f"make_examples: {source} has no column(s) {', '.join(missing)}")
    path = os.path.join(DATA, PCNS_CSV)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in sorted(rows, key=lambda r: r["Practice_Code"]):
            w.writerow([r[c] for c in columns])
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(rows)} practices)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", nargs="?", default="all", choices=["all", "derby", "national", "broken", "extract-pcns"])
    ap.add_argument("source", nargs="?", help="extract-pcns: the allocation tool's 2022/23 practice CSV")
    ap.add_argument("--scale", type=int, default=1,
                    help="national: also write examples/national/ics-xN.yaml, N times larger (not committed)")
    args = ap.parse_args()
    if not 1 <= args.scale <= 30:
        ap.error("--scale must be 1 to 30 (each copy needs 42 new ICB codes, and only 1,296 exist)")
    if args.what == "extract-pcns":
        if not args.source:
            ap.error("extract-pcns needs the 2022/23 practice file")
        extract_pcns(args.source)
        return
    data = None if args.what == "broken" else Practices()
    if args.what in ("all", "derby"):
        text, counts = derby_definition(data)
        write(os.path.join(EXAMPLES, "derby-derbyshire", "ics.yaml"), text)
        print("  ", counts)
    if args.what in ("all", "national"):
        text, counts = national_definition(data)
        write(os.path.join(EXAMPLES, "national", "ics.yaml"), text)
        print("  ", counts)
        if args.scale > 1:
            text, counts = national_definition(data, args.scale)
            write(os.path.join(EXAMPLES, "national", f"ics-x{args.scale}.yaml"), text)
            print("  ", counts)
    if args.what in ("all", "broken"):
        text, _ = broken_definition()
        write(os.path.join(EXAMPLES, "broken", "ics.yaml"), text)


if __name__ == "__main__":
    main()
