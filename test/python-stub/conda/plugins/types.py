"""Test stand-in for conda.plugins.types: the plugin types the gocondad plugin uses, with the fields
conda 26.x documents (dataclasses, as in conda)."""
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Callable, Optional, Set, Tuple


@dataclass
class CondaSubcommand:
    name: str
    summary: str
    action: Callable
    aliases: Tuple[str, ...] = field(default_factory=tuple)
    configure_parser: Optional[Callable] = None


@dataclass
class CondaPostCommand:
    name: str
    action: Callable
    run_for: Set[str]


@dataclass
class CondaHealthCheck:
    name: str
    action: Callable
    fixer: Optional[Callable] = None
    summary: Optional[str] = None
    fix: Optional[str] = None


@dataclass
class CondaEnvironmentExporter:
    name: str
    aliases: Tuple[str, ...]
    default_filenames: Tuple[str, ...]
    export: Optional[Callable] = None
    multiplatform_export: Optional[Callable] = None
    description: Optional[str] = None


class EnvironmentSpecBase(ABC):
    detection_supported = True

    @abstractmethod
    def can_handle(self):
        raise NotImplementedError()

    @property
    @abstractmethod
    def env(self):
        raise NotImplementedError()


@dataclass
class CondaEnvironmentSpecifier:
    name: str
    environment_spec: type
    default_filenames: Tuple[str, ...] = field(default_factory=tuple)
    aliases: Tuple[str, ...] = field(default_factory=tuple)
    description: Optional[str] = None
