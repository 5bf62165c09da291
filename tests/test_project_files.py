"""The files a user and a packager expect beside the code: the typing marker, the license, the citation file and
the changelog, consistent with pyproject.toml and the package version."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata, resources
from pathlib import Path

import noneq

ROOT = Path(__file__).resolve().parents[1]


def test_py_typed_is_shipped_with_the_package():
    assert resources.files("noneq").joinpath("py.typed").is_file()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["noneq"]
    assert "py.typed" in declared
    try:
        installed = [str(f) for f in metadata.files("noneq") or ()]
    except metadata.PackageNotFoundError:
        return  # running from a checkout that is not installed
    if "noneq/__init__.py" in installed:  # a regular (not editable) install: the wheel carried the marker
        assert "noneq/py.typed" in installed


def test_license_file_matches_pyproject():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    text = (ROOT / "LICENSE").read_text()
    assert declared == "MIT" and text.startswith("MIT License") and "the noneq developers" in text


def test_citation_file_names_the_version_and_the_five_papers():
    text = (ROOT / "CITATION.cff").read_text()
    assert re.search(r'^version: "' + re.escape(noneq.__version__) + '"$', text, re.MULTILINE)
    assert text.startswith("cff-version: 1.2.0")
    for reference in ("10.1038/nphys3830", "10.1088/1367-2630/12/1/013013", "arXiv:1408.4917",
                      "Multi-time correlation of integrated current", "Quantum to classical transition"):
        assert reference in text


def test_changelog_has_an_unreleased_section():
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()
