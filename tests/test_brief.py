"""The comparison brief and the facts CSV, built from a real database of fiches."""

from __future__ import annotations

import io
from datetime import datetime
from html.parser import HTMLParser

import duckdb
import pandas as pd
import pytest

from careerdash import brief, queries
from careerdash.brief_ui import charts_for
from careerdash.store import build
from conftest import DASHBOARD_FICHES

FRAMES = brief.FACT_FRAMES


def frames(db, ids: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = {name: getattr(queries, name)(con, ids) for name in FRAMES}
        found["build_info"] = queries.build_info(con)
    finally:
        con.close()
    found["progressions"] = found["progressions"].assign(
        target=lambda d: d["to_title"].fillna(d["title"])
    )
    return found


def facts_of(f) -> pd.DataFrame:
    return brief.facts(*(f[name] for name in FRAMES))


def make_brief(f, **extra) -> str:
    return brief.html_brief(
        brief.Brief(
            title="Comparaison : " + ", ".join(f["careers"]["title"]),
            careers=f["careers"],
            facts=facts_of(f),
            charts=charts_for(f),
            build_info=f["build_info"],
            share_url=extra.pop("share_url", "http://localhost:8501/comparer?careers=A"),
            editorial=bool(f["careers"]["scores_editorial"].any()),
            made_at=datetime(2026, 12, 3, 14, 30),
            **extra,
        )
    )


class Tags(HTMLParser):
    """Every start tag of a document, with its attributes, and its visible text."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.text.append(data)


def parse(document: str) -> Tags:
    tags = Tags()
    tags.feed(document)
    return tags


IDS = ("developpeur-web", "cuisinier", "infirmier")


@pytest.fixture(scope="module")
def three(dashboard_db):
    f = frames(dashboard_db, IDS)
    assert list(f["careers"]["career_id"]) == list(IDS), "fixture careers changed"
    return f


def test_every_salary_band_is_a_row_with_its_kind_basis_period_currency_and_source(three):
    table = facts_of(three)
    salaries = table[table["rubrique"] == "salaire"]
    bands = three["salary_bands"]
    assert len(salaries) == len(bands) > 0
    for b in bands.itertuples():
        row = salaries[
            (salaries["identifiant"] == b.career_id)
            & (salaries["fait"] == brief.BAND_LABELS[b.level])
        ]
        assert len(row) == 1, (b.career_id, b.level)
        row = row.iloc[0]
        assert row["montant_min"] == b.min_amount
        assert (pd.isna(row["montant_max"]) and pd.isna(b.max_amount)) or row[
            "montant_max"
        ] == b.max_amount
        assert row["nature"].startswith("fourchette " + brief.BAND_LABELS[b.level].lower())
        assert (row["base"], row["periode"], row["devise"]) == ("brut", "par an", b.currency)
        assert row["source"] == b.source_url


def test_an_open_band_and_a_single_figure_say_so(three):
    table = facts_of(three)
    cook = table[(table["identifiant"] == "cuisinier") & (table["rubrique"] == "salaire")]
    values = dict(zip(cook["fait"], cook["valeur"], strict=True))
    assert values["Débutant"].startswith("environ ")  # "Environ 21 000 €": one figure
    assert values["Confirmé"].startswith("à partir de ")  # "À partir de 28 000 €": open
    assert cook.loc[cook["fait"] == "Confirmé", "montant_max"].isna().all()


def test_scores_say_they_are_editorial_and_missing_facts_say_non_renseigne(three):
    table = facts_of(three)
    profile = table[table["rubrique"] == "profil"]
    assert len(profile) == len(three["profile_scores"]) > 0
    assert profile["nature"].str.contains("éditorial").all()
    cook_profile = profile[profile["identifiant"] == "cuisinier"]
    assert cook_profile.empty  # the cook's fiche has no profile: no invented score
    levels = table[table["rubrique"] == "niveau de référence"].set_index("identifiant")
    for c in three["careers"].itertuples():
        expected = c.reference_level if isinstance(c.reference_level, str) else "non renseigné"
        assert levels.loc[c.career_id, "valeur"] == expected


def test_facts_csv_round_trips_with_pandas(three):
    table = facts_of(three)
    data = brief.facts_csv(table)
    assert data.startswith("\ufeff".encode())  # spreadsheets then read the accents right
    back = brief.read_facts_csv(data)
    pd.testing.assert_frame_equal(back, table, check_dtype=True)
    plain = pd.read_csv(pd.io.common.BytesIO(data), encoding="utf-8-sig")
    assert list(plain.columns) == brief.FACT_COLUMNS
    assert len(plain) == len(table)
    assert plain["montant_min"].dropna().astype(int).tolist() == [
        int(v) for v in table["montant_min"].dropna()
    ]


def test_facts_xlsx_reads_back_the_same_table(three):
    table = facts_of(three)
    table.loc[0, "fait"] = '=HYPERLINK("http://evil.example","clic")'
    back = pd.read_excel(io.BytesIO(brief.facts_xlsx(table)), engine="calamine", dtype=str)
    assert list(back.columns) == brief.FACT_COLUMNS
    assert len(back) == len(table)
    assert back.loc[0, "fait"] == table.loc[0, "fait"]  # text, not a formula
    text = [c for c in brief.FACT_COLUMNS if c not in ("montant_min", "montant_max", "score")]
    assert back[text].fillna("").equals(table[text])
    for column in ("montant_min", "montant_max", "score"):
        assert pd.to_numeric(back[column]).astype("Int64").equals(table[column])


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_stays_text(three):
    table = facts_of(three).head(3).copy()
    table.loc[0, "fait"] = '=HYPERLINK("http://evil.example","clic")'
    table.loc[1, "valeur"] = "@SUM(A1)"
    back = pd.read_csv(pd.io.common.BytesIO(brief.facts_csv(table)), encoding="utf-8-sig")
    assert back.loc[0, "fait"].startswith("'=")
    assert back.loc[1, "valeur"].startswith("'@")
    pd.testing.assert_frame_equal(brief.read_facts_csv(brief.facts_csv(table)), table)


def test_brief_holds_the_facts_versions_link_and_note(three):
    document = make_brief(three, note="Revoir le BUT\net l'alternance.", student="Léa")
    text = " ".join(parse(document).text)
    for title in three["careers"]["title"]:
        assert title in text
    for b in three["salary_bands"].itertuples():
        assert brief.band(b.min_amount, b.max_amount, b.currency) in text
        assert brief.site(b.source_url) in text
    assert three["build_info"]["built_at"] in text
    assert "http://localhost:8501/comparer?careers=A" in text
    assert brief.EDITORIAL_TEXT in text
    assert "Préparé pour" in text and "Léa" in text
    assert "Revoir le BUT\net l'alternance." in text  # the line break is kept (pre-wrap)
    assert "fourchette débutant" in text and "brut par an EUR" in text
    assert document.count('class="chart"') == 5  # salaries, radar, studies, skills, paths


def test_no_note_no_first_name_when_none_was_typed(three):
    text = " ".join(parse(make_brief(three)).text)
    assert "Préparé pour" not in text
    assert 'class="note"' not in make_brief(three) and "class=note" not in make_brief(three)


def test_plotly_js_is_embedded_so_the_file_needs_no_network(three):
    tags = parse(make_brief(three)).tags
    assert not [a for t, a in tags if t in ("script", "link", "img") and ("src" in a)]
    assert not [a for t, a in tags if t == "link"]


HOSTILE = """<img src=x onerror=alert(1)> Chef <script>alert(2)</script>
Famille : <b>Gras</b>
Un métier inventé pour le test: **markdown** et <i>html</i>.
#HARDSKILLS
90 | <script>alert(3)</script>
Mots
#SALAIRE ET ÉVOLUTION
DÉBUTANT (- de 3ans)
De 30 000 € à 35 000 € brut par an
#SOURCES
salary_bands: https://example.org/a?x=<script>
hard_skills: éditorial
"""


def test_data_is_text_never_markup(tmp_path):
    (tmp_path / "fiches").mkdir()
    (tmp_path / "fiches" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "hostile.duckdb"
    build(tmp_path / "fiches", db)
    con = duckdb.connect(str(db), read_only=True)
    (cid,) = con.execute("SELECT career_id FROM careers").fetchone()
    con.close()
    f = frames(db, (cid,))
    f["sources"].loc[len(f["sources"])] = {
        "career_id": cid,
        "field": "tools",
        "url": "javascript:alert(4)",
        "note": None,
        "career": "x",
    }
    f["tools"] = pd.DataFrame(
        {"career_id": [cid], "category": ["<u>Cat</u>"], "position": [0], "tool": ["Outil"]}
    )
    document = make_brief(f, note="<script>alert(5)</script>", student="<b>Zoé</b>")
    tags = parse(document).tags
    names = [t for t, _ in tags]
    assert names.count("script") == 2  # plotly.js and the drawing code: nothing from data
    assert "img" not in names and "i" not in names and "u" not in names
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    text = " ".join(parse(document).text)
    assert "<script>alert(5)</script>" in text and "<b>Zoé</b>" in text
    assert "javascript:alert(4)" in text  # shown, not linked
    csv = brief.facts_csv(facts_of(f)).decode("utf-8-sig")
    assert "<script>alert(3)</script>" in csv  # the CSV keeps the data as it is


def test_a_fiche_and_its_rome_entry_of_the_same_title_stay_apart(tmp_path):
    from careerdash.importers.load import import_rome
    from conftest import FIXTURES

    db = tmp_path / "mixed.duckdb"
    build(DASHBOARD_FICHES, db)
    import_rome(FIXTURES / "rome", db)
    con = duckdb.connect(str(db), read_only=True)
    rome = con.execute("SELECT career_id, title FROM careers WHERE source_kind = 'rome'").df()
    con.close()
    cid, title = rome.iloc[0]
    f = frames(db, ("developpeur-web", cid))
    text = " ".join(parse(make_brief(f)).text)
    assert f"{title} · ROME" in text
    assert brief.career_label(title, "rome") == f"{title} · ROME"
    assert brief.career_label("Comptable", "fiche") == "Comptable"


def test_link_only_for_http_urls():
    assert brief.link("https://a.fr/x?y=1&z=2").startswith('<a href="https://a.fr/x?y=1&amp;z=2"')
    assert "<a" not in brief.link("javascript:alert(1)")
    assert "<a" not in brief.link("data:text/html,<b>")
    assert brief.link(None) == ""


def test_share_url_keeps_every_compared_career():
    url = brief.share_url(
        "http://h:1/comparer", {"careers": ["Comptable", "Infirmier(ère)", "Data analyst"]}
    )
    assert url == (
        "http://h:1/comparer?careers=Comptable&careers=Infirmier%28%C3%A8re%29"
        "&careers=Data%20analyst"
    )
    assert brief.share_url("http://h:1/fiche", {}) == "http://h:1/fiche"


def test_a_family_median_gets_its_own_chart_and_is_named_as_such(tmp_path):
    """A fiche with a ROME code carries its Dares family median (net, monthly) beside its
    gross yearly bands: the brief draws them on separate charts and names the median."""
    from careerdash.importers.dares import import_dares
    from conftest import FIXTURES

    db = tmp_path / "careerdash.duckdb"
    build(DASHBOARD_FICHES, db)
    import_dares(FIXTURES / "dares", db)
    f = frames(db, ("developpeur-web",))
    levels = set(f["salary_bands"]["level"])
    assert {"debutant", "family_median"} <= levels
    salaries = charts_for(f)[brief.SALARY_SECTION]
    titles = [fig.layout.title.text for fig in salaries]
    assert len(salaries) == 2, titles
    assert any("famille professionnelle" in t for t in titles)
    natures = set(facts_of(f)["nature"].dropna())
    assert "médiane de toute la famille professionnelle (pas du métier seul)" in natures
