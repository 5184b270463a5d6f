"""Who may see and do what in Insights: the one place these decisions are made.

- Programme officers and auditors see every measure for London, with links to the records.
- Borough officers see the overview and the map for their own borough only, and only the
  measures that have a borough; they get no links to other modules' records.
- Programme officers generate the annual report, edit its narrative and publish it; auditors
  read drafts. Programme officers load borough populations.
- The public sees published measures (small counts withheld) and published reports.
"""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from endeavour.core.permissions import has_role, is_borough_scoped

VIEWERS = (Role.PROGRAMME_OFFICER, Role.AUDITOR)


def can_view_programme(user: Any) -> bool:
    """The whole programme's figures, with links to the records behind them."""
    return has_role(user, *VIEWERS)


def can_view_overview(user: Any) -> bool:
    """The staff overview and map: the whole programme, or one borough for borough officers."""
    if can_view_programme(user):
        return True
    return has_role(user, Role.BOROUGH_OFFICER) and getattr(user, "borough", None) is not None


def overview_borough(user: Any) -> str | None:
    """The GSS code a borough officer's overview is limited to (None: all of London)."""
    if can_view_programme(user) or not is_borough_scoped(user):
        return None
    borough = getattr(user, "borough", None)
    return borough.gss_code if borough is not None else None


def can_view_data_quality(user: Any) -> bool:
    return has_role(user, *VIEWERS)


def can_view_reports(user: Any) -> bool:
    """Drafts and published reports on the staff pages."""
    return has_role(user, *VIEWERS)


def can_manage_reports(user: Any) -> bool:
    return has_role(user, Role.PROGRAMME_OFFICER)


def can_manage_populations(user: Any) -> bool:
    return has_role(user, Role.PROGRAMME_OFFICER)
