"""The forms of a name people type: folded, transliterated to Latin letters, German umlauts spelt out.

`fold` already makes "Zoë Ødegård" "zoe odegard"; a name in another script
("Иван Петров", "Σωκράτης") or with letters that do not decompose ("ð") is
also found by its Latin spelling (`anyascii`'s tables: "ivan petrov",
"sokratis", "gudmundsdottir"), and "Müller" by "mueller" as Germans write it
without the dots.
"""

from __future__ import annotations

from netcrm.domain.lookup import fold

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def name_forms(name: str) -> list[str]:
    """Every searchable form of a name, folded; the plain fold first (one entry for ASCII names)."""
    folded = fold(name)
    if name.isascii():
        return [folded]
    forms = [folded]
    if not folded.isascii():
        from anyascii import anyascii  # on first need: its import costs the start-up of every command

        forms.append(anyascii(name).lower())
    if any(c in name for c in "äöüÄÖÜ"):
        forms.append(fold(name.translate(_UMLAUTS)))
    return forms
