"""Real fiches vary: each variation the parser must take in its stride, with its values."""

import json
from pathlib import Path

import pytest

from careerdash.fiche import decode, parse_amount, parse_fiche, read_fiche

FICHES = Path(__file__).parent / "fixtures" / "fiches"
GOLDEN = sorted(FICHES.glob("*.txt"))


@pytest.mark.parametrize("fiche", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_fiche(fiche: Path):
    expected = json.loads(fiche.with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = read_fiche(fiche).to_json()
    for key, value in expected.items():
        assert got[key] == value, key


def _reference():
    return read_fiche(FICHES / "header_variants.txt").to_json()


def test_crlf_line_ends():
    text = (FICHES / "header_variants.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    assert parse_fiche(text).to_json() == _reference()


def test_utf8_bom():
    data = "\ufeff".encode() + (FICHES / "header_variants.txt").read_bytes()
    assert parse_fiche(decode(data)).to_json() == _reference()


def test_windows_1252_file(tmp_path):
    path = tmp_path / "cp1252.txt"
    text = (FICHES / "header_variants.txt").read_text(encoding="utf-8").replace("…", "...")
    path.write_bytes(text.encode("cp1252"))
    career = read_fiche(path)
    assert career.title == "Technicien(ne) de test"
    assert career.summary == "Vérifie des équipements."
    assert career.profile["qualite_de_vie"] == 65
    assert career.hard_skills[0].keywords == ["Mesure", "Analyse", "Dépannage"]


def test_seed_with_crlf_and_bom_reads_the_same(seed_path):
    raw = seed_path.read_bytes()
    variant = b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n")
    assert parse_fiche(decode(variant)).to_json() == parse_fiche(raw.decode()).to_json()


@pytest.mark.parametrize(
    ("line", "low", "high", "monthly"),
    [
        ("De 30000€ à 35000€ brut par an", 30000, 35000, False),
        ("De 30 000 € à 35 000 € brut par an", 30000, 35000, False),
        ("De 30\u202f000\u00a0€ à 35\u202f000\u00a0€ brut par an", 30000, 35000, False),
        ("De 30k€ à 35k€ brut par an", 30000, 35000, False),
        ("De 30 000 euros à 35 000 euros brut par an", 30000, 35000, False),
        ("Entre 30 000 et 35 000 € brut annuel", 30000, 35000, False),
        ("De 2 400 € à 2 900 € brut par mois", 28800, 34800, True),
        ("De 1 801,80 € à 2 000 € brut par mois", 21622, 24000, True),
        ("Environ 24 000 € brut par an", 24000, 24000, False),
        ("À partir de 42 000 € brut par an", 42000, None, False),
        ("Plus de 70 000 €", 70000, None, False),
        ("De 30,5k€ à 40k€", 30500, 40000, False),
    ],
)
def test_amount_shapes(line, low, high, monthly):
    band = parse_amount(line)
    assert isinstance(band, dict), band
    assert (band["min_eur"], band["max_eur"], band["converted_from_monthly"]) == (
        low,
        high,
        monthly,
    )


def test_net_figures_stay_net():
    band = parse_amount("De 1 600 € à 1 800 € net par mois")
    assert band["basis"] == "net" and band["min_eur"] == 19200


def test_presumed_gross_is_flagged():
    band = parse_amount("De 30 000 € à 35 000 € par an (brut présumé)")
    assert band["presumed_gross"] is True and band["basis"] == "brut"
