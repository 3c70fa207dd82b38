"""Local services for benchmarks and tests: a free loopback port, `assistant serve`, a `chroma run` server."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(env: Mapping[str, str], *, cwd: Path | None = None) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    """`assistant serve` started as a user starts it, on a free loopback port: the process, its
    URL and the line it printed once listening. RuntimeError (with its errors) if it did not
    start; stopped on leaving."""
    port = free_port()
    # Errors go to a file, not a pipe: a pipe nobody reads would stall a long-running server.
    with tempfile.TemporaryFile("w+") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)],
            env=dict(env),
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        try:
            assert server.stdout is not None
            line = server.stdout.readline()  # "Web chat running at ..." once it listens
            if "running at" not in line:
                server.terminate()
                server.wait(timeout=30)
                errors.seek(0)
                said = line.strip() or errors.read()[-2000:] or "no output"
                raise RuntimeError(f"assistant serve did not start: {said}")
            yield server, f"http://127.0.0.1:{port}/", line
        finally:
            server.terminate()
            server.wait(timeout=30)


class ChromaServer:
    """The `chroma` command from the chromadb package, on a free loopback port."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 30.0) -> None:
        import httpx

        chroma = Path(sys.executable).with_name("chroma")
        command = [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"chroma run did not start on {self.url}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)
            self.process = None
