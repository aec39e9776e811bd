"""The load step: everything the stages need, loaded once per run, before any stage runs.

Each part (taxonomy profile, model, gazetteer, known actors, the story index, link targets) has a
loader registered under a name by the module that owns it. `load(options, names)` calls them;
stages read `context.parts[name]` and never query the database themselves. With
`use_db=False` (`speechwatch triage classify`) loaders return what they can without stored
data (the shipped gazetteer, the starter model, no actors or stored items).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LoadOptions:
    use_db: bool = True
    taxonomy: str | None = None  # taxonomy code; None = the installed default
    model_path: str | None = None  # a model file instead of the active model version


Loader = Callable[[LoadOptions], Any]
LOADERS: dict[str, Loader] = {}


def register_loader(name: str) -> Callable[[Loader], Loader]:
    def wrap(fn: Loader) -> Loader:
        LOADERS[name] = fn
        return fn

    return wrap


# Stored data owned by apps above triage (the news inbox's stored items and decisions): those
# apps register a provider in their AppConfig.ready(), so triage never imports them.
Provider = Callable[..., Any]
PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, fn: Provider) -> None:
    PROVIDERS[name] = fn


def provider(name: str) -> Provider | None:
    return PROVIDERS.get(name)


@dataclass
class Context:
    options: LoadOptions
    parts: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.parts.get(name)


def load(options: LoadOptions, names: Iterable[str] | None = None) -> Context:
    import speechwatch.triage.builtin  # noqa: F401  (registers the built-in loaders)

    ctx = Context(options)
    for name in LOADERS if names is None else names:
        ctx.parts[name] = LOADERS[name](options)
    return ctx
