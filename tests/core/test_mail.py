import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from core import mail as mail_service
from core.models import EmailOutbox

pytestmark = pytest.mark.django_db


def _enqueue(key="k1", language="de"):
    return mail_service.email_enqueue(
        key=key,
        to_email="person@example.org",
        template="password_reset",
        context={"name": "Kim", "reset_path": "/x/"},
        language=language,
    )


def test_enqueue_twice_with_same_key_stores_one_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue()
        second = _enqueue()
    assert first.pk == second.pk
    assert EmailOutbox.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_is_rendered_in_the_recipients_language():
    english = _enqueue(key="en", language="en")
    german = _enqueue(key="de", language="de")
    assert "Reset your password" in english.subject
    assert english.subject != german.subject
    assert english.html_body.startswith("<!DOCTYPE html>")
    assert "/x/" in english.text_body


def test_sent_row_is_not_sent_again():
    row = _enqueue()
    assert mail_service.email_deliver(outbox_id=row.pk) == mail_service.Delivery.SENT
    assert mail_service.email_deliver(outbox_id=row.pk) == mail_service.Delivery.DONE
    assert len(mail.outbox) == 1


def test_row_leased_by_a_live_worker_is_busy_and_an_expired_lease_is_taken_over():
    row = _enqueue()
    EmailOutbox.objects.filter(pk=row.pk).update(
        status="sending", claimed_until=timezone.now() + timezone.timedelta(minutes=1), attempts=1
    )
    assert mail_service.email_deliver(outbox_id=row.pk) == mail_service.Delivery.BUSY
    assert mail_service.email_pending_ids() == []
    EmailOutbox.objects.filter(pk=row.pk).update(
        claimed_until=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert mail_service.email_pending_ids() == [row.pk]
    assert mail_service.email_deliver(outbox_id=row.pk) == mail_service.Delivery.SENT
    row.refresh_from_db()
    assert row.attempts == 2
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server unreachable")


@override_settings(EMAIL_BACKEND="tests.core.test_mail.BrokenBackend")
def test_failed_send_is_recorded_and_failed_for_good_after_the_last_attempt():
    row = _enqueue()
    with pytest.raises(OSError):
        mail_service.email_deliver(outbox_id=row.pk)
    row.refresh_from_db()
    assert row.status == "pending"
    assert "unreachable" in row.last_error
    EmailOutbox.objects.filter(pk=row.pk).update(attempts=EmailOutbox.MAX_ATTEMPTS - 1)
    assert mail_service.email_deliver(outbox_id=row.pk) == mail_service.Delivery.DONE
    row.refresh_from_db()
    assert row.status == "failed"
