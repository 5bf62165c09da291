"""The MFT subpackage is layered: each module imports only the modules below it, so calls only go down."""

import ast
from pathlib import Path

import pytest

import noneq.currents.mft as mft

LAYERS = ("transport", "kernels", "steps", "sweeps", "solver", "response")  # bottom to top (package docstring)
ALLOWED = {  # the modules of noneq.currents.mft each layer may import
    "transport": set(),
    "kernels": set(),
    "steps": {"kernels"},
    "sweeps": {"steps", "kernels"},
    "solver": {"sweeps", "steps", "kernels", "transport"},
    "response": {"solver", "sweeps", "steps", "transport"},
}


def _mft_imports(name: str) -> set[str]:
    tree = ast.parse((Path(mft.__file__).parent / f"{name}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "noneq.currents.mft":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("noneq.currents.mft."):
                found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.rsplit(".", 1)[1] for a in node.names if a.name.startswith("noneq.currents.mft.")}
    return found


def test_every_module_is_a_layer():
    modules = {p.stem for p in Path(mft.__file__).parent.glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS)


@pytest.mark.parametrize("name", LAYERS)
def test_imports_go_down_only(name):
    imports = _mft_imports(name)
    assert imports <= ALLOWED[name], imports - ALLOWED[name]
    below = set(LAYERS[:LAYERS.index(name)])
    assert ALLOWED[name] <= below
