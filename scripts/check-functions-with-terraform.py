#!/usr/bin/env python3
"""Checks the function conformance table against a real Terraform, locally (never in CI).

Runs every case of tests/fixtures/terraform/functions/cases.txt through `terraform console` in
that directory (one process a case: a piped console stops at the first error):
- `CALL ==> error: TEXT`: Terraform must fail (TEXT is costplan's message, not Terraform's);
- `CALL ==> EXPECTED`: `jsonencode([CALL, EXPECTED])` must give two equal JSON values, numbers
  compared as exact decimals (sets compare as lists, objects as maps: the table's cases are
  chosen so that this is enough);
- cases that mention `unknown` run in a console over a plan (`terraform console -plan`) of a
  configuration where `jsondecode(terraform_data.u.id)` stands for `unknown` (a value of
  unknown type, like costplan's unknown); CALL and EXPECTED are printed and must read the same
  (type wrappers such as `tolist(...)` aside);
- cases whose note (` ## `) starts with `since`, `skip` or `unlike` are skipped (see the
  table's header).

Usage: python3 scripts/check-functions-with-terraform.py [--terraform PATH] [FUNCTION ...]
Exit code 1 when a case disagrees; prints each disagreement with its line.
"""

import argparse
import concurrent.futures
import decimal
import json
import os
import re
import subprocess
import sys
import tempfile

DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "terraform", "functions")


def cases(only):
    function = None
    with open(os.path.join(DIR, "cases.txt"), encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                function = line[1:-1]
                continue
            line, _, note = line.partition(" ## ")
            if note.startswith(("since", "skip", "unlike")):
                continue
            call, expected = line.split(" ==> ", 1)
            if only and function not in only:
                continue
            yield n, function, call.strip(), expected.strip()


UNKNOWN_CONFIG = 'resource "terraform_data" "u" {\n  input = "x"\n}\n'


def console(terraform, expr, plan=False):
    env = dict(os.environ, TF_CLI_CONFIG_FILE="/dev/null", HOME=os.environ.get("HOME", "/"))
    # A state file of its own per run: parallel consoles would wait on each other's lock, and
    # nothing is left in the fixture directory. With `plan`, a directory of its own holding the
    # configuration that makes `terraform_data.u.id` unknown, and the fixture's files.
    with tempfile.TemporaryDirectory() as tmp:
        state = os.path.join(tmp, "console.tfstate")
        cwd, args = DIR, [terraform, "console", f"-state={state}"]
        if plan:
            cwd, args = tmp, [terraform, "console", "-plan"]
            with open(os.path.join(tmp, "main.tf"), "w", encoding="utf-8") as f:
                f.write(UNKNOWN_CONFIG)
            os.symlink(os.path.join(DIR, "files"), os.path.join(tmp, "files"))
        p = subprocess.run(args, input=expr + "\n", capture_output=True, text=True, cwd=cwd,
                           env=env, timeout=60)
    plain = lambda t: re.sub(r"\x1b\[[0-9;]*m", "", t).strip()
    return p.returncode, plain(p.stdout), plain(p.stderr)


def hcl_string(literal):
    """The value of the quoted string the console prints."""
    text = json.loads(literal)
    return text.replace("$${", "${").replace("%%{", "%{")


def run(terraform, case):
    n, function, call, expected = case
    if re.search(r"\bunknown\b", call + " " + expected):
        return run_unknown(terraform, case)
    if expected.startswith("error:"):
        rc, out, err = console(terraform, call)
        if "Error" in err or "Error" in out:
            return None
        return f"{n}: [{function}] {call}: Terraform gives {out}, the table an error"
    rc, out, err = console(terraform, f"jsonencode([{call}, {expected}])")
    if out == "(known after apply)":
        return f"{n}: [{function}] {call}: Terraform gives unknown, the table {expected}"
    if rc != 0 or "Error" in err:
        return f"{n}: [{function}] {call}: Terraform fails: {' '.join(err.split())[:300]}"
    try:
        got, want = json.loads(hcl_string(out), parse_float=decimal.Decimal)
    except (ValueError, TypeError) as e:
        return f"{n}: [{function}] {call}: cannot read console output {out!r}: {e}"
    if got != want:
        return f"{n}: [{function}] {call}: Terraform gives {json.dumps(got, default=str)}, the table {expected}"
    return None


def run_unknown(terraform, case):
    n, function, call, expected = case
    # jsondecode of an unknown string is unknown of any type, like costplan's unknown.
    sub = lambda e: re.sub(r"\bunknown\b", "jsondecode(terraform_data.u.id)", e)
    rc, got, err = console(terraform, sub(call), plan=True)
    if expected.startswith("error:"):
        if "Error" in err or "Error" in got:
            return None
        return f"{n}: [{function}] {call}: Terraform gives {got}, the table an error"
    if "Error" in err:
        return f"{n}: [{function}] {call}: Terraform fails: {' '.join(err.split())[:300]}"
    rc, want, err = console(terraform, sub(expected), plan=True)
    if "Error" in err:
        return f"{n}: [{function}] {call}: the expected value fails: {' '.join(err.split())[:200]}"
    if shape(got) != shape(want):
        return f"{n}: [{function}] {call}: Terraform gives {' '.join(got.split())}, the table {expected}"
    return None


def shape(printed):
    """The console's rendering without type wrappers (`tolist([...])`), spaces and commas."""
    t = printed.replace("(known after apply)", "?")
    t = re.sub(r"to(list|set|map)\(", "", t)
    return re.sub(r"[\s,()]", "", t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--terraform", default="terraform")
    ap.add_argument("functions", nargs="*")
    args = ap.parse_args()
    all_cases = list(cases(set(args.functions)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: run(args.terraform, c), all_cases))
    bad = [r for r in results if r]
    for r in bad:
        print(r)
    unknowns = sum(1 for c in all_cases if re.search(r"\bunknown\b", c[2] + " " + c[3]))
    print(f"{len(all_cases)} cases ({unknowns} with unknowns), {len(bad)} disagree",
          file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
