"""Check-your-understanding questions with feedback, usable from the keyboard."""

from __future__ import annotations

import functools
import html
from pathlib import Path

import ipywidgets as widgets
import yaml

QUIZ_BANK = Path(__file__).resolve().parents[1] / "data" / "quizzes.yaml"


@functools.lru_cache(maxsize=1)
def quiz_bank() -> dict:
    """Every check-your-understanding question, by key ("00-1", ...), from quizzes.yaml."""
    return yaml.safe_load(QUIZ_BANK.read_text(encoding="utf-8"))


class Quiz:
    """A multiple-choice question. ``choices`` is a list of ``(text, correct, feedback)``.

    Choose with the arrow keys (radio buttons), then press "Check answer". Feedback says why an
    answer is right or wrong, not just whether.
    """

    def __init__(self, question: str, choices: list[tuple[str, bool, str]]):
        if not isinstance(question, str) or not question.strip():
            raise ValueError("question must be a non-empty string")
        if len(choices) < 2:
            raise ValueError(f"choices must hold at least 2 options; got {len(choices)}")
        if sum(bool(c[1]) for c in choices) != 1:
            raise ValueError("exactly one choice must be marked correct")
        self.question = question
        self.choices = [(str(t), bool(ok), str(fb)) for t, ok, fb in choices]
        self.prompt = widgets.HTML(f"<p class='quiz-question'><b>Question.</b> "
                                   f"{html.escape(question)}</p>")
        self.options = widgets.RadioButtons(
            options=[t for t, _, _ in self.choices], value=None,
            description="Answer:", layout=widgets.Layout(width="auto"),
        )
        self.button = widgets.Button(description="Check answer", tooltip="Check your answer")
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _b: self.check())
        self.widget = widgets.VBox([self.prompt, self.options, self.button, self.feedback])
        self.widget.add_class("quiz")

    @classmethod
    def load(cls, key: str) -> Quiz:
        """The question stored under ``key`` in ``explainer/data/quizzes.yaml``.

        Questions live in a data file so the answer is not printed in the notebook's code.
        """
        if not isinstance(key, str):
            raise TypeError(f"key must be a string like '00-1'; got {key!r}")
        bank = quiz_bank()
        if key not in bank:
            raise KeyError(f"unknown quiz {key!r}; known quizzes: {', '.join(bank)}")
        q = bank[key]
        return cls(q["question"], [(c["text"], c["correct"], c["feedback"])
                                   for c in q["choices"]])

    def check(self, answer: str | None = None) -> bool | None:
        """Show feedback for ``answer`` (default: the selected option); return True if correct."""
        if answer is not None:
            if answer not in self.options.options:
                raise ValueError(f"answer must be one of {list(self.options.options)}; "
                                 f"got {answer!r}")
            self.options.value = answer
        chosen = self.options.value
        if chosen is None:
            self.feedback.value = "<p role='status'>Choose an answer first.</p>"
            return None
        _, ok, fb = next(c for c in self.choices if c[0] == chosen)
        verdict = "✔ Correct." if ok else "✘ Not quite."
        self.feedback.value = (f"<p role='status' aria-live='polite'><b>{verdict}</b> "
                               f"{html.escape(fb)}</p>")
        return ok

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        bundle = dict(bundle)
        bundle["text/plain"] = "Question: " + self.question
        bundle["text/html"] = self.static_html()
        return bundle

    def static_html(self) -> str:
        """The question without a kernel: the options, and each option's feedback folded away
        (so a reader can answer first, then open it), as plain HTML with no JavaScript."""
        items = "".join(
            f"<li>{html.escape(t)}<details><summary>Feedback</summary><p>"
            f"<b>{'Correct.' if ok else 'Not quite.'}</b> {html.escape(fb)}</p></details></li>"
            for t, ok, fb in self.choices)
        return (f"<div class='quiz quiz-static'><p class='quiz-question'><b>Question.</b> "
                f"{html.escape(self.question)}</p><ol type='A'>{items}</ol></div>")
