"""Sourced facts: data tables, the bibliography, and look-ups by name.

Every number about the real world lives in a data file under ``explainer/data/`` and every row
names its source keys (``sources`` column, keys separated by ``;``). Every key resolves in
``explainer/data/sources.yaml``. Notebooks cite sources in their text as readable links,
``[Maude et al. 2018](#ref-maude2018)`` (the text is ``Source.short()``, the target the anchor
that ``references()`` puts on the entry); the older ``[@key]`` / ``[@a; @b]`` form is still
recognised. ``tools/citations.py`` converts the old form and refreshes link texts. The tests
check that every cited key resolves, that every link text is its source's short form, and that
every data row names a source.

Public API: ``sources()``, ``source(key)``, ``cite(*keys)``, ``references(*keys)``,
``load_table(name)``, ``table(name)``, ``fact(key)``, ``product(name)``, ``products()``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
#: The old (pandoc) way to cite in Markdown: ``[@stein2019]`` (several: ``[@a; @b]``).
CITATION_RE = re.compile(r"\[@([a-z0-9_]+(?:\s*;\s*@[a-z0-9_]+)*)\]")
#: How notebooks cite a source now: a Markdown link to its reference-list entry,
#: ``[Stein et al. 2019](#ref-stein2019)``; group 1 is the text, group 2 the key.
LINK_RE = re.compile(r"\[([^\[\]]+)\]\(#ref-([a-z0-9_]+)\)")
#: Organisations shortened in in-text citations (the reference list keeps the full name).
_ORG_SHORT = {"US Food and Drug Administration": "FDA", "US FDA": "FDA",
              "U.S. Food and Drug Administration": "FDA", "European Medicines Agency": "EMA",
              "Centers for Medicare & Medicaid Services": "CMS"}

__all__ = [
    "Source", "Product", "DATA_DIR", "sources", "source", "cite", "references", "cited_keys",
    "load_table", "table", "Table", "fact", "Fact", "product", "products", "Trial", "trial",
    "trials", "SOURCE_KINDS", "EVIDENCE_KINDS", "PRICE_KINDS", "anchor", "cite_link",
    "citations", "RandomisedTrial", "randomised_trials",
]

#: What a source is (``kind`` in sources.yaml), from strongest to weakest for a number:
#: ``primary`` an original peer-reviewed study (or the investigators' own trial abstract);
#: ``label`` prescribing information (US PI) or EU SmPC; ``regulator`` a document of FDA, EMA,
#: NICE, CMS or another public authority; ``manufacturer`` a company press release or HCP site;
#: ``review`` a peer-reviewed review; ``secondary`` news, aggregators, mirrors, blogs.
SOURCE_KINDS = ("primary", "label", "regulator", "manufacturer", "review", "secondary")
#: Kinds a key clinical number (trial, product, dose, lymphodepletion, journey, kinetics) must
#: rest on: every such row cites at least one source of these kinds.
EVIDENCE_KINDS = frozenset({"primary", "label", "regulator"})
#: Kinds a price must rest on.
PRICE_KINDS = frozenset({"manufacturer", "regulator", "primary"})


@dataclass(frozen=True)
class Source:
    """One entry of the bibliography."""

    key: str
    authors: str
    title: str
    venue: str
    year: int
    kind: str | None = None
    url: str | None = None
    doi: str | None = None
    note: str | None = None
    #: "a", "b", ... when several sources share a short form (set by ``sources()``)
    suffix: str = ""

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else (self.url or "")

    def short(self) -> str:
        """Short in-text form: "Stein et al. 2019" for people, "FDA 2024" for an organisation
        (parenthesised remarks dropped), with "a", "b", ... where two sources would read the
        same. Unique across the bibliography."""
        return self._base_short() + self.suffix

    def _base_short(self) -> str:
        authors = self.authors.strip()
        name = re.sub(r"\s*\([^)]*\)", "", authors).strip()
        if not name:  # "(Transplant Cell Ther review; authors not captured)"
            name = re.split(r"[;,]", authors.strip("() "))[0].strip()
        elif "," in name:  # "Stein AM, Grupp SA, ..." -> first surname ("Del Bufalo F" too)
            surname = re.sub(r"\s+[A-Z]{1,3}$", "", name.split(",")[0].strip())
            return f"{surname} et al. {self.year}"
        name = re.sub(r"\s+reviewers$", "", name)
        person = re.match(r"^([A-Z][\w'-]+)(?: [A-Z]{1,3})? et al\.?$", name)
        if person:  # "Allen ES et al."
            return f"{person.group(1)} et al. {self.year}"
        name = _ORG_SHORT.get(name, name)
        if re.search(r"\b(19|20)\d\d$", name):  # "Reproduced from Lee et al. 2019"
            return name
        return f"{name} {self.year}"

    def markdown(self) -> str:
        link = self.link
        where = f" [{link}]({link})" if link else ""
        note = f" ({_readable_keys(self.note)})" if self.note else ""
        return (f"{self.authors.rstrip('.')}. *{self.title}*. {self.venue}, {self.year}."
                f"{where}{note}")


#: A word that may be a source key in a note ("read in ... (transcend_summary_hemadvisor)").
_KEY_WORD_RE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]+\d{4}[a-z0-9_]*\b")


def _readable_keys(note: str) -> str:
    """A source note for readers: every source key in it replaced by that source's short form
    ("Hematology Advisor 2020"), so no reference list shows a raw key."""
    known = sources()
    return _KEY_WORD_RE.sub(lambda m: known[m.group(0)].short() if m.group(0) in known
                            else m.group(0), note)


def _require_str(name: str, value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {type(value).__name__} {value!r}")
    return value


@functools.lru_cache(maxsize=1)
def sources() -> dict[str, Source]:
    """Every source in ``sources.yaml`` (and the topic files ``sources_*.yaml`` beside it, so
    several authors can add sources without editing one file), by key. Raises ValueError on a
    malformed entry or a key that appears twice."""
    raw = []
    for path in [DATA_DIR / "sources.yaml", *sorted(DATA_DIR.glob("sources_*.yaml"))]:
        raw.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    out: dict[str, Source] = {}
    required = ("key", "authors", "title", "venue", "year")
    for i, entry in enumerate(raw):
        missing = [f for f in required if not entry.get(f)]
        if missing:
            raise ValueError(f"sources.yaml entry {i} ({entry.get('key')!r}) lacks {missing}")
        if not (entry.get("url") or entry.get("doi")):
            raise ValueError(f"sources.yaml entry {entry['key']!r} needs a url or a doi")
        key = entry["key"]
        if not KEY_RE.match(key):
            raise ValueError(f"sources.yaml key {key!r} must be lower-case letters, digits, _")
        if key in out:
            raise ValueError(f"sources.yaml key {key!r} appears twice")
        known = set(required) | {"kind", "url", "doi", "note"}
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"sources.yaml entry {key!r} has unknown fields {sorted(unknown)}")
        kind = entry.get("kind")  # required by tests/test_facts.py; a wrong value fails here
        if kind is not None and kind not in SOURCE_KINDS:
            raise ValueError(f"sources.yaml entry {key!r} has unknown kind {kind!r}; "
                             f"kind must be one of {', '.join(SOURCE_KINDS)}")
        out[key] = Source(key=key, authors=str(entry["authors"]), title=str(entry["title"]),
                          venue=str(entry["venue"]), year=int(entry["year"]), kind=kind,
                          url=entry.get("url"), doi=entry.get("doi"), note=entry.get("note"))
    # sources that would read the same in the text get "a", "b", ... in key order
    by_short: dict[str, list[str]] = {}
    for key, s in out.items():
        by_short.setdefault(s._base_short(), []).append(key)
    for keys in by_short.values():
        if len(keys) > 1:
            for i, key in enumerate(sorted(keys)):
                out[key] = dataclasses.replace(out[key], suffix="abcdefghijklmnopqrstuvwxyz"[i]
                                               if i < 26 else f"-{i + 1}")
    return out


def source(key: str) -> Source:
    """The source with this key. An unknown key raises KeyError naming close matches."""
    _require_str("key", key)
    table = sources()
    if key not in table:
        close = difflib.get_close_matches(key, table, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown source key {key!r}{hint} "
                       "(keys live in explainer/data/sources.yaml)")
    return table[key]


def anchor(key: str) -> str:
    """The HTML id of a source's entry in a reference list: ``"ref-" + key``."""
    return "ref-" + source(key).key


def cite(*keys: str, link: bool = False) -> str:
    """In-text citation for one or more keys, e.g. ``"(Stein et al. 2019; Lee et al. 2019)"``.

    ``link=True`` gives the Markdown that notebooks use, each short form linked to its entry
    in the reference list: ``"([Stein et al. 2019](#ref-stein2019); [Lee ...](#ref-...))"``.
    """
    if not keys:
        raise ValueError("cite() needs at least one source key")
    if link:
        return "(" + "; ".join(cite_link(k) for k in keys) + ")"
    return "(" + "; ".join(source(k).short() for k in keys) + ")"


def cite_link(key: str) -> str:
    """One citation as a Markdown link: ``[Stein et al. 2019](#ref-stein2019)``."""
    s = source(key)
    return f"[{s.short()}](#{anchor(key)})"


class References:
    """A rendered reference list (Markdown in notebooks, plain text elsewhere).

    Each entry starts with an empty ``<a id="ref-KEY">`` anchor (the target of the in-text
    links; JupyterLab's and Voila's sanitiser keep ``id``, nbconvert passes it through) and the
    short form in bold, so a reader who follows "Maude et al. 2018" lands on its entry.
    """

    def __init__(self, keys):
        self.keys = list(dict.fromkeys(keys))
        self.entries = [source(k) for k in self.keys]

    def _repr_markdown_(self) -> str:
        return "\n".join(f'- <a id="{anchor(s.key)}"></a>**{s.short()}.** {s.markdown()}'
                          for s in self.entries)

    def __str__(self) -> str:
        return self._repr_markdown_()

    def __repr__(self) -> str:
        return f"References({len(self.entries)} sources)"


def references(*keys: str) -> References:
    """A reference list for the given keys (in the order given, duplicates dropped)."""
    if not keys:
        raise ValueError("references() needs at least one source key")
    for k in keys:
        _require_str("key", k)
    return References(keys)


def citations(text: str) -> list[tuple[str | None, str]]:
    """Every citation in a piece of Markdown, in order, as ``(link text, key)``: the link form
    ``[Maude et al. 2018](#ref-maude2018)`` gives its text, the old ``[@key]`` form None."""
    _require_str("text", text)
    out: list[tuple[str | None, str]] = []
    for m in re.finditer(f"{CITATION_RE.pattern}|{LINK_RE.pattern}", text):
        if m.group(1) is not None:
            out.extend((None, k.strip().lstrip("@")) for k in m.group(1).split(";"))
        else:
            out.append((m.group(2), m.group(3)))
    return out


def cited_keys(text: str) -> list[str]:
    """Every key cited in a piece of Markdown, in order: as a link to its reference entry
    (``[Maude et al. 2018](#ref-maude2018)``) or in the old form ``[@key]`` / ``[@a; @b]``."""
    return [key for _text, key in citations(text)]


TABLE_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


@functools.cache
def _table(name: str) -> tuple[dict, ...]:
    path = DATA_DIR / f"{name}.csv"
    # a plain file name only: no path separators, "..", NUL bytes or other files
    if not TABLE_RE.match(name) or not path.exists():
        known = sorted(p.stem for p in DATA_DIR.glob("*.csv"))
        raise KeyError(f"unknown data table name {name!r}; known tables: {', '.join(known)}")
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.lstrip().startswith("#")]
    rows = list(csv.DictReader(lines))
    if rows and "sources" not in rows[0]:
        raise ValueError(f"{path.name} has no 'sources' column")
    for i, row in enumerate(rows, start=2):
        keys = [k.strip() for k in (row.get("sources") or "").split(";") if k.strip()]
        if not keys:
            raise ValueError(f"{path.name} row {i} names no source")
        for k in keys:
            source(k)  # raises KeyError on an unknown key
        row["sources"] = tuple(keys)
    return tuple(rows)


def load_table(name: str) -> list[dict]:
    """Rows of ``explainer/data/<name>.csv`` as dicts; each row's ``sources`` is a tuple of keys.

    Lines starting with ``#`` are comments. Every row must name at least one source that
    resolves; otherwise ValueError/KeyError.
    """
    _require_str("name", name)
    return [dict(r) for r in _table(name)]


class Table:
    """A data table for display: HTML in notebooks, Markdown in text, with a sources column.

    Built by :func:`table`; ``rows`` holds the displayed cells as strings (no pandas needed).
    """

    def __init__(self, name: str, columns: list[str], headers: dict[str, str],
                 rows: list[dict]):
        self.name = name
        self.columns = list(columns)
        self.headers = [headers.get(c, _header(c)) for c in self.columns] + ["Sources"]
        self.rows = [[_cell(r[c]) for c in self.columns] + [", ".join(r["sources"])]
                     for r in rows]
        self.sources = sorted({k for r in rows for k in r["sources"]})

    def _repr_markdown_(self) -> str:
        def md(v: str) -> str:
            return v.replace("|", "/")
        lines = ["| " + " | ".join(md(h) for h in self.headers) + " |",
                 "|" + "---|" * len(self.headers)]
        lines += ["| " + " | ".join(md(c) for c in r) + " |" for r in self.rows]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        # numbers right-aligned, words left-aligned (notebook CSS right-aligns every cell)
        numeric = [all(_NUMBER_RE.match(r[i]) for r in self.rows if r[i])
                   for i in range(len(self.headers))]
        align = ["right" if n else "left" for n in numeric]
        head = "".join(f"<th scope='col' style='text-align:{a}'>{html.escape(h)}</th>"
                       for h, a in zip(self.headers, align, strict=True))
        body = "".join("<tr>" + "".join(f"<td style='text-align:{a}'>{html.escape(c)}</td>"
                                        for c, a in zip(r, align, strict=True)) + "</tr>"
                       for r in self.rows)
        # a wide table scrolls inside its own region, which keyboard users can focus and
        # scroll (WCAG: scrollable regions must be reachable from the keyboard)
        label = html.escape(f"Table: {self.name.replace('_', ' ')}", quote=True)
        return (f"<div class='data-table-scroll' role='region' tabindex='0' aria-label='{label}' "
                f"style='overflow-x:auto; max-width:100%'>"
                f"<table class='data-table data-table-{html.escape(self.name)}'>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

    def __repr__(self) -> str:
        return self._repr_markdown_()


def _cell(value) -> str:
    return str(value).replace("\n", " ")


_NUMBER_RE = re.compile(r"^[-+]?[0-9][0-9,]*(\.[0-9]+)?$")


def _header(column: str) -> str:
    """Default heading of a column: ``price_usd`` -> ``Price usd``."""
    text = column.replace("_", " ")
    return text[:1].upper() + text[1:]


def table(name: str, *, columns: list[str] | None = None,
          headers: dict[str, str] | None = None) -> Table:
    """The data table ``explainer/data/<name>.csv`` for display, with its sources column.

    ``columns``: which columns to show, in order (default: all but ``sources``);
    ``headers``: display names for columns (default: the column names).
    """
    rows = load_table(name)
    known = [c for c in rows[0] if c != "sources"] if rows else []
    if columns is None:
        columns = known
    elif not isinstance(columns, (list, tuple)) or not all(isinstance(c, str) for c in columns):
        raise TypeError(f"columns must be a list of column names; got {columns!r}")
    unknown = [c for c in columns if c not in known]
    if unknown or not columns:
        raise ValueError(f"columns must be chosen from {known}; got {columns!r}")
    headers = {} if headers is None else headers
    if not isinstance(headers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise TypeError(f"headers must map column names to display names; got {headers!r}")
    bad = [k for k in headers if k not in columns]
    if bad:
        raise ValueError(f"headers name columns that are not shown: {bad}; shown: {columns}")
    return Table(name, columns, headers, rows)


@dataclass(frozen=True)
class Fact:
    """One sourced number (see ``explainer/data/facts.csv``)."""

    key: str
    value: float
    unit: str
    description: str
    sources: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


@functools.lru_cache(maxsize=1)
def _facts() -> dict[str, Fact]:
    out = {}
    for row in _table("facts"):
        out[row["key"]] = Fact(key=row["key"], value=float(row["value"]), unit=row["unit"],
                               description=row["description"], sources=row["sources"])
    return out


def fact(key: str) -> Fact:
    """A single sourced number by key (case-insensitive). Unknown keys raise KeyError listing
    close matches."""
    _require_str("key", key)
    table = _facts()
    wanted = key.strip().casefold()
    for k, f in table.items():
        if k.casefold() == wanted:
            return f
    close = difflib.get_close_matches(wanted, table, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise KeyError(f"unknown fact key {key!r}{hint} (facts live in explainer/data/facts.csv)")


@dataclass(frozen=True)
class Product:
    """A US-approved CAR-T product (see ``explainer/data/products.csv``)."""

    brand: str
    generic: str
    code: str
    sponsor: str
    target: str
    binder: str
    hinge: str
    transmembrane: str
    costimulatory: str
    vector: str
    first_approval: _dt.date
    first_indication: str
    sources: tuple[str, ...]

    @property
    def short_generic(self) -> str:
        """The common short name, e.g. "tisa-cel"."""
        return _SHORT.get(self.brand, self.generic)


_SHORT = {"Kymriah": "tisa-cel", "Yescarta": "axi-cel", "Tecartus": "brexu-cel",
          "Breyanzi": "liso-cel", "Abecma": "ide-cel", "Carvykti": "cilta-cel",
          "Aucatzyl": "obe-cel"}


@functools.lru_cache(maxsize=1)
def _products() -> tuple[Product, ...]:
    out = []
    for row in _table("products"):
        out.append(Product(
            brand=row["brand"], generic=row["generic"], code=row["code"], sponsor=row["sponsor"],
            target=row["target"], binder=row["binder"], hinge=row["hinge"],
            transmembrane=row["transmembrane"], costimulatory=row["costimulatory"],
            vector=row["vector"], first_approval=_dt.date.fromisoformat(row["first_approval"]),
            first_indication=row["first_indication"], sources=row["sources"]))
    return tuple(out)


def products() -> list[Product]:
    """All US-approved CAR-T products, in order of first FDA approval."""
    return sorted(_products(), key=lambda p: p.first_approval)


def product(name: str) -> Product:
    """The product whose brand, generic or short name matches ``name`` (case-insensitive).

    An unknown name raises KeyError listing the known names.
    """
    _require_str("name", name)
    wanted = name.strip().casefold()
    for p in _products():
        if wanted in (p.brand.casefold(), p.generic.casefold(), p.short_generic.casefold()):
            return p
    known = ", ".join(f"{p.brand} ({p.generic})" for p in products())
    raise KeyError(f"unknown product name {name!r}; known products: {known}")


@dataclass(frozen=True)
class Trial:
    """A pivotal CAR-T trial (see ``explainer/data/trials.csv``).

    Rates are fractions 0-1 as published in the primary report; None where not reported.
    """

    name: str
    product: str
    disease: str
    n_infused: int
    orr: float | None
    cr: float | None
    crs_any: float | None
    crs_grade3plus: float | None
    neuro_any: float | None
    neuro_grade3plus: float | None
    grading_scale: str
    sources: tuple[str, ...]
    extra: dict
    #: complete remission with incomplete blood count recovery (leukaemia trials); part of
    #: ``orr`` but not of ``cr``. None where the trial does not use the category.
    cri: float | None = None

    randomised = False

    @property
    def pr(self) -> float | None:
        """Partial response: ``orr - cr`` for lymphoma and myeloma; 0 for a leukaemia trial
        (``cri`` set: remission is CR or CRi, there is no partial category; published rates are
        rounded, so ``cr + cri`` may differ from ``orr`` by a point). None if unknown."""
        if self.orr is None or self.cr is None:
            return None
        if self.cri is not None:
            return 0.0
        return max(round(self.orr - self.cr, 4), 0.0)


_TRIAL_FIELDS = ("name", "product", "disease", "n_infused", "orr", "cr", "cri", "crs_any",
                 "crs_grade3plus", "neuro_any", "neuro_grade3plus", "grading_scale")


def _rate(row: dict, key: str) -> float | None:
    v = (row.get(key) or "").strip()
    if not v:
        return None
    x = float(v)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"trials.csv {row.get('name')!r}: {key} must be a fraction 0-1; got {v}")
    return x


@functools.lru_cache(maxsize=1)
def _trials() -> tuple[Trial, ...]:
    out = []
    for row in _table("trials"):
        extra = {k: v for k, v in row.items() if k not in _TRIAL_FIELDS and k != "sources"}
        out.append(Trial(
            name=row["name"], product=row["product"], disease=row["disease"],
            n_infused=int(row["n_infused"]), orr=_rate(row, "orr"), cr=_rate(row, "cr"),
            cri=_rate(row, "cri"),
            crs_any=_rate(row, "crs_any"), crs_grade3plus=_rate(row, "crs_grade3plus"),
            neuro_any=_rate(row, "neuro_any"), neuro_grade3plus=_rate(row, "neuro_grade3plus"),
            grading_scale=row["grading_scale"], sources=row["sources"], extra=extra))
    return tuple(out)


def trials() -> list[Trial]:
    """All pivotal single-arm trials in ``trials.csv`` (the randomised ones:
    :func:`randomised_trials`)."""
    return list(_trials())


@dataclass(frozen=True)
class RandomisedTrial:
    """A randomised trial of CAR-T versus standard care (``explainer/data/randomised_trials.csv``).

    ``median_months_*``: median of the primary ``endpoint`` in each arm, None where not reached
    (``median_not_reached``) or not verified; ``hazard_ratio``: CAR-T versus standard care on the
    primary endpoint (below 1 favours CAR-T), None where not reported or not verified.
    """

    name: str
    product: str
    disease: str
    line: str
    n_randomised: int
    endpoint: str
    median_months_cart: float | None
    median_months_control: float | None
    hazard_ratio: float | None
    hr_ci: tuple[float, float] | None
    median_not_reached: bool
    result: str
    notes: str
    sources: tuple[str, ...]
    randomised = True

    @property
    def positive(self) -> bool:
        return self.result == "positive"


def _number(row: dict, key: str, table: str) -> float | None:
    v = (row.get(key) or "").strip()
    if not v:
        return None
    x = float(v)
    if x <= 0:
        raise ValueError(f"{table}.csv {row.get('name')!r}: {key} must be positive; got {v}")
    return x


@functools.lru_cache(maxsize=1)
def _randomised() -> tuple[RandomisedTrial, ...]:
    out = []
    for row in _table("randomised_trials"):
        status = (row.get("median_cart_status") or "").strip()
        if status not in ("", "not reached"):
            raise ValueError(f"randomised_trials.csv {row['name']!r}: median_cart_status must be "
                             f"empty or 'not reached'; got {status!r}")
        cart = _number(row, "median_months_cart", "randomised_trials")
        if status and cart is not None:
            raise ValueError(f"randomised_trials.csv {row['name']!r}: a median that was not "
                             "reached cannot have a value")
        lo, hi = (_number(row, k, "randomised_trials") for k in ("hr_ci_low", "hr_ci_high"))
        hr = _number(row, "hazard_ratio", "randomised_trials")
        if (lo is None) != (hi is None) or (lo is not None and not (hr and lo <= hr <= hi)):
            raise ValueError(f"randomised_trials.csv {row['name']!r}: the hazard ratio must lie "
                             "in its confidence interval (both limits or none)")
        result = row["result"].strip()
        if result not in ("positive", "negative"):
            raise ValueError(f"randomised_trials.csv {row['name']!r}: result must be positive "
                             f"or negative; got {result!r}")
        out.append(RandomisedTrial(
            name=row["name"], product=row["product"], disease=row["disease"], line=row["line"],
            n_randomised=int(row["n_randomised"]), endpoint=row["endpoint"],
            median_months_cart=cart,
            median_months_control=_number(row, "median_months_control", "randomised_trials"),
            hazard_ratio=hr, hr_ci=None if lo is None else (lo, hi),
            median_not_reached=bool(status), result=result, notes=row["notes"],
            sources=row["sources"]))
    return tuple(out)


def randomised_trials() -> list[RandomisedTrial]:
    """The randomised trials of CAR-T versus standard care, in ``randomised_trials.csv`` order."""
    return list(_randomised())


def trial(name: str) -> Trial | RandomisedTrial:
    """The trial with this name (case-insensitive): a pivotal single-arm :class:`Trial` or a
    :class:`RandomisedTrial`. Unknown names raise KeyError listing the known ones."""
    _require_str("name", name)
    wanted = name.strip().casefold()
    for t in (*_trials(), *_randomised()):
        if t.name.casefold() == wanted:
            return t
    known = ", ".join(t.name for t in (*_trials(), *_randomised()))
    raise KeyError(f"unknown trial name {name!r}; known trials: {known}")
