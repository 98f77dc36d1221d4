"""The GitHub workflows stay pinned and least-privileged.

zizmor (static security analysis of GitHub Actions) runs offline over a copy of
.github/: the real configuration has no finding, and breaking a copy on purpose
(an action pinned to a tag, a job with ``write-all``) makes it fail. zizmor
cannot know which write permission a job really needs, so a small policy check
here does: only the Pages deployment may write, and only what it needs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))

# The only write permissions any job may hold, per (workflow, job).
ALLOWED_WRITES = {
    ("book.yml", "deploy"): {"pages", "id-token"},
}
# `owner/repo@<40 hex digits> # vX.Y.Z`
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")


def zizmor_command() -> list[str]:
    """The zizmor of this environment (the lock pins it), with the Makefile's flags."""
    here = Path(sys.executable).parent / "zizmor"
    exe = str(here) if here.exists() else shutil.which("zizmor")
    if exe is None:
        pytest.fail("zizmor is not installed; `make install` installs the locked version")
    return [exe, "--offline", "--persona", "pedantic", "--no-progress", "--color", "never"]


def run_zizmor(github_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*zizmor_command(), str(github_dir)],
        capture_output=True,
        text=True,
        cwd=github_dir.parent,
        timeout=120,
    )


def copy_github(tmp_path: Path) -> Path:
    # A .git marker stops zizmor's configuration discovery at the copy.
    (tmp_path / ".git").mkdir()
    return Path(shutil.copytree(GITHUB, tmp_path / ".github"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def permission_problems(github_dir: Path) -> list[str]:
    """Every way the workflows in ``github_dir`` break the least-privilege policy."""
    problems = []
    for path in sorted((github_dir / "workflows").glob("*.yml")):
        workflow = load(path)
        if workflow.get("permissions") != {"contents": "read"}:
            problems.append(f"{path.name}: top-level permissions must be `contents: read`")
        for job_id, job in workflow.get("jobs", {}).items():
            perms = job.get("permissions")
            where = f"{path.name}:{job_id}"
            if not isinstance(perms, dict):
                problems.append(f"{where}: needs an explicit permissions mapping, got {perms!r}")
                continue
            writes = {scope for scope, level in perms.items() if level == "write"}
            extra = writes - ALLOWED_WRITES.get((path.name, job_id), set())
            if extra:
                problems.append(f"{where}: write permission not needed: {sorted(extra)}")
    return problems


def test_workflow_files_are_found():
    names = {path.name for path in WORKFLOWS}
    assert {"ci.yml", "book.yml", "gpu.yml", "latest.yml"} <= names


def test_real_github_dir_has_no_zizmor_finding(tmp_path):
    result = run_zizmor(copy_github(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout


def test_zizmor_fails_on_an_unpinned_action(tmp_path):
    github = copy_github(tmp_path)
    ci = github / "workflows" / "ci.yml"
    text = ci.read_text()
    pinned = re.search(r"actions/checkout@[0-9a-f]{40} # v[\d.]+", text).group(0)
    ci.write_text(text.replace(pinned, "actions/checkout@v7", 1))
    result = run_zizmor(github)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout, result.stdout


def test_zizmor_fails_on_a_write_all_job(tmp_path):
    github = copy_github(tmp_path)
    latest = github / "workflows" / "latest.yml"
    text = latest.read_text()
    job_perms = "    permissions:\n      contents: read\n"
    assert job_perms in text
    latest.write_text(text.replace(job_perms, "    permissions: write-all\n", 1))
    result = run_zizmor(github)
    assert result.returncode != 0
    assert "excessive-permissions" in result.stdout, result.stdout
    assert permission_problems(github)


def test_real_workflows_follow_the_permission_policy():
    assert permission_problems(GITHUB) == []


@pytest.mark.parametrize("documented", [False, True])
def test_a_job_asking_for_contents_write_is_caught(tmp_path, documented):
    # zizmor (pedantic) only asks for a comment on the permission; the policy
    # check refuses the write itself, comment or not.
    github = copy_github(tmp_path)
    ci = github / "workflows" / "ci.yml"
    text = ci.read_text()
    job_perms = "    permissions:\n      contents: read\n"
    comment = "  # push results back" if documented else ""
    ci.write_text(text.replace(job_perms, f"    permissions:\n      contents: write{comment}\n", 1))
    assert any("ci.yml:test" in p and "contents" in p for p in permission_problems(github))
    if not documented:
        result = run_zizmor(github)
        assert result.returncode != 0
        assert "undocumented-permissions" in result.stdout, result.stdout


def _steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_by_sha_with_version_comment(path):
    text = path.read_text()
    uses_lines = [line for line in text.splitlines() if re.match(r"\s*(- )?uses:", line)]
    assert uses_lines
    for line in uses_lines:
        ref = line.split("uses:", 1)[1].split("#", 1)[0].strip()
        assert PINNED.match(ref), line
        assert VERSION_COMMENT.search(line), f"no `# vX.Y.Z` comment: {line}"


def test_each_action_has_one_pin_across_workflows():
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for _, step in _steps(load(path)):
            if "uses" in step:
                name, sha = step["uses"].split("@")
                pins.setdefault(name, set()).add(sha)
    assert {name: shas for name, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_do_not_persist_credentials(path):
    for job_id, step in _steps(load(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, job_id


def test_gpu_workflow_covers_tensorflow_on_the_gpu():
    gpu = load(GITHUB / "workflows" / "gpu.yml")
    assert gpu["jobs"]["gpu"]["runs-on"] == ["self-hosted", "gpu"]
    scripts = "\n".join(step.get("run", "") for _, step in _steps(gpu))
    assert "tensorflow[and-cuda]" in scripts
    assert "list_physical_devices('GPU')" in scripts
    labels = load(GITHUB / "actionlint.yaml")["self-hosted-runner"]["labels"]
    assert "gpu" in labels


def test_latest_workflow_installs_from_pyproject_not_the_lock():
    latest = load(GITHUB / "workflows" / "latest.yml")
    assert "schedule" in latest[True]  # PyYAML reads the `on:` key as True
    scripts = "\n".join(step.get("run", "") for _, step in _steps(latest))
    assert '-e ".[frameworks,book,deploy,test]"' in scripts
    assert "lock.txt" not in scripts
    assert "-m \"notebooks" in scripts


def test_book_workflow_keeps_reports_and_checks_links_on_schedule():
    book = load(GITHUB / "workflows" / "book.yml")
    assert "schedule" in book[True]
    build_steps = book["jobs"]["build"]["steps"]
    reports = [s for s in build_steps if "_build/book/runs/*.partial/executed.ipynb" in str(s.get("with", {}))]
    assert reports and reports[0]["if"] == "failure()"
    linkcheck = "\n".join(s.get("run", "") for s in book["jobs"]["linkcheck"]["steps"])
    assert "--builder linkcheck" in linkcheck
    assert "schedule" in book["jobs"]["linkcheck"]["if"]
    assert book["jobs"]["deploy"]["if"] == book["jobs"]["build"]["if"]


def test_dependabot_watches_actions_and_the_lock():
    config = load(GITHUB / "dependabot.yml")
    updates = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert ("github-actions", "/") in updates
    assert ("pip", "/requirements") in updates
    assert (ROOT / "requirements" / "lock.txt").exists()


def test_zizmor_is_locked_and_run_by_make():
    lock = (ROOT / "requirements" / "lock.txt").read_text().splitlines()
    assert any(line.startswith("zizmor==") for line in lock)
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^lint-workflows:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert target, "Makefile has no lint-workflows target"
    assert "zizmor --offline --persona pedantic" in target.group(1)
    assert ".github/" in target.group(1)
