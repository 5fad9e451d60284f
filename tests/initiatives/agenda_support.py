"""Set-up for tests of the common agenda, through the services like a coordinator would."""

from initiatives import services

TEXTS = {
    "vision": "Internationale Fachkräfte arbeiten in Berlin in Berufen, die ihrer Qualifikation "
    "entsprechen.",
    "problem": "Viele finden trotz anerkanntem Abschluss keine passende Arbeit.\n\n"
    "Beratung und Vermittlung wissen wenig voneinander.",
    "approach": "Wir bündeln Beratung, Anerkennung und Vermittlung.",
    "principles": "Wir arbeiten auf Augenhöhe.",
}


def publish_version(*, initiative, coordinator, change_note: str = "", **texts):
    """Save a draft with `texts` (the defaults for the rest) and publish it."""
    services.agenda_draft_save(
        acting_user=coordinator,
        initiative=initiative,
        change_note=change_note,
        **{**TEXTS, **texts},
    )
    return services.agenda_publish(acting_user=coordinator, initiative=initiative)
