"""Administrative units: loading the official lists, and the look-ups other areas use.

Current map (since 1 July 2025): 34 provinces and 3,321 communes (xã, phường, đặc khu) with the codes of
QĐ 19/2025/QĐ-TTg, from the pinned `vietnam-provinces==2025.10.1`. Communes hang directly under their
province. Historic map (until 30 June 2025): 63 provinces, their districts and communes, and the old → new
links, from `ocop/data/historic_units.json.gz` (made by `devtools/build_admin_units.py`).

`admin_units_load()` is idempotent: it creates what is missing, updates what differs and leaves the rest
alone, so a second run writes nothing. Units that are not in the lists (e.g. test fixtures) are never touched.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet

from . import hooks
from .choices import UnitEra, UnitLevel
from .db import analyze
from .filters import reference_lists_changed
from .models import AdministrativeUnit, AdministrativeUnitSuccession, User
from .services import audit_record
from .text import fold, nfc, vi_order

CURRENT_FROM = date(2025, 7, 1)
HISTORIC_TO = date(2025, 6, 30)
HISTORIC_DATA = Path(__file__).parent / "data" / "historic_units.json.gz"
BATCH = 500
SYNCED_FIELDS = ["name", "full_name", "kind", "parent_id", "search_text", "valid_from", "valid_to"]


@dataclass
class UnitRow:
    level: str
    code: str
    name: str
    kind: str
    full_name: str
    parent_code: str | None = None  # a code of the level above, same era


@dataclass
class LoadResult:
    current_provinces: int = 0
    current_communes: int = 0
    historic_provinces: int = 0
    historic_districts: int = 0
    historic_communes: int = 0
    links: int = 0
    unmapped_communes: int = 0
    unmapped_provinces: int = 0
    created: int = 0
    updated: int = 0
    links_created: int = 0
    links_updated: int = 0
    links_deleted: int = 0
    unmapped_samples: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.links_created or self.links_updated or self.links_deleted)


# ---------------------------------------------------------------------------------------------------------
# Reading the sources


def current_rows() -> tuple[list[UnitRow], list[UnitRow]]:
    """(provinces, communes) of the current map, names in NFC."""
    from vietnam_provinces import Province, VietNamDivisionType, Ward

    provinces, names = [], {}
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        code = f"{int(p.code):02d}"
        if p.division_type == VietNamDivisionType.TINH:
            name, kind = nfc(f"Tỉnh {p.name}"), "tỉnh"
        else:  # "Thành phố Hà Nội" already carries its type
            name, kind = nfc(p.name), "thành phố"
        names[code] = name
        provinces.append(UnitRow(UnitLevel.PROVINCE, code, name, kind, name))
    communes = []
    for w in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        parent = f"{int(w.province_code):02d}"
        name = nfc(w.name)
        communes.append(
            UnitRow(
                UnitLevel.COMMUNE,
                f"{int(w.code):05d}",
                name,
                nfc(w.division_type.value),
                f"{name}, {names[parent]}",
                parent,
            )
        )
    return provinces, communes


def historic_data(path: Path = HISTORIC_DATA) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def historic_rows(data: dict) -> tuple[list[UnitRow], list[UnitRow], list[UnitRow]]:
    """(provinces, districts, communes) of the pre-July-2025 map, names in NFC."""
    provinces = [
        UnitRow(UnitLevel.PROVINCE, code, nfc(name), kind, nfc(name))
        for code, name, kind, _successor in data["provinces"]
    ]
    province_names = {p.code: p.name for p in provinces}
    districts = [
        UnitRow(UnitLevel.DISTRICT, code, nfc(name), kind, nfc(f"{name}, {province_names[parent]}"), parent)
        for code, name, kind, parent, _successors in data["districts"]
    ]
    district_names = {d.code: d.full_name for d in districts}
    communes = [
        UnitRow(UnitLevel.COMMUNE, code, nfc(name), kind, nfc(f"{name}, {district_names[parent]}"), parent)
        for code, name, kind, parent, _successors in data["communes"]
    ]
    return provinces, districts, communes


# ---------------------------------------------------------------------------------------------------------
# Writing


def _sync_level(
    *, era: str, rows: list[UnitRow], parent_ids: dict[str, int], valid_from, valid_to, result: LoadResult
) -> dict[str, int]:
    """Create or update the units of one era and level; return {code: id} for them."""
    level = rows[0].level
    existing = {u.code: u for u in AdministrativeUnit.objects.filter(era=era, level=level)}
    to_create, to_update = [], []
    for row in rows:
        wanted = {
            "name": row.name,
            "full_name": row.full_name,
            "kind": row.kind,
            "parent_id": parent_ids[row.parent_code] if row.parent_code else None,
            "search_text": fold(row.full_name)[:250],
            "valid_from": valid_from,
            "valid_to": valid_to,
        }
        unit = existing.get(row.code)
        if unit is None:
            to_create.append(AdministrativeUnit(era=era, level=level, code=row.code, **wanted))
        elif any(getattr(unit, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(unit, name, value)
            to_update.append(unit)
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH)
    AdministrativeUnit.objects.bulk_update(to_update, SYNCED_FIELDS, batch_size=BATCH)
    result.created += len(to_create)
    result.updated += len(to_update)
    return dict(AdministrativeUnit.objects.filter(era=era, level=level).values_list("code", "id"))


def _load_current(result: LoadResult) -> tuple[dict[str, int], dict[str, int]]:
    provinces, communes = current_rows()
    province_ids = _sync_level(
        era=UnitEra.CURRENT, rows=provinces, parent_ids={}, valid_from=CURRENT_FROM, valid_to=None, result=result
    )
    commune_ids = _sync_level(
        era=UnitEra.CURRENT,
        rows=communes,
        parent_ids=province_ids,
        valid_from=CURRENT_FROM,
        valid_to=None,
        result=result,
    )
    result.current_provinces, result.current_communes = len(provinces), len(communes)
    return province_ids, commune_ids


def _load_historic(
    result: LoadResult, data: dict, new_province_ids: dict[str, int], new_commune_ids: dict[str, int]
) -> None:
    provinces, districts, communes = historic_rows(data)
    kwargs = {"era": UnitEra.HISTORIC, "valid_from": None, "valid_to": HISTORIC_TO, "result": result}
    province_ids = _sync_level(rows=provinces, parent_ids={}, **kwargs)
    district_ids = _sync_level(rows=districts, parent_ids=province_ids, **kwargs)
    commune_ids = _sync_level(rows=communes, parent_ids=district_ids, **kwargs)
    result.historic_provinces, result.historic_districts = len(provinces), len(districts)
    result.historic_communes = len(communes)

    wanted: dict[tuple[int, int], bool] = {}  # (old id, new id) → is_primary

    def link(old_id: int, new_ids: list[int]) -> None:
        for position, new_id in enumerate(new_ids):
            wanted[(old_id, new_id)] = position == 0

    for code, _name, _kind, successor in data["provinces"]:
        if successor in new_province_ids:
            link(province_ids[code], [new_province_ids[successor]])
        else:
            result.unmapped_provinces += 1
    for code, _name, _kind, _parent, successors in data["districts"]:
        link(district_ids[code], [new_commune_ids[c] for c in successors if c in new_commune_ids])
    for code, name, _kind, _parent, successors in data["communes"]:
        new_ids = [new_commune_ids[c] for c in successors if c in new_commune_ids]
        if new_ids:
            link(commune_ids[code], new_ids)
        else:
            result.unmapped_communes += 1
            if len(result.unmapped_samples) < 10:
                result.unmapped_samples.append(f"{code} {name}")
    result.links = len(wanted)

    existing = {
        (s.old_id, s.new_id): s
        for s in AdministrativeUnitSuccession.objects.filter(old__era=UnitEra.HISTORIC, new__era=UnitEra.CURRENT)
    }
    to_create = [
        AdministrativeUnitSuccession(old_id=o, new_id=n, is_primary=p)
        for (o, n), p in wanted.items()
        if (o, n) not in existing
    ]
    to_update = []
    for key, link_row in existing.items():
        if key in wanted and link_row.is_primary != wanted[key]:
            link_row.is_primary = wanted[key]
            to_update.append(link_row)
    stale = [s.pk for key, s in existing.items() if key not in wanted]
    AdministrativeUnitSuccession.objects.bulk_create(to_create, batch_size=BATCH)
    AdministrativeUnitSuccession.objects.bulk_update(to_update, ["is_primary"], batch_size=BATCH)
    for start in range(0, len(stale), BATCH):
        AdministrativeUnitSuccession.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    result.links_created, result.links_updated, result.links_deleted = len(to_create), len(to_update), len(stale)


@transaction.atomic
def admin_units_load(
    *, current_only: bool = False, historic_path: Path = HISTORIC_DATA, by: User | None = None
) -> LoadResult:
    """Load or update the current units and, unless `current_only`, the historic units with their old → new
    links. Idempotent; one audit row when something changed."""
    result = LoadResult()
    new_province_ids, new_commune_ids = _load_current(result)
    if not current_only:
        _load_historic(result, historic_data(historic_path), new_province_ids, new_commune_ids)
    if result.changed:
        audit_record(
            actor=by,
            action="admin_units.load",
            changes={
                "created": result.created,
                "updated": result.updated,
                "links_created": result.links_created,
                "links_updated": result.links_updated,
                "links_deleted": result.links_deleted,
            },
        )
        hooks.admin_units_changed()  # a commune moved: the records that copy its province follow
        reference_lists_changed()  # written in bulk, which sends no post_save: the filter forms' unit lists
        # 13,000+ units and their links in one go: fresh planner statistics once they are committed.
        transaction.on_commit(lambda: analyze(AdministrativeUnit, AdministrativeUnitSuccession))
    return result


# ---------------------------------------------------------------------------------------------------------
# Look-ups for other areas


def current_successor(unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    """The current unit that took over `unit`: a current unit is its own successor; a historic commune or
    province gives its primary successor; a historic district gives its own (island districts that became
    đặc khu) or else its province's. None when no successor is known."""
    if unit is None:
        return None
    if unit.era == UnitEra.CURRENT:
        return unit
    link = (
        AdministrativeUnitSuccession.objects.filter(old=unit, new__era=UnitEra.CURRENT)
        .select_related("new")
        .order_by("-is_primary", "id")
        .first()
    )
    if link is not None:
        return link.new
    if unit.level == UnitLevel.DISTRICT and unit.parent_id:
        return current_successor(unit.parent)
    return None


def current_province_of(unit: AdministrativeUnit | None) -> AdministrativeUnit | None:
    """The current province a unit (current or historic, any level) now belongs to: for reporting and tenancy."""
    successor = current_successor(unit)
    if successor is None and unit is not None and unit.era == UnitEra.HISTORIC:
        successor = current_successor(unit.province)  # an unmapped commune still lies in a mapped province
    return successor.province if successor is not None else None


def communes_of(province: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """The communes of a province, in Vietnamese name order: directly under it on the current map, under its
    districts on the historic one."""
    qs = AdministrativeUnit.objects.filter(era=province.era, level=UnitLevel.COMMUNE)
    if province.era == UnitEra.HISTORIC:
        qs = qs.filter(parent__parent=province)
    else:
        qs = qs.filter(parent=province)
    return qs.order_by(vi_order("name"), "code")
