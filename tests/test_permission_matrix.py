"""Role-by-URL permission matrix, built from the URLconf.

Every URL pattern of the project must have rows in `MATRIX`; a new URL without one fails
`test_every_url_pattern_has_an_entry`. Each row states, for one URL name and one HTTP method,
the answer every role gets. Pattern kwargs come from the default world (`KWARGS`), bodies for
writes from `DATA`.

Which patterns count:
- every pattern with a name, addressed as `namespace:name`;
- an unnamed pattern fails the coverage test too, except Django's media `static()` helper,
  which exists only with DEBUG on;
- the admin (`betrieb/`, namespace `admin`) is Django's own: its internals are skipped, and
  `test_admin_is_closed_to_every_role` checks that no role of the domain gets in;
- DRF format-suffix duplicates (a `format` group in the pattern, e.g. `.json`) are skipped:
  they answer like the pattern they duplicate.

Semantics: anonymous visitors are sent to the login page (LOGIN) from HTML pages and get
`ANON_API` from the API; people outside the initiative get 404 (existence stays private);
members without the right get 403.
"""

import datetime
import re
import types
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coordination import calendar
from coordination.notifications import notify
from core.models import AuditEvent
from impact import services as impact_services
from initiatives import services
from initiatives.models import Invitation, Membership, Role, invitation_token_hash
from tests.coordination.builders import activity_world
from tests.coordination.meeting_builders import meeting_world
from tests.coordination.news_builders import news_world
from tests.factories import OrganisationFactory
from tests.focusgroups.builders import matrix_world as focus_matrix_world
from tests.focusgroups.prototype_builders import feedback_data, matrix_prototypes
from tests.focusgroups.step3_builders import matrix_step3
from tests.impact.builders import FrameworkBuilder, report
from tests.initiatives.agenda_support import publish_version

ROLES = (
    "coordinator",
    "partner",
    "viewer",
    "participant",
    "other_coordinator",
    "outsider",
    "anonymous",
)
LOGIN = "login"  # a redirect to the login page
# DRF answers unauthenticated requests 403 because SessionAuthentication comes first in
# REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] (it sends no WWW-Authenticate header).
# With TokenAuthentication first this becomes 401.
ANON_API = 401
INVITATION_TOKEN = "matrix-invitation-token"

# fmt: off
# Columns: coordinator, partner, viewer, participant, other_coordinator, outsider, anonymous.
# name, method                                        coo  par  vie  ptc  oth  out  anon
MATRIX = [
    ("home", "GET",                                   302, 302, 302, 302, 302, 302, LOGIN),
    ("health", "GET",                                 200, 200, 200, 200, 200, 200, 200),
    # accounts
    ("accounts:login", "GET",                         302, 302, 302, 302, 302, 302, 200),
    ("accounts:login", "POST",                        302, 302, 302, 302, 302, 302, 302),
    ("accounts:logout", "GET",                        405, 405, 405, 405, 405, 405, 405),
    ("accounts:logout", "POST",                       302, 302, 302, 302, 302, 302, 302),
    ("accounts:password-reset", "GET",                200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-reset", "POST",               302, 302, 302, 302, 302, 302, 302),
    ("accounts:password-reset-sent", "GET",           200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-reset-confirm", "GET",        200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-reset-complete", "GET",       200, 200, 200, 200, 200, 200, 200),
    ("accounts:password-change", "GET",               200, 200, 200, 200, 200, 200, LOGIN),
    ("accounts:password-change", "POST",              302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:profile", "GET",                       200, 200, 200, 200, 200, 200, LOGIN),
    ("accounts:profile", "POST",                      302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:api-token-renew", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("accounts:api-token-renew", "POST",              302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:api-token-revoke", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("accounts:api-token-revoke", "POST",             302, 302, 302, 302, 302, 302, LOGIN),
    ("accounts:language-set", "GET",                  405, 405, 405, 405, 405, 405, 405),
    ("accounts:language-set", "POST",                 302, 302, 302, 302, 302, 302, 302),
    # initiatives: anyone with an account may found one
    ("initiatives:initiative-list", "GET",            200, 200, 200, 200, 200, 200, LOGIN),
    ("initiatives:initiative-create", "GET",          200, 200, 200, 200, 200, 200, LOGIN),
    ("initiatives:initiative-create", "POST",         302, 302, 302, 302, 302, 302, LOGIN),
    ("initiatives:initiative-detail", "GET",          200, 200, 200, 200, 404, 404, LOGIN),
    # opening an initiative: the backbone office goes on to its cockpit, everyone else to the
    # overview
    ("initiatives:initiative-start", "GET",           302, 302, 302, 302, 404, 404, LOGIN),
    ("initiatives:initiative-update", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:initiative-update", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    # partner directory: participants see names and sectors, but no organisation page
    ("initiatives:organisation-list", "GET",          200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:organisation-create", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-create", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-detail", "GET",        200, 200, 200, 403, 404, 404, LOGIN),
    ("initiatives:organisation-update", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-update", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-delete", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:organisation-delete", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    # members: not for participants
    ("initiatives:membership-list", "GET",            200, 200, 200, 403, 404, 404, LOGIN),
    ("initiatives:membership-update", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:membership-update", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:membership-remove", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:membership-remove", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-create", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-create", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-resend", "GET",          405, 405, 405, 405, 405, 405, LOGIN),
    ("initiatives:invitation-resend", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-revoke", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:invitation-revoke", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    # the link is addressed to a new person: everyone logged in is someone else
    ("initiatives:invitation-accept", "GET",          403, 403, 403, 403, 403, 403, 200),
    ("initiatives:invitation-accept", "POST",         403, 403, 403, 403, 403, 403, 302),
    # common agenda: every member reads it; the backbone office writes the draft, publishes
    # and keeps the glossary; partner members state their own organisation's endorsement
    ("initiatives:agenda-detail", "GET",              200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:agenda-draft-update", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-draft-update", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-draft-discard", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-draft-discard", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-publish", "GET",             200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-publish", "POST",            302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:endorsement-edit", "GET",           403, 200, 403, 403, 404, 404, LOGIN),
    ("initiatives:endorsement-edit", "POST",          403, 302, 403, 403, 404, 404, LOGIN),
    ("initiatives:agenda-version-list", "GET",        200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:agenda-version-detail", "GET",      200, 200, 200, 200, 404, 404, LOGIN),
    ("initiatives:glossary-term-create", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-create", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-update", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-update", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-delete", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("initiatives:glossary-term-delete", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    # impact: partners and the backbone office report; a value form belongs to whoever enters
    # the value (the world's indicator is a partner's, so the backbone office gets 404; it enters
    # population indicators, see tests/impact/test_views.py); the backbone office reviews
    ("impact:task-list", "GET",                       200, 200, 403, 403, 404, 404, LOGIN),
    ("impact:submission-edit", "GET",                 404, 200, 403, 403, 404, 404, LOGIN),
    ("impact:submission-edit", "POST",                404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:submission-revise", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-revise", "POST",              404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:submission-discard", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-discard", "POST",             404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:review-list", "GET",                     200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:submission-review", "GET",               200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:submission-approve", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-approve", "POST",             302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:submission-return", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:submission-return", "POST",              302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:framework-detail", "GET",                200, 200, 200, 403, 404, 404, LOGIN),
    # progress: every reader sees an indicator; coordinators and partners reflect, viewers read;
    # a note is deleted by its author (here the partner) or a coordinator
    ("impact:indicator-detail", "GET",                200, 200, 200, 403, 404, 404, LOGIN),
    ("impact:reflection-create", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:reflection-create", "POST",              302, 302, 403, 403, 404, 404, LOGIN),
    ("impact:reflection-delete", "GET",               200, 200, 403, 403, 404, 404, LOGIN),
    ("impact:reflection-delete", "POST",              302, 302, 403, 403, 404, 404, LOGIN),
    # impact: the backbone office edits the framework, breakdowns, status rule and periods
    ("impact:framework-edit", "GET",                  200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:goal-create", "GET",                     200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:goal-create", "POST",                    302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:goal-update", "GET",                     200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:goal-update", "POST",                    302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:goal-delete", "GET",                     200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:goal-delete", "POST",                    302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:goal-move", "GET",                       405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:goal-move", "POST",                      302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:objective-create", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:objective-create", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:objective-update", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:objective-update", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:objective-delete", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:objective-delete", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:objective-move", "GET",                  405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:objective-move", "POST",                 302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-create", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-create", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-update", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-update", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-delete", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-delete", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-move", "GET",                  405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:indicator-move", "POST",                 302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-targets", "GET",               200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:indicator-targets", "POST",              302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:dimension-list", "GET",                  200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:dimension-create", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:dimension-create", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:dimension-update", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:dimension-update", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:dimension-delete", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:dimension-delete", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:category-create", "GET",                 200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:category-create", "POST",                302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:category-update", "GET",                 200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:category-update", "POST",                302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:category-delete", "GET",                 200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:category-delete", "POST",                302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:measurement-settings-edit", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:measurement-settings-edit", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:period-list", "GET",                     200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:period-lock", "GET",                     200, 403, 403, 403, 404, 404, LOGIN),
    ("impact:period-lock", "POST",                    302, 403, 403, 403, 404, 404, LOGIN),
    ("impact:period-unlock", "GET",                   405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:period-unlock", "POST",                  302, 403, 403, 403, 404, 404, LOGIN),
    # evidence of the partner's draft: invisible to everyone but its organisation
    ("impact:evidence-download", "GET",               404, 200, 404, 403, 404, 404, LOGIN),
    ("impact:evidence-delete", "GET",                 404, 200, 404, 403, 404, 404, LOGIN),
    ("impact:evidence-delete", "POST",                404, 302, 404, 403, 404, 404, LOGIN),
    # bulk entry: the partner's import belongs to IQ Netzwerk only
    ("impact:import-template", "GET",                 200, 200, 403, 403, 404, 404, LOGIN),
    ("impact:import-upload", "GET",                   200, 200, 403, 403, 404, 404, LOGIN),
    ("impact:import-upload", "POST",                  302, 302, 403, 403, 404, 404, LOGIN),
    ("impact:import-detail", "GET",                   404, 200, 403, 403, 404, 404, LOGIN),
    ("impact:import-apply", "GET",                    405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:import-apply", "POST",                   404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:import-discard", "GET",                  405, 405, 405, 405, 405, 405, LOGIN),
    ("impact:import-discard", "POST",                 404, 302, 403, 403, 404, 404, LOGIN),
    ("impact:export", "GET",                          200, 200, 200, 403, 404, 404, LOGIN),
    # coordination: activities are read by every member but participants; partner members
    # register and log for their own organisation; the backbone office corrects and deletes
    ("coordination:activity-list", "GET",            200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:activity-create", "GET",          403, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:activity-create", "POST",         403, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:activity-alignment", "GET",       200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:activity-detail", "GET",          200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:activity-update", "GET",          200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:activity-update", "POST",         302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:activity-delete", "GET",          200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:activity-delete", "POST",         302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:output-log-create", "GET",        405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:output-log-create", "POST",       403, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:output-log-update", "GET",        200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:output-log-update", "POST",       302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:output-log-delete", "GET",        200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:output-log-delete", "POST",       302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:organisation-contributions", "GET", 200, 200, 200, 403, 404, 404, LOGIN),
    # meetings, decisions, action items: read by every member but participants; coordinators
    # and partner members write; a meeting is changed by the backbone office or its scheduler
    # (the partner, see `_meetings`); an item's status by its person or organisation
    # responsible, its creator or the backbone office (the item is the partner's own)
    ("coordination:meeting-list", "GET",             200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:meeting-create", "GET",           200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-create", "POST",          302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-detail", "GET",           200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:meeting-update", "GET",           200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-update", "POST",          302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-cancel", "GET",           200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-cancel", "POST",          302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-ics", "GET",              200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:meeting-ics", "POST",             405, 405, 405, 405, 405, 405, LOGIN),
    # The calendar feed is authenticated by the secret token in its address alone, never by the
    # session: with the coordinator's valid token every visitor, logged in or not, gets the
    # coordinator's feed (calendar programs do not log in); an unknown or revoked token is 404
    # for everyone (tests/coordination/test_calendar.py).
    ("coordination:calendar-feed", "GET",            200, 200, 200, 200, 200, 200, 200),
    ("coordination:calendar-feed", "POST",           405, 405, 405, 405, 405, 405, 405),
    # Anyone logged in makes a new feed address for themselves or switches theirs off.
    ("coordination:calendar-feed-renew", "GET",      405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:calendar-feed-renew", "POST",     302, 302, 302, 302, 302, 302, LOGIN),
    ("coordination:calendar-feed-switch-off", "GET", 405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:calendar-feed-switch-off", "POST", 302, 302, 302, 302, 302, 302, LOGIN),
    ("coordination:agenda-item-create", "GET",       405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:agenda-item-create", "POST",      302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:agenda-item-notes", "GET",        405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:agenda-item-notes", "POST",       302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:decision-create", "GET",          405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:decision-create", "POST",         302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-action-item-create", "GET", 405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:meeting-action-item-create", "POST", 302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:action-item-board", "GET",        200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:action-item-create", "GET",       200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:action-item-create", "POST",      302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:action-item-status", "GET",       405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:action-item-status", "POST",      302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:decision-list", "GET",            200, 200, 200, 403, 404, 404, LOGIN),
    # news: every member reads (participants too); the backbone office writes, edits and
    # deletes posts; members but participants comment; a comment is edited by its author (the
    # partner's, see `news_world`) and removed by its author or the backbone office
    ("coordination:news-list", "GET",                200, 200, 200, 200, 404, 404, LOGIN),
    ("coordination:news-create", "GET",              200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:news-create", "POST",             302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:news-mentions", "GET",            200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:news-detail", "GET",              200, 200, 200, 200, 404, 404, LOGIN),
    ("coordination:news-update", "GET",              200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:news-update", "POST",             302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:news-delete", "GET",              200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:news-delete", "POST",             302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:news-comment-create", "GET",      405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:news-comment-create", "POST",     302, 302, 302, 403, 404, 404, LOGIN),
    ("coordination:news-comment-update", "GET",      403, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:news-comment-update", "POST",     403, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:news-comment-delete", "GET",      200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:news-comment-delete", "POST",     302, 302, 403, 403, 404, 404, LOGIN),
    # notifications belong to one person (the world's is the partner's): everyone else gets 404
    ("coordination:notification-list", "GET",        200, 200, 200, 200, 200, 200, LOGIN),
    ("coordination:notification-open", "GET",        404, 302, 404, 404, 404, 404, LOGIN),
    ("coordination:notification-read", "GET",        405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:notification-read", "POST",       404, 302, 404, 404, 404, 404, LOGIN),
    ("coordination:notification-read-all", "GET",    405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:notification-read-all", "POST",   302, 302, 302, 302, 302, 302, LOGIN),
    # cockpit: the backbone office's start page
    ("coordination:cockpit", "GET",                  200, 403, 403, 403, 404, 404, LOGIN),
    # partnership pulse: coordinators and partner members answer and see results; the backbone
    # office opens and closes rounds (the world's round is open)
    ("coordination:pulse-list", "GET",               200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:pulse-round-create", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:pulse-round-create", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:pulse-round-detail", "GET",       200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:pulse-answer", "GET",             200, 200, 403, 403, 404, 404, LOGIN),
    ("coordination:pulse-answer", "POST",            302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:pulse-round-close", "GET",        200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:pulse-round-close", "POST",       302, 403, 403, 403, 404, 404, LOGIN),
    # early warnings: every member but participants notes and reads those for all members;
    # status and follow-up by the backbone office and the author (the world's warning is the
    # partner's, for all members; warnings for the backbone office: tests/coordination)
    ("coordination:warning-list", "GET",             200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:warning-create", "GET",           200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:warning-create", "POST",          302, 302, 302, 403, 404, 404, LOGIN),
    ("coordination:warning-detail", "GET",           200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:warning-note-create", "GET",      405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:warning-note-create", "POST",     302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:warning-status", "GET",           405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:warning-status", "POST",          302, 302, 403, 403, 404, 404, LOGIN),
    # meetings without minutes: roles are assigned by whoever manages the meeting (the upcoming
    # one is the partner's); every reader puts themselves on the speakers' list, the backbone
    # office (or the meeting's moderator, none here) gives the floor; the record's parts are
    # changed by who added them (here all the coordinator's) or the backbone office
    ("coordination:meeting-live", "GET",             200, 200, 200, 403, 404, 404, LOGIN),
    ("coordination:meeting-role-assign", "GET",      405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:meeting-role-assign", "POST",     302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:meeting-role-unassign", "GET",    405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:meeting-role-unassign", "POST",   302, 302, 403, 403, 404, 404, LOGIN),
    ("coordination:speaker-add", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:speaker-add", "POST",             302, 302, 302, 403, 404, 404, LOGIN),
    ("coordination:speaker-withdraw", "GET",         405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:speaker-withdraw", "POST",        302, 302, 302, 403, 404, 404, LOGIN),
    ("coordination:speaker-done", "GET",             405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:speaker-done", "POST",            302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:speaker-remove", "GET",           405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:speaker-remove", "POST",          302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:agenda-item-update", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:agenda-item-update", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:agenda-item-delete", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:agenda-item-delete", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:agenda-item-move", "GET",         405, 405, 405, 405, 405, 405, LOGIN),
    ("coordination:agenda-item-move", "POST",        302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:decision-update", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:decision-update", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:decision-delete", "GET",          200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:decision-delete", "POST",         302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:action-item-update", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:action-item-update", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:action-item-delete", "GET",       200, 403, 403, 403, 404, 404, LOGIN),
    ("coordination:action-item-delete", "POST",      302, 403, 403, 403, 404, 404, LOGIN),
    # reports: coordinators, partner members and report viewers; a run the member may see
    # (the world's run is a report viewer's, with approved data only)
    # focus groups: coordinators and partner members found and run groups; participants take
    # part in the groups they were added to (the world's group has coordinator, partner and
    # participant as members); report viewers read only. Joining answers 302 with a message
    # for people who are members already.
    ("focusgroups:group-list", "GET",                 200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:group-create", "GET",               200, 200, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-create", "POST",              302, 302, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-detail", "GET",               200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:group-update", "GET",               200, 200, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-update", "POST",              302, 302, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-pipeline", "GET",             200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:group-pipeline", "POST",            302, 403, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-dissolve", "GET",             200, 200, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-dissolve", "POST",            302, 302, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-join", "GET",                 405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:group-join", "POST",                302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:group-leave", "GET",                405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:group-leave", "POST",               302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:member-add", "GET",                 405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:member-add", "POST",                302, 302, 403, 403, 404, 404, LOGIN),
    ("focusgroups:problem-edit", "GET",               200, 200, 403, 403, 404, 404, LOGIN),
    ("focusgroups:problem-edit", "POST",              302, 302, 403, 403, 404, 404, LOGIN),
    ("focusgroups:problem-agree", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:problem-agree", "POST",             302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:board", "GET",                      200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:board-version", "GET",              200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:card-create", "GET",                405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:card-create", "POST",               302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:card-vote", "GET",                  405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:card-vote", "POST",                 302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:card-move", "GET",                  405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:card-move", "POST",                 302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:cluster-create", "GET",             405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:cluster-create", "POST",            302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:cluster-update", "GET",             200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:cluster-update", "POST",            302, 302, 403, 302, 404, 404, LOGIN),
    # prototypes (steps 4 and 5): read by everyone who sees the group; planned, measured and
    # improved by the backbone office and the group's members (participants included)
    ("focusgroups:prototype-list", "GET",             200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:prototype-create", "GET",           200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:prototype-create", "POST",          302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:prototype-detail", "GET",           200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:prototype-update", "GET",           200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:prototype-update", "POST",          302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:prototype-status", "GET",           405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:prototype-status", "POST",          302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:prototype-results", "GET",          200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:prototype-results", "POST",         302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:prototype-iterate", "GET",          200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:prototype-iterate", "POST",         302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:criterion-create", "GET",           405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:criterion-create", "POST",          302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:criterion-update", "GET",           200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:criterion-update", "POST",          302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:criterion-delete", "GET",           200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:criterion-delete", "POST",          302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:feedback-link-create", "GET",       405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:feedback-link-create", "POST",      302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:feedback-link-close", "GET",        405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:feedback-link-close", "POST",       302, 302, 403, 302, 404, 404, LOGIN),
    # the participants' feedback page is public: whoever has the link answers, no account
    ("focusgroups:feedback-form", "GET",              200, 200, 200, 200, 200, 200, 200),
    ("focusgroups:feedback-form", "POST",             302, 302, 302, 302, 302, 302, 302),
    ("focusgroups:feedback-thanks", "GET",            200, 200, 200, 200, 200, 200, 200),
    # step 5: the guide is read by everyone who sees the group and written by its members
    # (participants included) while it is a draft; whoever runs the group finalises it (the
    # world's draft lacks sections, so finalising answers 302 with the message), records the
    # outcome and links the objectives
    ("focusgroups:guide", "GET",                      200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:guide-edit", "GET",                 200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:guide-edit", "POST",                302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:guide-assemble", "GET",             200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:guide-assemble", "POST",            302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:guide-status", "GET",               405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:guide-status", "POST",              302, 302, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-outcome", "GET",              200, 200, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-outcome", "POST",             302, 302, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-links", "GET",                200, 200, 403, 403, 404, 404, LOGIN),
    ("focusgroups:group-links", "POST",               302, 302, 403, 403, 404, 404, LOGIN),
    # focus groups, step 3: readers of the group read; its members (participants too) write;
    # sessions are meetings, planned by those who run the group
    ("focusgroups:concept-list", "GET",               200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:concept-create", "GET",             200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:concept-create", "POST",            302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:concept-detail", "GET",             200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:concept-update", "GET",             200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:concept-update", "POST",            302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:concept-delete", "GET",             200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:concept-delete", "POST",            302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:task-board", "GET",                 200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:task-create", "GET",                200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:task-create", "POST",               302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:task-update", "GET",                200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:task-update", "POST",               302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:task-status", "GET",                405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:task-status", "POST",               302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:task-delete", "GET",                200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:task-delete", "POST",               302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:sprint-list", "GET",                200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:sprint-create", "GET",              200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:sprint-create", "POST",             302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:sprint-detail", "GET",              200, 200, 200, 200, 404, 404, LOGIN),
    ("focusgroups:sprint-update", "GET",              200, 200, 403, 200, 404, 404, LOGIN),
    ("focusgroups:sprint-update", "POST",             302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:sprint-status", "GET",              405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:sprint-status", "POST",             302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:retro-item-create", "GET",          405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:retro-item-create", "POST",         302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:retro-item-task", "GET",            405, 405, 405, 405, 405, 405, LOGIN),
    ("focusgroups:retro-item-task", "POST",           302, 302, 403, 302, 404, 404, LOGIN),
    ("focusgroups:session-create", "GET",             200, 200, 403, 403, 404, 404, LOGIN),
    ("focusgroups:session-create", "POST",            302, 302, 403, 403, 404, 404, LOGIN),
    ("reports:report-list", "GET",                    200, 200, 200, 403, 404, 404, LOGIN),
    ("reports:report-list", "POST",                   302, 302, 302, 403, 404, 404, LOGIN),
    ("reports:report-detail", "GET",                  200, 200, 200, 403, 404, 404, LOGIN),
    ("reports:report-download", "GET",                200, 200, 200, 403, 404, 404, LOGIN),
    ("reports:report-preview", "GET",                 200, 200, 200, 403, 404, 404, LOGIN),
    ("reports:report-retry", "GET",                   405, 405, 405, 405, 405, 405, LOGIN),
    ("reports:report-retry", "POST",                  302, 302, 302, 403, 404, 404, LOGIN),
    ("reports:report-repeat", "GET",                  405, 405, 405, 405, 405, 405, LOGIN),
    ("reports:report-repeat", "POST",                 302, 302, 302, 403, 404, 404, LOGIN),
    # reports: the activity export for every reader of activities; scheduled reports for the
    # backbone office only
    ("reports:activity-export", "GET",                200, 200, 200, 403, 404, 404, LOGIN),
    # reports: the meeting record as PDF and the action-item export for every reader of meetings
    ("reports:meeting-report", "GET",                 405, 405, 405, 405, 405, 405, LOGIN),
    ("reports:meeting-report", "POST",                302, 302, 302, 403, 404, 404, LOGIN),
    ("reports:action-item-export", "GET",             200, 200, 200, 403, 404, 404, LOGIN),
    ("reports:schedule-list", "GET",                  200, 403, 403, 403, 404, 404, LOGIN),
    ("reports:schedule-create", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("reports:schedule-create", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("reports:schedule-update", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("reports:schedule-update", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    ("reports:schedule-pause", "GET",                 405, 405, 405, 405, 405, 405, LOGIN),
    ("reports:schedule-pause", "POST",                302, 403, 403, 403, 404, 404, LOGIN),
    ("reports:schedule-delete", "GET",                200, 403, 403, 403, 404, 404, LOGIN),
    ("reports:schedule-delete", "POST",               302, 403, 403, 403, 404, 404, LOGIN),
    # the guide (Leitfaden) as a PDF, asked for from the guide page: report readers who see the
    # group (the world's group has a draft guide)
    ("reports:guide-request", "GET",                  405, 405, 405, 405, 405, 405, LOGIN),
    ("reports:guide-request", "POST",                 302, 302, 302, 403, 404, 404, LOGIN),
    # API
    ("v1:me", "GET",                                  200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:initiative-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:initiative-list", "POST",                    201, 201, 201, 201, 201, 201, ANON_API),
    ("v1:initiative-detail", "GET",                   200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:initiative-detail", "PATCH",                 200, 403, 403, 403, 404, 404, ANON_API),
    ("v1:organisation-list", "GET",                   200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:organisation-list", "POST",                  201, 403, 403, 403, 404, 404, ANON_API),
    ("v1:organisation-detail", "GET",                 200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:organisation-detail", "PATCH",               200, 403, 403, 403, 404, 404, ANON_API),
    ("v1:organisation-detail", "DELETE",              204, 403, 403, 403, 404, 404, ANON_API),
    # members are invisible to participants in the API, so a membership id answers 404
    ("v1:membership-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:membership-detail", "GET",                   200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:membership-detail", "PATCH",                 200, 403, 403, 404, 404, 404, ANON_API),
    ("v1:membership-detail", "DELETE",                204, 403, 403, 404, 404, 404, ANON_API),
    # invitations exist only for the backbone office
    ("v1:invitation-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:invitation-list", "POST",                    201, 403, 403, 403, 404, 404, ANON_API),
    ("v1:invitation-detail", "GET",                   200, 404, 404, 404, 404, 404, ANON_API),
    ("v1:invitation-detail", "DELETE",                204, 404, 404, 404, 404, 404, ANON_API),
    # common agenda: read by every member; only partner members endorse, for their own organisation
    ("v1:agenda-version-list", "GET",                 200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:agenda-version-detail", "GET",               200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:endorsement-list", "GET",                    200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:endorsement-list", "POST",                   403, 201, 403, 403, 404, 404, ANON_API),
    ("v1:glossary-term-list", "GET",                  200, 200, 200, 200, 200, 200, ANON_API),
    # activities and output logs: not for participants (their ids answer 404); partner members
    # write their own organisation's, the backbone office corrects and deletes
    ("v1:activity-list", "GET",                       200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:activity-list", "POST",                      403, 201, 403, 403, 404, 404, ANON_API),
    ("v1:activity-detail", "GET",                     200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:activity-detail", "PATCH",                   200, 200, 403, 404, 404, 404, ANON_API),
    ("v1:activity-detail", "DELETE",                  204, 204, 403, 404, 404, 404, ANON_API),
    ("v1:output-log-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:output-log-list", "POST",                    403, 201, 403, 404, 404, 404, ANON_API),
    ("v1:output-log-detail", "GET",                   200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:output-log-detail", "PATCH",                 200, 200, 403, 404, 404, 404, ANON_API),
    ("v1:output-log-detail", "DELETE",                204, 204, 403, 404, 404, 404, ANON_API),
    # meetings (read only) and action items: not for participants (their ids answer 404)
    ("v1:meeting-list", "GET",                        200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:meeting-detail", "GET",                      200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:action-item-list", "GET",                    200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:action-item-list", "POST",                   201, 201, 403, 403, 404, 404, ANON_API),
    ("v1:action-item-detail", "GET",                  200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:action-item-detail", "PATCH",                200, 200, 403, 404, 404, 404, ANON_API),
    # impact: members but participants read the framework; values as in the UI: a partner's
    # drafts only for its organisation, submitted ones for the backbone office too, approved
    # ones for every reader (the detail row reads the submitted value, PATCH and submit the draft)
    ("v1:goal-list", "GET",                           200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:goal-detail", "GET",                         200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:indicator-list", "GET",                      200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:indicator-detail", "GET",                    200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:indicator-progress", "GET",                  200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:reporting-period-list", "GET",               200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:reporting-period-detail", "GET",             200, 200, 200, 404, 404, 404, ANON_API),
    ("v1:submission-list", "GET",                     200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:submission-list", "POST",                    403, 201, 403, 404, 404, 404, ANON_API),
    ("v1:submission-detail", "GET",                   200, 200, 404, 404, 404, 404, ANON_API),
    ("v1:submission-detail", "PATCH",                 404, 200, 404, 404, 404, 404, ANON_API),
    ("v1:submission-submit", "GET",                   405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:submission-submit", "POST",                  404, 200, 404, 404, 404, 404, ANON_API),
    ("v1:submission-approve", "GET",                  405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:submission-approve", "POST",                 200, 403, 404, 404, 404, 404, ANON_API),
    ("v1:submission-return", "GET",                   405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:submission-return", "POST",                  200, 403, 404, 404, 404, 404, ANON_API),
    ("v1:submission-revise", "GET",                   405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:submission-revise", "POST",                  403, 201, 403, 404, 404, 404, ANON_API),
    # focus groups: readers of the initiative see its groups (participants only theirs);
    # members of the group add cards and dots, report viewers do not
    ("v1:focus-group-list", "GET",                    200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:focus-group-detail", "GET",                  200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:focus-group-stages", "GET",                  200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:barrier-card-list", "GET",                   200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:barrier-card-list", "POST",                  201, 201, 403, 201, 404, 404, ANON_API),
    ("v1:barrier-card-detail", "GET",                 200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:barrier-vote-list", "GET",                   405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:barrier-vote-list", "POST",                  201, 201, 403, 201, 404, 404, ANON_API),
    # prototypes: read with the group; its members and the backbone office write
    ("v1:prototype-list", "GET",                      200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:prototype-list", "POST",                     201, 201, 403, 201, 404, 404, ANON_API),
    ("v1:prototype-detail", "GET",                    200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:prototype-status", "GET",                    405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:prototype-status", "POST",                   200, 200, 403, 200, 404, 404, ANON_API),
    ("v1:prototype-results", "GET",                   405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:prototype-results", "POST",                  200, 200, 403, 200, 404, 404, ANON_API),
    ("v1:success-criterion-list", "GET",              405, 405, 405, 405, 405, 405, ANON_API),
    ("v1:success-criterion-list", "POST",             201, 201, 403, 201, 404, 404, ANON_API),
    ("v1:focus-group-guide-list", "GET",              200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:focus-group-guide-detail", "GET",            200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:focus-group-guide-detail", "PATCH",          200, 200, 403, 200, 404, 404, ANON_API),
    ("v1:solution-concept-list", "GET",               200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:solution-concept-list", "POST",              201, 201, 403, 201, 404, 404, ANON_API),
    ("v1:solution-concept-detail", "GET",             200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:focus-group-task-list", "GET",               200, 200, 200, 200, 200, 200, ANON_API),
    ("v1:focus-group-task-list", "POST",              201, 201, 403, 201, 404, 404, ANON_API),
    ("v1:focus-group-task-detail", "GET",             200, 200, 200, 200, 404, 404, ANON_API),
    ("v1:focus-group-task-detail", "PATCH",           200, 200, 403, 200, 404, 404, ANON_API),
    ("api-schema", "GET",                             200, 200, 200, 200, 200, 200, 200),
    ("api-docs", "GET",                               200, 200, 200, 200, 200, 200, 200),
]
# fmt: on

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory


def _slug(w):
    return {"slug": w.initiative.slug}


def _impact(w):
    """An indicator of IQ Netzwerk (the partner's organisation) with an empty period (Q1 2025),
    an approved value (Q2 2025), a submitted one (Q3 2025) and a draft (Q4 2025); built once
    per test."""
    if not hasattr(w, "impact"):
        framework = (
            FrameworkBuilder(w.initiative)
            .indicator("Vermittlungen", frequency="quarterly")
            .reported_by(w.organisation)
            .build()
        )
        indicator = framework.indicator("Vermittlungen")
        q1, q2, q3, q4 = (
            framework.period(indicator, datetime.date(2025, month, 15)) for month in (2, 5, 8, 11)
        )
        entry = {"by": w.partner, "organisation": w.organisation, "value": "5"}
        w.impact = types.SimpleNamespace(
            indicator=indicator,
            empty_period=q1,
            approved=report(indicator, q2, **entry, approve_by=w.coordinator),
            submitted=report(indicator, q3, **entry, submit=True),
            draft=report(indicator, q4, **entry),
        )
    return w.impact


def _framework(w):
    """An unused goal → objective → two indicators (the second with a target per period) and a
    breakdown, beside the reported indicator of `_impact`; built once per test."""
    if not hasattr(w, "framework"):
        _impact(w)
        w.framework = (
            FrameworkBuilder(w.initiative)
            .goal("Anerkennung")
            .objective("Schneller")
            .indicator("Bescheide", frequency="quarterly")
            .with_dimension("Alter", ["jung", "alt"])
            .indicator("Beratungen", frequency="quarterly")
            .with_period_targets({})
            .build()
        )
    return w.framework


def _young(w):
    return _framework(w).category("Alter", "jung").pk


def _indicator_fields(w, name):
    return {
        "name": name,
        "definition": "Jeder Bescheid zählt einmal.",
        "unit": "",
        "kind": "number",
        "direction": "increase",
        "scope": "performance",
        "reporting_organisations": [w.organisation.pk],
        "frequency": "quarterly",
        "partner_aggregation": "sum",
        "period_aggregation": "per_period",
        "baseline_value": "",
        "baseline_date": "",
        "target_mode": "final",
        "final_target": "",
        "final_target_date": "",
        "objective": _framework(w).objectives[0].pk,
    }


def _value(w, period):
    return {**_slug(w), "indicator_id": _impact(w).indicator.pk, "period_id": period.pk}


def _submitted(w):
    return {**_slug(w), "pk": _impact(w).submitted.pk}


def _indicator(w):
    return {**_slug(w), "pk": _impact(w).indicator.pk}


def _reflection(w):
    """A reflection note of the partner on the approved period; built once per test."""
    if not hasattr(w, "reflection"):
        w.reflection = impact_services.reflection_note_create(
            acting_user=w.partner,
            indicator=_impact(w).indicator,
            period=_impact(w).approved.period,
            learning="Mehr Vermittlungen im Frühjahr.",
        )
    return {**_slug(w), "pk": w.reflection.pk}


def _partner2_membership(w):
    return {"pk": Membership.objects.get(user=w.partner2, initiative=w.initiative).pk}


def _evidence(w):
    """A PDF attached to the partner's draft (Q4 2025)."""
    evidence = impact_services.evidence_add(
        acting_user=w.partner,
        submission=_impact(w).draft,
        upload=SimpleUploadedFile("liste.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return {**_slug(w), "pk": evidence.pk}


def _submission_import(w):
    """A checked file of IQ Netzwerk with one value for the empty period (Q1 2025)."""
    submission_import = impact_services.submission_import_create(
        acting_user=w.partner,
        initiative=w.initiative,
        file_name="werte.csv",
        rows=[
            {
                "line": 2,
                "indicator_id": str(_impact(w).indicator.pk),
                "period": _impact(w).empty_period.label,
                "value": "5",
            }
        ],
    )
    return {**_slug(w), "pk": submission_import.pk}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Evidence files of the impact rows are stored in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path


def _activities(w):
    """An activity of IQ Netzwerk (the partner's organisation) with one output log."""
    return activity_world(w)


def _activity(w):
    return {**_slug(w), "pk": _activities(w).activity.pk}


def _activity_fields(w, title="Sprachcafé"):
    return {
        "title": title,
        "contribution_kind": "complement",
        "objectives": [_activities(w).advice.pk],
        "start_date": "2025-01-01",
    }


def _meetings(w):
    """A past meeting of the coordinator with an agenda item, a decision and an action item of
    the partner; an upcoming meeting scheduled by the partner (see its builder)."""
    return meeting_world(w)


def _meeting(w, which="past"):
    return {**_slug(w), "pk": getattr(_meetings(w), which).pk}


def _agenda_item(w):
    return {**_meeting(w), "item_pk": _meetings(w).item.pk}


def _news(w):
    """A news post of the coordinator with a comment of the partner (see its builder)."""
    return {**_slug(w), "pk": news_world(w).post.pk}


def _news_comment(w):
    return {**_news(w), "comment_pk": news_world(w).comment.pk}


def _notification(w):
    """A notification of the partner; built once per test."""
    if not hasattr(w, "notification"):
        (w.notification,) = notify(
            recipients=[w.partner], kind="test", text="Matrix", url="/", initiative=w.initiative
        )
    return w.notification


def _speaker_request(w):
    """partner2 on the speakers' list of the past meeting; built once per test."""
    if not hasattr(w, "speaker_request"):
        from coordination import services as coordination_services

        w.speaker_request = coordination_services.speaker_request_add(
            acting_user=w.partner2, meeting=_meetings(w).past
        )
    return {**_meeting(w), "request_pk": w.speaker_request.pk}


def _role(w):
    return {**_meeting(w, "upcoming"), "kind": "moderation"}


def _in_a_week():
    return (timezone.localdate() + timedelta(days=7)).isoformat()


def _meeting_fields(title):
    return {
        "title": title,
        "starts_at": "2030-05-04T10:00",
        "duration_minutes": "60",
        "format": "online",
        "online_url": "https://meet.example.org/matrix",
    }


def _pulse(w):
    """An open round of the pulse, opened by the coordinator; built once per test."""
    if not hasattr(w, "pulse_round"):
        from coordination import services as coordination_services

        w.pulse_round = coordination_services.pulse_round_open(
            acting_user=w.coordinator,
            initiative=w.initiative,
            title="Q4 Matrix",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + timedelta(days=21),
        )
    return {**_slug(w), "pk": w.pulse_round.pk}


def _warning(w):
    """An early warning of the partner for all members; built once per test."""
    if not hasattr(w, "warning"):
        from coordination import services as coordination_services

        w.warning = coordination_services.warning_create(
            acting_user=w.partner,
            initiative=w.initiative,
            title="Konkurrierende Termine",
            description="Zwei Partner planen Infoabende am selben Tag.",
        )
    return {**_slug(w), "pk": w.warning.pk}


def _focus_world(w):
    """A focus group of the coordinator, the partner and the participant (see its builder)."""
    return focus_matrix_world(w)


def _focus(w):
    return {**_slug(w), "pk": _focus_world(w).group.pk}


def _prototypes(w):
    """A planned prototype with a criterion and a feedback link, and a tested one, in the
    matrix's focus group (see `matrix_prototypes`)."""
    return matrix_prototypes(w)


def _prototype(w, which):
    return {**_focus(w), "prototype_pk": getattr(_prototypes(w), which).prototype.pk}


def _criterion(w):
    planned = _prototypes(w).planned
    return {**_prototype(w, "planned"), "criterion_pk": planned.criteria[0].pk}


def _criterion_fields():
    return {
        "criterion-description": "Teilnehmende mit Zusage",
        "criterion-direction": "at_least",
        "criterion-target_value": "3",
        "criterion-unit": "Personen",
    }


def _focus_guide(w):
    """The world's focus group with a draft guide assembled by the partner."""
    from focusgroups import services as focus_services

    if not hasattr(w, "focus_guide"):
        w.focus_guide = focus_services.guide_assemble(
            acting_user=w.partner, group=_focus_world(w).group
        )
    return w.focus_guide


def _step3(w):
    """Step 3 content on the matrix group: concept, sprints, a retrospective note, a task."""
    return matrix_step3(w)


def _focus_fields(name):
    return {
        "name": name,
        "target_group": "Internationale Fachkräfte",
        "desired_change": "Passende Arbeit",
        "open_to_join": "on",
        "dots_per_person": "5",
        "card_tags": "Fachkräfte\nArbeitgebende",
    }


# URL kwargs per name, or per (name, method) where a write needs another object than a read.
KWARGS = {
    "accounts:password-reset-confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w.coordinator.pk)),
        "token": "no-valid-token",
    },
    "initiatives:initiative-detail": _slug,
    "initiatives:initiative-update": _slug,
    "initiatives:initiative-start": _slug,
    "initiatives:organisation-list": _slug,
    "initiatives:organisation-create": _slug,
    "initiatives:organisation-detail": lambda w: {**_slug(w), "pk": w.organisation.pk},
    "initiatives:organisation-update": lambda w: {**_slug(w), "pk": w.organisation.pk},
    "initiatives:organisation-delete": lambda w: {**_slug(w), "pk": w.empty_organisation.pk},
    "initiatives:membership-list": _slug,
    "initiatives:membership-update": lambda w: {**_slug(w), **_partner2_membership(w)},
    "initiatives:membership-remove": lambda w: {**_slug(w), **_partner2_membership(w)},
    "initiatives:invitation-create": _slug,
    "initiatives:invitation-resend": lambda w: {**_slug(w), "pk": w.invitation.pk},
    "initiatives:invitation-revoke": lambda w: {**_slug(w), "pk": w.invitation.pk},
    "initiatives:invitation-accept": lambda w: {"token": INVITATION_TOKEN},
    "initiatives:agenda-detail": _slug,
    "initiatives:agenda-draft-update": _slug,
    "initiatives:agenda-draft-discard": _slug,
    "initiatives:agenda-publish": _slug,
    "initiatives:endorsement-edit": _slug,
    "initiatives:agenda-version-list": _slug,
    "initiatives:agenda-version-detail": lambda w: {**_slug(w), "number": w.agenda_version.number},
    "initiatives:glossary-term-create": _slug,
    "initiatives:glossary-term-update": lambda w: {**_slug(w), "pk": w.glossary_term.pk},
    "initiatives:glossary-term-delete": lambda w: {**_slug(w), "pk": w.glossary_term.pk},
    "impact:task-list": _slug,
    "impact:submission-edit": lambda w: _value(w, _impact(w).empty_period),
    "impact:submission-revise": lambda w: _value(w, _impact(w).approved.period),
    "impact:submission-discard": lambda w: _value(w, _impact(w).draft.period),
    "impact:review-list": _slug,
    "impact:submission-review": _submitted,
    "impact:submission-approve": _submitted,
    "impact:submission-return": _submitted,
    "impact:evidence-download": _evidence,
    "impact:evidence-delete": _evidence,
    "impact:import-template": _slug,
    "impact:import-upload": _slug,
    "impact:import-detail": _submission_import,
    "impact:import-apply": _submission_import,
    "impact:import-discard": _submission_import,
    "impact:export": _slug,
    "impact:framework-detail": _slug,
    "impact:indicator-detail": _indicator,
    "impact:reflection-create": _indicator,
    "impact:reflection-delete": _reflection,
    "reports:report-list": _slug,
    "reports:report-detail": lambda w: _report_run(w),
    "reports:report-download": lambda w: _report_run(w),
    "reports:report-preview": lambda w: _report_run(w),
    "reports:report-retry": lambda w: _report_run(w, status="failed"),
    "reports:report-repeat": lambda w: _report_run(w),
    "reports:activity-export": _slug,
    "reports:meeting-report": lambda w: {**_slug(w), "meeting_pk": _meetings(w).past.pk},
    "reports:action-item-export": _slug,
    "reports:schedule-list": _slug,
    "reports:schedule-create": _slug,
    "reports:schedule-update": lambda w: _report_schedule(w),
    "reports:schedule-pause": lambda w: _report_schedule(w),
    "reports:schedule-delete": lambda w: _report_schedule(w),
    "coordination:activity-list": _slug,
    "coordination:activity-create": _slug,
    "coordination:activity-alignment": _slug,
    "coordination:activity-detail": lambda w: _activity(w),
    "coordination:activity-update": lambda w: _activity(w),
    "coordination:activity-delete": lambda w: _activity(w),
    "coordination:output-log-create": lambda w: _activity(w),
    "coordination:output-log-update": lambda w: {**_activity(w), "log_pk": _activities(w).log.pk},
    "coordination:output-log-delete": lambda w: {**_activity(w), "log_pk": _activities(w).log.pk},
    "coordination:organisation-contributions": lambda w: {**_slug(w), "pk": w.organisation.pk},
    "coordination:meeting-list": _slug,
    "coordination:meeting-create": _slug,
    "coordination:meeting-detail": lambda w: _meeting(w),
    "coordination:meeting-update": lambda w: _meeting(w, "upcoming"),
    "coordination:meeting-cancel": lambda w: _meeting(w, "upcoming"),
    "coordination:meeting-ics": lambda w: _meeting(w),
    "coordination:calendar-feed": lambda w: {
        "token": calendar.calendar_feed_renew(user=w.coordinator)
    },
    "coordination:agenda-item-create": lambda w: _meeting(w),
    "coordination:agenda-item-notes": _agenda_item,
    "coordination:decision-create": _agenda_item,
    "coordination:meeting-action-item-create": _agenda_item,
    "coordination:action-item-board": _slug,
    "coordination:action-item-create": _slug,
    "coordination:action-item-status": lambda w: {**_slug(w), "pk": _meetings(w).mine.pk},
    "coordination:decision-list": _slug,
    "coordination:news-list": _slug,
    "coordination:news-create": _slug,
    "coordination:news-mentions": _slug,
    "coordination:news-detail": lambda w: _news(w),
    "coordination:news-update": lambda w: _news(w),
    "coordination:news-delete": lambda w: _news(w),
    "coordination:news-comment-create": lambda w: _news(w),
    "coordination:news-comment-update": lambda w: _news_comment(w),
    "coordination:news-comment-delete": lambda w: _news_comment(w),
    "coordination:notification-open": lambda w: {"pk": _notification(w).pk},
    "coordination:notification-read": lambda w: {"pk": _notification(w).pk},
    "coordination:cockpit": _slug,
    "coordination:pulse-list": _slug,
    "coordination:pulse-round-create": _slug,
    "coordination:pulse-round-detail": lambda w: _pulse(w),
    "coordination:pulse-answer": lambda w: _pulse(w),
    "coordination:pulse-round-close": lambda w: _pulse(w),
    "coordination:warning-list": _slug,
    "coordination:warning-create": _slug,
    "coordination:warning-detail": lambda w: _warning(w),
    "coordination:warning-note-create": lambda w: _warning(w),
    "coordination:warning-status": lambda w: _warning(w),
    "coordination:meeting-live": lambda w: _meeting(w),
    "coordination:meeting-role-assign": _role,
    "coordination:meeting-role-unassign": _role,
    "coordination:speaker-add": lambda w: _meeting(w),
    "coordination:speaker-withdraw": lambda w: _meeting(w),
    "coordination:speaker-done": _speaker_request,
    "coordination:speaker-remove": _speaker_request,
    "coordination:agenda-item-update": _agenda_item,
    "coordination:agenda-item-delete": _agenda_item,
    "coordination:agenda-item-move": _agenda_item,
    "coordination:decision-update": lambda w: {
        **_meeting(w),
        "decision_pk": _meetings(w).decision.pk,
    },
    "coordination:decision-delete": lambda w: {
        **_meeting(w),
        "decision_pk": _meetings(w).decision.pk,
    },
    "coordination:action-item-update": lambda w: {**_slug(w), "pk": _meetings(w).mine.pk},
    "coordination:action-item-delete": lambda w: {**_slug(w), "pk": _meetings(w).mine.pk},
    "v1:meeting-detail": lambda w: {"pk": _meetings(w).past.pk},
    "v1:action-item-detail": lambda w: {"pk": _meetings(w).mine.pk},
    "focusgroups:group-list": _slug,
    "focusgroups:group-create": _slug,
    **{
        f"focusgroups:{name}": lambda w: _focus(w)
        for name in (
            "group-detail",
            "group-update",
            "group-pipeline",
            "group-dissolve",
            "group-join",
            "group-leave",
            "member-add",
            "problem-edit",
            "problem-agree",
            "board",
            "board-version",
            "card-create",
            "cluster-create",
        )
    },
    "focusgroups:card-vote": lambda w: {**_focus(w), "card_pk": _focus_world(w).cards[0].pk},
    "focusgroups:card-move": lambda w: {**_focus(w), "card_pk": _focus_world(w).cards[0].pk},
    "focusgroups:cluster-update": lambda w: {
        **_focus(w),
        "cluster_pk": _focus_world(w).clusters[0].pk,
    },
    "focusgroups:prototype-list": lambda w: _focus(w),
    "focusgroups:prototype-create": lambda w: _focus(w),
    **{
        f"focusgroups:{name}": lambda w: _prototype(w, "planned")
        for name in (
            "prototype-detail",
            "prototype-update",
            "prototype-status",
            "criterion-create",
            "feedback-link-create",
        )
    },
    "focusgroups:prototype-results": lambda w: _prototype(w, "tested"),
    "focusgroups:prototype-iterate": lambda w: _prototype(w, "tested"),
    "focusgroups:criterion-update": lambda w: _criterion(w),
    "focusgroups:criterion-delete": lambda w: _criterion(w),
    "focusgroups:feedback-link-close": lambda w: {
        **_prototype(w, "planned"),
        "link_pk": _prototypes(w).link.pk,
    },
    "focusgroups:feedback-form": lambda w: {"token": _prototypes(w).link.token},
    "focusgroups:feedback-thanks": lambda w: {"token": _prototypes(w).link.token},
    **{
        f"focusgroups:{name}": lambda w: _focus(w)
        for name in (
            "concept-list",
            "concept-create",
            "task-board",
            "task-create",
            "sprint-list",
            "sprint-create",
            "session-create",
        )
    },
    **{
        f"focusgroups:concept-{name}": lambda w: {
            **_focus(w),
            "concept_pk": _step3(w).concepts[0].pk,
        }
        for name in ("detail", "update", "delete")
    },
    **{
        f"focusgroups:task-{name}": lambda w: {**_focus(w), "task_pk": _step3(w).tasks[0].pk}
        for name in ("update", "status", "delete")
    },
    "focusgroups:sprint-detail": lambda w: {**_focus(w), "sprint_pk": _step3(w).sprints[-1].pk},
    "focusgroups:sprint-status": lambda w: {**_focus(w), "sprint_pk": _step3(w).sprints[-1].pk},
    "focusgroups:sprint-update": lambda w: {**_focus(w), "sprint_pk": _step3(w).sprints[-1].pk},
    "focusgroups:retro-item-create": lambda w: {
        **_focus(w),
        "sprint_pk": _step3(w).sprints[0].pk,
    },
    "focusgroups:retro-item-task": lambda w: {
        **_focus(w),
        "sprint_pk": _step3(w).sprints[0].pk,
        "item_pk": _step3(w).retro_items[0].pk,
    },
    "v1:solution-concept-detail": lambda w: {"pk": _step3(w).concepts[0].pk},
    "v1:focus-group-task-detail": lambda w: {"pk": _step3(w).tasks[0].pk},
    "v1:focus-group-detail": lambda w: {"pk": _focus_world(w).group.pk},
    "focusgroups:guide": lambda w: _focus_guide(w) and _focus(w),
    "focusgroups:guide-edit": lambda w: _focus_guide(w) and _focus(w),
    "focusgroups:guide-assemble": lambda w: _focus_guide(w) and _focus(w),
    "focusgroups:guide-status": lambda w: _focus_guide(w) and _focus(w),
    "focusgroups:group-outcome": lambda w: _focus(w),
    "focusgroups:group-links": lambda w: _focus(w),
    "reports:guide-request": lambda w: {**_slug(w), "group_pk": _focus_guide(w).group_id},
    "v1:focus-group-guide-detail": lambda w: {"pk": _focus_guide(w).pk},
    "v1:focus-group-stages": lambda w: {"pk": _focus_world(w).group.pk},
    "v1:barrier-card-detail": lambda w: {"pk": _focus_world(w).cards[0].pk},
    "v1:prototype-detail": lambda w: {"pk": _prototypes(w).planned.prototype.pk},
    "v1:prototype-status": lambda w: {"pk": _prototypes(w).planned.prototype.pk},
    "v1:prototype-results": lambda w: {"pk": _prototypes(w).tested.prototype.pk},
    "v1:activity-detail": lambda w: {"pk": _activities(w).activity.pk},
    "v1:output-log-detail": lambda w: {"pk": _activities(w).log.pk},
    "impact:framework-edit": _slug,
    "impact:goal-create": _slug,
    "impact:goal-update": lambda w: {**_slug(w), "pk": _framework(w).goals[0].pk},
    "impact:goal-delete": lambda w: {**_slug(w), "pk": _framework(w).goals[0].pk},
    "impact:goal-move": lambda w: {**_slug(w), "pk": _framework(w).goals[0].pk},
    "impact:objective-create": lambda w: {**_slug(w), "goal_id": _framework(w).goals[0].pk},
    "impact:objective-update": lambda w: {**_slug(w), "pk": _framework(w).objectives[0].pk},
    "impact:objective-delete": lambda w: {**_slug(w), "pk": _framework(w).objectives[0].pk},
    "impact:objective-move": lambda w: {**_slug(w), "pk": _framework(w).objectives[0].pk},
    "impact:indicator-create": lambda w: {
        **_slug(w),
        "objective_id": _framework(w).objectives[0].pk,
    },
    "impact:indicator-update": lambda w: {**_slug(w), "pk": _framework(w).indicators[0].pk},
    "impact:indicator-delete": lambda w: {**_slug(w), "pk": _framework(w).indicators[0].pk},
    "impact:indicator-move": lambda w: {**_slug(w), "pk": _framework(w).indicators[0].pk},
    "impact:indicator-targets": lambda w: {**_slug(w), "pk": _framework(w).indicators[1].pk},
    "impact:dimension-list": _slug,
    "impact:dimension-create": _slug,
    "impact:dimension-update": lambda w: {**_slug(w), "pk": _framework(w).dimensions["Alter"].pk},
    "impact:dimension-delete": lambda w: {**_slug(w), "pk": _framework(w).dimensions["Alter"].pk},
    "impact:category-create": lambda w: {
        **_slug(w),
        "dimension_id": _framework(w).dimensions["Alter"].pk,
    },
    "impact:category-update": lambda w: {**_slug(w), "pk": _young(w)},
    "impact:category-delete": lambda w: {**_slug(w), "pk": _young(w)},
    "impact:measurement-settings-edit": _slug,
    "impact:period-list": _slug,
    "impact:period-lock": lambda w: {**_slug(w), "pk": _impact(w).empty_period.pk},
    "impact:period-unlock": lambda w: {**_slug(w), "pk": _impact(w).empty_period.pk},
    "v1:initiative-detail": _slug,
    "v1:organisation-detail": lambda w: {"pk": w.organisation.pk},
    ("v1:organisation-detail", "DELETE"): lambda w: {"pk": w.empty_organisation.pk},
    "v1:membership-detail": _partner2_membership,
    "v1:invitation-detail": lambda w: {"pk": w.invitation.pk},
    "v1:agenda-version-detail": lambda w: {"pk": w.agenda_version.pk},
    "v1:goal-detail": lambda w: {"pk": _impact(w).indicator.objective.goal_id},
    "v1:indicator-detail": lambda w: {"pk": _impact(w).indicator.pk},
    "v1:indicator-progress": lambda w: {"pk": _impact(w).indicator.pk},
    "v1:reporting-period-detail": lambda w: {"pk": _impact(w).empty_period.pk},
    "v1:submission-detail": lambda w: {"pk": _impact(w).submitted.pk},
    ("v1:submission-detail", "PATCH"): lambda w: {"pk": _impact(w).draft.pk},
    "v1:submission-submit": lambda w: {"pk": _impact(w).draft.pk},
    "v1:submission-approve": lambda w: {"pk": _impact(w).submitted.pk},
    "v1:submission-return": lambda w: {"pk": _impact(w).submitted.pk},
    "v1:submission-revise": lambda w: {"pk": _impact(w).approved.pk},
}


def _initiative_fields(name):
    return {
        "name": name,
        "problem_statement": "Ein Problem, das niemand allein löst.",
        "target_group": "Alleinerziehende",
        "region": "Potsdam",
        "start_date": "2025-01-01",
        "status": "planning",
    }


# Request bodies for writes: valid, so that the allowed roles succeed.
DATA = {
    "accounts:login": lambda w: {"username": w.coordinator.email, "password": PASSWORD},
    "accounts:password-reset": lambda w: {"email": w.coordinator.email},
    "accounts:password-change": lambda w: {
        "old_password": PASSWORD,
        "new_password1": "ein-neues-Passwort-42",
        "new_password2": "ein-neues-Passwort-42",
    },
    "accounts:profile": lambda w: {"full_name": "Neuer Name", "language": "de"},
    "accounts:language-set": lambda w: {"language": "en", "next": "/"},
    "initiatives:initiative-create": lambda w: _initiative_fields("Wohnungslosigkeit Potsdam"),
    "initiatives:initiative-update": lambda w: {
        **_initiative_fields(w.initiative.name),
        "region": "Berlin-Neukölln",
    },
    "initiatives:organisation-create": lambda w: {"name": "Jobcenter", "sector": "administration"},
    "initiatives:organisation-update": lambda w: {"name": "IQ Netzwerk", "sector": "science"},
    "initiatives:membership-update": lambda w: {"role": "viewer", "organisation": ""},
    "initiatives:invitation-create": lambda w: {"email": "neu@example.org", "role": "viewer"},
    "initiatives:invitation-accept": lambda w: {
        "full_name": "Nora Neu",
        "password1": "ein-gutes-Passwort-42",
        "password2": "ein-gutes-Passwort-42",
    },
    "v1:initiative-list": lambda w: _initiative_fields("Wohnungslosigkeit Potsdam"),
    "v1:initiative-detail": lambda w: {"region": "Brandenburg"},
    "v1:organisation-list": lambda w: {
        "initiative": w.initiative.slug,
        "name": "Jobcenter",
        "sector": "administration",
    },
    "v1:organisation-detail": lambda w: {"website": "https://iq.example.org"},
    "v1:membership-detail": lambda w: {"role": "viewer"},
    "v1:invitation-list": lambda w: {
        "initiative": w.initiative.slug,
        "email": "neu@example.org",
        "role": "viewer",
    },
    "initiatives:agenda-draft-update": lambda w: {
        "vision": "Alle finden Arbeit, die zu ihnen passt.",
        "problem": "Abschlüsse werden nicht genutzt.",
        "approach": "Gemeinsam beraten und vermitteln.",
        "principles": "Auf Augenhöhe.",
        "change_note": "",
    },
    "initiatives:endorsement-edit": lambda w: {"level": "fully", "reservation": "", "comment": ""},
    "initiatives:glossary-term-create": lambda w: {
        "term": "Prototyp",
        "definition": "Ein schneller Test eines Lösungsansatzes in der Wirklichkeit.",
    },
    "initiatives:glossary-term-update": lambda w: {
        "term": "Anerkennung",
        "definition": "Das Verfahren, das die Gleichwertigkeit eines Abschlusses feststellt.",
    },
    "impact:submission-edit": lambda w: {"value": "12,5", "action": "save"},
    "impact:submission-return": lambda w: {"reason": "Bitte die Zahl prüfen."},
    "impact:reflection-create": lambda w: {
        "period": _impact(w).approved.period.pk,
        "learning": "Die Werte steigen.",
    },
    "impact:import-upload": lambda w: {
        "file": SimpleUploadedFile(
            "werte.csv",
            f"Indicator ID;Period;Value\r\n{_impact(w).indicator.pk};"
            f"{_impact(w).empty_period.label};5\r\n".encode(),
        )
    },
    "reports:report-list": lambda w: {"kind": "progress", "sections": ["partners"]},
    "reports:schedule-create": lambda w: _schedule_data(w),
    "reports:schedule-update": lambda w: _schedule_data(w),
    "impact:goal-create": lambda w: {"title": "Neues Ziel", "description": ""},
    "impact:goal-update": lambda w: {"title": "Anerkennung beschleunigen", "description": ""},
    "impact:goal-move": lambda w: {"direction": "down"},
    "impact:objective-create": lambda w: {"title": "Weniger Wartezeit", "description": ""},
    "impact:objective-update": lambda w: {
        "title": "Schneller",
        "description": "",
        "goal": _framework(w).goals[0].pk,
    },
    "impact:objective-move": lambda w: {"direction": "down"},
    "impact:indicator-create": lambda w: _indicator_fields(w, "Erstberatungen"),
    "impact:indicator-update": lambda w: _indicator_fields(w, "Bescheide"),
    "impact:indicator-move": lambda w: {"direction": "down"},
    "impact:indicator-targets": lambda w: {"target_2024-01-01": "5"},
    "impact:dimension-create": lambda w: {"name": "Bezirk", "categories": "Mitte\nNeukölln"},
    "impact:dimension-update": lambda w: {"name": "Altersgruppe"},
    "impact:category-create": lambda w: {"label": "mittel"},
    "impact:category-update": lambda w: {"label": "unter 25"},
    "impact:measurement-settings-edit": lambda w: {
        "on_track_percent": "85",
        "at_risk_percent": "60",
        "due_days": "21",
    },
    "v1:endorsement-list": lambda w: {"version": w.agenda_version.pk, "level": "fully"},
    "coordination:activity-create": lambda w: _activity_fields(w),
    "coordination:activity-update": lambda w: _activity_fields(w, "Anerkennungsberatung plus"),
    "coordination:output-log-create": lambda w: {"date": "2025-03-08", "people_reached": "12"},
    "coordination:output-log-update": lambda w: {"date": "2025-03-01", "people_reached": "11"},
    "coordination:meeting-create": lambda w: _meeting_fields("Matrix-Treffen"),
    "coordination:meeting-update": lambda w: _meeting_fields("Matrix-Treffen neu"),
    "coordination:agenda-item-create": lambda w: {"agenda-title": "Matrix-Punkt"},
    "coordination:agenda-item-notes": lambda w: {
        f"notes-{_meetings(w).item.pk}-notes": "Matrix-Notizen"
    },
    "coordination:decision-create": lambda w: {
        f"decision-{_meetings(w).item.pk}-text": "Matrix-Beschluss"
    },
    "coordination:meeting-action-item-create": lambda w: {
        f"action-{_meetings(w).item.pk}-title": "Matrix-Aufgabe",
        f"action-{_meetings(w).item.pk}-organisation": w.organisation.pk,
        f"action-{_meetings(w).item.pk}-due_date": _in_a_week(),
    },
    "coordination:action-item-create": lambda w: {
        "title": "Matrix-Aufgabe",
        "organisation": w.organisation.pk,
        "due_date": _in_a_week(),
    },
    "coordination:action-item-status": lambda w: {"status": "done"},
    "coordination:news-create": lambda w: {"title": "Matrix-News", "body": "Text"},
    "coordination:news-update": lambda w: {"title": "Matrix-News neu", "body": "Text"},
    "coordination:news-comment-create": lambda w: {"body": "Matrix-Kommentar"},
    "coordination:news-comment-update": lambda w: {"body": "Matrix-Kommentar neu"},
    "coordination:pulse-round-create": lambda w: {
        "title": "Matrix-Runde",
        "opens_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "closes_on": (timezone.localdate() + timedelta(days=80)).isoformat(),
    },
    "coordination:pulse-answer": lambda w: {
        "trust": "4",
        "clarity": "3",
        "transparency": "5",
        "communication": "4",
        "conflicts": "2",
        "comment": "Matrix-Kommentar",
    },
    "coordination:warning-create": lambda w: {
        "title": "Matrix-Warnung",
        "description": "Etwas bahnt sich an.",
        "visibility": "coordinators",
    },
    "coordination:warning-note-create": lambda w: {"text": "Matrix-Notiz"},
    "coordination:warning-status": lambda w: {"status": "in_progress"},
    "coordination:meeting-role-assign": lambda w: {"role-moderation-user": w.partner.pk},
    "coordination:agenda-item-update": lambda w: {"agenda-title": "Matrix-Punkt neu"},
    "coordination:agenda-item-move": lambda w: {"direction": "up"},
    "coordination:decision-update": lambda w: {"text": "Matrix-Beschluss neu"},
    "coordination:action-item-update": lambda w: {
        "title": "Matrix-Aufgabe neu",
        "organisation": w.organisation.pk,
        "due_date": _in_a_week(),
    },
    "v1:action-item-list": lambda w: {
        "initiative": w.initiative.slug,
        "title": "Matrix-Aufgabe",
        "organisation": w.organisation.pk,
        "due_date": _in_a_week(),
    },
    "v1:action-item-detail": lambda w: {"status": "done"},
    "v1:activity-list": lambda w: {"initiative": w.initiative.slug, **_activity_fields(w)},
    "v1:activity-detail": lambda w: {"title": "Anerkennungsberatung plus"},
    "v1:output-log-list": lambda w: {
        "activity": _activities(w).activity.pk,
        "date": "2025-03-08",
        "people_reached": 12,
    },
    "v1:output-log-detail": lambda w: {"people_reached": 11},
    "v1:submission-list": lambda w: {
        "indicator": _impact(w).indicator.pk,
        "period": _impact(w).empty_period.pk,
        "value": "7",
    },
    "v1:submission-detail": lambda w: {"value": "6", "comment": "Nachgezählt."},
    "v1:submission-return": lambda w: {"reason": "Bitte die Zahl prüfen."},
    "focusgroups:group-create": lambda w: _focus_fields("Neue Fokusgruppe"),
    "focusgroups:group-update": lambda w: _focus_fields("Umbenannte Fokusgruppe"),
    "focusgroups:group-pipeline": lambda w: {"note": "In der ersten Sitzung vereinbart."},
    "focusgroups:group-dissolve": lambda w: {"reason": "Gelöst.", "handover_note": "IHK."},
    "focusgroups:member-add": lambda w: {"user": w.partner2.pk},
    "focusgroups:problem-edit": lambda w: {"affected": "A", "hindrance": "B", "change": "C"},
    "focusgroups:problem-agree": lambda w: {"action": "agree"},
    "focusgroups:card-create": lambda w: {"card-text": "Neu", "card-perspective": "Fachkräfte"},
    "focusgroups:card-move": lambda w: {"cluster": _focus_world(w).clusters[0].pk},
    "focusgroups:cluster-create": lambda w: {"cluster-name": "Sprache"},
    "focusgroups:cluster-update": lambda w: {"cluster-name": "Passung"},
    "v1:barrier-card-list": lambda w: {
        "group": _focus_world(w).group.pk,
        "text": "Neu",
        "perspective": "Fachkräfte",
    },
    "v1:barrier-vote-list": lambda w: {"card": _focus_world(w).cards[0].pk},
    "focusgroups:prototype-create": lambda w: {
        "concept": _prototypes(w).planned.concept.pk,
        "title": "Zweiter Matching-Abend",
    },
    "focusgroups:prototype-update": lambda w: {
        "concept": _prototypes(w).planned.concept.pk,
        "title": "Matching-Abend im Rathaus",
        "place": "Rathaus Mitte",
    },
    "focusgroups:prototype-status": lambda w: {"status": "tested"},
    "focusgroups:prototype-results": lambda w: {
        f"value_{_prototypes(w).tested.criteria[0].pk}": "4",
    },
    "focusgroups:prototype-iterate": lambda w: {"changes_from_previous": "Mehr Zeit."},
    "focusgroups:criterion-create": lambda w: _criterion_fields(),
    "focusgroups:criterion-update": lambda w: _criterion_fields(),
    "focusgroups:feedback-link-create": lambda w: {"link-label": "Tisch 1"},
    "focusgroups:feedback-form": lambda w: feedback_data(),
    "v1:prototype-list": lambda w: {
        "group": _focus_world(w).group.pk,
        "concept": _prototypes(w).planned.concept.pk,
        "title": "Zweiter Matching-Abend",
    },
    "v1:prototype-status": lambda w: {"status": "tested"},
    "v1:prototype-results": lambda w: {
        "results": [{"criterion": _prototypes(w).tested.criteria[0].pk, "actual_value": "4"}]
    },
    "v1:success-criterion-list": lambda w: {
        "prototype": _prototypes(w).planned.prototype.pk,
        "description": "Zusagen",
        "direction": "at_least",
        "target_value": "3",
    },
    "focusgroups:guide-edit": lambda w: {
        "problem": "Das Matching funktioniert nicht.",
        "lessons": "Früh die Arbeitgebenden einbinden.",
    },
    "focusgroups:guide-status": lambda w: {"action": "finalise"},
    "focusgroups:group-outcome": lambda w: {
        "outcome": "permanent",
        "where": "Regelangebot des Jobcenters",
        "date": "2025-09-01",
    },
    "focusgroups:group-links": lambda w: {"objectives": []},
    "v1:focus-group-guide-detail": lambda w: {"lessons": "Früh anfangen."},
    "focusgroups:concept-create": lambda w: {"title": "Mentoring"},
    "focusgroups:concept-update": lambda w: {
        "title": "Matching-Abend",
        "barriers": [_focus_world(w).cards[0].pk],
    },
    "focusgroups:task-create": lambda w: {"title": "Raum buchen", "status": "todo"},
    "focusgroups:task-update": lambda w: {"title": "Raum buchen", "status": "in_progress"},
    "focusgroups:task-status": lambda w: {"status": "done"},
    "focusgroups:sprint-create": lambda w: {
        "goal": "Einladungen verschickt",
        "start_date": "2026-06-01",
        "end_date": "2026-06-14",
    },
    "focusgroups:sprint-status": lambda w: {"action": "finish"},
    "focusgroups:sprint-update": lambda w: {
        "goal": "Einladungen sind raus",
        "start_date": "2026-06-01",
        "end_date": "2026-06-14",
    },
    "focusgroups:retro-item-create": lambda w: {"retro-kind": "went_well", "retro-text": "Gut"},
    "focusgroups:session-create": lambda w: {
        "title": "Sitzung",
        "starts_at": "2026-06-01T17:00",
        "duration_minutes": "90",
        "format": "online",
        "online_url": "https://meet.example.org/fokus",
    },
    "v1:solution-concept-list": lambda w: {
        "group": _focus_world(w).group.pk,
        "title": "Mentoring",
        "barriers": [_focus_world(w).cards[0].pk],
    },
    "v1:focus-group-task-list": lambda w: {"group": _focus_world(w).group.pk, "title": "Neu"},
    "v1:focus-group-task-detail": lambda w: {"status": "done"},
}

# Answers that refuse a request; a refused write must leave no audit row behind.
REFUSED = {LOGIN, 401, 403, 404, 405}


def _walk(resolver, namespace=None):
    """Yield (full name or None, pattern) for every URL pattern below `resolver`."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns == "admin":
                continue
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern, full_ns)
        elif isinstance(pattern, URLPattern):
            if "(?P<format>" in str(pattern.pattern):
                continue
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, pattern


def coverage_problems(resolver) -> list[str]:
    """What keeps MATRIX from covering the URLconf below `resolver`; empty when it does."""
    names, unnamed = set(), []
    for name, pattern in _walk(resolver):
        if name:
            names.add(name)
        elif pattern.lookup_str != "django.views.static.serve":
            unnamed.append(str(pattern.pattern))
    covered = {name for name, *_ in MATRIX}
    with_get = {name for name, method, *_ in MATRIX if method == "GET"}
    rows = [(name, method) for name, method, *_ in MATRIX]
    problems = [f"URL pattern without a name: {pattern}" for pattern in unnamed]
    problems += [f"URL without an entry in MATRIX: {name}" for name in sorted(names - covered)]
    problems += [f"MATRIX row for a URL that is gone: {name}" for name in sorted(covered - names)]
    problems += [f"URL without a GET row: {name}" for name in sorted(names & covered - with_get)]
    problems += [f"duplicate MATRIX row: {row}" for row in set(rows) if rows.count(row) > 1]
    return problems


def test_every_url_pattern_has_an_entry():
    assert coverage_problems(get_resolver()) == []


def test_a_new_url_without_an_entry_is_reported():
    def view(request):
        raise AssertionError("never called")

    urlconf = types.SimpleNamespace(
        urlpatterns=[
            *get_resolver().url_patterns,
            path("neu/", view, name="brand-new"),
            path("ohne-name/", view),
            path("betrieb-2/", admin.site.urls),  # admin internals stay out
        ]
    )
    problems = coverage_problems(URLResolver(RegexPattern(r"^/"), urlconf))
    assert problems == [
        "URL pattern without a name: ohne-name/",
        "URL without an entry in MATRIX: brand-new",
    ]


def test_every_row_lists_every_role_and_has_its_kwargs():
    for name, _method, *answers in MATRIX:
        assert len(answers) == len(ROLES), name
        if _pattern_kwargs(name):
            assert name in KWARGS, f"{name} needs an entry in KWARGS"


def _pattern_kwargs(name):
    for full_name, pattern in _walk(get_resolver()):
        if full_name == name:
            return pattern.pattern.regex.groupindex
    return {}


@pytest.fixture
def matrix_world(world):
    """The default world plus what the write rows act on."""
    world.empty_organisation = OrganisationFactory(
        initiative=world.initiative, name="Ohne Mitglieder", sector="science"
    )
    world.invitation = Invitation.objects.create(
        initiative=world.initiative,
        email="nora.neu@example.org",
        role=Role.VIEWER,
        token_hash=invitation_token_hash(INVITATION_TOKEN),
        invited_by=world.coordinator,
        expires_at=timezone.now() + timedelta(days=14),
    )
    world.agenda_version = publish_version(
        initiative=world.initiative, coordinator=world.coordinator
    )
    services.agenda_draft_save(
        acting_user=world.coordinator,
        initiative=world.initiative,
        vision="Eine neue Vision.",
        problem="Das Problem.",
        approach="Der Ansatz.",
        principles="Die Grundsätze.",
    )
    world.glossary_term = services.glossary_term_create(
        acting_user=world.coordinator,
        initiative=world.initiative,
        term="Anerkennung",
        definition="Gleichwertigkeit eines ausländischen Abschlusses feststellen.",
    )
    return world


CASES = [
    pytest.param(name, method, role, expected, id=f"{name}-{method}-{role}")
    for name, method, *answers in MATRIX
    for role, expected in zip(ROLES, answers, strict=True)
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_role_gets_expected_answer(matrix_world, client_for, name, method, role, expected):
    w = matrix_world
    client = client_for(w.user(role))
    kwargs_for = KWARGS.get((name, method)) or KWARGS.get(name)
    url = reverse(name, kwargs=kwargs_for(w) if kwargs_for else None)
    is_api = name.startswith("v1:")
    body = DATA[name](w) if name in DATA and method != "GET" else {}
    audit_before = AuditEvent.objects.count()

    if is_api and method != "GET":
        response = getattr(client, method.lower())(url, body, content_type="application/json")
    else:
        response = getattr(client, method.lower())(url, body)

    if expected == LOGIN:
        assert response.status_code == 302, response
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])
        if response.status_code == 302:
            assert "?next=" not in response["Location"], "sent to the login page"
    if is_api and response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "fields"}
    if expected in REFUSED and method != "GET":
        assert AuditEvent.objects.count() == audit_before, "a refused write changed something"


def test_missing_and_forbidden_initiative_look_the_same(world, client_for):
    client = client_for(world.partner)
    forbidden = client.get(
        reverse("initiatives:initiative-detail", args=[world.other_initiative.slug])
    )
    missing = client.get(reverse("initiatives:initiative-detail", args=["gibt-es-nicht"]))
    assert forbidden.status_code == missing.status_code == 404
    api_forbidden = client.get(reverse("v1:initiative-detail", args=[world.other_initiative.slug]))
    api_missing = client.get(reverse("v1:initiative-detail", args=["gibt-es-nicht"]))
    assert api_forbidden.status_code == api_missing.status_code == 404
    assert api_forbidden.json() == api_missing.json()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_admin_is_closed_to_every_role(world, client_for, role):
    response = client_for(world.user(role)).get("/betrieb/")
    assert response.status_code == 302
    assert response["Location"].startswith("/betrieb/login/")


def _report_run(w, status="done"):
    """A report run of the report viewer, with approved data only (seen by every reader);
    finished, with a small file under MEDIA_ROOT (always the same one), or failed."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from reports.models import ReportRun

    name = "reports/permission-matrix.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.7 matrix"))
    run = ReportRun.objects.create(
        initiative=w.initiative,
        kind="progress",
        parameters={"sections": ["partners"]},
        requested_by=w.viewer,
        status=status,
        file=name if status == "done" else "",
        error_code="" if status == "done" else "unexpected",
    )
    return {**_slug(w), "pk": run.pk}


def _report_schedule(w):
    """A monthly progress report scheduled by the coordinator for the report viewer."""
    from reports.models import ReportSchedule

    schedule = ReportSchedule.objects.create(
        initiative=w.initiative,
        kind="progress",
        parameters={"sections": ["partners"]},
        frequency="monthly",
        created_by=w.coordinator,
    )
    schedule.recipients.set([w.viewer])
    return {**_slug(w), "pk": schedule.pk}


def _schedule_data(w):
    return {
        "kind": "progress",
        "sections": ["partners"],
        "frequency": "quarterly",
        "recipients": [w.coordinator.pk, w.viewer.pk],
    }


NAV_PAGES = [
    "initiatives:initiative-detail",
    "initiatives:agenda-detail",
    "initiatives:organisation-list",
    "initiatives:membership-list",
    "impact:task-list",
    "impact:framework-detail",
    "coordination:activity-list",
    "coordination:meeting-list",
    "coordination:action-item-board",
    "coordination:news-list",
    "coordination:pulse-list",
    "coordination:warning-list",
    "coordination:cockpit",
    "focusgroups:group-list",
    "reports:report-list",
]


@pytest.mark.parametrize("role", ["coordinator", "partner", "viewer", "participant"])
def test_navigation_shows_exactly_the_pages_the_role_may_open(world, client_for, role):
    """Navigation and views use the same predicates: no link leads to a 403."""
    answers = {
        name: dict(zip(ROLES, rest, strict=True))[role]
        for name, method, *rest in MATRIX
        if method == "GET" and name in NAV_PAGES
    }
    page = client_for(world.user(role)).get(reverse(NAV_PAGES[0], kwargs=_slug(world)))
    nav = re.search(r'<nav class="initiative-nav".*?</nav>', page.content.decode(), re.S)
    links = set(re.findall(r'href="([^"]+)"', nav.group(0)))
    expected = {
        reverse(name, kwargs=_slug(world)) for name, status in answers.items() if status == 200
    }
    assert links == expected
