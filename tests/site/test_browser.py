"""The built site in a real browser (headless Chromium over file://, no network).

Every page loads with no console errors, no failed or external requests; every demo rendered
from saved widget state appears; axe-core finds no serious or critical accessibility violation;
the keyboard reaches the launch buttons and the widgets; and every no-kernel demo (a control
jslinked to a precomputed Stack) changes its visible frame when its control is operated, by mouse
and by keyboard.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO_ROOT, SITE, built_pages, page_id

PAGES = built_pages() if (SITE / "index.html").is_file() else []
AXE = REPO_ROOT / "tools" / "node" / "node_modules" / "axe-core" / "axe.min.js"
VIEW_SCRIPT = 'script[type="application/vnd.jupyter.widget-view+json"]'
STATE_SCRIPT = r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>'
VIEW_PATTERN = r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>'
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def _open(browser, path: Path):
    """Open one page; return it and the log of console errors and bad requests."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log = {"errors": [], "failed": [], "external": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: log["errors"].append(str(error)))
    page.on(
        "requestfailed",
        lambda request: (
            None
            if "ERR_ABORTED" in (request.failure or "")  # cancelled when the page closed
            else log["failed"].append(f"{request.url} ({request.failure})")
        ),
    )
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(LOCAL_SCHEMES) else log["external"].append(request.url)
        ),
    )
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function(
        f"""() => [...document.querySelectorAll('{VIEW_SCRIPT}')].every(
               s => s.parentElement.querySelector('.jupyter-widgets') !== null)""",
        timeout=20_000,
    )
    page.wait_for_timeout(300)
    return page, log


def _has_widgets(path: Path) -> bool:
    return "application/vnd.jupyter.widget-view+json" in path.read_text(encoding="utf-8")


_VISITS: dict[Path, dict] = {}


def _visit(browser, path: Path) -> dict:
    """Open the page once and record everything the per-page tests check."""
    if path in _VISITS:
        return _VISITS[path]
    page, log = _open(browser, path)
    try:
        load_errors = list(log["errors"])
        load_failures = list(log["failed"])
        result = {
            "log": log,
            "load_errors": load_errors,
            "load_failures": load_failures,
            "widget_errors": page.locator(".jupyter-widgets-error-widget, .widget-error").count(),
            "widget_views": page.locator(".jupyter-widgets").count(),
            "demos": _operate_static_demos(page, path),
        }
        result["operate_errors"] = log["errors"][len(load_errors) :]
        page.add_script_tag(path=str(AXE))
        result["axe"] = page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ['violations']});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }"""
        )
    finally:
        page.close()
    _VISITS[path] = result
    return result


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_loads_offline_without_errors(browser, path):
    visit = _visit(browser, path)
    log = visit["log"]
    assert not visit["load_errors"], f"console errors: {visit['load_errors'][:5]}"
    assert not visit["load_failures"], f"failed requests: {visit['load_failures'][:5]}"
    assert not log["external"], f"requests leaving the site: {log['external'][:5]}"
    if _has_widgets(path):
        assert visit["widget_errors"] == 0, f"{visit['widget_errors']} widget(s) failed to render"
        assert visit["widget_views"] > 0


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_serious_accessibility_violations(browser, path, reports):
    if not AXE.is_file():
        pytest.fail("axe-core missing: run `make node-tools`", pytrace=False)
    results = _visit(browser, path)["axe"]
    name = page_id(path).replace("/", "__")
    (reports / f"axe-{name}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    serious = [v for v in results if v["impact"] in ("serious", "critical")]
    assert not serious, "axe-core: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in serious
    )


def _focus_walk(page, presses: int) -> list[dict]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                    return {launch: !!e.closest('.dropdown-launch-buttons'),
                            widget: !!e.closest('.jupyter-widgets'),
                            tag: e.tagName}; }"""
            )
        )
    return seen


@pytest.mark.parametrize(
    "relative",
    [
        "book/fundamentals/03-measuring-insulin-resistance.html",
        "book/academic/12-insulin-signaling-cascade.html",
    ],
)
def test_keyboard_reaches_launch_buttons_and_widgets(browser, relative):
    page, _ = _open(browser, SITE / relative)
    try:
        seen = _focus_walk(page, 400)
    finally:
        page.close()
    assert any(item["launch"] for item in seen), "Tab never reaches the launch buttons"
    assert any(item["widget"] for item in seen), "Tab never reaches a widget control"


FRAME_SIGNATURE = """(root) =>
    [...root.querySelectorAll('.widget-output, .widget-html-content, img')]
    .filter(e => e.offsetParent !== null)
    .map(e => e.tagName === 'IMG' ? e.src.slice(-200) : e.innerHTML.slice(0, 2000))
    .join('|')"""


def _descendants(state: dict, model_id: str) -> set[str]:
    """Every model reachable from ``model_id`` through IPY_MODEL references."""
    seen, todo = set(), [model_id]
    while todo:
        current = todo.pop()
        if current in seen or current not in state:
            continue
        seen.add(current)
        text = json.dumps(state[current]["state"])
        todo.extend(re.findall(r"IPY_MODEL_([0-9a-f]{32})", text))
    return seen


def static_view_positions(path: Path) -> list[int]:
    """Positions (in page order) of the widget views that hold a jslinked control."""
    html_text = path.read_text(encoding="utf-8")
    state_match = re.search(STATE_SCRIPT, html_text, re.S)
    if not state_match:
        return []
    state = json.loads(state_match.group(1))["state"]
    linked = {
        ref
        for model in state.values()
        if model["model_name"] == "LinkModel"
        for ref in re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(model["state"]))
    }
    views = [json.loads(v)["model_id"] for v in re.findall(VIEW_PATTERN, html_text, re.S)]
    return [i for i, view in enumerate(views) if _descendants(state, view) & linked]


def _try_toggle(page, area) -> bool:
    buttons = area.locator(".widget-toggle-button:not(.mod-active)")
    if buttons.count() == 0:
        return False
    before = area.evaluate(FRAME_SIGNATURE)
    buttons.first.click()
    page.wait_for_timeout(150)
    return area.evaluate(FRAME_SIGNATURE) != before


def _has_slider(area) -> bool:
    return area.locator(".noUi-handle").count() > 0


def _try_slider_keys(page, area) -> bool:
    handles = area.locator(".noUi-handle")
    if handles.count() == 0:
        return False
    before = area.evaluate(FRAME_SIGNATURE)
    for index in range(handles.count()):
        handles.nth(index).focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)
        if area.evaluate(FRAME_SIGNATURE) != before:
            return True
        page.keyboard.press("ArrowLeft")
    return False


STATIC_DEMO_PAGES = [path for path in PAGES if static_view_positions(path)]


def _operate_static_demos(page, path: Path) -> list[tuple[bool, bool, bool]]:
    """Operate every no-kernel demo's controls; (toggle changed, keys changed, has slider)."""
    areas = page.locator(f"{VIEW_SCRIPT} >> xpath=..")
    demos = [areas.nth(position) for position in static_view_positions(path)]
    return [
        (_try_toggle(page, area), _try_slider_keys(page, area), _has_slider(area)) for area in demos
    ]


@pytest.mark.parametrize("path", STATIC_DEMO_PAGES, ids=page_id)
def test_no_kernel_demos_respond_to_mouse_and_keyboard(browser, path):
    visit = _visit(browser, path)
    responded = visit["demos"]
    assert responded, "the page has jslinked widgets but none was found in the DOM"
    errors = visit["operate_errors"]
    assert not errors, f"console errors while operating controls: {errors[:5]}"
    assert any(toggle or keys for toggle, keys, _ in responded), (
        f"no control changed the visible frame on {page_id(path)}: {responded}"
    )
    slider_demos = [keys for _, keys, has_slider in responded if has_slider]
    assert not slider_demos or any(slider_demos), "arrow keys on a focused slider changed nothing"
