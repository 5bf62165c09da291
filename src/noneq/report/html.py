"""A static HTML report of every reproduced system: figures, claim tables, parameters, timings, provenance.

``write_report(out_dir)`` reads what ``noneq reproduce`` wrote into ``out_dir/<system>/`` (``run.json``,
``claims.json`` and the PNG figures) and writes ``out_dir/index.html``: one section per paper, with its claims,
experiments, figures and links to every file (PDFs, datasets, claims.json). The page is self-contained apart from
the files, which it references by relative path, so it works offline from a plain file:// open (no CDN, no
server). Every value taken from parameters, claims or file names is HTML-escaped; a file name is linked only when
it names an existing file inside the report's folder (anything else is dropped with a `NoneqWarning`), and a
system whose run.json or claims.json is malformed is skipped with a warning.
"""

from __future__ import annotations

import datetime as _dt
import json
import warnings
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from noneq._version import __version__
from noneq.core.errors import NoneqInputError, NoneqWarning
from noneq.core.results import write_text
from noneq.reproduce.claim import VERDICTS, format_value, verdict_counts

VERDICT_CLASS = {"reproduced": "ok", "paper-corrected": "corrected", "reduced-size": "reduced",
                 "differs": "differs", "failed": "failed"}

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #ccc; padding-bottom: 0.2rem; margin-top: 2.5rem; }
.meta { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ddd; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
td.verdict { font-weight: bold; white-space: nowrap; }
tr.ok td.verdict { color: #11772d; background: #e8f6ec; }
tr.differs td.verdict { color: #8a5a00; background: #fff4d6; }
tr.corrected td.verdict { color: #0b5f73; background: #e2f4f8; }
tr.reduced td.verdict { color: #2a3f9a; background: #e8ecfb; }
tr.failed td.verdict { color: #a30d0d; background: #fde5e5; }
figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.85rem; color: #555; }
code { background: #f5f5f5; padding: 0 0.2rem; }
"""

IMAGE_CHECK = """
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.body.setAttribute("data-images-loaded", loaded + "/" + images.length);
});
"""


def _claims_table(claims: list[dict[str, Any]]) -> str:
    rows = []
    for c in claims:
        verdict = str(c.get("verdict", ""))
        explanation = str(c.get("explanation") or "")
        rows.append(
            f'<tr class="{VERDICT_CLASS.get(verdict, "failed")}">'
            f"<td><b>{escape(str(c.get('id', '')))}</b><br>{escape(str(c.get('statement', '')))}</td>"
            f"<td>{escape(format_value(c.get('paper')))}</td><td>{escape(format_value(c.get('measured')))}</td>"
            f'<td class="verdict">{escape(verdict)}</td>'
            f"<td>{escape(str(c.get('criterion', '')))}"
            + (f"<br><i>{escape(explanation)}</i>" if explanation else "")
            + (f"<br>derivation: <code>{escape(str(c.get('correction')))}</code>; checked by "
               f"<code>{escape(str(c.get('test', '')))}</code>" if c.get("correction") else "")
            + "</td></tr>")
    return ('<table class="claims"><thead><tr><th>claim</th><th>paper</th><th>measured</th><th>verdict</th>'
            "<th>criterion / why it differs</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _experiments_table(run: dict[str, Any]) -> str:
    rows = []
    for e in run.get("experiments", []):
        parameters = e.get("parameters", {})
        shown = "<br>".join(f"<code>{escape(str(k))}</code>: {escape(json.dumps(v, sort_keys=True))}"
                            for k, v in parameters.items())
        rows.append(f"<tr><td><b>{escape(str(e.get('name', '')))}</b><br>{escape(str(e.get('title', '')))}</td>"
                    f"<td>{float(e.get('seconds', 0.0)):.2f} s</td><td>{shown}</td></tr>")
    return ("<table><thead><tr><th>experiment</th><th>run time</th><th>parameters (per dataset)</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table>")


class _Malformed(ValueError):
    """A reproduction folder whose run.json or claims.json cannot be reported."""


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _Malformed(f"{path.name} is not readable JSON ({type(error).__name__})") from None


def _check_record(run: Any, claims: Any) -> None:
    """The structure the report reads: run.json an object whose experiments are objects with a list of file
    names; claims.json a list of objects."""
    if not isinstance(run, dict) or not isinstance(run.get("experiments", []), list):
        raise _Malformed("run.json is not an object with a list of experiments")
    for e in run.get("experiments", []):
        if not isinstance(e, dict) or not isinstance(e.get("files", []), list) \
                or not isinstance(e.get("parameters", {}), dict):
            raise _Malformed("run.json has an experiment that is not an object with a list of files")
        try:
            float(e.get("seconds", 0.0))
        except (TypeError, ValueError):
            raise _Malformed("run.json has an experiment whose run time is not a number") from None
    if not isinstance(claims, list) or not all(isinstance(c, dict) for c in claims):
        raise _Malformed("claims.json is not a list of claim objects")


def _safe_link(root: Path, folder: Path, name: Any) -> str | None:
    """The URL (relative to the report) of file ``name`` of ``folder``, or None when the name could leave the
    report's directory or is not a plain existing file: absolute paths, '..', backslashes, schemes."""
    if not isinstance(name, str) or not name or "\x00" in name or "\\" in name or ":" in name \
            or name.startswith("/") or ".." in Path(name).parts:
        return None
    target = folder / name
    try:
        resolved = target.resolve()
        inside = resolved.is_relative_to(root.resolve()) and resolved.is_file()
    except OSError:
        return None
    if not inside:
        return None
    return quote(folder.name) + "/" + quote(name)


def _section(root: Path, folder: Path) -> str:
    run = _load_json(folder / "run.json")
    claims = _load_json(folder / "claims.json")
    _check_record(run, claims)
    counts = verdict_counts(claims)
    figures, files, dropped = [], [], []
    for e in run.get("experiments", []):
        for name in e.get("files", []):
            url = _safe_link(root, folder, name)
            if url is None:
                dropped.append(str(name))
                continue
            files.append(f'<li><a href="{escape(url)}">{escape(name)}</a></li>')
            if name.endswith(".png"):
                figures.append(f'<figure><img src="{escape(url)}" alt="{escape(name)}">'
                               f"<figcaption>{escape(str(e.get('title', '')))}: <code>{escape(name)}</code>"
                               "</figcaption></figure>")
    if (folder / "claims.json").is_file():
        files.append(f'<li><a href="{escape(quote(folder.name))}/claims.json">claims.json</a></li>')
    for name in dropped:
        warnings.warn(f"report: {folder.name}: file name {name!r} from run.json is not a plain file inside the "
                      f"report folder: not linked", NoneqWarning, stacklevel=2)
    system = escape(str(run.get("system", folder.name)))
    summary = ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
    return (f'<section id="{system}"><h2>{escape(str(run.get("title", "")))} <small>({system})</small></h2>'
            f'<p class="meta">Paper: {escape(str(run.get("paper", "")))}<br>'
            f"Mode: {escape(str(run.get('mode', '')))}; executor: {escape(str(run.get('executor', '')))}; "
            f"noneq {escape(str(run.get('noneq_version', '')))}; claims: {summary}</p>"
            f"<h3>Claims</h3>{_claims_table(claims)}"
            f"<h3>Experiments</h3>{_experiments_table(run)}"
            f"<h3>Figures</h3>{''.join(figures)}"
            f"<h3>Files</h3><ul class=\"files\">{''.join(files)}</ul></section>")


def write_report(out_dir: str | Path) -> Path:
    """Write ``out_dir/index.html`` from the reproductions found in ``out_dir`` (see module docstring)."""
    root = Path(out_dir)
    folders = sorted(p for p in root.glob("*") if (p / "run.json").is_file() and (p / "claims.json").is_file())
    sections = {}
    for folder in folders:
        try:
            sections[folder] = _section(root, folder)
        except _Malformed as error:
            warnings.warn(f"report: skipping {folder.name}: {error}", NoneqWarning, stacklevel=2)
    if not sections:
        raise NoneqInputError(f"--out {str(root)!r}: no reproduced system found (run `noneq reproduce` first)")
    folders = list(sections)
    created = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    contents = "".join(f'<li><a href="#{escape(quote(p.name))}">{escape(p.name)}</a></li>' for p in folders)
    page = (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>noneq reproduction report</title>"
        f"<style>{STYLE}</style><script>{IMAGE_CHECK}</script></head><body>"
        "<h1>noneq reproduction report</h1>"
        f'<p class="meta">Written {escape(created)} by noneq {escape(__version__)}. Each section: the paper\'s '
        "claims checked against noneq's measurement, the experiments with their parameters and run times, "
        f"and the reproduced figures.</p><ul>{contents}</ul>"
        + "".join(sections.values()) + "</body></html>")
    return write_text(page, root / "index.html")
