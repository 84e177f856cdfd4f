"""The bad-input catalogue: every kind of wrong input a user can hand the CLI, with the exit
code and the exact lines it must print. Each case is one row; `{tmp}` stands for the case's
own folder. Cases that need what root cannot be denied (an unreadable folder) run the CLI
as another user (setpriv) when the tests run as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from careerdash import store
from careerdash.cli import main
from careerdash.importers import common

FIXTURES = Path(__file__).parent / "fixtures"
ROME = FIXTURES / "rome"
GOOD = "Métier\nUn métier.\n"
CHECKED_1_BAD = "1 file(s) checked, 0 valid, 1 invalid"
CHECKED_1_GOOD = "1 file(s) checked, 1 valid, 0 invalid"
EXAMPLE = "De 30 000 € à 35 000 € brut par an"


def salary(*lines: str) -> str:
    return "Métier\n#SALAIRE ET ÉVOLUTION\n" + "\n".join(lines) + "\n"


def diplomas(*lines: str) -> str:
    return "Métier\n#PARCOURS / DIPLÔMES\n" + "\n".join(lines) + "\n"


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes]  # path under {tmp} → content
    argv: list[str]
    code: int
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    prepare: Callable[[Path], None] | None = None  # anything files cannot say (links, dbs)


def validate(text: str | bytes, code: int, *out: str, name: str = "f.txt") -> dict:
    return {
        "files": {name: text},
        "argv": ["validate", "{tmp}/" + name],
        "code": code,
        "out": list(out),
        "err": [CHECKED_1_BAD if code else CHECKED_1_GOOD],
    }


def build_fails(text: str, *problems: str) -> dict:
    return {
        "files": {"fiches/f.txt": text},
        "argv": ["build", "--fiches", "{tmp}/fiches", "--db", "{tmp}/c.duckdb"],
        "code": 1,
        "err": [
            *problems,
            f"build failed: {len(problems)} problem(s) in 1 file(s); "
            "{tmp}/c.duckdb left unchanged",
        ],
    }


def db_build(prepare: Callable[[Path], None], *err: str, db: str = "{tmp}/c.duckdb") -> dict:
    return {
        "files": {"fiches/f.txt": GOOD},
        "argv": ["build", "--fiches", "{tmp}/fiches", "--db", db],
        "code": 1,
        "err": list(err),
        "prepare": prepare,
    }


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _real_db(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(100000)")
    con.close()


def _truncated_db(path: Path) -> None:
    store.build(FIXTURES / "dashboard", path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _links(tmp: Path) -> None:
    (tmp / "fiches" / "gone.txt").symlink_to(tmp / "nowhere.txt")
    (tmp / "fiches" / "loop.txt").symlink_to(tmp / "fiches" / "loop.txt")


NOT_DB = (
    "build failed: {tmp}/c.duckdb: not a readable DuckDB database: it is damaged or another "
    "kind of file (delete it or choose another --db)"
)

CASES = [
    # 2. lines that made the parser backtrack are read in linear time
    Case(
        "long run of spaces in a hard skill",
        **validate("Métier\n#HARDSKILLS\na" + " " * 40_000 + "b\n", 0),
    ),
    Case(
        "long run of spaces in a profile line",
        **validate("Métier\nProfil d'épanouissement\nQualité" + " " * 40_000 + "x\n", 0),
    ),
    Case(
        "long run of digits in a salary heading",
        **validate(salary("CONFIRMÉ " + "1" * 20_000, "30 000 € brut par an"), 0),
    ),
    # 4. numbers beyond the database's INTEGER columns: validate and build say the same
    Case(
        "salary of 3 billion",
        **validate(
            salary("DÉBUTANT", "3 000 000 000 € brut par an"),
            1,
            "{tmp}/f.txt:4: [salary_bands] 3 000 000 000 € a year in '3 000 000 000 € brut par an' "
            "is not a plausible salary band (careerdash reads up to 5 000 000 € a year)",
        ),
    ),
    Case(
        "salary of 3 billion, build",
        **build_fails(
            salary("DÉBUTANT", "3 000 000 000 € brut par an"),
            "{tmp}/fiches/f.txt:4: [salary_bands] 3 000 000 000 € a year in '3 000 000 000 € brut "
            "par an' is not a plausible salary band (careerdash reads up to 5 000 000 € a year)",
        ),
    ),
    Case(
        "monthly salary of 180 M€",
        **validate(
            salary("DÉBUTANT", "De 179 000 000 € à 180 000 000 € brut par mois"),
            1,
            "{tmp}/f.txt:4: [salary_bands] 2 160 000 000 € a year (12 × the monthly figure) in "
            "'De 179 000 000 € à 180 000 000 € brut par mois' is not a plausible salary band "
            "(careerdash reads up to 5 000 000 € a year)",
        ),
    ),
    Case(
        "ECTS beyond INTEGER",
        **validate(
            diplomas("BTS", "BAC +2 | (99999999999 crédits ECTS)"),
            1,
            "{tmp}/f.txt:4: [diplomas] ECTS 99999999999 is not plausible (at most 999)",
        ),
    ),
    Case(
        "ECTS beyond INTEGER, build",
        **build_fails(
            diplomas("BTS", "BAC +2 | (99999999999 crédits ECTS)"),
            "{tmp}/fiches/f.txt:4: [diplomas] ECTS 99999999999 is not plausible (at most 999)",
        ),
    ),
    Case(
        "formation count beyond INTEGER",
        **validate(
            diplomas("BTS", "BAC +2", "Voir toutes les formations Bac+2 (3000000000)"),
            1,
            "{tmp}/f.txt:5: [diplomas] formation count 3000000000 is not plausible "
            "(at most 100000)",
        ),
    ),
    Case(
        "years in a band heading beyond INTEGER",
        **validate(
            salary("CONFIRMÉ (+ de 3000000000 ans)", "40 000 € brut par an"),
            1,
            "{tmp}/f.txt:3: [salary_bands] years 3000000000 is not plausible (at most 60)",
        ),
    ),
    # 5. hundreds or thousands of digits: a located problem, never an internal error
    Case(
        "309-digit salary",
        **validate(
            salary("DÉBUTANT", "De " + "9" * 309 + " € brut par an"),
            1,
            "{tmp}/f.txt:4: [salary_bands] amount "
            + "9" * 19
            + "… in 'De "
            + "9" * 56
            + "…' is not a plausible salary",
        ),
    ),
    Case(
        "4400-digit percentage",
        **validate(
            "Métier\nProfil d'épanouissement\nQualité de vie " + "9" * 4400 + "%\n",
            1,
            "{tmp}/f.txt:3: [profile] 'Qualité de vie' is " + "9" * 59 + "…%: must be 0–100",
        ),
    ),
    Case(
        "4400-digit hard-skill score",
        **validate(
            "Métier\n#HARDSKILLS\n" + "9" * 4400 + " | Gestion\nA, B\n",
            1,
            "{tmp}/f.txt:3: [hard_skills] score " + "9" * 19 + "… for 'Gestion': must be 0–100",
        ),
    ),
    Case(
        "5000-digit study level",
        **validate(
            diplomas("BTS", "BAC +" + "1" * 5000),
            1,
            "{tmp}/f.txt:4: [diplomas] study level 'BAC +" + "1" * 54 + "…' is outside CAP…Bac+8",
        ),
    ),
    # 7. encodings and files read as they are
    Case(
        "UTF-16 fiche (Notepad's Unicode)",
        **validate("Infirmier(ère)\nSoigne.\n".encode("utf-16"), 0),
    ),
    Case(
        "UTF-16 fiche without a byte-order mark",
        **validate("Infirmier(ère)\nSoigne.\n".encode("utf-16-le"), 0),
    ),
    # 8. wrong data that used to be stored
    Case(
        "a year before the amount",
        **validate(
            salary("DÉBUTANT", "Salaire 2024 : 35 000 € brut par an"),
            1,
            "{tmp}/f.txt:4: [salary_bands] '2024' in 'Salaire 2024 : 35 000 € brut par an' is not "
            "an amount: an amount is followed by € (or k€), or starts a range like "
            "'de 30 000 à 35 000 €'",
        ),
    ),
    Case(
        "a range without its maximum",
        **validate(
            salary("DÉBUTANT", "30 000 € - "),
            1,
            f"{{tmp}}/f.txt:4: [salary_bands] the range in '30 000 € -' has no maximum "
            f"(expected e.g. '{EXAMPLE}')",
        ),
    ),
    Case(
        "BAC -1",
        **validate(
            diplomas("BTS", "BAC -1"),
            1,
            "{tmp}/f.txt:4: [diplomas] cannot read study level 'BAC -1' (expected e.g. 'BAC +2', "
            "'CAP' or 'Niveau 6')",
        ),
    ),
    Case(
        "senior band below the débutant band",
        **validate(
            salary(
                "DÉBUTANT",
                "De 30 000 € à 35 000 € brut par an",
                "CONFIRMÉ",
                "De 40 000 € à 50 000 € brut par an",
                "SENIOR",
                "De 20 000 € à 25 000 € brut par an",
            ),
            1,
            "{tmp}/f.txt:4: [salary_bands] the débutant band is above the senior band",
            "{tmp}/f.txt:6: [salary_bands] the confirmé band is above the senior band",
        ),
    ),
    # 9. a UTF-8 fiche with one Windows-1252 line
    Case(
        "one Windows-1252 line in a UTF-8 fiche",
        **validate(
            "Infirmier(ère)\n".encode()
            + "Soigne à l'hôpital.\n".encode("cp1252")
            + "Fin é.\n".encode(),
            1,
            "{tmp}/f.txt:2: this line is not UTF-8 while the rest of the file is (Windows-1252?): "
            "save the whole file as UTF-8",
        ),
    ),
    # 10. NUL bytes anywhere; links that lead nowhere
    Case(
        "NUL byte past the first 8 KiB",
        **validate(
            ("Métier\n" + "texte.\n" * 2000).encode() + b"ab\x00cd\n",
            1,
            "{tmp}/f.txt:2002: NUL byte: this line holds binary data, not text",
        ),
    ),
    Case(
        "dangling link and link loop, validate",
        files={"fiches/a.txt": GOOD},
        argv=["validate", "{tmp}/fiches"],
        code=1,
        prepare=_links,
        out=[
            "{tmp}/fiches/gone.txt:1: cannot read file: No such file or directory",
            "{tmp}/fiches/loop.txt:1: cannot read file: Too many levels of symbolic links",
        ],
        err=["3 file(s) checked, 1 valid, 2 invalid"],
    ),
    Case(
        "dangling link, build",
        files={"fiches/a.txt": GOOD},
        argv=["build", "--fiches", "{tmp}/fiches", "--db", "{tmp}/c.duckdb"],
        code=1,
        prepare=lambda tmp: (tmp / "fiches" / "gone.txt").symlink_to(tmp / "nowhere.txt"),
        err=[
            "{tmp}/fiches/gone.txt:1: cannot read file: No such file or directory",
            "build failed: 1 problem(s) in 1 file(s); {tmp}/c.duckdb left unchanged",
        ],
    ),
    # 6. every problem with the database path is one line, checked before reading inputs
    Case(
        "--db is a folder",
        **db_build(
            lambda tmp: (tmp / "c.duckdb").mkdir(),
            "build failed: {tmp}/c.duckdb: is a folder, not a database file",
        ),
    ),
    Case(
        "--db in a read-only folder",
        **db_build(
            lambda tmp: None,
            "build failed: /sys/careerdash.duckdb: cannot write in its folder (Permission denied)",
            db="/sys/careerdash.duckdb",
        ),
    ),
    Case(
        "--db is an empty file",
        **db_build(
            lambda tmp: _write(tmp / "c.duckdb", b""),
            "build failed: {tmp}/c.duckdb: is an empty file, not a careerdash database "
            "(delete it to start afresh)",
        ),
    ),
    Case(
        "--db is not a database",
        **db_build(lambda tmp: _write(tmp / "c.duckdb", os.urandom(1000) * 30), NOT_DB),
    ),
    Case(
        "--db is a truncated database",
        **db_build(lambda tmp: _truncated_db(tmp / "c.duckdb"), NOT_DB),
    ),
    Case(
        "--db is someone else's DuckDB file",
        **db_build(
            lambda tmp: _real_db(tmp / "c.duckdb"),
            "build failed: {tmp}/c.duckdb: a DuckDB database, but not careerdash's (no careers "
            "table); choose another --db",
        ),
    ),
    Case(
        "import with --db a folder stops before reading the dataset",
        files={},
        argv=["import", "rome", str(ROME), "--db", "{tmp}/c.duckdb"],
        code=1,
        prepare=lambda tmp: (tmp / "c.duckdb").mkdir(),
        err=[
            "import failed: {tmp}/c.duckdb: is a folder, not a database file",
            "{tmp}/c.duckdb left unchanged",
        ],
    ),
    # 13. fiche text echoed to the terminal is escaped: one problem, one line
    Case(
        "escape sequence in a fiche",
        **validate(
            salary("DÉBUTANT", "\x1b[2J\x1b[31mselon profil"),
            1,
            "{tmp}/f.txt:4: control character U+001B in the text (a fiche is plain text)",
            "{tmp}/f.txt:4: [salary_bands] cannot read a salary in '\\x1b[2J\\x1b[31mselon profil' "
            f"(expected e.g. '{EXAMPLE}')",
        ),
    ),
    Case(
        "line break and escape in a file name",
        **validate(
            "#MISSIONS\n",
            1,
            "{tmp}/a\\nb\\x1b[2J.txt:1: missing job title: the first line must name the job",
            name="a\nb\x1b[2J.txt",
        ),
    ),
    Case(
        "bidirectional override in a fiche",
        **validate(
            salary("DÉBUTANT", "selon \u202eprofil"),
            1,
            "{tmp}/f.txt:4: [salary_bands] cannot read a salary in 'selon \\u202eprofil' "
            f"(expected e.g. '{EXAMPLE}')",
        ),
    ),
    Case(
        "bell character in the title",
        **validate(
            "Métier\x07\n" + "Un métier utile, décrit sur une ligne assez longue.\n" * 3,
            1,
            "{tmp}/f.txt:1: control character U+0007 in the text (a fiche is plain text)",
        ),
    ),
    # more of 4, 5 and 8
    Case(
        "4400-digit ECTS",
        **validate(
            diplomas("BTS", "BAC +2 | (" + "1" * 4400 + " crédits ECTS)"),
            1,
            "{tmp}/f.txt:4: [diplomas] ECTS " + "1" * 19 + "… is not plausible (at most 999)",
        ),
    ),
    Case(
        "a range cut after 'à'",
        **validate(
            salary("DÉBUTANT", "De 30 000 € à"),
            1,
            f"{{tmp}}/f.txt:4: [salary_bands] the range in 'De 30 000 € à' has no maximum "
            f"(expected e.g. '{EXAMPLE}')",
        ),
    ),
    Case(
        "a count after the amount",
        **validate(
            salary("DÉBUTANT", "35 000 € brut par an sur 13 mois"),
            1,
            "{tmp}/f.txt:4: [salary_bands] '13' in '35 000 € brut par an sur 13 mois' is not an "
            "amount: an amount is followed by € (or k€), or starts a range like "
            "'de 30 000 à 35 000 €'",
        ),
    ),
    Case(
        "BAC+ without years",
        **validate(
            diplomas("BTS", "BAC+"),
            1,
            "{tmp}/f.txt:4: [diplomas] cannot read study level 'BAC+' (expected e.g. 'BAC +2', "
            "'CAP' or 'Niveau 6')",
        ),
    ),
    Case(
        "confirmé band below the débutant band, by maximum",
        **validate(
            salary(
                "DÉBUTANT",
                "De 30 000 € à 60 000 € brut par an",
                "CONFIRMÉ",
                "De 40 000 € à 50 000 € brut par an",
            ),
            1,
            "{tmp}/f.txt:4: [salary_bands] the débutant band is above the confirmé band",
        ),
    ),
    # more of 7 and 10
    Case(
        "damaged UTF-16 fiche",
        **validate(
            "Métier\nUn métier.\n".encode("utf-16") + b"\x00",
            1,
            "{tmp}/f.txt:3: this line is not valid UTF-16 (damaged file?)",
        ),
    ),
    Case(
        "missing file",
        files={},
        argv=["validate", "{tmp}/absent.txt"],
        code=1,
        out=["{tmp}/absent.txt:1: cannot read file: No such file or directory"],
        err=[CHECKED_1_BAD],
    ),
    Case(
        "link to a folder",
        files={"fiches/a.txt": GOOD},
        argv=["validate", "{tmp}/fiches"],
        code=1,
        prepare=lambda tmp: (tmp / "fiches" / "dir.txt").symlink_to(tmp),
        out=["{tmp}/fiches/dir.txt:1: cannot read file: Is a directory"],
        err=["2 file(s) checked, 1 valid, 1 invalid"],
    ),
    # more of 6
    Case(
        "--fiches is not a folder",
        files={"f.txt": GOOD},
        argv=["build", "--fiches", "{tmp}/f.txt", "--db", "{tmp}/c.duckdb"],
        code=1,
        err=[
            "{tmp}/f.txt:0: no such folder of fiches",
            "build failed: 1 problem(s) in 1 file(s); {tmp}/c.duckdb left unchanged",
        ],
    ),
    Case(
        "--db inside a file",
        **db_build(
            lambda tmp: _write(tmp / "afile", b"x"),
            "build failed: {tmp}/afile/c.duckdb: {tmp}/afile is a file, not a folder",
            db="{tmp}/afile/c.duckdb",
        ),
    ),
    Case(
        "import onet with --db an empty file stops before reading the dataset",
        files={"c.duckdb": b""},
        argv=["import", "onet", str(FIXTURES / "onet" / "db_30_0_text"), "--db", "{tmp}/c.duckdb"],
        code=1,
        err=[
            "import failed: {tmp}/c.duckdb: is an empty file, not a careerdash database "
            "(delete it to start afresh)",
            "{tmp}/c.duckdb left unchanged",
        ],
    ),
]


def _fill(text: str, tmp: Path) -> str:
    return text.replace("{tmp}", str(tmp))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path, capsys):
    for name, content in case.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.prepare:
        case.prepare(tmp_path)
    code = main([_fill(a, tmp_path) for a in case.argv])
    out, err = capsys.readouterr()
    assert (code, out.splitlines(), err.splitlines()) == (
        case.code,
        [_fill(line, tmp_path) for line in case.out],
        [_fill(line, tmp_path) for line in case.err],
    )


def test_catalogue_size():
    """The size the issue's note reports; a case removed by mistake shows here."""
    assert len(CASES) + len(OTHER_CASES) >= 40


# -- cases that need more than files -----------------------------------------------------

OTHER_CASES = [
    "unreadable fiche folder",
    "database busy",
    "zip bomb",
    "ROME CSV written with ';'",
    "200 kB CSV field",
    "CSV cut inside a quoted field",
]


def _as_other_user() -> list[str]:
    """The prefix that runs a command as an unprivileged user (root reads any folder)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a folder unreadable")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_unreadable_fiche_folder_is_one_line(tmp_path_factory):
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="careerdash-perm-"))
    try:
        tmp.chmod(0o777)
        fiches = tmp / "fiches"
        fiches.mkdir()
        (fiches / "a.txt").write_text(GOOD, encoding="utf-8")
        fiches.chmod(0o000)
        db = tmp / "c.duckdb"
        for argv, code, out, err in (
            (
                ["build", "--fiches", str(fiches), "--db", str(db)],
                1,
                [],
                [
                    f"{fiches}:0: cannot list this folder: Permission denied",
                    f"build failed: 1 problem(s) in 1 file(s); {db} left unchanged",
                ],
            ),
            (
                ["validate", str(fiches)],
                1,
                [f"{fiches}:0: cannot list this folder: Permission denied"],
                ["no fiche to validate"],
            ),
        ):
            result = subprocess.run(
                [*_as_other_user(), sys.executable, "-m", "careerdash", *argv],
                capture_output=True,
                text=True,
                timeout=120,
                cwd=tmp,
            )
            assert (result.returncode, result.stdout.splitlines(), result.stderr.splitlines()) == (
                code if argv[0] == "build" else 2,
                out,
                err,
            )
    finally:
        fiches.chmod(0o755)
        shutil.rmtree(tmp)


def test_a_writer_that_cannot_get_the_lock_stops_with_one_line(tmp_path, capsys, monkeypatch):
    fiches = tmp_path / "fiches"
    fiches.mkdir()
    (fiches / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "c.duckdb"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.writer_lock(db):
            held.set()
            release.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        monkeypatch.setenv("CAREERDASH_LOCK_WAIT", "0")
        code = main(["build", "--fiches", str(fiches), "--db", str(db)])
    finally:
        release.set()
        holder.join()
    out, err = capsys.readouterr()
    assert (code, out, err.splitlines()) == (
        1,
        "",
        [
            "parsed 1 fiches",
            f"build failed: {db}: another build or import is writing this database; gave up "
            "after waiting 0 s (try again when it has finished)",
        ],
    )
    assert not db.exists()


def test_zip_bomb_is_refused_in_one_line(tmp_path, capsys, monkeypatch):
    """A member inflating past the limit (lowered here so the archive stays small; the
    code path is the one a 2 GiB member takes) stops the import before memory runs out."""
    monkeypatch.setattr(common, "MAX_FILE_BYTES", 4 * 2**20)
    archive = tmp_path / "rome.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(ROME.iterdir()):
            if "referentiel_code_rome_v" in p.name:
                z.writestr(p.name, p.read_bytes() + b"\n" * (8 * 2**20))
            else:
                z.write(p, p.name)
    assert archive.stat().st_size < 200_000
    db = tmp_path / "c.duckdb"
    code = main(["import", "rome", str(archive), "--db", str(db)])
    err = capsys.readouterr().err.splitlines()
    member = f"{archive}!unix_referentiel_code_rome_v999_utf8.csv"
    assert code == 1
    assert err[-2:] == [
        f"import failed: {member}: larger than 4 MB once uncompressed; no file of the national "
        "datasets is that large (a damaged or hostile archive?)",
        f"{db} left unchanged",
    ]
    assert not db.exists()


def _rome_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rome"
    shutil.copytree(ROME, folder)
    return folder


def test_rome_csv_written_with_semicolons_is_read(tmp_path, capsys):
    import csv
    import io

    folder = _rome_copy(tmp_path)
    target = folder / "unix_referentiel_code_rome_v999_utf8.csv"
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    target.write_text(out.getvalue(), encoding="utf-8")
    db = tmp_path / "c.duckdb"
    assert main(["import", "rome", str(folder), "--db", str(db)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert f"  note: {target} separates its fields with ';'; read as such" in printed
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM careers WHERE source_kind = 'rome'").fetchone() == (4,)
    con.close()


def test_a_200_kb_csv_field_is_read(tmp_path, capsys):
    import csv
    import io

    folder = _rome_copy(tmp_path)
    target = folder / "unix_referentiel_code_rome_v999_utf8.csv"
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    title = rows[0].index("libelle_rome")
    rows[1][title] = "Métier " + "x" * 200_000
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    target.write_text(out.getvalue(), encoding="utf-8")
    db = tmp_path / "c.duckdb"
    assert main(["import", "rome", str(folder), "--db", str(db)]) == 0, capsys.readouterr().err
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT max(length(title)) FROM careers").fetchone() == (200_007,)
    con.close()


def test_a_csv_cut_inside_a_quoted_field_is_still_called_truncated(tmp_path, capsys):
    folder = _rome_copy(tmp_path)
    target = folder / "unix_referentiel_code_rome_v999_utf8.csv"
    data = target.read_text(encoding="utf-8")
    target.write_text(data + '"A9999","Métier coupé au mil', encoding="utf-8")
    db = tmp_path / "c.duckdb"
    assert main(["import", "rome", str(folder), "--db", str(db)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert "the file looks truncated or is not a valid CSV" in err[-2]
    assert err[-2].startswith(f"import failed: {target}:")
