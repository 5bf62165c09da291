"""The runnable examples in the currents docstrings stay correct."""

import doctest
import importlib

import pytest

MODULES = ["model", "closed_forms", "mft", "generating", "lattice", "estimators", "montecarlo", "contour"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"noneq.currents.{name}")
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
