"""The API's one error format, `{"error": {"code", "message", "fields"}}`, for every exception.

The views here are tiny probes that raise one exception each, run through DRF's full request
cycle (authentication, permissions, the project's exception handler from settings).
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from core.errors import ApplicationError, PermissionDeniedError
from tests.factories import UserFactory

factory = APIRequestFactory()


def _raising(exc, *, authentication=(), permission=AllowAny):
    class Probe(APIView):
        authentication_classes = list(authentication)
        permission_classes = [permission]

        def get(self, request):
            raise exc

    return Probe.as_view()


def _call(view, **headers):
    response = view(factory.get("/probe/", **headers))
    response.render()
    return response


def _error(response) -> dict:
    assert set(response.data) == {"error"}
    assert set(response.data["error"]) == {"code", "message", "fields"}
    return response.data["error"]


class Address(serializers.Serializer):
    street = serializers.CharField()


class Person(serializers.Serializer):
    name = serializers.CharField()
    age = serializers.IntegerField(min_value=0)
    address = Address()
    children = Address(many=True)


def test_serializer_errors_become_fields_with_plain_strings():
    person = Person(data={"age": -1, "address": {}, "children": [{}, {"street": "x"}]})
    assert not person.is_valid()
    response = _call(_raising(exceptions.ValidationError(person.errors)))
    error = _error(response)
    assert response.status_code == 400
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "age", "address.street", "children.0.street"}
    for messages in error["fields"].values():
        assert messages and all(type(m) is str for m in messages)
        assert not any("ErrorDetail" in m or "{" in m for m in messages)


def test_validation_error_with_a_list_goes_to_non_field_errors():
    response = _call(_raising(exceptions.ValidationError(["Das geht so nicht."])))
    assert response.status_code == 400
    assert _error(response)["fields"] == {"non_field_errors": ["Das geht so nicht."]}


def test_django_validation_error_from_a_service_keeps_its_fields():
    exc = DjangoValidationError({"name": "Gibt es schon.", "email": ["Ungültig.", "Zu lang."]})
    response = _call(_raising(exc))
    assert response.status_code == 400
    assert _error(response)["fields"] == {
        "name": ["Gibt es schon."],
        "email": ["Ungültig.", "Zu lang."],
    }


def test_django_validation_error_without_fields_goes_to_non_field_errors():
    response = _call(_raising(DjangoValidationError("Nicht erlaubt.")))
    assert response.status_code == 400
    assert _error(response)["fields"] == {"non_field_errors": ["Nicht erlaubt."]}


def test_application_error_answers_400_with_its_code_and_message():
    exc = ApplicationError("Die Organisation hat noch Mitglieder.", code="organisation_has_members")
    response = _call(_raising(exc))
    assert response.status_code == 400
    assert _error(response) == {
        "code": "organisation_has_members",
        "message": "Die Organisation hat noch Mitglieder.",
        "fields": {},
    }


@pytest.mark.parametrize(
    "exc", [PermissionDeniedError("Nur für die Koordinierungsstelle."), PermissionDenied()]
)
def test_permission_errors_answer_403(exc):
    response = _call(_raising(exc))
    assert response.status_code == 403
    error = _error(response)
    assert error["code"] == "permission_denied"
    assert error["fields"] == {}
    if isinstance(exc, PermissionDeniedError):
        assert error["message"] == "Nur für die Koordinierungsstelle."


def test_http404_answers_404():
    response = _call(_raising(Http404("Initiative 7 gibt es nicht")))
    assert response.status_code == 404
    error = _error(response)
    assert error["code"] == "not_found"
    assert "7" not in error["message"]  # internal details stay private


@pytest.mark.django_db
def test_missing_credentials_answer_401_when_token_authentication_comes_first():
    view = _raising(
        AssertionError("never reached"),
        authentication=(TokenAuthentication, SessionAuthentication),
        permission=IsAuthenticated,
    )
    response = _call(view)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert _error(response)["code"] == "not_authenticated"


@pytest.mark.django_db
def test_wrong_token_answers_401_in_the_error_format():
    view = _raising(
        AssertionError("never reached"),
        authentication=(TokenAuthentication,),
        permission=IsAuthenticated,
    )
    response = _call(view, HTTP_AUTHORIZATION="Token falsch")
    assert response.status_code == 401
    assert _error(response)["code"] == "authentication_failed"


@pytest.mark.django_db
def test_valid_token_passes_the_probe():
    token = Token.objects.create(user=UserFactory())

    class Probe(APIView):
        authentication_classes = [TokenAuthentication]
        permission_classes = [IsAuthenticated]

        def get(self, request):
            return Response({"email": request.user.email})

    response = _call(Probe.as_view(), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.data == {"email": token.user.email}


def test_method_not_allowed_uses_the_error_format():
    class Probe(APIView):
        permission_classes = [AllowAny]
        authentication_classes = []

    response = Probe.as_view()(factory.delete("/probe/"))
    assert response.status_code == 405
    assert _error(response)["code"] == "method_not_allowed"


def test_unexpected_exception_is_left_to_django():
    with pytest.raises(ZeroDivisionError):
        _call(_raising(ZeroDivisionError()))
