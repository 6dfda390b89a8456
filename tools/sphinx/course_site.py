"""A small Sphinx extension for the course site (loaded from _config.yml, `local_extensions`).

Jupyter Book 1 always loads sphinx-thebe, even with Thebe switched off, and on incremental builds
its inline configuration script (``const THEBE_JS_URL = …``) can land on a page twice, which
throws "Identifier has already been declared" in every browser. The course does not use Thebe
(live code runs through the Binder, JupyterHub and Colab launch buttons), so this extension
drops Thebe's scripts from every page and removes any other script included twice.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _is_thebe(script) -> bool:
    filename = str(getattr(script, "filename", "") or "")
    body = getattr(script, "attributes", {}).get("body", "")
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {})
    return (str(getattr(script, "filename", "")), tuple(sorted(attributes.items())))


def tidy_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove Thebe's scripts and duplicate scripts from one page's ``script_files``."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        key = _script_key(script)
        if _is_thebe(script) or key in seen:
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", tidy_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
