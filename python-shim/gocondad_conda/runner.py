"""Finding and running the gocondad CLI, with a hard time limit.

GOCONDAD_CLI may be a path to the executable, a path to ``cli.js`` (run with node), or a command line
such as ``node /path/cli.js``; otherwise ``gocondad`` is looked up on PATH. Every failure is a
``CliError`` whose message says what went wrong and what to do; nothing here raises anything else.
"""
import os
import shlex
import shutil
import signal
import subprocess

INSTALL_HINT = "install it with `npm install -g gocondad` (Node >= 20), or set GOCONDAD_CLI to its path"


class CliError(Exception):
    pass


def _node():
    return shutil.which("node") or shutil.which("nodejs")


def command():
    """The argv prefix that runs gocondad; raises CliError saying why there is none."""
    explicit = os.environ.get("GOCONDAD_CLI", "").strip()
    if not explicit:
        found = shutil.which("gocondad")
        if not found:
            raise CliError("gocondad is not installed or not on PATH; " + INSTALL_HINT)
        return [found]
    try:
        words = shlex.split(explicit)
    except ValueError as err:
        raise CliError("GOCONDAD_CLI=%r cannot be parsed (%s); set it to the path of gocondad" % (explicit, err))
    if len(words) > 1:
        exe = words[0] if os.sep in words[0] else shutil.which(words[0])
        if not exe or not os.access(exe, os.X_OK):
            raise CliError("GOCONDAD_CLI=%r: %s is not an executable; set it to the path of gocondad" % (explicit, words[0]))
        return [exe] + words[1:]
    path = os.path.expanduser(words[0])
    if not os.path.exists(path):
        raise CliError("GOCONDAD_CLI=%s does not exist; set it to the path of gocondad, or unset it to use PATH" % path)
    if os.path.isdir(path):
        raise CliError("GOCONDAD_CLI=%s is a directory; set it to the gocondad executable (its dist/cli.js)" % path)
    if path.endswith(".js"):
        node = _node()
        if not node:
            raise CliError("GOCONDAD_CLI=%s needs node, which is not on PATH; install Node >= 20" % path)
        return [node, path]
    if not os.access(path, os.X_OK):
        raise CliError("GOCONDAD_CLI=%s is not executable; chmod +x it, or point GOCONDAD_CLI at gocondad" % path)
    return [path]


def run(args, timeout, input_text=None):
    """Runs gocondad ARGS; returns (exit status, stdout, stderr). Raises CliError on anything else.

    In a session of its own, so that on timeout the whole group dies (a wrapper script's children too)
    and nothing keeps our pipes open."""
    argv = command() + list(args)
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE if input_text is not None else subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as err:
        raise CliError("cannot run %s: %s; reinstall gocondad or fix GOCONDAD_CLI" % (argv[0], err.strerror or err))
    try:
        out, err = proc.communicate(input_text.encode("utf-8") if input_text is not None else None, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.wait()
        raise CliError("`gocondad %s` did not finish within %g s; check `gocondad status`" % (" ".join(args[:2]), timeout))
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def run_json(args, timeout):
    """Runs gocondad ARGS that print JSON; returns (exit status, parsed). Raises CliError."""
    import json

    status, out, err = run(args, timeout)
    try:
        return status, json.loads(out)
    except ValueError:
        first = (err.strip().splitlines() or ["no output"])[0]
        raise CliError("`gocondad %s` failed (exit %d): %s" % (" ".join(args[:2]), status, first))
