"""Property-based fuzz of the fiche parser, end to end from bytes to database rows.

Structured fiches (every section, with extreme numbers, long runs of spaces and digits,
control characters) and mutated real fiches, in mixed encodings. Whatever the input:
reading it gives a career or `FicheError` problems that each sit on a line of the file, in
one line of text, never an internal error; and a career that reads is one the database
stores (validate and build agree). Sized to run in CI in well under a minute.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerdash.fiche import FicheError, decode, parse_fiche
from careerdash.store import career_rows, insert_rows, schema_sql

FIXTURES = Path(__file__).parent / "fixtures"
REAL = [p.read_bytes() for p in sorted((FIXTURES / "dashboard").glob("*.txt"))]
STRUCTURED_EXAMPLES = 250
MUTATED_EXAMPLES = 250
FUZZ = settings(
    max_examples=STRUCTURED_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

huge = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.integers(min_value=10**300, max_value=10**320).map(str),
    st.just("9" * 4400),
    st.sampled_from([0, 100, 101, 2**31 - 1, 2**31, 2**63, 179_000_000]).map(str),
)
run = st.builds(
    lambda c, n: c * n, st.sampled_from([" ", "1", "\t", "a", "(", ",", "…"]), st.integers(0, 3000)
)
control = st.sampled_from(["\x00", "\x1b[2J", "\x07", "\x0c", "\u202e", "\x85", "\r", "\x7f"])
word = st.one_of(
    st.text(min_size=1, max_size=12), huge, run, control, st.sampled_from(["€", "k€", "%", "|"])
)
free = st.lists(word, max_size=6).map(" ".join)

LINE_SHAPES = [
    st.builds("{} {}%".format, st.sampled_from(["Qualité de vie", "Carrière"]), huge),
    st.builds("{} | {}".format, huge, free),
    st.builds("BAC +{} | ({} crédits ECTS)".format, huge, huge),
    st.builds("Voir toutes les formations Bac+2 ({})".format, huge),
    st.builds(
        "{} ({} à {} ans)".format, st.sampled_from(["DÉBUTANT", "CONFIRMÉ", "SENIOR"]), huge, huge
    ),
    st.builds("De {} € à {} € brut par {}".format, huge, huge, st.sampled_from(["an", "mois"])),
    st.builds("Salaire {} : {} € brut par an".format, huge, huge),
    st.builds("{} € - ".format, huge),
    st.builds("évoluer vers un poste de {} ou de {}.".format, free, free),
    st.builds("Expérience en tant qu'{}".format, free),
    st.builds("- {}".format, free),
    st.builds("{}: https://{}".format, st.sampled_from(["salary_bands", "tools", "x"]), free),
    st.sampled_from(
        ["BAC -1", "BAC+", "Niveau 99", "Réponse :", "Question ?", "EVOLUTION DE CARRIERE"]
    ),
    free,
]
HEADERS = [
    "#MISSIONS",
    "#SOFTSKILLS",
    "#HARDSKILLS",
    "#PARCOURS / DIPLÔMES",
    "#OUTILS",
    "#CONTRAINTES",
    "#SALAIRE ET ÉVOLUTION",
    "#FAQ",
    "#SOURCES",
]
section = st.tuples(st.sampled_from(HEADERS), st.lists(st.one_of(*LINE_SHAPES), max_size=8))
fiche_text = st.builds(
    lambda title, profile, sections: "\n".join(
        [title, "Profil d'épanouissement", *profile]
        + [line for header, body in sections for line in (header, *body)]
    ),
    st.one_of(st.just("Métier"), free),
    st.lists(st.one_of(*LINE_SHAPES[:1], free), max_size=4),
    st.lists(section, max_size=6),
)


def encode(text: str, how: list[str]) -> bytes:
    """Each line in the encoding drawn for it (UTF-8, Windows-1252, or the file as UTF-16)."""
    if how and how[0] == "utf-16":
        return text.encode("utf-16", errors="surrogatepass")
    out = []
    for i, line in enumerate(text.split("\n")):
        codec = how[i % len(how)] if how else "utf-8"
        out.append(line.encode(codec, errors="replace"))
    return b"\n".join(out)


def check(data: bytes) -> None:
    """The property: a career the database stores, or located one-line problems."""
    # a lone CR ends a line too (old Mac files), as it does for the parser
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    try:
        career = parse_fiche(decode(data, "f.txt"), "f.txt")
    except FicheError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert "internal error" not in problem.message, problem
            assert 1 <= problem.line <= max(lines, 1), problem
            assert "\n" not in problem.message, problem
        return
    con = duckdb.connect()
    try:
        con.execute(schema_sql())
        insert_rows(con, career_rows([career]))
    finally:
        con.close()


@FUZZ
@given(fiche_text, st.lists(st.sampled_from(["utf-8", "cp1252", "utf-16"]), max_size=3))
def test_structured_fiches_read_or_fail_on_a_line(text, how):
    check(encode(text, how))


mutation = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=40)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), huge.map(str.encode)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), run.map(str.encode)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 200)),
    st.tuples(st.just("latin"), st.integers(0, 10**6), st.integers(1, 2000)),
)


@settings(FUZZ, max_examples=MUTATED_EXAMPLES)
@given(st.sampled_from(REAL), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_real_fiches_read_or_fail_on_a_line(original, mutations):
    data = bytearray(original)
    for kind, at, what in mutations:
        at %= len(data) + 1
        if kind == "insert":
            data[at:at] = what
        elif kind == "delete":
            del data[at : at + what]
        else:  # one stretch re-encoded as Windows-1252 inside a UTF-8 file
            chunk = bytes(data[at : at + what]).decode("utf-8", errors="ignore")
            data[at : at + what] = chunk.encode("cp1252", errors="replace")
    check(bytes(data))
