"""Fetching URLs politely: a named user agent, timeouts, bounded retries, a size cap.

And defensively (`netguard`): public addresses only unless the user opts in,
checked on every redirect hop, and a total deadline per fetch, retries included.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import httpx

from chronicler.errors import E, ErrorSpec
from chronicler.ingest.core import IngestOptions, iter_limited
from chronicler.ingest.netguard import AddressRefused, deadline, guarded_transport, time_left

log = logging.getLogger(__name__)

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 30.0  # seconds; a server asking for longer is treated as down
MAX_REDIRECTS = 5
REDIRECT_STATUS = {301, 302, 303, 307, 308}


@dataclass
class Fetched:
    data: bytes
    content_type: str
    url: str  # after redirects


class FetchError(Exception):
    def __init__(self, spec: ErrorSpec, detail: str) -> None:
        super().__init__(detail)
        self.spec, self.detail = spec, detail


class _Retryable(Exception):
    def __init__(self, detail: str, wait: float | None = None) -> None:
        super().__init__(detail)
        self.wait = wait


class Fetcher:
    """One HTTP client for a whole ingest run (connection reuse); close it when done."""

    def __init__(self, options: IngestOptions, transport: httpx.BaseTransport | None = None) -> None:
        self.options = options
        self.client = httpx.Client(
            timeout=httpx.Timeout(options.timeout),
            # Redirects are followed here, hop by hop, so that each is checked.
            follow_redirects=False,
            headers={
                "User-Agent": options.user_agent,
                "Accept": "text/html, application/xhtml+xml, application/rss+xml, "
                "application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5",
            },
            transport=transport or guarded_transport(options.allow_private_addresses, options.allowed_hosts),
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str) -> Fetched:
        """The body of `url`; retries 5xx/429 and network errors with exponential backoff.

        The whole fetch, retries and their waits included, ends by `options.deadline`.
        """
        with deadline(self.options.deadline):
            return self._get(url)

    def _get(self, url: str) -> Fetched:
        attempts = self.options.retries + 1
        last = "no attempt"
        for attempt in range(attempts):
            try:
                return self._get_once(url)
            except _Retryable as exc:
                last, wait = str(exc), exc.wait
            except AddressRefused as exc:
                raise FetchError(E.ADDRESS_REFUSED, str(exc)) from exc
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise FetchError(E.FETCH_FAILED, str(exc)) from exc
            except httpx.TransportError as exc:
                last, wait = f"{type(exc).__name__}: {exc}".rstrip(": "), None
            left = time_left()
            if left is not None and left <= 0:
                raise FetchError(E.FETCH_FAILED, f"{last}; the {self.options.deadline:g}s deadline for this "
                                 f"fetch ran out after {attempt + 1} attempt(s)")
            if attempt + 1 < attempts:
                delay = wait if wait is not None else self.options.backoff * 2**attempt
                if left is not None and delay >= left:
                    raise FetchError(E.FETCH_FAILED, f"{last}; the next retry would pass the "
                                     f"{self.options.deadline:g}s deadline")
                log.info("fetch %s failed (%s); retry %d in %.1fs", _shown(url), last, attempt + 1, delay)
                time.sleep(delay)
        raise FetchError(E.FETCH_FAILED, f"{last}; gave up after {attempts} attempts")

    def _get_once(self, url: str) -> Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            with self.client.stream("GET", url) as response:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUS and location:
                    # The next hop opens its own connection: the address check runs again.
                    url = str(response.url.join(location))
                    continue
                return self._body(response)
        raise FetchError(E.FETCH_FAILED, f"more than {MAX_REDIRECTS} redirects")

    def _body(self, response: httpx.Response) -> Fetched:
        limit = self.options.max_bytes
        status = response.status_code
        if status in RETRY_STATUS:
            raise _Retryable(f"HTTP {status}", _retry_after(response))
        if status >= 400:
            raise FetchError(E.FETCH_FAILED, f"HTTP {status}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(E.TOO_LARGE, f"{declared} bytes announced > {limit}")
        try:
            # Decompressed bytes are counted, so a compression bomb stops too.
            data = b"".join(iter_limited(response.iter_bytes(), limit))
        except OverflowError as exc:
            raise FetchError(E.TOO_LARGE, f"{exc} > {limit}") from exc
        return Fetched(data, response.headers.get("content-type", ""), str(response.url))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    if not value.isdigit():
        return None
    return min(float(value), MAX_RETRY_AFTER)


def _shown(url: str) -> str:
    """The URL for logs: userinfo and query values masked (they may be credentials)."""
    from chronicler.ingest.netguard import redact_url

    return redact_url(url)
