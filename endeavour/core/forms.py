from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from endeavour.core.models import Borough, Organisation, OrganisationType, Role, User


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask an administrator.",
    }


class TwoFactorCodeForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, or one of your backup codes.",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"].replace(" ", "")
        if not token.isalnum():
            raise forms.ValidationError("Enter the code using digits only.")
        return token


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label="Name contains", required=False, max_length=100)
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *OrganisationType.choices]
    )
    borough = forms.ModelChoiceField(
        label="Borough", required=False, queryset=Borough.objects.all(), empty_label="Any borough"
    )


class PersonForm(forms.ModelForm[User]):
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Administrators and senior analysts must set up two-factor sign-in.",
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "organisation", "job_title"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["organisation"].required = True
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = Organisation.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["username"].disabled = True
            self.fields["roles"].initial = sorted(self.instance.role_codes)


class PersonCreateForm(PersonForm):
    password = forms.CharField(
        label="First password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters, not a common password. Tell the person in person.",
    )


class PersonEditForm(PersonForm):
    is_active = forms.BooleanField(label="Account is active", required=False)
    reason = forms.CharField(
        label="Reason for the change", max_length=500, help_text="Kept in the audit log."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_active"].initial = self.instance.is_active


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=500, help_text="Kept in the audit log.")


class ApiTokenCreateForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.filter(is_active=True).select_related("organisation"),
        help_text="The token acts as this person, with their organisation and roles.",
    )
    reason = forms.CharField(label="Reason", max_length=500, help_text="Kept in the audit log.")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
