"""Checks on the LSTM comparison page, run on the reference records (the page runs alone)."""

from __future__ import annotations

import json

from dltutor.book.layout import ROOT
from tests.nbchecks import check

IMPLEMENTATIONS = ("pytorch", "tensorflow", "keras-tensorflow", "keras-torch")


def _reference() -> dict[str, dict]:
    """The records the page falls back on when run alone: the checkout's reference records."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "results" / "lstm").glob("*.json")}


def _page_text(run) -> str:
    """Everything the page printed or displayed as text or Markdown."""
    parts = [run.cell_text()]
    for cell in run.notebook.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("data", {}).get("text/markdown", ""))
    return "\n".join(parts)


def _overlap(a, b) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@check
def compares_runs_of_one_recipe(run):
    text = _page_text(run)
    for line in ("every implementation trains the same character model: True",
                 "every implementation trains the same CO2 forecaster: True",
                 "same data: True", "same machine: True", "same character model recipe: True",
                 "same CO2 forecaster recipe: True",
                 "the n-gram baselines are the same in every record: True",
                 "the baselines are the same in every record: True"):
        assert line in text, f"{line!r} not on the page"
    records = _reference()
    shown = [impl for impl in IMPLEMENTATIONS if f"{impl}-charlm" in records and f"{impl}-co2" in records]
    assert f"implementations on this page: {', '.join(shown)}" in text
    missing = [impl for impl in IMPLEMENTATIONS if impl not in shown]
    if missing:  # named, not faked
        assert f"No record yet for {', '.join(missing)}" in text
        assert f"Not on this page: {', '.join(missing)} (no record)." in text


@check
def conclusions_follow_the_records(run):
    text = _page_text(run)
    records = _reference()
    charlm = {impl: records[f"{impl}-charlm"] for impl in IMPLEMENTATIONS
              if f"{impl}-charlm" in records and f"{impl}-co2" in records}
    co2 = {impl: records[f"{impl}-co2"] for impl in charlm}
    names = list(charlm)
    all_overlap = all(_overlap(charlm[a]["test_perplexity_ci"], charlm[b]["test_perplexity_ci"])
                      for i, a in enumerate(names) for b in names[i + 1:])
    assert ("every pair of 95% intervals overlaps" in text) == all_overlap
    best = min(charlm, key=lambda impl: charlm[impl]["test_perplexity"])
    assert f"Lowest test perplexity: {best} ({charlm[best]['test_perplexity']:.3f})" in text
    best_mae = min(co2, key=lambda impl: co2[impl]["test_mae"])
    assert f"CO2: lowest test MAE {best_mae} ({co2[best_mae]['test_mae']:.3f} ppm)" in text
    baseline = min(next(iter(co2.values()))["seasonal_naive_mae"], next(iter(co2.values()))["seasonal_naive_drift_mae"])
    below = [impl for impl, r in co2.items() if r["test_mae"] < baseline]
    assert f"below both baselines: {', '.join(below) or 'none'}" in text
    fastest = max(charlm, key=lambda impl: charlm[impl]["steps_per_second"])
    assert f"Speed, character model: {fastest} made the most training steps per second" in text


@check
def kernels_are_reported_as_recorded(run):
    text = _page_text(run)
    charlm = {impl: rec for impl in IMPLEMENTATIONS if (rec := _reference().get(f"{impl}-charlm"))}
    rows = [row for rec in charlm.values() for row in rec.get("kernel_timings", [])]
    on_gpu = [row for row in rows if row["device"] != "cpu"]
    assert f"GPU timings in the records: {len(on_gpu)}" in text
    assert ("no record comes from a GPU" in text) == (not on_gpu)
    timed = [impl for impl, rec in charlm.items() if "kernel_timings" in rec]
    untimed = [impl for impl in charlm if impl != "tensorflow" and impl not in timed]
    if untimed:
        assert f"No kernel timings yet for {', '.join(untimed)}" in text
    if "pytorch" in timed:
        fused = charlm["pytorch"]["kernel_timings"][0]
        assert f"`nn.LSTM` ran on the {fused['path']}" in text
    for impl in ("keras-tensorflow", "keras-torch"):
        if impl in timed:
            fused = any("fused" in row["path"].replace("(", " ").split()  # not "refused"
                        for row in charlm[impl]["kernel_timings"] if row["device"] == "cpu")
            assert (f"Kernels, {impl} on the CPU: no variant ran a fused kernel" in text) == (not fused)
