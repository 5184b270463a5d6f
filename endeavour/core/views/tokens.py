from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken

from endeavour.core import permissions, services
from endeavour.core.access import requires
from endeavour.core.forms import ApiTokenCreateForm, ReasonForm


@requires(permissions.can_manage_api_tokens)
@require_http_methods(["GET", "POST"])
def api_token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        token, new_secret = services.api_token_create(
            user=form.cleaned_data["user"], reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, f"Token {token.token_key} created. Copy it now: it is shown only once."
        )
        form = ApiTokenCreateForm()
    tokens = AuthToken.objects.select_related("user__organisation").order_by("-created")
    return render(
        request,
        "core/api_tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret, "revoke_form": ReasonForm()},
    )


@requires(permissions.can_manage_api_tokens)
@require_POST
def api_token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    token = AuthToken.objects.filter(token_key=token_key).select_related("user").first()
    if token is None:
        raise Http404("No such token")
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason to revoke the token.")
        return redirect("core:api-tokens")
    services.api_token_revoke(token=token, reason=form.cleaned_data["reason"])
    messages.success(request, f"Token {token_key} revoked.")
    return redirect("core:api-tokens")
