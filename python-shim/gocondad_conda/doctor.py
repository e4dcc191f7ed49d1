"""`conda doctor` health checks for Go, and their `conda doctor --fix` fixers.

The checks are gocondad's own (``gocondad doctor --json``, one source of truth): this module only runs
it once per conda process and env, sorts the findings into conda health checks, prints them the way
conda's own checks print, and for ``--fix`` asks conda's ``confirm`` callback before anything changes
(so ``--dry-run`` and answering "no" change nothing). With ``--json`` each check prints one JSON object.
"""
import json
import os

from . import runner
from .hook_context import say, target_prefix, timeout_s


# The checks are gocondad's too: `doctor --json` prints a table of every kind of finding with its conda
# doctor check, that check's summary and its fix (src/doctor/kinds.ts), read here into
# name -> (summary, finding kinds, fix description or None), in gocondad's order (health_checks()).
CHECKS = {}
# Named here only because their fix is conda's own API (the GOROOT an env declares in conda-meta/state);
# test/integration/plugin-kinds.test.ts holds them to gocondad's table.
GOROOT_CHECK = "gocondad-goroot"
GOROOT_KIND = "goroot-without-stdlib"
# What conda doctor gets when gocondad cannot give its table (missing, broken, hung, too old): one check
# that says so, once, in one line; conda doctor itself goes on as ever.
FALLBACK_CHECK = "gocondad"
FALLBACK_SUMMARY = "Go checks of gocondad (gocondad could not list them; the check says why)"


def checks_from(report):
    """name -> (summary, kinds, fix) from a `gocondad doctor --json` report; ValueError when it has no usable table."""
    table = report.get("kinds") if isinstance(report, dict) else None
    if not isinstance(table, dict) or not table:
        raise ValueError("`gocondad doctor --json` gave no table of finding kinds (a gocondad older than this plugin?); upgrade gocondad")
    checks = {}
    for kind, row in table.items():
        name = row.get("check") if isinstance(row, dict) else "?"
        if name is None:
            continue  # a kind that is no conda doctor check (the service, go.mod drift: its own check)
        summary, fix = row.get("summary"), row.get("fix")
        if not (isinstance(name, str) and name.startswith("gocondad-") and isinstance(summary, str) and (fix is None or isinstance(fix, str))):
            raise ValueError("`gocondad doctor --json` has a malformed row for kind %r in its table; reinstall gocondad" % kind)
        if name in checks and (checks[name][0], checks[name][2]) != (summary, fix):
            raise ValueError("`gocondad doctor --json` gives check %s two summaries; reinstall gocondad" % name)
        checks[name] = (summary, (checks[name][1] if name in checks else ()) + (kind,), fix)
    return checks

_reports = {}


def _marks():
    try:
        from conda.base.constants import OK_MARK, X_MARK

        return OK_MARK, X_MARK
    except Exception:
        return "OK", "X"


def _json_mode():
    try:
        from conda.base.context import context

        return bool(context.json)
    except Exception:
        return False


def report(prefix, refresh=False):
    """gocondad doctor --json for this env (None: gocondad's own choice) and the current dir; cached; raises runner.CliError."""
    key = (os.path.normpath(prefix) if prefix else None, os.getcwd())
    if refresh or key not in _reports:
        try:
            _reports[key] = runner.run_json(["doctor"] + ([prefix] if prefix else []) + ["--json", "--module", os.getcwd()], timeout_s(60.0))[1]
        except runner.CliError as err:
            _reports[key] = err  # a broken or hung gocondad is tried once per conda doctor, not once per check
    if isinstance(_reports[key], Exception):
        raise _reports[key]
    return _reports[key]


def findings(prefix, name, refresh=False):
    kinds = CHECKS[name][1]
    return [f for f in report(prefix, refresh).get("findings", []) if f.get("kind") in kinds and f.get("prefix") in (prefix, None)]


def _say_once(message):
    """A broken or missing gocondad is said once per conda doctor, not once per check."""
    say(message, once_key="doctor cli")


def action(name):
    def check(prefix, verbose=False):
        try:
            found = findings(prefix, name)
        except runner.CliError as err:
            _say_once("Go checks skipped: %s" % err)
            return
        problems = [f for f in found if f.get("severity") == "problem"]
        if _json_mode():
            print(json.dumps({"check": name, "ok": not problems, "findings": found}))
            return
        ok, bad = _marks()
        warn = "\u26a0\ufe0f " if ok == "\u2705" else "!"
        if not found:
            print("%s %s.\n" % (ok, CHECKS[name][0]))
            return
        for f in found:
            mark = bad if f.get("severity") == "problem" else warn
            print("%s %s: %s" % (mark, f.get("kind"), f.get("message")))
            if f.get("fix"):
                print("   fix: %s%s" % (f["fix"], "   (conda doctor --fix does this)" if _fixable(f) else ""))
        print()

    check.__name__ = "check_" + name.replace("-", "_")
    return check


def _fixable(f):
    if f.get("kind") == GOROOT_KIND:
        return str(f.get("source", "")).endswith(os.path.join("conda-meta", "state"))
    return bool(f.get("safeFix"))


def _unset_env_goroot(prefix):
    from conda.core.prefix_data import PrefixData

    PrefixData(prefix).unset_environment_env_vars(["GOROOT"])


def fixer(name):
    def fix(prefix, args=None, confirm=None):
        try:
            todo = [f for f in findings(prefix, name) if _fixable(f)]
        except runner.CliError as err:
            _say_once("Go fixes skipped: %s" % err)
            return 0
        if not todo:
            print("%s: nothing to fix." % name)
            return 0
        print("%s will:" % name)
        for f in todo:
            print("  - %s: %s" % (f.get("kind"), f.get("fix")))
        print()
        if confirm is not None:
            confirm("Apply these fixes?")  # raises on "no" and in --dry-run: nothing below runs
        if name == GOROOT_CHECK:
            _unset_env_goroot(prefix)
            print("unset GOROOT in %s (conda env config vars)" % prefix)
        else:
            kinds = ",".join(sorted({f["kind"] for f in todo}))
            _status, data = runner.run_json(["doctor", prefix, "--json", "--fix", "--kind", kinds, "--module", os.getcwd()], timeout_s(60.0))
            for line in data.get("fixed", []):
                print("fixed: %s" % line)
        left = [f for f in findings(prefix, name, refresh=True) if _fixable(f)]
        for f in left:
            print("still: %s: %s" % (f.get("kind"), f.get("message")))
        return 1 if left else 0

    fix.__name__ = "fix_" + name.replace("-", "_")
    return fix


def _skipped(reason):
    def check(prefix, verbose=False):
        _say_once("Go checks skipped: %s" % reason)

    check.__name__ = "check_gocondad"
    return check


def health_checks():
    """One conda health check per check in gocondad's table, for the env conda doctor is about to check."""
    from .compat import make

    try:
        table = checks_from(report(target_prefix()))
    except (runner.CliError, ValueError) as err:
        check = make("CondaHealthCheck", name=FALLBACK_CHECK, action=_skipped(err), summary=FALLBACK_SUMMARY)
        if check is not None:
            yield check
        return
    CHECKS.clear()
    CHECKS.update(table)
    for name, (summary, _kinds, fix_text) in CHECKS.items():
        check = make("CondaHealthCheck", name=name, action=action(name), fixer=fixer(name) if fix_text else None, summary=summary, fix=fix_text)
        if check is not None:
            yield check
