"""The shared drawing path: encoding (Pillow), blitting, styles."""

import io

import numpy as np
import pytest
from PIL import Image

from explainer.diagrams import Diagram, style


def test_to_png_writes_a_lossless_copy_of_the_frame(tmp_path):
    d = Dot()
    d.apply(0.3)
    d.to_png(tmp_path / "dot.png")
    im = Image.open(tmp_path / "dot.png")
    im.load()
    assert im.format == "PNG" and im.mode == "RGB" and im.size == d.size_px
    assert (np.asarray(im) == np.asarray(d.canvas.buffer_rgba())[:, :, :3]).all()


def test_png_image_format_frames_are_pillow_pngs():
    d = Dot()
    d.image_format = "png"
    d.apply(0.7)
    frame = d.render()
    assert frame.startswith(b"\x89PNG\r\n\x1a\n")
    assert (_pixels(frame) == np.asarray(d.canvas.buffer_rgba())[:, :, :3]).all()


class Dot(Diagram):
    shape = "square"

    def build(self):
        self.ax = self.fig.add_subplot()
        self.ax.set_xlim(0, 1)
        self.ax.set_ylim(0, 1)
        self.ax.set_title("static title")
        (self.dot,) = self.ax.plot([0.5], [0.5], "o", ms=20, color=style.COLORS["car_t"])
        self.dynamic(self.dot)

    def update(self, x):
        self.dot.set_data([x], [0.5])


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_blitting_moves_only_the_dynamic_artist():
    d = Dot()
    d.apply(0.2)
    a = _pixels(d.render())
    d.apply(0.8)
    b = _pixels(d.render())
    diff = np.argwhere((a != b).any(axis=2))
    assert diff.size, "the dot did not move"
    # the title row (top 10% of the figure) is untouched: it comes from the cached background
    assert diff[:, 0].min() > 0.1 * a.shape[0]


def test_invalidate_redraws_static_content():
    d = Dot()
    before = _pixels(d.render())
    d.ax.set_title("a different title")
    assert (_pixels(d.render()) == before).all()  # cached background: not shown yet
    d.invalidate()
    assert not (_pixels(d.render()) == before).all()


def test_styles():
    assert set(style.STYLES) == {"notebook", "slides", "phone"}
    assert style.figsize("wide", "phone")[0] * 100 <= 500  # a phone shows it ~358 px wide
    assert style.font_size("slides") >= 16 > style.font_size("notebook") - 5
    assert style.figsize("wide", "slides")[0] > style.figsize("wide", "notebook")[0]
    with pytest.raises(ValueError, match="style must be one of"):
        style.style_path("poster")
    with pytest.raises(ValueError, match="shape must be one of"):
        style.figsize("round")
    assert len(set(style.OKABE_ITO.values())) == 8
    for key in ["car_t", "tumour", "normal_b", "normal_t", "cytokine", "chemo"]:
        assert key in style.COLORS
    assert style.COLORS["car_t"] == style.OKABE_ITO["blue"]
    assert style.COLORS["tumour"] == style.OKABE_ITO["vermillion"]


def test_slide_diagram_uses_slide_fonts():
    d = Dot(style="slides")
    assert d.ax.title.get_fontsize() >= 16
    assert d.size_px[0] == 800


class Label(Diagram):
    def build(self):
        self.ax = self.fig.add_subplot()
        self.bar = self.dynamic(self.ax.bar([0], [1])[0])
        self.label = self.dynamic(self.fig.text(0.05, 0.95, "", va="top"))

    def update(self, value):
        self.bar.set_height(value)
        self.label.set_text(f"value {value}")


def test_cached_text_frames_are_identical_to_fresh_ones():
    d = Label()
    assert d.label in d._cached_text and d.bar in d._dynamic
    frames = {}
    for v in [0.2, 0.7, 0.2, 0.7]:
        d.apply(v)
        png = d.render()
        frames.setdefault(v, []).append(png)
    assert frames[0.2][0] == frames[0.2][1] and frames[0.7][0] == frames[0.7][1]
    fresh = Label()
    fresh.apply(0.7)
    assert _pixels(fresh.render()).tolist() == _pixels(frames[0.7][0]).tolist()
    assert frames[0.2][0] != frames[0.7][0]


def test_use_background_keeps_one_background_per_key():
    d = Dot()
    d.use_background("a")
    a = d.render()
    d.ax.set_title("b")
    d.use_background("b")
    b = d.render()
    d.ax.set_title("static title")
    d.use_background("a")
    assert d.render() == a and a != b


def test_encode_jpeg_matches_pillow_rgb_path():
    from explainer.diagrams.base import encode_jpeg

    rgba = np.random.default_rng(1).integers(0, 256, (37, 53, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3].copy(), "RGB").save(buf, format="jpeg", quality=92,
                                                     subsampling=0)
    assert encode_jpeg(rgba, 92) == buf.getvalue()
    # a non-contiguous view is accepted too
    assert encode_jpeg(np.ascontiguousarray(rgba[:, ::-1])[:, ::-1], 92) == buf.getvalue()


def test_style_context_applies_and_restores_rcparams():
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    wanted = mpl.rc_params_from_file(style.style_path("slides"), use_default_template=False)
    with style.context("slides"):
        for key in wanted:
            assert mpl.rcParams[key] == wanted[key], key
        with style.context("notebook"):
            assert mpl.rcParams["font.size"] == style.font_size("notebook")
        assert mpl.rcParams["font.size"] == style.font_size("slides")
    assert dict(mpl.rcParams) == before
    with pytest.raises(RuntimeError):
        with style.context("slides"):
            raise RuntimeError("boom")
    assert dict(mpl.rcParams) == before
