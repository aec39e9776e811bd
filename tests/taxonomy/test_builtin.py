"""The shipped taxonomy files are valid and carry what the domain requires (no DB)."""

from __future__ import annotations

import re

import pytest

from speechwatch.taxonomy.tree import blocks
from speechwatch.taxonomy.yamlload import builtin_codes, builtin_taxonomy_path, load_taxonomy

ADILSOZ_CODES = [
    "R", "R.obstruction", "R.attack", "R.threat", "R.detention", "R.summons", "R.discrediting",
    "R.image_misuse", "R.insult", "R.copyright", "R.media_interference",
    "I", "I.refusal", "I.accreditation", "I.discrimination", "I.court_transparency",
    "I.blocking", "I.closure", "I.cyber", "I.persecution",
    "L", "L.criminal", "L.criminal.false_info", "L.criminal.discord", "L.criminal.other",
    "L.civil", "L.administrative", "L.administrative.false_info",
    "L.administrative.defamation", "L.administrative.election",
]  # fmt: skip
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)


@pytest.mark.parametrize("code", ["adilsoz-2024", "jfj"])
def test_builtin_file_is_valid(code: str) -> None:
    doc = load_taxonomy(builtin_taxonomy_path(code))
    assert doc.code == code
    assert doc.languages == ("en", "ru", "kk")
    assert code in builtin_codes()


def test_adilsoz_has_every_domain_code_in_order() -> None:
    doc = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    assert doc.codes() == ADILSOZ_CODES
    assert [b.code for b in blocks(doc)] == ["R", "I", "L"]


def test_adilsoz_counting_rules() -> None:
    doc = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    for block in blocks(doc):
        assert block.counting["unit"] == "incident"
        assert block.counting["month_by"] == "recorded_on"
        assert block.counting["total"] == "distinct_incidents"
        assert block.counting["new_cases_only"] is (block.code == "L")


def test_adilsoz_synonyms_are_rich() -> None:
    doc = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    for node in doc.nodes:
        assert len(node.synonyms.get("en", [])) >= 3, node.code
        assert len(node.synonyms.get("ru", [])) >= 2, node.code
        assert len(node.synonyms.get("kk", [])) >= 2, node.code
        assert KAZAKH_LETTERS.search(" ".join(node.synonyms["kk"]) + node.labels["kk"]), node.code
    obstruction = doc.node("R.obstruction").synonyms
    assert "interference with the lawful professional activity of a journalist" in obstruction["en"]
    assert (
        "воспрепятствование законной профессиональной деятельности журналистов"
        in (obstruction["ru"])
    )


def test_adilsoz_reference_overview_wording_is_known() -> None:
    """Phrases from the April 2024 overview are synonyms of the right codes."""
    doc = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    phrases = {
        "obstruction of journalists' lawful professional activities": "R.obstruction",
        "discrediting of media, journalists, and newsmakers": "R.discrediting",
        "refusals and restrictions in providing socially significant information": "I.refusal",
        "unauthorized access to information and DDoS attacks": "I.cyber",
        "cases in criminal proceedings": "L.criminal",
        "court and pre-trial claims against media in civil proceedings": "L.civil",
        "under charges of disseminating false information": "L.administrative.false_info",
        "for defamation": "L.administrative.defamation",
    }
    for phrase, code in phrases.items():
        assert phrase in doc.node(code).synonyms["en"], (phrase, code)


def test_adilsoz_facets() -> None:
    doc = load_taxonomy(builtin_taxonomy_path("adilsoz-2024"))
    assert set(doc.facets) == {
        "victim_type", "perpetrator_type", "region", "platform", "legal_article"
    }  # fmt: skip
    assert "state_sector" in doc.facets["victim_type"].value_codes()
    assert "foreign_state" in doc.facets["perpetrator_type"].value_codes()
    assert doc.facets["region"].values_from == "regions"
    assert "AdmC 456-2" in doc.facets["legal_article"].value_codes()
    assert "platform" in doc.node("I.cyber").facets
    assert "legal_article" in doc.node("L.administrative.false_info").facets


def test_jfj_has_three_attack_types() -> None:
    doc = load_taxonomy(builtin_taxonomy_path("jfj"))
    assert doc.codes() == ["physical", "nonphysical", "judicial"]


def test_unknown_builtin() -> None:
    with pytest.raises(FileNotFoundError, match="built-in: adilsoz-2024, gdf, imi, jfj"):
        builtin_taxonomy_path("nope")
