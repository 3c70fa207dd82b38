"""`assistant serve`: start the web chat on the documents in the seeds folder."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

from assistant import InputError, Settings

HELP = "Start the web chat (Gradio) on 127.0.0.1."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument(
        "--expose",
        action="store_true",
        help="allow a --host other than loopback; "
        "set ASSISTANT_AUTH_USER and ASSISTANT_AUTH_PASSWORD to require a login",
    )


def check_host(host: str, *, expose: bool) -> None:
    """Anything but loopback needs --expose: the chat must not reach a network by accident."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not expose:
        raise InputError(f"--host {host} would expose the chat beyond this machine: add --expose to mean it.")


def check_port(host: str, port: int) -> None:
    """The port must be one the chat can listen on: said in one line before the model loads,
    rather than as a traceback from the web server after it."""
    import socket

    if not 0 < port < 65536:
        raise InputError(f"--port {port} is not a port: use a number from 1 to 65535.")
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except OSError as error:
        raise InputError(f"--host {host} is not an address of this machine ({error.strerror or error}).") from None
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"Cannot listen on {host}:{port} ({reason}): choose another --port.") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    check_host(args.host, expose=args.expose)
    check_port(args.host, args.port)
    _fewer_malloc_arenas()
    auth = settings.login
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant import Assistant

    from .app import adapter_for, create_app, launch

    print("Loading the model and the index…", file=sys.stderr, flush=True)
    assistant = Assistant.open(settings)
    app = create_app(adapter_for(assistant, login_required=auth is not None))
    url = launch(app, host=args.host, port=args.port, auth=auth)
    login = " (login required)" if auth else ""  # the credentials themselves are never printed
    print(f"Web chat running at {url}{login} (Ctrl+C to stop)", flush=True)  # printed once it listens
    try:
        app.block_thread()
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
    return 0


def _fewer_malloc_arenas(count: int = 2) -> None:
    """glibc gives each thread that allocates its own heap arena, up to 8 per core, and keeps
    what they grew: the server's request threads and ONNX Runtime's pool made a few dozen MB
    of mostly free heap. Two arenas are plenty for a chat on a laptop. Set before any thread."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        ctypes.CDLL(name).mallopt(-8, count)  # M_ARENA_MAX; other C libraries just lack it
    except (OSError, AttributeError):
        pass
