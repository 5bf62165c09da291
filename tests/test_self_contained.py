"""The project is self-contained: nothing it ships or tests cites a file outside the repository, and every
``docs/...`` file that the code, tests or claims cite exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("src", "tests", "benchmarks", "docs", "README.md")
SUFFIXES = {".py", ".md", ".toml", ".txt", ".rst", ".cfg"}
# a reference to the paper notes or paper texts kept outside the repository
OUTSIDE = re.compile(r"NOTES\.md|shared/papers|\.\./shared")
DOCS_REFERENCE = re.compile(r"docs/(?:papers|notes)/[\w.-]+\.md")


def _files() -> list[Path]:
    found = []
    for entry in SCANNED:
        path = ROOT / entry
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                      and "_build" not in p.parts and "__pycache__" not in p.parts]
    return sorted(found)


FILES = _files()
THIS = Path(__file__).resolve()


def test_nothing_cites_files_outside_the_repository():
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in FILES if p != THIS
                 for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
                 if OUTSIDE.search(line)]
    assert not offenders, offenders


def test_cited_docs_exist():
    if not (ROOT / "docs").is_dir():
        pytest.skip("no docs folder in this checkout")
    missing = sorted({(str(p.relative_to(ROOT)), ref) for p in FILES
                      for ref in DOCS_REFERENCE.findall(p.read_text(encoding="utf-8", errors="replace"))
                      if not (ROOT / ref).is_file()})
    assert not missing, missing
