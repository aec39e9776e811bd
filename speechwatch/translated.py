"""Texts kept in every language, one column per language (`title_en`, `title_ru`, `title_kk`):
abstract models that incidents/, cases/ and context/ share, so the columns and the helper that
reads them are written once. Only the Python moved: the columns and their migrations are as
they were (`makemigrations incidents cases context` finds no change). Not an app: abstract
models need none, and this module imports only Django, so any app may build on it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

LANGS = ("en", "ru", "kk")


def in_every_language() -> tuple[models.TextField[str, str], ...]:
    """One optional text column per language of LANGS, in that order."""
    return tuple(models.TextField(blank=True) for _ in LANGS)


class Translated(models.Model):
    """Base of the abstract models below: the helper that reads one language of one text."""

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def text(self, field: str, lang: str) -> str:
        """`field` in `lang`, or "" (no fallback here: the reader chooses one)."""
        return str(getattr(self, f"{field}_{lang}", "") or "")

    def texts(self, field: str) -> dict[str, str]:
        """The non-empty languages of `field`, in LANGS order (as the exporter writes them)."""
        return {lang: value for lang in LANGS if (value := self.text(field, lang))}


class Title(Translated):
    """A title in every language (the base of the two below)."""

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title",)
    title_en, title_ru, title_kk = in_every_language()

    class Meta:
        abstract = True


class TitleSummary(Title):
    """A title and a summary in every language: incidents, cases, legislative items."""

    TEXT_FIELDS = ("title", "summary")
    summary_en, summary_ru, summary_kk = in_every_language()

    class Meta:
        abstract = True


class TitleText(Title):
    """A title and a text in every language: context events."""

    TEXT_FIELDS = ("title", "text")
    text_en, text_ru, text_kk = in_every_language()

    class Meta:
        abstract = True


class Note(Translated):
    """A note in every language: the dated stages of cases and legislative items."""

    TEXT_FIELDS = ("note",)
    note_en, note_ru, note_kk = in_every_language()

    class Meta:
        abstract = True
