#!/usr/bin/env bash
# Known vulnerabilities in the locked dependencies of the assistant (uv.lock) and of the
# municipal API (municipal_api/uv.lock), with pip-audit (municipal_api's dev group: rasa 3.6
# pins packaging<21, which every pip-audit 2.x excludes). `make audit`.
#
# pip-audit asks PyPI's advisory data over the network: with no route to it, this fails
# and says so; it is not part of `make test` (see README, "Security"). Advisories we accept
# are listed, each with its reason, in security/accepted-advisories.txt (shared with the
# offline audit, security/audit_offline.py, which `make test` runs).
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.tools/bin/uv}
AUDIT=municipal_api/.venv/bin/pip-audit
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Exact pins from the lock files, every group, without our own projects.
$UV export --frozen --all-groups --no-emit-project --no-hashes --format requirements-txt > "$out/assistant.txt"
(cd municipal_api && "../$UV" export --frozen --all-groups --no-emit-project --no-hashes \
    --format requirements-txt) > "$out/municipal_api.txt"

ignores=()
while read -r id _; do
    [[ -z "$id" || "$id" == \#* ]] || ignores+=(--ignore-vuln "$id")
done < security/accepted-advisories.txt

status=0
for project in assistant municipal_api; do
    echo "== $project"
    "$AUDIT" --strict --disable-pip --no-deps --progress-spinner off --desc on \
        -r "$out/$project.txt" "${ignores[@]}" || status=$?
done
if [[ $status -ne 0 ]]; then
    echo "audit FAILED: a vulnerability was found, or a dependency could not be checked" \
         "(no route to the advisory service gives 'could not be audited')" >&2
fi
exit $status
