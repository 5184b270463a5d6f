from django.db import migrations

from endeavour.audit import db_guard


def create_triggers(apps, schema_editor):
    for sql in db_guard.statements(schema_editor.connection.vendor, create=True):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    for sql in db_guard.statements(schema_editor.connection.vendor, create=False):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
