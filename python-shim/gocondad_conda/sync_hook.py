"""Before conda links a transaction: would it break a Go module synced against this env?

`gocondad sync DIR -p PREFIX` (or with PREFIX active) registers DIR's go.mod with the env. conda's
post-solve hook sees the packages a solve will unlink and link before anything changes; when a
registered module is coupled to one of them (git2go/v34 and libgit2 1.5.*, ...) and the new version
breaks the coupling, this says so, with the fix, and conda goes on (a warning, never a failure).

The registry is read here first, so the usual env, with no go.mod synced against it, costs no process.
Nothing here raises: any failure is one line on stderr (``GOCONDAD_DEBUG=1`` says more).
"""
import json
import os

from . import post, runner


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


def warnings(prefix, tx):
    """The lines to show for this planned transaction (empty when every synced module still agrees)."""
    status, out, err = runner.run(["sync-env", prefix, "--planned", "-", "--json"], post.timeout_s(), input_text=json.dumps(tx))
    try:
        report = json.loads(out)
    except ValueError:
        raise runner.CliError("`gocondad sync-env` failed (exit %d): %s" % (status, (err.strip().splitlines() or ["no output"])[0]))
    lines = []
    for project in report.get("projects") or []:
        for f in project.get("findings") or []:
            lines.append("warning: this transaction breaks the go.mod in %s: %s" % (project.get("project"), f.get("message")))
            if f.get("fix"):
                lines.append("  to keep it working: %s (or `gocondad sync %s --write go`)" % (f["fix"], project.get("project")))
    return lines


def after_solve(repodata_fn, unlink_precs, link_precs):
    """The post-solve action. Never raises: conda's transaction goes on whatever happens here."""
    try:
        prefix = post.target_prefix()
        if not prefix or not (unlink_precs or link_precs) or not has_projects(prefix):
            return
        for line in warnings(prefix, transaction(unlink_precs, link_precs)):
            post.say(line)
    except runner.CliError as err:
        post.say("go.mod sync check skipped: %s" % err, once_key="sync hook")
    except Exception as err:
        post.say("go.mod sync check failed (conda is unaffected): %s" % err, once_key="sync hook")
