"""What a settings file may name, read from Textual and from filmtui's own bindings: the
themes, every binding id, and the key names Textual understands; and a binding list as
remapped, for the help screen. (It imports textual: only the browser uses it.)
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys, key_to_character
from textual.theme import BUILTIN_THEMES

from filmtui.config import Vocabulary

#: Modifiers Textual puts in key names (`ctrl+a`, `shift+tab`, `alt+x`).
MODIFIERS = frozenset({"shift", "alt", "ctrl", "super", "hyper", "meta"})
#: Keys with names of their own (not a character): down, pageup, f1, enter…
NAMED_KEYS = frozenset(key.value for key in Keys if key.value.isalnum())


def is_key(name: str) -> bool:
    """Whether Textual would ever send this key: modifiers, then one character or the
    name of a key (`down`) or of a character (`question_mark`, `slash`)."""
    *modifiers, base = name.split("+") if name != "+" else ["+"]
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable()
    return base in NAMED_KEYS or key_to_character(REPLACED_KEYS.get(base, base)) is not None


def vocabulary() -> Vocabulary:
    """Everything a settings file may name in this browser."""
    return Vocabulary(
        themes=frozenset(BUILTIN_THEMES),
        binding_ids=frozenset(binding_ids()),
        is_key=is_key,
        key_names=NAMED_KEYS | set(KEY_TO_UNICODE_NAME) | set(REPLACED_KEYS),
        modifiers=MODIFIERS,
    )


def binding_ids() -> set[str]:
    """The id of every binding of filmtui's app, screens and widgets."""
    return {binding.id for binding in all_bindings() if binding.id}


def all_bindings() -> Iterator[Binding]:
    """Every binding declared by a class of filmtui's browser (all of its screens and
    widgets are imported to find them)."""
    import filmtui.app  # FilmApp's own bindings (found below as a subclass)
    import filmtui.screens
    import filmtui.widgets

    for package in (filmtui.screens, filmtui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    for cls in _subclasses(DOMNode):
        if cls.__module__.startswith("filmtui.") and "BINDINGS" in cls.__dict__:
            yield from Binding.make_bindings(cls.BINDINGS)


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    """Every subclass of `cls`, at any depth."""
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def remapped(bindings: list[BindingType], keymap: Mapping[str, str]) -> list[Binding]:
    """The bindings with the keys the keymap gives their ids, as Textual applies it to
    one node's bindings: a key given to one binding is taken from the others."""
    made = list(Binding.make_bindings(bindings))
    ids = {binding.id for binding in made if binding.id}
    given = {id: [key.strip() for key in keymap[id].split(",")] for id in ids if id in keymap}
    taken = {key for keys in given.values() for key in keys}
    result: list[Binding] = []
    for binding in made:
        keys = given.get(binding.id) if binding.id else None
        if keys is None:
            if binding.key not in taken:
                result.append(binding)
        elif keys:
            result.extend(binding.with_key(key, key_display=None) for key in keys)
            keys.clear()  # the binding's other keys are replaced by the same ones
    return result
