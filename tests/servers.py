"""Real servers on 127.0.0.1 for the shared-index tests: a Chroma server, and nginx in front of it
with TLS and bearer tokens, configured by the very file the README tells an IT team to install
(deploy/nginx/briefbot.conf), with only its ports and paths changed."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO

CHROMA = Path(sys.executable).parent / "chroma"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = REPO / "deploy" / "nginx" / "briefbot.conf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.2)


def launch(command: list[str], port: int, what: str) -> subprocess.Popen[bytes]:
    """Start a server and wait until it listens on its port."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process, what)
    return process


def halt(process: subprocess.Popen[bytes] | None) -> None:
    """Stop a server started by launch, if it still runs."""
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class ChromaServer:
    """`chroma run` on a folder; stop() and start() again keep its data (a restart)."""

    data: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ChromaServer:
        command = [str(CHROMA), "run", "--path", str(self.data)]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        self.process = launch(command, self.port, "the Chroma server")
        return self

    def stop(self) -> None:
        self.process = halt(self.process)


@dataclass
class Proxy:
    """nginx with the shipped site file, a self-signed certificate and two tokens."""

    folder: Path
    upstream: int
    port: int = field(default_factory=free_port)
    reader: str = field(default_factory=lambda: secrets.token_hex(32))
    refresher: str = field(default_factory=lambda: secrets.token_hex(32))
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca(self) -> Path:
        return self.folder / "cert.pem"

    def configure(self) -> Path:
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
            + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
            + ["-keyout", str(folder / "key.pem"), "-out", str(self.ca)],
            check=True,
            capture_output=True,
        )
        tokens = folder / "tokens.map"
        tokens.write_text(
            f'"Bearer {self.reader}" reader;\n"Bearer {self.refresher}" refresher;\n',
            encoding="utf-8",
        )
        site = SITE.read_text(encoding="utf-8")
        for shipped, here in (
            ("listen 443 ssl;", f"listen 127.0.0.1:{self.port} ssl;"),
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{self.upstream};"),
            ("/etc/briefbot/tokens.map", str(tokens)),
            ("/etc/ssl/briefbot/cert.pem", str(self.ca)),
            ("/etc/ssl/briefbot/key.pem", str(folder / "key.pem")),
            ("/var/log/nginx/briefbot.access.log", str(folder / "access.log")),
        ):
            assert shipped in site, shipped  # the shipped file still reads as the README says
            site = site.replace(shipped, here)
        (folder / "briefbot.conf").write_text(site, encoding="utf-8")
        main = folder / "nginx.conf"
        temp = {n: folder / n for n in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        main.write_text(
            # as root (CI), workers would drop to nobody, who cannot reach pytest's tmp folders
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"worker_processes 2;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} warn;\nevents {{ worker_connections 256; }}\n"
            "http {\n"
            f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
            f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
            f"  scgi_temp_path {temp['scgi']};\n  include {folder / 'briefbot.conf'};\n}}\n",
            encoding="utf-8",
        )
        return main

    def start(self) -> Proxy:
        main = self.configure()
        command = [NGINX, "-p", str(self.folder), "-e", str(self.folder / "error.log")]
        self.process = launch([*command, "-c", str(main), "-g", "daemon off;"], self.port, "nginx")
        return self

    def stop(self) -> None:
        self.process = halt(self.process)
