"""Kimmel, Locke & Altrock 2021 competition model (to be implemented for notebook 04)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class CompetitionResult:
    t_days: np.ndarray
    normal: np.ndarray
    car_t: np.ndarray
    tumour: np.ndarray


def simulate_competition(**kwargs) -> CompetitionResult:
    raise NotImplementedError("simulate_competition is not implemented yet (issue: stages 3-4)")
