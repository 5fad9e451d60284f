import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from core.http import client_address, require


def test_require_lets_an_allowed_request_through():
    assert require(True) is None


def test_require_answers_forbidden_otherwise():
    with pytest.raises(PermissionDenied):
        require(False)


def test_forwarded_for_header_counts_only_behind_a_trusted_proxy(settings):
    factory = RequestFactory()
    request = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_address(request) == "10.0.0.1"

    settings.TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.7"
    settings.TRUSTED_PROXIES = 2
    assert client_address(request) == "6.6.6.6"
    settings.TRUSTED_PROXIES = 3
    assert client_address(request) == "10.0.0.1"
