"""Adds (or replaces) one language's reply variations in data/responses/*.yml.

    python scripts/add_response_variations.py <lang> <variations.yml>

<variations.yml> maps a response name to its variation(s) in that language, without the
condition: the script adds `condition: [{type: slot, name: language, value: <lang>}]`.

    utter_goodbye:
      text: "Adiós, ¡que tenga un buen día!"
    utter_greet:
      - text: "..."
        buttons: [{title: "...", payload: "/help"}]

Why a script: the reply files are shared by every language, and hand edits by several
translators at once overwrite each other. It edits the text (comments and layout stay), is
idempotent (a language's previous variation is replaced) and holds a file lock while writing.
"""
from __future__ import annotations

import fcntl
import re
import sys
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parents[1]
RESPONSES = ROOT / "data" / "responses"
LOCK = Path("/tmp/levallois-responses.lock")
BLOCK = re.compile(r"^  (utter_[A-Za-z0-9_]+):\s*$")


def _condition_line(lang: str) -> str:
    return f"    - condition: [{{type: slot, name: language, value: {lang}}}]"


def _render(lang: str, variation: dict) -> List[str]:
    body = yaml.dump(variation, allow_unicode=True, width=10_000, sort_keys=False,
                     default_flow_style=False)
    lines = [_condition_line(lang)]
    lines += ["      " + line if line else "" for line in body.rstrip("\n").split("\n")]
    return lines


def _blocks(lines: List[str]) -> Dict[str, tuple]:
    """Response name -> (first line index, index after its last variation line)."""
    found, starts = {}, [i for i, line in enumerate(lines) if BLOCK.match(line)]
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        while end > start + 1 and not lines[end - 1].startswith("    "):
            end -= 1  # blank lines and section comments belong to the next block
        found[BLOCK.match(lines[start]).group(1)] = (start, end)
    return found


def _without_language(lines: List[str], start: int, end: int, lang: str) -> List[str]:
    """The block's lines without the variation(s) already conditioned on `lang`."""
    kept, skipping = [], False
    for line in lines[start:end]:
        if line.startswith("    - "):
            skipping = line == _condition_line(lang)
        if not skipping:
            kept.append(line)
    return kept


def add(lang: str, variations: Dict[str, object]) -> List[str]:
    missing = set(variations)
    for path in sorted(RESPONSES.glob("*.yml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        blocks = _blocks(lines)
        changed = False
        for name in sorted(set(variations) & set(blocks), key=lambda n: -blocks[n][0]):
            start, end = blocks[name]
            items = variations[name]
            items = items if isinstance(items, list) else [items]
            block = _without_language(lines, start, end, lang)
            for item in items:
                block += _render(lang, item)
            lines[start:end] = block
            missing.discard(name)
            changed = True
        if changed:
            text = "\n".join(lines)
            yaml.safe_load(text)  # never leave a broken file behind
            path.write_text(text, encoding="utf-8")
    return sorted(missing)


def main() -> int:
    lang, source = sys.argv[1], Path(sys.argv[2])
    variations = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        missing = add(lang, variations)
    if missing:
        print("unknown responses (not added):", ", ".join(missing), file=sys.stderr)
        return 1
    print(f"{len(variations)} responses in {lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
