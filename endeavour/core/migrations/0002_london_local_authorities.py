from django.db import migrations

from endeavour.core.reference import read_local_authorities


def load(apps, schema_editor):
    Borough = apps.get_model("core", "Borough")
    Organisation = apps.get_model("core", "Organisation")
    for row in read_local_authorities():
        borough, _ = Borough.objects.update_or_create(
            gss_code=row.gss_code, defaults={"name": row.name, "region": row.region}
        )
        Organisation.objects.update_or_create(
            type="local_authority", borough=borough, defaults={"name": row.council_name}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
