"""Addresses a server of the toolkit listens on: read from an option, and free or not.

``toolkit serve --dev-addr``, ``toolkit serve --versions`` and ``toolkit edit --port``
take them. A value is checked before anything starts (a port is 1–65535, a host is an
IP address or a host name, nothing an nginx configuration or a command line could read
as more), and the port is tried before the server is started, so a busy port is one
Norwegian line instead of a traceback from deep inside MkDocs, or an nginx that gives up
after its URL was printed.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import socket
from dataclasses import dataclass

_HOST_NAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                        r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


# Where the preview and the form listen unless told otherwise (`make serve`, `make edit`).
PREVIEW = "127.0.0.1:8000"
EDITOR_PORT = 8001


class AddressError(ValueError):
    """An address or port that cannot be used: one line in Norwegian."""


@dataclass(frozen=True)
class Address:
    host: str  # an IP address (IPv6 without brackets) or a host name
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def port_number(text: str) -> int:
    """A TCP port, 1–65535."""
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise AddressError(f"«{text}» er ikke et portnummer (et helt tall fra 1 til 65535)")
    return int(text)


def host_name(text: str) -> str:
    """An IP address or a host name (letters, digits, hyphens and dots)."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if not _HOST_NAME.match(text):
        raise AddressError(f"«{text}» er ikke en IP-adresse eller et vertsnavn")
    return text


def address(text: str) -> Address:
    """``host:port`` (``[::1]:8000`` for IPv6)."""
    host, colon, port = text.rpartition(":")
    if not colon or not host:
        raise AddressError(f"«{text}» er ikke en adresse på formen vert:port, som 127.0.0.1:8000")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        if ":" not in host:
            raise AddressError(f"«{text}» er ikke en adresse på formen vert:port, som 127.0.0.1:8000")
    elif ":" in host:
        raise AddressError(f"«{text}»: skriv en IPv6-adresse i hakeparenteser, som [::1]:8000")
    return Address(host_name(host), port_number(port))


def busy(where: Address) -> str | None:
    """Why nothing can listen on ``where`` now (in Norwegian), or None when it is free.

    Tried the way the servers bind (with ``SO_REUSEADDR``, so a port that a stopped server
    left in TIME_WAIT counts as free)."""
    found = failure(where)
    return found[1] if found else None


def failure(where: Address) -> tuple[int, str] | None:
    """Why nothing can listen on ``where``: the error number (``errno.EADDRINUSE`` when another
    program listens there; 0 when there is none) and the Norwegian reason; None when free."""
    try:
        # The family the servers take: IPv6 for an IPv6 address, else IPv4 (a host name too).
        family = socket.AF_INET6 if ":" in where.host else socket.AF_INET
        found = socket.getaddrinfo(where.host, where.port, family=family, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return 0, f"fant ikke vertsnavnet «{where.host}» på denne maskinen eller i navnetjenesten"
    for family, kind, protocol, _, sockaddr in found[:1]:  # the one the server will take
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(sockaddr)
                probe.listen(1)
            except PermissionError as exc:
                return (exc.errno or 0,
                        f"porten {where.port} krever rettigheter som denne brukeren ikke har; velg en over 1023")
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    return exc.errno, f"porten {where.port} på {where.host} er allerede i bruk av et annet program"
                if exc.errno == errno.EADDRNOTAVAIL:
                    return exc.errno, f"adressen {where.host} hører ikke til denne maskinen"
                return exc.errno or 0, f"kan ikke lytte på {where}: {exc.strerror or exc}"
    return None

def free_after(where: Address, avoid: frozenset[int] = frozenset(), tries: int = 100) -> Address | None:
    """The first port after ``where``'s on its host that is free now and not in ``avoid``
    (the port another of our servers takes by default), or None within ``tries`` ports."""
    for port in range(where.port + 1, min(where.port + tries, 65535) + 1):
        if port not in avoid and busy(Address(where.host, port)) is None:
            return Address(where.host, port)
    return None
