"""What a request may reach and how much it may bring back: addresses, redirects, sizes.

Redirects are followed here, a few hops at most, and never from a public host to a
loopback, private, link-local or metadata address. Link-local and metadata addresses
(``169.254.169.254``) are refused always. Every body is read as a stream and dropped as
soon as its decoded size passes :data:`MAX_BODY`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from urllib.parse import urlsplit

# Far above a real day: a 1,000-paper listing is about 1.5 MB.
MAX_BODY = 64 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECTS = frozenset((301, 302, 303, 307, 308))

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def short_url(url: str, limit: int = 80) -> str:
    """``url`` without credentials, cut to ``limit`` characters for a message."""
    text = strip_credentials(url)
    return text if len(text) <= limit else text[: limit - 1] + "…"


_CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@")


def strip_credentials(url: str) -> str:
    """``url`` without ``user:password@`` (kept out of files, logs and the screen)."""
    return _CREDENTIALS.sub(r"\1", url)


def usable(url: str) -> str | None:
    """Why ``url`` cannot be requested (scheme, host, port), or None when it can."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"not a usable address ({error})"
    if parts.scheme not in ("http", "https"):
        return "not a usable address (only http and https can be fetched)"
    if not parts.hostname:
        return "not a usable address (it has no host)"
    if port == 0:
        return "not a usable address (port 0)"
    return None


def _blocked_always(address: Address) -> bool:
    return address.is_link_local or address.is_multicast or address.is_unspecified


def _inner(address: Address) -> bool:
    """Loopback, private or reserved: not on the public internet."""
    return address.is_loopback or address.is_private or address.is_reserved


async def addresses(host: str) -> list[Address]:
    """The addresses ``host`` resolves to (an address literal is itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return []  # the request itself will say the name was not found
    found: list[Address] = []
    for info in infos:
        try:
            found.append(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]))
        except ValueError:
            continue
    return found


async def redirect_refusal(source: str, target: str) -> str | None:
    """Why a redirect from ``source`` to ``target`` is refused, or None when it may go."""
    problem = usable(target)
    if problem:
        return problem
    target_host = urlsplit(target).hostname or ""
    target_addresses = await addresses(target_host)
    if any(_blocked_always(a) for a in target_addresses):
        return f"it leads to a link-local or metadata address ({target_host})"
    source_addresses = await addresses(urlsplit(source).hostname or "")
    public_source = bool(source_addresses) and not any(_inner(a) for a in source_addresses)
    if public_source and any(_inner(a) for a in target_addresses):
        return f"it leads from a public host to a private address ({target_host})"
    return None
