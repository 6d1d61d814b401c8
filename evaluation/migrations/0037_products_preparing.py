"""Products stored as "Chưa đăng ký" while a dossier is with the producer (a draft, or returned to complete) read
"Đang lập hồ sơ" (products.ProductStatus.PREPARING, certificates.services.product_status): the rule now stores it from
the draft's creation; this brings the products that had their draft before it. A product stored as new has no live
certificate, no dossier under way and no outcome, so the rule's last branch decides it: a dossier with the producer."""

from django.db import migrations


def forwards(apps, schema_editor):
    Product = apps.get_model("products", "Product")
    Registration = apps.get_model("evaluation", "Registration")
    preparing = Registration.objects.filter(status__in=["draft", "returned"]).values("product_id")
    Product.objects.filter(status="new", pk__in=preparing).update(status="preparing")


def backwards(apps, schema_editor):
    apps.get_model("products", "Product").objects.filter(status="preparing").update(status="new")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0036_criteria_titles_plain"),
        ("products", "0013_alter_product_status"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
