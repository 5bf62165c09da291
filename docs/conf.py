"""Sphinx configuration of noneq's documentation site.

Build: ``python -m sphinx -W -b html docs docs/_build/html`` (after ``python -m pip install '.[docs]'``), then open
``docs/_build/html/index.html``. Tutorials are MyST-markdown notebooks executed during the build (a cell that
raises fails it); the "Reproducing the papers" pages run ``noneq reproduce --quick`` during the build
(``docs/_ext/noneq_sphinx.py``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# The tutorials and the build-time reproduction work with small matrices: one BLAS thread per process keeps
# threaded BLAS from spinning against the other jobs of a 2-core machine (notebook kernels inherit this).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

import noneq  # noqa: E402
import noneq_sphinx  # noqa: E402
from numpydoc.xref import DEFAULT_LINKS  # noqa: E402

project = "noneq"
author = "the noneq developers"
copyright = "the noneq developers"
release = noneq.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "noneq_sphinx",
]

exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["noneq.css"]

# --- API reference ------------------------------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc sections carry the types, with units and conventions
autodoc_preserve_defaults = True
add_module_names = False
numpydoc_show_class_members = False  # members are documented on the class page by the template
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"  # only noneq's own classes (the aliases) become links; the rest stays text
# numpydoc's own aliases point into the Python and NumPy inventories, which an offline build does not have: they
# name themselves instead (plain, unlinked type names), and noneq's classes link to their API pages.
numpydoc_xref_aliases = {**{name: name for name in DEFAULT_LINKS}, **noneq_sphinx.xref_aliases()}
default_role = "autolink"  # `name` links when it names a documented object, else stays code

# Every cross-reference to noneq's own objects must resolve; references to outside types (Python, NumPy, SciPy,
# xarray, QuTiP, Dask, matplotlib, typing) are not linked (no inventories are fetched: the build works offline).
nitpicky = True
nitpick_ignore_regex = [
    ("py:.*", r"(python|numpy|np|scipy|xarray|xr|qutip|dask|distributed|matplotlib|typing|collections|pathlib|os"
              r"|concurrent|numba|rich|typer|threadpoolctl|h5netcdf|dataclasses|abc|enum|io)([.:].*)?"),
    ("py:.*", "|".join(re.escape(name) for name in DEFAULT_LINKS)),
    ("py:.*", r"(None|True|False|int|float|complex|bool|str|bytes|list|tuple|dict|set|frozenset|object|type"
              r"|callable|Callable|Any|Sequence|Mapping|Iterable|Iterator|Path|ndarray|array_like|optional"
              r"|Ellipsis|Exception|ValueError|TypeError|KeyError|OSError|RuntimeError|KeyboardInterrupt"
              r"|Warning|UserWarning|RuntimeWarning)"),
    ("std:(term|ref)", r"(python|numpy|scipy):.*"),  # numpydoc's links into the Python and NumPy glossaries
]

# --- Tutorials (MyST notebooks, executed at build time) ----------------------------------------------------------
nb_execution_mode = "force"
nb_execution_raise_on_error = True  # a cell that raises fails the build
nb_execution_timeout = 300
nb_execution_show_tb = True
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "html_image"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

# --- Math: MathML, rendered by the browser (no script, nothing from the network) --------------------------------
html_math_renderer = "mathml"

# --- Theme --------------------------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"noneq {release}"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],  # removed on API and reproduction pages (their metadata)
}
html_context = {"default_mode": "auto"}  # an explicit mode: the theme logs a console error without one
html_sidebars = {"index": [], "citing": [], "changelog": []}
html_show_sourcelink = False
html_copy_source = False
copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
