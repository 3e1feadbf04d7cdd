"""The microscope explorer: driven from Python, its figure and text follow the model."""

import numpy as np

from explainer.models import microscope as mic
from explainer.widgets.microscope import TUMOUR_CELLS, MicroscopeExplorer


def test_text_and_figure_follow_the_model_at_each_step():
    e = MicroscopeExplorer()
    try:
        e.set(step=60)
        r = e.result.result
        ref = mic.simulate_field(seed=1, car_t_cells=int(0.2 * TUMOUR_CELLS),
                                 tumour_cells=TUMOUR_CELLS, antigen_negative_fraction=0.0)
        assert np.array_equal(r.tumour_positive, ref.tumour_positive)
        assert f"{int(r.tumour_positive[60]):,} antigen-positive" in e.describe()
        before = e.image_bytes()
        e.set(step=61)
        assert e.image_bytes() != before
    finally:
        e.close()


def test_escape_is_described_when_only_antigen_negative_cells_are_left():
    e = MicroscopeExplorer()
    try:
        e.set(ratio=1.0, negative=0.05, step=mic.DEFAULT_STEPS)
        r = e.result.result
        assert r.tumour_positive[-1] == 0 < r.tumour_negative[-1]
        assert "escape" in e.describe()
    finally:
        e.close()


def test_new_patient_changes_the_seed_and_starts_again():
    e = MicroscopeExplorer()
    try:
        e.set(step=100)
        first = e.image_bytes()
        e.new_patient.click()
        assert e.values["seed"] == 2 and e.values["step"] == 0
        e.set(step=100)
        assert e.image_bytes() != first
        e.speed.value = "slow"
        assert e.play.interval == MicroscopeExplorer.SPEEDS["slow"]
    finally:
        e.close()


def test_phone_figure_is_portrait_with_the_field_above_the_chart():
    e = MicroscopeExplorer(style="phone")
    try:
        w, h = e.diagram.size_px
        assert w == 480 and w < h <= 640
        field, chart = e.diagram.ax.get_position(), e.diagram.chart.get_position()
        assert field.y0 > chart.y1  # the counts are under the field
        assert abs(field.width * w - field.height * h) < 1  # the field stays square
    finally:
        e.close()
