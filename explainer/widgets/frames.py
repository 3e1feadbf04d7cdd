"""Frames drawn once and kept, and the next slider step drawn while the kernel is idle.

A frame (model result + image bytes) depends only on the control values, so an explorer keeps
the frames it has drawn in a :class:`FrameCache` (least recently used dropped) and, inside a
kernel, a :class:`Prefetcher` draws the ones the user is likely to ask for next, one per turn of
the kernel's event loop, so a message from the browser waits for at most one frame. Slider
values are snapped to their step grid (:func:`snap`) before they become a key: the browser sends
0.30000000000000004. Nothing here knows about models or diagrams.

The environment variable ``CART_FRAME_CACHE`` sets the cache size (default 64; 0 turns the
cache and the prefetch off, for benchmarks).

A class shares its frames: with ``CART_SHARED_FRAMES`` naming a directory (class mode and the
app view make a private one for each server run, see tools/class_mode.py), a frame drawn by
one student's kernel is written there (:class:`SharedFrames`) and every other kernel showing the
same explorer in the same style reads it instead of computing and drawing it again. Thirty
students moving the same slider then cost about one drawing per value, not thirty.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
import pickle
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Hashable

import ipywidgets as widgets

SLIDERS = (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)


def cache_size_from_env(default: int = 64) -> int:
    """``CART_FRAME_CACHE`` as a whole number >= 0 (``default`` when unset)."""
    text = os.environ.get("CART_FRAME_CACHE", str(default))
    try:
        size = int(text)
    except ValueError:
        size = -1
    if size < 0:
        raise ValueError(f"CART_FRAME_CACHE must be a whole number >= 0 (0: no cache); "
                         f"got {text!r}")
    return size


class FrameCache:
    """At most ``maxsize`` values by key, the least recently used dropped first (0: keep none)."""

    def __init__(self, maxsize: int):
        self._items: OrderedDict = OrderedDict()
        self.maxsize = maxsize

    @property
    def maxsize(self) -> int:
        return self._maxsize

    @maxsize.setter
    def maxsize(self, n: int) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(f"maxsize must be a whole number >= 0; got {n!r}")
        self._maxsize = n
        while len(self._items) > n:
            self._items.popitem(last=False)

    def get(self, key: Hashable):
        """The value for ``key`` (now the most recently used), or None."""
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Hashable, value) -> None:
        if not self._maxsize:
            return
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._maxsize:
            self._items.popitem(last=False)

    def keys(self) -> list:
        """Keys from the least to the most recently used."""
        return list(self._items)

    def clear(self) -> None:
        self._items.clear()

    def __contains__(self, key) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)


class SharedFrames:
    """Frames (result, image bytes) kept in a directory that the kernels of one server share.

    Only the server's own kernels write there (a private directory, mode 0700, made by the
    launcher and removed when it stops), so reading back the pickled results is safe. A file
    that cannot be read is ignored (the frame is drawn again); writes are atomic (written
    beside, then renamed). At most ``max_files`` frames are written (about 80 kB each), so a
    long lesson cannot fill the disk.
    """

    def __init__(self, directory: str, max_files: int = 6000):
        if not os.path.isdir(directory):
            raise ValueError(f"CART_SHARED_FRAMES must name an existing directory (or be "
                             f"unset); got {directory!r}")
        self.directory = directory
        self.max_files = max_files
        self._writes = 0
        self._full = False

    @classmethod
    def from_env(cls) -> SharedFrames | None:
        """The store named by ``CART_SHARED_FRAMES``, or None when it is unset or empty."""
        directory = os.environ.get("CART_SHARED_FRAMES", "")
        return cls(directory) if directory else None

    def _path(self, key: tuple) -> str:
        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
        return os.path.join(self.directory, digest + ".frame")

    def get(self, key: tuple):
        """The frame stored under ``key`` (a tuple of the explorer, style and frame key)."""
        try:
            with open(self._path(key), "rb") as f:
                stored_key, frame = pickle.load(f)  # noqa: S301 - our own kernels' files
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError,
                AttributeError, ImportError):
            return None
        return frame if stored_key == key else None

    def put(self, key: tuple, frame) -> None:
        if self._full:
            return
        self._writes += 1
        if self._writes % 100 == 1:  # look at the directory now and then, not every frame
            try:
                self._full = len(os.listdir(self.directory)) >= self.max_files
            except OSError:
                self._full = True
            if self._full:
                return
        try:
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".part")
            with os.fdopen(fd, "wb") as f:
                pickle.dump((key, frame), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(key))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass  # a frame not shared is only a frame drawn again elsewhere


class Prefetcher:
    """Calls ``draw(item)`` for queued items on the running event loop, one item per turn and
    ``pause`` seconds apart, so whatever else the loop has to do (a message from the browser)
    goes first. Errors of ``draw`` are swallowed: nobody has asked for that frame yet.

    Outside an event loop (plain Python, tests) :meth:`schedule` does nothing.
    """

    def __init__(self, draw: Callable[[object], object], *, pause: float = 0.15):
        self.draw = draw
        self.pause = pause
        self.queue: list = []
        self._handle: asyncio.Handle | None = None

    @property
    def pending(self) -> bool:
        """True while a draw is scheduled."""
        return self._handle is not None

    def schedule(self, items, *, delay: float = 0.0) -> bool:
        """Replace the queue with ``items`` (None entries dropped); start after ``delay``
        seconds. Returns False (and queues nothing) when no event loop is running."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self.cancel()
        self.queue = [item for item in items if item is not None]
        if self.queue:
            self._handle = loop.call_later(delay, self._next, loop)
        return True

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None
        self.queue = []

    def _next(self, loop) -> None:
        self._handle = None
        if not self.queue:
            return
        item = self.queue.pop(0)
        try:
            self.draw(item)
        except Exception:  # noqa: BLE001 - a frame nobody asked for yet: no error to show
            pass
        if self.queue:
            self._handle = loop.call_later(self.pause, self._next, loop)


def slider_bounds(slider) -> tuple[float, float]:
    """(lowest, highest) value of a slider (a log slider's in its own units, not exponents)."""
    if isinstance(slider, widgets.FloatLogSlider):
        return slider.base ** slider.min, slider.base ** slider.max
    return slider.min, slider.max


def snap(controls: dict, values: dict) -> dict:
    """``values`` with slider values on their step grid (values off the grid are kept)."""
    out = dict(values)
    for name, v in values.items():
        w = controls.get(name)
        if not isinstance(w, SLIDERS) or not w.step or isinstance(v, bool):
            continue
        if isinstance(w, widgets.FloatLogSlider):
            if v <= 0:
                continue
            exp = math.log(v, w.base)
            k = round((exp - w.min) / w.step)
            if abs(exp - (w.min + k * w.step)) < 1e-6 * w.step:
                lo, hi = slider_bounds(w)
                out[name] = min(max(w.base ** round(w.min + k * w.step, 10), lo), hi)
        else:
            k = round((v - w.min) / w.step)
            q = w.min + k * w.step
            if abs(v - q) < 1e-6 * w.step:
                q = int(round(q)) if isinstance(w, widgets.IntSlider) else round(q, 10)
                out[name] = min(max(q, w.min), w.max)
    return out


def frame_key(controls: dict, values: dict) -> tuple:
    """The cache key of a frame: the snapped values, in control order."""
    return tuple(snap(controls, values).values())


def other_options(controls: dict, values: dict, name: str, limit: int = 12) -> list[dict]:
    """``values`` with option control ``name`` (dropdown, toggle buttons) at each of its other
    options, next ones first (wrapping); [] for sliders, disabled controls or long lists."""
    w = controls.get(name)
    opts = getattr(w, "options", None)
    if isinstance(w, SLIDERS) or not opts or w.disabled or len(opts) > limit:
        return []
    keys = [o[1] if isinstance(o, tuple) else o for o in opts]
    if values[name] not in keys:
        return []
    i = keys.index(values[name])
    return [{**values, name: k} for k in keys[i + 1:] + keys[:i]]


def neighbour(controls: dict, values: dict, name: str, direction: int) -> dict | None:
    """``values`` with slider ``name`` one step up (+1) or down (-1), snapped; None when
    ``name`` is not an enabled slider or the step would leave its range."""
    w = controls.get(name)
    if not isinstance(w, SLIDERS) or w.disabled or not w.step:
        return None
    values = snap(controls, values)
    if isinstance(w, widgets.FloatLogSlider):
        exp = math.log(values[name], w.base) + direction * w.step
        if not (w.min - 1e-9 <= exp <= w.max + 1e-9):
            return None
        values[name] = w.base ** exp
    else:
        v = values[name] + direction * w.step
        if not (w.min <= v <= w.max):
            return None
        values[name] = v
    return snap(controls, values)
