"""Offline dependency audit: the locked versions of both projects against a snapshot of the
PyPA advisory database (OSV ranges) kept in security/advisories/pypi/.

Why offline: the development and CI machines have no route to PyPI's advisory service, so
pip-audit (`make audit`) cannot run there; this check runs in `make test` on every clone.

    python security/audit_offline.py            # exit 1 on any finding not accepted
    python security/audit_offline.py --all      # also list the accepted findings

A finding is accepted when one of its ids (PYSEC, GHSA or CVE) is in
security/accepted-advisories.txt with the reason. A locked package with no snapshot file is
an error unless security/advisories/unchecked.txt names it (with why): a new dependency
cannot slip in unchecked.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOCKS = (ROOT / "uv.lock", ROOT / "municipal_api" / "uv.lock")
SNAPSHOT = HERE / "advisories" / "pypi"
ACCEPTED = HERE / "accepted-advisories.txt"
UNCHECKED = HERE / "advisories" / "unchecked.txt"


def locked_packages(lock_files: Iterable[Path]) -> Dict[str, Set[str]]:
    """name -> versions pinned by the lock files (our own projects left out)."""
    pins: Dict[str, Set[str]] = {}
    for lock in lock_files:
        for package in tomllib.loads(lock.read_text())["package"]:
            source = package.get("source", {})
            if "virtual" in source or "editable" in source or "version" not in package:
                continue
            pins.setdefault(canonicalize_name(package["name"]), set()).add(package["version"])
    return pins


def _range_affects(version: Version, events: List[dict]) -> bool:
    """OSV ECOSYSTEM range semantics: introduced <= v < fixed, or <= last_affected."""
    events = [e for e in events if e]
    start: Optional[Version] = Version("0") if events and "introduced" not in events[0] else None
    for event in events:
        if "introduced" in event:
            start = Version(event["introduced"])
        elif "fixed" in event or "last_affected" in event:
            if start is not None:
                if "fixed" in event and start <= version < Version(event["fixed"]):
                    return True
                if "last_affected" in event and start <= version <= Version(event["last_affected"]):
                    return True
            start = None
        elif "limit" in event:
            if start is not None and start <= version < Version(event["limit"]):
                return True
            start = None
    return start is not None and version >= start


def affects(advisory: dict, version: str) -> bool:
    """Does this advisory (snapshot record) affect this exact version?"""
    if advisory.get("withdrawn"):
        return False
    events = advisory.get("events") or []
    if not events:
        return version in (advisory.get("versions") or [])
    ranges = events if isinstance(events[0], list) else [events]
    try:
        parsed = Version(version)
        return any(_range_affects(parsed, r) for r in ranges)
    except InvalidVersion:
        return version in (advisory.get("versions") or [])


@dataclass
class Finding:
    package: str
    version: str
    ids: List[str] = field(default_factory=list)  # every record's id and aliases
    summary: str = ""
    fixed: Set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        cves = sorted(i for i in self.ids if i.startswith("CVE-"))
        return cves[0] if cves else sorted(self.ids)[0]


def _fixed_versions(advisory: dict) -> Set[str]:
    events = advisory.get("events") or []
    ranges = events if events and isinstance(events[0], list) else [events]
    return {e["fixed"] for r in ranges for e in r if e and "fixed" in e}


def findings(pins: Dict[str, Set[str]], snapshot: Path) -> Tuple[List[Finding], List[str]]:
    """Findings, one per vulnerability (records sharing an alias merged), and the packages
    that have no snapshot file."""
    found: List[Finding] = []
    missing: List[str] = []
    for name in sorted(pins):
        path = snapshot / f"{name}.json"
        if not path.exists():
            missing.append(name)
            continue
        advisories = json.loads(path.read_text())["advisories"]
        for version in sorted(pins[name]):
            merged: List[Finding] = []
            for advisory in advisories:
                if not affects(advisory, version):
                    continue
                ids = [advisory["id"], *advisory.get("aliases", [])]
                same = next((f for f in merged if set(ids) & set(f.ids)), None)
                if same is None:
                    same = Finding(name, version, summary=advisory.get("summary", ""))
                    merged.append(same)
                same.ids = sorted(set(same.ids) | set(ids))
                same.fixed |= _fixed_versions(advisory)
            found.extend(merged)
    return found, missing


def _listed(path: Path) -> Dict[str, str]:
    """First word of each line -> the rest (the reason); '#' starts a comment line."""
    entries = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                key, _, reason = line.strip().partition(" ")
                entries[key] = reason.strip()
    return entries


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also list accepted findings")
    args = parser.parse_args(argv)
    pins = locked_packages(LOCKS)
    found, missing = findings(pins, SNAPSHOT)
    accepted, unchecked = _listed(ACCEPTED), _listed(UNCHECKED)
    new = [f for f in found if not set(f.ids) & set(accepted)]
    for f in found:
        ok = f not in new
        if ok and not args.all:
            continue
        fix = ", ".join(sorted(f.fixed, key=Version)) or "none"
        print(f"{'accepted' if ok else 'NEW     '} {f.package} {f.version}  {f.key}"
              f"  fixed in: {fix}  {f.summary[:70]}")
    used = {i for f in found for i in f.ids}
    stale = sorted(set(accepted) - used)
    not_listed = [m for m in missing if m not in unchecked]
    print(f"{len(pins)} packages locked, {len(pins) - len(missing)} checked against the snapshot;"
          f" {len(found)} known vulnerabilities, {len(found) - len(new)} accepted, {len(new)} not."
          f" Not covered by the snapshot: {', '.join(missing) or 'none'}.")
    if stale:
        print(f"accepted but no longer found (remove them): {', '.join(stale)}")
    if not_listed:
        print(f"no snapshot and not in {UNCHECKED.relative_to(ROOT)}: {', '.join(not_listed)}",
              file=sys.stderr)
    return 1 if new or not_listed else 0


if __name__ == "__main__":
    sys.exit(main())
