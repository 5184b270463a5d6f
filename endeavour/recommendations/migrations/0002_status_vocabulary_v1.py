from django.db import migrations

from endeavour.recommendations.reference import (
    V1_EFFECTIVE_FROM,
    V1_NOTES,
    V1_TITLE,
    V1_VERSION,
    vocabulary_v1_rows,
)


def load(apps, schema_editor):
    StatusVocabulary = apps.get_model("recommendations", "StatusVocabulary")
    StatusDefinition = apps.get_model("recommendations", "StatusDefinition")
    vocabulary, _ = StatusVocabulary.objects.get_or_create(
        version=V1_VERSION,
        defaults={"title": V1_TITLE, "effective_from": V1_EFFECTIVE_FROM, "notes": V1_NOTES},
    )
    for row in vocabulary_v1_rows():
        StatusDefinition.objects.get_or_create(
            vocabulary=vocabulary,
            code=row.code,
            defaults={
                "label": row.label,
                "definition": row.definition,
                "order": row.order,
                "counts_as_implemented": row.counts_as_implemented,
                "is_open": row.is_open,
                "progress_percent": row.progress_percent,
                "reports_progress": row.reports_progress,
                "owners_may_set": row.owners_may_set,
                "is_initial": row.is_initial,
                "tone": row.tone,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
