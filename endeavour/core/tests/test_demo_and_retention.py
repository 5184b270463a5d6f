from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.demo import DEMO_PEOPLE, demo_password
from endeavour.core.models import Role, User
from endeavour.core.retention import purge_expired
from endeavour.jobs.models import JobRun

pytestmark = pytest.mark.django_db


def test_demo_makes_one_sample_person_per_role_and_can_run_twice() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    people_after_first_run = User.objects.count()
    call_command("demo", stdout=StringIO())
    assert User.objects.count() == people_after_first_run
    assert {role for *_, role, _organisation in DEMO_PEOPLE} == set(Role.values)
    for username, _first, _last, role, _organisation in DEMO_PEOPLE:
        person = User.objects.get(username=username)
        assert set(person.role_codes) == {role}
        assert person.job_title.startswith("Sample ")
        assert person.check_password(demo_password(person.username))
        assert f"username {person.username}" in out.getvalue()


def test_demo_code_gives_a_code_that_signs_in() -> None:
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_code", "admin", stdout=out)
    device = TOTPDevice.objects.get(user__username="admin")
    assert device.verify_token(out.getvalue().strip())


def test_demo_code_never_works_for_real_accounts(staff_user: object) -> None:
    from django.core.management.base import CommandError

    real = staff_user(Role.ADMINISTRATOR)  # type: ignore[operator]
    real.organisation.is_sample = False
    real.organisation.save()
    with pytest.raises(CommandError):
        call_command("demo_code", real.username, stdout=StringIO())


def test_purge_removes_expired_jobs_and_records_each_purge(staff_user: object) -> None:
    owner = staff_user(Role.ANALYST)  # type: ignore[operator]
    old = JobRun.objects.create(kind="t", title="old", owner=owner)
    JobRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    recent = JobRun.objects.create(kind="t", title="recent", owner=owner)
    results = purge_expired()
    assert results["jobs.JobRun"] == 1
    assert list(JobRun.objects.all()) == [recent]
    purges = AuditEvent.objects.filter(action=AuditAction.PURGE)
    assert {e.object_type for e in purges} >= {
        "jobs.jobrun",
        "sessions.session",
        "axes.accessattempt",
    }
    assert purges.get(object_type="jobs.jobrun").after["deleted"] == 1
