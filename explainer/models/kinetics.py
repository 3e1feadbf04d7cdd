"""Cellular kinetics of CAR-T cells in patients.

Two published models, each in its own module (so they can be read and tested separately):

* ``simulate_competition``: normal T cells, CAR-T cells and tumour competing after
  lymphodepletion (Kimmel, Locke & Altrock 2021), in :mod:`explainer.models.competition`.
* ``multiphasic_ck``: expansion, contraction and persistence of tisagenlecleucel transgene
  levels (Stein et al. 2019), in :mod:`explainer.models.multiphasic`.
"""

from .competition import CompetitionResult, simulate_competition
from .multiphasic import multiphasic_ck

__all__ = ["CompetitionResult", "simulate_competition", "multiphasic_ck"]
