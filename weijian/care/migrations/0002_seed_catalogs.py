"""Seed the service catalog and the data-element catalog from weijian.catalog."""

from django.db import migrations

from weijian.catalog import DATA_ELEMENTS, SERVICE_ITEMS


def seed(apps, schema_editor):
    for model_name, items in (("ServiceItem", SERVICE_ITEMS), ("DataElement", DATA_ELEMENTS)):
        model = apps.get_model("care", model_name)
        for item in items:
            model.objects.update_or_create(code=item.code, defaults={"name": item.name, "unit": item.unit})


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
