"""Parameter specs: parsing, validation, and the error messages users see."""

import math

import pytest

from noneq.core.errors import NoneqInputError
from noneq.core.params import Parameter, parse_assignments, resolve_parameters

SPECS = (
    Parameter("kappa", 0.5, "1", "twist"),
    Parameter("steps", 20, "1", "steps", kind=int, minimum=1, maximum=100),
    Parameter("theta", 1.0, "rad", "angle", minimum=0.0, maximum=math.pi),
    Parameter("t1", math.inf, "us", "T1", minimum=0.0, exclusive_minimum=True, allow_infinity=True),
    Parameter("flag", False, "", "a switch", kind=bool),
    Parameter("method", "exact", "", "algorithm", kind=str, choices=("exact", "approx")),
)


def test_defaults_fill_missing_values():
    values = resolve_parameters(SPECS, {"kappa": "2.5"})
    assert values == {"kappa": 2.5, "steps": 20, "theta": 1.0, "t1": math.inf, "flag": False, "method": "exact"}


@pytest.mark.parametrize("text, expected", [("pi/2", math.pi / 2), ("-pi", -math.pi), ("0.5pi", math.pi / 2),
                                            ("2*pi/4", math.pi / 2), ("1e-3", 1e-3)])
def test_float_parsing_accepts_multiples_of_pi(text, expected):
    assert SPECS[0].parse(text) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("name, text, fragment", [
    ("steps", "0", "[1, 100]"),
    ("steps", "2.5", "integer"),
    ("theta", "4", "[0, 3.14159]"),
    ("kappa", "nan", "finite"),
    ("kappa", "inf", "finite"),
    ("kappa", "abc", "finite"),
    ("t1", "0", "(0, inf)"),
    ("t1", "-inf", "real number"),
    ("flag", "maybe", "true or false"),
    ("method", "magic", "one of exact, approx"),
])
def test_bad_values_name_parameter_value_and_allowed_range(name, text, fragment):
    with pytest.raises(NoneqInputError) as info:
        resolve_parameters(SPECS, {name: text})
    message = str(info.value)
    assert repr(name) in message and text in message and fragment in message


def test_infinity_allowed_only_where_declared():
    assert resolve_parameters(SPECS, {"t1": "inf"})["t1"] == math.inf


def test_unknown_parameter_lists_known_ones():
    with pytest.raises(NoneqInputError, match="unknown parameter 'kapa'.*kappa, steps"):
        resolve_parameters(SPECS, {"kapa": "1"})


def test_python_values_are_validated_too():
    with pytest.raises(NoneqInputError, match="'steps' = 3.5"):
        resolve_parameters(SPECS, {"steps": 3.5})
    with pytest.raises(NoneqInputError, match="'kappa' = True"):
        resolve_parameters(SPECS, {"kappa": True})
    assert resolve_parameters(SPECS, {"steps": 4.0})["steps"] == 4


@pytest.mark.parametrize("items", [["kappa"], ["=1"], ["kappa="], ["kappa=1", "kappa=2"]])
def test_malformed_assignments(items):
    with pytest.raises(NoneqInputError):
        parse_assignments(items)


def test_assignments_split_on_first_equals():
    assert parse_assignments(["a=1", " b = x=y "]) == {"a": "1", "b": "x=y"}
