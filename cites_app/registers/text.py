"""Accent- and case-insensitive text matching, done in Python.

SQLite's ``lower()`` leaves non-ASCII letters alone and PostgreSQL's ``unaccent`` is an extension,
so no portable SQL folds "Éloïse" to "eloise". Names are folded here instead, once per list.
"""

from __future__ import annotations

import unicodedata

# Ligatures that Unicode decomposition keeps as one letter but French readers type as two.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents: "Éloïse Lefèvre" -> "eloise lefevre"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_terms(query: str) -> list[str]:
    """The folded words of what the user typed; empty when there is nothing to search for."""
    return fold(query).split()


def matches(terms: list[str], folded_text: str) -> bool:
    """True when every term occurs somewhere in ``folded_text`` (order does not matter)."""
    return all(term in folded_text for term in terms)


def fold_ranks(labels: dict[int, str]) -> dict[int, int]:
    """Rank of each id when its label is sorted the way a French reader expects.

    Used to sort by a small table's names in SQL (``CASE id WHEN … THEN rank``): SQLite's
    ``ORDER BY lower(name)`` would put every "École …" after "Lycée …".
    """
    ordered = sorted(labels, key=lambda key: (fold(labels[key]), labels[key], key))
    return {key: rank for rank, key in enumerate(ordered)}
