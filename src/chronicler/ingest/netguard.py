"""Outgoing HTTP that hostile input cannot aim inward, and that always ends.

Two rules for every fetch chronicler makes on someone else's behalf (URL
ingest, `--fetch-links`, webhook deliveries):

* **Public addresses only**, unless the user opts in: a host that resolves to a
  loopback, private, link-local (cloud metadata: 169.254.169.254), shared,
  reserved or multicast address is refused. The check runs on the address the
  socket actually connects to (our own network backend resolves the name and
  connects to the checked address), so a name that resolves differently a
  second time (DNS rebinding) gains nothing, and it runs again on every
  redirect hop because every hop opens its own connection.
* **A total deadline**: every socket read, write and TLS handshake of a fetch
  gets at most the time left until the fetch's deadline, so a server trickling
  one byte a second is cut off at the deadline rather than never.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import os
import socket
import ssl
import time
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

ENV_ALLOW_PRIVATE = "CHRONICLER_ALLOW_PRIVATE_ADDRESSES"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """A connection to a non-public address that the user did not allow."""


class DeadlineExceeded(httpcore.ReadTimeout):
    """The fetch as a whole ran past its deadline (a timeout, so never retried past it)."""


def allow_private_from_env(env: dict[str, str] | None = None) -> bool:
    value = (env if env is not None else os.environ).get(ENV_ALLOW_PRIVATE, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def why_not_public(address: str) -> str | None:
    """Why `address` (an IP literal) may not be reached without opting in; None if public."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "private", "multicast", "unspecified", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return f"{ip} is {kind.replace('_', '-')}"
    if not ip.is_global:  # shared address space (100.64/10) and other special ranges
        return f"{ip} is not a public address"
    return None


def why_host_refused(host: str) -> str | None:
    """For checks without DNS (saving a webhook): literal addresses and local names."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith((".localhost", ".local", ".internal")):
        return f"{name} is a local name"
    return why_not_public(name)


def url_host_refused(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return why_host_refused(host) if host else None


# --- the deadline of the fetch running in this thread ------------------------------

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("fetch_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Every socket operation inside must finish within `seconds` from now, all together."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def time_left() -> float | None:
    end = _DEADLINE.get()
    return None if end is None else end - time.monotonic()


def _bounded(timeout: float | None) -> float | None:
    left = time_left()
    if left is None:
        return timeout
    if left <= 0:
        raise DeadlineExceeded("the fetch's total deadline was exceeded")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:  # fmt: skip
        return _Stream(self.inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Resolve, check every address, connect to a checked one; streams keep the deadline."""

    def __init__(self, allow_private: bool, allowed_hosts: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        # Names (as written in URLs, optionally with :port) the user trusts although inward.
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:  # fmt: skip
        timeout = _bounded(timeout)
        if self.allow_private or {host.lower(), f"{host.lower()}:{port}"} & self.allowed_hosts:
            return _Stream(super().connect_tcp(host, port, timeout, local_address, socket_options))
        reason = why_host_refused(host)
        if reason:
            raise AddressRefused(reason)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        # Any inward address refuses the host: a name that resolves both ways
        # would otherwise reach the inside on some attempts.
        for address in addresses:
            reason = why_not_public(address)
            if reason:
                raise AddressRefused(f"{host} resolves to {reason}")
        last: Exception | None = None
        for address in addresses:
            try:
                return _Stream(super().connect_tcp(address, port, timeout, local_address, socket_options))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")


def guarded_transport(allow_private: bool, allowed_hosts: Iterable[str] = (), **kwargs: Any) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through `GuardedBackend`."""
    transport = httpx.HTTPTransport(**kwargs)
    # httpx builds its httpcore pool without a way to pass a network backend.
    transport._pool._network_backend = GuardedBackend(allow_private, allowed_hosts)
    return transport


def redact_url(url: str) -> str:
    """`url` with its userinfo and query values masked (they are often the webhook's secret)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<unparsable URL>"
    netloc = ("***@" if "@" in parts.netloc else "") + (f"[{host}]" if ":" in host else host) + port
    query = urlencode([(k, "***") for k, _ in parse_qsl(parts.query, keep_blank_values=True)], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
