"""Small helpers for views that answer both full-page and htmx requests."""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    partial: str | None = None,
    status: int = 200,
) -> TemplateResponse:
    """Render the whole page, or only `template#partial` when htmx asks for it.

    Invalid forms answer 422 so that htmx (configured in `static/js/app.js`) swaps the partial
    with its messages while a plain browser still shows the page.
    """
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    response = TemplateResponse(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_form_page(request: HttpRequest, template: str, context: dict) -> TemplateResponse:
    """Render a page whose form is the named partial `form` and lives in `context["form"]`.

    A rejected form answers 422 (htmx swaps only the form, a browser shows the whole page).
    """
    form = context["form"]
    status = 422 if form is not None and form.errors else 200
    return render_page(request, template, context, partial="form", status=status)


def redirect(request: HttpRequest, to, *args, **kwargs):
    """Redirect after a successful POST; htmx requests get `HX-Redirect` so the whole page loads."""
    from django.shortcuts import redirect as django_redirect
    from django.shortcuts import resolve_url
    from django_htmx.http import HttpResponseClientRedirect

    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(resolve_url(to, *args, **kwargs))
    return django_redirect(to, *args, **kwargs)
