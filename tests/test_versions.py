"""The versions the package declares are the versions CI installs and tests.

CI runs the suite twice over: on the `test` extra's pins, and on the declared floors
(.ci/floors.txt as pip constraints). These checks keep the three lists in step.
"""

from __future__ import annotations

from pathlib import Path

from conftest import pinned_textual, requirements
from packaging.requirements import Requirement
from packaging.version import Version

FLOORS = Path(__file__).resolve().parent.parent / ".ci" / "floors.txt"


def floors_file() -> dict[str, Version]:
    """.ci/floors.txt as name → version; every line must be an exact `name==version`."""
    floors = {}
    for line in FLOORS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", line
            floors[requirement.name] = Version(spec.version)
    return floors


def test_floors_file_lists_each_declared_floor() -> None:
    """Every runtime dependency has one `>=` floor, and .ci/floors.txt has exactly those."""
    declared = {}
    for requirement in requirements():
        (spec,) = requirement.specifier
        assert spec.operator == ">=", f"{requirement}: declare a floor with >="
        declared[requirement.name] = Version(spec.version)  # 6.7 == 6.7.0
    assert floors_file() == declared


def test_pins_meet_the_declared_floors() -> None:
    """The `test` extra's pins are versions the package accepts."""
    declared = {r.name: r.specifier for r in requirements()}
    for pin in requirements("test"):
        if pin.name in declared:
            (spec,) = pin.specifier
            assert declared[pin.name].contains(spec.version), pin
    assert pinned_textual()
