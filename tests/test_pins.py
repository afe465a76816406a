"""Installs are reproducible: requirements*.txt pin exact versions of everything, inside pyproject.toml's ranges."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s=<>!~,;]+)$")


def pins(name: str) -> dict[str, Version]:
    """Package name (normalised) -> pinned version, for every requirement line of a requirements file."""
    found: dict[str, Version] = {}
    for number, raw in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        assert match, f"{name}:{number}: {raw!r} is not an exact pin (name==version)"
        found[canonicalize_name(match["name"])] = Version(match["version"])
    return found


@pytest.mark.parametrize(
    ("name", "declared"),
    [
        ("requirements.txt", PROJECT["dependencies"]),
        ("requirements-dev.txt", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_every_declared_dependency_is_pinned_inside_its_range(name, declared):
    pinned = pins(name)
    for text in declared:
        requirement = Requirement(text)
        key = canonicalize_name(requirement.name)
        assert key in pinned, f"{requirement.name} is declared in pyproject.toml but not pinned in {name}"
        assert requirement.specifier.contains(pinned[key], prereleases=True), (
            f"{name} pins {requirement.name}=={pinned[key]}, outside pyproject.toml's {requirement.specifier}"
        )


def test_the_dev_pins_agree_with_the_runtime_pins():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert {name: dev.get(name) for name in runtime} == runtime
