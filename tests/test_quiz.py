"""Check-your-understanding questions: the bank, the widget, and that notebooks use it."""

import re

import pytest
from conftest import ROOT

from explainer.widgets.quiz import Quiz, quiz_bank


def test_every_question_has_one_right_answer_and_feedback_for_every_choice():
    bank = quiz_bank()
    assert len(bank) >= 14
    for key, q in bank.items():
        assert re.fullmatch(r"0[0-6]-\d+", key), key
        assert q["question"].strip(), key
        assert len(q["choices"]) >= 2, key
        assert sum(c["correct"] for c in q["choices"]) == 1, key
        for c in q["choices"]:
            assert c["text"].strip() and len(c["feedback"].strip()) > 10, (key, c)


def test_every_notebook_question_exists_and_every_question_is_used():
    used = set()
    for src in (ROOT / "notebooks").glob("0*.md"):
        used.update(re.findall(r'Quiz\.load\("([^"]+)"\)', src.read_text()))
    assert used == set(quiz_bank())


def test_no_answer_flags_in_notebook_code():
    for src in (ROOT / "notebooks").glob("0*.md"):
        assert "Quiz(" not in src.read_text(), f"{src.name}: write questions in quizzes.yaml"


def test_checking_an_answer_gives_feedback():
    q = Quiz.load("00-1")
    wrong, right = q.choices[0][0], next(t for t, ok, _ in q.choices if ok)
    assert q.check() is None and "Choose an answer" in q.feedback.value
    assert q.check(wrong) is False and "Not quite" in q.feedback.value
    assert q.check(right) is True and "Correct" in q.feedback.value
    assert q._repr_mimebundle_()["text/plain"].startswith("Question:")


def test_bad_input():
    with pytest.raises(KeyError, match="known quizzes"):
        Quiz.load("99-1")
    with pytest.raises(TypeError, match="key must be a string"):
        Quiz.load(1)
    with pytest.raises(ValueError, match="exactly one"):
        Quiz("q", [("a", True, "x"), ("b", True, "y")])
    with pytest.raises(ValueError, match="answer must be one of"):
        Quiz.load("00-1").check("nonsense")
