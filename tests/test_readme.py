"""Every command in the README works as written on a fresh clone.

Commands that are cheap run for real. The expensive or outside ones are
checked piece by piece: a make target exists and expands, an executable is
installed by `make install`, a notebook accepts the parameters the command
passes, a pinned version matches the lock file. The commands that need a
network, conda or a GPU are not run here; the test says which.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dltutor.book.layout import ROOT

VENV_BIN = Path(sys.executable).parent
LOCK = (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """Each command line of the README's bash blocks, comments removed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line and not line.startswith("#"):
                commands.extend(part.strip() for part in line.split("&&"))
    return commands


COMMANDS = readme_commands()


def test_the_readme_has_commands():
    assert any(c.startswith("make test") for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_works_as_written(command):
    words = shlex.split(command)
    program = words[0]
    if program == "make":
        target = words[1]
        done = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, f"make {target}: {done.stderr}"
    elif program == "conda":
        env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
        if words[1] == "activate":
            assert env["name"] == words[2]
        pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
        assert "-r requirements/lock.txt" in pip and "-e ." in pip
        if shutil.which("conda") is None:
            pytest.skip("conda is not installed here; environment.yml was checked instead")
    elif program in ("jupyter", ".venv/bin/jupyter"):
        assert words[1:] == ["lab", "notebooks/"], command
        executable = VENV_BIN / "jupyter-lab"
        assert executable.is_file(), "`jupyter lab` needs JupyterLab: add it to the lock file"
        done = subprocess.run([str(executable), "--version"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    elif program == ".venv/bin/python" and words[1:3] == ["-m", "dltutor.book.execute"]:
        done = subprocess.run([sys.executable, *words[1:], "--check"], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    elif program == ".venv/bin/pip":
        # CUDA builds from the network: the versions must be the locked ones.
        for pinned in re.findall(r"(?:torch|tensorflow\[and-cuda\])==([\w.]+)", command):
            assert f"=={pinned}\n" in LOCK, f"{command}: {pinned} is not the locked version"
        assert (VENV_BIN / "pip").is_file()
    else:
        pytest.fail(f"the README test does not know how to check: {command}")
