"""Engineering the T cell: the parts of a CAR, and how many vector copies a cell receives.

Two models live here.

**CAR builder** (:func:`car_construct`). A receptor is assembled from parts listed in
``explainer/data/car_parts.csv`` (binder, hinge, transmembrane, costimulatory domain, CD3ζ)
and a *generation* [``cart_generations_fig``]:

1. CD3ζ only, no costimulatory domain;
2. one costimulatory domain (CD28 or 4-1BB) plus CD3ζ: every approved product;
3. two costimulatory domains (here CD28 and 4-1BB);
4. a second-generation CAR plus an inducible cytokine payload such as IL-12 ("TRUCK", armoured CAR);
5. a second-generation CAR plus a truncated IL-2 receptor β chain (JAK/STAT cytokine signalling).

Presets reproduce each approved product from ``explainer/data/products.csv``;
:func:`part_users` lists the products whose design uses a given part.

**Transduction** (:func:`transduction`). Assumption, stated plainly: the number of vector
copies that integrate into one cell follows a Poisson distribution whose mean is the
multiplicity of infection (MOI, vector particles per cell) [``moi_poisson_memim``]. Then

* P(k copies) = e^(-MOI) MOI^k / k!
* fraction transduced = 1 - e^(-MOI)
* mean vector copy number (VCN) among transduced cells = MOI / (1 - e^(-MOI)).

Real transduction departs from this: cells differ in how receptive they are, not every
particle is functional, and "MOI" is defined by a titre measured on another cell line. The
model is a teaching approximation, not a process model. Copy-number limits shown with it are
*illustrative*.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from .. import facts
from ._validate import choice, integer, real

__all__ = [
    "MOI_MAX", "GENERATIONS", "PRESETS", "Transduction", "transduction", "copies_for_cells",
    "Part", "parts", "part", "part_users", "Construct", "car_construct", "preset_parts",
    "vector_info",
]

MOI_MAX = 20.0
#: Maximum copy number the distribution and the cell field resolve (far beyond MOI_MAX's tail).
K_MAX = 80

GENERATIONS = {
    1: "1st generation: CD3ζ only. Early CARs of this kind expanded and persisted poorly.",
    2: "2nd generation: one costimulatory domain plus CD3ζ. All approved products are 2nd "
       "generation.",
    3: "3rd generation: two costimulatory domains (here CD28 and 4-1BB) plus CD3ζ.",
    4: "4th generation (TRUCK or 'armoured' CAR): a 2nd-generation CAR plus a payload such as "
       "IL-12 that the cell releases when the CAR is triggered, to reshape the tumour's "
       "surroundings.",
    5: "5th generation: a 2nd-generation CAR plus part of the IL-2 receptor β chain, so "
       "triggering the CAR also sends a cytokine-like (JAK/STAT) signal.",
}

#: Product presets, in order of first approval (brand names).
PRESETS = ("Kymriah", "Yescarta", "Tecartus", "Breyanzi", "Abecma", "Carvykti", "Aucatzyl")


# -- transduction ---------------------------------------------------------------------------

def _check_moi(moi) -> float:
    try:
        return real("moi", moi, lo=0.0, hi=MOI_MAX, lo_open=True)
    except ValueError:
        raise ValueError(f"moi must be a real number with 0 < moi <= {MOI_MAX:g}; "
                         f"got {moi!r}") from None


@functools.lru_cache(maxsize=512)
def _pmf(moi: float) -> np.ndarray:
    k = np.arange(K_MAX + 1)
    logp = -moi + k * math.log(moi) - np.array([math.lgamma(i + 1) for i in k])
    p = np.exp(logp)
    p.setflags(write=False)
    return p


@dataclass(frozen=True)
class Transduction:
    """Poisson model of vector integration at one MOI (see the module docstring)."""

    moi: float
    fraction_transduced: float
    mean_vcn_transduced: float

    def vcn_probability(self, k: int) -> float:
        """Probability that a cell (any cell, transduced or not) carries exactly ``k`` copies."""
        k = integer("k", k, lo=0, hi=1000)
        if k > K_MAX:
            return math.exp(-self.moi + k * math.log(self.moi) - math.lgamma(k + 1))
        return float(_pmf(self.moi)[k])

    def distribution(self, k_max: int = 10) -> np.ndarray:
        """P(0), P(1), ..., P(k_max - 1) and, last, P(k >= k_max) (sums to 1)."""
        k_max = integer("k_max", k_max, lo=1, hi=K_MAX)
        p = _pmf(self.moi)
        head = p[:k_max]
        return np.append(head, max(0.0, 1.0 - float(head.sum())))

    def fraction_above(self, limit: int) -> float:
        """Share of TRANSDUCED cells carrying more than ``limit`` copies (limit >= 0)."""
        limit = integer("limit", limit, lo=0, hi=1000)
        if limit == 0:
            return 1.0
        if limit >= K_MAX:
            return 0.0
        # the upper tail summed directly (1 - head loses all precision for small MOI and is
        # not monotone in ``limit`` for large MOI); the tail beyond K_MAX is negligible
        above = float(_pmf(self.moi)[limit + 1:].sum())
        return min(1.0, above / self.fraction_transduced)


def transduction(*, moi: float) -> Transduction:
    """The Poisson transduction model at multiplicity of infection ``moi`` (0 < moi <= 20)."""
    m = _check_moi(moi)
    frac = -math.expm1(-m)  # 1 - e^-m, accurate for small m
    return Transduction(moi=m, fraction_transduced=frac, mean_vcn_transduced=m / frac)


@functools.lru_cache(maxsize=8)
def _uniforms(n_cells: int, seed: int) -> np.ndarray:
    u = np.random.default_rng(seed).random(n_cells)
    u.setflags(write=False)
    return u


def copies_for_cells(*, moi: float, n_cells: int = 400, seed: int = 2026) -> np.ndarray:
    """Copies per cell for a field of ``n_cells`` cells (seeded, reproducible).

    Each cell keeps one fixed random number and its copy number is the Poisson quantile of it,
    so raising the MOI never takes copies away from a cell: the field changes smoothly.
    """
    m = _check_moi(moi)
    n = integer("n_cells", n_cells, lo=1, hi=100_000)
    s = integer("seed", seed, lo=0)
    cdf = np.cumsum(_pmf(m))
    out = np.searchsorted(cdf, _uniforms(n, s), side="right")
    return np.minimum(out, K_MAX)


# -- CAR parts and constructs ---------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    part: str
    key: str
    label: str
    match: str
    target: str
    size: float
    what_it_does: str
    sources: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _parts() -> tuple[Part, ...]:
    return tuple(Part(part=r["part"], key=r["key"], label=r["label"], match=r["match"],
                      target=r["target"], size=float(r["size"]), what_it_does=r["what_it_does"],
                      sources=r["sources"]) for r in facts.load_table("car_parts"))


def parts(kind: str) -> list[Part]:
    """All parts of one kind: "binder", "hinge", "transmembrane", "costimulatory", "vector"."""
    kinds = sorted({p.part for p in _parts()})
    choice("kind", kind, kinds)
    return [p for p in _parts() if p.part == kind]


def part(kind: str, key: str) -> Part:
    options = parts(kind)
    choice(f"{kind} key", key, [p.key for p in options])
    return next(p for p in options if p.key == key)


def _clean(text: str) -> str:
    return text.replace("(unverified)", "").strip()


def _matches(p: Part, text: str) -> bool:
    return p.match.casefold() in _clean(text).casefold()


def _product_key(kind: str, text: str) -> str:
    for p in parts(kind):
        if _matches(p, text):
            return p.key
    raise ValueError(f"products.csv {kind} {text!r} matches no part in car_parts.csv")


def preset_parts(product: str) -> dict:
    """The CAR-builder settings that reproduce an approved product (brand or generic name)."""
    if not isinstance(product, str):  # checked before the cache (unhashable values)
        raise TypeError(f"product name must be a string; got {type(product).__name__} "
                        f"{product!r}")
    return dict(_preset_parts(facts.product(product).brand))


@functools.cache
def _preset_parts(product: str) -> dict:
    p = facts.product(product)
    return {"binder": _product_key("binder", p.binder),
            "hinge": _product_key("hinge", p.hinge),
            "transmembrane": _product_key("transmembrane", p.transmembrane),
            "costimulatory": _product_key("costimulatory", p.costimulatory),
            "generation": 2}


def part_users(kind: str, key: str) -> tuple[str, ...]:
    """The approved products (brand names, in order of first approval) whose preset uses the
    part ``key`` of ``kind`` ("binder", "hinge", "transmembrane" or "costimulatory"); empty if
    none does. Example: ``part_users("hinge", "igg4") == ("Breyanzi",)``."""
    choice("kind", kind, ("binder", "hinge", "transmembrane", "costimulatory"))
    part(kind, key)  # validates the key
    return tuple(b for b in PRESETS if preset_parts(b)[kind] == key)


def vector_info(name: str) -> tuple[Part, tuple[str, ...]]:
    """The vector part ("lentiviral" or "gamma-retroviral") and the products that use it."""
    choice("name", name, [p.key for p in parts("vector")])
    v = part("vector", name)
    users = tuple(p.brand for p in facts.products() if _matches(v, p.vector))
    return v, users


@dataclass(frozen=True)
class Domain:
    """One drawn piece of the receptor, from the outside of the cell inwards."""

    kind: str      # binder | hinge | transmembrane | costimulatory | extra | signal
    key: str
    label: str


@dataclass(frozen=True)
class Construct:
    binder: Part
    hinge: Part
    transmembrane: Part
    costimulatory: tuple[Part, ...]
    generation: int
    target: str
    domains: tuple[Domain, ...]
    generation_text: str
    payload: str | None
    preset: str | None
    matches: tuple[str, ...]          # approved products with exactly this design
    used_by: dict = field(default_factory=dict)   # part kind -> products using that part
    unverified: tuple[str, ...] = ()  # parts of the preset that no retrieved source stated

    @property
    def name(self) -> str:
        costim = "+".join(p.label.split()[0] for p in self.costimulatory) or "none"
        return f"{self.binder.target} CAR, generation {self.generation}, costimulation {costim}"


def car_construct(*, binder: str, hinge: str, transmembrane: str, costimulatory: str,
                  generation: int, preset: str = "custom") -> Construct:
    """Assemble a CAR from part keys (see ``car_parts.csv``) and a generation (1-5).

    ``costimulatory`` is the main costimulatory domain ("cd28" or "4-1bb"); generation 1 drops
    it, generation 3 adds the other one. ``preset`` ("custom" or a brand name) only labels the
    result; use :func:`preset_parts` to get a product's settings.
    """
    b = part("binder", binder)
    h = part("hinge", hinge)
    t = part("transmembrane", transmembrane)
    c = part("costimulatory", costimulatory)
    g = integer("generation", generation, lo=1, hi=5)
    choice("preset", preset, ("custom",) + PRESETS)
    if g == 1:
        costims: tuple[Part, ...] = ()
    elif g == 3:
        other = next(p for p in parts("costimulatory") if p.key != c.key)
        costims = tuple(sorted((c, other), key=lambda p: p.key != "cd28"))  # CD28 nearest TM
    else:
        costims = (c,)
    cd3z = part("signal", "cd3z")
    doms = [Domain("binder", b.key, b.label), Domain("hinge", h.key, h.label),
            Domain("transmembrane", t.key, t.label)]
    doms += [Domain("costimulatory", p.key, p.label) for p in costims]
    if g == 5:
        doms.append(Domain("extra", "il2rb", "IL-2Rβ fragment"))
    doms.append(Domain("signal", cd3z.key, cd3z.label))
    payload = "IL-12 (released when triggered)" if g == 4 else None
    design = {"binder": b.key, "hinge": h.key, "transmembrane": t.key,
              "costimulatory": c.key, "generation": g}
    matches = tuple(name for name in PRESETS if preset_parts(name) == design)
    used_by = {"binder": part_users("binder", b.key), "hinge": part_users("hinge", h.key),
               "transmembrane": part_users("transmembrane", t.key),
               "costimulatory": part_users("costimulatory", c.key) if costims else ()}
    unverified: tuple[str, ...] = ()
    if preset != "custom":
        pr = facts.product(preset)
        unverified = tuple(k for k in ("hinge", "transmembrane")
                           if "unverified" in getattr(pr, k))
    return Construct(binder=b, hinge=h, transmembrane=t, costimulatory=costims, generation=g,
                     target=b.target, domains=tuple(doms), generation_text=GENERATIONS[g],
                     payload=payload, preset=None if preset == "custom" else preset,
                     matches=matches, used_by=used_by, unverified=unverified)
