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
