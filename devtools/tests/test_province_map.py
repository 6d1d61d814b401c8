"""The public map's outlines are rebuilt, byte for byte, from the vendored Natural Earth data and the app's own
old → new province mapping."""

import json

from devtools import province_map


def test_the_committed_outlines_are_what_the_builder_makes(tmp_path):
    built = tmp_path / "vn-34-provinces.json"
    province_map.build(out=lambda _line: None, path=built)
    assert built.read_bytes() == province_map.OUT.read_bytes()


def test_every_former_province_of_the_source_is_mapped_once_and_dissolved_into_its_successor():
    shapes = province_map.decode_topology(json.loads(province_map.SOURCE.read_text(encoding="utf-8")))
    named = [key for key in shapes if isinstance(key, str)]
    loose = [key for key in shapes if not isinstance(key, str)]
    assert sorted(named) == sorted(province_map.SOURCE_NAMES) and len(named) == 63
    assert sorted(loose) == sorted(province_map.LOOSE_ISLANDS)
    old_new = province_map.old_to_new()
    assert sorted(province_map.SOURCE_NAMES.values()) == sorted(old_new)  # the 63 old GSO codes, once each
    assert len(set(old_new.values())) == 34
    # Spot checks of the 2025 mergers (Nghị quyết 202/2025/QH15): Bắc Kạn → Thái Nguyên, Hà Giang → Tuyên Quang,
    # Bình Dương and Bà Rịa - Vũng Tàu → Hồ Chí Minh, Quảng Nam → Đà Nẵng.
    new_of = {name: old_new[code] for name, code in province_map.SOURCE_NAMES.items()}
    assert (new_of["Đông Bắc"], new_of["Hà Giang"], new_of["Bình Dương"], new_of["Bà Rịa - Vũng Tàu"]) == (
        "19",
        "08",
        "79",
        "79",
    )
    assert new_of["Quàng Nam"] == "48"
