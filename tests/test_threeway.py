"""Three-way merge of fields: their change comes in, both changed keeps ours, lists merge by item."""

from netcrm.domain.threeway import three_way


def test_their_change_comes_in_and_a_field_both_changed_keeps_ours():
    base = {"title": "Analyst", "org": "Acme", "notes": ""}
    theirs = {"title": "CFO", "org": "Globex", "notes": ""}
    ours = {"title": "VP Finance", "org": "Acme", "notes": "met at the summit"}
    merge = three_way(base, theirs, ours)
    assert merge.changes == {"org": "Globex"}
    assert merge.conflicts == {"title": "CFO"}


def test_lists_merge_item_by_item():
    base = {"emails": ["a@x.org"], "tags": ["mentor", "old"]}
    theirs = {"emails": ["a@x.org", "phone@x.org"], "tags": ["mentor"]}
    ours = {"emails": ["a@x.org", "desk@x.org"], "tags": ["mentor", "old", "finance"]}
    merge = three_way(base, theirs, ours)
    assert merge.changes == {"emails": ["a@x.org", "desk@x.org", "phone@x.org"], "tags": ["mentor", "finance"]}
    assert merge.conflicts == {}


def test_ignored_and_unknown_fields_are_left_alone():
    merge = three_way({"updated": "1"}, {"updated": "2", "x": 1, "id": "b"}, {"updated": "1", "id": "a"}, ignore=("updated", "id"))
    assert merge.changes == {} and merge.conflicts == {}
