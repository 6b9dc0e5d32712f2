"""Real servers on loopback for the tests: an SMTP server that keeps what it receives, and Redis."""

import email
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.postgres import free_port


@dataclass
class SmtpServer:
    """What a loopback SMTP server received; set `refuse` to make it answer every message with an error."""

    host: str
    port: int
    messages: list[Message] = field(default_factory=list)
    refuse: bool = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's handler name)
        if self.refuse:
            return "451 Requested action aborted: try again later"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        """Return the messages sent to one address."""
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def smtp_server():
    """Run an SMTP server on a free loopback port for the length of the block."""
    server = SmtpServer("127.0.0.1", free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def find_redis_server() -> str | None:
    """Return the path of redis-server, if installed."""
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if Path(p).exists()), None
    )


@contextmanager
def redis_server(binary: str):
    """Start a throwaway Redis on a free loopback port; yield its URL."""
    port = free_port()
    directory = tempfile.mkdtemp(prefix="quizapp-redis-")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)


def _wait_for_port(port: int, timeout: float = 10.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port} after {timeout} s")
