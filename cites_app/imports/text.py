"""Comparison keys for names typed by different people on different systems."""

from __future__ import annotations

import re
from functools import lru_cache

from cites_app.pupil_files.normalize import plain_upper

_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """« Jean-Pierre », « JEAN PIERRE » and « jean  pierre » all give « JEAN PIERRE ».

    Upper case, accents and ligatures removed, every run of punctuation or space made one space.
    Used to match pupils and communes, never stored.
    """
    if text.isascii() and text.isalpha():
        return text.upper()
    return _NOT_ALNUM.sub(" ", plain_upper(text)).strip()


def is_all_capitals(text: str) -> bool:
    """True for « PANTIN » or « CLICHY SOUS BOIS » (open-data spelling), False for « Pantin »."""
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def richer_text(old: str, new: str) -> str:
    """Between two spellings of the same name (equal once folded), the one carrying more.

    « Éloïse » beats « ELOISE » and « Eloise »; « Martin » beats « MARTIN »; when neither is
    richer, the stored one stays (a re-import never flip-flops a name).
    """
    if old == new:
        return old

    def weight(text: str) -> tuple[bool, bool]:
        return (not text.isascii(), not is_all_capitals(text))

    return new if weight(new) > weight(old) else old
