"""A bounded, least-recently-used store of rendered HTML, for page parts that depend only on what their key names."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from contextlib import suppress
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Kept(Generic[Value]):
    """At most `most` values by key; the least recently used go first. Safe to share between threads: a value lost
    to a race is simply made again."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._values: OrderedDict[Hashable, Value] = OrderedDict()

    def get(self, key: Hashable) -> Value | None:
        """The value kept under `key` (now the most recently used), or None."""
        value = self._values.get(key)
        if value is not None:
            with suppress(KeyError):  # another thread dropped it meanwhile
                self._values.move_to_end(key)
        return value

    def keep(self, key: Hashable, value: Value) -> Value:
        """Keep `value` under `key`, dropping the least recently used beyond the bound; returns `value`."""
        self._values[key] = value
        while len(self._values) > self.most:
            try:
                self._values.popitem(last=False)
            except KeyError:  # another thread emptied it first
                break
        return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
