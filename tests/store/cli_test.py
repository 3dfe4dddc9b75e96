#!/usr/bin/env python3
"""`ics import`, `ics versions`, `ics diff` and `ics audit` as a user runs them, on SQLite
or on PostgreSQL: exit codes, JSON shapes, located errors, tamper detection.

Usage: cli_test.py PATH/TO/ics sqlite
       cli_test.py PATH/TO/ics postgres ADMIN_URL   (a server the store_postgres fixture started)
Run from the repository root.
"""
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import uuid

ICS = None
BACKEND = None
ADMIN_URL = None
BASE = os.path.join("tests", "golden", "rules", "base.yaml")


def run(*args, timeout=120):
    return subprocess.run([ICS, *args], capture_output=True, text=True, timeout=timeout)


def psql():
    candidates = []
    try:
        bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        candidates.append(os.path.join(bindir, "psql"))
    except OSError:
        pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"), reverse=True)
    candidates.append(shutil.which("psql") or "")
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    raise RuntimeError("psql not found")


def with_database(url, name):
    """`url` with its database name replaced."""
    scheme_end = url.index("://") + 3
    slash = url.index("/", scheme_end)
    query = url.find("?", slash)
    return url[: slash + 1] + name + ("" if query < 0 else url[query:])


class StoreCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ics-store-cli-")
        self.addCleanup(shutil.rmtree, self.tmp)
        if BACKEND == "sqlite":
            self.path = os.path.join(self.tmp, "ics.db")
            self.url = "sqlite:" + self.path
        else:
            name = "cli_" + uuid.uuid4().hex[:12]
            self.sql(ADMIN_URL, f"CREATE DATABASE {name}")
            self.addCleanup(self.sql, ADMIN_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.url = with_database(ADMIN_URL, name)

    def sql(self, url, statement):
        r = subprocess.run([psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", statement],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)

    def tamper(self, statement):
        """Change the database behind the store's back, as its owner could."""
        if BACKEND == "sqlite":
            db = sqlite3.connect(self.path)
            for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_head_no_delete", "audit_head_forward"):
                db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            db.execute(statement)
            db.commit()
            db.close()
        else:
            self.sql(self.url, "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
            self.sql(self.url, statement)

    def write(self, text, name="ics.yaml"):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def base(self):
        with open(BASE, encoding="utf-8") as f:
            return f.read()

    def test_import_versions_diff_and_audit(self):
        if BACKEND == "sqlite":
            r = run("versions", "--db", self.url)
            self.assertEqual(r.returncode, 2, r.stdout)
            self.assertIn("no database", r.stderr)
            self.assertFalse(os.path.exists(self.path), "a read-only verb must not create the database")

        r = run("import", BASE, "--db", self.url, "--actor", "alice")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("as definition version 1", r.stdout)
        self.assertIn("audit entry 1", r.stdout)

        r = run("import", BASE, "--db", self.url, "--actor", "alice")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Unchanged", r.stdout)

        edited = self.base().replace("{id: p-ned2, name: Dana Pay,", "{id: p-ned2, name: Dana Payne,")
        edited = edited.replace("{role: chair, person: p-chair,", "{role: chair, person: p-icp-chair,")
        edited = edited.replace("  - {code: VC001,", "  - {code: R05, name: New Specialist Trust, kind: specialist_trust}\n  - {code: VC001,")
        r = run("import", self.write(edited, "v2.yaml"), "--db", self.url, "--actor", "bob", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertTrue(out["created"])
        self.assertEqual(out["version"]["id"], 2)
        self.assertEqual(out["version"]["imported_by"], "bob")
        self.assertEqual(out["audit_seq"], 2)
        self.assertEqual(len(out["version"]["sha256"]), 64)

        r = run("versions", "--db", self.url, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        versions = json.loads(r.stdout)["versions"]
        self.assertEqual([v["id"] for v in versions], [2, 1])
        self.assertEqual([v["imported_by"] for v in versions], ["bob", "alice"])
        r = run("versions", "--db", self.url)
        self.assertIn("v2.yaml", r.stdout)

        r = run("diff", "1", "2", "--db", self.url, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        diff = json.loads(r.stdout)
        self.assertEqual(diff["from"]["id"], 1)
        self.assertEqual(diff["to"]["id"], 2)
        self.assertFalse(diff["identical"])
        self.assertEqual(diff["summary"]["organisations"], {"added": 1, "removed": 0, "changed": 0})
        self.assertEqual(diff["summary"]["board_seats"], {"added": 0, "removed": 0, "changed": 1})
        changes = {(c["section"], c["key"]): c for c in diff["changes"]}
        self.assertEqual(changes[("people", "p-ned2")]["fields"],
                         [{"field": "name", "before": "Dana Pay", "after": "Dana Payne"}])
        self.assertEqual(changes[("organisations", "R05")]["change"], "added")
        r = run("diff", "1", "2", "--db", self.url)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("~ p-ned2", r.stdout)
        self.assertIn('name: "Dana Pay" -> "Dana Payne"', r.stdout)
        r = run("diff", "2", "2", "--db", self.url)
        self.assertIn("No differences", r.stdout)
        r = run("diff", "1", "99", "--db", self.url)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no definition version 99", r.stderr)

        r = run("audit", "verify", "--db", self.url)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("intact: 2 entries", r.stdout)
        r = run("audit", "list", "--db", self.url, "--json")
        entries = json.loads(r.stdout)["entries"]
        self.assertEqual([e["action"] for e in entries], ["definition.import"] * 2)
        self.assertEqual(entries[1]["detail"]["version"], 2)

        self.tamper("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
        r = run("audit", "verify", "--db", self.url)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("entry 1", r.stdout)
        r = run("audit", "verify", "--db", self.url, "--json")
        self.assertEqual(r.returncode, 1)
        out = json.loads(r.stdout)
        self.assertFalse(out["valid"])
        self.assertEqual(out["first_bad_seq"], 1)
        self.assertEqual(out["head"]["seq"], 2)

    def test_a_definition_that_does_not_load_is_not_stored(self):
        bad = self.write(self.base() + "bogus_section: 1\n", "bad.yaml")
        r = run("import", bad, "--db", self.url)
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr, r"bad\.yaml:\d+:\d+: error: ")
        self.assertIn("nothing was stored", r.stderr)
        r = run("import", bad, "--db", self.url, "--json")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(json.loads(r.stdout)["error"]["code"], "invalid_definition")
        if BACKEND == "sqlite":
            self.assertFalse(os.path.exists(self.path))
        else:
            r = run("versions", "--db", self.url, "--json")
            self.assertEqual(json.loads(r.stdout)["versions"], [])

    def test_users_add_list_disable_token_revoke(self):
        r = run("users", "add", "fin", "--role", "finance,analyst", "--display-name", "Fin Ance", "--db", self.url,
                "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        added = json.loads(r.stdout)
        self.assertEqual(added["roles"], "finance,analyst")
        self.assertGreaterEqual(len(added["password"]), 16, "a generated password is printed")
        r = subprocess.run([ICS, "users", "add", "pat", "--role", "privacy_officer", "--password-stdin",
                            "--db", self.url], input="a long pass phrase\n", capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("password:", r.stdout, "a password given on stdin is not echoed")
        r = run("users", "add", "fin", "--role", "finance", "--db", self.url)
        self.assertEqual(r.returncode, 2)
        self.assertIn("already a user called 'fin'", r.stderr)
        r = run("users", "add", "x", "--role", "wizard", "--db", self.url)
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown role 'wizard'", r.stderr)
        r = run("users", "add", "Bad Name", "--role", "finance", "--db", self.url)
        self.assertEqual(r.returncode, 2)
        r = run("users", "list", "--db", self.url, "--json")
        users = {u["username"]: u for u in json.loads(r.stdout)["users"]}
        self.assertEqual(sorted(users), ["fin", "pat"])
        self.assertNotIn("password_hash", json.dumps(users))
        r = run("users", "disable", "fin", "--db", self.url)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(json.loads(run("users", "list", "--db", self.url, "--json").stdout)["users"][0]["disabled"])
        self.assertEqual(run("users", "enable", "fin", "--db", self.url).returncode, 0)
        r = run("users", "token", "fin", "--label", "nightly", "--db", self.url)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.strip().startswith("ics_"))
        tokens = json.loads(run("users", "tokens", "fin", "--db", self.url, "--json").stdout)["tokens"]
        self.assertEqual([t["label"] for t in tokens], ["nightly"])
        self.assertEqual(run("users", "revoke", str(tokens[0]["id"]), "--db", self.url).returncode, 0)
        self.assertTrue(json.loads(run("users", "tokens", "fin", "--db", self.url, "--json").stdout)["tokens"][0]["revoked"])
        r = run("users", "revoke", "9999", "--db", self.url)
        self.assertEqual(r.returncode, 2)
        # Every change is in the audit trail, which still verifies; no password or hash is in it.
        r = run("audit", "list", "--db", self.url, "--json")
        entries = json.loads(r.stdout)["entries"]
        actions = [e["action"] for e in entries]
        for action in ("user.create", "user.update", "token.create", "token.revoke"):
            self.assertIn(action, actions)
        self.assertNotIn("argon2", r.stdout)
        self.assertEqual(run("audit", "verify", "--db", self.url).returncode, 0)

    def test_bad_usage_exits_2(self):
        for args in (["audit"], ["audit", "verify", "--bogus"], ["diff", "1"], ["diff", "one", "2"], ["import"],
                     ["versions", "--db", "mysql://x/y"], ["import", BASE, "--db", "ics.db"]):
            r = run(*args)
            self.assertEqual(r.returncode, 2, f"{args}: {r.stdout} {r.stderr}")
        r = run("versions", "--db", "ics.db")
        self.assertIn("sqlite:ics.db", r.stderr)
        r = run("audit", "verify", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("Exit 0: intact", r.stdout)


if __name__ == "__main__":
    ICS = os.path.abspath(sys.argv[1])
    BACKEND = sys.argv[2]
    if BACKEND == "postgres":
        ADMIN_URL = sys.argv[3]
    unittest.main(argv=[sys.argv[0]], verbosity=2)
