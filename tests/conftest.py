"""Shared fixtures: the bundled record, record files on disk, and running the CLI."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, settings
from packaging.requirements import Requirement

from filmtui.loader import default_record_path, load
from filmtui.model import Film

# No per-example deadline: on a shared 2-core machine (and under xdist) timing is noise,
# and a test must never fail for being slow.
settings.register_profile("filmtui", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("filmtui")

SEED_LISTING = Path(__file__).parent / "data" / "seed_listing.txt"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def make_record_module() -> ModuleType:
    """benchmarks/make_record.py (the record generator), imported by path."""
    spec = importlib.util.spec_from_file_location("make_record", BENCHMARKS / "make_record.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RunCli = Callable[..., subprocess.CompletedProcess[bytes]]


def requirements(extra: str | None = None) -> list[Requirement]:
    """pyproject's runtime dependencies, or those of an extra."""
    project = tomli.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def pinned_textual() -> str:
    """The textual version the `test` extra pins, which the snapshots were drawn with."""
    (pin,) = [str(r.specifier)[2:] for r in requirements("test") if r.name == "textual"]
    return pin


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the snapshot tests, saying why, on any textual but the pinned one (CI runs
    the suite on the declared floors too, where only the pictures may differ)."""
    pinned, installed = pinned_textual(), importlib.metadata.version("textual")
    if installed == pinned:
        return
    skip = pytest.mark.skip(
        reason=f"snapshots are drawn with textual {pinned} (the `test` extra's pin), "
        f"and this is textual {installed}"
    )
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def close_shelves(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close every shelf a test opens when it ends: one handed to the browser, or left
    open by a test that failed half-way, would hold its index open (an "unclosed
    database" ResourceWarning on Python 3.13, which fails the run: see pyproject).
    Shelves filmtui opens itself (a second connection to refresh on) are its own to
    close, so a leak there still fails the run."""
    from filmtui.shelf import Shelf

    opened: list[Shelf] = []
    real_open = Shelf.open

    def open_and_keep(*args: Any, **kwargs: Any) -> Shelf:
        """Open a shelf as Shelf.open does, noting it to close if a test opened it."""
        shelf = real_open(*args, **kwargs)
        if not sys._getframe(1).f_globals.get("__name__", "").startswith("filmtui."):
            opened.append(shelf)
        return shelf

    monkeypatch.setattr(Shelf, "open", open_and_keep)
    yield
    for shelf in opened:
        shelf.close()


@pytest.fixture(scope="session")
def film() -> Film:
    """The bundled record, loaded once."""
    return load(default_record_path())


@pytest.fixture
def write_record(tmp_path: Path) -> Callable[..., Path]:
    """Write text or bytes to a record file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "record.toml") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `python -m filmtui ARGS` in a subprocess from a folder outside the project."""

    def run(
        *args: str | os.PathLike[str],
        input: bytes | None = None,
        cwd: Path | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FILMTUI")}
        return subprocess.run(
            [sys.executable, "-m", "filmtui", *map(str, args)],
            input=input if input is not None else b"",
            capture_output=True,
            cwd=cwd or tmp_path,
            env=env,
            timeout=timeout,
        )

    return run
