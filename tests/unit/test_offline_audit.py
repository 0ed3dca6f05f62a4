"""The offline dependency audit (security/audit_offline.py): OSV range semantics, merging of
duplicate records, and that the project's own locks pass it."""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "security"))
import audit_offline as audit  # noqa: E402


def record(id_, events, aliases=(), versions=(), withdrawn=None):
    return {"id": id_, "aliases": list(aliases), "summary": id_, "events": events,
            "versions": list(versions), "withdrawn": withdrawn}


@pytest.mark.parametrize("version,expected", [
    ("3.9.5", True), ("3.10.10", True), ("3.10.11", False), ("4.0", False), ("0.1", True)])
def test_introduced_then_fixed(version, expected):
    assert audit.affects(record("A", [{"introduced": "0"}, {"fixed": "3.10.11"}]), version) is expected


def test_several_ranges_in_one_list():
    # protobuf style: 0..4.25.8, then 5.26.0rc1..5.29.5
    events = [{"introduced": "0"}, {"fixed": "4.25.8"}, {"introduced": "5.26.0rc1"}, {"fixed": "5.29.5"}]
    assert audit.affects(record("P", events), "4.23.3")
    assert not audit.affects(record("P", events), "4.25.9")
    assert audit.affects(record("P", events), "5.27.0")
    assert not audit.affects(record("P", events), "6.0")


def test_ranges_as_list_of_lists_last_affected_and_bare_fixed():
    assert audit.affects(record("L", [[{"introduced": "2.0"}, {"last_affected": "2.2.0"}]]), "2.2.0")
    assert not audit.affects(record("L", [[{"introduced": "2.0"}, {"last_affected": "2.2.0"}]]), "2.2.1")
    assert audit.affects(record("B", [{"fixed": "0.65.2"}]), "0.60")  # old records: no introduced
    assert not audit.affects(record("B", [{"fixed": "0.65.2"}]), "0.65.2")
    assert audit.affects(record("O", [{"introduced": "1.0"}]), "9.9")  # no fix yet
    assert not audit.affects(record("O", [{"introduced": "1.0"}]), "0.9")


def test_explicit_versions_and_withdrawn():
    assert audit.affects(record("V", [], versions=["1.2", "1.3"]), "1.3")
    assert not audit.affects(record("V", [], versions=["1.2", "1.3"]), "1.4")
    assert not audit.affects(record("W", [{"introduced": "0"}], withdrawn="2024-01-01"), "1.0")


def test_findings_merge_records_of_one_vulnerability(tmp_path):
    (tmp_path / "demo.json").write_text(json.dumps({"package": "demo", "advisories": [
        record("PYSEC-0000-demo-GHSA-x", [{"introduced": "0"}, {"fixed": "2.0"}], ["CVE-1", "GHSA-x"]),
        record("PYSEC-2026-1", [{"introduced": "0"}, {"fixed": "2.0"}], ["CVE-1"]),
        record("PYSEC-2026-2", [{"introduced": "0"}, {"fixed": "1.5"}], ["CVE-2"]),
    ]}))
    found, missing = audit.findings({"demo": {"1.0", "1.8"}, "other": {"1"}}, tmp_path)
    assert missing == ["other"]
    assert sorted((f.version, f.key) for f in found) == [("1.0", "CVE-1"), ("1.0", "CVE-2"), ("1.8", "CVE-1")]
    merged = next(f for f in found if f.version == "1.0" and f.key == "CVE-1")
    assert set(merged.ids) == {"PYSEC-0000-demo-GHSA-x", "PYSEC-2026-1", "CVE-1", "GHSA-x"}
    assert merged.fixed == {"2.0"}


def test_locked_packages_leave_our_own_projects_out(tmp_path):
    lock = tmp_path / "uv.lock"
    lock.write_text('version = 1\n'
                    '[[package]]\nname = "levallois-assistant"\nversion = "0.1.0"\nsource = { virtual = "." }\n'
                    '[[package]]\nname = "Jinja2"\nversion = "3.1.6"\nsource = { registry = "https://pypi.org/simple" }\n')
    assert audit.locked_packages([lock]) == {"jinja2": {"3.1.6"}}


def test_the_project_locks_pass_the_audit(capsys):
    """Every known vulnerability of the locked versions is fixed or accepted with a reason,
    and every locked package is in the snapshot or listed as not covered."""
    assert audit.main([]) == 0, capsys.readouterr()
    accepted = audit._listed(audit.ACCEPTED)
    assert accepted and all(len(reason) > 30 for reason in accepted.values())
