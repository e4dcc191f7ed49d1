# gocondad shim logic for POSIX shells (bash, zsh, dash, ksh). `gocondad shims install` writes this
# below a generated plan header into $PREFIX/etc/conda/{activate,deactivate}.d/zzz-gocondad.sh.
#
# Rules this code lives by (see docs/architecture.md):
# - never fail, never print, never start a process on the hot path (off it: a mkdir of the runtime dir
#   when it does not exist yet, and `gocondad shims refresh` once after the env changed under this
#   shim), works under `set -eu`;
# - backups of every variable touched live in the shell, keyed by CONDA_SHLVL, exported so that a
#   nested shell can still deactivate;
# - PATH is edited surgically: gocondad only ever adds one entry at the front and takes out
#   exactly the occurrences it added, counted against a baseline, because conda rewrites PATH
#   around the shims (a switch re-exports a PATH computed before the deactivate scripts ran).
#
# Shell state (exported):
#   __GCD_ON_<L>            prefix applied at level L
#   __GCD_VARS_<L>          names backed up at level L
#   __GCD_HAS_<L>_<V>       present when V was set before level L applied
#   __GCD_OLD_<L>_<V>       V's value before level L applied
#   __GCD_ENTRY_<L>         the PATH entry level L wants first
#   __GCD_TOP               highest level with state
#   __GCD_PE __GCD_PN __GCD_PL   entry gocondad put on PATH, occurrences not its own, its level
#   __GCD_GONE __GCD_GONE_N      entry a deactivate took out that conda may export back

__gcd_count() {
  __gcd_n=0
  __gcd_r=":${PATH-}:"
  while :; do
    case $__gcd_r in
      *":$1:"*) __gcd_r=":${__gcd_r#*":$1:"}"; __gcd_n=$((__gcd_n + 1)) ;;
      *) break ;;
    esac
  done
  return 0
}

__gcd_drop_first() {
  __gcd_r=":${PATH-}:"
  case $__gcd_r in
    *":$1:"*)
      __gcd_r="${__gcd_r%%":$1:"*}:${__gcd_r#*":$1:"}"
      __gcd_r=${__gcd_r#:}
      PATH=${__gcd_r%:}
      ;;
  esac
  return 0
}

# Removes occurrences of $1 beyond the baseline $2; __gcd_cut holds how many went.
__gcd_trim() {
  __gcd_count "$1"
  __gcd_cut=0
  while [ "$__gcd_n" -gt "$2" ]; do
    __gcd_drop_first "$1"
    __gcd_n=$((__gcd_n - 1))
    __gcd_cut=$((__gcd_cut + 1))
  done
  return 0
}

# >>> activate-only (the other shim leaves this out: less for the shell to parse)
# Appends entry $1, $2 times, to the list named $3 (__gcd_stale or __gcd_reexp).
__gcd_note() {
  while [ "$2" -gt 0 ]; do
    eval "$3=\"\$$3\$1:\""
    set -- "$1" $(($2 - 1)) "$3"
  done
  return 0
}
# <<<

__gcd_rollback() {
  eval "__gcd_vs=\${__GCD_VARS_$1-}"
  while [ -n "$__gcd_vs" ]; do
    __gcd_v=${__gcd_vs%% *}
    __gcd_vs=${__gcd_vs#"$__gcd_v"}
    __gcd_vs=${__gcd_vs# }
    eval "if [ -n \"\${__GCD_HAS_$1_$__gcd_v+x}\" ]; then export $__gcd_v=\"\$__GCD_OLD_$1_$__gcd_v\"; else unset $__gcd_v; fi"
    unset "__GCD_HAS_$1_$__gcd_v" "__GCD_OLD_$1_$__gcd_v"
  done
  unset "__GCD_ON_$1" "__GCD_VARS_$1" "__GCD_ENTRY_$1"
  return 0
}

# Rolls back every applied level from __GCD_TOP down to $1.
__gcd_rollback_from() {
  __gcd_k=${__GCD_TOP-0}
  while [ "$__gcd_k" -ge "$1" ] && [ "$__gcd_k" -gt 0 ]; do
    eval "__gcd_on=\${__GCD_ON_$__gcd_k-}"
    if [ -n "$__gcd_on" ]; then __gcd_rollback "$__gcd_k"; fi
    __gcd_k=$((__gcd_k - 1))
  done
  if [ "${__GCD_TOP-0}" -ge "$1" ]; then
    if [ "$1" -gt 1 ]; then export __GCD_TOP=$(($1 - 1)); else unset __GCD_TOP; fi
  fi
  return 0
}

# >>> activate-only (the other shim leaves this out: less for the shell to parse)
__gcd_backup() {
  eval "__gcd_bs=\${__GCD_VARS_$__gcd_lvl-}"
  case " $__gcd_bs " in *" $1 "*) return 0 ;; esac
  eval "if [ -n \"\${$1+x}\" ]; then export __GCD_HAS_${__gcd_lvl}_$1=1 __GCD_OLD_${__gcd_lvl}_$1=\"\$$1\"; fi"
  export "__GCD_VARS_$__gcd_lvl=${__gcd_bs:+$__gcd_bs }$1"
  return 0
}
# <<<

__gcd_prepend() {
  __gcd_count "$1"
  export __GCD_PE="$1" __GCD_PN="$__gcd_n" __GCD_PL="$2"
  PATH="$1${PATH:+:$PATH}"
  return 0
}

# A stacked env below the current level stays active: give its toolchain the front again, in case no
# activator re-runs its activate.d (conda does; the result is the same either way).
__gcd_front_lower() {
  __gcd_k=$((__gcd_lvl - 1))
  while [ "$__gcd_k" -gt 0 ]; do
    eval "__gcd_on=\${__GCD_ON_$__gcd_k-} __gcd_e=\${__GCD_ENTRY_$__gcd_k-}"
    if [ -n "$__gcd_on" ] && [ -n "$__gcd_e" ]; then
      if [ -z "${__GCD_PE-}" ]; then __gcd_prepend "$__gcd_e" "$__gcd_k"; fi
      break
    fi
    __gcd_k=$((__gcd_k - 1))
  done
  return 0
}

__gcd_emit() {
  __gcd_rt=${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/gocondad}
  if [ -z "$__gcd_rt" ]; then
    # The fallback dir of the user running this shell, not of whoever wrote the shim (a shared env):
    # $UID in bash and zsh; one `id -u` in other shells, and only where XDG_RUNTIME_DIR is unset.
    __gcd_u=${UID:-$(id -u 2>/dev/null)}
    [ -n "$__gcd_u" ] || return 0
    __gcd_rt=${TMPDIR:-/tmp}/gocondad-$__gcd_u
  fi
  if [ ! -d "$__gcd_rt" ]; then mkdir -m 700 "$__gcd_rt" 2>/dev/null || return 0; fi
  # Only into a directory of our own: the daemon keeps it 0700. One file per shell: a long record takes
  # several write() calls, which would interleave with other shells' in a shared file. Only to a regular
  # file of our own, never through a symlink: a FIFO in its place would block this shell in open() until
  # some reader came, a symlink would send the record wherever it points (builtin tests: no process).
  __gcd_j=$__gcd_rt/journal.${__gcd_pid:-$$}
  if [ -h "$__gcd_j" ] || { [ -e "$__gcd_j" ] && { [ ! -f "$__gcd_j" ] || [ ! -O "$__gcd_j" ]; }; }; then return 0; fi
  if [ -O "$__gcd_rt" ]; then
    # One record: its fields, their values' shell expressions and its version come from src/core/shim-record.ts
    # (the daemon's reader uses the same table); @JOURNAL_PRINTF@ is filled in when the shim is written.
    @JOURNAL_PRINTF@ >>"$__gcd_j" 2>/dev/null || :
  fi
  return 0
}

# >>> activate-only (the other shim leaves this out: less for the shell to parse)
# conda-forge's go-cgo, go-nocgo and go platform packages keep backups in CONDA_*BACKUP* variables and
# restore them in their deactivate.d, which never runs when the package is removed from an active env:
# its values stay behind. Markers while no active env has such scripts = a leak: undo it as they would.
# The @GO_…@ slots are filled from src/core/go-vars.ts (the markers, the scripts' globs, the backups).
__gcd_go_leak() {
  __gcd_leaked=''
  if [ -z "@GO_MARKERS_SET@" ]; then return 0; fi
  __gcd_k=1
  __gcd_e=$__gcd_prefix
  while :; do
    for __gcd_f in @GO_SCRIPTS@; do
      if [ -e "$__gcd_f" ]; then return 0; fi
    done
    if [ "$__gcd_k" -ge "$__gcd_lvl" ]; then break; fi
    eval "__gcd_e=\${CONDA_PREFIX_$__gcd_k-}"
    __gcd_k=$((__gcd_k + 1))
  done
  for __gcd_v in @GO_BACKUPS@; do
    __gcd_n=${__gcd_v#*:}
    __gcd_v=${__gcd_v%%:*}
    eval "if [ -n \"\${$__gcd_n+x}\" ]; then __gcd_leaked=\"\$__gcd_leaked\$__gcd_v \"; if [ -n \"\$$__gcd_n\" ]; then export $__gcd_v=\"\$$__gcd_n\"; else unset $__gcd_v; fi; unset $__gcd_n; fi"
  done
  return 0
}

# conda exports what an env declares (env_vars.d, `conda env config vars`) and keeps it across a switch
# and under a stacked env: after `conda activate A; conda activate B`, A's GOTOOLCHAIN=local (conda-forge
# go's env_vars.d) is still set in B, where it would stop go.mod toolchain lines from reaching the
# launchers. Returns 0 when the value of $1 is what an env below this level declares (the text of one of
# its files names $1 and that value), and then __gcd_x holds the user's own value: the one conda saved
# when it first overwrote it (__CONDA_SHLVL_<k>_$1), else '' (none). Builtins only: a redirect and `read`.
__gcd_own() {
  eval "__gcd_x=\${$1-}"
  if [ -z "$__gcd_x" ] || [ "$__gcd_lvl" -lt 2 ]; then return 1; fi
  __gcd_k=1
  __gcd_l=1
  while [ "$__gcd_k" -lt "$__gcd_lvl" ]; do
    eval "__gcd_e=\${CONDA_PREFIX_$__gcd_k-}"
    if [ -n "$__gcd_e" ] && [ "$__gcd_e" != "$__gcd_prefix" ]; then
      for __gcd_f in "$__gcd_e"/etc/conda/env_vars.d/* "$__gcd_e"/conda-meta/state; do
        if [ -f "$__gcd_f" ] && [ -r "$__gcd_f" ]; then
          __gcd_t=''
          while IFS= read -r __gcd_r || [ -n "$__gcd_r" ]; do __gcd_t="$__gcd_t$__gcd_r"; done <"$__gcd_f"
          case $__gcd_t in *"\"$1\""*"\"$__gcd_x\""*) __gcd_l=0 ;; esac
        fi
      done
    fi
    __gcd_k=$((__gcd_k + 1))
  done
  if [ "$__gcd_l" = 1 ]; then return 1; fi
  __gcd_x=''
  __gcd_k=0
  while [ "$__gcd_k" -lt "$__gcd_lvl" ]; do
    eval "if [ -n \"\${__CONDA_SHLVL_${__gcd_k}_$1-}\" ]; then __gcd_x=\"\$__CONDA_SHLVL_${__gcd_k}_$1\"; break; fi"
    __gcd_k=$((__gcd_k + 1))
  done
  return 0
}

__gcd_activate() {
  __gcd_stale=''
  __gcd_reexp=''
  __gcd_had_goroot=${GOROOT+1}
  __gcd_goroot0=${GOROOT-}
  # What conda put back after a switch or reactivate, and duplicates of our own entry.
  # What conda exported back is routine (its order, not the user's setup): journaled apart, not as a fix.
  if [ -n "${__GCD_GONE-}" ]; then
    __gcd_trim "$__GCD_GONE" "${__GCD_GONE_N:-0}"
    __gcd_note "$__GCD_GONE" "$__gcd_cut" __gcd_reexp
    unset __GCD_GONE __GCD_GONE_N
  fi
  if [ -n "${__GCD_PE-}" ]; then
    __gcd_trim "$__GCD_PE" "${__GCD_PN:-0}"
    # One occurrence is the entry's own; it is a leftover too when the env that put it there has lost
    # its shims (removed while active: their deactivate never ran).
    __gcd_n=1
    case ${__GCD_PL:-x} in
      *[!0-9]* | '') ;;
      *)
        eval "__gcd_on=\${__GCD_ON_$__GCD_PL-}"
        if [ -n "$__gcd_on" ] && [ ! -e "$__gcd_on/etc/conda/deactivate.d/zzz-gocondad.sh" ]; then __gcd_n=0; fi
        ;;
    esac
    if [ "$__gcd_cut" -gt "$__gcd_n" ]; then __gcd_note "$__GCD_PE" $((__gcd_cut - __gcd_n)) __gcd_stale; fi
    unset __GCD_PE __GCD_PN __GCD_PL
  fi
  __gcd_path0=${PATH-}
  __gcd_goos0=${GOOS-}
  __gcd_goarch0=${GOARCH-}
  __gcd_go_leak
  # Levels above ours, or ours applied for another prefix, are leftovers of envs whose shims are gone.
  __gcd_rollback_from $((__gcd_lvl + 1))
  eval "__gcd_on=\${__GCD_ON_$__gcd_lvl-}"
  if [ -n "$__gcd_on" ] && [ "$__gcd_on" != "$__gcd_prefix" ]; then __gcd_rollback_from "$__gcd_lvl"; fi

  # conda reactivates right after `conda install`/`remove`, sooner than the daemon can rewrite this shim:
  # when the env changed after this shim was written, get the fresh plan now (cold path: once per change).
  if [ "$__gcd_p_prefix" = "$__gcd_prefix" ] && {
    [ "$__gcd_prefix/conda-meta/history" -nt "$__gcd_p_self" ] || [ "$__gcd_prefix/etc/gocondad.yml" -nt "$__gcd_p_self" ]
  } && [ -x "$__gcd_p_node" ] && [ -w "${__gcd_p_self%/*}" ]; then
    __gcd_fresh=$("$__gcd_p_node" "$__gcd_p_cli" shims refresh --print posix "$__gcd_prefix" </dev/null) && eval "$__gcd_fresh"
  fi
  __gcd_why=''
  if [ "$__gcd_p_ok" != 1 ]; then
    __gcd_why=plan
  elif [ "$__gcd_p_prefix" != "$__gcd_prefix" ]; then
    __gcd_why=moved
  elif [ ! -x "${__gcd_p_entry%%:*}/go" ]; then
    __gcd_why=missing
  fi
  if [ -n "$__gcd_why" ]; then
    __gcd_rollback_from "$__gcd_lvl"
    __gcd_front_lower
    __gcd_emit skip "$__gcd_why"
    return 0
  fi

  export "__GCD_ON_$__gcd_lvl=$__gcd_prefix" "__GCD_ENTRY_$__gcd_lvl=$__gcd_p_entry"
  if [ "${__GCD_TOP-0}" -lt "$__gcd_lvl" ]; then export __GCD_TOP="$__gcd_lvl"; fi
  __gcd_vs="$__gcd_p_vars $__gcd_p_unset"
  while [ -n "$__gcd_vs" ]; do
    __gcd_v=${__gcd_vs%% *}
    __gcd_vs=${__gcd_vs#"$__gcd_v"}
    __gcd_vs=${__gcd_vs# }
    if [ -n "$__gcd_v" ]; then __gcd_backup "$__gcd_v"; fi
  done
  # Keep the user's module cache when GOPATH moves into the env: Go would otherwise default it there.
  if [ "$__gcd_p_modcache" = 1 ] && [ -z "${GOMODCACHE-}" ]; then
    __gcd_backup GOMODCACHE
    __gcd_mc=${GOPATH-}
    __gcd_mc=${__gcd_mc%%:*}
    export GOMODCACHE="${__gcd_mc:-${HOME-}/go}/pkg/mod"
  fi
  __gcd_plan_set
  __gcd_prepend "$__gcd_p_entry" "$__gcd_lvl"
  __gcd_emit activate ''
  return 0
}
# <<<

# >>> deactivate-only (the other shim leaves this out: less for the shell to parse)
__gcd_deactivate() {
  __gcd_stale=''
  __gcd_had_goroot=${GOROOT+1}
  __gcd_goroot0=${GOROOT-}
  __gcd_path0=${PATH-}
  if [ -n "${__GCD_PE-}" ] && [ "${__GCD_PL:-0}" -ge "$__gcd_lvl" ]; then
    __gcd_trim "$__GCD_PE" "${__GCD_PN:-0}"
    # With the env's bin still on PATH, conda exports a PATH it computed before this script ran
    # (switch, reactivate): our entry comes back, and the next shim takes it out again.
    case ":${PATH-}:" in
      *":$__gcd_prefix/bin:"*) export __GCD_GONE="$__GCD_PE" __GCD_GONE_N="$__GCD_PN" ;;
      *) unset __GCD_GONE __GCD_GONE_N ;;
    esac
    unset __GCD_PE __GCD_PN __GCD_PL
  fi
  eval "__gcd_on=\${__GCD_ON_$__gcd_lvl-}"
  if [ -z "$__gcd_on" ] && [ "${__GCD_TOP-0}" -lt "$__gcd_lvl" ]; then
    return 0 # nothing applied: conda runs freshly installed shims' deactivate.d first
  fi
  __gcd_rollback_from "$__gcd_lvl"
  __gcd_front_lower
  __gcd_emit deactivate ''
  return 0
}
# <<<

__gcd_run() {
  if [ -n "${ZSH_VERSION-}" ]; then emulate -L sh; fi
  __gcd_lvl=${CONDA_SHLVL:-0}
  __gcd_lvl=${__gcd_lvl# }
  __gcd_prefix=${CONDA_PREFIX-}
  case $__gcd_lvl in '' | *[!0-9]*) return 0 ;; esac
  if [ "$__gcd_lvl" -lt 1 ] || [ -z "$__gcd_prefix" ]; then return 0; fi
  if [ "$1" = activate ]; then __gcd_activate; else __gcd_deactivate; fi
  return 0
}

__gcd_run "$__gcd_action" 2>"${GOCONDAD_SHIM_DEBUG:-/dev/null}" || :
# The shim generator puts the names of the functions this shim defines here (zsh fails on others).
unset -f @FUNCTIONS@
unset __gcd_n __gcd_r __gcd_cut __gcd_stale __gcd_reexp __gcd_vs __gcd_bs __gcd_v __gcd_k __gcd_on __gcd_e __gcd_rt __gcd_lvl \
  __gcd_prefix __gcd_had_goroot __gcd_goroot0 __gcd_path0 __gcd_why __gcd_mc __gcd_action __gcd_p_prefix \
  __gcd_p_ok __gcd_p_goroot __gcd_p_entry __gcd_p_vars __gcd_p_unset __gcd_p_modcache __gcd_u __gcd_p_id \
  __gcd_p_self __gcd_p_node __gcd_p_cli __gcd_p_alias __gcd_fresh __gcd_p_goos __gcd_p_goarch __gcd_goos0 __gcd_goarch0 __gcd_leaked __gcd_f __gcd_j __gcd_x __gcd_t __gcd_l
