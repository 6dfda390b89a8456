"""Tests for insulinlab.plotting: the palette and the HOMA-IR iso-line figure."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from insulinlab import indices  # noqa: E402
from insulinlab.plotting import (  # noqa: E402
    CATEGORY_COLOURS,
    PALETTE,
    homa_ir_iso_line,
    plot_homa_iso_lines,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def iso_lines(ax):
    """The iso-lines drawn on ``ax``, keyed by their label."""
    lines = ax.get_lines()
    return {line.get_label(): line for line in lines if line.get_label().startswith("HOMA-IR")}


def band_patches(ax):
    return {patch.get_label(): patch for patch in ax.patches if patch.get_label().startswith("ADA")}


def test_palette_is_okabe_ito_hex():
    assert len(PALETTE) == 8
    assert PALETTE["vermillion"] == "#D55E00"
    for colour in PALETTE.values():
        assert matplotlib.colors.is_color_like(colour)
        assert colour.startswith("#") and len(colour) == 7


def test_category_colours_cover_every_ada_category_with_distinct_palette_colours():
    assert set(CATEGORY_COLOURS) == set(indices.ADA_CATEGORIES)
    assert set(CATEGORY_COLOURS.values()) <= set(PALETTE.values())
    assert len(set(CATEGORY_COLOURS.values())) == 3


def test_returns_axes_with_units_and_title():
    ax = plot_homa_iso_lines()
    assert isinstance(ax, matplotlib.axes.Axes)
    assert "mg/dL" in ax.get_xlabel()
    assert "µU/mL" in ax.get_ylabel()
    assert ax.get_title()
    assert ax.get_xlim() == (60, 160)
    assert ax.get_ylim() == (0, 40)


def test_draws_on_given_axes():
    fig, ax = plt.subplots()
    assert plot_homa_iso_lines(ax=ax) is ax
    assert len(fig.axes) == 1


def test_one_labelled_line_per_level():
    ax = plot_homa_iso_lines(homa_levels=(1.0, 2.0, 3.0, 5.0))
    assert sorted(iso_lines(ax)) == ["HOMA-IR 1", "HOMA-IR 2", "HOMA-IR 3", "HOMA-IR 5"]
    texts = [text.get_text() for text in ax.texts]
    for level in ("1", "2", "3", "5"):
        assert f"HOMA-IR {level}" in texts


@pytest.mark.parametrize("level", [1.0, 2.0, 2.44, 3.0, 5.0])
def test_every_point_on_an_iso_line_has_that_homa_ir(level):
    ax = plot_homa_iso_lines(homa_levels=(level,))
    glucose, insulin = iso_lines(ax)[f"HOMA-IR {level:g}"].get_data()
    homa = np.asarray(glucose) * np.asarray(insulin) / indices.HOMA_IR_CONSTANT_MG_DL
    np.testing.assert_allclose(homa, level, rtol=1e-12)


def test_iso_line_for_2_44_passes_through_worked_example():
    level = indices.homa_ir(99, 10)
    ax = plot_homa_iso_lines(homa_levels=(level,))
    glucose, insulin = iso_lines(ax)[f"HOMA-IR {level:g}"].get_data()
    assert np.interp(99, glucose, insulin) == pytest.approx(10, rel=1e-3)


def test_homa_ir_iso_line_solves_for_insulin():
    assert homa_ir_iso_line(2.0, np.array([81.0]))[0] == pytest.approx(10.0)


def test_ada_band_edges_at_100_and_126():
    ax = plot_homa_iso_lines()
    bands = band_patches(ax)
    assert sorted(bands) == ["ADA diabetes", "ADA normal", "ADA prediabetes"]

    def edges(patch):
        return patch.get_x(), patch.get_x() + patch.get_width()

    assert edges(bands["ADA normal"]) == pytest.approx((60, 100))
    assert edges(bands["ADA prediabetes"]) == pytest.approx((100, 126))
    assert edges(bands["ADA diabetes"]) == pytest.approx((126, 160))


def test_bands_are_labelled_with_text_not_only_colour():
    ax = plot_homa_iso_lines()
    texts = " ".join(text.get_text() for text in ax.texts)
    for category in indices.ADA_CATEGORIES:
        assert category in texts
    assert "100" in texts and "126" in texts


def test_band_outside_the_range_is_left_out():
    ax = plot_homa_iso_lines(glucose_range_mg_dl=(60, 110))
    assert sorted(band_patches(ax)) == ["ADA normal", "ADA prediabetes"]


def test_person_is_marked_and_annotated_with_homa_ir():
    ax = plot_homa_iso_lines(person=(99, 10))
    marker = [line for line in ax.get_lines() if line.get_label() == "person"]
    assert len(marker) == 1
    assert marker[0].get_xydata().tolist() == [[99.0, 10.0]]
    annotations = [child for child in ax.get_children() if isinstance(child, plt.Annotation)]
    assert any("2.44" in annotation.get_text() for annotation in annotations)


def test_is_deterministic():
    first = plot_homa_iso_lines(person=(110, 15))
    second = plot_homa_iso_lines(person=(110, 15))
    for line_a, line_b in zip(first.get_lines(), second.get_lines(), strict=True):
        np.testing.assert_array_equal(line_a.get_xydata(), line_b.get_xydata())
    assert [t.get_text() for t in first.texts] == [t.get_text() for t in second.texts]


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"homa_levels": (1.0, 0.0)}, "homa_levels"),
        ({"homa_levels": (-2.0,)}, "homa_levels"),
        ({"homa_levels": ()}, "homa_levels"),
        ({"homa_levels": (float("nan"),)}, "homa_levels"),
        ({"homa_levels": "2"}, "homa_levels"),
        ({"glucose_range_mg_dl": (160, 60)}, "glucose_range_mg_dl"),
        ({"glucose_range_mg_dl": (5, 10)}, "glucose_range_mg_dl"),
        ({"glucose_range_mg_dl": (60,)}, "glucose_range_mg_dl"),
        ({"insulin_range_uu_ml": (-5, 40)}, "insulin_range_uu_ml"),
        ({"insulin_range_uu_ml": (10, 10)}, "insulin_range_uu_ml"),
        ({"person": (99,)}, "person"),
        ({"person": (99, -1)}, "person"),
        ({"person": (300, 10)}, "person"),
    ],
)
def test_bad_arguments_raise_value_error_naming_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        plot_homa_iso_lines(**kwargs)


def test_range_error_states_the_accepted_range():
    with pytest.raises(ValueError, match=r"20 <= start < stop <= 1000 mg/dL"):
        plot_homa_iso_lines(glucose_range_mg_dl=(5, 10))


def test_saves_with_agg(tmp_path):
    ax = plot_homa_iso_lines(person=(99, 10))
    path = tmp_path / "homa.png"
    ax.figure.savefig(path)
    assert path.stat().st_size > 0
