# fish side of the conda emulation: like conda's etc/fish/conf.d/conda.fish, a `conda` function that
# asks the activator for a script and evals it in the calling shell. Needs CONDA_EMU_PY and CONDA_EMU_ROOT.
if not set -q CONDA_EMU_PYTHON
    set -gx CONDA_EMU_PYTHON python3
end
function conda_emu_repath
    eval ($CONDA_EMU_PYTHON -S -E $CONDA_EMU_PY fish repath $argv[1] $argv[2] | string collect)
end
function conda
    set -l __ce_cmd $argv[1]
    set -e argv[1]
    switch "$__ce_cmd"
        case activate deactivate reactivate
            set -l __ce_script ($CONDA_EMU_PYTHON -S -E $CONDA_EMU_PY fish $__ce_cmd $argv | string collect)
            or return $status
            eval $__ce_script
        case install remove update
            # conda changes packages, then the shell function reactivates the current env.
            set -l __ce_script ($CONDA_EMU_PYTHON -S -E $CONDA_EMU_PY fish reactivate | string collect)
            or return $status
            eval $__ce_script
        case '*'
            echo "conda emulation: unsupported command $__ce_cmd" >&2
            return 2
    end
end
