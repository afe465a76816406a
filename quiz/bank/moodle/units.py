"""The units of a Moodle numerical question, read into `Unit`s and written back.

Moodle keeps them in `<units><unit><multiplier>0.001</multiplier><unit_name>g</unit_name></unit></units>`, the
main unit (multiplier 1) first, and says how they are used in `<showunits>` (0 typed, 1 radio buttons, 2 a
drop-down, 3 not used at all) and `<unitgradingtype>` (0 optional, 1 or 2 graded with `<unitpenalty>`).
ImmunoQuiz has Moodle's "optional" rule: a typed unit converts the number to the main unit; none means the main unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from xml.sax.saxutils import escape

from quiz.bank.model import Unit
from quiz.bank.moodle.xmltree import Node

UNITS_NOT_USED = "3"


def _multiplier(unit: Node) -> float | None:
    try:
        value = float(unit.value("multiplier", default="1").strip() or "1")
    except ValueError:
        return None
    return value if math.isfinite(value) and value > 0 else None


def read_units(q: Node) -> tuple[tuple[Unit, ...], list[tuple[int, str]]]:
    """The units of a `<question type="numerical">`, the main one first, and notes on what was dropped."""
    listed = q.child("units").all("unit") if q.child("units") else []
    units: list[Unit] = []
    notes: list[tuple[int, str]] = []
    for node in listed:
        name, multiplier = node.value("unit_name").strip(), _multiplier(node)
        if not name or multiplier is None:
            notes.append((node.line, "a unit without a name or a positive multiplier was dropped"))
        elif name not in (unit.name for unit in units):
            units.append(Unit(name, multiplier))
    if not units:
        return (), notes
    names = ", ".join(unit.name for unit in units)
    if q.value("showunits").strip() == UNITS_NOT_USED:
        return (), [*notes, (q.line, f"the units {names} were dropped: this question does not use them")]
    main = next((unit for unit in units if unit.multiplier == 1), None)
    if main is None:
        return (), [*notes, (q.line, f"the units {names} were dropped: none has the multiplier 1 of a main unit")]
    if q.value("unitgradingtype").strip() in ("1", "2"):
        notes.append((q.line, f"a unit is optional in ImmunoQuiz: the unit penalty was dropped (a number without "
                              f"a unit is read in {main.name})"))  # fmt: skip
    return (main, *(unit for unit in units if unit is not main)), notes


def units_xml(units: tuple[Unit, ...], number: Callable[[float], str]) -> str:
    """The unit elements of a numerical question whose units are optional and typed after the number."""
    if not units:
        return ""
    listed = "".join(
        f"<unit><multiplier>{number(unit.multiplier)}</multiplier><unit_name>{escape(unit.name)}</unit_name></unit>"
        for unit in units
    )
    return (
        "<unitgradingtype>0</unitgradingtype><unitpenalty>0.1000000</unitpenalty><showunits>0</showunits>"
        f"<unitsleft>0</unitsleft><units>{listed}</units>"
    )
