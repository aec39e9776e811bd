"""Translated labels of the case, event and legislation codes shown on public pages and feeds.

The model choices carry English labels only (they are data codes); these are the words a reader
sees in kk/ru/en. An unknown code is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CASE_KINDS = {
    "criminal": _("criminal case"),
    "civil": _("civil case"),
    "administrative": _("administrative case"),
    "other": _("other proceedings"),
}
CASE_STAGES = {
    "pre_trial_claim": _("pre-trial claim"),
    "investigation": _("investigation"),
    "charge": _("charge"),
    "first_instance": _("court of first instance"),
    "appeal": _("appeal"),
    "cassation": _("cassation"),
    "mediation": _("mediation"),
    "closed": pgettext_lazy("case stage", "closed"),
}
OUTCOMES = {
    "for_media": _("in favour of the media"),
    "against_media": _("against the media"),
    "settled": pgettext_lazy("case outcome", "settled"),
    "dropped": pgettext_lazy("case outcome", "dropped"),
}
DEFENDANT_STATUSES = {
    "suspect": _("suspect"),
    "charged": _("charged"),
    "defendant": _("defendant"),
    "convicted": _("convicted"),
    "acquitted": _("acquitted"),
    "released": _("released"),
    "claim_satisfied": _("claim satisfied"),
    "claim_dismissed": _("claim dismissed"),
    "settled": pgettext_lazy("defendant status", "settled"),
    "dropped": pgettext_lazy("defendant status", "dropped"),
}
EVENT_KINDS = {
    "statement": _("statement"),
    "emergency": _("emergency"),
    "parliament": _("parliament"),
    "government": _("government"),
    "court": _("court"),
    "other": pgettext_lazy("event kind", "other"),
}
LEGISLATION_KINDS = {
    "law": _("law"),
    "bill": _("bill"),
    "code": _("code"),
    "concept": _("concept"),
    "regulation": _("regulation"),
}
LEGISLATION_STAGES = {
    "concept": _("draft concept"),
    "draft": _("draft published"),
    "submitted": _("submitted to parliament"),
    "majilis_first_reading": _("Majilis, first reading"),
    "majilis_second_reading": _("Majilis, second reading"),
    "senate": _("Senate"),
    "signed": _("signed by the President"),
    "in_force": _("in force"),
    "withdrawn": _("withdrawn"),
    "other": pgettext_lazy("legislative stage", "other"),
}


def label(table: Mapping[str, object], code: str) -> str:
    return str(table.get(code, code)) if code else ""
