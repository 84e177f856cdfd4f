"""The bundled dataset: every fiche valid under the strict rules, every figure sourced."""

import json
import re
from pathlib import Path

import duckdb
import pytest

from careerdash.cli import main
from careerdash.fiche import read_fiche
from careerdash.text import title_key
from conftest import DATA_FICHES, ROOT, SHARED

RESEARCH = SHARED / "research" / "careers_fr"
FICHES = sorted(DATA_FICHES.glob("*.txt"))


def documented_families() -> set[str]:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    paragraph = text.split("Each career carries one family:", 1)[1].split("\n\n", 1)[0]
    return {f.strip(" .\n") for f in paragraph.replace("\n", " ").split(",")}


def test_strict_validation_of_the_bundled_fiches(capsys):
    assert main(["validate", "--strict", str(DATA_FICHES)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("path", FICHES, ids=[p.stem for p in FICHES])
def test_each_fiche_has_family_english_title_and_no_unsourced_fact(path: Path):
    career = read_fiche(path, strict=True)
    assert career.family in documented_families()
    assert career.title_en
    for field, present in (
        ("diplomas", career.diplomas),
        ("progressions", career.progressions),
        ("experience_paths", career.experience_paths),
        ("tools", career.tools),
    ):
        if present:
            assert career.sources_for(field), f"{path.name}: {field} stated without a source"
    for band in career.salary_bands:
        sources = career.sources_for(f"salary_bands.{band.level}") + [
            s for s in career.sources if s.field == "salary_bands"
        ]
        assert sources and all(s.url or s.note for s in sources)


def test_prose_states_no_salary_figure():
    for path in FICHES:
        career = read_fiche(path)
        prose = " ".join(
            [career.summary]
            + [f.answer for f in career.faq]
            + [s.description for s in career.soft_skills + career.constraints]
        )
        assert not re.search(r"\d[\d  ]*\s?(€|euros?|k€)", prose), path.name


def test_database_from_the_bundled_fiches(bundled_db):
    con = duckdb.connect(str(bundled_db), read_only=True)
    assert con.execute("SELECT count(*) FROM careers").fetchone()[0] == len(FICHES)
    unsourced = con.execute(
        "SELECT career_id, level FROM salary_bands WHERE source_url IS NULL AND source_note IS NULL"
    ).fetchall()
    assert unsourced == []
    # outside the seed's own career (sourced to the original fiche), every band has a URL
    no_url = con.execute(
        "SELECT career_id FROM salary_bands WHERE source_url IS NULL "
        "AND career_id <> 'charge-de-mission-relations-internationales'"
    ).fetchall()
    assert no_url == []
    unmarked = con.execute(
        "SELECT career_id FROM careers c WHERE NOT scores_editorial AND EXISTS "
        "(SELECT 1 FROM profile_scores p WHERE p.career_id = c.career_id)"
    ).fetchall()
    assert unmarked == []


def test_every_move_naming_a_career_of_the_set_links_to_it(bundled_db):
    con = duckdb.connect(str(bundled_db), read_only=True)
    rows = con.execute("SELECT career_id, title FROM careers").fetchall()
    ids = {title_key(t): cid for cid, t in rows}
    moves = con.execute("SELECT career_id, title, to_career_id FROM progressions").fetchall()
    for career_id, title, to_career_id in moves:
        expected = ids.get(title_key(title))
        assert to_career_id == (expected if expected != career_id else None), title
    linked = {(a, b) for a, _, b in moves if b}
    assert (
        "charge-de-mission-relations-internationales",
        "coordinateur-de-projets-europeens",
    ) in linked
    assert ("infirmier", "aide-soignant") in linked  # an entry role that is a career


def _research() -> list[dict]:
    if not RESEARCH.exists():
        pytest.skip(f"the research files are not here ({RESEARCH})")
    careers = []
    for path in sorted(RESEARCH.glob("batch*.json")):
        careers += json.loads(path.read_text(encoding="utf-8"))
    return careers


def test_every_band_the_research_found_is_in_its_fiche():
    for career in _research():
        fiche = read_fiche(DATA_FICHES / f"{career['slug']}.txt")
        stated = {b.level for b in fiche.salary_bands}
        found = {
            b["level"]
            for b in career["salary"]
            if b["min_eur"] is not None or b["max_eur"] is not None  # null: nobody found it
        }
        assert found <= stated, career["slug"]


def test_every_figure_matches_a_research_figure_from_the_same_page():
    gaps = (
        {c["slug"]: c for c in json.loads((RESEARCH / "gaps.json").read_text())}
        if (RESEARCH / "gaps.json").exists()
        else {}
    )
    for career in _research():
        fiche = read_fiche(DATA_FICHES / f"{career['slug']}.txt")
        extra = gaps.get(career["slug"], {})
        known = (
            career["salary"]
            + career["alternatives"]
            + extra.get("salary", [])
            + extra.get("alternatives", [])
        )
        for band in fiche.salary_bands:
            if not known:  # the seed's own career: figures of the original fiche
                continue
            urls = {s.url for s in fiche.sources_for(f"salary_bands.{band.level}")} | {
                s.url for s in fiche.sources if s.field == "salary_bands"
            }
            assert any(
                k["source_url"] in urls
                and close(k["min_eur"], band.min_eur)
                and close(k["max_eur"], band.max_eur)
                for k in known
            ), (career["slug"], band)


def close(published: int | None, stated: int | None) -> bool:
    """Equal, or within the rounding of a monthly figure written back ×12."""
    if published is None or stated is None:
        return published is stated
    return abs(published - stated) <= 60
