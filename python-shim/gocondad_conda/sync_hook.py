"""go.mod sync inside conda: a warning before a transaction breaks a synced Go module, and a conda doctor check.

`gocondad sync DIR -p PREFIX` (or with PREFIX active) registers DIR's go.mod with the env. conda's
post-solve hook sees the packages a solve will unlink and link before anything changes; when a
registered module is coupled to one of them (git2go/v34 and libgit2 1.5.*, ...) and the new version
breaks the coupling, this says so, with the fix, and conda goes on: a warning, never a failure.
`conda doctor` gets the same judgement of the env as it is (``gocondad-sync``).

The registry is read here first, so an env with no go.mod synced against it costs no process. Nothing
here raises: a failure is one line on stderr (``GOCONDAD_DEBUG=1`` says more). Self-contained (its own
small CLI runner) so that it works whatever shape the rest of the plugin has.
"""
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys

_said = set()


def _say(message, once_key=None):
    key = once_key or message
    if key in _said:
        return
    _said.add(key)
    try:
        sys.stderr.write("gocondad: %s\n" % message)
    except Exception:
        pass


def _debug(message):
    if os.environ.get("GOCONDAD_DEBUG"):
        _say(message)


def _timeout():
    try:
        return max(0.1, float(os.environ.get("GOCONDAD_PLUGIN_TIMEOUT", 20)))
    except ValueError:
        return 20.0


class CliError(Exception):
    pass


def _command():
    """GOCONDAD_CLI (an executable, a cli.js, or a command line), else `gocondad` on PATH."""
    explicit = os.environ.get("GOCONDAD_CLI", "").strip()
    if not explicit:
        found = shutil.which("gocondad")
        if not found:
            raise CliError("gocondad is not on PATH; install it with `npm install -g gocondad`, or set GOCONDAD_CLI")
        return [found]
    words = shlex.split(explicit)
    if len(words) == 1 and words[0].endswith(".js"):
        node = shutil.which("node") or shutil.which("nodejs")
        if not node:
            raise CliError("GOCONDAD_CLI=%s needs node on PATH" % words[0])
        return [node, words[0]]
    return words


def run(args, input_text=None):
    """gocondad ARGS with a hard time limit, in a session of its own (killed whole on timeout)."""
    argv = _command() + list(args)
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as err:
        raise CliError("cannot run %s: %s" % (argv[0], err.strerror or err))
    try:
        out, err = proc.communicate((input_text or "").encode("utf-8"), timeout=_timeout())
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        proc.wait()
        raise CliError("`gocondad %s` did not finish within %g s" % (args[0], _timeout()))
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def projects_file():
    """$XDG_STATE_HOME/gocondad/sync-projects.json, as gocondad's paths.ts computes it."""
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(state, "gocondad", "sync-projects.json")


def has_projects(prefix):
    try:
        with open(projects_file(), encoding="utf-8") as fh:
            projects = json.load(fh).get("projects") or []
    except (OSError, ValueError, AttributeError):
        return False
    return any(isinstance(p, dict) and p.get("prefix") == prefix for p in projects)


def transaction(unlink_precs, link_precs):
    """The solve's result as `gocondad sync-env --planned` reads it."""
    return {
        "unlink": [{"name": str(p.name)} for p in unlink_precs],
        "link": [{"name": str(p.name), "version": str(p.version), "build": str(getattr(p, "build", "") or "")} for p in link_precs],
    }


def judge(prefix, tx=None):
    """gocondad sync-env's report for the env (as it is, or after `tx`); raises CliError."""
    args = ["sync-env", prefix, "--json"] + (["--planned", "-"] if tx is not None else [])
    status, out, err = run(args, json.dumps(tx) if tx is not None else None)
    try:
        return json.loads(out)
    except ValueError:
        raise CliError("`gocondad sync-env` failed (exit %d): %s" % (status, (err.strip().splitlines() or ["no output"])[0]))


def _target_prefix():
    try:
        from conda.base.context import context

        return context.target_prefix
    except Exception as err:
        _debug("no target prefix: %s" % err)
        return None


def after_solve(repodata_fn, unlink_precs, link_precs):
    """The post-solve action. Never raises: conda's transaction goes on whatever happens here."""
    try:
        prefix = _target_prefix()
        if not prefix or not (unlink_precs or link_precs) or not has_projects(prefix):
            return
        for project in judge(prefix, transaction(unlink_precs, link_precs)).get("projects") or []:
            for f in project.get("findings") or []:
                _say("warning: this transaction breaks the go.mod in %s: %s" % (project.get("project"), f.get("message")))
                if f.get("fix"):
                    _say("  to keep it working: %s (or `gocondad sync %s --write go`)" % (f["fix"], project.get("project")))
    except CliError as err:
        _say("go.mod sync check skipped: %s" % err, once_key="sync hook")
    except Exception as err:
        _say("go.mod sync check failed (conda is unaffected): %s" % err, once_key="sync hook")


def health_check(prefix, verbose=False):
    """`conda doctor`: do the go.mod projects synced against this env still agree with it?"""
    try:
        if not has_projects(prefix):
            if verbose:
                print("No go.mod project is synced against this env (gocondad sync DIR -p %s).\n" % prefix)
            return
        report = judge(prefix)
    except CliError as err:
        _say("go.mod sync check skipped: %s" % err, once_key="sync doctor")
        return
    except Exception as err:
        _say("go.mod sync check failed: %s" % err, once_key="sync doctor")
        return
    for project in report.get("projects") or []:
        findings = project.get("findings") or []
        if not findings and not project.get("error"):
            print("OK %s agrees with this env." % project.get("project"))
        for f in findings:
            print("X sync-drift: %s: %s" % (project.get("project"), f.get("message")))
            if f.get("fix"):
                print("   fix: %s" % f["fix"])
        if project.get("error"):
            print("? %s: cannot judge: %s" % (project.get("project"), project["error"]))
    print()


def _plugin_type(name):
    """From conda.plugins.types (conda >= 23.7), else the old re-export; None when this conda lacks it."""
    try:
        from conda.plugins import types

        found = getattr(types, name, None)
        if found is not None:
            return found
    except Exception:
        pass
    try:
        import conda.plugins as old

        return getattr(old, name, None)
    except Exception:
        return None


def post_solves():
    cls = _plugin_type("CondaPostSolve")
    return [cls(name="gocondad-sync", action=after_solve)] if cls is not None else []


def health_checks():
    cls = _plugin_type("CondaHealthCheck")
    return [cls(name="gocondad-sync", action=health_check)] if cls is not None else []
