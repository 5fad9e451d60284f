import pytest
from django.core.exceptions import PermissionDenied

from core.http import require


def test_require_lets_an_allowed_request_through():
    assert require(True) is None


def test_require_answers_forbidden_otherwise():
    with pytest.raises(PermissionDenied):
        require(False)
