# POSIX shell side of the conda emulation: like conda's etc/profile.d/conda.sh, a `conda` function that
# asks the activator for a script and evals it in the current shell. Source it with CONDA_EMU_ROOT set.
: "${CONDA_EMU_PY:?set CONDA_EMU_PY to the path of conda_emu.py}"
: "${CONDA_EMU_PYTHON:=python3}"
conda_emu_repath() {
  eval "$("$CONDA_EMU_PYTHON" -S -E "$CONDA_EMU_PY" posix repath "$1" "$2")"
}
conda() {
  __ce_cmd=${1-}
  [ $# -gt 0 ] && shift
  case $__ce_cmd in
    activate | deactivate | reactivate)
      __ce_script=$("$CONDA_EMU_PYTHON" -S -E "$CONDA_EMU_PY" posix "$__ce_cmd" "$@") || return $?
      eval "$__ce_script"
      ;;
    install | remove | update)
      # conda changes packages, then the shell function reactivates the current env.
      __ce_script=$("$CONDA_EMU_PYTHON" -S -E "$CONDA_EMU_PY" posix reactivate) || return $?
      eval "$__ce_script"
      ;;
    *) echo "conda emulation: unsupported command $__ce_cmd" >&2; return 2 ;;
  esac
}
