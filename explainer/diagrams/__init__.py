"""Diagrams: matplotlib figures built once, updated in place, rendered with Agg."""

from . import style
from .base import Diagram

__all__ = ["Diagram", "style"]
