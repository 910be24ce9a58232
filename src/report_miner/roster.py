"""Who reported, to whom, and who should have: communes identified against the gazetteer.

A report names its issuer as it likes ("xã Đức Hoà", "UBND XÃ ĐỨC HÒA", "Ðức Hòa" with U+00D0) and
often leaves its district out. Matching on the gazetteer's folded key finds the unit whatever the
spelling, gives it its canonical name, and gives the parent the roll-up groups by: the district for
periods before 1/7/2025, the province after (two-level local government).

The gazetteer is a snapshot of the units just before each reform. Communes merged earlier (the
2023–2025 arrangement) are missing from it, so a report from 2024 would look unknown and the merged
unit would look silent. ``MERGERS`` lists such changes with the day they took effect, and the
roster of a period is rebuilt from them. Add a line when a district's history is needed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from report_miner import gazetteer
from report_miner.gazetteer import Unit, unit_key

COMMUNE_LEVELS = ("xa", "phuong", "thi_tran")
REFORM_2025 = date(2025, 7, 1)
_LEVEL_WORD = {"xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn", "huyen": "Huyện", "quan": "Quận",
               "thi_xa": "Thị xã", "thanh_pho": "Thành phố", "tinh": "Tỉnh"}


@dataclass(frozen=True)
class Merger:
    """Units that stopped existing on ``effective`` because they were merged into ``into``."""

    province: str
    district: str
    into: tuple[str, str]  # (level, name) of the new unit
    parts: tuple[tuple[str, str], ...]  # (level, name) of the former units
    effective: date


MERGERS: tuple[Merger, ...] = (
    # Đức Lợi and Đức Thắng (huyện Mộ Đức) became xã Thắng Lợi in the 2023–2025 arrangement.
    Merger("Quảng Ngãi", "Mộ Đức", ("xa", "Thắng Lợi"), (("xa", "Đức Lợi"), ("xa", "Đức Thắng")),
           date(2024, 12, 1)),
)


@dataclass(frozen=True)
class UnitId:
    """A commune placed in the administrative tree, as the roll-up groups it."""

    name: str  # canonical short name ("Đức Hòa")
    level: str | None
    parent: str | None  # district (before 7/2025) or province (after), short name
    parent_level: str | None
    province: str | None
    known: bool  # found in the gazetteer (or in MERGERS) under that parent

    @property
    def key(self) -> str:
        return unit_key(self.name)

    @property
    def parent_key(self) -> str:
        return f"{unit_key(self.province or '')}/{unit_key(self.parent or '')}"

    @property
    def display(self) -> str:
        return display_name(self.level, self.name)

    @property
    def parent_display(self) -> str:
        return display_name(self.parent_level, self.parent or "?")


def display_name(level: str | None, name: str) -> str:
    """Level word and name, as a clerk writes the unit.

    >>> display_name("thi_tran", "Mộ Đức")
    'Thị trấn Mộ Đức'
    """
    word = _LEVEL_WORD.get(level or "")
    return f"{word} {name}" if word else name


def era_of(on: date | None) -> str:
    """Which gazetteer table applies: 'legacy' (district level exists) or '2025'."""
    return "2025" if on is not None and on >= REFORM_2025 else "legacy"


def _nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name).replace("\u00d0", "Đ").strip()


@cache
def _district_level(district: str, province: str | None) -> str:
    found = gazetteer.find_districts(district, province)
    return found[0].level if found else "huyen"


def _province_level(province: str | None) -> str:
    return gazetteer.province_level(province) if province else "tinh"


def _merged_units(on: date | None) -> list[Unit]:
    """Former units still standing on ``on`` (or always, when the date is unknown)."""
    out: list[Unit] = []
    for m in MERGERS:
        if on is None or on < m.effective:
            out += [Unit(lvl, name, m.district, m.province) for lvl, name in m.parts]
    return out


def _merger_into(u: Unit, on: date | None) -> Merger | None:
    """The merger that created ``u`` after ``on`` (so that on ``on`` its former units still stood)."""
    for m in MERGERS:
        if (on is not None and on < m.effective and unit_key(m.into[1]) == unit_key(u.name)
                and unit_key(m.district) == unit_key(u.district or "")
                and unit_key(m.province) == unit_key(u.province or "")):
            return m
    return None


def roster(parent: str, province: str | None, on: date | None) -> list[Unit]:
    """Every commune that should report to ``parent`` for a period closing on ``on``, in gazetteer order."""
    if era_of(on) == "2025":
        return gazetteer.communes_of_province(parent)
    out: list[Unit] = []
    for u in gazetteer.communes_of_district(parent, province):
        merged = _merger_into(u, on)
        if merged:
            out += [Unit(lvl, name, merged.district, merged.province) for lvl, name in merged.parts]
        else:
            out.append(u)
    return out


@cache
def _candidates(name: str, level: str | None, district: str | None, province: str | None,
                on: date | None) -> tuple[Unit, ...]:
    """Gazetteer units the report's words can mean (cached: a batch asks the same few names again and again)."""
    return tuple(_find_candidates(name, level, district, province, on))


def _find_candidates(name: str, level: str | None, district: str | None, province: str | None,
                     on: date | None) -> list[Unit]:
    era = era_of(on)
    key = unit_key(name)
    found = [u for u in gazetteer.find_communes(name, province=province) if u.era == era]
    if era == "legacy":
        found = [u for u in found if _merger_into(u, on) is None]
        found += [u for u in _merged_units(on) if unit_key(u.name) == key
                  and (province is None or unit_key(u.province or "") == unit_key(province))]
        if district:
            narrowed = [u for u in found if unit_key(u.district or "") == unit_key(district)]
            found = narrowed or found
    if level:
        same = [u for u in found if u.level == level]
        found = same or found
    return found


def _parent_of(u: Unit, era: str) -> tuple[str | None, str]:
    return (u.district, "district") if era == "legacy" else (u.province, "province")


def _to_id(u: Unit, era: str) -> UnitId:
    if era == "legacy" and u.district:
        return UnitId(u.name, u.level, u.district, _district_level(u.district, u.province), u.province, True)
    return UnitId(u.name, u.level, u.province, _province_level(u.province), u.province, True)


def identify(name: str | None, level: str | None, district: str | None, province: str | None,
             on: date | None, context: Counter[str] | None = None) -> UnitId | None:
    """Place a commune; None when the issuer is not a commune at all.

    ``context`` counts the parents already found for the other reports of the batch: a name that
    exists in several provinces ("Đức Hòa") goes to the parent its neighbours report to.
    """
    if not name or (level is not None and level not in COMMUNE_LEVELS):
        return None
    name = _nfc(name)
    era = era_of(on)
    found = list(_candidates(name, level, district, province, on))
    if len(found) > 1 and context:
        ranked = sorted(found, key=lambda u: -context.get(_context_key(_to_id(u, era)), 0))
        best = context.get(_context_key(_to_id(ranked[0], era)), 0)
        if best and best > context.get(_context_key(_to_id(ranked[1], era)), 0):
            found = ranked[:1]
    if len(found) == 1:
        return _to_id(found[0], era)
    # Unknown to the gazetteer, or ambiguous: keep what the report itself says.
    if era == "legacy" and district:
        return UnitId(name, level, district, _district_level(district, province), province, False)
    if era == "2025" and province:
        return UnitId(name, level, province, _province_level(province), province, False)
    return UnitId(name, level, None, None, province, False)


def _context_key(uid: UnitId) -> str:
    return uid.parent_key


def parent_context(ids: Iterable[UnitId | None]) -> Counter[str]:
    """How many reports already sit under each parent (only those placed without doubt)."""
    return Counter(_context_key(u) for u in ids if u is not None and u.known and u.parent)


def match_in_roster(uid: UnitId, units: list[Unit]) -> Unit | None:
    """The roster entry for ``uid`` (by folded name, level breaking ties)."""
    same = [u for u in units if unit_key(u.name) == uid.key]
    if len(same) > 1 and uid.level:
        same = [u for u in same if u.level == uid.level] or same
    return same[0] if same else None


def unit_from_filename(stem: str, units: list[Unit]) -> Unit | None:
    """The roster unit a file name points at ("duc-lan-q2-2024" → Đức Lân): who sent an unreadable file.

    The longest folded name that the folded file name starts with wins, so "tt-mo-duc" finds the
    thị trấn and "duc-lan" does not stop at a shorter name.
    """
    folded = unit_key(stem)
    for prefix in ("thitran", "phuong", "tt", "xa", "p"):
        if folded.startswith(prefix) and any(folded[len(prefix):].startswith(unit_key(u.name)) for u in units):
            folded = folded[len(prefix):]
            break
    best: Unit | None = None
    for u in units:
        k = unit_key(u.name)
        if k and folded.startswith(k) and (best is None or len(k) > len(unit_key(best.name))):
            best = u
    return best
