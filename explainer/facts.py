"""Sourced facts: data tables, the bibliography, and look-ups by name.

Every number about the real world lives in a data file under ``explainer/data/`` and every row
names its source keys (``sources`` column, keys separated by ``;``). Every key resolves in
``explainer/data/sources.yaml``. Notebooks cite sources in their text as ``[@key]``; the tests
check that every cited key resolves and that every data row names a source.

Public API: ``sources()``, ``source(key)``, ``cite(*keys)``, ``references(*keys)``,
``load_table(name)``, ``table(name)``, ``fact(key)``, ``product(name)``, ``products()``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
#: How notebooks cite a source in Markdown: ``[@stein2019]`` (several: ``[@a; @b]``).
CITATION_RE = re.compile(r"\[@([a-z0-9_]+(?:\s*;\s*@[a-z0-9_]+)*)\]")

__all__ = [
    "Source", "Product", "DATA_DIR", "sources", "source", "cite", "references", "cited_keys",
    "load_table", "table", "Table", "fact", "Fact", "product", "products", "Trial", "trial",
    "trials", "SOURCE_KINDS", "EVIDENCE_KINDS", "PRICE_KINDS",
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

    @property
    def link(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else (self.url or "")

    def short(self) -> str:
        """Short in-text form: "Stein et al. 2019" for people, the name for an organisation."""
        if "," in self.authors:  # "Stein AM, Grupp SA, ..." -> first surname
            return f"{self.authors.split()[0].rstrip(',')} et al. {self.year}"
        return f"{self.authors} {self.year}"

    def markdown(self) -> str:
        link = self.link
        where = f" [{link}]({link})" if link else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.authors}. *{self.title}*. {self.venue}, {self.year}.{where}{note}"


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


def cite(*keys: str) -> str:
    """In-text citation for one or more keys, e.g. ``"(Stein et al. 2019; Lee et al. 2019)"``."""
    if not keys:
        raise ValueError("cite() needs at least one source key")
    return "(" + "; ".join(source(k).short() for k in keys) + ")"


class References:
    """A rendered reference list (Markdown in notebooks, plain text elsewhere)."""

    def __init__(self, keys):
        self.keys = list(dict.fromkeys(keys))
        self.entries = [source(k) for k in self.keys]

    def _repr_markdown_(self) -> str:
        return "\n".join(f"- **[@{s.key}]** {s.markdown()}" for s in self.entries)

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


def cited_keys(text: str) -> list[str]:
    """Every key cited as ``[@key]`` or ``[@a; @b]`` in a piece of Markdown, in order."""
    _require_str("text", text)
    out: list[str] = []
    for group in CITATION_RE.findall(text):
        out.extend(k.strip().lstrip("@") for k in group.split(";"))
    return out


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
        return (f"<table class='data-table data-table-{html.escape(self.name)}'>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

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

    @property
    def pr(self) -> float | None:
        """Partial response: ``orr - cr - cri`` (0 for a leukaemia trial), None if unknown."""
        if self.orr is None or self.cr is None:
            return None
        return max(round(self.orr - self.cr - (self.cri or 0.0), 4), 0.0)


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
    """All pivotal trials in ``trials.csv``."""
    return list(_trials())


def trial(name: str) -> Trial:
    """The trial with this name (case-insensitive). Unknown names raise KeyError listing them."""
    _require_str("name", name)
    wanted = name.strip().casefold()
    for t in _trials():
        if t.name.casefold() == wanted:
            return t
    known = ", ".join(t.name for t in _trials())
    raise KeyError(f"unknown trial name {name!r}; known trials: {known}")
