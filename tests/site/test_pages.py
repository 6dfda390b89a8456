"""Static checks over every built page: internal links and anchors, page weight, and doses.

Writes two reports into _build/site-report/: `page-weight.md` (each page's HTML, embedded widget
state and images) and `external-links.txt` (listed, never fetched).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from conftest import built_pages, page_id

PAGE_BUDGET_BYTES = 1.5 * 1024 * 1024
WIDGET_STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S
)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name"):
            if attributes.get(key):
                self.ids.add(attributes[key])
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(attributes["href"])
        if tag == "img" and attributes.get("src"):
            self.images.append(attributes["src"])
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def parsed():
    return {path: _parse(path) for path in built_pages()}


def test_internal_links_and_anchors_resolve(parsed, reports):
    broken, external = [], set()
    for page, links in parsed.items():
        for href in links.hrefs:
            scheme = urlparse(href).scheme
            if scheme in ("http", "https", "mailto"):
                external.add(href)
                continue
            if scheme or href.startswith("javascript:"):
                continue
            target, anchor = urldefrag(href)
            target_path = (page.parent / unquote(target)).resolve() if target else page
            if target_path.is_dir():
                target_path = target_path / "index.html"
            if not target_path.is_file():
                broken.append(f"{page_id(page)} -> {href} (no such file)")
                continue
            if anchor and target_path.suffix == ".html":
                ids = parsed[target_path].ids if target_path in parsed else _parse(target_path).ids
                if unquote(anchor) not in ids:
                    broken.append(f"{page_id(page)} -> {href} (no anchor)")
    (reports / "external-links.txt").write_text("\n".join(sorted(external)) + "\n", "utf-8")
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:10]}"


def _weight(page: Path, links: _Links) -> tuple[int, int, int]:
    html_text = page.read_text(encoding="utf-8")
    state = sum(len(match.encode()) for match in WIDGET_STATE.findall(html_text))
    images = 0
    for src in set(links.images):
        if src.startswith("data:"):
            continue
        image = (page.parent / unquote(urldefrag(src)[0])).resolve()
        if image.is_file():
            images += image.stat().st_size
    return len(html_text.encode()), state, images


def test_every_chapter_page_is_within_the_weight_budget(parsed, reports):
    rows, over = [], []
    for page, links in parsed.items():
        html_bytes, state_bytes, image_bytes = _weight(page, links)
        total = html_bytes + image_bytes
        rows.append((page_id(page), html_bytes, state_bytes, image_bytes, total))
        if re.match(r"^\d\d-", page.stem) and total > PAGE_BUDGET_BYTES:
            over.append(f"{page_id(page)}: {total / 1024:.0f} KB")
    lines = [
        "| page | HTML (KB) | of which widget state (KB) | images (KB) | total (KB) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} | {h / 1024:.0f} | {w / 1024:.0f} | {i / 1024:.0f} | {t / 1024:.0f} |"
        for name, h, w, i, t in sorted(rows)
    ]
    (reports / "page-weight.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    assert not over, f"pages over {PAGE_BUDGET_BYTES / 1024 / 1024:.1f} MB: {over}"


DOSE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:mg|µg|mcg|micrograms?|milligrams?|IU|units?)\b(?:\s?(?:/|per)\s?"
    r"(?:day|d|week|wk|kg))?",
    re.I,
)
TRIAL_CONTEXT = re.compile(
    r"trial|used|gave|given|randomi[sz]ed|participants|arm|study|studies|assigned|claim|"
    r"label|prescribing|protocol|not evidence|inference|converted|conversion|"
    r"\bT4DM\b|\bWHI\b|\bDPP\b|TRAVERSE|Falutz|Kapoor|Dhindsa|Gianatti",
    re.I,
)
# Lab units next to the number (mg/dL, µU/mL, …): a measurement, not a dose.
UNIT_CONTEXT = re.compile(
    r"mg/dL|mmol|µU|pmol|mU/L|kg/m|g/dL|mg/kg/min|mL|insulin units|HOMA", re.I
)
# Sentences about model quantities (β-cell mass in mg, parameter tables), not people.
MODEL_CONTEXT = re.compile(r"β-cell|beta-cell|β-free|separatrix|saddle|parameter", re.I)


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return re.split(r"(?<=[.!?])\s+(?=[A-Z(])", flat)


def test_doses_appear_only_as_what_a_trial_used(parsed):
    offenders = []
    for page, links in parsed.items():
        for sentence in _sentences(" ".join(links.text)):
            for match in DOSE.finditer(sentence):
                window = sentence[max(0, match.start() - 40) : match.end() + 40]
                if UNIT_CONTEXT.search(window) or MODEL_CONTEXT.search(sentence):
                    continue
                if not TRIAL_CONTEXT.search(sentence):
                    offenders.append(f"{page_id(page)}: …{sentence[:160]}…")
    assert not offenders, "dose without trial context:\n" + "\n".join(offenders[:15])
