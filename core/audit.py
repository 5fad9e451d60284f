from core.models import AuditEvent


def audit_record(*, actor, verb: str, initiative=None, target=None, **data) -> AuditEvent:
    """Write one audit row; called by services inside their transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        initiative_id=getattr(initiative, "pk", initiative),
        verb=verb,
        target=str(target)[:255] if target is not None else "",
        data=data,
    )
