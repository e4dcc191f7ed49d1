"""go.mod sync inside conda: a warning before a transaction breaks a synced Go module, and a conda doctor check.

`gocondad sync DIR -p PREFIX` (or with PREFIX active) registers DIR's go.mod with the env. conda's
post-solve hook sees the packages a solve will unlink and link before anything changes; when a
registered module is coupled to one of them (git2go/v34 and libgit2 1.5.*, ...) and the new version
breaks the coupling, this says so, with the fix, and conda goes on: a warning, never a failure.
`conda doctor` gets the same judgement of the env as it is (``gocondad-sync``).

The registry is read here first, so an env with no go.mod synced against it costs no process. Nothing
here raises: a failure is one line on stderr (``GOCONDAD_DEBUG=1`` says more). The CLI is run, and
failures are said, the way the rest of the plugin does it (runner.py, hook_context.py).
"""
import json
import os

from . import runner
from .compat import make
from .hook_context import say, target_prefix, timeout_s


def _passwd_home():
    try:
        import pwd  # Unix only, and only needed when HOME is empty

        return pwd.getpwuid(os.getuid()).pw_dir
    except Exception:
        return os.path.expanduser("~")


def projects_file():
    """$XDG_STATE_HOME/gocondad/sync-projects.json, as gocondad's paths.ts computes it.

    An empty HOME counts as unset, as in Node's os.homedir() (the passwd entry), not as "/"."""
    home = os.environ.get("HOME") or _passwd_home()
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(home, ".local", "state")
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
    status, out, err = runner.run(args, timeout_s(), json.dumps(tx) if tx is not None else None)
    try:
        return json.loads(out)
    except ValueError:
        raise runner.CliError("`gocondad sync-env` failed (exit %d): %s" % (status, (err.strip().splitlines() or ["no output"])[0]))


def after_solve(repodata_fn, unlink_precs, link_precs):
    """The post-solve action. Never raises: conda's transaction goes on whatever happens here."""
    try:
        prefix = target_prefix()
        if not prefix or not (unlink_precs or link_precs) or not has_projects(prefix):
            return
        for project in judge(prefix, transaction(unlink_precs, link_precs)).get("projects") or []:
            for f in project.get("findings") or []:
                say("warning: this transaction breaks the go.mod in %s: %s" % (project.get("project"), f.get("message")))
                if f.get("fix"):
                    say("  to keep it working: %s (or `gocondad sync %s --write go`)" % (f["fix"], project.get("project")))
    except runner.CliError as err:
        say("go.mod sync check skipped: %s" % err, once_key="sync hook")
    except Exception as err:
        say("go.mod sync check failed (conda is unaffected): %s" % err, once_key="sync hook")


def health_check(prefix, verbose=False):
    """`conda doctor`: do the go.mod projects synced against this env still agree with it?"""
    try:
        if not has_projects(prefix):
            if verbose:
                print("No go.mod project is synced against this env (gocondad sync DIR -p %s).\n" % prefix)
            return
        report = judge(prefix)
    except runner.CliError as err:
        say("go.mod sync check skipped: %s" % err, once_key="sync doctor")
        return
    except Exception as err:
        say("go.mod sync check failed: %s" % err, once_key="sync doctor")
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


def post_solves():
    hook = make("CondaPostSolve", name="gocondad-sync", action=after_solve)
    return [hook] if hook is not None else []


def health_checks():
    check = make("CondaHealthCheck", name="gocondad-sync", action=health_check, summary="go.mod projects synced against the env still agree with it")
    return [check] if check is not None else []
