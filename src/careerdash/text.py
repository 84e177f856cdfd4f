"""Small text helpers shared by the parser, the store and the importers."""

from __future__ import annotations

import re
import unicodedata
from codecs import charmap_decode as _charmap_decode
from codecs import charmap_encode as _charmap_encode
from encodings.cp1252 import decoding_table as _CP1252_DECODING
from encodings.cp1252 import encoding_table as _CP1252_ENCODING

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


def _fold_any(text: str) -> str:
    """The definition of `fold`: compatibility decomposition (NFKD) of the case-folded text,
    combining marks dropped, `œ` spelled `oe`. Slow: a Python lookup per character."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed.translate(_DROP_MARKS).replace("œ", "oe")


def _fold_table() -> tuple[bytes, tuple[tuple[str, str], ...]]:
    """`fold` of each Windows-1252 character as one byte, derived from `_fold_any`.

    `fold` works character by character, and most French text is Windows-1252 (accents,
    `’`, `€`, `«»`): folding it is then one `bytes.translate`, in C. The characters whose
    fold is several letters that fold to themselves (`…`, `œ`, `ß`) are replaced before;
    the others (`½`, `™`, `µ`) map to a byte Windows-1252 cannot decode, which sends the
    text to `_fold_any`.
    """
    table = bytearray(range(256))
    several: list[tuple[str, str]] = []
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        folded = _fold_any(char)
        table[byte] = _UNDECODABLE
        if len(folded) == 1 and _is_cp1252(folded):
            table[byte] = folded.encode("cp1252")[0]
        elif len(folded) > 1 and folded.isascii() and _fold_any(folded) == folded:
            several.append((char, folded))
    return bytes(table), tuple(several)


def _is_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


_UNDECODABLE = 0x81  # a byte that is no Windows-1252 character
_FOLD_TABLE, _FOLD_SEVERAL = _fold_table()


def fold(text: str) -> str:
    """Lower case without accents, for comparisons that a French reader would call equal."""
    if text.isascii():
        return text.lower()
    for char, folded in _FOLD_SEVERAL:
        if char in text:
            text = text.replace(char, folded)
    try:  # the codec's C functions: str.encode("cp1252") adds a Python call (~10k steps)
        data = _charmap_encode(text, "strict", _CP1252_ENCODING)[0]
        return _charmap_decode(data.translate(_FOLD_TABLE), "strict", _CP1252_DECODING)[0]
    except UnicodeError:  # a character beyond Windows-1252, or one folding to several
        return _fold_any(text)


def fold_and_keys(text: str, *, c1: bool | None = None) -> tuple[str, str]:
    """`fold(text)`, and `compact` of each of its lines with the line ends kept: the two forms
    the parser compares a whole fiche in, from one encoding of it (on Windows-1252 text the
    keys are the folded bytes less the deleted ones: one `bytes.translate`).

    `c1` says whether the text holds a C1 control character (U+0080–U+009F), when the caller
    knows it already. Without one, the Windows-1252 bytes are made with the Latin-1 codec,
    a copy per character in C, after the Windows-1252 characters beyond Latin-1 that French
    text uses (`’`, `€`, `•`, `–`…) are replaced by the C1 characters of their bytes (a
    `str.find` each, a `memchr` in C); the codec of the Windows-1252 table looked each
    character up in a table, and took a tenth of a fiche's reading. The folded bytes decode
    as Latin-1, and the replaced characters are put back. A text with any other character
    beyond Latin-1 (`š`, `‰`) takes the Windows-1252 codec, as before.
    """
    if text.isascii():
        folded = text.lower()
        return folded, folded.encode("ascii").translate(None, _NOT_KEY).decode("ascii")
    for char, several in _FOLD_SEVERAL:
        if char in text:
            text = text.replace(char, several)
    if c1 is None:
        c1 = _C1.search(text) is not None
    if not c1:
        wide = [pair for pair in _CP1252_FRENCH if pair[0] in text]
        latin = text
        for char, byte in wide:
            latin = latin.replace(char, byte)
        try:
            data = latin.encode("latin-1")
        except UnicodeEncodeError:  # another character beyond Latin-1
            pass
        else:
            mapped = data.translate(_FOLD_TABLE)
            if _UNDECODABLE_BYTE not in mapped:  # else a character folding to several
                folded = mapped.decode("latin-1")
                for char, byte in wide:
                    if byte in folded:  # a character that folds to itself
                        folded = folded.replace(byte, char)
                return folded, data.translate(_FOLD_TABLE, _FOLDS_TO_NOT_KEY).decode("ascii")
    try:
        data = _charmap_encode(text, "strict", _CP1252_ENCODING)[0]
        folded = _charmap_decode(data.translate(_FOLD_TABLE), "strict", _CP1252_DECODING)[0]
    except UnicodeError:
        folded = _fold_any(text)
        data = folded.encode("utf-8", "surrogatepass")
        return folded, data.translate(None, _NOT_KEY).decode("ascii")
    return folded, data.translate(_FOLD_TABLE, _FOLDS_TO_NOT_KEY).decode("ascii")


_C1 = re.compile("[\x80-\x9f]")
_UNDECODABLE_BYTE = bytes([_UNDECODABLE])
# the Windows-1252 characters beyond Latin-1, each with the C1 character of its byte
_CP1252_WIDE = tuple(
    (char, chr(byte))
    for byte, char in enumerate(_CP1252_DECODING)
    if ord(char) > 0xFF and char != "\ufffe"
)
# those French text uses: a `str.find` for each of the others cost more than it saved
_CP1252_FRENCH = tuple((char, byte) for char, byte in _CP1252_WIDE if char in "’‘“”€•–—")
# what fold_and_keys relies on: only those characters fold into a C1 byte, and to themselves
if any(
    0x80 <= _FOLD_TABLE[byte] <= 0x9F
    and _FOLD_TABLE[byte] != _UNDECODABLE
    and not (_FOLD_TABLE[byte] == byte and ord(_CP1252_DECODING[byte]) > 0xFF)
    for byte in range(256)
):
    raise RuntimeError("a Latin-1 character folds into a Windows-1252 one: fold_and_keys")


def compact(text: str) -> str:
    """Fold and keep only letters and digits: `# Soft Skills` and `#SOFTSKILLS` compare equal.

    Deleting the bytes of the folded text's UTF-8 that are not ASCII letters or digits (one
    `bytes.translate`, in C) leaves what `[^a-z0-9]+` replaced by nothing would: a character
    beyond ASCII is only bytes from 0x80 up."""
    return fold(text).encode("utf-8", "surrogatepass").translate(None, _NOT_ALNUM).decode("ascii")


_NOT_ALNUM = bytes(b for b in range(256) if not (48 <= b <= 57 or 97 <= b <= 122))
_NOT_KEY = _NOT_ALNUM.replace(b"\n", b"")  # what `fold_and_keys` drops: line ends are kept
# the Windows-1252 bytes whose fold `_NOT_KEY` drops (`bytes.translate` deletes, then maps)
_FOLDS_TO_NOT_KEY = bytes(b for b in range(256) if _FOLD_TABLE[b] in _NOT_KEY)


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
