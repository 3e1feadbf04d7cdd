"""Facts registry: every source resolves, every data row names a source, look-ups fail clearly."""

import ast
import datetime as dt
import re

import pytest
from conftest import NOTEBOOKS, ROOT, load_notebook

from explainer import facts


def test_sources_load_and_have_links():
    table = facts.sources()
    assert len(table) >= 20
    for key, s in table.items():
        assert s.key == key
        assert s.link.startswith("http"), key
        assert 1900 < s.year <= dt.date.today().year, key


#: tables whose every row must cite a primary, label or regulator source (issue 11)
EVIDENCE_TABLES = ("trials", "products", "doses", "lymphodepletion", "journey", "ck_responders")


def test_every_source_has_a_valid_kind():
    for key, s in facts.sources().items():
        assert s.kind in facts.SOURCE_KINDS, (key, s.kind)


def _uncited(rows, kinds):
    """Rows none of whose sources is of one of ``kinds``."""
    return [r for r in rows if not any(facts.source(k).kind in kinds for k in r["sources"])]


@pytest.mark.parametrize("name", EVIDENCE_TABLES)
def test_every_clinical_row_cites_a_primary_label_or_regulator_source(name):
    rows = facts.load_table(name)
    assert rows
    bad = _uncited(rows, facts.EVIDENCE_KINDS)
    assert not bad, f"{name}.csv rows resting only on review/manufacturer/secondary sources: " + \
        "; ".join(str(r.get("name") or r.get("brand") or r.get("product") or r) for r in bad)


def test_every_price_cites_a_manufacturer_regulator_or_primary_source():
    rows = facts.load_table("prices")
    assert rows
    bad = _uncited(rows, facts.PRICE_KINDS)
    assert not bad, [(r["product"], r["year"]) for r in bad]


def test_source_kind_checks_can_fail(tmp_path, monkeypatch):
    """The checks above catch a row resting on secondary sources only and a bad kind."""
    src = (facts.DATA_DIR / "sources.yaml").read_text()
    (tmp_path / "sources.yaml").write_text(src)
    (tmp_path / "trials.csv").write_text("name,sources\nX,launch_prices\nY,maude2018\n")
    (tmp_path / "prices.csv").write_text("product,sources\nX,breyanzi_price2021\n")
    monkeypatch.setattr(facts, "DATA_DIR", tmp_path)
    facts._table.cache_clear()
    facts.sources.cache_clear()
    try:
        assert [r["name"] for r in _uncited(facts.load_table("trials"),
                                            facts.EVIDENCE_KINDS)] == ["X"]
        assert len(_uncited(facts.load_table("prices"), facts.PRICE_KINDS)) == 1
        (tmp_path / "sources.yaml").write_text(src.replace("kind: primary", "kind: primery", 1))
        facts.sources.cache_clear()
        with pytest.raises(ValueError, match="unknown kind 'primery'.*primary, label"):
            facts.sources()
    finally:
        facts._table.cache_clear()
        facts.sources.cache_clear()


def test_unknown_source_key_is_an_error_with_suggestions():
    with pytest.raises(KeyError, match="stein2019"):
        facts.source("stein2018")
    with pytest.raises(TypeError, match="key must be a string"):
        facts.source(2019)


@pytest.mark.parametrize("path", sorted(facts.DATA_DIR.glob("*.csv")), ids=lambda p: p.name)
def test_every_data_row_names_a_source_that_resolves(path):
    rows = facts.load_table(path.stem)
    assert rows, f"{path.name} is empty"
    for row in rows:
        assert row["sources"], row
        for key in row["sources"]:
            facts.source(key)


def test_a_row_without_source_is_rejected(tmp_path, monkeypatch):
    (tmp_path / "sources.yaml").write_text((facts.DATA_DIR / "sources.yaml").read_text())
    (tmp_path / "bad.csv").write_text("a,sources\n1,\n")
    (tmp_path / "badkey.csv").write_text("a,sources\n1,no_such_source\n")
    monkeypatch.setattr(facts, "DATA_DIR", tmp_path)
    facts._table.cache_clear()
    try:
        with pytest.raises(ValueError, match="names no source"):
            facts.load_table("bad")
        with pytest.raises(KeyError, match="no_such_source"):
            facts.load_table("badkey")
        with pytest.raises(KeyError, match="unknown data table"):
            facts.load_table("nope")
    finally:
        facts._table.cache_clear()


def _cited_in_notebook(nb) -> tuple[set, set]:
    """(keys cited in Markdown as [@key], keys passed to references(...) in code)."""
    cited, listed = set(), set()
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            cited.update(facts.cited_keys(src))
        else:
            for node in ast.walk(ast.parse(src)):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "references":
                    listed.update(a.value for a in node.args if isinstance(a, ast.Constant))
    return cited, listed


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_key_cited_in_a_notebook_resolves_and_is_in_its_references(path):
    cited, listed = _cited_in_notebook(load_notebook(path))
    assert cited, f"{path.name} cites no sources"
    for key in cited | listed:
        facts.source(key)
    assert cited <= listed, f"cited but not in the references cell: {sorted(cited - listed)}"


def test_citation_syntax():
    assert facts.cited_keys("a [@x1] b [@y_2; @z] c [not] [@]") == ["x1", "y_2", "z"]
    # the readable link form, mixed with the old one, in order; other links are not citations
    text = ("see ([Maude et al. 2018](#ref-maude2018); [Stein et al. 2019](#ref-stein2019)) "
            "and [@x1]; [a page](https://example.org) [top](#top) [b](#ref-Bad)")
    assert facts.cited_keys(text) == ["maude2018", "stein2019", "x1"]
    assert facts.citations(text)[0] == ("Maude et al. 2018", "maude2018")


def test_cite_and_references_render():
    assert facts.cite("stein2019") == "(Stein et al. 2019)"
    assert facts.cite("stein2019", "maude2018", link=True) == (
        "([Stein et al. 2019](#ref-stein2019); [Maude et al. 2018](#ref-maude2018))")
    md = facts.references("stein2019", "stein2019")._repr_markdown_()
    assert md.count("Stein AM") == 1 and "doi.org/10.1002/psp4.12388" in md
    # each entry carries the anchor the in-text links point to, and its short form
    assert md.startswith('- <a id="ref-stein2019"></a>**Stein et al. 2019.**')
    with pytest.raises(ValueError):
        facts.references()


def test_short_forms_are_unique_and_readable():
    shorts = {}
    for key, s in facts.sources().items():
        short = s.short()
        assert short not in shorts, (key, shorts.get(short), short)
        shorts[short] = key
        assert re.search(r"\b(19|20)\d\d[a-z]?$", short), (key, short)
        assert not re.search(r"[\[\]()*_`|]", short), (key, short)  # safe inside a link
    fda = [s.short() for s in facts.sources().values() if s.authors.startswith("US Food and")]
    assert fda and all(x.startswith("FDA 20") for x in fda)


def _markdown_texts():
    """(name, Markdown text) of every notebook's Markdown cells and of the README."""
    out = [("README.md", (ROOT / "README.md").read_text())]
    for path in NOTEBOOKS:
        out += [(path.name, "".join(c["source"])) for c in load_notebook(path)["cells"]
                if c["cell_type"] == "markdown"]
    return out


def test_every_citation_is_a_readable_link_to_its_entry():
    """Readers see "Maude et al. 2018" linked to the reference list, never a raw [@key]: every
    citation's text is its source's short form and its key resolves (tools/citations.py
    converts and refreshes)."""
    n = 0
    for name, text in _markdown_texts():
        for shown, key in facts.citations(text):
            assert shown is not None, f"{name}: raw [@{key}] (run tools/citations.py)"
            assert shown == facts.source(key).short(), (name, key, shown)
            n += 1
    assert n > 100


#: One parenthesised citation group: "([A 2019](#ref-a); [B 2020](#ref-b))".
_GROUP_RE = re.compile(r"\((\[[^\]]+\]\(#ref-[^)]+\)(?:;\s*\[[^\]]+\]\(#ref-[^)]+\))*)\)")
#: Kinds that may stand beside a primary source but never alone behind a number.
_WEAK_KINDS = {"secondary", "manufacturer"}


def weak_number_citations(text: str) -> list[tuple[list[str], str]]:
    """(keys, claim) for every number in ``text`` whose citation group holds only secondary or
    manufacturer sources, unless the claim says so: it is marked "reported" / "not yet
    confirmed", or it names whose statement it is ("says Kite, ..." for Kite Pharma 2024).
    The claim is the text since the previous citation group (a table row: the row so far)."""
    out = []
    for line in text.splitlines():
        for m in _GROUP_RE.finditer(line):
            keys = re.findall(r"#ref-([A-Za-z0-9_]+)", m.group(1))
            srcs = [facts.source(k) for k in keys]
            if not {s.kind for s in srcs} <= _WEAK_KINDS:
                continue
            before = line[:m.start()]
            claim = before[max([g.end() for g in _GROUP_RE.finditer(before)] + [0]):]
            if not line.startswith("|"):
                claim = re.split(r"(?<=[.!?])\s+(?=[A-Z*])", claim)[-1]
            claim = re.sub(r"\b(Table|Figure|section|notebook)s? \d+", "", claim)
            if not re.search(r"\d", claim):
                continue
            if re.search(r"reported|not yet confirmed", claim, re.I):
                continue
            names = [re.split(r"[\s/]", s.short())[0].strip("'.,").lower() for s in srcs]
            if all(n and n in claim.lower() for n in names):
                continue
            out.append((keys, claim.strip()))
    return out


def test_no_number_rests_on_secondary_or_company_sources_alone():
    """Issue 11: a secondary source (news, aggregator, mirror) or a company page may stand
    beside a primary source, a label or a regulator's document, never alone behind a number
    that readers take as fact; where nothing better was found the text says "reported" or
    names whose statement it is."""
    weak = [(name, keys, claim[-90:]) for name, text in _markdown_texts()
            for keys, claim in weak_number_citations(text)]
    assert not weak, "\n".join(map(str, weak))


def test_weak_citation_check_can_fail():
    lab = facts.cite_link("kymriah_us_pi")
    aggregator = facts.cite_link("kymriah_clinicaladvisor")
    company = facts.cite_link("yescarta_hcp_process")
    assert weak_number_citations(f"| Kymriah | 25 mg/m² × 3 days | ({aggregator}) |")
    assert not weak_number_citations(f"| Kymriah | 25 mg/m² × 3 days | ({lab}; {aggregator}) |")
    assert weak_number_citations(f"It takes 3 to 4 hours ({company}).")
    assert not weak_number_citations(f"It takes 3 to 4 hours, says Kite ({company}).")
    assert not weak_number_citations(f"It takes 3 to 4 hours (reported) ({company}).")
    assert not weak_number_citations(f"It takes hours ({company}).")


def test_citation_link_check_can_fail():
    bad = "([Maude 2017](#ref-maude2018)); [@stein2019]"
    (shown, key), (raw, _) = facts.citations(bad)
    assert shown != facts.source(key).short() and raw is None


def test_no_reference_entry_shows_a_raw_source_key():
    """A note that names another source ("read in the Hematology Advisor summary
    (transcend_summary_hemadvisor)") shows that source's short form, not its key."""
    known = facts.sources()
    shown = {k: s.markdown().replace(s.link or "\0", "") for k, s in known.items()}
    raw = [(k, w) for k, text in shown.items() for w in re.findall(r"[a-z][a-z0-9_]+", text)
           if w in known and ("_" in w or re.search(r"\d", w))]
    assert not raw, raw[:10]
    note = facts.source("abramson2020").markdown()
    assert facts.source("transcend_summary_hemadvisor").short() in note


def test_references_cell_renders_anchors_in_executed_notebooks():
    """The executed reference list holds an anchor for every key cited in the notebook."""
    for path in NOTEBOOKS:
        nb = load_notebook(path)
        cited, _listed = _cited_in_notebook(nb)
        outputs = "".join(o.get("data", {}).get("text/markdown", "")
                          if isinstance(o.get("data", {}).get("text/markdown", ""), str)
                          else "".join(o["data"]["text/markdown"])
                          for c in nb["cells"] if c["cell_type"] == "code"
                          for o in c.get("outputs", []))
        ids = set(re.findall(r'<a id="ref-([a-z0-9_]+)"></a>', outputs))
        assert cited <= ids, (path.name, sorted(cited - ids))


def test_citations_tool_converts_and_skips_code(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("citations", ROOT / "tools" / "citations.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    text = "A [@maude2018; @stein2019] b.\n```{code-cell} ipython3\nx = '[@maude2018]'\n```\n" \
           "[Old text](#ref-stein2019)\n"
    out = tool.convert(text)
    assert out == ("A ([Maude et al. 2018](#ref-maude2018); [Stein et al. 2019](#ref-stein2019))"
                   " b.\n```{code-cell} ipython3\nx = '[@maude2018]'\n```\n"
                   "[Stein et al. 2019](#ref-stein2019)\n")
    assert tool.convert(out) == out
    f = tmp_path / "x.md"
    f.write_text(text)
    assert tool.main(["--check", str(f)]) == 1 and tool.main([str(f)]) == 0
    assert f.read_text() == out and tool.main(["--check", str(f)]) == 0
    with pytest.raises(KeyError, match="no_such_key"):
        tool.convert("[@no_such_key]")


def test_every_key_in_docs_and_data_comments_is_known():
    text = (ROOT / "README.md").read_text()
    for key in facts.cited_keys(text):
        facts.source(key)


def test_facts_lookup():
    f = facts.fact("stay_near_centre_days")
    assert f.value == 14 and f.unit == "days" and "orosco_2025_cancers" in f.sources
    with pytest.raises(KeyError, match="stay_near_centre_days"):
        facts.fact("stay_near_center_days")


# -- products ---------------------------------------------------------------------------------

def test_seven_us_products_in_approval_order():
    names = [p.brand for p in facts.products()]
    assert names == ["Kymriah", "Yescarta", "Tecartus", "Breyanzi", "Abecma", "Carvykti",
                     "Aucatzyl"]


@pytest.mark.parametrize("name,brand", [("Kymriah", "Kymriah"), ("tisagenlecleucel", "Kymriah"),
                                        ("AXICABTAGENE CILOLEUCEL", "Yescarta"),
                                        ("cilta-cel", "Carvykti"), (" abecma ", "Abecma")])
def test_product_lookup_is_case_insensitive(name, brand):
    assert facts.product(name).brand == brand


def test_unknown_product_lists_known_names():
    with pytest.raises(KeyError, match="Kymriah.*Aucatzyl"):
        facts.product("Provenge")
    with pytest.raises(TypeError, match="name must be a string"):
        facts.product(None)


# Values checked against the sources named in products.csv (construct tables S21/S22 of
# ../shared/science/facts.md; approval dates against FDA/press sources, docs/research).
EXPECTED = {
    "Kymriah": ("CD19", "4-1BB", "lentiviral", dt.date(2017, 8, 30)),
    "Yescarta": ("CD19", "CD28", "gamma-retroviral", dt.date(2017, 10, 18)),
    "Tecartus": ("CD19", "CD28", "gamma-retroviral", dt.date(2020, 7, 24)),
    "Breyanzi": ("CD19", "4-1BB", "lentiviral", dt.date(2021, 2, 5)),
    "Abecma": ("BCMA", "4-1BB", "lentiviral", dt.date(2021, 3, 26)),
    "Carvykti": ("BCMA", "4-1BB", "lentiviral", dt.date(2022, 2, 28)),
    # Aucatzyl: 4-1BB and lentiviral vector read in its UK SmPC section 2.1 (aucatzyl_uk_smpc,
    # 2026-12 second pass); its hinge and transmembrane stay "(unverified)" in products.csv.
    "Aucatzyl": ("CD19", "4-1BB", "lentiviral", dt.date(2024, 11, 8)),
}


@pytest.mark.parametrize("brand", EXPECTED)
def test_product_rows_match_their_sources(brand):
    p = facts.product(brand)
    got = (p.target, p.costimulatory, p.vector, p.first_approval)
    for field, value, expected in zip(("target", "costimulatory", "vector", "first_approval"),
                                      got, EXPECTED[brand], strict=True):
        if expected is not None:
            assert value == expected, (brand, field)
    assert p.sources and all(facts.source(k) for k in p.sources)


def test_every_number_in_data_files_is_in_a_sourced_row():
    # comment lines may explain, but must not carry numbers that no row cites
    for path in facts.DATA_DIR.glob("*.csv"):
        for line in path.read_text().splitlines():
            if line.startswith("#"):
                assert not re.search(r"\d+(\.\d+)?\s*(%|days|mg|cells)", line), (path.name, line)


def test_table_aligns_numbers_right_and_words_left():
    t = facts.table("prices", columns=["product", "year", "price_usd"],
                    headers={"price_usd": "Price (US$)"})
    assert t.headers == ["Product", "Year", "Price (US$)", "Sources"]
    html_text = t._repr_html_()
    assert "<th scope='col' style='text-align:left'>Product</th>" in html_text
    assert "<th scope='col' style='text-align:right'>Year</th>" in html_text
    assert "<td style='text-align:right'>475000</td>" in html_text
    assert "<td style='text-align:left'>Kymriah</td>" in html_text
