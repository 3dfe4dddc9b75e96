"""Golden cases for the finance verbs, written for a finance analyst to read: each directory
of tests/golden/finance/ holds case.txt (what the case shows, the command, the exit status),
its input files, and expected.txt (what `ics` prints: standard output, then standard error
after a "--- stderr" line when there is any).

A case.txt line "xlsx: FILE SHEET,SHEET" also checks that the command wrote FILE as an Excel
workbook with those sheets (the file is removed afterwards).

Usage: finance_golden_test.py PATH/TO/ics DATA_DIR [--update]
  DATA_DIR is the published tables (data/finance); --update rewrites expected.txt."""
import os
import re
import shlex
import subprocess
import sys

ics, data = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
update = "--update" in sys.argv[3:]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "finance")


def read_case(path):
    command, exit_code, xlsx = None, None, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("command:"):
            command = line[len("command:"):].strip()
        elif line.startswith("exit:"):
            exit_code = int(line[len("exit:"):].strip())
        elif line.startswith("xlsx:"):
            name, sheets = line[len("xlsx:"):].split()
            xlsx = (name, sheets.split(","))
    if command is None or exit_code is None:
        raise SystemExit(f"{path}: needs 'command:' and 'exit:' lines")
    return command, exit_code, xlsx


def check_workbook(path, sheets):
    import zipfile
    if not os.path.exists(path):
        return f"{os.path.basename(path)} was not written"
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as e:
        return f"{os.path.basename(path)} is not a workbook: {e}"
    finally:
        os.remove(path)
    names = re.findall(r'<sheet name="([^"]*)"', book)
    return None if names == sheets else f"workbook sheets {names}, expected {sheets}"


failures = 0
cases = sorted(d for d in os.listdir(root) if os.path.isfile(os.path.join(root, d, "case.txt")))
for name in cases:
    case_dir = os.path.join(root, name)
    command, want_exit, xlsx = read_case(os.path.join(case_dir, "case.txt"))
    args = shlex.split(command.replace("{data}", data))
    if args[0] != "ics":
        raise SystemExit(f"{name}: the command must start with ics")
    run = subprocess.run([ics] + args[1:], cwd=case_dir, capture_output=True, text=True, timeout=120)
    got = run.stdout + ("--- stderr\n" + run.stderr if run.stderr else "")
    got = got.replace(data, "{data}")
    expected_path = os.path.join(case_dir, "expected.txt")
    if update:
        open(expected_path, "w", encoding="utf-8").write(got)
    want = open(expected_path, encoding="utf-8").read() if os.path.exists(expected_path) else ""
    problems = []
    if xlsx and "built without libxlsxwriter" in run.stderr:
        print(f"skip {name}: this ics has no XLSX export")
        continue
    if xlsx:
        problem = check_workbook(os.path.join(case_dir, xlsx[0]), xlsx[1])
        if problem:
            problems.append(problem)
    if run.returncode != want_exit:
        problems.append(f"exit {run.returncode}, expected {want_exit}")
    if got != want:
        import difflib
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected.txt", "got", n=1))
        problems.append("output differs:\n" + diff[:4000])
    if problems:
        failures += 1
        print(f"FAIL {name}: " + "\n".join(problems))
    else:
        print(f"ok   {name}")
print(f"{len(cases) - failures}/{len(cases)} finance golden cases pass")
sys.exit(1 if failures else 0)
