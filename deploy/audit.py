"""Dependency audit: known vulnerabilities in the Python packages installed here and in the client's.

Python: pip-audit where its advisory service answers; otherwise PyPI's own advisory list (from OSV), which
PyPI publishes per project for its latest release — so every package must also BE its latest release.
Client: `npm audit`; where the registry refuses its audit endpoint, `npm outdated` (no package behind).
Exit status 1 when something is found. Run: `make audit`.
"""
from __future__ import annotations

import importlib.metadata as md
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

CLIENT = Path(__file__).resolve().parent.parent / "client"
OWN = {"kyhop"}


def pip_audit() -> bool | None:
    """True/False: clean or not; None: the advisory service could not be reached."""
    try:
        done = subprocess.run([sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "-f", "json"],
                              capture_output=True, text=True, timeout=300)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return None
    try:
        deps = json.loads(done.stdout)["dependencies"]
    except (ValueError, KeyError):
        return None
    audited = [d for d in deps if "skip_reason" not in d]
    if not audited:
        return None
    found = [(d["name"], d["version"], [v["id"] for v in d["vulns"]]) for d in audited if d["vulns"]]
    for name, version, ids in found:
        print(f"  VULNERABLE {name} {version}: {', '.join(ids)}")
    print(f"pip-audit: {len(audited)} packages audited, {len(found)} vulnerable")
    return not found


def pypi_advisories() -> bool:
    clean = True
    checked = 0
    for dist in md.distributions():
        name, version = dist.metadata["Name"], dist.version
        if name.lower() in OWN:
            continue
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=20) as r:
            data = json.load(r)
        latest, vulns = data["info"]["version"], data.get("vulnerabilities") or []
        checked += 1
        if latest != version:
            clean = False
            print(f"  BEHIND {name} {version} (latest {latest}): upgrade, then audit again")
        elif vulns:
            clean = False
            print(f"  VULNERABLE {name} {version}: {', '.join(v['id'] for v in vulns)}")
    print(f"PyPI advisories: {checked} packages checked, {'clean' if clean else 'NOT clean'}")
    return clean


def npm() -> bool:
    done = subprocess.run(["npm", "audit", "--omit=dev", "--json"], cwd=CLIENT, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        report = {}
    if "metadata" in report:
        n = report["metadata"]["vulnerabilities"]["total"]
        print(f"npm audit: {n} vulnerabilities")
        return n == 0
    outdated = subprocess.run(["npm", "outdated", "--json"], cwd=CLIENT, capture_output=True, text=True).stdout
    behind = json.loads(outdated or "{}")
    for name, v in behind.items():
        print(f"  BEHIND {name} {v.get('current')} (latest {v.get('latest')})")
    print(f"npm audit endpoint unavailable here; npm outdated: {len(behind)} packages behind")
    return not behind


def main() -> int:
    ok = pip_audit()
    if ok is None:
        print("pip-audit: advisory service unreachable; using PyPI's advisory list")
        ok = pypi_advisories()
    return 0 if (npm() and ok) else 1


if __name__ == "__main__":
    sys.exit(main())
