"""Test stand-in for conda.base.context: the target prefix conda would resolve from -n/-p/the active env."""
import os


class _Context:
    @property
    def target_prefix(self):
        return os.environ.get("CONDA_STUB_TARGET_PREFIX")


context = _Context()
