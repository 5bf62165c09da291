"""Error types shared by every layer of noneq.

`NoneqInputError` is raised for bad user input (a parameter out of range, an unknown name, a malformed grid)
before any computation starts; the CLI turns it into a one-line message and exit code 2.
`NumericalError` is raised when a computation detects that its own result cannot be trusted (lost norm, a
non-positive density matrix, an under-resolved grid); the CLI exits with code 3. `NoneqWarning` reports what
the user should know without stopping (the CLI prints it as one line).
"""


class NoneqInputError(ValueError):
    """Bad input: the message names the parameter, the value given and what is allowed."""


class NoneqWarning(UserWarning):
    """Something the user should know that does not stop the computation (a damaged sweep point that will be
    recomputed, a report section skipped); the CLI prints each as one line."""


class NumericalError(RuntimeError):
    """A computation detected numerical trouble and refuses to return an untrustworthy result."""


def bad_value(name: str, value, allowed: str) -> NoneqInputError:
    """Build the standard bad-input error: ``parameter 'name' = value: must be <allowed>``."""
    return NoneqInputError(f"parameter {name!r} = {value!r}: must be {allowed}")
