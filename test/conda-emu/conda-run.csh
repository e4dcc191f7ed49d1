# See conda.csh. $argv holds the conda arguments.
set __ce_cmd = "$argv[1]"
switch ( "$__ce_cmd" )
  case activate:
  case deactivate:
  case reactivate:
    set __ce_script = "`$CONDA_EMU_PYTHON -S -E $CONDA_EMU_PY csh $argv:q`"
    breaksw
  case install:
  case remove:
  case update:
    # conda changes packages, then reactivates the current env.
    set __ce_script = "`$CONDA_EMU_PYTHON -S -E $CONDA_EMU_PY csh reactivate`"
    breaksw
  default:
    echo "conda emulation: unsupported command $__ce_cmd"
    set __ce_script = ""
endsw
eval "$__ce_script"
unset __ce_cmd __ce_script
