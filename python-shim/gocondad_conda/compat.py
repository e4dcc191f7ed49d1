"""Which parts of conda's plugin API the running conda has.

The plugin types live in ``conda.plugins.types`` (every conda this supports, >= 23.7); conda deprecated
their re-export from ``conda.plugins`` in 25.9 and removed it for 26.9, so that is only a fallback. A type
this conda lacks is None, and a field it lacks is dropped (``make``): older condas get fewer features,
never an error.
"""
try:
    from conda.plugins import hookimpl
except Exception:  # not a conda (or a broken one): hooks become plain functions nobody calls
    def hookimpl(function=None, **_kw):
        return function if function is not None else (lambda f: f)

try:
    from conda.plugins import types as _types
except Exception:
    _types = None


def plugin_type(name):
    """A plugin type by name, from conda.plugins.types, else conda.plugins (conda < 23.7); None if absent."""
    found = getattr(_types, name, None) if _types is not None else None
    if found is None:
        try:
            import conda.plugins as old

            found = getattr(old, name, None)
        except Exception:
            found = None
    return found


def fields_of(cls):
    """The constructor fields of a plugin type: dataclass fields or NamedTuple _fields."""
    dataclass_fields = getattr(cls, "__dataclass_fields__", None)
    if dataclass_fields is not None:
        return set(dataclass_fields)
    named = getattr(cls, "_fields", None)
    if named is not None:
        return set(named)
    try:
        import inspect

        return set(inspect.signature(cls).parameters)
    except Exception:
        return set()


def make(type_name, **fields):
    """An instance of plugin type `type_name` with the fields this conda knows; None when it has no such type."""
    cls = plugin_type(type_name)
    if cls is None:
        return None
    known = fields_of(cls)
    return cls(**{k: v for k, v in fields.items() if k in known or not known})


def has_field(name, field):
    cls = plugin_type(name)
    return cls is not None and field in fields_of(cls)
