"""`conda doctor` health checks for Go, and their `conda doctor --fix` fixers.

The checks are gocondad's own (``gocondad doctor --json``, one source of truth): this module only runs
it once per conda process and env, sorts the findings into conda health checks, prints them the way
conda's own checks print, and for ``--fix`` asks conda's ``confirm`` callback before anything changes
(so ``--dry-run`` and answering "no" change nothing). With ``--json`` each check prints one JSON object.
"""
import json
import os

from . import runner
from .hook_context import say, timeout_s


# name -> (summary, finding kinds, fix description or None)
CHECKS = {
    "gocondad-shims": ("Go activation shims of gocondad are installed and current", ("missing-shims", "stale-shims", "stale-launchers"), "Install or rewrite the shims and toolchain launchers"),
    "gocondad-shadowed-go": ("No stray `go` in the env's bin shadows the chosen toolchain", ("shadowed-go",), "Move a stray go (one no package owns) aside"),
    "gocondad-toolchain": ("A Go toolchain satisfies the env's pin and setup", ("no-toolchain", "pin", "conda-go-older-than-pin", "invalid-toolchain", "config", "platform-unknown", "platform-mismatch", "cgo-without-compiler", "not-an-env"), None),
    "gocondad-goroot": ("GOROOT does not point at a tree without a standard library", ("goroot-without-stdlib",), "Unset the GOROOT the env declares (conda env config vars)"),
    "gocondad-module": ("The go.mod/go.work in the current directory asks for a Go available locally", ("module-needs-unavailable-go",), None),
    "gocondad-go-activation": ("No leftovers of conda-forge's go activation packages", ("go-activation-leftovers",), "Move leftover go activation scripts aside"),
}

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
    """gocondad doctor --json for this env and the current dir; cached; raises runner.CliError."""
    key = (prefix, os.getcwd())
    if refresh or key not in _reports:
        try:
            _reports[key] = runner.run_json(["doctor", prefix, "--json", "--module", os.getcwd()], timeout_s(60.0))[1]
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
    if f.get("kind") == "goroot-without-stdlib":
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
        if name == "gocondad-goroot":
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


def health_checks():
    from .compat import make

    for name, (summary, _kinds, fix_text) in CHECKS.items():
        check = make("CondaHealthCheck", name=name, action=action(name), fixer=fixer(name) if fix_text else None, summary=summary, fix=fix_text)
        if check is not None:
            yield check
