"""The microscope: a seeded, vectorised agent-based model of CAR-T cells meeting tumour cells.

A square patch of marrow or tissue (``field_um`` wide, periodic edges: a cell leaving on the
right comes back on the left) holds tumour cells and CAR-T cells as points about one cell
diameter apart. One step is :data:`MINUTES_PER_STEP` minutes. Each step, in this order:

1. **Sensing and moving.** Every free CAR-T cell looks for the nearest antigen-positive tumour
   cell within :data:`SENSING_UM`. If it finds one it steps toward it (a biased walk; it stops
   at contact instead of overshooting); otherwise it keeps a persistent random walk (its heading
   turns by a random angle each step). Antigen-negative tumour cells are invisible to the CAR:
   they are never sensed, never attacked. Exhausted cells sense nothing and wander more slowly.
2. **Contact killing.** A CAR-T cell touching (within :data:`CONTACT_UM`) an antigen-positive
   cell kills it with probability :func:`kill_probability` (rising with antigen density,
   ``P_KILL_MAX`` per step at density 1; an exhausted cell keeps only
   :data:`EXHAUSTED_KILL_FACTOR` of it). After a kill the cell rests
   :data:`REST_STEPS_AFTER_KILL` steps (detaching, reloading granules) before the next one: a
   cell can kill many targets in sequence (serial killing, Davenport et al. 2015) but not all at
   once. A memory cell that touches its antigen becomes active again instead of killing.
3. **Stimulation, division, exhaustion, memory.** After a kill an active cell may divide (a
   daughter next to it; at most once per :data:`DIVISION_COOLDOWN_STEPS`); one daughter in
   :data:`P_DAUGHTER_MEMORY` is a memory cell. Every kill is a stimulation: with
   ``exhaustion`` > 0, a kill exhausts the cell with probability
   ``exhaustion * min(1, kills / SERIAL_KILLS_TO_EXHAUSTION)``; exhausted cells kill weakly,
   never divide, rest twice as long and die at :data:`P_EXHAUSTED_DEATH` per step. An active
   cell that has sensed no target for :data:`IDLE_STEPS_TO_MEMORY` steps becomes a memory cell
   at :data:`P_IDLE_TO_MEMORY` per step (the tumour is gone: the response contracts to memory).
4. **Tumour growth with contact inhibition.** Each tumour cell divides with probability
   ``ln 2 * step / doubling time``, but only if fewer than :data:`MAX_TUMOUR_NEIGHBOURS` tumour
   cells lie within :data:`CROWDING_UM` (cells need space); the daughter keeps the mother's
   antigen status. Antigen-negative cells are those present at the start
   (``antigen_negative_fraction``); no new antigen loss arises during a run.

No outcome is scripted: clearance, escape by antigen-negative cells, slower killing at low
antigen density and regrowth under exhaustion come out of these local rules (see
``docs/research/microscope.md`` for the numbers over seeds).

Published anchors (keys in ``explainer/data/sources.yaml``):

* Tumour doubling time: default 14 h, inside the 11.2-168 h range of initial doubling times that
  Cazaux et al. 2019 (``cazaux2019``) used to model B-cell lymphoma in mouse bone marrow (their
  fast cases 11.2 and 16.8 h). Childhood B-ALL in patients grows far more slowly (a net ~7 % per
  day, about a 10-day doubling, ``all_growth1997``); the patch is a fast, mouse-like setting so a
  whole story fits into 40 hours.
* Serial killing: one CAR-T cell kills several targets one after another (``davenport2015``):
  here a cell rests :data:`REST_STEPS_AFTER_KILL` steps (4 h, illustrative) after each kill and
  then hunts again; ``SERIAL_KILLS_TO_EXHAUSTION`` = 3 is illustrative.
* Contact killing: in mouse bone marrow CAR-T cells engaged, killed and detached from targets
  within about 25 min, but many contacts did not kill (``cazaux2019``); ``P_KILL_MAX`` = 0.15 per
  10-min step of contact is illustrative within that picture.
* Speed: T cells crawl at a few up to ~18 µm/min in lymphoid tissue (``textor2011``: ~18 µm/min
  for naive T cells in lymph nodes; effector cells among their targets move more slowly). We use
  :data:`CAR_T_SPEED_UM_PER_MIN` = 2 µm/min, an illustrative value at the low end.

Everything else (sensing distance, crowding rule, division, memory and death probabilities,
the antigen-density curve, the exhaustion rule, the 10-min step) is **illustrative**: chosen so
the mechanisms are visible, not fitted to data. The patch is a cartoon of a few hundred
micrometres of marrow, not a patient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from ._validate import integer, real

__all__ = [
    "MAX_AGENTS", "MINUTES_PER_STEP", "DEFAULT_STEPS", "KINDS", "KIND_LABELS", "FieldResult",
    "FieldView", "Field", "simulate_field", "kill_probability",
]

# -- parameters --------------------------------------------------------------------------------
#: Most agents (tumour + CAR-T) the model allows, at the start and at any time (divisions stop
#: at the limit). Keeps one step under 5 ms and a stored run under ~4 MB.
MAX_AGENTS = 4000
#: Minutes per model step (illustrative).
MINUTES_PER_STEP = 10.0
#: Default number of steps: 240 x 10 min = 40 h, long enough for clearance, escape or regrowth.
DEFAULT_STEPS = 240
MAX_STEPS = 2000
CELL_DIAMETER_UM = 10.0          # a lymphocyte or blast, ~7-10 µm (illustrative)
CAR_T_SPEED_UM_PER_MIN = 2.0     # textor2011: up to ~18 µm/min in lymph nodes; low end here
EXHAUSTED_SPEED_FACTOR = 0.5     # illustrative
TURN_SD_RAD = 0.9                # persistence of the random walk (illustrative)
SENSING_UM = 25.0                # how far a CAR-T cell "sees" antigen (illustrative)
BIAS = 0.85                      # weight of the target direction vs own heading (illustrative)
CONTACT_UM = 12.0                # centre-to-centre distance that counts as touching
P_KILL_MAX = 0.15                # per step in contact, density 1 (illustrative; cazaux2019)
DENSITY_HALF = 0.35              # antigen density at which killing is at ~half (illustrative)
EXHAUSTED_KILL_FACTOR = 0.1      # illustrative
REST_STEPS_AFTER_KILL = 24       # 4 h between kills (illustrative; serial killing davenport2015)
SERIAL_KILLS_TO_EXHAUSTION = 3   # illustrative
P_DIVIDE_AFTER_KILL = 0.5        # illustrative
DIVISION_COOLDOWN_STEPS = 36     # 6 h between divisions of one cell (illustrative)
P_DAUGHTER_MEMORY = 0.15         # illustrative
IDLE_STEPS_TO_MEMORY = 36        # 6 h without sensing a target (illustrative)
P_IDLE_TO_MEMORY = 0.03          # per step once idle (illustrative)
P_EXHAUSTED_DEATH = 0.006        # per step (~19 h half-life; illustrative)
DEFAULT_DOUBLING_HOURS = 14.0    # within the 11.2-168 h cazaux2019 modelled
CROWDING_UM = 15.0               # illustrative
MAX_TUMOUR_NEIGHBOURS = 6        # contact inhibition (illustrative)
COLONY_CELLS = 120               # tumour cells per starting colony (illustrative)
COLONY_SD_UM = 55.0              # spread of a starting colony (illustrative)

#: Agent kinds in snapshot order, with labels for legends and descriptions.
KINDS = ("tumour_positive", "tumour_negative", "car_t_active", "car_t_exhausted",
         "car_t_memory")
KIND_LABELS = {"tumour_positive": "tumour cell, antigen-positive",
               "tumour_negative": "tumour cell, antigen-negative (invisible to the CAR)",
               "car_t_active": "CAR-T cell, active",
               "car_t_exhausted": "CAR-T cell, exhausted",
               "car_t_memory": "CAR-T cell, memory"}
_ACTIVE, _EXHAUSTED, _MEMORY = 0, 1, 2
_Q = 65535.0  # positions are stored as uint16 fractions of the field width


def kill_probability(antigen_density: float, *, exhausted: bool = False) -> float:
    """Chance per step that a CAR-T cell in contact kills an antigen-positive cell.

    A saturating (Hill, n = 2) curve scaled so density 1 gives ``P_KILL_MAX``: killing falls
    steeply once antigen density is below ~``DENSITY_HALF`` (illustrative shape; the direction,
    weaker killing of antigen-low targets, is the published observation behind CD19-low relapse).
    """
    d2, k2 = antigen_density ** 2, DENSITY_HALF ** 2
    p = P_KILL_MAX * d2 / (d2 + k2) * (1.0 + k2)
    return p * (EXHAUSTED_KILL_FACTOR if exhausted else 1.0)


@dataclass(frozen=True)
class Field:
    """Positions (µm, float32 arrays of shape (n, 2)) of every agent kind at one step."""

    step: int
    hours: float
    positions: dict


@dataclass(frozen=True, eq=False)
class FieldResult:
    """One run of :func:`simulate_field`. Count arrays have length ``steps + 1`` (step 0 = start).

    ``counts[step, k]`` is the number of agents of kind ``KINDS[k]``; snapshots are stored
    compactly (uint16 positions grouped by kind) and read with :meth:`field_at` or
    :meth:`positions`.
    """

    seed: int
    car_t_cells: int
    tumour_cells: int
    antigen_negative_fraction: float
    antigen_density: float
    exhaustion: float
    steps: int
    field_um: float
    tumour_doubling_hours: float
    hours: np.ndarray
    tumour_positive: np.ndarray
    tumour_negative: np.ndarray
    car_t: np.ndarray
    car_t_active: np.ndarray
    car_t_exhausted: np.ndarray
    car_t_memory: np.ndarray
    kills: np.ndarray
    divisions_car_t: np.ndarray
    kills_per_car_t: np.ndarray = field(repr=False)
    counts: np.ndarray = field(repr=False)
    _offsets: np.ndarray = field(repr=False)
    _xy: np.ndarray = field(repr=False)

    @property
    def tumour(self) -> np.ndarray:
        return self.tumour_positive + self.tumour_negative

    @property
    def cleared_step(self) -> int | None:
        """First step with no tumour cell left, or None if the tumour survives."""
        zero = np.flatnonzero(self.tumour == 0)
        return int(zero[0]) if zero.size else None

    @property
    def final_negative_share(self) -> float:
        """Share of the surviving tumour that is antigen-negative at the end (NaN if none)."""
        total = int(self.tumour[-1])
        return float(self.tumour_negative[-1]) / total if total else float("nan")

    def _check_step(self, step) -> int:
        return integer("step", step, lo=0, hi=self.steps)

    def positions(self, step: int, kind: str) -> np.ndarray:
        """(n, 2) float32 positions in µm of agents of ``kind`` at ``step``."""
        step = self._check_step(step)
        k = KINDS.index(kind)
        lo, hi = self._offsets[step, k], self._offsets[step, k + 1]
        return self._xy[lo:hi].astype(np.float32) * np.float32(self.field_um / _Q)

    def field_at(self, step: int) -> Field:
        step = self._check_step(step)
        return Field(step=step, hours=float(self.hours[step]),
                     positions={k: self.positions(step, k) for k in KINDS})


@dataclass(frozen=True, eq=False)
class FieldView:
    """What :class:`explainer.diagrams.microscope.MicroscopeDiagram` draws: a run and a step."""

    result: FieldResult
    step: int


def _unit(rng, n):
    a = rng.uniform(0.0, 2.0 * math.pi, n)
    return np.column_stack((np.cos(a), np.sin(a)))


def simulate_field(*, seed: int, car_t_cells: int, tumour_cells: int,
                   antigen_negative_fraction: float, antigen_density: float = 1.0,
                   exhaustion: float = 0.0, steps: int = DEFAULT_STEPS,
                   field_um: float = 600.0,
                   tumour_doubling_hours: float = DEFAULT_DOUBLING_HOURS) -> FieldResult:
    """Run the microscope model (rules and sources in the module docstring).

    Parameters (keyword-only):
        seed: whole number >= 0; the same seed and inputs give the same result.
        car_t_cells, tumour_cells: agents at the start (>= 0; together <= ``MAX_AGENTS``).
        antigen_negative_fraction: share of tumour cells without the antigen, in [0, 1]
            (rounded to a whole number of cells).
        antigen_density: antigen per cell on positive cells, in (0, 1]; 1 = CD19-high.
        exhaustion: how strongly repeated stimulation exhausts CAR-T cells, in [0, 1].
        steps: number of 10-min steps (0-2000); arrays have ``steps + 1`` entries.
        field_um: width of the square patch in µm (100-2000).
        tumour_doubling_hours: tumour doubling time with free space (6-240 h).
    """
    seed = integer("seed", seed, lo=0, hi=2 ** 63 - 1)
    n_car = integer("car_t_cells", car_t_cells, lo=0, hi=MAX_AGENTS)
    n_tum = integer("tumour_cells", tumour_cells, lo=0, hi=MAX_AGENTS)
    if n_car + n_tum > MAX_AGENTS:
        raise ValueError(f"car_t_cells + tumour_cells must be <= {MAX_AGENTS} (the model's "
                         f"limit on agents); got {n_car} + {n_tum} = {n_car + n_tum}")
    neg_frac = real("antigen_negative_fraction", antigen_negative_fraction, lo=0.0, hi=1.0)
    density = real("antigen_density", antigen_density, lo=0.0, hi=1.0, lo_open=True)
    exh = real("exhaustion", exhaustion, lo=0.0, hi=1.0)
    steps = integer("steps", steps, lo=0, hi=MAX_STEPS)
    L = real("field_um", field_um, lo=100.0, hi=2000.0)
    td = real("tumour_doubling_hours", tumour_doubling_hours, lo=6.0, hi=240.0)
    return _run(seed, n_car, n_tum, neg_frac, density, exh, steps, L, td)


def _wrap(xy, L):
    np.mod(xy, L, out=xy)
    xy[xy >= L] = 0.0  # np.mod(-tiny, L) can round to L
    return xy


def _run(seed, n_car, n_tum, neg_frac, density, exh, steps, L, td) -> FieldResult:
    rng = np.random.default_rng(seed)
    dt = MINUTES_PER_STEP
    step_len = CAR_T_SPEED_UM_PER_MIN * dt
    p_kill = kill_probability(density)
    p_kill_ex = kill_probability(density, exhausted=True)
    p_tum_div = math.log(2.0) * dt / (td * 60.0)

    # tumour state
    # tumour cells start in colonies (clusters of ~COLONY_CELLS), CAR-T cells spread evenly
    n_col = max(1, int(round(n_tum / COLONY_CELLS)))
    centres = rng.uniform(0.0, L, (n_col, 2))
    t_xy = _wrap(centres[rng.integers(0, n_col, n_tum)]
                 + rng.normal(0.0, COLONY_SD_UM, (n_tum, 2)), L)
    n_neg = int(round(neg_frac * n_tum))
    t_pos = np.ones(n_tum, dtype=bool)
    t_pos[rng.permutation(n_tum)[:n_neg]] = False
    # CAR-T state
    c_xy = rng.uniform(0.0, L, (n_car, 2))
    c_head = rng.uniform(0.0, 2.0 * math.pi, n_car)
    c_state = np.zeros(n_car, dtype=np.int8)
    c_kills = np.zeros(n_car, dtype=np.int32)
    c_rest = np.zeros(n_car, dtype=np.int32)
    c_cool = np.zeros(n_car, dtype=np.int32)
    c_idle = np.zeros(n_car, dtype=np.int32)

    counts = np.zeros((steps + 1, len(KINDS)), dtype=np.int32)
    kills = np.zeros(steps + 1, dtype=np.int64)
    car_div = np.zeros(steps + 1, dtype=np.int64)
    snaps_xy, snaps_off = [], np.zeros((steps + 1, len(KINDS) + 1), dtype=np.int64)
    total_stored = 0
    scale = _Q / L

    def record(s):
        nonlocal total_stored
        groups = (t_xy[t_pos], t_xy[~t_pos], c_xy[c_state == _ACTIVE],
                  c_xy[c_state == _EXHAUSTED], c_xy[c_state == _MEMORY])
        sizes = [g.shape[0] for g in groups]
        counts[s] = sizes
        snaps_off[s, 0] = total_stored
        snaps_off[s, 1:] = total_stored + np.cumsum(sizes)
        if sum(sizes):
            q = np.concatenate(groups) * scale
            snaps_xy.append(np.minimum(np.rint(q), _Q).astype(np.uint16))
        total_stored += sum(sizes)

    record(0)
    total_kills = 0
    total_div = 0
    for s in range(1, steps + 1):
        n_c = c_xy.shape[0]
        # -- 1. sensing and moving -------------------------------------------------------------
        pos_idx = np.flatnonzero(t_pos)
        target = np.full(n_c, -1, dtype=np.int64)
        dist = np.full(n_c, np.inf)
        if n_c and pos_idx.size:
            seeing = c_state != _EXHAUSTED
            if seeing.any():
                tree = cKDTree(t_xy[pos_idx], boxsize=L)
                d, j = tree.query(c_xy[seeing], k=1, distance_upper_bound=SENSING_UM)
                found = np.isfinite(d)
                w = np.flatnonzero(seeing)
                target[w[found]] = pos_idx[j[found]]
                dist[w[found]] = d[found]
        has_t = target >= 0
        if n_c:
            c_head += rng.normal(0.0, TURN_SD_RAD, n_c)
            heading = np.column_stack((np.cos(c_head), np.sin(c_head)))
            move = heading * step_len
            if has_t.any():
                vec = t_xy[target[has_t]] - c_xy[has_t]
                vec -= L * np.rint(vec / L)
                dd = dist[has_t][:, None]
                u = vec / np.maximum(dd, 1e-9)
                mix = BIAS * u + (1.0 - BIAS) * heading[has_t]
                mix /= np.maximum(np.linalg.norm(mix, axis=1, keepdims=True), 1e-9)
                # step toward the target but stop at contact (just inside CONTACT_UM)
                length = np.minimum(step_len, np.maximum(dd - 0.8 * CONTACT_UM, 0.0))
                move[has_t] = mix * length
                c_head[has_t] = np.arctan2(mix[:, 1], mix[:, 0])
            ex = c_state == _EXHAUSTED
            move[ex] *= EXHAUSTED_SPEED_FACTOR
            resting = c_rest > 0
            move[resting] *= 0.3  # detaching from the dead target
            c_xy += move
            _wrap(c_xy, L)
            c_rest[resting] -= 1
            c_cool[c_cool > 0] -= 1
            c_idle = np.where(has_t, 0, c_idle + 1)

        # -- 2. contact killing ----------------------------------------------------------------
        killed_t = np.zeros(t_xy.shape[0], dtype=bool)
        new_kill = np.zeros(n_c, dtype=bool)
        if has_t.any():
            cand = np.flatnonzero(has_t & (c_rest == 0))
            if cand.size:
                d_now = t_xy[target[cand]] - c_xy[cand]
                d_now -= L * np.rint(d_now / L)
                touching = np.einsum("ij,ij->i", d_now, d_now) <= CONTACT_UM ** 2
                cand = cand[touching]
            if cand.size:
                mem = c_state[cand] == _MEMORY
                # memory cells touching antigen are re-activated instead of killing
                c_state[cand[mem]] = _ACTIVE
                c_idle[cand[mem]] = 0
                cand = cand[~mem]
                p = np.where(c_state[cand] == _EXHAUSTED, p_kill_ex, p_kill)
                win = cand[rng.random(cand.size) < p]
                if win.size:
                    # several killers of one target: the first in (random) order gets it
                    order = rng.permutation(win.size)
                    win = win[order]
                    _, first = np.unique(target[win], return_index=True)
                    win = win[first]
                    killed_t[target[win]] = True
                    new_kill[win] = True
        if new_kill.any():
            k = np.flatnonzero(new_kill)
            c_kills[k] += 1
            total_kills += k.size
            was_ex = c_state[k] == _EXHAUSTED
            c_rest[k] = np.where(was_ex, 2 * REST_STEPS_AFTER_KILL, REST_STEPS_AFTER_KILL)
            # -- 3. exhaustion, division, memory -------------------------------------------
            act = k[~was_ex]
            if exh > 0 and act.size:
                p_ex = exh * np.minimum(1.0, c_kills[act] / SERIAL_KILLS_TO_EXHAUSTION)
                got = rng.random(act.size) < p_ex
                c_state[act[got]] = _EXHAUSTED
                act = act[~got]
            div = act[(c_cool[act] == 0) & (rng.random(act.size) < P_DIVIDE_AFTER_KILL)]
            room = MAX_AGENTS - (n_c + t_xy.shape[0] - int(killed_t.sum()))
            div = div[:max(room, 0)]
            if div.size:
                c_cool[div] = DIVISION_COOLDOWN_STEPS
                d_xy = _wrap(c_xy[div] + _unit(rng, div.size) * CELL_DIAMETER_UM, L)
                d_state = np.where(rng.random(div.size) < P_DAUGHTER_MEMORY, _MEMORY,
                                   _ACTIVE).astype(np.int8)
                c_xy = np.concatenate((c_xy, d_xy))
                c_head = np.concatenate((c_head, rng.uniform(0, 2 * math.pi, div.size)))
                c_state = np.concatenate((c_state, d_state))
                c_kills = np.concatenate((c_kills, np.zeros(div.size, np.int32)))
                c_rest = np.concatenate((c_rest, np.full(div.size, REST_STEPS_AFTER_KILL,
                                                         np.int32)))
                c_cool = np.concatenate((c_cool, np.full(div.size, DIVISION_COOLDOWN_STEPS,
                                                         np.int32)))
                c_idle = np.concatenate((c_idle, np.zeros(div.size, np.int32)))
                total_div += div.size
        if killed_t.any():
            t_xy = t_xy[~killed_t]
            t_pos = t_pos[~killed_t]
        n_c = c_xy.shape[0]
        if n_c:
            idle = (c_state == _ACTIVE) & (c_idle >= IDLE_STEPS_TO_MEMORY)
            if idle.any():
                to_mem = idle & (rng.random(n_c) < P_IDLE_TO_MEMORY)
                c_state[to_mem] = _MEMORY
            ex = c_state == _EXHAUSTED
            if ex.any():
                die = ex & (rng.random(n_c) < P_EXHAUSTED_DEATH)
                if die.any():
                    keep = ~die
                    c_xy, c_head, c_state = c_xy[keep], c_head[keep], c_state[keep]
                    c_kills, c_rest, c_cool, c_idle = (c_kills[keep], c_rest[keep],
                                                       c_cool[keep], c_idle[keep])

        # -- 4. tumour growth with contact inhibition --------------------------------------
        n_t = t_xy.shape[0]
        if n_t:
            want = np.flatnonzero(rng.random(n_t) < p_tum_div)
            room = MAX_AGENTS - n_t - c_xy.shape[0]
            if want.size and room > 0:
                tree_all = cKDTree(t_xy, boxsize=L)
                crowd = tree_all.query_ball_point(t_xy[want], r=CROWDING_UM, return_length=True)
                want = want[crowd - 1 < MAX_TUMOUR_NEIGHBOURS][:room]
                if want.size:
                    d_xy = _wrap(t_xy[want] + _unit(rng, want.size) * CELL_DIAMETER_UM, L)
                    t_xy = np.concatenate((t_xy, d_xy))
                    t_pos = np.concatenate((t_pos, t_pos[want]))
        kills[s] = total_kills
        car_div[s] = total_div
        record(s)

    xy = (np.concatenate(snaps_xy) if snaps_xy else np.zeros((0, 2), np.uint16))
    arrays = dict(
        hours=np.arange(steps + 1) * (dt / 60.0),
        tumour_positive=counts[:, 0].copy(), tumour_negative=counts[:, 1].copy(),
        car_t=counts[:, 2:].sum(axis=1), car_t_active=counts[:, 2].copy(),
        car_t_exhausted=counts[:, 3].copy(), car_t_memory=counts[:, 4].copy(),
        kills=kills, divisions_car_t=car_div, kills_per_car_t=c_kills.copy(), counts=counts,
        _offsets=snaps_off, _xy=xy)
    for a in arrays.values():
        a.setflags(write=False)
    return FieldResult(seed=seed, car_t_cells=n_car, tumour_cells=n_tum,
                       antigen_negative_fraction=neg_frac, antigen_density=density,
                       exhaustion=exh, steps=steps, field_um=L, tumour_doubling_hours=td,
                       **arrays)
