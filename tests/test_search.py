"""The live filter: free words, field terms, the archive, and narrowing while typing on."""

from __future__ import annotations

from netcrm.domain.model import Contact
from netcrm.domain.search import SearchIndex, parse_query

PEOPLE = [
    Contact(id="zoe", name="Zoë Ødegård", org="Northwind", department="Finance", tags=["mentor"]),
    Contact(id="raj", name="Raj Patel", org="Northwind", department="Engineering", skills=["Python"]),
    Contact(id="ana", name="Ana Lima", org="Lumen", title="CTO", tags=["client"]),
]


def names(query: str, within=None) -> list[str]:
    index = SearchIndex(PEOPLE)
    return [PEOPLE[i].id for i in index.matches(parse_query(query), within)]


def test_words_match_any_indexed_field_without_case_or_accents():
    assert names("zoe") == ["zoe"]
    assert names("ODEGARD") == ["zoe"]
    assert names("northwind") == ["zoe", "raj"]
    assert names("python") == ["raj"]
    assert names("northwind python") == ["raj"]
    assert names("nobody") == []


def test_field_terms_narrow_by_that_field_only():
    assert names("dept:fin") == ["zoe"]
    assert names("tag:client") == ["ana"]
    assert names("org:lumen") == ["ana"]
    assert names("dept:") == ["zoe", "raj", "ana"]  # an empty value is no constraint yet
    assert names("cto") == ["ana"] and names("tag:cto") == []


def test_typing_on_narrows_and_deleting_does_not():
    assert parse_query("ad").narrows(parse_query("a"))
    assert parse_query("a b").narrows(parse_query("a"))
    assert parse_query("tag:ment").narrows(parse_query("tag:men"))
    assert not parse_query("a").narrows(parse_query("ad"))
    assert not parse_query("dept:").narrows(parse_query("dept"))
    assert not parse_query("is:archived a").narrows(parse_query("a"))


def test_narrowed_search_only_looks_within_the_previous_results():
    assert names("northwind", within=[0, 2]) == ["zoe"]


def test_is_archived_is_a_flag_not_a_word():
    query = parse_query("is:archived lima")
    assert query.archived and query.words == ("lima",) and bool(parse_query("is:archived"))


def test_a_person_inserted_after_a_change_is_found_as_in_a_rebuilt_index():
    """The app follows a change by inserting one row; every way of searching must still find them."""
    people = [Contact(id="ann", name="Ann Lee"), Contact(id="kai", name="Kai Müller", aka=["Иван Петров"])]
    followed = SearchIndex(people[:1])
    for query in ("name:mueller", "mueller", "aka:ivan", "ivan"):
        followed.matches(parse_query(query))  # the columns exist before the insert, as in the app
    followed.insert(1, people[1])
    rebuilt = SearchIndex(people)
    for query in ("name:mueller", "mueller", "aka:ivan", "ivan", "name:muller"):
        assert followed.matches(parse_query(query)) == rebuilt.matches(parse_query(query)) == [1], query
