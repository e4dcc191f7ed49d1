"""Talking to a running gocondad daemon from Python: HTTP/1.1 over its private Unix socket.

Starting Python costs conda nothing extra (it is already running), starting node costs ~200 ms: so the
post-command asks the daemon when one answers, and only then falls back to the CLI. The socket is where
src/paths.ts puts it; the daemon must speak our protocol (GET /v1/hello), as the CLI's handshake checks.
"""
import json
import os
import socket
import stat
import tempfile

PROTOCOL = 1


class DaemonUnavailable(Exception):
    pass


def socket_path(env=None):
    env = os.environ if env is None else env
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime:
        base = os.path.join(runtime, "gocondad")
    else:
        base = os.path.join(env.get("TMPDIR") or tempfile.gettempdir(), "gocondad-%d" % os.getuid())
    return os.path.join(base, "gocondad.sock")


def request(method, path, body=None, timeout=2.0, sock_path=None):
    """One request; returns (status, parsed JSON body). Raises DaemonUnavailable on any failure."""
    sock_path = sock_path or socket_path()
    try:
        st = os.stat(sock_path)
    except OSError:
        raise DaemonUnavailable("no daemon socket at %s" % sock_path)
    # The same trust rule as the CLI's private dir: our own socket only.
    if not stat.S_ISSOCK(st.st_mode) or st.st_uid != os.getuid():
        raise DaemonUnavailable("%s is not this user's gocondad socket" % sock_path)
    payload = json.dumps(body).encode("utf-8") if body is not None else b""
    head = "%s %s HTTP/1.1\r\nHost: gocondad\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (method, path, len(payload))
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        conn.connect(sock_path)
        conn.sendall(head.encode("ascii") + payload)
        chunks = []
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except (OSError, socket.timeout) as err:
        raise DaemonUnavailable("the daemon at %s did not answer: %s" % (sock_path, err))
    finally:
        conn.close()
    raw = b"".join(chunks)
    head_end = raw.find(b"\r\n\r\n")
    if head_end < 0:
        raise DaemonUnavailable("the daemon at %s answered garbage" % sock_path)
    try:
        status = int(raw[:head_end].split(b" ", 2)[1])
        text = raw[head_end + 4:].decode("utf-8")
        return status, (json.loads(text) if text.strip() else None)
    except (ValueError, IndexError) as err:
        raise DaemonUnavailable("the daemon at %s answered garbage (%s)" % (sock_path, err))


def call(method, path, body=None, timeout=5.0, hello_timeout=1.0):
    """Handshake, then the request; returns the parsed body of a 200. Raises DaemonUnavailable.

    The handshake gets a short limit, so a hung (stopped) daemon costs about a second, not `timeout`."""
    status, hello = request("GET", "/v%d/hello" % PROTOCOL, timeout=hello_timeout)
    if status != 200 or not isinstance(hello, dict) or hello.get("protocol") != PROTOCOL:
        raise DaemonUnavailable("the daemon speaks another protocol; restart it: gocondad stop && gocondad start")
    status, reply = request(method, "/v%d%s" % (PROTOCOL, path), body, timeout=timeout)
    if status != 200:
        detail = reply.get("error") if isinstance(reply, dict) else reply
        raise DaemonUnavailable("the daemon refused %s %s (%d): %s" % (method, path, status, detail))
    return reply
