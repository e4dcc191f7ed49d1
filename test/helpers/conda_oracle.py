# The real conda's answers for the match-spec and version tables (test/unit/sync/matchspec.test.ts,
# condaversion.test.ts). Run with the real conda's python; reads a JSON request on stdin, writes answers:
#   specs:    [{"spec": s, "channel": ours}]  -> ok/error/message, name, version, build, channel, subdir,
#             and conda's canonical name of the channel string we split off (so aliases compare equal)
#   versions: [{"spec": s, "versions": [v...]}] -> ok/error, conda's normal form, match per version
#   order:    [[a, b]...]                      -> -1/0/1, or null when either is not a version
#   regexes:  [pattern...]                     -> null when Python's re compiles it, else its error's text
import json
import re
import logging
import sys
import warnings

warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)

from conda.base.context import context  # noqa: E402
from conda.models.channel import Channel  # noqa: E402
from conda.models.match_spec import MatchSpec  # noqa: E402
from conda.models.version import VersionOrder, VersionSpec  # noqa: E402

context.__init__()


def raw(m, field):
    v = m.get_raw_value(field)
    return None if v is None else str(v)


def spec_answer(item):
    try:
        m = MatchSpec(item["spec"])
    except Exception as e:  # conda raises several types for bad input
        # error: the type and the first line; message: the whole text (a spec may hold a line break)
        return {"ok": False, "error": type(e).__name__ + ": " + str(e).splitlines()[0], "message": str(e)}
    chan = m.get_exact_value("channel")
    ours = item.get("channel")
    return {
        "ok": True,
        "name": m.name,
        "version": raw(m, "version"),
        "build": raw(m, "build"),
        "channel": chan.canonical_name if chan is not None else None,
        "oursCanonical": Channel(ours).canonical_name if ours else None,
        "subdir": raw(m, "subdir"),
    }


def version_answer(item):
    try:
        vs = VersionSpec(item["spec"])
    except Exception as e:
        return {"ok": False, "error": str(e).splitlines()[0]}
    out = []
    for v in item["versions"]:
        try:
            out.append(bool(vs.match(v)))
        except Exception:
            out.append(None)
    return {"ok": True, "spec": str(vs), "matches": out}


def order_answer(pair):
    try:
        a, b = VersionOrder(pair[0]), VersionOrder(pair[1])
    except Exception:
        return None
    return -1 if a < b else (1 if b < a else 0)


def regex_answer(pattern):
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RuntimeError) as e:  # the three re.compile raises on a pattern
        return str(e)
    return None


req = json.load(sys.stdin)
json.dump(
    {
        "specs": [spec_answer(i) for i in req.get("specs", [])],
        "versions": [version_answer(i) for i in req.get("versions", [])],
        "order": [order_answer(p) for p in req.get("order", [])],
        "regexes": [regex_answer(p) for p in req.get("regexes", [])],
    },
    sys.stdout,
)
