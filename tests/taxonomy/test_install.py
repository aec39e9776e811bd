"""Installing taxonomies: create, update in place, refusals that change nothing; and the queries."""

from __future__ import annotations

import re
from datetime import date

import pytest

from speechwatch.audit.models import AuditEvent
from speechwatch.audit.record import Who
from speechwatch.incidents.actions import IncidentInput, create_incident
from speechwatch.incidents.models import Incident
from speechwatch.taxonomy.actions import (
    TaxonomyInUseError,
    TaxonomyVersionError,
    install_builtin,
    install_taxonomy,
)
from speechwatch.taxonomy.models import Category, Taxonomy
from speechwatch.taxonomy.queries import categories_tree, category_index, default_taxonomy
from speechwatch.taxonomy.yamlload import builtin_taxonomy_path, load_taxonomy

WHO = Who(label="test")
TEXT = builtin_taxonomy_path("adilsoz-2024").read_text(encoding="utf-8")


def version(text: str, number: int) -> str:
    return text.replace("version: 1\n", f"version: {number}\n", 1)


def without(text: str, code: str) -> str:
    """The taxonomy text with one node (and only that node) removed."""
    pattern = rf"  - code: {re.escape(code)}\n(?:(?!  - code:).*\n)*"
    result, count = re.subn(pattern, "", text, count=1)
    assert count == 1
    return result


def incident(external_id: str, *codes: str) -> Incident:
    return create_incident(
        IncidentInput(
            recorded_on=date(2024, 4, 24),
            title={"en": external_id},
            categories=codes,
            external_id=external_id,
            taxonomy="adilsoz-2024",
        ),
        who=WHO,
    )


@pytest.fixture
def adilsoz(db):
    return install_builtin("adilsoz-2024", WHO)


def test_install_creates_the_tree(adilsoz: Taxonomy) -> None:
    assert (adilsoz.code, adilsoz.version, adilsoz.is_default) == ("adilsoz-2024", 1, True)
    assert adilsoz.categories.count() == 30
    false_info = Category.objects.get(taxonomy=adilsoz, code="L.administrative.false_info")
    assert false_info.parent is not None and false_info.parent.code == "L.administrative"
    assert (false_info.block, false_info.depth) == ("L", 2)
    assert false_info.labels["kk"] == "жалған ақпарат таратты деген әкімшілік айыптаулар"
    assert "legal_article" in false_info.facets
    block_l = Category.objects.get(taxonomy=adilsoz, code="L")
    assert block_l.counting["new_cases_only"] is True
    assert [c.code for c in adilsoz.categories.order_by("position")][:2] == ["R", "R.obstruction"]
    assert adilsoz.document["code"] == "adilsoz-2024"
    event = AuditEvent.objects.get(action="taxonomy.install")
    assert (event.object_id, event.actor_label) == ("adilsoz-2024", "test")
    assert event.after is not None and "R.obstruction" in event.after["added"]


def test_reinstalling_the_same_version_changes_nothing(adilsoz: Taxonomy) -> None:
    events = AuditEvent.objects.count()
    again = install_builtin("adilsoz-2024", WHO)
    assert again.pk == adilsoz.pk
    assert AuditEvent.objects.count() == events


def test_update_in_place_keeps_incident_links(adilsoz: Taxonomy) -> None:
    inc = incident("as-2024-04-001", "R.obstruction", "L.administrative.false_info")
    ids = category_index("adilsoz-2024")
    text = version(without(TEXT, "R.copyright"), 2)  # unused: may go
    text = text.replace("en: detention of a journalist\n", "en: detention of journalists\n")
    text += (
        "  - code: L.administrative.other\n    parent: L.administrative\n"
        "    labels: {en: other, ru: другие, kk: басқа}\n"
    )
    updated = install_taxonomy(load_taxonomy(text), who=WHO)
    assert updated.pk == adilsoz.pk and updated.version == 2
    new_ids = category_index("adilsoz-2024")
    assert "R.copyright" not in new_ids
    assert new_ids["L.administrative.other"] not in ids.values()
    assert all(new_ids[code] == pk for code, pk in ids.items() if code != "R.copyright")
    assert Category.objects.get(pk=ids["R.detention"]).labels["en"] == "detention of journalists"
    assert sorted(c.code for c in inc.categories.all()) == [
        "L.administrative.false_info",
        "R.obstruction",
    ]
    event = AuditEvent.objects.get(action="taxonomy.update")
    assert event.before is not None and event.after is not None
    assert event.before["version"] == 1
    assert event.after["version"] == 2
    assert event.after["removed"] == ["R.copyright"]
    assert event.after["added"] == ["L.administrative.other"]
    assert "R.detention" in event.after["changed"]


def test_refuses_to_drop_a_code_in_use(adilsoz: Taxonomy) -> None:
    incident("as-2", "R.copyright")
    incident("as-1", "R.copyright", "R.attack")
    incident("as-3", "R.insult")
    text = version(without(without(TEXT, "R.copyright"), "R.insult"), 2)
    events = AuditEvent.objects.count()
    with pytest.raises(TaxonomyInUseError) as info:
        install_taxonomy(load_taxonomy(text), who=WHO)
    assert info.value.affected == {"R.copyright": ["as-1", "as-2"], "R.insult": ["as-3"]}
    assert "R.copyright (removed; 2 incidents: as-1, as-2)" in str(info.value)
    assert "R.insult (removed; 1 incident: as-3)" in str(info.value)
    adilsoz.refresh_from_db()
    assert adilsoz.version == 1
    assert {"R.copyright", "R.insult"} <= set(category_index("adilsoz-2024"))
    assert AuditEvent.objects.count() == events


def test_refuses_to_reparent_a_code_in_use(adilsoz: Taxonomy) -> None:
    incident("as-9", "L.criminal.false_info")
    text = version(TEXT, 2).replace(
        "- code: L.criminal.false_info\n    parent: L.criminal\n",
        "- code: L.criminal.false_info\n    parent: L\n",
    )
    with pytest.raises(TaxonomyInUseError) as info:
        install_taxonomy(load_taxonomy(text), who=WHO)
    assert info.value.affected == {"L.criminal.false_info": ["as-9"]}
    assert "re-parented L.criminal -> L" in str(info.value)
    assert Category.objects.get(code="L.criminal.false_info").parent.code == "L.criminal"  # type: ignore[union-attr]


def test_reparenting_an_unused_code_is_allowed(adilsoz: Taxonomy) -> None:
    text = version(TEXT, 2).replace(
        "- code: L.criminal.discord\n    parent: L.criminal\n",
        "- code: L.criminal.discord\n    parent: L\n",
    )
    install_taxonomy(load_taxonomy(text), who=WHO)
    moved = Category.objects.get(code="L.criminal.discord")
    assert (moved.parent.code, moved.depth) == ("L", 1)  # type: ignore[union-attr]


def test_refuses_versions_going_backwards(adilsoz: Taxonomy) -> None:
    install_taxonomy(load_taxonomy(version(TEXT, 3)), who=WHO)
    with pytest.raises(TaxonomyVersionError, match="v3 is installed"):
        install_taxonomy(load_taxonomy(version(TEXT, 2)), who=WHO)
    assert Taxonomy.objects.get(code="adilsoz-2024").version == 3


def test_refuses_changed_content_under_the_same_version(adilsoz: Taxonomy) -> None:
    text = TEXT.replace("en: detention of a journalist\n", "en: detention\n")
    with pytest.raises(TaxonomyVersionError, match="raise `version`"):
        install_taxonomy(load_taxonomy(text), who=WHO)


def test_default_moves_only_when_asked(adilsoz: Taxonomy) -> None:
    jfj = install_builtin("jfj", WHO)
    assert not jfj.is_default
    assert default_taxonomy() == adilsoz
    install_builtin("jfj", WHO, make_default=True)
    assert default_taxonomy() == jfj
    assert list(Taxonomy.objects.filter(is_default=True)) == [jfj]


def test_categories_tree(adilsoz: Taxonomy) -> None:
    tree = categories_tree("adilsoz-2024")
    assert [item.category.code for item in tree] == ["R", "I", "L"]
    block_l = tree[2]
    assert [c.category.code for c in block_l.children] == [
        "L.criminal",
        "L.civil",
        "L.administrative",
    ]
    assert [c.category.code for c in block_l.children[0].children] == [
        "L.criminal.false_info",
        "L.criminal.discord",
        "L.criminal.other",
    ]
    assert categories_tree("nope") == []
    assert category_index("nope") == {}
