"""Vietnamese administrative units, from the ``vietnamadminunits`` package's offline SQLite data.

Two eras: before 1/7/2025 (province → district → commune, table ``admin_units_legacy``) and after
(province → commune, table ``admin_units``). Names are matched by a folded key ("Đức Nhuận" →
"ducnhuan"), the way the package keys them. Only the data file is read (the package's Python
imports geocoding libraries that are not needed here); nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from report_miner.normalize import fold_ascii

LEVEL_OF_TYPE = {"xã": "xa", "phường": "phuong", "thị trấn": "thi_tran", "huyện": "huyen", "quận": "quan",
                 "thị xã": "thi_xa", "thành phố": "thanh_pho", "tỉnh": "tinh", "đặc khu": "other"}


@dataclass(frozen=True)
class Unit:
    level: str
    name: str  # short name: "Đức Nhuận"
    district: str | None = None  # short names of the parents
    province: str | None = None
    era: str = "legacy"


@lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """>>> unit_key("Đức Nhuận")
    'ducnhuan'
    """
    return "".join(ch for ch in fold_ascii(name) if ch.isalnum())


@cache
def _db() -> sqlite3.Connection | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "dataset.db"
    if not path.exists():
        return None
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return con


def available() -> bool:
    return _db() is not None


def _level(type_name: str | None) -> str:
    return LEVEL_OF_TYPE.get((type_name or "").strip().lower(), "other")


_LEGACY = ("select provinceShort, districtShort, districtType, wardShort, wardType, provinceShortKey, "
           "districtShortKey, wardShortKey from admin_units_legacy")
_NEW = "select provinceShort, wardShort, wardType, provinceShortKey, wardShortKey from admin_units"


@lru_cache(maxsize=1024)
def _query(sql: str, args: tuple[str, ...] = ()) -> list[tuple]:
    """A read-only query, remembered: a batch asks about the same district for every commune."""
    db = _db()
    if db is None:
        return []
    return list(db.execute(sql, args).fetchall())


def find_communes(name: str, province: str | None = None, district: str | None = None,
                  level: str | None = None) -> list[Unit]:
    """Communes (xã/phường/thị trấn) called ``name``, narrowed by the hints given."""
    key = unit_key(name)
    pk = unit_key(province) if province else None
    dk = unit_key(district) if district else None
    out: list[Unit] = []
    for prov, dist, _dtype, ward, wtype, pkey, dkey, _wkey in _query(_LEGACY + " where wardShortKey = ?", (key,)):
        if (pk and pkey != pk) or (dk and dkey != dk):
            continue
        lvl = _level(wtype)
        if level and lvl != level:
            continue
        out.append(Unit(lvl, ward, dist, prov, "legacy"))
    if not dk:
        for prov, ward, wtype, pkey, _wkey in _query(_NEW + " where wardShortKey = ?", (key,)):
            if pk and pkey != pk:
                continue
            lvl = _level(wtype)
            if level and lvl != level:
                continue
            out.append(Unit(lvl, ward, None, prov, "2025"))
    return out


def find_districts(name: str, province: str | None = None) -> list[Unit]:
    key = unit_key(name)
    pk = unit_key(province) if province else None
    rows = _query("select distinct provinceShort, districtShort, districtType, provinceShortKey "
                  "from admin_units_legacy where districtShortKey = ?", (key,))
    return [Unit(_level(dtype), dist, None, prov) for prov, dist, dtype, pkey in rows if pk is None or pkey == pk]


@cache
def province_names() -> dict[str, str]:
    """Folded key → short name, for all provinces of both eras."""
    rows = _query("select distinct provinceShortKey, provinceShort from admin_units_legacy "
                  "union select distinct provinceShortKey, provinceShort from admin_units")
    out: dict[str, str] = {}
    for key, name in rows:
        out.setdefault(key, name)
    return out


# Cities under the central government: a province-level unit whose issuer is a "thành phố"
CENTRAL_CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")


def province_level(province: str) -> str:
    """ "thanh_pho" for a city under the central government, "tinh" for a province.

    >>> province_level("Hà Nội"), province_level("Quảng Nam")
    ('thanh_pho', 'tinh')
    """
    return "thanh_pho" if unit_key(province) in {unit_key(c) for c in CENTRAL_CITIES} else "tinh"


def find_province(name: str) -> str | None:
    return province_names().get(unit_key(name))


def communes_of_district(district: str, province: str | None = None) -> list[Unit]:
    """Every commune of a (pre-2025) district: who should have reported."""
    dk = unit_key(district)
    pk = unit_key(province) if province else None
    return [Unit(_level(wt), w, d, p) for p, d, _dt, w, wt, pkey, _dkey, _wk in
            _query(_LEGACY + " where districtShortKey = ?", (dk,)) if pk is None or pkey == pk]


def communes_of_province(province: str) -> list[Unit]:
    """Every commune of a (post-2025) province."""
    pk = unit_key(province)
    return [Unit(_level(wt), w, None, p, "2025") for p, w, wt, _pkey, _k in
            _query(_NEW + " where provinceShortKey = ?", (pk,))]


def units_from_host(host: str) -> tuple[str | None, str | None, str | None]:
    """(commune, district, province) read from a website such as xasonnham.sonha.quangngai.gov.vn."""
    labels = [x for x in host.lower().split(".") if x and x not in ("www", "gov", "vn", "com", "org", "net", "edu")]
    provinces = province_names()
    province = next((provinces[x] for x in reversed(labels) if x in provinces), None)
    pk = unit_key(province) if province else None
    district = None
    for lab in labels:
        if pk and lab == pk:
            continue
        for prefix in ("", "huyen", "thixa", "thanhpho", "tp", "quan"):
            k = lab[len(prefix):]
            if not lab.startswith(prefix) or not k:
                continue
            rows = _query("select provinceShort, districtShort, provinceShortKey from admin_units_legacy "
                          "where districtShortKey = ? limit 50", (k,))
            hit = next((r for r in rows if pk is None or r[2] == pk), None)
            if hit:
                district, province = hit[1], province or hit[0]
                break
        if district:
            break
    dk = unit_key(district) if district else None
    commune = None
    for lab in labels:
        for prefix in ("xa", "phuong", "thitran", "tt", ""):
            k = lab[len(prefix):]
            if not lab.startswith(prefix) or not k or not (dk or pk):
                continue
            rows = _query("select wardShort, districtShortKey, provinceShortKey from admin_units_legacy "
                          "where wardShortKey = ?", (k,))
            hit = next((r for r in rows if (dk is None or r[1] == dk) and (pk is None or r[2] == pk)), None)
            if hit:
                commune = hit[0]
                break
        if commune:
            break
    return commune, district, province
