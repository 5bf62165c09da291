"""Sphinx glue for noneq's documentation site: pages generated from the code at build time.

- API pages (``docs/api/noneq.*.rst``, git-ignored): one per public package, an autosummary of exactly the names
  in its ``__all__`` (so a new public name is documented without editing the docs), then the docstrings of the
  package's library modules (their equations and conventions). Written before autosummary generates its stubs.
- Generated sections: a page holding the line ``<!-- generated: KIND [ARGUMENT] -->`` gets that line replaced,
  when Sphinx reads it, by MyST markdown made from the code:
  ``cli`` (the ``noneq`` command's reference, from the typer app), ``parameters SYSTEM`` (a system's parameters and
  outputs, from its registry entry) and ``reproduction SYSTEM`` (figures and claim table of a quick reproduction
  run at build time, ``noneq.reproduce.reproduce_system(..., quick=True)``).
- Math as MathML (docutils' LaTeX-to-MathML converter): no JavaScript, nothing loaded from the network; a formula
  the converter cannot read is a build warning (an error under ``-W``).
"""

from __future__ import annotations

import hashlib
import html
import ast
import importlib
import inspect
import json
import re
import shutil
import time
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
DOCS = Path(__file__).resolve().parents[1]
SOURCES = DOCS.parent / "src" / "noneq"
REPRODUCTION = DOCS / "_build" / "reproduction"  # the build-time quick reproduction (kept between builds)
MARKER = re.compile(r"^<!-- generated: (\S+)(?: (\S+))? -->$", re.MULTILINE)

# The public packages whose __all__ the API reference documents, in the order of the reference.
SHARED = ("noneq", "noneq.core", "noneq.quantum", "noneq.stochastic")
SYSTEMS = ("noneq.kicked_top", "noneq.reservoir", "noneq.otto", "noneq.currents", "noneq.currents.mft",
           "noneq.kicked")
TOOLS = ("noneq.sweep", "noneq.reproduce", "noneq.report")
PACKAGES = SHARED + SYSTEMS + TOOLS
# Library modules shown with their docstrings on a package's page; compiled kernels and paper code are left out.
HIDDEN_MODULES = re.compile(r"(^|\.)_\w+(\.|$)")  # private modules


# ----------------------------------------------------------------------------------------------------------------
# API pages
# ----------------------------------------------------------------------------------------------------------------

def public_names(package: str) -> list[str]:
    """The names a package exports, from its literal ``__all__``."""
    return list(importlib.import_module(package).__all__)


def library_modules(package: str) -> list[str]:
    """The package's own modules (not subpackages, not private), sorted, then its paper package and the paper's
    modules."""
    if package == "noneq":
        return []
    folder = SOURCES.joinpath(*package.split(".")[1:])
    names = [f"{package}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]
    if (folder / "paper" / "__init__.py").is_file():
        names.append(f"{package}.paper")
        names += [f"{package}.paper.{p.stem}" for p in sorted((folder / "paper").glob("*.py"))
                  if p.stem != "__init__"]
    return [n for n in names if not HIDDEN_MODULES.search(n)]


def module_helpers(module_name: str, owner: dict[int, str]) -> list[str]:
    """Functions and classes a module defines that no package exports (documented with the module, so that every
    noneq name a docstring mentions has an entry to link to)."""
    module = importlib.import_module(module_name)
    return [name for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj)
                                             or inspect.isfunction(getattr(obj, "py_func", None)))
            and getattr(obj, "__module__", None) == module_name and id(obj) not in owner]


def module_constants(module_name: str) -> list[tuple[str, str, str]]:
    """(name, short value or "", trailing comment) of each UPPER_CASE constant assigned at a module's top level:
    tolerances, limits and tables, with the comment that says what they control."""
    path = Path(importlib.import_module(module_name).__file__)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for statement in ast.parse(text).body:
        targets = statement.targets if isinstance(statement, ast.Assign) else \
            [statement.target] if isinstance(statement, ast.AnnAssign) and statement.value is not None else []
        for target in targets:
            if isinstance(target, ast.Name) and re.fullmatch(r"[A-Z][A-Z0-9_]*", target.id):
                value = ast.get_source_segment(text, statement.value) or ""
                value = value if len(value) <= 60 and "\n" not in value else ""
                first = lines[statement.lineno - 1]
                comment = first.split("#", 1)[1].strip() if "#" in first and statement.end_lineno == \
                    statement.lineno else ""
                found.append((target.id, value, comment))
    return found


def _rst_text(text: str) -> str:
    """A plain-text comment as reStructuredText: bars, stars, trailing underscores and `names` are literal."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
    text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)  # a name in a comment is code, not a cross-reference
    return re.sub(r"(\w)_(?=\W|$)", r"\1\\_", text)


def documented_names() -> tuple[set[str], dict[int, str]]:
    """Full names that the API pages document besides the public names (modules, helpers and constants), and
    the helpers by identity (``id(obj)`` -> the path where they are documented)."""
    names, helpers = set(), {}
    owner = owners()
    for package in PACKAGES:
        names.add(package)
        for module in library_modules(package):
            names.add(module)
            for helper in module_helpers(module, owner):
                names.add(f"{module}.{helper}")
                helpers[id(getattr(importlib.import_module(module), helper))] = f"{module}.{helper}"
            names.update(f"{module}.{c}" for c, _, _ in module_constants(module))
    return names, helpers


def owners() -> dict[int, str]:
    """Where each public object is documented: ``id(obj)`` -> public path. An object exported by several
    packages (``noneq.get_system`` and ``noneq.core.get_system``) is documented once, in the deepest exporting
    package that contains its defining module."""
    found: dict[int, list[str]] = {}
    objects = {}
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in public_names(package):
            obj = getattr(module, name)
            objects[id(obj)] = obj
            found.setdefault(id(obj), []).append(f"{package}.{name}")
    chosen = {}
    for key, paths in found.items():
        home = getattr(objects[key], "__module__", "") or ""
        inside = [p for p in paths if home.startswith(p.rsplit(".", 1)[0] + ".") or home == p.rsplit(".", 1)[0]]
        chosen[key] = max(inside or paths, key=lambda p: p.count("."))
    return chosen


def api_page(package: str) -> str:
    """reStructuredText of one package's API page."""
    module = importlib.import_module(package)
    owner = owners()
    title = f"``{package}``"
    lines = [title, "=" * len(title), "", f".. automodule:: {package}", "   :no-members:", "",
             f".. currentmodule:: {package}", "", "Public names", "------------", ""]
    own, elsewhere, constants = [], [], []
    for name in public_names(package):
        obj = getattr(module, name)
        if owner[id(obj)] != f"{package}.{name}":
            elsewhere.append(owner[id(obj)])
        elif _documentable(obj):
            own.append(name)
        else:
            constants.append(name)
    if own:
        lines += [".. autosummary::", "   :toctree: generated", "   :nosignatures:", ""]
        lines += [f"   {name}" for name in own]
        lines += [""]
    if elsewhere:
        lines += ["Also exported here, documented where they are defined: "
                  + ", ".join(f":py:obj:`~{path}`" for path in elsewhere) + ".", ""]
    if constants:
        lines += ["", "Constants and tables", "--------------------", ""]
        for name in constants:
            comment = _constant_comment(package, name)
            value = getattr(module, name)
            if not comment and isinstance(value, dict):
                comment = "A table (dict) with the keys " + ", ".join(repr(k) for k in value) + "."
            lines += [f".. py:data:: {name}", f"   :module: {package}", "",
                      f"   {_rst_text(comment)}" if comment else "", ""]
    modules = library_modules(package)
    if modules:
        lines += ["", "Modules", "-------", "",
                  "Each module's docstring: what it holds, its equations and conventions.", ""]
        for name in modules:
            heading = f"``{name}``"
            helpers = module_helpers(name, owner)
            lines += [heading, "~" * len(heading), "", f".. automodule:: {name}"]
            lines += [f"   :members: {', '.join(helpers)}", ""] if helpers else ["   :no-members:", ""]
            for constant, value, comment in module_constants(name):
                lines += [f".. py:data:: {constant}", f"   :module: {name}"]
                lines += [f"   :value: {value}"] if value else []
                lines += ["   :no-index-entry:", "", f"   {_rst_text(comment)}" if comment else "", ""]
    return "\n".join(lines) + "\n"


def _constant_comment(package: str, name: str) -> str:
    """The trailing comment of the top-level assignment that defines a package's public constant (searched in the
    package's modules), or ""."""
    for module in [package] + library_modules(package):
        for constant, _, comment in module_constants(module):
            if constant == name and comment:
                return comment
    return ""


def _documentable(obj) -> bool:
    """Functions and classes get autosummary stub pages; other public objects (tables, constants) autodata."""
    return callable(obj) and hasattr(obj, "__name__")


def write_api_pages(app, config) -> None:
    """Write docs/api/<package>.rst (only when changed, so that an unchanged page is not rebuilt)."""
    folder = DOCS / "api"
    for package in PACKAGES:
        _write_if_changed(folder / f"{package}.rst", api_page(package))


def xref_aliases() -> dict[str, str]:
    """numpydoc type aliases: each public class by its bare name (when no other public class has it) and by its
    defining module's path, pointing at its public path, so that types written in docstrings link to the API."""
    aliases: dict[str, str] = {}
    by_name: dict[str, set[str]] = {}
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in public_names(package):
            obj = getattr(module, name)
            if isinstance(obj, type):
                target = aliases.setdefault(f"{obj.__module__}.{obj.__qualname__}", f"{package}.{name}")
                by_name.setdefault(name, set()).add(target)
    for name, targets in by_name.items():
        if len(targets) == 1:
            aliases[name] = next(iter(targets))
    return aliases


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------------------------------------------
# Generated sections of pages
# ----------------------------------------------------------------------------------------------------------------

def _md_cell(text) -> str:
    """Text safe inside a markdown table cell."""
    return html.escape(str(text)).replace("|", "&#124;").replace("\n", " ").replace("*", "&#42;") \
        .replace("_", "&#95;").replace("$", "&#36;")  # `code` stays code


def _md_code(text) -> str:
    """Inline code safe inside a markdown table cell."""
    return f"<code>{_md_cell(text)}</code>"


def cli_markdown() -> str:
    """The reference of every ``noneq`` command: usage, help text, arguments and options, from the typer app."""
    from typer.main import get_command

    from noneq.cli import app

    group = get_command(app)
    context_class = type(group).context_class
    out = []
    root = context_class(group, info_name="noneq")
    out += ["## `noneq`", "", "```text", group.get_usage(root).strip(), "```", "", _clean(group.help or ""), ""]
    out += ["Option `--version` prints the version and exits; `--help` on any command prints its help.", ""]
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        ctx = context_class(command, info_name=name, parent=root)
        out += [f"## `noneq {name}`", "", "```text", command.get_usage(ctx).strip(), "```", "",
                _clean(command.help or ""), ""]
        rows = []
        for param in command.get_params(ctx):
            if param.name == "help":
                continue
            if param.param_type_name == "argument":
                names, kind = param.name.upper(), "argument" + (", required" if param.required else "")
            else:
                names = ", ".join(param.opts + list(param.secondary_opts))
                kind = "flag" if getattr(param, "is_flag", False) else \
                    ("repeatable" if param.multiple else "option") + (", required" if param.required else "")
            default = param.default
            default = "" if default in (None, [], (), False) or callable(default) else default
            rows.append(f"| {_md_code(names)} | {kind} | {_md_cell(getattr(param, 'help', '') or '')} "
                        f"| {_md_code(default) if default != '' else ''} |")
        if rows:
            out += ["| argument or option | kind | meaning | default |", "|---|---|---|---|", *rows, ""]
    return "\n".join(out)


def _clean(text: str) -> str:
    return " ".join(text.split())


def parameters_markdown(system_name: str) -> str:
    """A system's parameters (``--set NAME=VALUE``) and outputs, as ``noneq describe`` prints them."""
    from noneq.core.registry import get_system

    system = get_system(system_name)
    out = ["| parameter | default | unit | allowed | meaning |", "|---|---|---|---|---|"]
    for p in system.parameters:
        default = f"{p.default:.6g}" if isinstance(p.default, float) else str(p.default)
        out.append(f"| {_md_code(p.name)} | {_md_code(default)} | {_md_cell(p.unit)} | {_md_cell(p.allowed)} "
                   f"| {_md_cell(p.description)} |")
    out += ["", "Outputs (variables of the run's dataset):", "", "| output | dims | unit | meaning |",
            "|---|---|---|---|"]
    for o in system.outputs:
        out.append(f"| {_md_code(o.name)} | {_md_cell('(' + ', '.join(o.dims) + ')')} | {_md_cell(o.unit)} "
                   f"| {_md_cell(o.description)} |")
    return "\n".join(out) + "\n"


def _source_digest() -> str:
    """A digest of every source file of noneq: a stored reproduction is reused only for identical sources."""
    digest = hashlib.sha256()
    for path in sorted(SOURCES.rglob("*.py")):
        digest.update(str(path.relative_to(SOURCES)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def reproduce(system_name: str) -> Path:
    """Run (or reuse) the quick reproduction of one system into docs/_build/reproduction/SYSTEM."""
    from noneq.core.registry import get_system
    from noneq.reproduce import paper_experiments, reproduce_system

    directory = REPRODUCTION / system_name
    stamp = directory / "docs-source-digest.txt"
    digest = _source_digest()
    if stamp.is_file() and stamp.read_text() == digest and (directory / "claims.json").is_file():
        return directory
    shutil.rmtree(directory, ignore_errors=True)
    start = time.perf_counter()
    reproduce_system(get_system(system_name), paper_experiments(system_name), REPRODUCTION, quick=True)
    LOGGER.info(f"noneq: quick reproduction of {system_name} in {time.perf_counter() - start:.1f} s")
    stamp.write_text(digest)
    return directory


def reproduction_markdown(system_name: str) -> str:
    """Figures and claims of the quick reproduction of one system, experiment by experiment."""
    directory = reproduce(system_name)
    run = json.loads((directory / "run.json").read_text())
    claims = {c["id"]: c for c in json.loads((directory / "claims.json").read_text())}
    counts: dict[str, int] = {}
    for claim in claims.values():
        counts[claim["verdict"]] = counts.get(claim["verdict"], 0) + 1
    out = [f"Generated when this site was built, by noneq {run['noneq_version']} in **{run['mode']} mode** "
           f"(`noneq reproduce {system_name} --quick`: the reduced sizes; a full run, `noneq reproduce "
           f"{system_name}`, uses the paper's). Verdicts: "
           + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())) + ".", ""]
    for experiment in run["experiments"]:
        out += [f"## {experiment['title']}", "",
                f"Experiment `{experiment['name']}`, {experiment['seconds']:.1f} s in this build.", ""]
        shown = [_figure(system_name, figure) for figure in experiment["files"] if figure.endswith(".png")]
        if len(shown) == 1:
            out += shown[0]
        elif shown:
            out += ["::::{grid} 1 1 2 2", ":gutter: 2", ""]
            for figure in shown:
                out += [":::{grid-item}", *figure, ":::", ""]
            out += ["::::", ""]
        chosen = [claims[i] for i in experiment["claims"] if i in claims]
        if chosen:
            out += ["| claim | the paper | noneq measured | criterion | verdict |", "|---|---|---|---|---|"]
            for c in chosen:
                note = c.get("explanation") or ""
                detail = _md_cell(c["statement"]) + (f"<br><em>{_md_cell(note)}</em>" if note else "") \
                    + _evidence(c.get("correction") or "", c.get("test") or "")
                out.append(f"| {_md_code(c['id'])}: {detail} | {_md_cell(_value(c['paper']))} "
                           f"| {_md_cell(_value(c['measured']))} | {_md_cell(c['criterion'])} "
                           f"| <span class=\"verdict verdict-{c['verdict']}\">{c['verdict']}</span> |")
            out.append("")
    return "\n".join(out)


def _evidence(correction: str, test: str) -> str:
    """The evidence of a paper-corrected claim: the derivation (a link to the section of the paper's page, so
    that a section that does not exist fails the build) and the test that checks it."""
    out = ""
    found = re.fullmatch(r"docs/papers/([\w.-]+)\.md(#[\w.-]+)?", correction)
    if found:
        out += f"<br>derivation: [{_md_cell(correction)}](../papers/{found.group(1)}.md{found.group(2) or ''})"
    elif correction:
        out += f"<br>derivation: {_md_code(correction)}"
    if test:
        out += f"<br>test: {_md_code(test)}"
    return out


def _figure(system_name: str, figure: str) -> list[str]:
    """A figure of the reproduction (PNG shown, the PDF linked), as MyST lines."""
    stem = figure[:-4]
    return [f"```{{figure}} /_build/reproduction/{system_name}/{figure}",
            f":alt: {stem} (quick reproduction of {system_name})", ":width: 100%", "",
            f"`{stem}` ([PDF](/_build/reproduction/{system_name}/{stem}.pdf))", "```", ""]


def _value(value) -> str:
    from noneq.reproduce import format_value

    return format_value(value)


GENERATORS = {"cli": lambda _: cli_markdown(), "parameters": parameters_markdown,
              "reproduction": reproduction_markdown}


def generate_sections(app, docname: str, source: list[str]) -> None:
    """Replace each ``<!-- generated: KIND [ARGUMENT] -->`` line of a page by its generated markdown."""
    def replace(match: re.Match) -> str:
        kind, argument = match.group(1), match.group(2)
        if kind not in GENERATORS:
            LOGGER.warning(f"unknown generated section {kind!r}", location=docname)
            return match.group(0)
        return GENERATORS[kind](argument)

    source[0] = MARKER.sub(replace, source[0])


def always_outdated(app, env, added, changed, removed) -> list[str]:
    """Pages with generated sections are re-read on every build (their content comes from the code)."""
    return [d for d in env.found_docs if d in _generated_docs(app)]


def _generated_docs(app) -> set[str]:
    found = set()
    for path in DOCS.rglob("*.md"):
        if "_build" in path.parts:
            continue
        if MARKER.search(path.read_text(encoding="utf-8")):
            found.add(str(path.relative_to(DOCS).with_suffix("")).replace("\\", "/"))
    return found


# ----------------------------------------------------------------------------------------------------------------
# Cross-references to noneq objects and plain-text formulas in docstrings
# ----------------------------------------------------------------------------------------------------------------

_PUBLIC: dict[int, str] | None = None
_DOCUMENTED: set[str] = set()


def _import(path: str):
    """The object at a dotted path (module attribute chain), or None."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attribute in parts[cut:]:
                obj = getattr(obj, attribute)
        except AttributeError:
            return None
        return obj
    return None


def public_target(target: str, module: str | None) -> str | None:
    """The documented path of a noneq object named ``target`` (as written, or relative to ``module``): a name
    written by its defining module's path (``noneq.otto.cycle.limit_cycle``) or relative to the module in whose
    docstring it appears links to the page of the public name (``noneq.otto.limit_cycle``); an attribute that
    has no entry of its own (a dataclass field) links to its class."""
    global _PUBLIC, _DOCUMENTED
    if _PUBLIC is None:
        _DOCUMENTED, helpers = documented_names()
        _PUBLIC = {**helpers, **owners()}
    candidates = [target]
    while module:
        candidates.insert(0, f"{module}.{target}")
        module = module.rpartition(".")[0]
    for candidate in candidates:
        if not candidate.startswith("noneq"):
            continue
        if candidate in _DOCUMENTED:
            return candidate
        obj = _import(candidate)
        if obj is not None and id(obj) in _PUBLIC:
            return _PUBLIC[id(obj)]
        head, _, attribute = candidate.rpartition(".")
        owner = _import(head) if head else None
        if owner is not None and isinstance(owner, type) and id(owner) in _PUBLIC:
            return _PUBLIC[id(owner)]
    return None


def resolve_noneq(app, env, node, contnode):
    """missing-reference: resolve a Python reference to a noneq object through its public path (see
    `public_target`). Whatever stays unresolved is reported (nitpicky)."""
    if node.get("refdomain") != "py":
        return None
    target = public_target(node["reftarget"].lstrip("~."), node.get("py:module"))
    if target is None:
        return None
    domain = env.domains["py"]
    return domain.resolve_xref(env, node["refdoc"], app.builder, "obj", target, node, contnode)


_CODE_SPANS = re.compile(r"(``.+?``|`[^`]+`|:\w+:`[^`]+`)")


_DOCS_FILE = re.compile(r"\bdocs/(papers|notes)/([\w.-]+?)\.md(?:#[\w.-]+)?")


def _doc_link(match: re.Match) -> str:
    """A mention of a docs/papers/<name>.md or docs/notes/<name>.md file becomes a link to its page."""
    return f":doc:`{match.group(0)} </{match.group(1)}/{match.group(2)}>`"


FREE_TEXT_SECTIONS = {None, "Notes", "References", "Warnings"}  # numpydoc sections of prose (not field lists)
_LIST_ITEM = re.compile(r"([-*+] |\d+[.)] )")
_SECTION_RULE = re.compile(r"-{3,}")


def plain_text_formulas(app, what, name, obj, options, lines) -> None:
    """Docstrings write equations in plain text (``|psi><psi|``, ``|r|``, formulas on indented lines): make that
    valid reStructuredText before numpydoc reads it. A bar outside code is a literal bar; in prose, a block
    indented deeper than the paragraph before it (with or without a blank line between) is a literal
    (monospace) block, as is an indented block after a line ending in ``:``."""
    new: list[str] = []
    section = None
    in_literal, literal_indent = False, 0
    prose_indent: int | None = None  # indent of the paragraph the next lines continue
    list_indent: int | None = None  # indent of the list item being continued
    blank_before = True
    for k, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if in_literal:
            if not stripped or indent > literal_indent:
                new.append(line)
                continue
            in_literal = False
            if new and new[-1].strip():
                new.append("")  # a literal block ends with a blank line
        if not stripped:
            new.append(line)
            blank_before = True
            continue
        if k + 1 < len(lines) and _SECTION_RULE.fullmatch(lines[k + 1].strip()):
            section, prose_indent, list_indent = stripped, None, None
        if stripped.startswith((">>>", "...")) or _SECTION_RULE.fullmatch(stripped):
            new.append(line)
            blank_before, prose_indent = False, None
            continue
        if _LIST_ITEM.match(stripped):
            if not blank_before and list_indent is None and section in FREE_TEXT_SECTIONS:
                new.append("")  # a list right under a paragraph line needs a blank line before it
            list_indent = indent
        elif list_indent is not None and (indent <= list_indent and blank_before):
            list_indent = None
        deeper = prose_indent is not None and indent > prose_indent
        if section in FREE_TEXT_SECTIONS and deeper and list_indent is None:
            if not blank_before:
                new.append("")
            new += [" " * prose_indent + "::", "", line]  # a lone "::" makes the block literal, and vanishes
            in_literal, literal_indent, blank_before = True, prose_indent, False
            continue
        if stripped.endswith("::"):
            in_literal, literal_indent = True, indent
        elif stripped.endswith(":") and not stripped.startswith(":") and _indented_block_follows(lines, k, indent):
            line += ":"
            in_literal, literal_indent = True, indent
        new.append("".join(part if _CODE_SPANS.fullmatch(part) else _DOCS_FILE.sub(_doc_link, part.replace("|", "\\|"))
                           for part in _CODE_SPANS.split(line)))
        if blank_before or prose_indent is None:
            prose_indent = indent
        blank_before = False
    lines[:] = new


def _indented_block_follows(lines: list[str], k: int, indent: int) -> bool:
    """Line k is followed by a blank line and then a line indented deeper than ``indent``."""
    if k + 2 >= len(lines) or lines[k + 1].strip():
        return False
    following = lines[k + 2]
    return bool(following.strip()) and len(following) - len(following.lstrip()) > indent \
        and not following.lstrip().startswith(">>>")


# ----------------------------------------------------------------------------------------------------------------
# Math as MathML
# ----------------------------------------------------------------------------------------------------------------

def _mathml(self, node, block: bool) -> None:
    from docutils.utils.math import MathError
    from docutils.utils.math.latex2mathml import tex2mathml

    latex = node.astext()
    try:
        markup = tex2mathml(latex, as_block=block)
    except MathError as error:
        LOGGER.warning(f"formula not understood ({error}): {latex}", location=node)
        markup = f"<code>{html.escape(latex)}</code>"
    if block:
        self.body.append(f'<div class="math-block">{markup}</div>')
    else:
        self.body.append(markup)
    raise nodes.SkipNode


def visit_inline_math(self, node) -> None:
    _mathml(self, node, block=False)


def visit_block_math(self, node) -> None:
    _mathml(self, node, block=True)


def setup(app):
    app.connect("config-inited", write_api_pages)
    app.connect("source-read", generate_sections)
    app.connect("env-get-outdated", always_outdated)
    app.connect("missing-reference", resolve_noneq)
    app.connect("autodoc-process-docstring", plain_text_formulas, priority=100)  # before numpydoc (500)
    app.add_html_math_renderer("mathml", (visit_inline_math, None), (visit_block_math, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
