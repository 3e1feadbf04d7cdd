"""Stein et al. 2019 multiphasic cellular-kinetic model (to be implemented for notebook 05)."""

from __future__ import annotations


def multiphasic_ck(t_days, **kwargs):
    raise NotImplementedError("multiphasic_ck is not implemented yet (issue: stage 5)")
