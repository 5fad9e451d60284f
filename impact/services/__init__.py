"""Writes of the impact app: atomic, checking their rules, each writing an audit row.

Bad input raises Django's `ValidationError` with a dict of field names and messages that a
person can act on; a broken rule of the workflow raises `ApplicationError`; a missing right
raises `PermissionDeniedError`. Nothing is saved when any of them is raised.

Field names of the errors, beyond the model fields: `breakdown_<category id>` for one category
of a breakdown, `dimension_<dimension id>` for a breakdown that does not add up, `breakdown`
for a category that does not belong to the indicator, `target_<YYYY-MM-DD>` for one period
target, `reason` for a return without a reason and `order` for a stale reordering.
"""

from impact.services._common import (
    parse_number,
)
from impact.services.evidence import (
    evidence_add,
    evidence_delete,
)
from impact.services.framework import (
    category_create,
    category_delete,
    category_update,
    dimension_create,
    dimension_delete,
    dimension_update,
    goal_create,
    goal_delete,
    goal_reorder,
    goal_update,
    indicator_create,
    indicator_delete,
    indicator_reorder,
    indicator_set_period_targets,
    indicator_update,
    measurement_settings_update,
    objective_create,
    objective_delete,
    objective_reorder,
    objective_update,
)
from impact.services.periods import (
    period_lock,
    period_unlock,
    periods_sync,
)
from impact.services.reflection import (
    reflection_note_create,
    reflection_note_delete,
)
from impact.services.submissions import (
    submission_approve,
    submission_create,
    submission_discard,
    submission_import_apply,
    submission_import_create,
    submission_import_discard,
    submission_return,
    submission_revise,
    submission_submit,
    submission_update,
)

__all__ = [
    "category_create",
    "category_delete",
    "category_update",
    "dimension_create",
    "dimension_delete",
    "dimension_update",
    "evidence_add",
    "evidence_delete",
    "goal_create",
    "goal_delete",
    "goal_reorder",
    "goal_update",
    "indicator_create",
    "indicator_delete",
    "indicator_reorder",
    "indicator_set_period_targets",
    "indicator_update",
    "measurement_settings_update",
    "objective_create",
    "objective_delete",
    "objective_reorder",
    "objective_update",
    "parse_number",
    "period_lock",
    "period_unlock",
    "periods_sync",
    "reflection_note_create",
    "reflection_note_delete",
    "submission_approve",
    "submission_create",
    "submission_discard",
    "submission_import_apply",
    "submission_import_create",
    "submission_import_discard",
    "submission_return",
    "submission_revise",
    "submission_submit",
    "submission_update",
]
