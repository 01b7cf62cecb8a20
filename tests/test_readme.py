"""The README's two set-up-and-go commands stay true, and CI runs the test one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """The shell commands in the README's "Set up and go" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up and go", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.DOTALL)


def test_readme_has_exactly_two_commands() -> None:
    """One runs the app on the bundled record, one runs the tests."""
    run_app, run_tests = readme_commands()
    assert run_app.endswith(".venv/bin/filmtui")
    assert "pytest" in run_tests


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run calls the README's test command exactly as written."""
    _, run_tests = readme_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert run_tests in ci_lines
