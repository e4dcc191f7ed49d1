# See conda.csh. $argv holds the conda arguments.
set __ce_cmd = "$argv[1]"
switch ( "$__ce_cmd" )
  case activate:
  case deactivate:
  case reactivate:
    set __ce_script = "`$CONDA_EMU_PYTHON -S -E $CONDA_EMU_PY csh $argv:q`"
    breaksw
  # conda.csh's own label, kept as is: csh has no alternatives in a case label and matches only the
  # first word, so conda reactivates after `install` but not after update/upgrade/remove/uninstall, and
  # neither does this (checked against the real conda in realconda-emulation.test.ts).
  case "install" | "update" | "upgrade" | "remove" | "uninstall":
    # conda changes packages, then reactivates the current env.
    set __ce_script = "`$CONDA_EMU_PYTHON -S -E $CONDA_EMU_PY csh reactivate`"
    breaksw
  default:
    # Where conda.csh's default branch runs `conda update|upgrade|remove|uninstall` with no reactivation.
    if ( " update upgrade remove uninstall " !~ *" $__ce_cmd "* ) echo "conda emulation: unsupported command $__ce_cmd"
    set __ce_script = ""
endsw
eval "$__ce_script"
unset __ce_cmd __ce_script
