"""`conda export --format gocondad`: an environment.yml with the env's Go state under ``gocondad:``.

The conda part is conda's own environment.yml dict (its exporter's ``to_dict``); the Go part comes from
``gocondad export PREFIX --json`` (toolchain and why, pin, GOPATH/GOBIN and cgo policy, GOBIN tools).
``conda env create --file`` reads the file with every conda (older ones print that the ``gocondad``
section is ignored; where conda has environment specifiers with file name patterns, 26.x+, this plugin
reads ``*.gocondad.yml`` itself, quietly); the post-command then restores the Go state (post_command.py).
"""
import json
import os
import sys

from . import runner
from .hook_context import timeout_s

FORMAT = "gocondad"
FILENAMES = ("*.gocondad.yml", "*.gocondad.yaml")


def _conda_dict(env):
    try:
        from conda.plugins.environment_exporters.environment_yml import to_dict

        return to_dict(env)
    except Exception:
        deps = [getattr(s, "conda_env_form", lambda: str(s))() for s in (getattr(env, "requested_packages", None) or [])]
        out = {"name": getattr(env, "name", None), "dependencies": deps}
        channels = getattr(getattr(env, "config", None), "channels", None)
        if channels:
            out["channels"] = list(channels)
        return out


def dump_yaml(data):
    """YAML the way this conda writes it (its serializer moved between versions), else ruamel's, else JSON."""
    try:
        from conda.common.serialize import yaml as conda_yaml

        if hasattr(conda_yaml, "dumps"):
            return conda_yaml.dumps(data)
    except Exception:
        pass
    try:
        from conda.common.serialize import yaml_safe_dump

        return yaml_safe_dump(data)
    except Exception:
        pass
    try:
        import io

        import ruamel.yaml

        out = io.StringIO()
        ruamel.yaml.YAML(typ="safe", pure=True).dump(data, out)
        return out.getvalue()
    except Exception:
        return json.dumps(data, indent=2)


def load_yaml(text):
    try:
        from conda.common.serialize import yaml as conda_yaml

        if hasattr(conda_yaml, "loads"):
            return conda_yaml.loads(text)
    except Exception:
        pass
    import ruamel.yaml

    return ruamel.yaml.YAML(typ="safe", pure=True).load(text)


def go_state(prefix):
    """The Go state, or None with one line on stderr saying why it is missing."""
    try:
        status, data = runner.run_json(["export", prefix, "--json"], timeout_s(60.0))
        if status == 0:
            return data
        sys.stderr.write("gocondad: Go state not exported (gocondad export exit %d)\n" % status)
    except runner.CliError as err:
        sys.stderr.write("gocondad: Go state not exported: %s\n" % err)
    return None


def export(env):
    data = _conda_dict(env)
    prefix = getattr(env, "prefix", None)
    state = go_state(str(prefix)) if prefix else None
    if state is not None:
        data["gocondad"] = state
    return dump_yaml(data)


def exporters():
    from .compat import make

    exporter = make(
        "CondaEnvironmentExporter",
        name=FORMAT,
        aliases=("gocondad-yaml",),
        default_filenames=FILENAMES,
        export=export,
        description="environment.yml plus the env's Go state (gocondad: toolchain, pin, GOPATH/GOBIN, cgo, Go tools)",
    )
    if exporter is not None:
        yield exporter


def _spec_class():
    from conda.plugins.types import EnvironmentSpecBase

    class GocondadFileSpec(EnvironmentSpecBase):
        """A `*.gocondad.yml`: an environment.yml whose `gocondad` section conda itself would not know."""

        detection_supported = True

        def __init__(self, filename=None, **kwargs):
            self.filename = filename
            self._environment = None

        def _data(self):
            with open(self.filename, encoding="utf-8") as fh:
                return load_yaml(fh.read())

        def can_handle(self):
            # Only files named like ours: a plain environment.yml must never become ambiguous.
            import fnmatch

            if not self.filename or not any(fnmatch.fnmatch(os.path.basename(self.filename), p) for p in FILENAMES):
                return False
            data = self._data()
            return isinstance(data, dict) and "dependencies" in data

        @property
        def env(self):
            if self._environment is None:
                from conda.env import env as conda_env

                data = {k: v for k, v in self._data().items() if k != FORMAT}
                text = dump_yaml(data)
                self._environment = conda_env.from_yaml(text, filename=self.filename).to_environment_model()
            return self._environment

    return GocondadFileSpec


def specifiers():
    from .compat import has_field, make

    # Before file name patterns (conda < 26) detection asks every specifier's can_handle, and a second
    # yes makes `conda env create` fail as ambiguous: there the standard reader (with its notice) is used.
    if not has_field("CondaEnvironmentSpecifier", "default_filenames"):
        return
    spec = make("CondaEnvironmentSpecifier", name=FORMAT, environment_spec=_spec_class(), default_filenames=FILENAMES, aliases=("gocondad-yaml",), description="environment.yml with gocondad's Go state")
    if spec is not None:
        yield spec
