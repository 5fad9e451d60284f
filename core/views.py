from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def health(request):
    """Liveness and database check for the container health check."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    if _is_api(request):
        return _api_error("permission_denied", _("You are not allowed to do this."), 403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if _is_api(request):
        return _api_error("not_found", _("Not found."), 404)
    return render(request, "errors/404.html", status=404)


def server_error(request):
    if _is_api(request):
        return _api_error("server_error", _("An internal error occurred."), 500)
    return render(request, "errors/500.html", status=500)
