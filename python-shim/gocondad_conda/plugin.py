"""gocondad inside conda.

- ``conda go [ARGS...]`` runs ``gocondad ARGS`` (``conda go`` alone: ``gocondad status``; ``conda go
  doctor``, ``conda go explain``, ``conda go envs`` ...), so the tool is where conda users look.
- After ``conda create/install/remove/update`` (and their ``env`` forms) it brings the target env's
  shims up to date before conda's shell function reactivates the env, so the reactivation already uses
  the new toolchain: ``gocondad shims refresh`` for an env with shims, ``gocondad shims install --auto``
  for a new one (which honours ``auto_install`` and envs the user opted out).

Activation itself never goes through here: conda loads no plugins for ``conda shell.* activate``, which
is why gocondad's work happens in the activate.d shims. Nothing in a post-command may break conda: every
failure is swallowed (``GOCONDAD_DEBUG=1`` prints it), and gocondad gets 20 s at most.
"""
import os
import shutil
import subprocess
import sys

from conda import plugins

TIMEOUT_S = 20
REFRESH_AFTER = {"install", "remove", "uninstall", "update", "upgrade", "env_update"}
INSTALL_AFTER = {"create", "env_create"}


def gocondad_command():
    """The gocondad CLI: GOCONDAD_CLI (a path), else `gocondad` on PATH; None when neither exists."""
    explicit = os.environ.get("GOCONDAD_CLI")
    if explicit:
        return [explicit]
    found = shutil.which("gocondad")
    return [found] if found else None


def _debug(message):
    if os.environ.get("GOCONDAD_DEBUG"):
        sys.stderr.write("gocondad plugin: %s\n" % message)


def run_go(args):
    """`conda go ARGS`: gocondad ARGS, its output and exit status passed through."""
    cmd = gocondad_command()
    if cmd is None:
        sys.stderr.write(
            "gocondad is not installed or not on PATH; install it with `npm install -g gocondad` "
            "(Node >= 20), or set GOCONDAD_CLI to its path\n"
        )
        return 127
    args = list(args) if args else ["status"]
    return subprocess.call(cmd + args)


def target_prefix():
    """The env the conda command worked on (conda's own resolution of -n/-p/active env)."""
    try:
        from conda.base.context import context

        return context.target_prefix
    except Exception as err:  # an older conda without it: nothing to do
        _debug("no target prefix: %s" % err)
        return None


def after_command(command):
    """Post-command: keep the target env's shims current. Never raises, never prints unasked."""
    try:
        cmd = gocondad_command()
        prefix = target_prefix()
        if cmd is None or not prefix:
            return
        if command in INSTALL_AFTER:
            args = ["shims", "install", "--auto", prefix]
        elif command in REFRESH_AFTER:
            args = ["shims", "refresh", prefix]
        else:
            return
        done = subprocess.run(cmd + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT_S)
        if done.returncode != 0:
            _debug("%s: %s" % (" ".join(args), done.stderr.decode("utf-8", "replace").strip()))
    except Exception as err:
        _debug("after %s: %s" % (command, err))


@plugins.hookimpl
def conda_subcommands():
    yield plugins.CondaSubcommand(
        name="go",
        summary="gocondad: Go toolchains in conda envs (status, envs, doctor, explain, logs)",
        action=run_go,
    )


@plugins.hookimpl
def conda_post_commands():
    yield plugins.CondaPostCommand(
        name="gocondad-shims",
        action=after_command,
        run_for=REFRESH_AFTER | INSTALL_AFTER,
    )


# go.mod sync (sync_hook.py): guarded here too, so that even an import error costs conda nothing.
@plugins.hookimpl
def conda_post_solves():
    try:
        from .sync_hook import post_solves

        return post_solves()
    except Exception as err:
        _debug("post-solve hook unavailable: %s" % err)
        return []


@plugins.hookimpl
def conda_health_checks():
    try:
        from .sync_hook import health_checks

        return health_checks()
    except Exception as err:
        _debug("health check unavailable: %s" % err)
        return []
