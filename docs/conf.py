"""Sphinx configuration of the secondheart site (`make docs`: HTML into build/docs, warnings are errors).

Pages: the concept pages (docs/*.md, picked up by glob), the notebooks (docs/notebooks/*.md, MyST text
notebooks executed by myst-nb on every build), the Python API from the docstrings (autodoc + napoleon)
and the C++ API from the headers (Doxygen XML through breathe, one page per stage folder, generated here
from the folders so a new stage appears without editing anything).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
INCLUDE = REPO / "include" / "secondheart"
DOXYGEN_OUT = Path(os.environ.get("SECONDHEART_DOXYGEN_DIR", REPO / "build" / "docs-doxygen"))

version_text = (INCLUDE / "version.hpp").read_text()
release = re.search(r'#define SECONDHEART_VERSION_STRING "([^"]+)"', version_text).group(1)
version = release

project = "secondheart"
author = "secondheart contributors"
copyright = "secondheart contributors, Apache-2.0"  # noqa: A001

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "breathe",
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", "notebooks/_*", "Thumbs.db", ".DS_Store"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}

html_theme = "furo"
html_title = f"secondheart {release}"
html_static_path: list[str] = []

# MyST: $...$ maths, ::: fences, automatic anchors for headings (links such as page.md#section).
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# Notebooks: executed on every build; an error in a cell fails the build (and so `make test`).
nb_execution_mode = os.environ.get("SECONDHEART_NB_EXECUTION", "force")  # "off" for a quick look
nb_execution_raise_on_error = True
nb_execution_timeout = 180
nb_execution_show_tb = True
nb_merge_streams = True
nb_execution_excludepatterns = ["notebooks/_*"]

# Python API: numpy-style docstrings through napoleon; pybind11 signatures come from the docstrings.
autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_docstring_signature = True
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False


intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
} if os.environ.get("SECONDHEART_DOCS_INTERSPHINX") else {}

# ---- C++ API: Doxygen XML of include/secondheart, one page per stage folder -------------------------
breathe_projects = {"secondheart": str(DOXYGEN_OUT / "xml")}
breathe_default_project = "secondheart"
breathe_domain_by_extension = {"hpp": "cpp"}
breathe_show_include = True
breathe_default_members = ("members",)

DOXYFILE = f"""
PROJECT_NAME = secondheart
INPUT = {INCLUDE}
FILE_PATTERNS = *.hpp
RECURSIVE = YES
EXCLUDE_PATTERNS = */detail/*
EXCLUDE_SYMBOLS = *detail*
STRIP_FROM_PATH = {REPO / "include"}
STRIP_FROM_INC_PATH = {REPO / "include"}
FULL_PATH_NAMES = YES
OUTPUT_DIRECTORY = {DOXYGEN_OUT}
GENERATE_XML = YES
GENERATE_HTML = NO
GENERATE_LATEX = NO
EXTRACT_ALL = YES
EXTRACT_STATIC = YES
EXTRACT_PRIVATE = NO
JAVADOC_AUTOBRIEF = YES
MARKDOWN_SUPPORT = YES
ENABLE_PREPROCESSING = YES
MACRO_EXPANSION = YES
PREDEFINED = SECONDHEART_EXPORT=
QUIET = YES
WARN_IF_UNDOCUMENTED = NO
WARN_IF_DOC_ERROR = NO
WARN_NO_PARAMDOC = NO
WARN_IF_INCOMPLETE_DOC = NO
WARNINGS = NO
"""

CPP_DIR = DOCS / "api" / "cpp"
MEMBER_DIRECTIVES = {"enum": "doxygenenum", "typedef": "doxygentypedef", "variable": "doxygenvariable",
                     "function": "doxygenfunction"}


def _stage_of(header: str) -> str:
    """'secondheart/events/foot_imu.hpp' -> 'events'; the top-level headers go with core."""
    parts = header.split("/")
    return parts[1] if len(parts) > 2 else "core"


def _namespace_members(xml_dir: Path) -> dict[str, list[str]]:
    """Directives for the namespace-scope enums, typedefs, variables and functions of each header
    (a file's own Doxygen page lists only its classes; the rest sits in the namespace pages)."""
    import xml.etree.ElementTree as ET

    members: dict[str, list[str]] = {}
    for path in sorted(xml_dir.glob("namespace*.xml")):
        compound = ET.parse(path).getroot().find("compounddef")
        namespace = compound.findtext("compoundname")
        if "detail" in namespace:
            continue
        for member in compound.iter("memberdef"):
            kind = member.get("kind")
            if kind not in MEMBER_DIRECTIVES:
                continue
            header = member.find("location").get("file")
            name = f"{namespace}::{member.findtext('name')}"
            if kind == "function":
                # The argument list picks one overload (breathe matches it against the declaration).
                args = re.sub(r"\s*(noexcept|override|final)\s*$", "", member.findtext("argsstring") or "()")
                name += args
            members.setdefault(header, []).append(f"```{{{MEMBER_DIRECTIVES[kind]}}} {name}\n:project: secondheart\n```\n")
    return members


def _generate_cpp_pages() -> None:
    """docs/api/cpp/<stage>.md per folder of include/secondheart (generated, not committed): each header's
    own comment, its classes, and its namespace-scope enums, typedefs, variables and functions."""
    CPP_DIR.mkdir(parents=True, exist_ok=True)
    members = _namespace_members(DOXYGEN_OUT / "xml")
    headers = sorted(p.relative_to(REPO / "include").as_posix() for p in INCLUDE.rglob("*.hpp")
                     if "detail" not in p.parts)
    stages: dict[str, list[str]] = {}
    for header in headers:
        stages.setdefault(_stage_of(header), []).append(header)
    for stage, stage_headers in stages.items():
        folder = "include/secondheart/" + ("" if stage == "core" else f"{stage}/")
        parts = [f"# `{stage}`\n", f"Headers in `{folder}`" + (" and the top-level headers" if stage == "core" else "") + ".\n"]
        for header in stage_headers:
            parts.append(f"## `{header}`\n\n```{{doxygenfile}} {header}\n:project: secondheart\n"
                         f":sections: briefdescription detaileddescription innerclass\n```\n")
            parts += members.get(header, [])
        _write_if_changed(CPP_DIR / f"{stage}.md", "\n".join(parts))
    for stale in CPP_DIR.glob("*.md"):
        if stale.stem not in stages:
            stale.unlink()


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _run_doxygen() -> None:
    shutil.rmtree(DOXYGEN_OUT / "xml", ignore_errors=True)  # no stale XML of removed symbols
    DOXYGEN_OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(["doxygen", "-"], input=DOXYFILE, text=True, check=True, cwd=REPO)


_run_doxygen()
_generate_cpp_pages()
