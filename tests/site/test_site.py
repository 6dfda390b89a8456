"""Checks on the built HTML site (run after `make book`; `make test` does both in order)."""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests"))

from tools.nbgrader_tools import (  # noqa: E402
    HIDDEN_TEST_MARKERS,
    MARK_SCHEME_MARKERS,
    SOLUTION_MARKERS,
    SOLUTIONS,
    assignment_ids,
    secret_lines,
)

SITE = REPO_ROOT / "_build" / "html"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _pages():
    if not (SITE / "index.html").is_file():
        pytest.fail("no built site in _build/html: run `make book` first", pytrace=False)
    return sorted(path for path in SITE.rglob("*.html") if "_static" not in path.parts)


def _chapter_pages():
    return [page for page in _pages() if re.match(r"^\d\d-", page.stem)]


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def test_site_was_built_from_the_toc_only():
    built = {page.relative_to(SITE).as_posix() for page in _pages()}
    assert "book/fundamentals/03-measuring-insulin-resistance.html" in built
    assert not any(path.startswith(("solutions/", "exercises/")) for path in built), built


def test_no_solution_hidden_test_or_traceback_on_any_page():
    secrets = set()
    for assignment in assignment_ids():
        secrets |= secret_lines(SOLUTIONS / assignment / f"{assignment}.ipynb")
    markers = (*SOLUTION_MARKERS, *HIDDEN_TEST_MARKERS, *MARK_SCHEME_MARKERS)
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        for forbidden in (*markers, "Traceback (most recent call last)", "NotImplementedError"):
            assert forbidden not in text, f"{page.name} contains {forbidden!r}"
        leaked = [line for line in secrets if line in text]
        assert not leaked, f"{page.name} shows solution or hidden-test lines: {leaked[:3]}"


def test_every_image_has_alt_text():
    for page in _pages():
        parser = _Images()
        parser.feed(page.read_text(encoding="utf-8"))
        for image in parser.images:
            if "logo" in image.get("class", ""):
                continue
            assert image.get("alt", "").strip(), f"{page.name}: image {image.get('src')} has no alt"


def test_chapter_pages_embed_widget_state_and_figures():
    chapters = _chapter_pages()
    assert chapters, "no chapter page was built"
    for page in chapters:
        text = page.read_text(encoding="utf-8")
        assert WIDGET_STATE in text, f"{page.name}: no saved widget state (demo will not render)"
        assert WIDGET_VIEW in text, f"{page.name}: no widget view in the page"
        assert "<img" in text, f"{page.name}: no static figure"


def test_chapter_pages_have_launch_buttons():
    for page in _chapter_pages():
        text = page.read_text(encoding="utf-8")
        assert "mybinder.org/v2/gh/" in text, f"{page.name}: no Binder launch button"
        assert "colab.research.google.com/github/" in text, f"{page.name}: no Colab button"
        assert "git-pull" in text, f"{page.name}: no JupyterHub (nbgitpuller) button"


def test_citations_resolve_to_the_bibliography():
    bibliography = (SITE / "book" / "bibliography.html").read_text(encoding="utf-8")
    for page in _chapter_pages():
        text = page.read_text(encoding="utf-8")
        targets = set(re.findall(r'href="[^"]*bibliography\.html#(id\d+)"', text))
        assert targets, f"{page.name}: no citation links to the bibliography"
        for target in targets:
            assert f'id="{target}"' in bibliography, f"{page.name}: citation #{target} unresolved"


@pytest.mark.parametrize("page", ["index.html", "book/safety.html"])
def test_notice_is_visible(page):
    path = SITE / page
    if page == "index.html" and "http-equiv" in path.read_text(encoding="utf-8"):
        path = SITE / "book" / "welcome.html"
    assert "not medical advice" in path.read_text(encoding="utf-8").lower()
