"""Trial, price, relapse and kinetic summary data, checked against their sources (2026-12-01)."""

import pytest

from explainer import facts

# (name, n_infused, orr, cr, crs_any, crs3, neuro_any, neuro3): headline results of the primary
# reports (issue 11, checked 2026-12-01; docs/research/edition_2026_12.md says what was read where).
EXPECTED = [
    ("ELIANA", 75, 0.81, 0.60, 0.77, 0.46, 0.40, 0.13),
    ("ZUMA-1", 101, 0.82, 0.54, 0.93, 0.13, 0.64, 0.28),
    ("JULIET", 111, 0.52, 0.40, 0.58, 0.22, 0.21, 0.12),
    ("TRANSCEND NHL 001", 269, 0.73, 0.53, 0.42, 0.02, 0.30, 0.10),
    ("ZUMA-2", 68, 0.93, 0.67, 0.91, 0.15, 0.63, 0.31),
    ("KarMMa", 128, 0.73, 0.33, 0.84, 0.05, 0.18, 0.03),
    ("CARTITUDE-1", 97, 0.97, 0.67, 0.95, 0.04, 0.21, 0.10),
    # FELIX (Roddie et al., NEJM 2024): remission in cohort 2A (94), safety in the 127 infused;
    # any-grade CRS and ICANS not in the abstract read, so not verified (None)
    ("FELIX", 127, 0.77, 0.55, None, 0.024, None, 0.071),
]
#: complete remission with incomplete blood count recovery (leukaemia trials only)
CRI = {"ELIANA": 0.21, "FELIX": 0.21}


@pytest.mark.parametrize("row", EXPECTED, ids=lambda r: r[0])
def test_trial_values(row):
    name, n, orr, cr, crs, crs3, neu, neu3 = row
    t = facts.trial(name.lower())  # case-insensitive
    assert t.name == name and t.n_infused == n
    for got, want in [(t.orr, orr), (t.cr, cr), (t.crs_any, crs), (t.crs_grade3plus, crs3),
                      (t.neuro_any, neu), (t.neuro_grade3plus, neu3)]:
        assert got == (pytest.approx(want) if want is not None else None)
    assert t.grading_scale and t.sources
    assert t.cri == (pytest.approx(CRI[name]) if name in CRI else None)
    # orr = cr + cri + pr (published rates are rounded: within one point)
    assert float(t.extra["pr"]) == pytest.approx(orr - cr - CRI.get(name, 0.0), abs=0.011)
    assert t.pr == pytest.approx(float(t.extra["pr"]), abs=0.005)
    if name in CRI:
        assert t.pr == 0.0  # leukaemia: remission is CR or CRi, no partial category


def test_eliana_remission_is_cr_plus_cri_not_all_complete():
    t = facts.trial("ELIANA")
    assert (t.cr, t.cri, t.pr) == (pytest.approx(0.60), pytest.approx(0.21), 0.0)
    assert t.cr + t.cri == pytest.approx(t.orr)
    assert "CRi" in t.extra["response_note"]


def test_all_seven_pivotal_trials_and_consistency():
    ts = facts.trials()
    assert {t.name for t in ts} == {r[0] for r in EXPECTED}
    for t in ts:
        assert t.cr <= t.orr and not t.randomised
        if t.crs_any is not None and t.crs_grade3plus is not None:
            assert t.crs_grade3plus <= t.crs_any
        if t.neuro_any is not None and t.neuro_grade3plus is not None:
            assert t.neuro_grade3plus <= t.neuro_any


# (name, endpoint, median CAR-T, median control, HR, CI, not reached, result): the randomised
# trials of CAR-T versus standard care (docs/research/field_2026_12.md section 1)
RANDOMISED = [
    ("ZUMA-7", "event-free survival", 8.3, 2.0, 0.40, (0.31, 0.51), False, "positive"),
    ("TRANSFORM", "event-free survival", None, 2.4, 0.356, (0.243, 0.522), True, "positive"),
    ("CARTITUDE-4", "progression-free survival", None, 11.8, 0.26, (0.18, 0.38), True,
     "positive"),
    ("KarMMa-3", "progression-free survival", 13.3, 4.4, 0.49, (0.38, 0.64), False, "positive"),
    ("BELINDA", "event-free survival", 3.0, 3.0, None, None, False, "negative"),
]


@pytest.mark.parametrize("row", RANDOMISED, ids=lambda r: r[0])
def test_randomised_trials_resolve(row):
    name, endpoint, cart, control, hr, ci, not_reached, result = row
    t = facts.trial(name.upper())
    assert t.randomised and t.name == name and t.endpoint == endpoint
    assert t.median_months_cart == (None if cart is None else pytest.approx(cart))
    assert t.median_months_control == pytest.approx(control)
    assert t.hazard_ratio == (None if hr is None else pytest.approx(hr))
    assert t.hr_ci == (None if ci is None else pytest.approx(ci))
    assert t.median_not_reached is not_reached and t.result == result
    assert t.positive is (result == "positive") and t.n_randomised > 100 and t.sources
    if t.hazard_ratio is not None:
        assert t.hazard_ratio < 1  # every positive trial favours CAR-T
    assert any(facts.source(k).kind in facts.EVIDENCE_KINDS for k in t.sources)


def test_randomised_trials_list_and_bad_rows(tmp_path, monkeypatch):
    assert [t.name for t in facts.randomised_trials()] == [r[0] for r in RANDOMISED]
    src = (facts.DATA_DIR / "randomised_trials.csv").read_text()
    for bad, message in [(("0.40,,0.31,0.51", "0.40,,0.41,0.51"), "confidence interval"),
                         (("0.40,,0.31", "0.40,not reached,0.31"), "not reached"),
                         (("0.26,not reached", "0.26,not yet"), "median_cart_status")]:
        for f in facts.DATA_DIR.glob("sources*.yaml"):
            (tmp_path / f.name).write_text(f.read_text())
        (tmp_path / "randomised_trials.csv").write_text(src.replace(*bad, 1))
        monkeypatch.setattr(facts, "DATA_DIR", tmp_path)
        facts._table.cache_clear()
        facts._randomised.cache_clear()
        facts.sources.cache_clear()
        try:
            with pytest.raises(ValueError, match=message):
                facts.randomised_trials()
        finally:
            monkeypatch.undo()
            facts._table.cache_clear()
            facts._randomised.cache_clear()
            facts.sources.cache_clear()
    assert len(facts.randomised_trials()) == 5


def test_unknown_trial():
    with pytest.raises(KeyError, match="known trials: ELIANA.*FELIX.*ZUMA-7.*BELINDA"):
        facts.trial("ZUMA-99")


def test_relapse_counts_lamble2023():
    rows = {r["category"]: int(r["count"]) for r in facts.load_table("relapse")}
    assert rows["cd19_positive"] == 83 and rows["cd19_negative"] == 68
    assert rows["lineage_switch"] == 12 and sum(rows.values()) == 166


def test_prices_rest_on_manufacturer_regulator_or_primary_sources():
    rows = facts.load_table("prices")
    prices = {(r["product"], r["year"]): int(r["price_usd"]) for r in rows}
    assert prices[("Kymriah", "2017")] == 475000
    assert prices[("Kymriah", "2018")] == 373000
    assert prices[("Yescarta", "2017")] == 373000
    # reported only by trade press so far: kept apart, flagged as reported
    reported = {(r["product"], r["year"]): int(r["price_usd"])
                for r in facts.load_table("prices_reported")}
    assert reported[("Tecartus", "2020")] == 373000
    assert reported[("Abecma", "2021")] == 419500
    assert reported[("Carvykti", "2022")] == 465000
    assert reported[("Aucatzyl", "2024")] == 525000
    assert reported[("Breyanzi", "2021")] == 410300
    assert not set(prices) & set(reported)
    for r in facts.load_table("prices_reported"):
        assert "reported" in r["kind"]
        assert all(facts.source(k).kind == "secondary" for k in r["sources"]), r


def test_published_kinetics_by_response():
    rows = {(r["group"], r["metric"]): float(r["value"])
            for r in facts.load_table("ck_responders")}
    assert rows[("responders", "cmax")] == 32700
    assert rows[("non_responders", "cmax")] == 19500
    assert rows[("responders", "auc_0_28")] == 300000
    assert rows[("non_responders", "tmax_days")] == 20.0
