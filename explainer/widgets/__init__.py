"""Widgets: explorers (controls -> model -> diagram) and check-your-understanding quizzes."""

from .base import Explorer
from .quiz import Quiz

__all__ = ["Explorer", "Quiz"]
