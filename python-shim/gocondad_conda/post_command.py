"""After conda changed an env: bring its shims up to date before conda's shell function reactivates it.

Through the daemon's socket when one answers (no process started: conda create/install stay as fast as
without the plugin), else through the CLI. An env created from a file that `conda export --format
gocondad` wrote also gets its Go state back (``gocondad restore``). Nothing here raises; a failure costs
one line on stderr.
"""
import os

from . import client, runner
from .hook_context import debug, say, target_prefix, timeout_s

REFRESH_AFTER = {"install", "remove", "uninstall", "update", "upgrade", "env_update"}
INSTALL_AFTER = {"create", "env_create"}
SHIM = os.path.join("etc", "conda", "activate.d", "zzz-gocondad.sh")


def is_env(prefix):
    return bool(prefix) and os.path.isfile(os.path.join(prefix, "conda-meta", "history"))


def state_files():
    """The --file arguments of `conda env create` that carry a gocondad section."""
    try:
        from conda.base.context import context

        args = getattr(context, "_argparse_args", None) or {}
        files = args.get("file") if hasattr(args, "get") else getattr(args, "file", None)
    except Exception:
        return []
    if isinstance(files, str):
        files = [files]
    found = []
    for f in files or []:
        try:
            with open(f, encoding="utf-8") as fh:
                if any(line.startswith("gocondad:") for line in fh):
                    found.append(os.path.abspath(f))
        except (OSError, UnicodeDecodeError, TypeError):
            continue
    return found


def restore(prefix, files):
    import json

    for f in files:
        status, out, err = runner.run(["restore", prefix, "--from", f, "--json"], timeout_s(120.0))
        try:
            result = json.loads(out)
        except ValueError:
            say("could not restore the Go state from %s: %s" % (f, (err.strip().splitlines() or ["exit %d" % status])[0]))
            continue
        if not result.get("agrees"):
            say("the toolchain differs from the exported env: %s (gocondad explain %s)" % (result.get("difference"), prefix))
        for tool in result.get("notRestored") or []:
            say("not restored offline: %s; restore with: %s" % (tool.get("what"), tool.get("command")))


def after_command(command):
    """The post-command. Never raises, never changes conda's exit status."""
    try:
        prefix = target_prefix()
        # `conda remove --all` also ends here: the env is gone, there is nothing to refresh.
        if not is_env(prefix):
            return
        auto = command in INSTALL_AFTER
        if not auto and command not in REFRESH_AFTER:
            return
        if auto:  # `conda env create --file` reports itself as "create" in newer condas, "env_create" in older
            files = state_files()
            if files:
                restore(prefix, files)
                return
        try:
            reply = client.call("POST", "/env", {"prefix": prefix, "auto": auto}, timeout=timeout_s(), hello_timeout=min(1.0, timeout_s()))
            debug("daemon: %s" % reply)
            return
        except client.DaemonUnavailable as err:
            debug("%s; using the CLI" % err)
        has_shims = os.path.isfile(os.path.join(prefix, SHIM))
        if not auto and not has_shims:
            return
        args = ["shims", "install", "--auto", prefix] if not has_shims else ["shims", "refresh", prefix]
        status, _out, err = runner.run(args, timeout_s())
        if status != 0:
            say("`gocondad %s` failed: %s" % (" ".join(args[:2]), (err.strip().splitlines() or ["exit %d" % status])[0]))
    except runner.CliError as err:
        say(str(err))
    except BaseException as err:  # noqa: B036 -- a plugin must never end conda's command
        say("post-command failed: %s" % (err,))
