"""Choice labels of other apps' models, marked for the workspace's message catalogues.

Those models keep plain English labels; marking them here (gettext_noop) puts them in the
catalogues, and the workspace translates them when it shows them (`|tr` in templates,
`translated_choices` in forms). If a model wraps its labels in gettext_lazy later, nothing here
breaks: translating an already translated label returns it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

__all__ = ["LABELS", "translated_choices"]

LABELS = (
    # incidents.Status, Precision, Role
    gettext_noop("draft"),
    gettext_noop("under review"),
    gettext_noop("verified"),
    gettext_noop("published"),
    gettext_noop("rejected"),
    gettext_noop("day"),
    gettext_noop("month"),
    gettext_noop("unknown"),
    gettext_noop("victim"),
    gettext_noop("perpetrator"),
    # actors.ActorKind, ActorType
    gettext_noop("person"),
    gettext_noop("organisation"),
    gettext_noop("journalist"),
    gettext_noop("blogger"),
    gettext_noop("media outlet"),
    gettext_noop("newsmaker"),
    gettext_noop("state body"),
    gettext_noop("official"),
    gettext_noop("court"),
    gettext_noop("law enforcement"),
    gettext_noop("company"),
    gettext_noop("private person"),
    # cases.CaseKind, Stage, Outcome, DefendantStatus
    gettext_noop("criminal"),
    gettext_noop("civil"),
    gettext_noop("administrative"),
    gettext_noop("other"),
    gettext_noop("pre-trial claim"),
    gettext_noop("investigation"),
    gettext_noop("charge"),
    gettext_noop("first instance"),
    gettext_noop("appeal"),
    gettext_noop("cassation"),
    gettext_noop("mediation"),
    gettext_noop("closed"),
    gettext_noop("for the media"),
    gettext_noop("against the media"),
    gettext_noop("settled"),
    gettext_noop("dropped"),
    gettext_noop("suspect"),
    gettext_noop("charged"),
    gettext_noop("defendant"),
    gettext_noop("convicted"),
    gettext_noop("acquitted"),
    gettext_noop("released"),
    gettext_noop("claim satisfied"),
    gettext_noop("claim dismissed"),
)

_lazy_gettext = lazy(gettext, str)


def translated_choices(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Model choices with labels translated when the form is rendered, not when imported."""
    return [(value, _lazy_gettext(str(label))) for value, label in choices]
