"""Small text helpers shared by the parser, the store and the importers."""

from __future__ import annotations

import re
import unicodedata

_GENDER_MARK = re.compile(r"\((?:e|se|ne|fe|ve|le|ère|ere|trice|rice|euse|ice|es)\)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


class _CombiningMarks(dict):
    """`str.translate` table deleting combining marks, filled as characters are met (the
    translation runs in C: a per-character Python loop made 2 MB fiches slow to read)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_DROP_MARKS = _CombiningMarks()


def fold(text: str) -> str:
    """Lower case without accents, for comparisons that a French reader would call equal."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed.translate(_DROP_MARKS).replace("œ", "oe")


def compact(text: str) -> str:
    """Fold and keep only letters and digits: `# Soft Skills` and `#SOFTSKILLS` compare equal."""
    return _NON_ALNUM.sub("", fold(text))


def slug(text: str) -> str:
    """A stable identifier for a career title: `Chargé(e) de mission` → `charge-de-mission`."""
    without_marks = _GENDER_MARK.sub("", text.casefold())
    return _NON_ALNUM.sub("-", fold(without_marks)).strip("-")


def title_key(title: str) -> str:
    """Key under which two spellings of one job title match (case, accents, gender marks)."""
    return slug(title)


def snake(label: str) -> str:
    """`Qualité de vie` → `qualite_de_vie`."""
    return _NON_ALNUM.sub("_", fold(label)).strip("_")
