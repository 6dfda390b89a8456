"""The chapter 03 lab-panel calculator: type a laboratory report, read every index at once.

The computing is done by :mod:`insulinlab.panel`; this module only reads the inputs
(:func:`evaluate_inputs`), formats the result as HTML (:func:`format_panel_result`,
:func:`format_error`) and wires ipywidgets to them (:func:`lab_panel_calculator`). The three
pure functions are unit-tested without a browser.

Sources
-------
- HOMA-IR and HOMA-%B: Matthews et al. 1985, *Diabetologia* 28:412–419.
- QUICKI: Katz et al. 2000, *J Clin Endocrinol Metab* 85:2402–2410.
- TyG index: Simental-Mendía et al. 2008, *Metab Syndr Relat Disord* 6:299–304.
- ADA categories: American Diabetes Association, Standards of Care in Diabetes—2025,
  section 2, doi:10.2337/dc25-S002.

For education only; not medical advice.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from insulinlab import indices, units
from insulinlab import panel as panel_module
from insulinlab.plotting import CATEGORY_COLOURS, PALETTE

WORKED_EXAMPLE = {
    "fasting_glucose": 99.0,
    "glucose_unit": "mg/dL",
    "fasting_insulin": 10.0,
    "insulin_unit": "µU/mL",
    "insulin_factor": "standard",
    "fasting_triglycerides": 150.0,
    "triglyceride_unit": "mg/dL",
    "hba1c": 5.4,
    "hba1c_unit": "%",
    "ogtt_2h_glucose": 120.0,
}
"""The worked example shown at construction (and on the static page), keyed like the arguments
of :func:`insulinlab.panel.panel_from_units`."""

NUMBER_FIELDS = (
    "fasting_glucose",
    "fasting_insulin",
    "fasting_triglycerides",
    "hba1c",
    "ogtt_2h_glucose",
)
"""The numeric inputs; every one but ``fasting_glucose`` may be left blank (test not done)."""

REQUIRED_FIELDS = ("fasting_glucose",)

LIVE_UPDATE_NOTE = (
    "Live updates need a running kernel (use the launch buttons); on the static page you see "
    "the worked example."
)

DISCLAIMER = (
    "A single result is not a diagnosis: the ADA asks for a repeat test to confirm it. "
    "HOMA-IR, HOMA-%B, QUICKI and TyG are research indices with no diagnostic cut-off."
)


# --------------------------------------------------------------------------------------------
# Pure functions
# --------------------------------------------------------------------------------------------


def parse_number(name: str, value: object, *, required: bool = False) -> object:
    """Turn one raw input into a number, or ``None`` when it is blank (test not done).

    Parameters
    ----------
    name : str
        The argument name, repeated in the error message.
    value : object
        A number (returned unchanged, to be range-checked by :mod:`insulinlab.units`), a string
        typed in a text box, or ``None``.
    required : bool, default False
        If True, a blank value is an error.

    Returns
    -------
    float, other number or None
        ``None`` for a blank optional value.

    Raises
    ------
    ValueError
        If the text is not a number, or a required value is blank.

    Examples
    --------
    >>> parse_number("hba1c", " 5.4 "), parse_number("hba1c", "")
    (5.4, None)
    """
    if isinstance(value, str):
        text = value.strip()
        if text:
            try:
                return float(text)
            except ValueError:
                raise ValueError(
                    f"{name} must be a number such as 5.4 (use a dot for decimals); got {text!r}"
                ) from None
        value = None
    if value is None and required:
        raise ValueError(f"{name} is required: every index and category uses it")
    return value


def evaluate_inputs(values: Mapping[str, object]) -> str:
    """Evaluate raw calculator inputs and return the result, or a friendly message, as HTML.

    Parameters
    ----------
    values : mapping
        Keyed like the arguments of :func:`insulinlab.panel.panel_from_units`
        (see :data:`WORKED_EXAMPLE`): the numbers in :data:`NUMBER_FIELDS` as numbers, text or
        ``None`` / blank text for a test not done; the unit strings; ``insulin_factor`` as
        ``"standard"`` or ``"legacy"``.

    Returns
    -------
    str
        HTML from :func:`format_panel_result`, or from :func:`format_error` if any value is
        impossible (never a traceback).

    Examples
    --------
    >>> "2.44" in evaluate_inputs(WORKED_EXAMPLE)
    True
    >>> "Check this value" in evaluate_inputs({"fasting_glucose": "abc"})
    True
    """
    try:
        arguments = dict(values)
        for name in NUMBER_FIELDS:
            arguments[name] = parse_number(
                name, arguments.get(name), required=name in REQUIRED_FIELDS
            )
        lab_panel = panel_module.panel_from_units(**arguments)
        result = panel_module.evaluate_panel(lab_panel)
    except ValueError as exc:
        return format_error(exc)
    return format_panel_result(result, lab_panel)


def format_error(exc: ValueError) -> str:
    """A friendly HTML message for an impossible input (the error text, escaped; no traceback).

    Examples
    --------
    >>> format_error(ValueError("hba1c must be in [3, 20] %; got 48"))[:40]
    '<div role="alert" style="border-left: 0.'
    """
    message = str(exc) or "one of the values is not valid"
    return (
        f'<div role="alert" style="border-left: 0.4em solid {PALETTE["vermillion"]}; '
        'padding: 0.3em 0.6em;">'
        f"<strong>Check this value:</strong> {html.escape(message)}"
        "<br>Nothing was computed; correct the value (or leave an optional field blank) "
        "and press Enter."
        "</div>"
    )


def format_panel_result(result: panel_module.PanelResult, panel: panel_module.LabPanel) -> str:
    """Format an evaluated lab panel as a small HTML report.

    Parameters
    ----------
    result : insulinlab.panel.PanelResult
        The indices and ADA categories from :func:`insulinlab.panel.evaluate_panel`.
    panel : insulinlab.panel.LabPanel
        The inputs, in the units the indices use (shown again with the other common unit).

    Returns
    -------
    str
        HTML with three tables (inputs, indices, ADA categories), the overall category and a
        reminder that one result is not a diagnosis. Category names are always written out;
        their colour is only a secondary cue.

    Raises
    ------
    ValueError
        If a panel value is impossible (a :class:`LabPanel` built by hand is not checked).

    Examples
    --------
    >>> from insulinlab.panel import LabPanel, evaluate_panel
    >>> lab_panel = LabPanel(99, 10)
    >>> "2.44" in format_panel_result(evaluate_panel(lab_panel), lab_panel)
    True
    """
    return "".join(
        [
            '<div class="insulinlab-lab-panel">',
            _table("Your inputs", ("Test", "Value"), _input_rows(panel)),
            _table(
                "Surrogate indices", ("Index", "Value", "What it estimates"), _index_rows(result)
            ),
            _table(
                "ADA glycaemic categories",
                ("Test", "Category", "ADA thresholds"),
                _category_rows(result),
            ),
            "<p><strong>Overall (most severe of the tests done):</strong> ",
            _category_html(result.overall_category),
            "</p>",
            f"<p><em>{html.escape(DISCLAIMER)}</em></p>",
            "</div>",
        ]
    )


_CELL_STYLE = "text-align: left; padding: 0.1em 1em 0.1em 0;"


def _table(caption: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """An HTML table; ``rows`` hold HTML that is already escaped."""
    head = "".join(
        f'<th scope="col" style="{_CELL_STYLE}">{html.escape(header)}</th>' for header in headers
    )
    body = "".join(
        f'<tr><th scope="row" style="{_CELL_STYLE}">{row[0]}</th>'
        + "".join(f'<td style="{_CELL_STYLE}">{cell}</td>' for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        '<table style="border-collapse: collapse; margin-bottom: 0.6em;">'
        f'<caption style="text-align: left; font-weight: bold;">{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _glucose_text(glucose_mg_dl: float | None) -> str:
    if glucose_mg_dl is None:
        return "not measured"
    glucose_mmol_l = units.glucose_mg_dl_to_mmol_l(glucose_mg_dl)
    return f"{glucose_mg_dl:.0f} mg/dL ({glucose_mmol_l:.2f} mmol/L)"


def _input_rows(lab_panel: panel_module.LabPanel) -> list[tuple[str, ...]]:
    insulin = lab_panel.fasting_insulin_uu_ml
    insulin_text = (
        "not measured"
        if insulin is None
        else f"{units.check_insulin_uu_ml(insulin, 'fasting_insulin_uu_ml'):.1f} µU/mL"
    )
    triglycerides = lab_panel.fasting_triglycerides_mg_dl
    if triglycerides is None:
        triglycerides_text = "not measured"
    else:
        triglycerides = units.check_triglycerides_mg_dl(triglycerides)
        triglycerides_mmol_l = triglycerides / units.TRIGLYCERIDE_MG_DL_PER_MMOL_L
        triglycerides_text = f"{triglycerides:.0f} mg/dL ({triglycerides_mmol_l:.2f} mmol/L)"
    hba1c = lab_panel.hba1c_percent
    hba1c_text = (
        "not measured"
        if hba1c is None
        else f"{hba1c:.1f} % ({units.hba1c_percent_to_mmol_mol(hba1c):.0f} mmol/mol)"
    )
    return [
        ("Fasting glucose", _glucose_text(lab_panel.fasting_glucose_mg_dl)),
        ("Fasting insulin", insulin_text),
        ("Fasting triglycerides", triglycerides_text),
        ("HbA1c", hba1c_text),
        ("2-h OGTT glucose", _glucose_text(lab_panel.ogtt_2h_glucose_mg_dl)),
    ]


def _not_computed(needs: str) -> str:
    return f"<em>not computed: needs {html.escape(needs)}</em>"


def _index_rows(result: panel_module.PanelResult) -> list[tuple[str, ...]]:
    needs_insulin = _not_computed("fasting insulin")
    homa_ir = needs_insulin if result.homa_ir is None else f"{result.homa_ir:.2f}"
    if result.homa_beta_percent is not None:
        homa_beta = f"{result.homa_beta_percent:.0f} %"
    elif result.homa_ir is None:
        homa_beta = needs_insulin
    else:
        offset = indices.HOMA_BETA_GLUCOSE_OFFSET_MG_DL
        homa_beta = _not_computed(f"fasting glucose above {offset:g} mg/dL")
    if result.quicki is not None:
        quicki = f"{result.quicki:.3f}"
    elif result.homa_ir is None:
        quicki = needs_insulin
    else:
        quicki = _not_computed("fasting insulin above 0 µU/mL")
    tyg = (
        _not_computed("fasting triglycerides")
        if result.tyg_index is None
        else f"{result.tyg_index:.2f}"
    )
    return [
        ("HOMA-IR", homa_ir, "insulin resistance (higher = more resistant)"),
        ("HOMA-%B", homa_beta, "β-cell function, % of a healthy reference"),
        ("QUICKI", quicki, "insulin sensitivity (higher = more sensitive)"),
        ("TyG", tyg, "insulin resistance without an insulin test"),
    ]


def _category_html(category: str | None) -> str:
    if category is None:
        return "<em>not measured</em>"
    colour = CATEGORY_COLOURS.get(category, PALETTE["black"])
    swatch = (
        '<span aria-hidden="true" style="display: inline-block; width: 0.9em; height: 0.9em; '
        f"margin-right: 0.4em; vertical-align: middle; background: {colour}; "
        f'border: 1px solid {PALETTE["black"]};"></span>'
    )
    return f"{swatch}<strong>{html.escape(category)}</strong>"


def _thresholds(pair: tuple[float, float], unit: str) -> str:
    prediabetes_from, diabetes_from = pair
    return html.escape(
        f"prediabetes from {prediabetes_from:g} {unit}, diabetes from {diabetes_from:g} {unit}"
    )


def _category_rows(result: panel_module.PanelResult) -> list[tuple[str, ...]]:
    return [
        (
            "Fasting glucose",
            _category_html(result.fasting_glucose_category),
            _thresholds(indices.ADA_FASTING_GLUCOSE_MG_DL, "mg/dL"),
        ),
        (
            "2-h OGTT glucose",
            _category_html(result.ogtt_2h_category),
            _thresholds(indices.ADA_OGTT_2H_GLUCOSE_MG_DL, "mg/dL"),
        ),
        (
            "HbA1c",
            _category_html(result.hba1c_category),
            _thresholds(indices.ADA_HBA1C_PERCENT, "%"),
        ),
    ]


def _factor_label(name: str) -> str:
    """``"6.00 (standard)"``, ``"6.945 (legacy)"``: the factor with at least two decimals."""
    factor = units.INSULIN_PMOL_L_PER_UU_ML[name]
    number = f"{factor:.2f}" if round(factor, 2) == factor else f"{factor:g}"
    return f"{number} ({name})"


_FACTOR_NOTES = {
    "standard": "the metrologically correct factor (Knopp et al. 2019)",
    "legacy": "a legacy factor some laboratories and calculators still use",
}


def _factor_tooltip(name: str) -> str:
    factor = units.INSULIN_PMOL_L_PER_UU_ML[name]
    note = _FACTOR_NOTES.get(name, "")
    return f"{factor:g} pmol/L per µU/mL: {note}".rstrip(": ")


def _text_value(number: float | None) -> str:
    return "" if number is None else f"{number:g}"


# --------------------------------------------------------------------------------------------
# Widget wiring
# --------------------------------------------------------------------------------------------

_TEXT_DESCRIPTION_STYLE = {"description_width": "13em"}
_TOGGLE_STYLE = {"description_width": "initial", "button_width": "auto"}


def lab_panel_calculator():
    """Build the chapter 03 lab-panel calculator.

    Text boxes take each result as printed on a laboratory report (leave an optional one blank
    if the test was not done), toggle buttons choose its unit, and the HTML below shows every
    index and ADA category. It opens on :data:`WORKED_EXAMPLE`, computed at construction, so a
    page saved with its widget state already shows a result; with a running kernel the result
    updates whenever an input changes.

    Returns
    -------
    ipywidgets.VBox
        The calculator. Its last child is the ``ipywidgets.HTML`` holding the result.

    Source
    ------
    Matthews et al. 1985; Katz et al. 2000; Simental-Mendía et al. 2008; American Diabetes
    Association, Standards of Care in Diabetes—2025, section 2.
    """
    import ipywidgets as widgets

    example = WORKED_EXAMPLE

    def number_box(description: str, name: str) -> widgets.Text:
        required = name in REQUIRED_FIELDS
        return widgets.Text(
            value=_text_value(example[name]),
            description=description,
            placeholder="required" if required else "blank = not measured",
            continuous_update=False,
            style=_TEXT_DESCRIPTION_STYLE,
            layout=widgets.Layout(width="22em"),
        )

    def unit_toggle(description: str, options, value: str, tooltips=()) -> widgets.ToggleButtons:
        return widgets.ToggleButtons(
            options=options,
            value=value,
            description=description,
            tooltips=list(tooltips),
            style=_TOGGLE_STYLE,
        )

    controls = {
        "fasting_glucose": number_box("Fasting glucose", "fasting_glucose"),
        "glucose_unit": unit_toggle(
            "Glucose unit", panel_module.GLUCOSE_UNITS, example["glucose_unit"]
        ),
        "fasting_insulin": number_box("Fasting insulin", "fasting_insulin"),
        "insulin_unit": unit_toggle(
            "Insulin unit", panel_module.INSULIN_UNITS, example["insulin_unit"]
        ),
        "insulin_factor": unit_toggle(
            "pmol/L per µU/mL",
            [(_factor_label(name), name) for name in units.INSULIN_PMOL_L_PER_UU_ML],
            example["insulin_factor"],
            tooltips=[_factor_tooltip(name) for name in units.INSULIN_PMOL_L_PER_UU_ML],
        ),
        "fasting_triglycerides": number_box("Fasting triglycerides", "fasting_triglycerides"),
        "triglyceride_unit": unit_toggle(
            "Triglyceride unit", panel_module.TRIGLYCERIDE_UNITS, example["triglyceride_unit"]
        ),
        "hba1c": number_box("HbA1c", "hba1c"),
        "hba1c_unit": unit_toggle("HbA1c unit", panel_module.HBA1C_UNITS, example["hba1c_unit"]),
        "ogtt_2h_glucose": number_box("2-h OGTT glucose", "ogtt_2h_glucose"),
    }
    ogtt_unit_label = widgets.Label(value=_ogtt_unit_text(example["glucose_unit"]))
    result_html = widgets.HTML(value=evaluate_inputs(_read(controls)))

    def update(_change=None) -> None:
        ogtt_unit_label.value = _ogtt_unit_text(controls["glucose_unit"].value)
        result_html.value = evaluate_inputs(_read(controls))

    for control in controls.values():
        control.observe(update, names="value")

    rows = [
        widgets.HBox([controls["fasting_glucose"], controls["glucose_unit"]]),
        widgets.HBox(
            [controls["fasting_insulin"], controls["insulin_unit"], controls["insulin_factor"]],
            layout=widgets.Layout(flex_flow="row wrap"),
        ),
        widgets.HBox([controls["fasting_triglycerides"], controls["triglyceride_unit"]]),
        widgets.HBox([controls["hba1c"], controls["hba1c_unit"]]),
        widgets.HBox([controls["ogtt_2h_glucose"], ogtt_unit_label]),
    ]
    header = widgets.HTML(
        value=(
            "<p><strong>Lab-panel calculator.</strong> Type each result as printed on the "
            "report and choose its unit; leave a field blank if the test was not done. Press "
            f"Enter or Tab after typing.<br><em>{html.escape(LIVE_UPDATE_NOTE)}</em></p>"
        )
    )
    return widgets.VBox([header, *rows, result_html])


def _ogtt_unit_text(glucose_unit: str) -> str:
    return f"{glucose_unit} (the glucose unit above)"


def _read(controls: Mapping[str, object]) -> dict[str, object]:
    """The current raw value of every control, keyed like :data:`WORKED_EXAMPLE`."""
    return {name: control.value for name, control in controls.items()}


__all__ = [
    "DISCLAIMER",
    "LIVE_UPDATE_NOTE",
    "NUMBER_FIELDS",
    "WORKED_EXAMPLE",
    "evaluate_inputs",
    "format_error",
    "format_panel_result",
    "lab_panel_calculator",
    "parse_number",
]
