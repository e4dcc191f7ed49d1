"""What every hook of the plugin shares while it runs inside a conda command: conda's target prefix, the
time gocondad may take, and the one line on stderr a failure may cost (said once a process).

The post-command (post_command.py), the health checks (doctor.py, sync_hook.py), the exporter (export.py)
and the post-solve hook all speak and wait through these, so a failure reads the same from each.
"""
import os
import sys


def timeout_s(default=20.0):
    """How long gocondad may take inside a conda command (GOCONDAD_PLUGIN_TIMEOUT seconds, default 20)."""
    try:
        return max(0.1, float(os.environ.get("GOCONDAD_PLUGIN_TIMEOUT", default)))
    except ValueError:
        return default


_said = set()


def say(message, once_key=None):
    """The one line a failure may cost: conda calls hooks many times, a message is said once a process."""
    key = once_key or message
    if key in _said:
        return
    _said.add(key)
    try:
        sys.stderr.write("gocondad: %s\n" % message.replace("\n", " "))
    except Exception:
        pass


def debug(message):
    if os.environ.get("GOCONDAD_DEBUG"):
        say(message)


def target_prefix():
    """The env the conda command worked on (conda's own resolution of -n/-p/the active env)."""
    try:
        from conda.base.context import context

        return context.target_prefix
    except Exception as err:
        debug("no target prefix: %s" % err)
        return None
