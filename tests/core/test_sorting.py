"""Names sorted in Python come out in the order production's database sorts them."""

from core.sorting import name_key


def test_umlauts_sort_with_their_letter_and_case_is_ignored():
    names = ["Zentrum Nord", "Übergangshilfe", "ärztekammer", "Amt für Soziales", "Ökumene", "Ost"]
    assert sorted(names, key=name_key) == [
        "Amt für Soziales",
        "ärztekammer",
        "Ökumene",
        "Ost",
        "Übergangshilfe",
        "Zentrum Nord",
    ]


def test_numbers_in_names_sort_by_value():
    names = ["Gruppe 10", "Gruppe 2", "Gruppe 1", "Gruppe 2a", "Gruppe"]
    assert sorted(names, key=name_key) == [
        "Gruppe",
        "Gruppe 1",
        "Gruppe 2",
        "Gruppe 2a",
        "Gruppe 10",
    ]


def test_sharp_s_sorts_as_ss_and_names_equal_but_for_accents_keep_a_fixed_order():
    assert sorted(["Strasse", "Straße", "Strand"], key=name_key) == ["Strand", "Strasse", "Straße"]
    assert sorted(["Straße", "Strasse"], key=name_key) == sorted(
        ["Strasse", "Straße"], key=name_key
    )
