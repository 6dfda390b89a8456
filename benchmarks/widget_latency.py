"""Latency of the live widgets in a real kernel: from a control change to the new figure.

For every live builder in :mod:`insulinlab.widgets` (a public function that needs no argument,
is not a ``*_static`` form and wires observers: ``.observe(`` or ``.on_click(`` in its source),
the script starts one ipykernel with jupyter_client, builds and displays the widget, collects
the widget models from the ``comm_open`` messages and then acts like a browser: it sends
``comm_msg`` updates (``{"method": "update", "state": {"value" | "index": …}}``, or a button
click) to a random control, each time a new value within the control's range, and times the
round trip until the kernel has sent the new state of the figure's model (the Image, Output or
HTML that carries the picture; for a widget without a picture, its result HTML) and gone idle.
The model run, the drawing, PNG and base64 encoding and the widget messages are all inside the
timing; the browser's own rendering is not. One warm-up change per widget is not counted.

The baseline is what ``interact`` does: re-create the figure on every change. In the same
kernel the module's build-once figure class (the return type of its ``build_*_figure``) gets an
``update`` that builds a new figure object (new ``Figure``, every artist plotted again) and
drops the old one; the widget is built again and driven with the same seeded changes (its
picture is encoded as the live one is, so the ratio is the price of re-creating). Where the
builder cannot take ``update``'s arguments (or does not return what ``update`` returns), the
new figure's ``update`` runs once more, which re-runs the model; the table marks those rows.
Widgets without a build-once figure have no baseline: they already draw from scratch, or draw
no figure.

Run: /work/main/.venv/bin/python benchmarks/widget_latency.py [--changes N] [--only NAME]
It prints figures and never asserts: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import math
import os
import pkgutil
import random
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import psutil

PACKAGE = "insulinlab.widgets"
TARGET_MEDIAN_MS = 35.0
TARGET_P95_MS = 60.0
TARGET_SPEEDUP = 2.0
DEFAULT_CHANGES = 40
DEFAULT_BASELINE_CHANGES = 12
"""The baseline's changes are the first of the same seeded sequence; each takes several times
longer, so fewer keep the run within about three minutes."""
WARM_UP_CHANGES = 1
TIMEOUT_S = 120.0

SELECTION_MODELS = frozenset(
    {
        "DropdownModel",
        "ToggleButtonsModel",
        "RadioButtonsModel",
        "SelectModel",
        "SelectionSliderModel",
    }
)
SLIDER_MODELS = frozenset({"FloatSliderModel", "IntSliderModel", "FloatLogSliderModel"})
BOOLEAN_MODELS = frozenset({"CheckboxModel", "ToggleButtonModel"})
TEXT_MODELS = frozenset({"TextModel"})
TEXT_FACTORS = tuple(round(0.5 + 0.1 * k, 1) for k in range(11))
"""A number typed into a text box: its first value times one of these."""
PICTURE_MARKERS = ("<img", "<svg")
QUIET_KERNEL_WARNING = "without encryption"
"""ipykernel's notice about plain TCP on localhost, left out of the kernel's stderr we print."""


# --------------------------------------------------------------------------------------------
# Finding the live builders
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveBuilder:
    """A live widget builder: ``insulinlab.widgets.<module>.<function>()``."""

    module: str
    function: str

    @property
    def label(self) -> str:
        return f"{self.module}.{self.function}"


def _is_live_builder(module, name: str) -> bool:
    function = getattr(module, name, None)
    if not inspect.isfunction(function) or function.__module__ != module.__name__:
        return False
    if name.startswith("_") or name.endswith("_static"):
        return False
    parameters = inspect.signature(function).parameters.values()
    if any(
        p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters
    ):
        return False
    source = inspect.getsource(function)
    return ".observe(" in source or ".on_click(" in source


def live_builders(only: Sequence[str] = ()) -> tuple[list[LiveBuilder], dict[str, str]]:
    """The live builders of :mod:`insulinlab.widgets`, and why the other modules have none.

    Parameters
    ----------
    only : sequence of str
        Keep builders whose module or function name is in here (all when empty).

    Returns
    -------
    (list of LiveBuilder, dict)
        The builders, by module name; the modules left out, with the reason.
    """
    package = importlib.import_module(PACKAGE)
    builders, skipped = [], {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        try:
            module = importlib.import_module(f"{PACKAGE}.{info.name}")
        except Exception as error:  # another author may be half-way through an edit
            skipped[info.name] = f"import failed ({type(error).__name__}: {error})"
            continue
        names = getattr(module, "__all__", None) or sorted(vars(module))
        found = [LiveBuilder(info.name, n) for n in names if _is_live_builder(module, n)]
        if not found:
            skipped[info.name] = "no live builder"
        builders += [b for b in found if not only or b.module in only or b.function in only]
    return builders, skipped


# --------------------------------------------------------------------------------------------
# The kernel, driven like a browser
# --------------------------------------------------------------------------------------------


class KernelSession:
    """One ipykernel (kernel spec ``python3``) and a blocking client; use as a context manager."""

    def __init__(self) -> None:
        from jupyter_client import KernelManager

        self.manager = KernelManager(kernel_name="python3")
        self.client = None

    def __enter__(self) -> KernelSession:
        env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        self._stderr = tempfile.TemporaryFile()
        self.manager.start_kernel(env=env, stderr=self._stderr)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT_S)
        self.process = psutil.Process(self.manager.provisioner.pid)
        return self

    def __exit__(self, *_exc) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)
        self._stderr.seek(0)
        lines = self._stderr.read().decode(errors="replace").splitlines()
        self._stderr.close()
        lines = [line for line in lines if line.strip() and QUIET_KERNEL_WARNING not in line]
        if lines:  # an exception in a widget's observer is only logged there
            print("kernel stderr:", *lines[-20:], sep="\n  ")

    def execute(self, code: str, expressions: dict[str, str] | None = None) -> list[dict]:
        """Run ``code``; return its iopub messages (or, with ``expressions``, their values).

        Raises
        ------
        RuntimeError
            If the code raised in the kernel.
        """
        messages: list[dict] = []
        reply = self.client.execute_interactive(
            code,
            timeout=TIMEOUT_S,
            output_hook=messages.append,
            user_expressions=expressions or {},
        )
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
        if expressions:
            values = content["user_expressions"]
            return [values[name]["data"]["text/plain"] for name in expressions]
        return messages

    def kernel_cpu_s(self) -> float:
        """CPU time the kernel process has used so far (all threads; 10-ms ticks on Linux)."""
        times = self.process.cpu_times()
        return times.user + times.system

    def send_comm(self, comm_id: str, data: dict) -> tuple[float, float, list[dict]]:
        """Send a front-end ``comm_msg``; return the wall and kernel CPU seconds until idle,
        and the iopub messages it caused."""
        message = self.client.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        cpu = self.kernel_cpu_s()
        start = time.perf_counter()
        self.client.shell_channel.send(message)
        replies = list(self._until_idle(message["header"]["msg_id"]))
        wall = time.perf_counter() - start
        return wall, self.kernel_cpu_s() - cpu, replies

    def _until_idle(self, msg_id: str) -> Iterator[dict]:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            message = self.client.get_iopub_msg(timeout=max(0.0, deadline - time.monotonic()))
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "status":
                if message["content"]["execution_state"] == "idle":
                    return
                continue
            yield message


@dataclass
class Model:
    """The front end's copy of one widget model."""

    comm_id: str
    state: dict
    first_state: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.state.get("_model_name", "")

    def shows_picture(self) -> bool:
        if self.kind in ("ImageModel", "OutputModel"):
            return True
        value = self.state.get("value")
        return self.kind == "HTMLModel" and any(m in str(value) for m in PICTURE_MARKERS)

    def changes(self) -> list[dict]:
        """Every ``comm_msg`` a user could send to this control that changes it (may be empty)."""
        state = self.state
        if state.get("disabled"):
            return []
        if self.kind == "ButtonModel":
            return [{"method": "custom", "content": {"event": "click"}}]
        return [
            {"method": "update", "state": new, "buffer_paths": []} for new in self._new_states()
        ]

    def _new_states(self) -> list[dict]:
        state, kind = self.state, self.kind
        if kind in SELECTION_MODELS:
            count = len(state.get("_options_labels", ()))
            return [{"index": i} for i in range(count) if i != state.get("index")]
        if kind in BOOLEAN_MODELS:
            return [{"value": not state["value"]}]
        if kind in SLIDER_MODELS:
            low, high, step = state["min"], state["max"], state["step"]
            values = [low + k * step for k in range(round((high - low) / step) + 1)]
            if kind == "FloatLogSliderModel":
                values = [state["base"] ** v for v in values]
            elif kind == "IntSliderModel":
                values = [int(v) for v in values]
            else:
                values = [round(v, 10) for v in values]
            tolerance = 1e-9 * max(1.0, abs(high - low))
            return [{"value": v} for v in values if abs(v - state["value"]) > tolerance]
        if kind in TEXT_MODELS:
            try:
                first = float(self.first_state.get("value", ""))
            except ValueError:
                return []  # a blank or non-numeric box: left alone
            texts = {f"{first * factor:.4g}" for factor in TEXT_FACTORS}
            return [{"value": text} for text in sorted(texts - {state["value"]})]
        return []


@dataclass(frozen=True)
class WidgetTiming:
    """Round-trip times of one widget's changes, in milliseconds."""

    label: str
    latencies_ms: tuple[float, ...]
    kernel_cpu_ms: float
    """The kernel's CPU time over all the changes, divided by their number."""
    figure_updates: int
    """How many of the changes brought a new state of the figure's (or result's) model."""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95_ms(self) -> float:
        """The 95th percentile (nearest rank)."""
        ordered = sorted(self.latencies_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]


def open_widget(session: KernelSession, builder: LiveBuilder) -> dict[str, Model]:
    """Build and display the widget in the kernel; its models, by comm id."""
    code = (
        f"import {PACKAGE}.{builder.module} as _module\n"
        f"_box = _module.{builder.function}()\n"
        "display(_box)\n"
    )
    models = {}
    for message in session.execute(code):
        content = message["content"]
        if message["msg_type"] == "comm_open" and content.get("target_name") == "jupyter.widget":
            state = dict(content["data"]["state"])
            models[content["comm_id"]] = Model(content["comm_id"], state, dict(state))
    return models


def drive(
    session: KernelSession, models: dict[str, Model], changes: int, rng: random.Random
) -> tuple[list[float], float, int]:
    """Make ``changes`` random changes: their round-trip times (ms), the kernel's CPU time over
    all of them (ms) and how many updated the figure."""
    pictures = {c for c, m in models.items() if m.shows_picture()}
    results = pictures or {c for c, m in models.items() if m.kind == "HTMLModel"}
    latencies, cpu_ms, updates = [], 0.0, 0
    for _ in range(changes):
        controls = [m for m in models.values() if m.changes()]
        if not controls:
            raise RuntimeError("the widget has no control a user could change")
        control = rng.choice(controls)
        wall, cpu, replies = session.send_comm(control.comm_id, rng.choice(control.changes()))
        updated = False
        for message in replies:
            content = message["content"]
            if message["msg_type"] in ("display_data", "clear_output"):
                updated = True  # an Output widget's new picture
            if message["msg_type"] != "comm_msg" or content["comm_id"] not in models:
                continue
            data = content["data"]
            if data.get("method") in ("update", "echo_update"):
                models[content["comm_id"]].state.update(data.get("state", {}))
            updated |= data.get("method") == "update" and content["comm_id"] in results
        latencies.append(1e3 * wall)
        cpu_ms += 1e3 * cpu
        updates += updated
    return latencies, cpu_ms, updates


def measure_widget(
    session: KernelSession,
    builder: LiveBuilder,
    changes: int = DEFAULT_CHANGES,
    *,
    seed: int = 0,
    warm_up: int = WARM_UP_CHANGES,
) -> WidgetTiming:
    """Build ``builder``'s widget in the kernel and time ``changes`` random changes.

    The changes depend only on ``seed`` and the widget, so a second call (for instance after
    :func:`recreate_figures_on_update`) drives the widget the same way. The widget is closed
    afterwards.
    """
    models = open_widget(session, builder)
    rng = random.Random(f"{seed}:{builder.label}")
    try:
        drive(session, models, warm_up, rng)
        latencies, cpu_ms, updates = drive(session, models, changes, rng)
    finally:
        session.execute("import ipywidgets\nipywidgets.Widget.close_all()")
    return WidgetTiming(builder.label, tuple(latencies), cpu_ms / changes, updates)


# --------------------------------------------------------------------------------------------
# The interact-style baseline (runs in the kernel; sent there as source)
# --------------------------------------------------------------------------------------------


def recreate_figures_on_update(module_name: str):
    """Make the module's build-once figures re-create themselves on every ``update``.

    For each ``build_*_figure`` function whose return annotation names a class with an
    ``update`` method, ``update`` becomes: build a new figure object with that function (new
    ``Figure``, every artist plotted) and take over its fields, dropping the old figure. Where
    the builder cannot take ``update``'s arguments, or does not call ``update`` itself although
    ``update`` returns a value, ``update`` runs once more on the new figure (``undo.reruns``
    counts those calls).

    Returns
    -------
    callable or None
        Undoes the change; None when the module has no build-once figure.
    """
    import importlib
    import inspect

    module = importlib.import_module(module_name)
    patched = []

    def recreating(build, original):
        signature = inspect.signature(build)
        returns_nothing = original.__annotations__.get("return") in ("None", None.__class__)
        building, inner = [], []

        def update(self, *args, **kwargs):
            if building:  # the builder moving the figure it is building
                inner.append(original(self, *args, **kwargs))
                return inner[-1]
            try:
                signature.bind(*args, **kwargs)
                same = True
            except TypeError:
                same = False
            building.append(True)
            inner.clear()
            try:
                fresh = build(*args, **kwargs) if same else build()
            finally:
                building.clear()
            vars(self).clear()
            vars(self).update(vars(fresh))
            if same and inner:
                return inner[-1]
            if same and returns_nothing:
                return None
            undo.reruns += 1
            return original(self, *args, **kwargs)

        return update

    for name, build in list(vars(module).items()):
        if not (name.startswith("build_") and name.endswith("_figure")):
            continue
        annotation = getattr(build, "__annotations__", {}).get("return")
        figure_class = getattr(module, annotation, None) if isinstance(annotation, str) else None
        original = getattr(figure_class, "update", None)
        if inspect.isclass(figure_class) and inspect.isfunction(original):
            patched.append((figure_class, original))
            figure_class.update = recreating(build, original)

    def undo():
        for figure_class, original in patched:
            figure_class.update = original

    undo.reruns = 0
    undo.classes = [c.__name__ for c, _ in patched]
    return undo if patched else None


def measure_baseline(
    session: KernelSession, builder: LiveBuilder, changes: int, *, seed: int = 0
) -> tuple[WidgetTiming | None, bool]:
    """Time the widget with figures re-created on every change (None: no build-once figure).

    Returns the timing and whether ``update`` had to run twice (re-running the model).
    """
    source = inspect.getsource(recreate_figures_on_update)
    session.execute(f"{source}\n_undo = recreate_figures_on_update('{PACKAGE}.{builder.module}')")
    (has_figure,) = session.execute("", {"patched": "_undo is not None"})
    if has_figure != "True":
        return None, False
    try:
        timing = measure_widget(session, builder, changes, seed=seed)
        (reruns,) = session.execute("", {"reruns": "_undo.reruns"})
    finally:
        session.execute("_undo()")
    return timing, int(reruns) > 0


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


COLUMNS = (
    f"  {'widget builder':<46} {'median':>7} {'p95':>7} {'CPU':>6}  live "
    f"| {'scratch':>7} {'CPU':>6} {'ratio':>6}"
)


def print_row(timing: WidgetTiming, baseline: WidgetTiming | None, rerun: bool) -> bool:
    """One table row: live median, p95 and CPU per change with a verdict, then the baseline."""
    live_ok = timing.median_ms <= TARGET_MEDIAN_MS and timing.p95_ms <= TARGET_P95_MS
    row = (
        f"  {timing.label:<46} {timing.median_ms:7.1f} {timing.p95_ms:7.1f} "
        f"{timing.kernel_cpu_ms:6.1f}  {'ok' if live_ok else 'OVER':<4} |"
    )
    if baseline is None:
        row += f" {'—':>7} {'—':>6} {'—':>6}"
    else:
        ratio = baseline.median_ms / timing.median_ms
        verdict = "ok" if ratio >= TARGET_SPEEDUP else "LOW"
        row += (
            f" {baseline.median_ms:7.1f} {baseline.kernel_cpu_ms:6.1f} {ratio:5.1f}×"
            f"{'*' if rerun else ' '} {verdict}"
        )
    unchanged = len(timing.latencies_ms) - timing.figure_updates
    if unchanged:
        row += f"  ({unchanged} of {len(timing.latencies_ms)} changes left the picture as it was)"
    print(row, flush=True)
    return live_ok and (baseline is None or baseline.median_ms / timing.median_ms >= TARGET_SPEEDUP)


def _load() -> str:
    """The machine's load averages (1, 5 min) and cores, which the wall times depend on."""
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} (1 / 5 min) on {os.cpu_count()} cores"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=DEFAULT_CHANGES, help="per widget")
    parser.add_argument(
        "--baseline-changes", type=int, default=DEFAULT_BASELINE_CHANGES, help="0: no baseline"
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="module or builder name"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    builders, skipped = live_builders(args.only)
    print(
        f"widget latency in a kernel: {args.changes} random changes per widget after "
        f"{WARM_UP_CHANGES} warm-up (seed {args.seed}); change sent → figure updated → idle"
    )
    baseline = (
        f"the baseline (figure re-created on each change, {args.baseline_changes} changes) "
        f"≥ {TARGET_SPEEDUP:g}× slower"
        if args.baseline_changes > 0
        else "no baseline"
    )
    print(f"targets: median ≤ {TARGET_MEDIAN_MS:g} ms, p95 ≤ {TARGET_P95_MS:g} ms; {baseline}")
    print(f"before: {_load()}")
    print(COLUMNS)
    met, measured = [], []
    with KernelSession() as session:
        for builder in builders:
            try:
                timing = measure_widget(session, builder, args.changes, seed=args.seed)
                baseline, rerun = None, False
                if args.baseline_changes > 0:
                    baseline, rerun = measure_baseline(
                        session, builder, args.baseline_changes, seed=args.seed
                    )
            except RuntimeError as error:
                print(f"  {builder.label:<46} failed: {error}", flush=True)
                continue
            measured.append(builder.label)
            if print_row(timing, baseline, rerun):
                met.append(builder.label)
    print(
        "  ms per change: median and p95 wall time, mean kernel CPU; scratch = figure re-created"
        " on each change; * = that baseline runs the model twice; — = no build-once figure"
    )
    for module, reason in skipped.items():
        print(f"  {module}: {reason}")
    missed = sorted(set(measured) - set(met))
    print(
        f"targets met by {len(met)} of {len(measured)} widgets"
        + (f"; not: {', '.join(missed)}" if missed else "")
    )
    print(f"after: {_load()}")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
