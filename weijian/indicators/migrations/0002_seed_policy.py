from datetime import date

from django.db import migrations

NATIONAL = (
    (date(2016, 1, 1), 2, "全面两孩政策（2016年1月1日起）"),
    (date(2021, 5, 31), 3, "三孩生育政策（2021年5月31日起）"),
)


def seed(apps, schema_editor):
    PolicyLimit = apps.get_model("indicators", "PolicyLimit")
    for start, limit, note in NATIONAL:
        PolicyLimit.objects.get_or_create(start=start, defaults={"max_parity": limit, "note": note})


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
