"""Parameter specifications: the documented, validated inputs of a system.

A `Parameter` describes one physics input (name, default, unit, allowed range, meaning). A system's list of
parameters drives `noneq describe`, the parsing of ``--set NAME=VALUE`` on the command line, and validation
before any computation: every bad value is reported with the parameter's name, the value and what is allowed.

Example
-------
>>> p = Parameter("kappa", 0.5, "1", "twist strength", kind=float)
>>> p.parse("2.5")
2.5
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from noneq.core import validation
from noneq.core.errors import NoneqInputError, bad_value
from noneq.core.validation import INT64_MAX, interval_text

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Parameter:
    """One input of a system.

    Parameters
    ----------
    name: identifier used on the command line (``--set name=value``) and in datasets.
    default: value used when the user gives none.
    unit: unit as a short string ("1" for dimensionless, "rad", "ns", ...).
    description: one line: what it means physically.
    kind: float, int, bool or str.
    minimum, maximum: inclusive bounds (None: unbounded); ``exclusive_minimum`` makes the lower bound strict.
    allow_infinity: accept +inf (e.g. a coherence time "inf" meaning no decoherence).
    choices: allowed values for a str parameter.
    check: an extra validator ``value -> error text or None`` (e.g. "2j must be an integer").
    allowed_text: human wording of the allowed set; derived from the bounds when empty.
    """

    name: str
    default: Any
    unit: str
    description: str
    kind: type = float
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] = ()
    allow_infinity: bool = False
    check: Callable[[Any], str | None] | None = field(default=None, compare=False)
    allowed_text: str = ""

    @property
    def allowed(self) -> str:
        """Human-readable description of the allowed values."""
        if self.allowed_text:
            return self.allowed_text
        if self.kind is bool:
            return "true or false"
        if self.choices:
            return "one of " + ", ".join(self.choices)
        maximum = INT64_MAX if self.kind is int and self.maximum is None else self.maximum
        return interval_text(kind="integer" if self.kind is int else "real number", minimum=self.minimum,
                             maximum=maximum, exclusive_minimum=self.exclusive_minimum,
                             allow_infinity=self.allow_infinity)

    def parse(self, text: str) -> Any:
        """Convert a command-line string into a validated value of this parameter's kind."""
        text = text.strip()
        try:
            if self.kind is bool:
                low = text.lower()
                if low not in _TRUE | _FALSE:
                    raise ValueError
                value: Any = low in _TRUE
            elif self.kind is int:
                try:
                    value = int(text)  # exact, however many digits
                except ValueError:
                    as_float = float(text)  # 1e3, 500.0
                    if not as_float.is_integer():
                        raise ValueError from None
                    value = int(as_float)
            elif self.kind is float:
                value = parse_real(text)
            else:
                value = text
        except ValueError:
            raise bad_value(self.name, text, self.allowed) from None
        return self.validate(value)

    def validate(self, value: Any) -> Any:
        """Check a Python value against kind, bounds, choices and the extra check; return it (coerced)."""
        if self.kind is bool:
            value = validation.boolean(self.name, value)
        elif self.kind is int:
            value = validation.integer(self.name, value, minimum=self.minimum, maximum=self.maximum,
                                       allowed=self.allowed)
            if self.exclusive_minimum and self.minimum is not None and value == self.minimum:
                raise bad_value(self.name, value, self.allowed)
        elif self.kind is float:
            value = validation.real(self.name, value, minimum=self.minimum, maximum=self.maximum,
                                    exclusive_minimum=self.exclusive_minimum, allow_infinity=self.allow_infinity,
                                    allowed=self.allowed)
        elif self.choices:
            value = validation.choice(self.name, value, self.choices)
        if self.check is not None:
            problem = self.check(value)
            if problem:
                raise bad_value(self.name, value, problem)
        return value


def parse_real(text: str) -> float:
    """Parse a real number, also accepting multiples and fractions of pi such as ``pi/2``, ``-pi``, ``0.5pi``.

    Raises ValueError for anything else, including a division by zero (``pi/0``); the result may be infinite
    (``1e999``): the caller's bounds decide whether that is allowed.

    >>> parse_real("-pi/2")
    -1.5707963267948966
    """
    low = text.lower().replace(" ", "")
    if "pi" in low:
        head, _, tail = low.partition("pi")
        head = head.rstrip("*")
        if head in ("", "+"):
            factor = 1.0
        elif head == "-":
            factor = -1.0
        else:
            factor = float(head)
        value = factor * math.pi
        if tail:
            if not tail.startswith("/"):
                raise ValueError(text)
            divisor = float(tail[1:])
            if divisor == 0.0 or not math.isfinite(divisor):
                raise ValueError(text)
            value /= divisor
        return value
    return float(text)


def resolve_parameters(
    specs: Sequence[Parameter], given: Mapping[str, Any], *, context: str = "system"
) -> dict[str, Any]:
    """Merge ``given`` values over the defaults of ``specs`` and validate each one.

    Strings are parsed with `Parameter.parse`; other values with `Parameter.validate`. An unknown name raises
    `NoneqInputError` listing the known names.
    """
    by_name = {p.name: p for p in specs}
    unknown = sorted(set(given) - set(by_name))
    if unknown:
        raise NoneqInputError(
            f"unknown parameter {unknown[0]!r} for {context}: known parameters are {', '.join(by_name)}"
        )
    values: dict[str, Any] = {}
    for p in specs:
        if p.name in given:
            raw = given[p.name]
            values[p.name] = p.parse(raw) if isinstance(raw, str) else p.validate(raw)
        else:
            values[p.name] = p.default
    return values


def parse_assignments(items: Sequence[str], option: str = "--set") -> dict[str, str]:
    """Split ``NAME=VALUE`` strings (from ``--set`` or ``--grid``) into a dict; malformed items raise
    `NoneqInputError` naming the option."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise NoneqInputError(f"{option} {item!r}: must have the form NAME=VALUE")
        if name.strip() in out:
            raise NoneqInputError(f"{option}: parameter {name.strip()!r} given twice")
        out[name.strip()] = value.strip()
    return out
