"""The Explorer base: close() frees every widget it made; the live description is plain text
(the page script makes its stable container the one live region)."""

import pytest

from benchmarks.explorers import explorers
from explainer.widgets.base import _tree
from explainer.widgets.scenes_infusion import SynapseScene


@pytest.mark.parametrize("cls", [explorers()[0], SynapseScene], ids=lambda c: c.__name__)
def test_close_closes_every_widget_of_the_explorer(cls):
    e = cls()
    made = _tree(e.widget)
    assert len(made) > 20 and all(w.comm is not None for w in made)
    e.close()
    still_open = [type(w).__name__ for w in made if w.comm is not None]
    assert not still_open, f"left open after close(): {still_open}"


def test_description_carries_no_second_live_region():
    e = explorers()[0]()
    try:
        assert "role=" not in e.description.value and "aria-live" not in e.description.value
        assert e.describe() in e.description.value
    finally:
        e.close()


def test_numbers_are_written_and_read_the_way_students_write_them():
    from explainer.widgets.layout import fmt, parse_number

    assert [fmt(v) for v in (5, 0.25, 50000, 3.16e9, 2.5e-4, -3e6, 200000, 0.0)] == [
        "5", "0.25", "50000", "3.16 × 10⁹", "2.5 × 10⁻⁴", "-3 × 10⁶", "2 × 10⁵", "0"]
    for v in (5, 0.25, 50000, 3.16e9, 2.5e-4, -3e6):
        assert parse_number(fmt(v)) == pytest.approx(v)
    for text, v in (("3.16e9", 3.16e9), ("3.16x10^9", 3.16e9), ("3.16 * 10**9", 3.16e9),
                    ("1,000,000", 1e6), ("10⁹", 1e9), ("−5", -5), ("2 × 10⁻³", 2e-3)):
        assert parse_number(text) == pytest.approx(v), text
    assert parse_number("1 × 10⁹⁹⁹") == float("inf")  # out of every range, no OverflowError
    for bad in ("abc", "2**10", "3 × 10", "1+1", "__import__('os')"):
        with pytest.raises(ValueError):
            parse_number(bad)
