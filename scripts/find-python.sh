#!/usr/bin/env bash
# Prints the path of a working Python X.Y interpreter (default 3.10), or installs one
# with uv when none is found (uv downloads a standalone build on a machine that can).
set -euo pipefail
want="${1:-3.10}"
works() { [ -x "$1" ] && "$1" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$want'.split('.'))))" 2>/dev/null; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v "python$want" >/dev/null 2>&1 && candidates+=("$(command -v "python$want")")
for dir in "$HOME"/.pyenv/versions/"$want"*/bin /usr/local/bin /usr/bin; do
  candidates+=("$dir/python$want")
done
for candidate in "${candidates[@]}"; do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done
uv="${UV:-uv}"
if found=$("$uv" python find --no-project "$want" 2>/dev/null) && works "$found"; then echo "$found"; exit 0; fi
"$uv" python install "$want" >&2
"$uv" python find --no-project "$want"
