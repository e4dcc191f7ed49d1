#!/usr/bin/env python3
"""A faithful emulation of conda's (and micromamba's, pixi's) activation order, for gocondad's tests.

The real conda (../shared/realconda or GOCONDAD_TEST_CONDA) runs in test/integration/realconda-*.test.ts;
this emulation stays for micromamba's and pixi's orders and for fast tests, and realconda-emulation.test.ts
runs the same scenarios through both and requires the same traces and environments in conda order.
Like conda, this computes the whole activation script
from the environment as it is when it starts, and prints it; a shell function evals it. The order and
the values follow ../shared/conda-activation.md (conda/activate.py `_yield_commands`, libmamba's
activation.cpp, rattler_shell's activation.rs):

  conda (>= 25, where a POSIX "unset" is `export NAME=''`):
               [export PATH on deactivate] . deactivate.d  unset  set  export  . activate.d
  micromamba:  its own activator, in mamba_emu.py (libmamba 2.2.0's, checked against the real micromamba)
  pixi:        on a switch: unset old env vars, old deactivate.d, then PATH, SHLVL, vars, activate.d;
               on deactivate: restore backups first, then deactivate.d, then PATH

Usage: conda_emu.py SHELL activate [--stack] ENV | deactivate | reactivate
SHELL is posix, fish or csh. CONDA_EMU_ROOT is the root prefix (with envs/ and condabin/);
CONDA_EMU_MODE is conda (default), micromamba or pixi.
"""
import json
import os
import sys

ROOT = os.environ.get("CONDA_EMU_ROOT", "")
MODE = os.environ.get("CONDA_EMU_MODE", "conda")
EXT = {"posix": ".sh", "fish": ".fish", "csh": ".csh"}


def q_posix(v):
    return "'" + v.replace("'", "'\\''") + "'"


def q_fish(v):
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def q_csh(v):
    # The activator's own values (prefixes, PATH) in tests hold no newlines; csh can't quote them anyway.
    return "'" + v.replace("'", "'\\''").replace("!", "\\!") + "'"


class Dialect:
    def __init__(self, shell):
        self.shell = shell

    def export(self, k, v):
        v = str(v)
        if self.shell == "fish":
            return "set -gx %s %s" % (k, q_fish(v))
        if self.shell == "csh":
            if k == "PATH":
                return "setenv PATH %s" % q_csh(v)
            return "setenv %s %s" % (k, q_csh(v))
        return "export %s=%s" % (k, q_posix(v))

    def unset(self, k):
        if self.shell == "fish":
            return "set -e %s" % k
        if self.shell == "csh":
            return "unsetenv %s" % k
        # conda's POSIX activator "unsets" by exporting an empty value.
        return "export %s=''" % k

    def really_unset(self, k):
        if self.shell == "fish":
            return "set -e %s" % k
        if self.shell == "csh":
            return "unsetenv %s" % k
        return "unset %s" % k

    def source(self, path):
        if self.shell == "fish":
            return "source %s" % q_fish(path)
        if self.shell == "csh":
            return "source %s" % q_csh(path)
        return ". %s" % q_posix(path)


def locate(name):
    if "/" in name:
        return os.path.abspath(name)
    if name == "base":
        return ROOT
    return os.path.join(ROOT, "envs", name)


def env_name(prefix):
    return "base" if prefix == ROOT else os.path.basename(prefix)


def path_dirs(prefix):
    return [os.path.join(prefix, "bin")]


def scripts(prefix, kind, ext):
    d = os.path.join(prefix, "etc", "conda", kind + ".d")
    try:
        names = os.listdir(d)
    except OSError:
        return []
    files = sorted(os.path.join(d, n) for n in names if n.endswith(ext))
    return list(reversed(files)) if kind == "deactivate" else files


def env_vars(prefix):
    out = {}
    d = os.path.join(prefix, "etc", "conda", "env_vars.d")
    try:
        # Every file, whatever its name (conda's _get_environment_env_vars: sorted(os.scandir(...))).
        for n in sorted(os.listdir(d)):
            with open(os.path.join(d, n)) as f:
                out.update(json.load(f))
    except OSError:
        pass
    try:
        with open(os.path.join(prefix, "conda-meta", "state")) as f:
            out.update(json.load(f).get("env_vars", {}))
    except (OSError, ValueError):
        pass
    return out


def path_list():
    p = os.environ.get("PATH", "")
    return p.split(":") if p else []


def replace_prefix_in_path(old, new, lst=None):
    lst = list(path_list() if lst is None else lst)
    idx = 0
    if old is not None:
        dirs = path_dirs(old)
        try:
            idx = lst.index(dirs[0])
            del lst[idx:idx + len(dirs)]
        except ValueError:
            idx = 0
    if new is not None:
        lst[idx:idx] = path_dirs(new)
    return lst


def add_prefix_to_path(prefix):
    lst = path_list()
    condabin = os.path.join(ROOT, "condabin")
    # As conda's _add_prefix_to_path: at level 0 (unset, empty or "0", which csh's hook exports) and
    # with no entry ending in condabin on PATH.
    if not shlvl() and not any(p.endswith("condabin") for p in lst):
        lst.insert(0, condabin)
    return path_dirs(prefix) + lst


def shlvl():
    try:
        return int(os.environ.get("CONDA_SHLVL", "").strip() or 0)
    except ValueError:
        return 0


def build_activate(shell, name, stack):
    prefix = locate(name)
    old_lvl = shlvl()
    new_lvl = old_lvl + 1
    old_prefix = os.environ.get("CONDA_PREFIX")
    if old_prefix == prefix and old_lvl > 0:
        return build_reactivate(shell)
    ext = EXT[shell]
    exports = {}
    unsets = []
    deact = []
    if old_lvl == 0:
        new_path = add_prefix_to_path(prefix)
    elif stack:
        new_path = path_dirs(prefix) + path_list()
        exports["CONDA_PREFIX_%d" % old_lvl] = old_prefix
        exports["CONDA_STACKED_%d" % new_lvl] = "true"
    else:
        new_path = replace_prefix_in_path(old_prefix, prefix)
        deact = scripts(old_prefix, "deactivate", ext)
        exports["CONDA_PREFIX_%d" % old_lvl] = old_prefix
    base = {
        "PATH": ":".join(new_path),
        "CONDA_PREFIX": prefix,
        "CONDA_SHLVL": new_lvl,
        "CONDA_DEFAULT_ENV": env_name(prefix),
        "CONDA_PROMPT_MODIFIER": "(%s) " % env_name(prefix),
    }
    base.update(exports)
    exports = base
    declared = env_vars(prefix)
    overwritten = [k for k in declared if k in os.environ and os.environ[k] != declared[k]]
    if overwritten:
        # conda's own warning, word for word, on stderr.
        sys.stderr.write("WARNING: overwriting environment variables set in the machine\n")
        sys.stderr.write("overwriting variable %r\n" % overwritten)
    for k, v in declared.items():
        if k in os.environ:
            exports["__CONDA_SHLVL_%d_%s" % (old_lvl, k)] = os.environ[k]
        exports[k] = v
    return {"export_path": {}, "deactivate_scripts": deact, "unset_vars": unsets, "export_vars": exports,
            "activate_scripts": scripts(prefix, "activate", ext), "old_prefix": old_prefix if deact else None,
            "path_op": (old_prefix, prefix) if deact else None}


def build_reactivate(shell):
    prefix = os.environ.get("CONDA_PREFIX")
    lvl = shlvl()
    if not prefix or lvl < 1:
        return None
    ext = EXT[shell]
    exports = {"PATH": ":".join(replace_prefix_in_path(prefix, prefix)), "CONDA_SHLVL": lvl,
               "CONDA_PROMPT_MODIFIER": "(%s) " % env_name(prefix)}
    # conda's build_reactivate sets no env_vars.d / conda-meta/state variables (since 24.x; checked against
    # the real conda in realconda-emulation.test.ts): a package installed into the active env gets its
    # variables at the next fresh activation only. pixi's emulation keeps exporting them.
    if MODE == "pixi":
        exports.update(env_vars(prefix))
    return {"export_path": {}, "deactivate_scripts": scripts(prefix, "deactivate", ext), "unset_vars": [],
            "export_vars": exports, "activate_scripts": scripts(prefix, "activate", ext), "old_prefix": prefix,
            "path_op": (prefix, prefix)}


def build_deactivate(shell):
    old_prefix = os.environ.get("CONDA_PREFIX")
    old_lvl = shlvl()
    if not old_prefix or old_lvl <= 0:
        return None
    ext = EXT[shell]
    new_lvl = old_lvl - 1
    old_vars = env_vars(old_prefix)
    if old_lvl == 1:
        new_path = replace_prefix_in_path(old_prefix, None)
        unsets = ["CONDA_PREFIX", "CONDA_DEFAULT_ENV", "CONDA_PROMPT_MODIFIER"]
        exports = {"PATH": ":".join(new_path), "CONDA_SHLVL": new_lvl}
        path_new = None
        act = []
    else:
        new_prefix = os.environ.get("CONDA_PREFIX_%d" % new_lvl)
        unsets = ["CONDA_PREFIX_%d" % new_lvl]
        if ("CONDA_STACKED_%d" % old_lvl) in os.environ:
            new_path = replace_prefix_in_path(old_prefix, None)
            path_new = None
            unsets.append("CONDA_STACKED_%d" % old_lvl)
        else:
            new_path = replace_prefix_in_path(old_prefix, new_prefix)
            path_new = new_prefix
        exports = {"PATH": ":".join(new_path), "CONDA_SHLVL": new_lvl, "CONDA_PREFIX": new_prefix,
                   "CONDA_DEFAULT_ENV": env_name(new_prefix),
                   "CONDA_PROMPT_MODIFIER": "(%s) " % env_name(new_prefix)}
        exports.update(env_vars(new_prefix))
        act = scripts(new_prefix, "activate", ext)
    for k in old_vars:
        save = "__CONDA_SHLVL_%d_%s" % (new_lvl, k)
        if os.environ.get(save):
            exports[k] = os.environ[save]
            unsets.append(save)
        else:
            unsets.append(k)
    # PATH goes out first, on its own (conda's export_path), so deactivate.d edits to it stick.
    export_path = {"PATH": exports.pop("PATH")}
    return {"export_path": export_path, "deactivate_scripts": scripts(old_prefix, "deactivate", ext),
            "unset_vars": unsets, "export_vars": exports, "activate_scripts": act, "old_prefix": old_prefix,
            "path_op": (old_prefix, path_new)}


def emit(d, cmds):
    out = []
    exports = dict(cmds["export_vars"])
    export_path = dict(cmds["export_path"])
    if MODE == "pixi" and cmds["path_op"]:
        exports.update(cmds["export_path"])
        # rattler_shell: the old env's vars go first, its deactivate.d runs with its bin still on PATH,
        # then its paths are stripped from PATH as it is *after* those scripts (the shell wrapper's
        # conda_emu_repath asks this program again), and the rest is exported.
        for k in env_vars(cmds["old_prefix"]):
            out.append(d.unset(k))
        for s in cmds["deactivate_scripts"]:
            out.append(d.source(s))
        old, new = cmds["path_op"]
        q = {"fish": q_fish, "csh": q_csh}.get(d.shell, q_posix)
        out.append("conda_emu_repath %s %s" % (q(old), q(new or "")))
        export_path = {}
        exports.pop("PATH", None)
        deact = []
    else:
        deact = cmds["deactivate_scripts"]
    for k, v in sorted(export_path.items()):
        out.append(d.export(k, v))
    for s in deact:
        out.append(d.source(s))
    for k in cmds["unset_vars"]:
        out.append(d.unset(k))
    for k, v in exports.items():
        out.append(d.export(k, v))
    for s in cmds["activate_scripts"]:
        out.append(d.source(s))
    return out


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    shell, cmd, rest = argv[1], argv[2], argv[3:]
    d = Dialect(shell)
    if MODE == "micromamba" and cmd in ("activate", "deactivate", "reactivate"):
        return micromamba(d, shell, cmd, rest)
    if cmd == "activate":
        stack = "--stack" in rest
        names = [a for a in rest if not a.startswith("-")]
        cmds = build_activate(shell, names[0] if names else "base", stack)
    elif cmd == "deactivate":
        cmds = build_deactivate(shell)
    elif cmd == "reactivate":
        cmds = build_reactivate(shell)
    elif cmd == "repath":
        old, new = rest[0], rest[1] or None
        sys.stdout.write(d.export("PATH", ":".join(replace_prefix_in_path(old, new))) + "\n")
        return 0
    else:
        sys.stderr.write("conda_emu: unknown command %s\n" % cmd)
        return 2
    if cmds is None:
        return 0
    sep = "\n" if shell != "csh" else ";\n"
    sys.stdout.write(sep.join(emit(d, cmds)) + "\n")
    return 0


def micromamba(d, shell, cmd, rest):
    import mamba_emu

    def found(prefix, kind):
        return scripts(prefix, kind, EXT[shell])

    if cmd == "activate":
        names = [a for a in rest if not a.startswith("-")]
        t = mamba_emu.build_activate(ROOT, locate(names[0] if names else "base"), "--stack" in rest, found)
    elif cmd == "deactivate":
        t = mamba_emu.build_deactivate(ROOT, found)
    else:
        t = mamba_emu.build_reactivate(found)
    sep = "\n" if shell != "csh" else ";\n"
    sys.stdout.write(sep.join(mamba_emu.emit(d, t)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
