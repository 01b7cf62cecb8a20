"""The core never imports textual or rich: only the paths that draw pay for them.

As in harlequin's test_import_hygiene.py, each check runs in a fresh interpreter, one
test per core module and per command-line path that draws nothing. A new module under
src/filmtui is checked as soon as it exists (the browser's own, app/screens/widgets,
and the terminal driver, are the exceptions).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import filmtui

PACKAGE = Path(filmtui.__file__).parent
DRAWING = {
    "filmtui.app",
    "filmtui.driver",
    "filmtui.keymap",  # what a settings file may name, read from Textual
    "filmtui.__main__",
    "filmtui.screens",
    "filmtui.widgets",
}
UI_PACKAGES = ("textual", "rich")


def core_modules() -> list[str]:
    """Every module of the package except the browser's."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if not any(name == d or name.startswith(d + ".") for d in DRAWING):
            names.append(name)
    return names


def ui_packages_loaded_after(code: str, cwd: Path) -> list[str]:
    """Run `code` in a fresh interpreter; the UI packages it left imported."""
    check = (
        f"{code}\n"
        "import sys\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        f"sys.stderr.write(repr(sorted(loaded & set({UI_PACKAGES!r}))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, cwd=cwd, timeout=60, check=True
    )
    return ast.literal_eval(result.stderr.decode().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_core_is_found() -> None:
    """The module list is not empty by mistake (and includes the model, the loader and
    the settings file reader)."""
    assert {"filmtui.model", "filmtui.loader", "filmtui.export", "filmtui.config"} <= set(
        core_modules()
    )


@pytest.mark.parametrize("module", core_modules())
def test_core_module_imports_no_ui(module: str, tmp_path: Path) -> None:
    """Importing a core module imports neither textual nor rich."""
    assert ui_packages_loaded_after(f"import {module}", tmp_path) == []


@pytest.mark.parametrize(
    "arguments",
    [
        ["export"],
        ["export", "--query", "helm"],
        ["export", "--format", "jsonl"],
        ["schema"],
        ["completion", "bash"],
    ],
    ids=" ".join,
)
def test_cli_path_imports_no_ui(arguments: list[str], tmp_path: Path) -> None:
    """The commands that draw nothing import neither textual nor rich (nor asyncio)."""
    code = (
        "import os, sys\n"
        "sys.stdout = open(os.devnull, 'w')\n"
        "from filmtui.cli import main\n"
        "try:\n"
        f"    main({arguments!r})\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "assert 'asyncio' not in sys.modules\n"
    )
    assert ui_packages_loaded_after(code, tmp_path) == []
