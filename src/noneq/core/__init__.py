"""System-agnostic infrastructure: errors, parameters, results with provenance, progress, the system registry."""

from noneq.core.errors import NoneqInputError, NoneqWarning, NumericalError, bad_value
from noneq.core.params import Parameter, parse_assignments, resolve_parameters
from noneq.core.progress import SILENT, Progress, RichProgress
from noneq.core.registry import get_system, system_names
from noneq.core.results import (NO_SEED, labelled, provenance, read_netcdf, scalar_results, write_netcdf,
                                write_text)
from noneq.core.system import Output, Resources, System

__all__ = ["NO_SEED", "NoneqInputError", "NoneqWarning", "NumericalError", "Output", "Parameter", "Progress",
           "Resources", "RichProgress", "SILENT", "System", "bad_value", "get_system", "labelled",
           "parse_assignments", "provenance", "read_netcdf", "resolve_parameters", "scalar_results", "system_names",
           "write_netcdf", "write_text"]
