from django.db import migrations

from endeavour.online.reference import PROSCRIPTION_LIST, proscribed_rows


def load(apps, schema_editor):
    ProscriptionList = apps.get_model("online", "ProscriptionList")
    ProscribedOrganisation = apps.get_model("online", "ProscribedOrganisation")
    version, created = ProscriptionList.objects.get_or_create(
        as_at=PROSCRIPTION_LIST["as_at"], defaults={"source_url": PROSCRIPTION_LIST["source_url"]}
    )
    if created:
        for name, aliases in proscribed_rows(PROSCRIPTION_LIST["path"]):
            ProscribedOrganisation.objects.create(proscription_list=version, name=name, aliases=aliases)


class Migration(migrations.Migration):
    dependencies = [("online", "0003_decision_proscribed_organisation")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
