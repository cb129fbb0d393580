"""The shared server's access, without a server: tokens, URLs and how failures are put."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from briefbot.config import Settings
from briefbot.errors import BriefbotError
from briefbot.store.server import (
    GenerationGoneError,
    ServerAccess,
    ServerRefusedError,
    failure,
    read_token_file,
    split_url,
)

TOKEN = "a3" * 32
URL = "https://briefbot.council.example"


def test_the_token_is_never_in_a_repr(tmp_path: Path) -> None:
    settings = Settings(index=tmp_path, chroma_token=SecretStr(TOKEN))
    access = ServerAccess.from_settings(settings)
    assert TOKEN not in repr(settings) and TOKEN not in repr(access) and TOKEN not in str(access)
    assert access.headers() == {"Authorization": f"Bearer {TOKEN}"}
    assert ServerAccess().headers() == {}


def test_a_token_file_is_private_and_holds_one_token(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(f"  {TOKEN}  \n# a comment nobody reads\n", encoding="utf-8")
    path.chmod(0o640)
    with pytest.raises(BriefbotError, match="can be read by others; run `chmod 600"):
        read_token_file(path)
    path.chmod(0o600)
    assert read_token_file(path) == TOKEN
    settings = Settings(index=tmp_path, chroma_token_file=path)
    assert ServerAccess.from_settings(settings).headers()["Authorization"].endswith(TOKEN)
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(BriefbotError, match="is empty"):
        read_token_file(path)
    with pytest.raises(BriefbotError, match="cannot read the token file"):
        read_token_file(tmp_path / "missing")


def test_urls() -> None:
    assert split_url("https://host.example") == ("host.example", 443, True)
    assert split_url("host:8001") == ("host", 8001, False)
    for bad in ("ftp://host", "https://", "http://host:notaport"):
        with pytest.raises(BriefbotError):
            split_url(bad)


def test_each_failure_in_its_own_words() -> None:
    request = httpx.Request("GET", URL)
    timed_out = failure(URL, httpx.ReadTimeout("slow", request=request), 7)
    assert str(timed_out) == f"the Chroma server at {URL} did not answer within 7 s"
    refused = failure(URL, httpx.ConnectError("[Errno 111] refused", request=request))
    assert "cannot reach the Chroma server" in str(refused)
    tls = failure(URL, httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]", request=request))
    assert "set BRIEFBOT_CHROMA_CA" in str(tls)
    gone = failure(URL, Exception("Collection [briefbot-x-gen-000001] does not exist"))
    assert isinstance(gone, GenerationGoneError)
    odd = failure(URL, Exception("<html>\n<h1>500</h1>\n</html>"))
    assert "\n" not in str(odd) and "500" in str(odd)
    already = ServerRefusedError("said")
    assert failure(URL, already) is already
