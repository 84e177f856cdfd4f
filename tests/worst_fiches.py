"""Fiches built to be as slow as possible to parse: for each kind of line, one line as long
as a fiche may be (2 MB) made of what makes a pattern match slowly — long runs of spaces or
digits between the parts a pattern looks for. Shared by the test (which asserts they are
read or refused with a located problem) and `bench/bench_parse.py` (which times them)."""

from __future__ import annotations

from careerdash.fiche import MAX_BYTES


def worst_fiches(size: int = MAX_BYTES - 1000) -> dict[str, str]:
    """name → fiche text of about `size` characters."""
    n = size
    half = size // 2
    s, d = " " * n, "1" * n
    sh = " " * half
    head = "Métier\n"
    return {
        "summary spaces": head + "a" + s + "b\n",
        "profile spaces": head + "Profil d'épanouissement\nQualité" + s + "x\n",
        "profile digits": head + "Profil d'épanouissement\nQualité " + d + "x\n",
        "profile huge percent": head + "Profil d'épanouissement\nQualité " + d + "%\n",
        "profile spaces then percent": head + "Profil d'épanouissement\nQ" + sh + "1" + sh + "x\n",
        "hard skill spaces": head + "#HARDSKILLS\na" + s + "b\n",
        "hard skill percent spaces": head + "#HARDSKILLS\n9" + sh + "%" + sh + "x\n",
        "hard skill digits": head + "#HARDSKILLS\n" + d + "\n",
        "hard skill keywords": head + "#HARDSKILLS\n90 | A\n" + "..." + s + "...x\n",
        "mission bullet": head + "#MISSIONS\n-" + sh + "x" + sh + "\n",
        "soft skill": head + "#SOFTSKILLS\nNom\n" + "a" + s + "b\n",
        "level spaces": head + "#PARCOURS / DIPLÔMES\nBTS\nBAC" + s + "x\n",
        "level niveau": head + "#PARCOURS / DIPLÔMES\nBTS\nniveau" + sh + "1" + sh + "x\n",
        "ects digits": head + "#PARCOURS / DIPLÔMES\nBTS\nBAC +2 | (" + d + "x)\n",
        "ects spaces": head + "#PARCOURS / DIPLÔMES\nBTS\nBAC +2 | (1" + s + "crédits)\n",
        "formations count": head
        + "#PARCOURS / DIPLÔMES\nBTS\nBAC +2\nVoir toutes les formations ("
        + d
        + ")x\n",
        "formations huge count": head
        + "#PARCOURS / DIPLÔMES\nBTS\nBAC +2\nVoir toutes les formations ("
        + d
        + ")\n",
        "level huge": head + "#PARCOURS / DIPLÔMES\nBTS\nBAC +" + d + "\n",
        "experience role": head
        + "#PARCOURS / DIPLÔMES\nEXPERIENCE PROFESSIONNELLE\nExpérience en tant qu'a"
        + s
        + "b\n",
        "salary heading digits": head + "#SALAIRE ET ÉVOLUTION\nCONFIRMÉ " + d + "\n30 000 €\n",
        "salary heading huge years": head
        + "#SALAIRE ET ÉVOLUTION\nCONFIRMÉ (+ de "
        + d
        + " ans)\n30 000 €\n",
        "salary heading years": head
        + "#SALAIRE ET ÉVOLUTION\nCONFIRMÉ (1"
        + sh
        + "à"
        + sh
        + ")\n30 000 €\n",
        "salary amount digits": head + "#SALAIRE ET ÉVOLUTION\nDÉBUTANT\n" + d + " €\n",
        "salary amount groups": head
        + "#SALAIRE ET ÉVOLUTION\nDÉBUTANT\n"
        + "111 " * (n // 4)
        + "1111 €\n",
        "salary amount spaces": head + "#SALAIRE ET ÉVOLUTION\nDÉBUTANT\nDe 1" + s + "€\n",
        "evolution role spaces": head
        + "#SALAIRE ET ÉVOLUTION\nEVOLUTION DE CARRIERE\névoluer vers un poste de a"
        + s
        + "b.\n",
        "evolution role commas": head
        + "#SALAIRE ET ÉVOLUTION\nEVOLUTION DE CARRIERE\nvers un poste de a"
        + " ,x" * (n // 3)
        + "\n",
        "tools": head + "#OUTILS\nCat\n- a" + s + "b\n",
        "faq": head + "#FAQ\nQuestion" + s + "?\nRéponse :" + "a\n",
        "source": head + "#SOURCES\n" + "a" * n + "\n",
        "source spaces": head + "#SOURCES\nsalary_bands:" + s + "x\n",
        "meta": head + "Famille" + s + ": x\n",
        "many short lines": head + "#MISSIONS\n" + "- a  b\n" * (n // 7),
    }
