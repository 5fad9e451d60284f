"""Names in the order German readers expect, for lists sorted in Python: letters with and
without umlaut together (Ärztekammer with the A, not after Zentrum), ß as ss, case ignored, and
numbers by value (Gruppe 2 before Gruppe 10). The same order as production's database collation
(ICU de-DE with numbers by value, see README "Operation") gives the lists it sorts."""

import re
import unicodedata

_NUMBERS = re.compile(r"(\d+)")


def name_key(name: str) -> tuple:
    """Sort key for `name`; names equal but for accents or case keep a fixed order among them."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    letters = "".join(char for char in folded if not unicodedata.combining(char))
    # Text and numbers alternate (text first, possibly empty), so like compares with like.
    parts = _NUMBERS.split(letters)
    return (
        tuple(int(part) if index % 2 else part for index, part in enumerate(parts)),
        name,
    )
