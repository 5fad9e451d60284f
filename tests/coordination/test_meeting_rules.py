"""The two pure rules of meetings without minutes: who is proposed for a role (fair rotation)
and in which order the speakers' list gives the floor (not by rank)."""

import datetime

from coordination.rotation import Candidate, propose
from coordination.speakers import Request, speaker_order

T0 = datetime.datetime(2026, 3, 1, 10, 0)


def _day(n: int) -> datetime.datetime:
    return T0 + datetime.timedelta(days=n)


ANNA, BERT, CEM, DORA = (
    Candidate(1, "Anna"),
    Candidate(2, "Bert"),
    Candidate(3, "Cem"),
    Candidate(4, "Dora"),
)


def test_someone_who_never_held_the_role_is_proposed_first():
    last = {ANNA.user_id: _day(1), BERT.user_id: _day(2)}
    assert propose([ANNA, BERT, CEM], last) == CEM


def test_otherwise_whoever_held_it_least_recently():
    last = {ANNA.user_id: _day(5), BERT.user_id: _day(1), CEM.user_id: _day(3)}
    assert propose([ANNA, BERT, CEM], last) == BERT


def test_ties_go_by_name_whatever_the_order_of_candidates():
    assert propose([DORA, CEM, BERT], {}) == BERT
    same = {DORA.user_id: _day(1), CEM.user_id: _day(1)}
    assert propose([DORA, CEM], same) == CEM


def test_names_compare_without_regard_to_case():
    assert propose([Candidate(7, "bert"), Candidate(8, "Anna")], {}).name == "Anna"


def test_people_holding_another_role_in_the_meeting_come_last():
    assert propose([ANNA, BERT], {}, busy={ANNA.user_id}) == BERT
    # Unless nobody else is left: a small group may double up.
    assert propose([ANNA], {}, busy={ANNA.user_id}) == ANNA


def test_no_candidates_no_proposal():
    assert propose([], {}) is None


def test_rotation_goes_round_when_everyone_takes_the_proposal():
    last: dict[int, datetime.datetime] = {}
    holders = []
    for meeting in range(6):
        chosen = propose([ANNA, BERT, CEM], last)
        holders.append(chosen.name)
        last[chosen.user_id] = _day(meeting)
    assert holders == ["Anna", "Bert", "Cem", "Anna", "Bert", "Cem"]


def _req(pk, user, minute):
    return Request(pk=pk, user_id=user, requested_at=T0 + datetime.timedelta(minutes=minute))


def test_speakers_are_in_the_order_they_asked():
    requests = [_req(3, 30, 2), _req(1, 10, 0), _req(2, 20, 1)]
    assert [r.user_id for r in speaker_order(requests, have_spoken=set())] == [10, 20, 30]


def test_people_who_have_not_spoken_yet_come_first():
    requests = [_req(1, 10, 0), _req(2, 20, 1), _req(3, 30, 2), _req(4, 40, 3)]
    order = speaker_order(requests, have_spoken={10, 30})
    assert [r.user_id for r in order] == [20, 40, 10, 30]


def test_equal_times_keep_a_stable_order_by_request():
    requests = [_req(9, 90, 0), _req(5, 50, 0)]
    assert [r.pk for r in speaker_order(requests, have_spoken=())] == [5, 9]


def test_an_empty_list_stays_empty():
    assert speaker_order([], have_spoken={1}) == []
