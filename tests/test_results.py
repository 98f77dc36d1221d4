import json
import math

import numpy as np
import pytest

from dltutor import results


@pytest.fixture
def results_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(results.ENV_VAR, str(tmp_path))
    return tmp_path


def test_record_and_load_round_trip(results_dir):
    path = results.record(
        "mnist", "pytorch-cnn", test_accuracy=np.float32(0.5), params=np.int64(7),
        history={"loss": np.array([1.0, 0.5])}, shape=(2, 3), bad=math.nan,
    )
    assert path == results_dir / "mnist" / "pytorch-cnn.json"
    data = results.load("mnist", "pytorch-cnn")
    assert data["test_accuracy"] == pytest.approx(0.5)
    assert data["params"] == 7
    assert data["history"] == {"loss": [1.0, 0.5]}
    assert data["shape"] == [2, 3]
    assert data["bad"] is None  # NaN is not valid JSON
    assert data["hardware"]["cpu_count"] >= 1
    assert data["recorded_at"].endswith("Z")
    assert results.load("mnist") == [data]


def test_record_leaves_no_temporary_files(results_dir):
    results.record("setup", "a", value=1)
    results.record("setup", "a", value=2)  # overwrite in place
    files = sorted(p.name for p in (results_dir / "setup").iterdir())
    assert files == ["a.json"]
    assert json.loads((results_dir / "setup" / "a.json").read_text())["value"] == 2


def test_failed_record_leaves_nothing(results_dir, monkeypatch):
    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(results.json, "dump", explode)
    with pytest.raises(OSError, match="disk full"):
        results.record("setup", "b", value=1)
    assert list((results_dir / "setup").iterdir()) == []


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".hidden"])
def test_names_that_are_not_file_names_are_refused(results_dir, name):
    with pytest.raises(ValueError, match="Invalid name"):
        results.record("setup", name, value=1)


def test_missing_results_say_what_to_do(results_dir):
    with pytest.raises(FileNotFoundError, match="Run the chapter's notebooks"):
        results.load("mnist")
    with pytest.raises(FileNotFoundError, match="Run the notebook"):
        results.load("mnist", "keras-cnn")


def test_default_folder_is_under_the_project_root(monkeypatch, tmp_path):
    monkeypatch.delenv(results.ENV_VAR, raising=False)
    (tmp_path / "_toc.yml").write_text("root: intro\n")
    (tmp_path / "pyproject.toml").write_text("")
    nested = tmp_path / "notebooks" / "mnist"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert results.results_dir() == tmp_path.resolve() / "_build" / "results"


def test_records_are_readable_by_others(results_dir):
    import os
    import stat

    path = results.record("setup", "perm", value=1)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def _write(folder, chapter, name, **values):
    (folder / chapter).mkdir(parents=True, exist_ok=True)
    (folder / chapter / f"{name}.json").write_text(json.dumps({"name": name, **values}))


@pytest.fixture
def reference(tmp_path, monkeypatch):
    folder = tmp_path / "reference"
    folder.mkdir()
    monkeypatch.setattr(results, "reference_dir", lambda: folder)
    return folder


def test_fallback_fills_only_the_gaps_and_says_so(results_dir, reference):
    _write(reference, "mnist", "a", value="reference")
    _write(reference, "mnist", "b", value="reference")
    results.record("mnist", "a", value="mine")
    records, note = results.load_with_fallback("mnist")
    assert records["a"]["value"] == "mine"
    assert records["b"]["value"] == "reference"
    assert "Read 1 records" in note and "1 were missing there (b)" in note


def test_fallback_says_nothing_when_all_records_are_own(results_dir, reference):
    _write(reference, "mnist", "a", value="reference")
    results.record("mnist", "a", value="mine")
    records, note = results.load_with_fallback("mnist", ["a"])
    assert records["a"]["value"] == "mine" and "missing" not in note


def test_fallback_names_a_record_found_nowhere(results_dir, reference):
    with pytest.raises(FileNotFoundError, match="No record zz for chapter 'mnist'"):
        results.load_with_fallback("mnist", ["zz"])


def test_run_time_is_recorded_and_reported_from_the_reference(results_dir, reference):
    path = results.record_run_time("mnist", "pytorch")
    assert json.loads(path.read_text())["seconds"] >= 0
    assert "not measured yet" in results.run_time_sentence("mnist", "pytorch")
    (reference / "mnist").mkdir()
    path.replace(reference / "mnist" / path.name)
    assert results.run_time_sentence("mnist", "pytorch").startswith("Run time: ")
    assert "CPU cores" in results.run_time_sentence("mnist", "pytorch")


def test_reference_records_are_the_repository_results_folder():
    from dltutor.book.layout import ROOT

    assert results.reference_dir() == ROOT / "results"
