"""A small OpenAI-compatible chat server on loopback that returns scripted replies.

It speaks just enough of POST /v1/chat/completions (plain and streamed as server-sent events)
for LangChain's ChatOpenAI. Each request takes the next scripted step: a reply text, or
{"status": 500} for a server error, or {"delay": seconds, "text": ...} for a slow reply. With
the script used up it quotes the first numbered source sentence it was given, cited [1].
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from evals.local import free_port

Step = str | dict[str, Any]


class StubServer:
    def __init__(self, script: list[Step] | None = None) -> None:
        self.script = list(script or [])
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self._server.daemon_threads = True

    def next_step(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            step = self.script.pop(0) if self.script else None
        if step is None:
            prompt = str(body["messages"][-1]["content"])
            first = re.search(r"^\[1\] (.+)$", prompt, re.MULTILINE)
            return {"text": f"{first.group(1)} [1]" if first else "I don't know."}
        return {"text": step} if isinstance(step, str) else step

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - the http.server interface
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with stub._lock:
                    stub.requests.append(body)
                    stub.headers.append(dict(self.headers))
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                step = stub.next_step(body)
                time.sleep(step.get("delay", 0))
                if "status" in step:
                    self._send(step["status"], {"error": {"message": "scripted failure", "type": "server_error"}})
                    return
                text = step["text"]
                if body.get("stream"):
                    self._stream(text, body.get("model", "stub"))
                else:
                    self._send(200, _completion(text, body.get("model", "stub")))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, text: str, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = re.findall(r"\S+\s*|\s+", text)  # word by word, as servers stream
                for i, piece in enumerate(pieces):
                    delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                    self._event(_chunk(model, delta, None))
                self._event(_chunk(model, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

        return Handler

    def start(self) -> StubServer:
        threading.Thread(target=self._server.serve_forever, name="openai-stub", daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


@contextmanager
def stub_server(script: list[Step] | None = None) -> Iterator[StubServer]:
    server = StubServer(script).start()
    try:
        yield server
    finally:
        server.stop()
