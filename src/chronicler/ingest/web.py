"""Fetching URLs politely: a named user agent, timeouts, bounded retries, a size cap."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import httpx

from chronicler.errors import E, ErrorSpec
from chronicler.ingest.core import IngestOptions, iter_limited

log = logging.getLogger(__name__)

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 30.0  # seconds; a server asking for longer is treated as down


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
            follow_redirects=True,
            max_redirects=5,
            headers={
                "User-Agent": options.user_agent,
                "Accept": "text/html, application/xhtml+xml, application/rss+xml, "
                "application/atom+xml, application/xml;q=0.9, text/plain;q=0.8, */*;q=0.5",
            },
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str) -> Fetched:
        """The body of `url`; retries 5xx/429 and network errors with exponential backoff."""
        attempts = self.options.retries + 1
        last = "no attempt"
        for attempt in range(attempts):
            try:
                return self._get_once(url)
            except _Retryable as exc:
                last, wait = str(exc), exc.wait
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise FetchError(E.FETCH_FAILED, str(exc)) from exc
            except httpx.TransportError as exc:
                last, wait = f"{type(exc).__name__}: {exc}".rstrip(": "), None
            if attempt + 1 < attempts:
                delay = wait if wait is not None else self.options.backoff * 2**attempt
                log.info("fetch %s failed (%s); retry %d in %.1fs", url, last, attempt + 1, delay)
                time.sleep(delay)
        raise FetchError(E.FETCH_FAILED, f"{last}; gave up after {attempts} attempts")

    def _get_once(self, url: str) -> Fetched:
        limit = self.options.max_bytes
        with self.client.stream("GET", url) as response:
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
