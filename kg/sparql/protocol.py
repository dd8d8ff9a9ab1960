"""The client side of the SPARQL 1.1 protocol: one POST to a query or update
endpoint, its refusals and failures as kg's errors (E021, E025)."""
from __future__ import annotations

import re
from typing import Iterable, Optional

from ..errors import KgError
from .httpclient import KEEP_METHOD, HttpFailure, Response, redact, request


def checked_endpoint(url: str) -> str:
    """The endpoint's URL as shown (no password); E025 unless it is http(s)."""
    shown = redact(url)
    if not re.match(r"(?i)https?://", url):
        raise KgError("E025", url=shown, detail="the URL must start with http:// or https://")
    return shown


def post(url: str, body: bytes, headers: dict, timeout: float, auth: Optional[str],
         follow: Iterable[int] = KEEP_METHOD) -> Response:
    """POST ``body`` to the endpoint; its 2xx answer, else E021 (it could not parse it, HTTP 400) or E025."""
    try:
        response = request("POST", url, body, headers, timeout, auth, follow=follow)
    except HttpFailure as err:
        raise KgError("E025", url=redact(url), detail=err.detail) from err
    if response.status == 400:  # the SPARQL protocol's answer to a request the endpoint cannot parse
        raise KgError("E021", detail=f"the endpoint refused it (HTTP 400): {response.said()}")
    if not 200 <= response.status < 300:
        detail = f"HTTP {response.status} {response.reason}: {response.said()}".rstrip(": ")
        raise KgError("E025", url=redact(url), detail=detail)
    return response
