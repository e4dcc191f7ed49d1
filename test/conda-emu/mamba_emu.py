"""micromamba 2.2.0's activator for the conda emulation (CONDA_EMU_MODE=micromamba).

Follows libmamba/src/core/activation.cpp at mamba's tag 2.2.0 (Activator::build_activate, build_deactivate,
build_reactivate, get_environment_vars, replace_prefix_in_path), and realmamba-emulation.test.ts requires
the same traces and environments as the real micromamba in ../shared/realmamba. Where it differs from
conda (verified against both):
  - PATH goes out first only on deactivate (as conda); on activate, switch and reactivate it is one of
    the exports, after the env's variables, so a switch's deactivate.d edits to PATH are overwritten.
  - replace_prefix_in_path drops the old prefix's bin everywhere and puts the new one at the FRONT
    (conda keeps the old index); a reactivation moves the env's bin to the front.
  - env_vars.d: every file of the dir (not only *.json), names upper-cased, a `***unset***` value drops
    the entry on activate (conda unsets the variable) but deactivate still unsets it; any variable that
    was set is backed up as __CONDA_SHLVL_<old>_<NAME> (conda: only when the value differs), and the
    warning is libmamba's. Reserved names (PATH, CONDA_*) are not dropped.
  - no env variables on reactivation; on a switch the old env's backups are put back first and are not
    unset; an empty value in the activator's own set (CONDA_PREFIX on the last deactivate) is a real
    `unset`, where conda exports ''.
  - `activate X` where X is the env below (CONDA_PREFIX_<n-1>) is a deactivate.
"""
import json
import os
import sys

UNSET = "***unset***"


def env_vars(prefix):
    out = {}
    d = os.path.join(prefix, "etc", "conda", "env_vars.d")
    try:
        files = sorted(os.path.join(d, n) for n in os.listdir(d) if os.path.isfile(os.path.join(d, n)))
    except OSError:
        files = []
    for f in files:
        try:
            with open(f) as fh:
                for k, v in json.load(fh).items():
                    out[k.upper()] = v
        except (OSError, ValueError, AttributeError):
            pass
    try:
        with open(os.path.join(prefix, "conda-meta", "state")) as fh:
            for k, v in json.load(fh).get("env_vars", {}).items():
                out[k.upper()] = v
    except (OSError, ValueError, AttributeError):
        pass
    return list(out.items())


def path_list():
    p = os.environ.get("PATH", "")
    return p.split(":") if p else []


def unique_adjacent(lst):
    out = []
    for p in lst:
        if not out or out[-1] != p:
            out.append(p)
    return out


def replace_prefix_in_path(old, new):
    old_bin = os.path.join(old, "bin")
    lst = [p for p in path_list() if p != old_bin]
    if new:
        lst = [os.path.join(new, "bin")] + lst
    return ":".join(unique_adjacent(lst))


def add_prefix_to_path(root, prefix, old_lvl):
    lst = path_list()
    if old_lvl == 0 and not any(p.endswith("condabin") for p in lst):
        lst.insert(0, os.path.join(root, "condabin"))
    return ":".join(unique_adjacent([os.path.join(prefix, "bin")] + lst))


def default_env(root, prefix):
    if prefix == root:
        return "base"
    if os.path.basename(os.path.dirname(prefix)) == "envs":
        return os.path.basename(prefix)
    return prefix


def shlvl():
    return int(os.environ.get("CONDA_SHLVL", "0").strip() or 0)


def empty_as_unset(t, pairs):
    # get_export_unset_vars: an empty value is unset, not exported.
    for k, v in pairs:
        if v == "":
            t["unset_vars"].append(k)
        else:
            t["export_vars"].append((k, v))


def transform():
    return {"export_path": None, "deactivate_scripts": [], "unset_vars": [], "export_vars": [], "activate_scripts": []}


def build_reactivate(scripts):
    prefix = os.environ.get("CONDA_PREFIX", "")
    lvl = shlvl()
    t = transform()
    if not prefix or lvl < 1:
        return t
    name = os.environ.get("CONDA_DEFAULT_ENV") or default_env(os.environ.get("CONDA_EMU_ROOT", ""), prefix)
    empty_as_unset(t, [("PATH", replace_prefix_in_path(prefix, prefix)), ("CONDA_SHLVL", str(lvl)), ("CONDA_PROMPT_MODIFIER", "(%s) " % name)])
    t["deactivate_scripts"] = scripts(prefix, "deactivate")
    t["activate_scripts"] = scripts(prefix, "activate")
    return t


def build_deactivate(root, scripts):
    t = transform()
    if "CONDA_PREFIX" not in os.environ or "CONDA_SHLVL" not in os.environ:
        return t
    old = os.environ["CONDA_PREFIX"]
    old_lvl = shlvl()
    new_lvl = old_lvl - 1
    t["deactivate_scripts"] = scripts(old, "deactivate")
    old_vars = env_vars(old)
    if old_lvl == 1:
        t["export_path"] = replace_prefix_in_path(old, None)
        empty_as_unset(t, [("CONDA_PREFIX", ""), ("CONDA_SHLVL", str(new_lvl)), ("CONDA_DEFAULT_ENV", ""), ("CONDA_PROMPT_MODIFIER", "")])
    else:
        new = os.environ["CONDA_PREFIX_%d" % new_lvl]
        name = default_env(root, new)
        t["unset_vars"].append("CONDA_PREFIX_%d" % new_lvl)
        if ("CONDA_STACKED_%d" % old_lvl) in os.environ:
            new_path = replace_prefix_in_path(old, None)
            t["unset_vars"].append("CONDA_STACKED_%d" % old_lvl)
        else:
            new_path = replace_prefix_in_path(old, new)
        empty_as_unset(t, [("CONDA_PREFIX", new), ("CONDA_SHLVL", str(new_lvl)), ("CONDA_DEFAULT_ENV", name), ("CONDA_PROMPT_MODIFIER", "(%s) " % name)])
        t["export_vars"].extend(env_vars(new))
        t["export_path"] = new_path
        t["activate_scripts"] = scripts(new, "activate")
    for k, _ in old_vars:
        t["unset_vars"].append(k)
        save = "__CONDA_SHLVL_%d_%s" % (new_lvl, k)
        if save in os.environ:
            t["export_vars"].append((k, os.environ[save]))
            t["unset_vars"].append(save)
    return t


def build_activate(root, prefix, stack, scripts):
    old_lvl = shlvl()
    old = os.environ.get("CONDA_PREFIX", "")
    new_lvl = old_lvl + 1
    if old == prefix and old_lvl > 0:
        return build_reactivate(scripts)
    if old_lvl and os.environ.get("CONDA_PREFIX_%d" % (old_lvl - 1)) == prefix:
        return build_deactivate(root, scripts)
    t = transform()
    t["activate_scripts"] = scripts(prefix, "activate")
    name = default_env(root, prefix)
    declared = [(k, v) for k, v in env_vars(prefix) if v != UNSET]
    clobbered = [k for k, _ in declared if k in os.environ]
    declared += [("__CONDA_SHLVL_%d_%s" % (old_lvl, k), os.environ[k]) for k in clobbered]
    if clobbered:
        sys.stderr.write("warning  libmamba WARNING: overwriting environment variables set in the machine\n")
        sys.stderr.write("warning  libmamba Overwriting variables: %s\n" % ",".join(clobbered))
    base = [("PATH", add_prefix_to_path(root, prefix, old_lvl)), ("CONDA_PREFIX", prefix), ("CONDA_SHLVL", str(new_lvl)),
            ("CONDA_DEFAULT_ENV", name), ("CONDA_PROMPT_MODIFIER", "(%s) " % name)]
    t["export_vars"].extend(declared)
    if old_lvl == 0:
        empty_as_unset(t, base)
    elif stack:
        empty_as_unset(t, base)
        t["export_vars"] += [("CONDA_PREFIX_%d" % old_lvl, old), ("CONDA_STACKED_%d" % new_lvl, "true")]
    else:
        t["deactivate_scripts"] = scripts(old, "deactivate")
        for k, _ in env_vars(old):
            t["unset_vars"].append(k)
            save = "__CONDA_SHLVL_%d_%s" % (old_lvl - 1, k)
            if save in os.environ:
                t["export_vars"].insert(0, (k, os.environ[save]))
        base[0] = ("PATH", replace_prefix_in_path(old, prefix))
        empty_as_unset(t, base)
        t["export_vars"].append(("CONDA_PREFIX_%d" % old_lvl, old))
    return t


def emit(d, t):
    """The script in libmamba's order: PATH (deactivate only), deactivate.d, unsets, exports, activate.d."""
    out = []
    if t["export_path"]:
        out.append(d.export("PATH", t["export_path"]))
    out += [d.source(s) for s in t["deactivate_scripts"]]
    out += [d.really_unset(k) for k in t["unset_vars"]]
    out += [d.export(k, v) for k, v in t["export_vars"]]
    out += [d.source(s) for s in t["activate_scripts"]]
    return out
