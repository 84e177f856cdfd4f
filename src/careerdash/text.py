"""Small text helpers shared by the parser, the store and the importers."""

from __future__ import annotations

import re
import unicodedata

_GENDER_MARK = re.compile(r"\((?:e|se|ne|fe|ve|le|ère|ere|trice|rice|euse|ice|es)\)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents, for comparisons that a French reader would call equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")


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
