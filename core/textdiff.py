"""Word-level differences between two texts, for pages that show what changed.

`word_diff` compares word by word (punctuation counts as a word of its own; whitespace stays
with the word before it, so paragraphs survive) and answers a list of segments: unchanged,
inserted and deleted text. `components/_text_diff.html` renders them as `<ins>`/`<del>` with
words for screen readers, so the difference never depends on colour alone.
"""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# A word, or a run of punctuation, with the whitespace after it: "Abschlüssen," against
# "Abschlüssen" then differs by the comma only.
_WORD = re.compile(r"(\w+|[^\w\s]+)(\s*)")
_WORD_START = re.compile(r"\w")


@dataclass(frozen=True)
class DiffSegment:
    kind: Literal["equal", "insert", "delete"]
    text: str


def _words(text: str) -> list[tuple[str, str]]:
    return _WORD.findall((text or "").strip())


def word_diff(old: str, new: str) -> list[DiffSegment]:
    """The segments that turn `old` into `new`; adjacent segments of one kind are merged.

    A replaced passage appears as its deletion followed by its insertion.
    """
    old_words, new_words = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(
        None, [w for w, _ in old_words], [w for w, _ in new_words], autojunk=False
    )
    pieces: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces += [("equal", word + space) for word, space in new_words[j1:j2]]
            continue
        if tag in {"delete", "replace"}:
            pieces += [("delete", word + space) for word, space in old_words[i1:i2]]
        if tag in {"insert", "replace"}:
            pieces += [("insert", word + space) for word, space in new_words[j1:j2]]
    segments: list[DiffSegment] = []
    for kind, text in pieces:
        if segments and segments[-1].kind == kind:
            segments[-1] = DiffSegment(kind, segments[-1].text + text)
            continue
        if segments and segments[-1].text[-1:].strip() and _WORD_START.match(text):
            # The last word of a text has no whitespace after it; where a deleted or
            # inserted word follows it, a space keeps the two apart.
            segments[-1] = DiffSegment(segments[-1].kind, segments[-1].text + " ")
        segments.append(DiffSegment(kind, text))
    return segments


def has_changes(segments: list[DiffSegment]) -> bool:
    return any(segment.kind != "equal" for segment in segments)
