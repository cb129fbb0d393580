"""Reaching a shared Chroma server through the council's authenticating proxy.

The open-source Chroma server has no authentication of its own, so a council puts it behind a
proxy (deploy/nginx/briefbot.conf) that checks `Authorization: Bearer <token>` and lets a
reader's token query but not write. Here briefbot sends that token, bounds every request by a
timeout, and turns what the server or the proxy says into one line a person can act on. The
token is held as a secret: it never appears in a repr, an error, a log or the index.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import SecretStr

from briefbot.errors import BriefbotError

if TYPE_CHECKING:
    import httpx

    from briefbot.config import Settings

DEFAULT_TIMEOUT = 30.0  # seconds a request may take before the reader is told


class ServerError(BriefbotError):
    """The Chroma server, or the proxy before it, did not do what was asked."""


class ServerRefusedError(ServerError):
    """The proxy refused the token (none, wrong, or not allowed to do this)."""


class GenerationGoneError(ServerError):
    """The generation's collection is no longer on the server (a refresh pruned it)."""


@dataclass(frozen=True)
class ServerAccess:
    """How to reach a Chroma server: the token (a secret), the CA to trust, the timeout."""

    token: SecretStr | None = field(default=None, repr=False)
    ca: Path | None = None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerAccess:
        """The access the settings describe; a token file must be readable by its owner only."""
        token = settings.chroma_token
        if token is None and settings.chroma_token_file is not None:
            token = SecretStr(read_token_file(settings.chroma_token_file))
        ca = settings.chroma_ca
        if ca is not None and not ca.is_file():
            raise BriefbotError(f"the CA certificate file {ca} does not exist")
        return cls(token=token, ca=ca, timeout=settings.chroma_timeout)

    def headers(self) -> dict[str, str]:
        if self.token is None:
            return {}
        return {"Authorization": f"Bearer {self.token.get_secret_value()}"}


def read_token_file(path: Path) -> str:
    """The token in a file (first line), refusing a file others may read, as ssh does."""
    try:
        info = path.stat()
        if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise BriefbotError(
                f"the token file {path} can be read by others; run `chmod 600 {path}`"
            )
        token = path.read_text(encoding="utf-8").strip().splitlines()
    except OSError as error:
        raise BriefbotError(
            f"cannot read the token file {path} ({error.strerror or type(error).__name__})"
        ) from None
    except UnicodeDecodeError:
        raise BriefbotError(f"the token file {path} is not text") from None
    if not token or not token[0].strip():
        raise BriefbotError(f"the token file {path} is empty")
    return token[0].strip()


def split_url(url: str) -> tuple[str, int, bool]:
    """Host, port and whether TLS is on, from http(s)://host[:port]."""
    parts = urlsplit(url if "//" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BriefbotError(f"the Chroma server URL {url!r} is not http(s)://host:port")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 8000)
    except ValueError:
        raise BriefbotError(f"the Chroma server URL {url!r} has a bad port") from None
    return parts.hostname, port, parts.scheme == "https"


def _status_line(url: str, status: int, writing: bool) -> ServerError:
    if status == 401:
        return ServerRefusedError(
            f"the server at {url} refused the request: no token, or a token it does not know "
            "(set BRIEFBOT_CHROMA_TOKEN or BRIEFBOT_CHROMA_TOKEN_FILE)"
        )
    if status == 403:
        what = "change the index" if writing else "do this"
        return ServerRefusedError(
            f"the server at {url} does not let this token {what} (403): a reader's token can "
            "ask but not refresh"
        )
    if status in (502, 503, 504):
        return ServerError(
            f"the Chroma server behind {url} is not answering ({status}); it may be restarting: "
            "try again in a moment"
        )
    return ServerError(f"the Chroma server at {url} answered {status}")


def failure(url: str, error: BaseException, timeout: float = DEFAULT_TIMEOUT) -> ServerError:
    """One line for anything a server call raised: connection, timeout, TLS, a missing
    collection, or a refusal already put into words by the status hook."""
    if isinstance(error, ServerError):
        return error
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return ServerError(f"the Chroma server at {url} did not answer within {timeout:g} s")
    if isinstance(error, httpx.ConnectError) and "CERTIFICATE" in str(error).upper():
        return ServerError(
            f"cannot trust the TLS certificate of {url}; set BRIEFBOT_CHROMA_CA to the "
            "council's CA file"
        )
    if isinstance(error, httpx.TransportError):
        return ServerError(
            f"cannot reach the Chroma server at {url} ({type(error).__name__}); check that it "
            "is running, then try again"
        )
    name = type(error).__name__
    if name in ("NotFoundError", "InvalidCollectionException") or "does not exist" in str(error):
        return GenerationGoneError(
            f"the Chroma server at {url} no longer holds this generation of the index"
        )
    said = " ".join(str(error).split())[:160]  # the server's own words, on one line
    return ServerError(f"the Chroma server at {url} failed ({name}: {said})")


_READS = ("/query", "/get", "/count", "/search")


def _hook(url: str) -> Any:
    """An httpx response hook: a refusal or a proxy's error page becomes one line."""

    def check(response: httpx.Response) -> None:
        if response.status_code in (401, 403, 502, 503, 504):
            request = response.request
            writing = request.method != "GET" and not request.url.path.endswith(_READS)
            raise _status_line(url, response.status_code, writing)

    return check


def connect(url: str, access: ServerAccess) -> Any:
    """A Chroma HttpClient for `url` that sends the token and gives up after the timeout."""
    import chromadb
    import httpx

    from briefbot.store.vectors import chroma_settings

    host, port, tls = split_url(url)
    settings = chroma_settings()
    if tls and access.ca is not None:
        settings.chroma_server_ssl_verify = str(access.ca)
    probe(url, access)  # before the client: its constructor asks the server, un-hooked
    try:
        client = chromadb.HttpClient(
            host=host, port=port, ssl=tls, headers=access.headers(), settings=settings
        )
    except Exception as error:
        raise failure(url, error, access.timeout) from None
    # chromadb's HTTP client sets no timeout of its own (httpx's None): bound it here
    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise ServerError(f"this chromadb {chromadb.__version__} cannot be given a timeout")
    session.timeout = httpx.Timeout(access.timeout, connect=min(5.0, access.timeout))
    hooks = session.event_hooks
    hooks["response"] = [*hooks.get("response", []), _hook(url)]
    session.event_hooks = hooks
    return client


@dataclass(frozen=True)
class ServerState:
    """What `briefbot status` says of the server."""

    url: str
    version: str | None
    token: str  # "accepted", "refused", "none sent"
    error: str | None = None


def probe(url: str, access: ServerAccess) -> str:
    """Ask the server who we are (an authenticated read); its version, or a one-line error."""
    import httpx

    host, port, tls = split_url(url)
    base = f"{'https' if tls else 'http'}://{host}:{port}/api/v2"
    verify: Any = str(access.ca) if (tls and access.ca is not None) else True
    try:
        with httpx.Client(
            timeout=httpx.Timeout(access.timeout, connect=min(5.0, access.timeout)),
            verify=verify,
            headers=access.headers(),
            event_hooks={"response": [_hook(url)]},
        ) as session:
            session.get(f"{base}/auth/identity").raise_for_status()
            version = session.get(f"{base}/version")
            version.raise_for_status()
            return str(version.json())
    except httpx.HTTPStatusError as error:
        raise ServerError(
            f"the Chroma server at {url} answered {error.response.status_code}"
        ) from None
    except Exception as error:
        raise failure(url, error, access.timeout) from None


def server_state(url: str, access: ServerAccess) -> ServerState:
    sent = access.token is not None
    try:
        version = probe(url, access)
    except ServerRefusedError as error:
        return ServerState(url, None, "refused" if sent else "none sent", str(error))
    except ServerError as error:
        return ServerState(url, None, "unknown", str(error))
    return ServerState(url, version, "accepted" if sent else "none sent")
