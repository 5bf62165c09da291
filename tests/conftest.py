"""Test configuration: slow tests are opt-in with --run-slow; ``noneq_here`` runs the command line in this
process."""

import pytest
from hostile import cli


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False, help="also run tests marked slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip_slow = pytest.mark.skip(reason="slow test: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)



@pytest.fixture
def noneq_here(monkeypatch, capsys):
    """``noneq_here(*args, cwd=None)``: ``noneq ARGS`` through the console entry point in this process, reported
    as `subprocess.run` would report the console script (`hostile.cli`)."""
    return lambda *args, cwd=None: cli(monkeypatch, capsys, *args, cwd=cwd)


def _hypothesis_profiles():
    """Under CI (CI=true) property tests draw a fixed, reproducible set of examples; locally they explore."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()
