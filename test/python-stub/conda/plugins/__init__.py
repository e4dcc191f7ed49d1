"""Test stand-in for conda.plugins: the hook marker and the two plugin types, with conda's documented fields."""
from typing import Callable, NamedTuple, Optional, Set


def hookimpl(function):
    function.conda_hookimpl = True
    return function


class CondaSubcommand(NamedTuple):
    name: str
    summary: str
    action: Callable
    configure_parser: Optional[Callable] = None


class CondaPostCommand(NamedTuple):
    name: str
    action: Callable
    run_for: Set[str]
