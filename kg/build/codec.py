"""The typed model (``kg.model`` dataclasses) as JSON and back.

This is the extraction cache's format. Reading JSON cannot run code, as
reading a pickle can; and ``from_json`` rebuilds each dataclass field by field
from its type hints, so anything but what ``to_json`` writes is refused with
ValueError: an unknown or a missing field, a value of the wrong type, a kind
the model does not know (its ``__post_init__`` checks run too).

Supported field types: str, int, bool, None, Optional[X], list[X],
tuple[X, ...], fixed tuples, frozenset[X] (written sorted) and dataclasses.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache
from typing import Any, Callable


def to_json(value: Any) -> Any:
    """``value`` as JSON-ready lists, dicts and scalars (a dataclass is an object of its fields)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, frozenset):
        return sorted(to_json(item) for item in value)  # one set, one order: the same bytes
    if value is None or isinstance(value, (str, int)):  # bool is an int
        return value
    raise TypeError(f"the model holds no {type(value).__name__}: {value!r}")


def from_json(cls: type, value: Any, built: list | None = None) -> Any:
    """Rebuild an instance of ``cls`` from what ``to_json`` made; ValueError if it is anything else.

    ``built``, when given, receives every dataclass instance made on the way
    (for checks across objects, such as the cache's of every mention's quote).
    """
    if built is None:
        built = []
    try:
        return _decoder(cls)(value, built)
    except (TypeError, KeyError, AttributeError) as err:  # a constructor's own complaint
        raise ValueError(str(err)) from err


def _scalar(kind: type) -> Callable[[Any, list], Any]:
    def decode(value, _built):
        if type(value) is not kind:  # exact: True is not an int here, 1 is not a bool
            raise ValueError(f"expected {kind.__name__}, not {type(value).__name__}")
        return value

    return decode


def _array(value) -> list:
    if type(value) is not list:
        raise ValueError(f"expected a list, not {type(value).__name__}")
    return value


@lru_cache(maxsize=None)
def _decoder(kind: Any) -> Callable[[Any, list], Any]:
    """A function that checks and rebuilds one value of type ``kind``."""
    if kind in (str, int, bool):
        return _scalar(kind)
    if kind is type(None):
        return _scalar(type(None))
    if dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _decoder(next(a for a in args if a is not type(None)))
        return lambda value, built: None if value is None else inner(value, built)
    if origin in (list, frozenset) and len(args) == 1:
        item = _decoder(args[0])
        return lambda value, built: origin(item(v, built) for v in _array(value))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])
        return lambda value, built: tuple(item(v, built) for v in _array(value))
    if origin is tuple and args:
        items = tuple(_decoder(a) for a in args)

        def fixed(value, built):
            if len(_array(value)) != len(items):
                raise ValueError(f"expected {len(items)} items, not {len(value)}")
            return tuple(decode(v, built) for decode, v in zip(items, value))

        return fixed
    raise TypeError(f"the JSON codec does not handle {kind!r}")


def _dataclass_decoder(cls: type) -> Callable[[Any, list], Any]:
    hints = typing.get_type_hints(cls)
    fields = tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls) if f.init)
    names = frozenset(name for name, _ in fields)

    def decode(value, built):
        if type(value) is not dict or value.keys() != names:
            raise ValueError(f"expected an object with the fields of {cls.__name__}")
        instance = cls(**{name: field_decoder(value[name], built) for name, field_decoder in fields})
        built.append(instance)
        return instance

    return decode
