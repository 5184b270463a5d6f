from django.db import migrations

MODELS = [("Item", "ITM"), ("Case", "CASE"), ("Referral", "REF"), ("Dispute", "DSP")]


def seed(apps, schema_editor):
    Counter = apps.get_model("online", "ReferenceCounter")
    for model_name, prefix in MODELS:
        highest: dict[int, int] = {}
        for reference in apps.get_model("online", model_name).objects.values_list("reference", flat=True):
            parts = reference.split("-")
            if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit() and parts[2].isdigit():
                year, number = int(parts[1]), int(parts[2])
                highest[year] = max(highest.get(year, 0), number)
        for year, last in highest.items():
            Counter.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})


class Migration(migrations.Migration):
    dependencies = [("online", "0005_reference_counters")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
