"""Test stand-in for conda.plugins, laid out as conda 26.9 has it: only the hook marker here; the plugin
types live in conda.plugins.types (conda removed their re-export from this module)."""


def hookimpl(function=None, **_kwargs):
    def mark(f):
        f.conda_hookimpl = True
        return f

    return mark(function) if function is not None else mark
