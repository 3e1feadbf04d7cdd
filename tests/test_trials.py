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
]
#: complete remission with incomplete blood count recovery (leukaemia trials only)
CRI = {"ELIANA": 0.21}


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
    # orr = cr + cri + pr
    assert float(t.extra["pr"]) == pytest.approx(orr - cr - CRI.get(name, 0.0), abs=0.005)
    assert t.pr == pytest.approx(float(t.extra["pr"]), abs=0.005)


def test_eliana_remission_is_cr_plus_cri_not_all_complete():
    t = facts.trial("ELIANA")
    assert (t.cr, t.cri, t.pr) == (pytest.approx(0.60), pytest.approx(0.21), 0.0)
    assert t.cr + t.cri == pytest.approx(t.orr)
    assert "CRi" in t.extra["response_note"]


def test_all_seven_pivotal_trials_and_consistency():
    ts = facts.trials()
    assert {t.name for t in ts} == {r[0] for r in EXPECTED}
    for t in ts:
        assert t.cr <= t.orr
        if t.crs_any is not None and t.crs_grade3plus is not None:
            assert t.crs_grade3plus <= t.crs_any
        if t.neuro_any is not None and t.neuro_grade3plus is not None:
            assert t.neuro_grade3plus <= t.neuro_any


def test_unknown_trial():
    with pytest.raises(KeyError, match="known trials"):
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
