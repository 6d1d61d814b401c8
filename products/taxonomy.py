"""The product classification of D26 Phụ lục I (6 sectors → groups → 26 sets, with the managing
agencies) and the six sectors of QĐ 1048/QĐ-TTg (2019) for historic records.

Loaded by a data migration so every database has it, and by `taxonomy_load()` again wherever tables
were emptied (demo data after a test flush); idempotent. Editable afterwards in the admin."""

from django.apps import apps as django_apps
from django.utils.translation import gettext_noop

BNNMT = "Bộ Nông nghiệp và Môi trường"
BCT = "Bộ Công Thương"
BYT = "Bộ Y tế"
BVHTTDL = "Bộ Văn hóa, Thể thao và Du lịch"

SECTORS = [
    ("I", gettext_noop("Thực phẩm")),
    ("II", gettext_noop("Đồ uống")),
    ("III", gettext_noop("Dược liệu và sản phẩm từ dược liệu")),
    ("IV", gettext_noop("Hàng thủ công mỹ nghệ")),
    ("V", gettext_noop("Sinh vật cảnh")),
    ("VI", gettext_noop("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")),
]

# (set number, sector code, group name, set name, agency) — names of sets follow Phụ lục II. The sectors' and sets'
# names are marked for translation: the public pages show them in the reader's language ({% translate %} of the
# stored name; one renamed in the admin shows as stored).
SETS = [
    (1, "I", "Thực phẩm tươi sống", gettext_noop("Rau, củ, quả, hạt tươi"), BNNMT),
    (2, "I", "Thực phẩm tươi sống", gettext_noop("Thịt, thủy sản, trứng, sữa tươi"), BNNMT),
    (3, "I", "Thực phẩm thô, sơ chế", gettext_noop("Gạo, ngũ cốc, hạt sơ chế khác"), BNNMT),
    (4, "I", "Thực phẩm thô, sơ chế", gettext_noop("Mật ong, mật khác và nông sản thực phẩm khác"), BNNMT),
    (5, "I", "Thực phẩm chế biến", gettext_noop("Đồ ăn nhanh"), BCT),
    (6, "I", "Thực phẩm chế biến", gettext_noop("Chế biến từ gạo, ngũ cốc"), f"{BNNMT}; {BCT}"),
    (7, "I", "Thực phẩm chế biến", gettext_noop("Chế biến từ rau, củ, quả, hạt"), BNNMT),
    (
        8,
        "I",
        "Thực phẩm chế biến",
        gettext_noop(
            "Chế biến từ thịt, thủy sản, trứng, sữa, các sản phẩm từ mật ong, mật khác và nông sản thực phẩm khác"
        ),
        f"{BNNMT}; {BCT}",
    ),
    (9, "I", "Gia vị", gettext_noop("Tương, nước mắm, gia vị dạng lỏng khác"), BNNMT),
    (10, "I", "Gia vị", gettext_noop("Gia vị khác (muối, hành, tỏi, tiêu)"), BNNMT),
    (11, "I", "Chè", gettext_noop("Chè tươi, chè chế biến"), BNNMT),
    (12, "I", "Chè", gettext_noop("Sản phẩm trà từ thực vật khác"), BNNMT),
    (13, "I", "Cà phê, ca cao", gettext_noop("Cà phê, cacao"), BNNMT),
    (14, "II", "Đồ uống có cồn", gettext_noop("Rượu trắng"), BCT),
    (15, "II", "Đồ uống có cồn", gettext_noop("Đồ uống có cồn khác"), BCT),
    (16, "II", "Đồ uống không cồn", gettext_noop("Nước khoáng thiên nhiên, nước uống đóng chai"), BYT),
    (17, "II", "Đồ uống không cồn", gettext_noop("Đồ uống không cồn khác"), BCT),
    (
        18,
        "III",
        "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền",
        gettext_noop("Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền"),
        BYT,
    ),
    (19, "III", "Mỹ phẩm có thành phần từ dược liệu", gettext_noop("Mỹ phẩm có thành phần từ dược liệu"), BYT),
    (20, "III", "Tinh dầu và dược liệu khác", gettext_noop("Tinh dầu và dược liệu khác"), f"{BYT}; {BCT}"),
    (21, "IV", "Thủ công mỹ nghệ gia dụng, trang trí", gettext_noop("Thủ công mỹ nghệ"), f"{BCT}; {BNNMT}"),
    (22, "IV", "Vải, may mặc", gettext_noop("Vải, may mặc"), BCT),
    (23, "V", "Hoa", gettext_noop("Hoa"), BNNMT),
    (24, "V", "Cây cảnh", gettext_noop("Cây cảnh"), BNNMT),
    (25, "V", "Động vật cảnh", gettext_noop("Động vật cảnh"), BNNMT),
    (
        26,
        "VI",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        gettext_noop("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
        f"{BVHTTDL}; {BNNMT}",
    ),
]

# QĐ 1048/QĐ-TTg (2019), six sectors (seed 003), with the closest current set or sector.
LEGACY_1048 = [
    ("Thực phẩm", "I", None),
    ("Đồ uống", "II", None),
    ("Thảo dược", "III", None),
    ("Vải và may mặc", "IV", 22),
    ("Lưu niệm – nội thất – trang trí", "IV", 21),
    ("Dịch vụ du lịch nông thôn, bán hàng", "VI", 26),
]


def taxonomy_load(apps=django_apps) -> None:
    """Create or update the sectors, groups, sets and 1048 categories; `apps` is a migration's app registry."""
    Sector = apps.get_model("products", "Sector")
    ProductGroup = apps.get_model("products", "ProductGroup")
    ProductSet = apps.get_model("products", "ProductSet")
    LegacyCategory = apps.get_model("products", "LegacyCategory")
    if not Sector.objects.exists():
        _taxonomy_create(Sector, ProductGroup, ProductSet, LegacyCategory)
        return
    sectors = {}
    for order, (code, name) in enumerate(SECTORS, start=1):
        sectors[code], _ = Sector.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    groups = {}
    for number, sector_code, group_name, set_name, agency in SETS:
        key = (sector_code, group_name)
        if key not in groups:
            order = sum(1 for k in groups if k[0] == sector_code) + 1
            groups[key], _ = ProductGroup.objects.update_or_create(
                sector=sectors[sector_code], name=group_name, defaults={"order": order}
            )
        ProductSet.objects.update_or_create(
            number=number, defaults={"group": groups[key], "name": set_name, "agency": agency}
        )
    for order, (label, sector_code, set_number) in enumerate(LEGACY_1048, start=1):
        LegacyCategory.objects.update_or_create(
            legal_basis="1048/2019",
            label=label,
            defaults={
                "sector": sectors[sector_code],
                "product_set": ProductSet.objects.get(number=set_number) if set_number else None,
                "order": order,
            },
        )


def _taxonomy_create(Sector, ProductGroup, ProductSet, LegacyCategory) -> None:
    """The same rows into empty tables, four inserts in all: a test's flush empties them before every transactional
    test's end, and creating them one by one (a select and an insert each, in a savepoint) took ~250 statements."""
    sectors = {
        sector.code: sector
        for sector in Sector.objects.bulk_create(
            Sector(code=code, name=name, order=order) for order, (code, name) in enumerate(SECTORS, start=1)
        )
    }
    group_keys = list(dict.fromkeys((sector_code, group_name) for _n, sector_code, group_name, _s, _a in SETS))
    orders = {code: 0 for code in sectors}
    new_groups = []
    for sector_code, group_name in group_keys:
        orders[sector_code] += 1
        new_groups.append(ProductGroup(sector=sectors[sector_code], name=group_name, order=orders[sector_code]))
    groups = dict(zip(group_keys, ProductGroup.objects.bulk_create(new_groups), strict=True))
    sets = {
        product_set.number: product_set
        for product_set in ProductSet.objects.bulk_create(
            ProductSet(number=number, group=groups[(sector_code, group_name)], name=set_name, agency=agency)
            for number, sector_code, group_name, set_name, agency in SETS
        )
    }
    LegacyCategory.objects.bulk_create(
        LegacyCategory(
            legal_basis="1048/2019",
            label=label,
            sector=sectors[sector_code],
            product_set=sets.get(set_number),
            order=order,
        )
        for order, (label, sector_code, set_number) in enumerate(LEGACY_1048, start=1)
    )
