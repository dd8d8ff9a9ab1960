"""One HTTP request to a SPARQL endpoint or a Graph Store: a total deadline,
redirects followed only on the same host, credentials never shown.

``kg push`` and ``kg query --endpoint`` use it. urllib would follow a redirect
to any host with the Authorization header, turn a redirected POST into a GET
that "succeeds" with nothing stored, and let a server that trickles a byte a
second keep a request alive forever (its timeout is per read).
"""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

USER_AGENT = "kg (https://w3id.org/newskg)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
KEEP_METHOD = frozenset({307, 308})  # the redirects that mean "send the same request there"
MAX_REDIRECTS = 5


class HttpFailure(Exception):
    """No usable answer: ``detail`` says why in words a user can act on."""

    def __init__(self, detail: str, transient: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.transient = transient  # worth another attempt (no connection, timed out)


@dataclass
class Response:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes
    url: str  # where the answer came from (after same-host redirects), credentials removed

    @property
    def media_type(self) -> str:
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""

    def said(self, limit: int = 300) -> str:
        """The start of the body as one line, for error messages."""
        return " ".join(self.body[: limit * 2].decode("utf-8", "replace").split())[:limit]


def basic_auth(credentials: str) -> str:
    import base64

    return "Basic " + base64.b64encode(credentials.encode("utf-8")).decode("ascii")


def redact(url: str) -> str:
    """``url`` with the password of its user information replaced by ***."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None and "@" not in parts.netloc:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{user}:***@{host}" if parts.password is not None else f"{user}@{host}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def split_credentials(url: str) -> tuple[str, Optional[str]]:
    """(``url`` without user information, ``user:password`` from it or None)."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    host = parts.netloc.rpartition("@")[2]
    user = urllib.parse.unquote(parts.username or "")
    password = urllib.parse.unquote(parts.password or "")
    return urllib.parse.urlunsplit(parts._replace(netloc=host)), f"{user}:{password}"


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int]:
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def same_host(before: str, after: str) -> bool:
    """Whether a redirect from ``before`` to ``after`` stays with the same server
    (same scheme, host and port, or the same host moved to https)."""
    old, new = _origin(urllib.parse.urlsplit(before)), _origin(urllib.parse.urlsplit(after))
    return old == new or (old[0] == "http" and new == ("https", old[1], 443))


def request(
    method: str,
    url: str,
    body: Optional[bytes] = None,
    headers: Optional[Mapping[str, str]] = None,
    timeout: float = 60.0,
    auth: Optional[str] = None,
    follow: Iterable[int] = KEEP_METHOD,
) -> Response:
    """Send one request and read the whole answer within ``timeout`` seconds in all.

    ``auth`` (``user:password``, else any in the URL) is sent as HTTP basic
    credentials. A redirect whose code is in ``follow`` is followed when it stays
    on the same host, sending the same method, body and headers again; any other
    redirect is an HttpFailure naming where it pointed. Errors never show a password.
    """
    url, in_url = split_credentials(url)
    headers = {"User-Agent": USER_AGENT, **(headers or {})}
    if auth or in_url:
        headers["Authorization"] = basic_auth(auth or in_url)
    follow = frozenset(follow)
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        response = _exchange(method, url, body, headers, deadline, timeout)
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return response
        target = urllib.parse.urljoin(url, location)
        if response.status not in follow:
            raise HttpFailure(f"HTTP {response.status} {response.reason}: it redirects to {redact(target)}, "
                              "which was not followed (nothing was sent there); use that URL")
        if not same_host(url, target):
            raise HttpFailure(f"HTTP {response.status} {response.reason}: it redirects to another host "
                              f"({redact(target)}), which was not followed: it would get the body and the credentials")
        url = target
    raise HttpFailure(f"more than {MAX_REDIRECTS} redirects")


def _exchange(method: str, url: str, body: Optional[bytes], headers: dict, deadline: float, timeout: float) -> Response:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise HttpFailure("the URL must start with http:// or https:// and name a host")
    try:
        port = parts.port
    except ValueError as err:
        raise HttpFailure(f"bad port in the URL ({err})") from err
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    connection, target = _connection(scheme, parts.hostname, port, target, url, max(deadline - time.monotonic(), 0.001))
    try:
        try:
            connection.connect()
        except (OSError, http.client.HTTPException) as err:
            reason = "no answer" if isinstance(err, socket.timeout) else getattr(err, "strerror", None) or str(err) or type(err).__name__
            raise HttpFailure(f"cannot connect ({reason})", transient=True) from err
        # the socket's timeout is per read: a deadline for the whole exchange closes it
        expired = threading.Event()
        timer = threading.Timer(max(deadline - time.monotonic(), 0), _cut, (connection, expired))
        timer.daemon = True
        timer.start()
        try:
            connection.request(method, target, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException) as err:
            if expired.is_set() or isinstance(err, socket.timeout):
                raise HttpFailure(f"it accepted the connection but sent no complete answer within {timeout:g} s (timed out)",
                                  transient=True) from err
            raise HttpFailure(f"the connection broke ({err or type(err).__name__})", transient=True) from err
        finally:
            timer.cancel()
        return Response(answer.status, answer.reason, answer.headers, data, redact(url))
    finally:
        connection.close()


def _cut(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    expired.set()
    if connection.sock is not None:
        try:
            connection.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _connection(scheme: str, host: str, port: Optional[int], target: str, url: str, timeout: float):
    """A connection to ``host``, through the proxy the environment names if any
    (as urllib would); returns it with the request target to send."""
    import urllib.request

    proxy = urllib.request.getproxies().get(scheme)
    if proxy and not urllib.request.proxy_bypass(host):
        proxy_parts = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        proxy_headers = {}
        _plain, credentials = split_credentials(proxy_parts.geturl())
        if credentials:
            proxy_headers["Proxy-Authorization"] = basic_auth(credentials)
        if scheme == "https":
            connection = http.client.HTTPSConnection(proxy_parts.hostname, proxy_parts.port or 80, timeout=timeout,
                                                     context=ssl.create_default_context())
            connection.set_tunnel(host, port or 443, headers=proxy_headers)
            return connection, target
        connection = http.client.HTTPConnection(proxy_parts.hostname, proxy_parts.port or 80, timeout=timeout)
        absolute = urllib.parse.urlunsplit(("http", f"{host}:{port}" if port else host, target, "", ""))
        return _ProxiedConnection(connection, proxy_headers), absolute
    if scheme == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context()), target
    return http.client.HTTPConnection(host, port, timeout=timeout), target


class _ProxiedConnection:
    """An HTTP connection to a proxy that adds the proxy's credentials to each request."""

    def __init__(self, connection: http.client.HTTPConnection, proxy_headers: dict) -> None:
        self._connection = connection
        self._proxy_headers = proxy_headers

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def request(self, method, target, body=None, headers=None):
        self._connection.request(method, target, body=body, headers={**(headers or {}), **self._proxy_headers})
