from django.urls import path

from endeavour.core.views import auth, organisations, people, staff, tokens

app_name = "core"

urlpatterns = [
    path("", staff.public_home, name="public-home"),
    path("accounts/sign-in/", auth.SignInView.as_view(), name="login"),
    path("accounts/sign-out/", auth.sign_out, name="logout"),
    path("accounts/two-factor/", auth.two_factor_verify, name="two-factor-verify"),
    path("accounts/two-factor/set-up/", auth.two_factor_setup, name="two-factor-setup"),
    path("accounts/password/", auth.password_change, name="password-change"),
    path(
        "accounts/two-factor/backup-codes/",
        auth.two_factor_backup_codes,
        name="two-factor-backup-codes",
    ),
    path("staff/", staff.staff_home, name="staff-home"),
    path("staff/organisations/", organisations.organisation_list, name="organisation-list"),
    path(
        "staff/organisations/<int:pk>/",
        organisations.organisation_detail,
        name="organisation-detail",
    ),
    path("staff/people/", people.person_list, name="person-list"),
    path("staff/people/add/", people.person_create, name="person-create"),
    path("staff/people/<int:pk>/", people.person_detail, name="person-detail"),
    path("staff/people/<int:pk>/change/", people.person_edit, name="person-edit"),
    path(
        "staff/people/<int:pk>/reset-two-factor/",
        people.person_two_factor_reset,
        name="person-two-factor-reset",
    ),
    path("staff/api-tokens/", tokens.api_token_list, name="api-tokens"),
    path(
        "staff/api-tokens/<str:token_key>/revoke/", tokens.api_token_revoke, name="api-token-revoke"
    ),
]
