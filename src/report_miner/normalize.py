"""Text normalisation that keeps provenance, and the matching key.

``normalize_text`` turns what a file holds into the text every later stage reads: NFC, the
look-alike "Ð" (U+00D0, Icelandic eth) replaced by "Đ", odd and non-breaking spaces made plain,
zero-width characters dropped, runs of white space folded. It returns, for every output
character, the index of the raw character it came from, so a figure found in normalised text
can always be shown where the file has it.

``match_key`` is for matching only: lower case with the tone marks removed (the vowel-quality
marks â ê ô ơ ư ă and đ stay), one character for one character, so that "hoà" and "hòa", or an
NFD "Hòa", all match the phrase "hòa" while offsets in the key are offsets in the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that look like Vietnamese letters but are not.
LOOKALIKES = {
    "\u00d0": "\u0110",  # Ð (eth) → Đ
    "\u00f0": "\u0111",  # ð → đ
    "\u0189": "\u0110",  # Ɖ (African D) → Đ
    "\u0256": "\u0111",  # ɖ → đ
}
SPACES = {"\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007",
          "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\t", "\n", "\r", "\x0b", "\x0c"}
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# characters that need more than white-space folding: look-alikes, odd spaces, invisibles, combining marks
_NEEDS_CARE = re.compile("[" + "".join(sorted(LOOKALIKES)) + "".join(c for c in sorted(SPACES) if c not in "\t\n\r")
                         + "".join(sorted(INVISIBLE)) + "\u0300-\u036f]")
_WORD_RUN = re.compile(r"[^ \t\n\r\x0b\x0c]+")


def _clusters(raw: str) -> list[tuple[int, str]]:
    """Split into (start index, base + combining marks) so NFC never straddles a boundary."""
    out: list[tuple[int, str]] = []
    for i, ch in enumerate(raw):
        if out and unicodedata.combining(ch):
            start, cl = out[-1]
            out[-1] = (start, cl + ch)
        else:
            out.append((i, ch))
    return out


def normalize_text(raw: str) -> tuple[str, list[int]]:
    """Normalise ``raw`` and map every output character to its raw index.

    >>> normalize_text("  Ðã\\u00a0giải  quyết ")
    ('Đã giải quyết', [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15])
    >>> normalize_text("ho\\u0300a")[0] == "hòa"
    True
    """
    if not _NEEDS_CARE.search(raw) and unicodedata.is_normalized("NFC", raw):
        # the common case: only runs of plain white space to fold, done in C
        parts = [(m.start(), m.end()) for m in _WORD_RUN.finditer(raw)]
        offsets: list[int] = []
        for i, (a, b) in enumerate(parts):
            if i:
                offsets.append(parts[i - 1][1])
            offsets.extend(range(a, b))
        return " ".join(raw[a:b] for a, b in parts), offsets
    chars: list[str] = []
    offsets = []
    pending_space = -1
    for start, cluster in _clusters(raw):
        base = cluster[0]
        if base in INVISIBLE:
            continue
        if base in SPACES or base == " ":
            if chars and pending_space < 0:
                pending_space = start
            continue
        if pending_space >= 0:
            chars.append(" ")
            offsets.append(pending_space)
            pending_space = -1
        base = LOOKALIKES.get(base, base)
        text = unicodedata.normalize("NFC", base + cluster[1:]) if len(cluster) > 1 else base
        for ch in text:
            chars.append(LOOKALIKES.get(ch, ch))
            offsets.append(start)
    return "".join(chars), offsets


@lru_cache(maxsize=4096)
def _key_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFD", low)
    kept = "".join(c for c in decomposed if c not in TONE_MARKS)
    out = unicodedata.normalize("NFC", kept)
    return out if len(out) == 1 else low


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        k = _key_char(ch)
        if k != ch:
            table[cp] = k
    return table


_KEY_TABLE = _build_table()


def match_key(text: str) -> str:
    """Lower case without tone marks, same length as ``text``.

    >>> match_key("Hoà") == match_key("hòa") == "hoa"
    True
    >>> match_key("Số hồ sơ ĐÃ giải quyết")
    'sô hô sơ đa giai quyêt'
    """
    key = text.translate(_KEY_TABLE)
    if len(key) != len(text):  # a character outside the table lower-cased to two: go one by one
        key = "".join(_key_char(c) for c in text)
    return key


def fold_ascii(text: str) -> str:
    """Lower-case ASCII with every mark removed ("Đức Nhuận" → "duc nhuan"), for names and ids.

    >>> fold_ascii("Xã Đức Nhuận")
    'xa duc nhuan'
    """
    d = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c)).lower()
