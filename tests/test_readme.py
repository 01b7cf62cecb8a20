"""The README stays true: its two set-up-and-go commands (CI runs the test one) and
its record sketch."""

from __future__ import annotations

import json
import re
from pathlib import Path

from filmtui.export import export_json
from filmtui.loader import loads

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


def test_the_readme_record_sketch_loads() -> None:
    """The record under "Writing a record" is one the loader takes, every field used."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Writing a record", 1)[1]
    sketch = section.split("```toml\n", 1)[1].split("```", 1)[0]
    film = loads(sketch.encode(), name="README")
    exported = json.loads(export_json(film))
    unset = [key for key, value in exported.items() if value in (None, [], {})]
    assert unset == []
    assert all(value is not None for value in exported["quotes"][0].values())
