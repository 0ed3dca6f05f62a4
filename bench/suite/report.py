"""`make bench`'s figures: targets, Markdown tables, and the README's generated block."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional

README = Path(__file__).resolve().parents[2] / "README.md"
BEGIN, END = "<!-- bench:begin (written by make bench) -->", "<!-- bench:end -->"
TARGET_LEVEL = "8"


def _get(d: Optional[Dict], *keys, default=None):
    for key in keys:
        if not isinstance(d, dict) or key not in d:
            return default
        d = d[key]
    return d


def _num(value, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def targets(results: Dict) -> List[Dict]:
    ours = _get(results, "stack", "levels", TARGET_LEVEL) or {}
    stock = _get(results, "stock", "levels", TARGET_LEVEL) or {}
    ratio = (ours.get("messages_per_s") / stock["messages_per_s"]) if ours.get("messages_per_s") and \
        stock.get("messages_per_s") else None
    rss = _get(results, "stack", "peak_rss_mb", "rasa")
    rows = [
        ("throughput at concurrency 8, × stock", "≥ 1.0", ratio, lambda v: v >= 1.0, 2),
        ("p50 at concurrency 8 (ms)", "≤ 40", _get(ours, "latency_ms", "p50"), lambda v: v <= 40, 0),
        ("p95 at concurrency 8 (ms)", "≤ 150", _get(ours, "latency_ms", "p95"), lambda v: v <= 150, 0),
        ("CPU-ms per message, whole stack, concurrency 8", "≤ 15", _get(ours, "cpu_ms_per_message", "total"),
         lambda v: v <= 15, 1),
        ("Rasa start to first answer (s)", "≤ 30", _get(results, "stack", "startup", "rasa_to_first_answer_s"),
         lambda v: v <= 30, 1),
        ("peak RSS of the Rasa instance (MB)", "≤ 1,536", rss, lambda v: v <= 1536, 0),
        ("full training, empty cache (s)", "≤ 300", _get(results, "training", "full_empty_cache", "seconds"),
         lambda v: v <= 300, 0),
    ]
    return [{"what": what, "target": target, "measured": None if value is None else round(value, digits),
             "met": None if value is None else bool(test(value))} for what, target, value, test, digits in rows]


def _latency(level: Dict) -> str:
    lat = level.get("latency_ms") or {}
    return f"{_num(lat.get('p50'))} / {_num(lat.get('p95'))} / {_num(lat.get('p99'))}"


def _runs(results: Dict) -> str:
    """Quick or full, per part: a run of some parts keeps the others' figures."""
    quick = {name: _get(results, name, "measured", "quick", default=results.get("quick"))
             for name in ("stack", "stock", "profile", "accuracy", "training") if name in results}
    if all(quick.values()):
        return "**quick run** (BENCH_QUICK=1: fewer messages, stock NLU on fr/en, 2 epochs)"
    if not any(quick.values()):
        return "full run"
    return ("full run of " + ", ".join(k for k, v in quick.items() if not v) + "; **quick** (BENCH_QUICK=1) "
            "for " + ", ".join(k for k, v in quick.items() if v) + " (" +
            "; ".join(f"{k} at {_get(results, k, 'measured', 'date')}" for k in quick) + ")")


def markdown(results: Dict) -> str:
    m = results["machine"]
    out = [f"Run of {m['date']} on `{m['host']}` ({m['cpus']} cores), load average at the start "
           f"{' / '.join(str(x) for x in m['load_average_1_5_15'])} (1/5/15 min)"
           f"{', at the end ' + ' / '.join(str(x) for x in results['load_at_end']) if results.get('load_at_end') else ''}; "
           f"{_runs(results)}, "
           f"{results['seconds'] / 60:.0f} min {'in all' if _runs(results) in ('full run',) or 'quick run' in _runs(results) else 'for the parts of the last run'}; "
           f"model `{results['model']}`.", ""]
    ours, stock = _get(results, "stack", "levels") or {}, _get(results, "stock", "levels") or {}
    if ours or stock:
        out += ["| concurrency | messages | ours p50 / p95 / p99 (ms) | stock p50 / p95 / p99 (ms) | ours msg/s | "
                "stock msg/s | ours ÷ stock | ours CPU-ms/msg | stock CPU-ms/msg | lost | degraded |",
                "|---|---|---|---|---|---|---|---|---|---|---|"]
        for level in sorted(set(ours) | set(stock), key=int):
            o, s = ours.get(level, {}), stock.get(level, {})
            ratio = o.get("messages_per_s") / s["messages_per_s"] if o.get("messages_per_s") and s.get("messages_per_s") else None
            out.append(f"| {level} | {o.get('messages', 'n/a')} | {_latency(o)} | {_latency(s)} | "
                       f"{_num(o.get('messages_per_s'), 1)} | {_num(s.get('messages_per_s'), 1)} | "
                       f"{_num(ratio, 2, '×')} | {_num(_get(o, 'cpu_ms_per_message', 'total'), 1)} | "
                       f"{_num(_get(s, 'cpu_ms_per_message', 'total'), 1)} | {o.get('lost', 'n/a')} | "
                       f"{o.get('degraded_answers', 'n/a')} |")
        per_service = _get(ours, TARGET_LEVEL, "cpu_ms_per_message", "per_service") or {}
        rss = _get(results, "stack", "peak_rss_mb") or {}
        if per_service or rss:
            out += ["", "| process | CPU-ms per message (concurrency 8) | peak RSS (MB) |", "|---|---|---|"]
            for name in sorted(set(per_service) | set(rss)):
                out.append(f"| {name} | {_num(per_service.get(name), 1)} | {_num(rss.get(name))} |")
            out.append(f"| stock Rasa | {_num(_get(stock, TARGET_LEVEL, 'cpu_ms_per_message', 'total'), 1)} | "
                       f"{_num(_get(results, 'stock', 'peak_rss_mb', 'rasa'))} |")
    start, stock_start = _get(results, "stack", "startup") or {}, _get(results, "stock", "startup") or {}
    if start or stock_start:
        out += ["", "| start-up (s) | ours | stock |", "|---|---|---|",
                f"| Rasa: launch to HTTP up | {_num(start.get('rasa_to_http_s'), 1)} | {_num(stock_start.get('rasa_to_http_s'), 1)} |",
                f"| Rasa: launch to first answer | {_num(start.get('rasa_to_first_answer_s'), 1)} | "
                f"{_num(stock_start.get('rasa_to_first_answer_s'), 1)} |",
                f"| whole stack: launch to first answer (API {_num(start.get('municipal_api_s'), 1)}, actions "
                f"{_num(start.get('action_server_s'), 1)}, then Rasa) | {_num(start.get('stack_to_first_answer_s'), 1)} | |"]
    training = results.get("training")
    if training:
        full, again = training["full_empty_cache"], training["retrain_one_nlu_example"]
        out += ["", "| training | time (s) | peak RSS, largest process / whole tree (MB) |", "|---|---|---|",
                f"| full, empty cache | {_num(full['seconds'])} | {_num(full.get('peak_process_rss_mb'))} / "
                f"{_num(full.get('peak_tree_rss_mb'))} |",
                f"| again after one NLU example changed (cache kept) | {_num(again['seconds'])} | "
                f"{_num(again.get('peak_process_rss_mb'))} / {_num(again.get('peak_tree_rss_mb'))} |"]
    accuracy = results.get("accuracy")
    if accuracy:
        st = accuracy.get("stock_training") or {}
        note = f" ({st.get('epochs')} epochs, {st.get('data')})" if st.get("epochs") != 100 or \
            st.get("data") != "all languages" else ""
        out += ["", f"| held-out set | messages | ours accuracy / macro F1 | stock pipeline on our data{note} | target |",
                "|---|---|---|---|---|"]
        for code, r in accuracy["languages"].items():
            out.append(f"| {code} | {r['messages']} | {_num(r['ours_accuracy'], 3)} / {_num(r['ours_macro_f1'], 3)} | "
                       f"{_num(r['stock_accuracy'], 3)} / {_num(r['stock_macro_f1'], 3)} | ≥ {r['target']} |")
        out.append(f"\nStock NLU training on our data: {_num(_get(accuracy, 'stock_training', 'seconds'))} s.")
    profile = results.get("profile")
    if profile:
        out += ["", f"Profile of a turn in the Rasa process ({profile['turns']} turns, {profile['ms_per_turn']} ms "
                    f"a turn, wall time):", "", "| stage | ms per turn |", "|---|---|"]
        out += [f"| {k} | {v} |" for k, v in profile["stages_ms_per_turn"].items()]
        out += [f"| NLU, of which {k} | {v} |" for k, v in list(profile["nlu_components_ms_per_turn"].items())[:3]]
        out.append("\nTop three costs: " + "; ".join(f"{t['what']} ({t['ms_per_turn']} ms)" for t in profile["top_three"]) + ".")
    out += ["", "| target | goal | measured | met |", "|---|---|---|---|"]
    for t in results["targets"]:
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        out.append(f"| {t['what']} | {t['target']} | {_num(t['measured'], 2 if isinstance(t['measured'], float) and t['measured'] < 10 else 0)} | {met} |")
    return "\n".join(out)


def update_readme(table: str, readme: Path = README) -> bool:
    """Replaces the generated block of the README's "Benchmarks" section; False if absent."""
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return False
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), flags=re.DOTALL)
    readme.write_text(pattern.sub(lambda _: f"{BEGIN}\n{table}\n{END}", text, count=1), encoding="utf-8")
    return True
