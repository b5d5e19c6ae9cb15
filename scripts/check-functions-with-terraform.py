#!/usr/bin/env python3
"""Checks the function conformance table against a real Terraform, locally (never in CI).

Runs every case of tests/fixtures/terraform/functions/cases.txt through `terraform console` in
that directory (one process a case: a piped console stops at the first error):
- `CALL ==> error: TEXT`: Terraform must fail (TEXT is costplan's message, not Terraform's);
- `CALL ==> EXPECTED`: `jsonencode([CALL, EXPECTED])` must give two equal JSON values, numbers
  compared as exact decimals (sets compare as lists, objects as maps: the table's cases are
  chosen so that this is enough);
- cases that mention `unknown` cannot be written in a console and are skipped, as are cases
  whose note (` ## `) starts with `since`, `skip` or `unlike` (see the table's header).

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


def console(terraform, expr):
    env = dict(os.environ, TF_CLI_CONFIG_FILE="/dev/null", HOME=os.environ.get("HOME", "/"))
    # A state file of its own per run: parallel consoles would wait on each other's lock, and
    # nothing is left in the fixture directory.
    with tempfile.TemporaryDirectory() as tmp:
        state = os.path.join(tmp, "console.tfstate")
        p = subprocess.run([terraform, "console", f"-state={state}"], input=expr + "\n",
                           capture_output=True, text=True, cwd=DIR, env=env, timeout=60)
    plain = lambda t: re.sub(r"\x1b\[[0-9;]*m", "", t).strip()
    return p.returncode, plain(p.stdout), plain(p.stderr)


def hcl_string(literal):
    """The value of the quoted string the console prints."""
    text = json.loads(literal)
    return text.replace("$${", "${").replace("%%{", "%{")


def run(terraform, case):
    n, function, call, expected = case
    if re.search(r"\bunknown\b", call + " " + expected):
        return None
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
    skipped = sum(1 for c in all_cases if re.search(r"\bunknown\b", c[2] + " " + c[3]))
    print(f"{len(all_cases)} cases, {skipped} skipped (unknown), {len(bad)} disagree",
          file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
