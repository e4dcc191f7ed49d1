# csh side of the conda emulation, set up like conda's etc/profile.d/conda.csh: `conda` is an alias that
# sources conda-run.csh with the arguments, which evals the activator's `;`-joined script.
# Needs CONDA_EMU_PY, CONDA_EMU_ROOT and CONDA_EMU_CSH_RUN (the path of conda-run.csh).
if ( ! $?CONDA_EMU_PYTHON ) setenv CONDA_EMU_PYTHON python3
alias conda 'source "$CONDA_EMU_CSH_RUN" \!*'
