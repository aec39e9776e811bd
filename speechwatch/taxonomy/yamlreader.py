"""A YAML reader that keeps line numbers: every problem names file:line and field.

Pure: no Django. Shared by the taxonomy loader (yamlload.py) and crosswalks (crosswalk.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from speechwatch.taxonomy.tree import (
    Problem,
    TaxonomyError,
)


def read_source(path_or_text: str | Path, filename: str | None) -> tuple[str, str]:
    """(text, name for messages). A Path, or a non-empty str without a newline, is a file path."""
    if isinstance(path_or_text, Path) or (path_or_text and "\n" not in path_or_text):
        path = Path(path_or_text)
        try:
            return path.read_text(encoding="utf-8"), filename or str(path)
        except OSError as exc:
            raise TaxonomyError(
                [Problem(filename or str(path), 0, "file", f"cannot read: {exc.strerror or exc}")]
            ) from None
        except UnicodeDecodeError:
            raise TaxonomyError([Problem(filename or str(path), 0, "file", "not UTF-8")]) from None
    return path_or_text, filename or "<string>"


class Reader:
    """Walks a composed YAML tree, collecting problems with their lines."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    @staticmethod
    def line(node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1

    def compose(self, text: str) -> yaml.Node | None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = int(mark.line) + 1 if mark is not None else 0
            self.problem(line, "yaml", f"{exc.problem or exc.context or 'syntax error'}")
            return None
        except yaml.YAMLError as exc:
            self.problem(0, "yaml", str(exc))
            return None
        if root is None:
            self.problem(1, "(document)", "empty file")
        return root

    def value(self, node: yaml.Node) -> Any:
        return self._constructor.construct_object(node, deep=True)

    def mapping(
        self, node: yaml.Node, field: str, allowed: tuple[str, ...] | None = None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """key -> (key node, value node); reports duplicate and (if `allowed`) unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(self.line(node), field, "must be a mapping (key: value)")
            return None
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        prefix = f"{field}." if field else ""
        for key_node, value_node in node.value:
            key = self.value(key_node)
            if not isinstance(key, str):
                self.problem(self.line(key_node), field, f"key {key!r} must be text")
                continue
            if key in out:
                first = self.line(out[key][0])
                self.problem(
                    self.line(key_node), prefix + key, f"duplicate key (first on line {first})"
                )
                continue
            if allowed is not None and key not in allowed:
                self.problem(
                    self.line(key_node),
                    prefix + key,
                    f"unknown field (allowed: {', '.join(allowed)})",
                )
                continue
            out[key] = (key_node, value_node)
        return out

    def sequence(self, node: yaml.Node, field: str) -> list[yaml.Node] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(self.line(node), field, "must be a list")
            return None
        return list(node.value)

    def text(self, node: yaml.Node, field: str) -> str | None:
        value = self.value(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, str) or not value.strip():
            self.problem(self.line(node), field, "must be non-empty text")
            return None
        return value.strip()

    def text_list(self, node: yaml.Node, field: str) -> list[str]:
        items = self.sequence(node, field)
        out: list[str] = []
        for item in items or []:
            text = self.text(item, field)
            if text is None:
                continue
            if text in out:
                self.problem(self.line(item), field, f"duplicate entry {text!r}")
                continue
            out.append(text)
        return out

    def translations(
        self,
        node: yaml.Node,
        field: str,
        languages: tuple[str, ...],
        *,
        required: bool,
        where: str = "",
        convert: Callable[[yaml.Node, str], Any] | None = None,
        key: yaml.Node | None = None,
    ) -> dict[str, Any]:
        """A {lang: value} mapping; with `required`, every language must be present (a missing
        one is reported on the line of `key`, the field's name, when given)."""
        entries = self.mapping(node, field)
        if entries is None:
            return {}
        out: dict[str, Any] = {}
        for lang, (key_node, value_node) in entries.items():
            if lang not in languages:
                self.problem(
                    self.line(key_node),
                    f"{field}.{lang}",
                    f"language {lang!r} is not in languages ({', '.join(languages)})",
                )
                continue
            value = (convert or self.text)(value_node, f"{field}.{lang}")
            if value is not None:
                out[lang] = value
        if required:
            for lang in languages:
                if lang not in entries:
                    self.problem(self.line(key or node), f"{field}.{lang}", f"missing{where}")
        return out
