"""gocondad inside conda (the entry point conda loads).

- ``conda go [ARGS...]`` runs ``gocondad ARGS`` (``conda go`` alone: ``gocondad status``).
- After ``conda create/install/remove/update`` (and their ``env`` forms) the target env's shims are
  brought up to date before conda's shell function reactivates the env (post_command.py).
- ``conda doctor`` gets Go health checks with fixers (doctor.py); ``conda export --format gocondad``
  records the env's Go state, and an env created from that file gets it back (export.py, post_command.py).

Activation never goes through here: conda loads no plugins for ``conda shell.*`` (26.7+ not even for the
hook), which is why gocondad's work there happens in the activate.d shims. Every hook here is guarded: an
error inside one costs one line on stderr (``GOCONDAD_DEBUG=1`` says more) and yields nothing, so conda
keeps working; a hook or plugin type this conda does not have is simply not offered.
"""
import functools
import os
import sys

from .compat import hookimpl, make
from .hook_context import say
from .post_command import INSTALL_AFTER, REFRESH_AFTER, after_command


def guarded(hook):
    """A hook that cannot break conda: any error becomes one line and no plugins from this hook."""

    @functools.wraps(hook)
    def safe():
        try:
            return [p for p in hook() if p is not None]
        except Exception as err:
            say("plugin hook %s failed (conda is unaffected): %s" % (hook.__name__, err), once_key="hook failed")
            return []

    return safe


def run_go(args):
    """`conda go ARGS`: gocondad ARGS, its output and exit status passed through; one clear line if it cannot run."""
    from . import runner

    args = list(args) if args else ["status"]
    try:
        argv = runner.command()
    except runner.CliError as err:
        sys.stderr.write("conda go: %s\n" % err)
        return 127
    import subprocess

    # gocondad's help then reads `conda go …` and lists only what conda go is for (src/cli/conda-go.ts).
    env = dict(os.environ, GOCONDAD_AS="conda go")
    try:
        return subprocess.call(argv + args, env=env)
    except OSError as err:
        sys.stderr.write("conda go: cannot run %s: %s; reinstall gocondad or fix GOCONDAD_CLI\n" % (argv[0], err.strerror or err))
        return 126


@hookimpl
@guarded
def conda_subcommands():
    yield make("CondaSubcommand", name="go", summary="gocondad: Go toolchains in conda envs (status, envs, doctor, explain, export, logs)", action=run_go)


@hookimpl
@guarded
def conda_post_commands():
    yield make("CondaPostCommand", name="gocondad-shims", action=after_command, run_for=REFRESH_AFTER | INSTALL_AFTER)


@hookimpl
@guarded
def conda_health_checks():
    from .doctor import health_checks

    for check in health_checks():
        yield check
    # go.mod sync (sync_hook.py): its own check, `gocondad-sync`.
    from .sync_hook import health_checks as sync_checks

    for check in sync_checks():
        yield check


@hookimpl
@guarded
def conda_post_solves():
    # go.mod sync: a warning before conda links a transaction that breaks a synced module.
    from .sync_hook import post_solves

    for hook in post_solves():
        yield hook


@hookimpl
@guarded
def conda_environment_exporters():
    from .export import exporters

    for exporter in exporters():
        yield exporter


@hookimpl
@guarded
def conda_environment_specifiers():
    from .export import specifiers

    for spec in specifiers():
        yield spec
