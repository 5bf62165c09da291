"""The package's import structure: layers import only from below, no library module imports paper code, and no
import cycle anywhere (imports inside functions count as much as those at the top of a module).

Layers, bottom to top: ``core`` -> ``quantum``, ``stochastic`` -> the systems (library part) -> each system's
``paper`` package -> ``sweep``, ``reproduce``, ``report`` -> ``cli``. ``sweep``, ``reproduce`` and ``report`` know
no physics: they reach a system only through `noneq.core.registry` (and a system's experiments only through
`noneq.reproduce.paper_experiments`), never by an import statement.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import noneq

PACKAGE_ROOT = Path(noneq.__file__).parent
SYSTEMS = ("kicked_top", "reservoir", "otto", "kicked", "currents")
BASE = ("core", "quantum", "stochastic")
# what each top-level part may import (besides itself and noneq's own top-level modules)
ALLOWED = {
    "core": set(),
    "quantum": {"core"},
    "stochastic": {"core"},
    "sweep": {"core"},
    "reproduce": {"core", "sweep"},
    "report": {"core", "reproduce"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE_ROOT.rglob("*.py"))}


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The longest prefix of the dotted ``name`` that is a noneq module."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            return candidate
        parts.pop()
    return None


def _imports(module: str) -> set[str]:
    """Every noneq module that ``module`` imports, anywhere in its source."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            targets = [f"{prefix}.{alias.name}" for alias in node.names] + [prefix]
            # `from pkg import name`: the submodule pkg.name when it is one, else pkg itself
            submodules = [t for t in targets[:-1] if t in MODULES]
            targets = submodules if len(submodules) == len(node.names) else submodules + [prefix]
        else:
            continue
        for target in targets:
            if target == "noneq" or target.startswith("noneq."):
                resolved = _resolve(target)
                if resolved is not None and resolved != module:
                    found.add(resolved)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _part(module: str) -> str:
    """The top-level part of noneq a module belongs to ('' for noneq's own top-level modules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE_ROOT / parts[1]).is_dir() else ""


def _is_paper(module: str) -> bool:
    parts = module.split(".")
    return len(parts) > 2 and parts[1] in SYSTEMS and parts[2] == "paper"


def test_graph_sees_the_imports_inside_functions():
    # the CLI imports its commands' dependencies inside the command functions
    assert "noneq.core.registry" in GRAPH["noneq.cli"]


def test_library_never_imports_paper_code():
    offenders = sorted((m, t) for m, targets in GRAPH.items() if not _is_paper(m)
                       for t in targets if _is_paper(t))
    assert not offenders, offenders


def test_no_import_cycles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def connect(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            connect(module)
    assert not cycles, cycles


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_shared_layers_import_only_from_below(part):
    offenders = sorted((m, t) for m, targets in GRAPH.items() if _part(m) == part
                       for t in targets if _part(t) not in ALLOWED[part] | {part, ""})
    assert not offenders, offenders


@pytest.mark.parametrize("system", SYSTEMS)
def test_systems_use_only_the_shared_layers(system):
    library = set(BASE)
    paper = set(BASE) | {"reproduce", "sweep"}
    offenders = []
    for module, targets in GRAPH.items():
        if _part(module) != system:
            continue
        allowed = (paper if _is_paper(module) else library) | {system, ""}
        offenders += [(module, t) for t in targets if _part(t) not in allowed]
    assert not offenders, sorted(offenders)
