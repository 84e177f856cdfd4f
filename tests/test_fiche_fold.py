"""`fold` (the accent- and case-blind form every header, keyword and level is compared in)
has a fast path for Windows-1252 text; it must give what its definition gives — NFKD of the
case-folded text, combining marks dropped, `œ` spelled `oe` — for every character."""

from __future__ import annotations

import random
import sys
import unicodedata

from careerdash.text import compact, fold, fold_and_keys


def folded_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.replace("œ", "oe")


def test_every_character_folds_as_defined():
    """Every ASCII and Windows-1252 character (the fast paths), and a sample of the rest."""
    chars = [bytes([b]).decode("cp1252", errors="ignore") for b in range(256)]
    chars += [chr(code) for code in range(0x100, sys.maxunicode + 1, 97)]
    wrong = [c for c in chars if c and fold(c) != folded_by_definition(c)]
    assert not wrong


def test_mixed_text_folds_as_defined():
    """Both paths (Windows-1252 or not), the characters folding to several, combining
    marks, spaces that are not ASCII: strings of them fold as defined, and so do lines."""
    alphabet = (
        "aZ09 \t#:|%()-+€.,;?!•*–’«»"
        "éèàçÉÈÀÇœŒ…™½¼µßﬁ´¨ÿŸ\u0301\u0327\u00a0\u2009\u202fᴬ²ⅷ한\U0001d400"
    )
    rng = random.Random(14)
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert fold(text) == folded_by_definition(text), text
    assert fold("Réponse : Œuvre… ™") == "reponse : oeuvre... TM"
    assert compact("#PARCOURS / DIPLÔMES") == "parcoursdiplomes"


def test_folding_keeps_lines_and_spaces():
    """The parser folds a fiche as one text and splits it into lines afterwards: that holds
    only while no character folds into a line end, and each space folds to one space."""
    everything = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF
    )
    assert fold(everything).count("\n") == 1
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert len(spaces) > 20
    for space in spaces:
        assert len(fold(space)) == 1 and fold(space).isspace(), hex(ord(space))


def test_a_fiche_folds_with_its_keys_as_its_lines_do():
    """The parser folds and compacts a whole fiche at once (`fold_and_keys`, one encoding on
    the Windows-1252 path): that must give each line's fold and `compact`, on both paths."""
    alphabet = "aZ09 \t\n#:|%()-+€.,;?!•*–’«»éèàçÉÈÀÇœŒ…™½ßﬁ\u0301\u00a0ᴬ²한"
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        folded, keys = fold_and_keys(text)
        assert folded == fold(text), text
        assert keys.split("\n") == [compact(line) for line in text.split("\n")], text
