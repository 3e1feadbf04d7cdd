"""Property-based tests (hypothesis) for every public function of ``explainer.facts``.

Each function gets at least 1,000 generated cases: valid look-ups (round trips, any letter
case for facts, products and trials), unknown names and wrong types (which must raise only
KeyError/TypeError/ValueError naming the argument). Counts go to
``tests/.hypothesis_counts.json``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import facts

COUNTS: Counter = Counter()
COUNTS_FILE = Path(__file__).parent / ".hypothesis_counts.json"
ERRORS = (ValueError, TypeError, KeyError)
FAST = settings(max_examples=1000, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
BAD_TYPES = [None, 0, 1.5, True, float("nan"), 1 + 2j, [], ["a"], ("a",), b"stein2019", {}]


@pytest.fixture(autouse=True, scope="module")
def _write_counts():
    yield
    old = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    old.update({k: v for k, v in sorted(COUNTS.items()) if k.startswith("facts.")})
    COUNTS_FILE.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n")
    print("\nhypothesis cases per function:", json.dumps(dict(sorted(COUNTS.items())), indent=1))


def count(name):
    COUNTS[f"facts.{name}"] += 1


def rejects(fn, name, *args):
    with pytest.raises(ERRORS) as info:
        fn(*args)
    assert name in str(info.value), f"message does not name {name!r}: {info.value}"
    return info.value


def recase(names):
    return st.sampled_from(sorted(names)).flatmap(lambda s: st.lists(
        st.booleans(), min_size=len(s), max_size=len(s)).map(
        lambda f: "".join(c.upper() if u else c.lower() for c, u in zip(s, f, strict=True))))


SOURCES = sorted(facts.sources())
FACTS = sorted(facts._facts())
TABLES = sorted(p.stem for p in facts.DATA_DIR.glob("*.csv"))
PRODUCTS = facts.products()
TRIALS = facts.trials()
UNKNOWN = st.text(max_size=15)


@FAST
@given(data=st.data())
def test_source_cite_references(data):
    for f in ("source", "cite", "references", "sources"):
        count(f)
    mode = data.draw(st.sampled_from(["ok", "unknown", "type", "empty"]))
    if mode == "ok":
        keys = data.draw(st.lists(st.sampled_from(SOURCES), min_size=1, max_size=4))
        s = facts.source(keys[0])
        assert s.key == keys[0] and facts.sources()[keys[0]] is s and s.short() and s.markdown()
        c = facts.cite(*keys)
        assert c == "(" + "; ".join(facts.source(k).short() for k in keys) + ")"
        refs = facts.references(*keys)
        assert refs.keys == list(dict.fromkeys(keys)) and str(refs)
        # the rendered reference list has an anchor per key, the targets of cite(link=True)
        assert re.findall(r'<a id="ref-([a-z0-9_]+)"></a>', str(refs)) == refs.keys
        linked = facts.cite(*keys, link=True)
        assert facts.citations(linked) == [(facts.source(k).short(), k) for k in keys]
        assert re.sub(r"\]\(#ref-[a-z0-9_]+\)|\[", "", linked) == c
    elif mode == "unknown":
        key = data.draw(UNKNOWN.filter(lambda k: k not in SOURCES))
        rejects(facts.source, "key", key)
        rejects(facts.cite, "key", SOURCES[0], key)
        rejects(facts.references, "key", key, SOURCES[0])
    elif mode == "type":
        bad = data.draw(st.sampled_from(BAD_TYPES))
        rejects(facts.source, "key", bad)
        rejects(facts.cite, "key", bad)
        rejects(facts.references, "key", SOURCES[0], bad)
    else:
        rejects(facts.cite, "key")
        rejects(facts.references, "key")


@FAST
@given(data=st.data())
def test_cited_keys(data):
    count("cited_keys")
    if data.draw(st.booleans()):
        rejects(facts.cited_keys, "text", data.draw(st.sampled_from(BAD_TYPES)))
        return
    key = st.sampled_from(SOURCES + ["a", "0", "x_1", "z9_"])
    groups = data.draw(st.lists(st.lists(key, min_size=1, max_size=3), max_size=4))
    filler = data.draw(st.sampled_from(["", " ", " and ", "\n", "text (see) "]))
    text = filler.join("[" + "; ".join("@" + k for k in g) + "]" for g in groups)
    assert facts.cited_keys(text) == [k for g in groups for k in g]
    # the link form reads back the same keys, also mixed with the old form
    linked = filler.join("(" + "; ".join(f"[{k} x](#ref-{k})" for k in g) + ")" for g in groups)
    assert facts.cited_keys(linked) == [k for g in groups for k in g]
    assert facts.cited_keys(text + " " + linked) == [k for g in groups for k in g] * 2
    assert facts.cited_keys(data.draw(st.text(max_size=20).filter(lambda t: "[@" not in t))) == []


@FAST
@given(data=st.data())
def test_load_table(data):
    count("load_table")
    mode = data.draw(st.sampled_from(["ok", "unknown", "path", "type"]))
    if mode == "ok":
        name = data.draw(st.sampled_from(TABLES))
        rows = facts.load_table(name)
        assert rows and all(r["sources"] and isinstance(r["sources"], tuple) for r in rows)
        rows[0]["sources"] = ()  # a copy: the cache must not change
        assert facts.load_table(name)[0]["sources"]
    elif mode == "unknown":
        name = data.draw(UNKNOWN.filter(lambda n: n not in TABLES))
        rejects(facts.load_table, "name", name)
    elif mode == "path":
        name = data.draw(st.sampled_from(["../data/facts", "data/facts", "/etc/passwd",
                                          "facts\x00", "..", ".", "facts.csv", "./facts",
                                          "FACTS/../facts"]))
        rejects(facts.load_table, "name", name)
    else:
        rejects(facts.load_table, "name", data.draw(st.sampled_from(BAD_TYPES)))


@FAST
@given(data=st.data())
def test_fact(data):
    count("fact")
    mode = data.draw(st.sampled_from(["ok", "case", "unknown", "type"]))
    if mode in ("ok", "case"):
        key = data.draw(st.sampled_from(FACTS) if mode == "ok" else recase(FACTS))
        f = facts.fact(key)
        assert f.key.casefold() == key.casefold() and facts.fact(f.key) is f
        assert f.sources and str(f)
    elif mode == "unknown":
        key = data.draw(UNKNOWN.filter(lambda k: k.strip().casefold() not in FACTS))
        rejects(facts.fact, "key", key)
    else:
        rejects(facts.fact, "key", data.draw(st.sampled_from(BAD_TYPES)))


NAMES = {n.casefold() for p in PRODUCTS for n in (p.brand, p.generic, p.short_generic)}


@FAST
@given(data=st.data())
def test_product_and_products(data):
    count("product")
    count("products")
    assert [p.first_approval for p in facts.products()] == sorted(
        p.first_approval for p in PRODUCTS)
    mode = data.draw(st.sampled_from(["ok", "unknown", "type"]))
    if mode == "ok":
        p = data.draw(st.sampled_from(PRODUCTS))
        which = data.draw(st.sampled_from([p.brand, p.generic, p.short_generic]))
        name = data.draw(recase([which]))
        pad = data.draw(st.sampled_from(["", " ", "\t"]))
        assert facts.product(pad + name + pad) == p
        assert facts.product(p.brand) is p
    elif mode == "unknown":
        name = data.draw(UNKNOWN.filter(lambda n: n.strip().casefold() not in NAMES))
        rejects(facts.product, "name", name)
    else:
        rejects(facts.product, "name", data.draw(st.sampled_from(BAD_TYPES)))


@FAST
@given(data=st.data())
def test_trial_and_trials(data):
    count("trial")
    count("trials")
    assert facts.trials() == TRIALS
    mode = data.draw(st.sampled_from(["ok", "unknown", "type"]))
    if mode == "ok":
        t = data.draw(st.sampled_from(TRIALS))
        assert facts.trial(data.draw(recase([t.name]))) == t and facts.trial(t.name) is t
        for rate in (t.orr, t.cr, t.crs_any, t.crs_grade3plus, t.neuro_any, t.neuro_grade3plus):
            assert rate is None or 0.0 <= rate <= 1.0
        assert t.n_infused > 0
    elif mode == "unknown":
        names = {t.name.casefold() for t in TRIALS}
        name = data.draw(UNKNOWN.filter(lambda n: n.strip().casefold() not in names))
        rejects(facts.trial, "name", name)
    else:
        rejects(facts.trial, "name", data.draw(st.sampled_from(BAD_TYPES)))


@FAST
@given(data=st.data())
def test_table(data):
    count("table")
    mode = data.draw(st.sampled_from(["ok", "columns", "bad_column", "bad_header", "type"]))
    name = data.draw(st.sampled_from(TABLES))
    rows = facts.load_table(name)
    known = [c for c in rows[0] if c != "sources"]
    if mode == "ok":
        t = facts.table(name)
        assert [h.casefold() for h in t.headers] == [
            *(c.replace("_", " ").casefold() for c in known), "sources"]
        assert len(t.rows) == len(rows)
        assert all(len(r) == len(t.headers) and r[-1] for r in t.rows)
        html_text, md = t._repr_html_(), t._repr_markdown_()
        assert html_text.count("<tr>") == len(rows) + 1
        assert md.count("\n") == len(rows) + 1 and "<script" not in html_text
    elif mode == "columns":
        cols = data.draw(st.lists(st.sampled_from(known), min_size=1, max_size=4, unique=True))
        heads = {c: c.upper() + "!" for c in data.draw(st.lists(st.sampled_from(cols),
                                                                 unique=True))}
        t = facts.table(name, columns=cols, headers=heads)
        assert t.headers == [heads.get(c, c[:1].upper() + c[1:].replace("_", " "))
                             for c in cols] + ["Sources"]
        assert [r[:-1] for r in t.rows] == [[str(r[c]).replace("\n", " ") for c in cols]
                                            for r in rows]
    elif mode == "bad_column":
        col = data.draw(UNKNOWN.filter(lambda c: c not in known))
        rejects(lambda cols: facts.table(name, columns=cols), "columns", [col])
        rejects(lambda cols: facts.table(name, columns=cols), "columns", [])
    elif mode == "bad_header":
        col = data.draw(UNKNOWN.filter(lambda c: c not in known))
        with pytest.raises(ValueError, match="headers"):
            facts.table(name, columns=known[:1], headers={col: "x"})
        with pytest.raises(TypeError, match="headers"):
            facts.table(name, headers={known[0]: 3})
    else:
        bad = data.draw(st.sampled_from([v for v in BAD_TYPES if v is not None] + ["brand"]))
        rejects(lambda cols: facts.table(name, columns=cols), "columns", bad)
        rejects(lambda h: facts.table(name, headers=h), "headers",
                data.draw(st.sampled_from([0, "x", [("a", "b")], {1: "x"}])))
        rejects(facts.table, "name", data.draw(st.sampled_from(BAD_TYPES)))
