from django.db import migrations

from endeavour.online.reference import POLICY_V1, platform_rows


def load(apps, schema_editor):
    PolicyVersion = apps.get_model("online", "PolicyVersion")
    PolicyClause = apps.get_model("online", "PolicyClause")
    Platform = apps.get_model("online", "Platform")
    PlatformDomain = apps.get_model("online", "PlatformDomain")
    policy, _ = PolicyVersion.objects.get_or_create(
        version=POLICY_V1["version"],
        defaults={"title": POLICY_V1["title"], "published_on": POLICY_V1["published_on"],
                  "is_current": True},
    )
    for code, title, text in POLICY_V1["clauses"]:
        PolicyClause.objects.get_or_create(policy=policy, code=code,
                                           defaults={"title": title, "text": text})
    for row in platform_rows():
        platform, _ = Platform.objects.get_or_create(
            name=row["name"],
            defaults={"size_band": row["size_band"], "abuse_contact": row["abuse_contact"],
                      "terms_url": row["terms_url"]},
        )
        for domain in row["domains"]:
            PlatformDomain.objects.get_or_create(domain=domain, defaults={"platform": platform})


class Migration(migrations.Migration):
    dependencies = [("online", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
