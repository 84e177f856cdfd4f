"""Read Dares pay and labour-market tension by professional family (FAP-2009) for ROME careers.

The Dares "Portraits statistiques des métiers" give, per famille professionnelle, the
**monthly net median salary of full-time employees** (2017-2019 and 2003-2005), a 5-band
distribution of that salary and the 2019 tension indicators. ROME 4.0 codes reach a family
through their historical parent code (`code_rome_parent`) and Dares' table `fap225_rome.csv`;
a parent code may reach several families (the qualification decides), and the rule that
picks among them is `choose_families` below, documented in README.md ("Dares pay").

Nothing here knows the database: `read_dares` returns plain rows for the reference tables
`dares_families`, `dares_family_distribution`, `dares_family_tension` and
`dares_rome_families`; `import_dares` writes them atomically through the store, which derives
each career's rows (`family_median` salary bands, the `pay_*` views) from them.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..store import (
    DARES_URL,
    DEFAULT_DB,
    check_database_once,
    check_writable,
    write_database,
    writer_lock,
)
from .common import (
    DatasetError,
    DataSource,
    ImportReport,
    Progress,
    Table,
    decimal,
    paused_gc,
    read_delimited,
)

SOURCE_URL = DARES_URL
DATA_YEAR = "2017-2019"
OLD_YEAR = "2003-2005"
FAP225 = re.compile(r"^[A-Z]\d[A-Z]\d{2}$")  # M1Z80
FAP87 = re.compile(r"^[A-Z]\d[A-Z]$")  # M1Z
ROME_CODE = re.compile(r"^[A-N]\d{4}$")
ROME_FILE = re.compile(r"^unix_referentiel_code_rome_v(\d+)_utf8\.csv$", re.I)

MEDIANS = "salaire_median_3niv.csv"
ROME_LINKS = "fap225_rome.csv"
DISTRIBUTION = "salaires_3niv.csv"
TENSIONS = "tensions.csv"
LABELS = "dares_salaire_median.csv"

# The five bands of the distribution, as the file names them: (lower, upper) in € net/month.
BANDS = {
    "moins de 1250 €": (None, 1250),
    "de 1250 € à moins de 1500 €": (1250, 1500),
    "de 1500 € à moins de 2000 €": (1500, 2000),
    "de 2000 € à moins de 3000 €": (2000, 3000),
    "3000 € ou plus": (3000, None),
}
# The bands as Dares writes them, in order (labels for rows moved from one band to another).
BANDS_LABELS = (
    "Moins de 1250 €",
    "De 1250 € à moins de 1500 €",
    "De 1500 € à moins de 2000 €",
    "De 2000 € à moins de 3000 €",
    "3000 € ou plus",
)
# tensions.csv column → column of dares_family_tension (Dares' indicators, 1 to 5)
TENSION_COLUMNS = {
    "Catégorie Tension": "tension_category",
    "Intensité d'embauches": "hiring_intensity",
    "Lien formation-emploi": "training_link",
    "Manque de main-d'œuvre disponible": "labour_shortage",
    "Non-durabilité de l'emploi": "non_durability",
    "Conditions de travail contraignantes": "working_conditions",
    "Inadéquation géographique": "geographic_mismatch",
}

# How a ROME code's family was chosen (dares_rome_families.rule); README.md explains them.
RULE_SINGLE = "single"  # the parent code reaches one family with a median
RULE_CADRE = "cadre"  # emploi_cadre = O: the cadre family (FAP code 9x)
RULE_NON_CADRE = "non_cadre"  # emploi_cadre = N: the non-cadre family
RULE_RANGE = "range"  # the rule leaves several families: all kept, shown as a range
RULE_FAP87 = "fap87"  # no detailed family has a median: the FAP-87 group's
RULE_LABELS = {
    RULE_SINGLE: "seule famille du métier",
    RULE_CADRE: "famille des cadres, le métier ROME étant un emploi cadre",
    RULE_NON_CADRE: "famille non cadre, le métier ROME n'étant pas un emploi cadre",
    RULE_RANGE: "plusieurs familles possibles selon la qualification : fourchette",
    RULE_FAP87: "famille regroupée (FAP-87), faute de médiane de la famille détaillée",
}


@dataclass
class Family:
    code: str
    label: str | None = None
    medians: dict[str, int] = field(default_factory=dict)  # period → € net per month

    @property
    def nomenclature(self) -> str:
        return "FAP-2009 (225 familles)" if len(self.code) == 5 else "FAP-2009 (87 familles)"

    @property
    def cadre(self) -> bool:
        """FAP-2009 codes ending in 9x gather cadres and professions intellectuelles."""
        return len(self.code) == 5 and self.code[3] == "9"


@dataclass
class DaresData:
    families: dict[str, Family] = field(default_factory=dict)
    distribution: list[dict] = field(default_factory=list)
    tension: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # dares_rome_families rows
    rome_version: str = ""

    def rows(self) -> dict[str, list[dict]]:
        """Rows of the reference tables, as `write_database(reference_rows=…)` takes them."""
        return {
            "dares_families": [
                {
                    "fap_code": f.code,
                    "label": f.label,
                    "nomenclature": f.nomenclature,
                    "cadre": f.cadre,
                    "median_net_month": f.medians.get(DATA_YEAR),
                    "data_year": DATA_YEAR,
                    "median_net_month_2003_2005": f.medians.get(OLD_YEAR),
                }
                for f in self.families.values()
            ],
            "dares_family_distribution": self.distribution,
            "dares_family_tension": self.tension,
            "dares_rome_families": self.links,
        }


def choose_families(candidates: list[Family], emploi_cadre: str) -> tuple[list[Family], str]:
    """The families whose median a ROME code shows, and the rule (RULE_*) that chose them.

    `candidates` are the families of the code's parent that have a median. When there are
    several, ROME's `emploi_cadre` flag picks the cadre (9x) or non-cadre families; if that
    leaves one, it is the family; otherwise (flag blank, or several left) every remaining
    family is kept and shown as a range: no silent pick.
    """
    if len(candidates) <= 1:
        return candidates, RULE_SINGLE
    flag = emploi_cadre.strip().upper()
    if flag in ("O", "N"):
        kept = [f for f in candidates if f.cadre == (flag == "O")]
        if len(kept) == 1:
            return kept, RULE_CADRE if flag == "O" else RULE_NON_CADRE
        if kept:
            return kept, RULE_RANGE
    return candidates, RULE_RANGE


# -- reading ------------------------------------------------------------------------------


def read_dares(
    path: Path | str,
    rome: Path | str | None = None,
    *,
    progress: Progress | None = None,
) -> tuple[DaresData, ImportReport]:
    """Read the Dares files of a folder (or .zip) and the ROME 4.0 code list.

    The ROME code file (`unix_referentiel_code_rome_vNNN_utf8.csv`, with `code_rome_parent`
    and `emploi_cadre`) is looked for in `path`, then in `rome`.
    """
    started = time.perf_counter()
    source = DataSource(path)
    report = ImportReport("Dares", str(source.path))
    data = DaresData()
    try:
        medians = _need(source, MEDIANS)
        links = _need(source, ROME_LINKS)
        _read_medians(_table(source, medians, report, ","), data, report)
        labels = source.find(LABELS)
        if labels:
            _read_labels(_table(source, labels, report, ";"), data, report)
        else:
            report.notes.append(f"{LABELS} absent: families are shown by their code only")
        parents = _read_links(_table(source, links, report, ";"), data, report)
        if inner := source.find(DISTRIBUTION):
            _read_distribution(_table(source, inner, report, ","), data, report)
            check_distribution(data, report)
        else:
            report.notes.append(f"{DISTRIBUTION} absent: no salary distribution")
        if inner := source.find(TENSIONS):
            _read_tension(_table(source, inner, report, ","), data, report, progress)
        else:
            report.notes.append(f"{TENSIONS} absent: no tension indicators")
        rome_codes = _read_rome_codes(source, rome, report)
    finally:
        source.close()
    _choose(rome_codes, parents, data, report)
    report.careers = len({r["rome_code"] for r in data.links if r["chosen"]})
    report.seconds = time.perf_counter() - started
    return data, report


def _need(source: DataSource, name: str) -> str:
    inner = source.find(name)
    if inner is None:
        raise DatasetError(f"{source.path}: no {name} here (Dares Portraits statistiques files)")
    return inner


def _table(source: DataSource, inner: str, report: ImportReport, delimiter: str) -> Table:
    # Dares files are Windows-1252 or UTF-8, quoted or not, comma or semicolon: read them
    # as quoted CSV (quotes are optional) so that `"A";"B"` and `A;B` read alike.
    display = source.display(inner)
    table = read_delimited(
        source.read_bytes(inner), display, report, delimiter=delimiter, quoted=True
    )
    report.rows_read[display] = len(table.rows)
    return table


def _amount(text: str) -> int | None:
    value = decimal(text)
    return int(value) if value is not None and value > 0 else None


def _read_medians(table: Table, data: DaresData, report: ImportReport) -> None:
    for line, r in table.records(("Fap3", "Annee", "Salaire_median"), report):
        code, period, text = r["Fap3"], r["Annee"], r["Salaire_median"]
        if not (FAP225.match(code) or FAP87.match(code)):
            report.skip("median of a domain or of all families (not a FAP-225/87 family)")
            continue
        if period not in (DATA_YEAR, OLD_YEAR):
            report.problem(table.path, line, f"unknown period: {period!r}")
            continue
        if text.upper() in ("NA", "ND", ""):
            report.skip(f"family median not published (NA), {period}")
            continue
        amount = _amount(text)
        if amount is None:
            report.problem(table.path, line, f"not a salary: {text!r}")
            continue
        data.families.setdefault(code, Family(code)).medians[period] = amount


def _read_labels(table: Table, data: DaresData, report: ImportReport) -> None:
    columns = ("Code Fap", "Libellé de la famille professionnelle")
    for _, r in table.records(columns, report):
        family = data.families.get(r["Code Fap"])
        if family is not None and r[columns[1]]:
            family.label = r[columns[1]]


def _read_links(table: Table, data: DaresData, report: ImportReport) -> dict[str, list[str]]:
    """ROME v3 (parent) code → FAP-225 families, in the file's order."""
    parents: dict[str, list[str]] = defaultdict(list)
    for line, r in table.records(("Fap", "Rome"), report):
        fap, rome = r["Fap"], r["Rome"]
        if not fap and not rome:
            continue  # the `;;` lines the file ends with
        if rome.upper() == "NA":
            report.skip("family with no ROME code in fap225_rome.csv")
            continue
        if not FAP225.match(fap) or not ROME_CODE.match(rome):
            report.problem(table.path, line, f"not a FAP/ROME pair: {fap!r};{rome!r}")
            continue
        if fap not in parents[rome]:
            parents[rome].append(fap)
    return parents


def _read_distribution(table: Table, data: DaresData, report: ImportReport) -> None:
    positions = {label: i for i, label in enumerate(BANDS)}
    for line, r in table.records(("Fap", "Salaire", "Milliers", "Pourcentage"), report):
        code, band = r["Fap"], r["Salaire"]
        if not (FAP225.match(code) or FAP87.match(code)):
            report.skip("distribution of a domain (not a FAP-225/87 family)")
            continue
        key = " ".join(band.casefold().split())
        if key not in BANDS:
            report.problem(table.path, line, f"unknown salary band: {band!r}")
            continue
        if r["Pourcentage"].upper() == "NA":
            report.skip("distribution band not published (NA)")
            continue
        share, thousands = decimal(r["Pourcentage"]), decimal(r["Milliers"])
        if share is None or thousands is None:
            report.problem(table.path, line, "share or headcount is not a number")
            continue
        lower, upper = BANDS[key]
        data.distribution.append(
            {
                "fap_code": code,
                "position": positions[key],
                "band": band,
                "lower_eur": lower,
                "upper_eur": upper,
                "employees_thousands": float(thousands),
                "share_pct": float(share),
                "data_year": DATA_YEAR,
            }
        )


def _median_band(shares: list[float]) -> int | None:
    total = 0.0
    for i, share in enumerate(shares):
        total += share
        if total >= 50:
            return i
    return None


def _band_of(amount: int) -> int:
    return next((i for i, (_, upper) in enumerate(BANDS.values()) if upper and amount < upper), 4)


def check_distribution(data: DaresData, report: ImportReport) -> None:
    """Hold the 5-band distribution to the family medians, and read it the way they agree.

    A family's median must fall in the band where its distribution reaches 50 %. In the
    published salaires_3niv.csv the figures labelled "De 2000 € à moins de 3000 €" and
    "3000 € ou plus" contradict the medians of 60 of 297 families (M2Z90: median 3,100 €,
    yet only 39 % at 3,000 € or more) and agree for all 297 once exchanged: when the
    exchanged reading agrees for every family and the labelled one does not, the two top
    bands are exchanged and the summary says so; otherwise the file is read as labelled and
    the contradictions are counted.
    """
    by_family: dict[str, dict[int, dict]] = defaultdict(dict)
    for row in data.distribution:
        by_family[row["fap_code"]][row["position"]] = row
    checked = as_labelled = exchanged = 0
    for code, bands in by_family.items():
        family = data.families.get(code)
        if family is None or DATA_YEAR not in family.medians or len(bands) != 5:
            continue
        shares = [bands[i]["share_pct"] for i in range(5)]
        expected = _band_of(family.medians[DATA_YEAR])
        checked += 1
        as_labelled += _median_band(shares) == expected
        exchanged += _median_band([*shares[:3], shares[4], shares[3]]) == expected
    if not checked:
        return
    if exchanged == checked and as_labelled < checked:
        for bands in by_family.values():
            _exchange(bands)
        report.notes.append(
            f"{DISTRIBUTION}: as labelled, the bands contradict the family median for "
            f"{checked - as_labelled} of {checked} families; with the figures of the two top "
            f"bands (2000–3000 € and 3000 € or more) exchanged they agree for all {checked}: "
            "read exchanged"
        )
    elif as_labelled < checked:
        report.notes.append(
            f"{DISTRIBUTION}: the bands contradict the family median for "
            f"{checked - as_labelled} of {checked} families (read as labelled)"
        )


def _exchange(bands: dict[int, dict]) -> None:
    """Exchange the figures (share, headcount) of the two top bands of one family."""
    high, top = bands.get(3), bands.get(4)
    figures = ("employees_thousands", "share_pct")
    if high is not None and top is not None:
        old_high = {k: high[k] for k in figures}
        high.update({k: top[k] for k in figures})
        top.update(old_high)
    elif high is not None:  # only "2000–3000" published: its figure is the top band's
        high.update(position=4, band=BANDS_LABELS[4], lower_eur=3000, upper_eur=None)
    elif top is not None:
        top.update(position=3, band=BANDS_LABELS[3], lower_eur=2000, upper_eur=3000)


def _read_tension(
    table: Table, data: DaresData, report: ImportReport, progress: Progress | None
) -> None:
    columns = ("fap", "Emploi moyen", "Tension", "Année", "niveau_geo", *TENSION_COLUMNS)
    for line, r in table.records(columns, report, progress):
        if r["niveau_geo"] != "nat":
            report.skip("regional or departmental tension (only national kept)")
            continue
        code = r["fap"]
        if not (FAP225.match(code) or FAP87.match(code)):
            report.problem(table.path, line, f"not a FAP code: {code!r}")
            continue
        row: dict = {"fap_code": code}
        try:
            row["year"] = int(r["Année"])
            row["employment"] = _int(r["Emploi moyen"])
            row["tension"] = float(r["Tension"]) if r["Tension"] else None
            for column, name in TENSION_COLUMNS.items():
                row[name] = _int(r[column])
        except ValueError:
            report.problem(table.path, line, "an indicator is not a number")
            continue
        data.tension.append(row)


def _int(text: str) -> int | None:
    if not text or text.upper() == "NA":
        return None
    value = float(text)
    if not value.is_integer():
        raise ValueError(text)
    return int(value)


def _read_rome_codes(
    source: DataSource, rome: Path | str | None, report: ImportReport
) -> dict[str, dict[str, str]]:
    """ROME 4.0 code → {parent, emploi_cadre, title} from the ROME code file."""
    places = [source]
    other: DataSource | None = None
    if rome is not None:
        other = DataSource(rome)
        places.append(other)
    try:
        for place in places:
            found = sorted(n for n in place.names() if ROME_FILE.match(n))
            if found:
                inner = place.find(found[-1])
                table = _table(place, inner, report, ",")
                break
        else:
            raise DatasetError(
                f"{source.path}: the ROME 4.0 code list (unix_referentiel_code_rome_vNNN_utf8.csv)"
                " is needed to join ROME codes to families: import ROME first, or pass --rome"
            )
    finally:
        if other is not None:
            other.close()
    report.version = f"FAP-2009, salaires {DATA_YEAR}, ROME v{ROME_FILE.match(found[-1]).group(1)}"
    codes: dict[str, dict[str, str]] = {}
    columns = ("code_rome", "libelle_rome", "emploi_cadre", "code_rome_parent")
    for line, r in table.records(columns, report):
        code, parent = r["code_rome"], r["code_rome_parent"] or r["code_rome"]
        if not ROME_CODE.match(code) or not ROME_CODE.match(parent):
            report.problem(table.path, line, f"not a ROME code: {code!r} (parent {parent!r})")
            continue
        codes[code] = {"parent": parent, "emploi_cadre": r["emploi_cadre"]}
    return codes


def _choose(
    rome_codes: dict[str, dict[str, str]],
    parents: dict[str, list[str]],
    data: DaresData,
    report: ImportReport,
) -> None:
    for code, info in rome_codes.items():
        parent = info["parent"]
        families = [data.families[f] for f in parents.get(parent, []) if f in data.families]
        candidates = [f for f in families if DATA_YEAR in f.medians]
        fallback = False
        if not candidates:
            groups = {f[:3] for f in parents.get(parent, [])}
            candidates = [
                data.families[g]
                for g in sorted(groups)
                if g in data.families and DATA_YEAR in data.families[g].medians
            ]
            fallback = bool(candidates)
        if not candidates:
            why = "in no family" if parent not in parents else "in families without a median"
            report.skip(f"ROME code {why} (parent {parent})")
            continue
        chosen, rule = choose_families(candidates, info["emploi_cadre"])
        if fallback:
            rule = RULE_FAP87
        for family in candidates:
            data.links.append(
                {
                    "rome_code": code,
                    "rome_parent": parent,
                    "emploi_cadre": info["emploi_cadre"] or None,
                    "fap_code": family.code,
                    "chosen": family in chosen,
                    "rule": rule,
                }
            )


# -- importing ----------------------------------------------------------------------------


@paused_gc()
def import_dares(
    path: Path | str,
    db_path: Path | str = DEFAULT_DB,
    *,
    rome: Path | str | None = None,
    progress: Progress | None = None,
    step: Callable[[str], None] | None = None,
    strict: bool = False,
) -> ImportReport:
    """Replace the Dares reference tables of the database; every career with a ROME code
    (ROME careers, and fiches that carry one) then shows its family's figures."""
    from .load import _info  # the shared build_info keys of every import

    started = time.perf_counter()
    db_path = Path(db_path)
    check_writable(db_path)  # before reading any input: a wrong --db is told at once
    if rome is None and db_path.exists():
        rome = _rome_source(db_path)
    if step:
        step(f"reading Dares families from {path}")
    data, report = read_dares(path, rome, progress=progress)
    if strict and report.problems:
        shown = "\n".join(str(p) for p in report.problems[:20])
        raise DatasetError(f"{len(report.problems)} malformed row(s) (--strict):\n{shown}")
    if not data.links:
        raise DatasetError(f"{report.source}: no ROME code reached a family with a median")
    if step:
        step(f"writing {db_path}")
    with writer_lock(db_path, progress=step):  # held from reading the old file to the rename
        old = db_path if db_path.exists() else None
        if old is not None:
            check_database_once(old)
        facts, kept = write_database(
            db_path,
            [],
            keep_from=old,
            replace_kinds=(),
            reference_rows=data.rows(),
            info=_info("dares", report, [path]),
        )
    report.facts, report.kept = facts, kept
    report.seconds = time.perf_counter() - started
    return report


def _rome_source(db_path: Path) -> str | None:
    """The ROME set the database was imported from, if it is still there."""
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise DatasetError(f"{db_path}: not a careerdash database ({exc})") from exc
    try:
        row = con.execute(
            "SELECT value FROM build_info WHERE key = 'import.rome.source'"
        ).fetchone()
    except duckdb.Error:
        row = None
    finally:
        con.close()
    if row and row[0] and Path(row[0].split("; ")[0]).exists():
        return row[0].split("; ")[0]
    return None
