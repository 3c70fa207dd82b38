"""`assistant serve`: start the web chat on the documents in the seeds folder."""

from __future__ import annotations

import argparse
import os
import sys

from index import Settings

HELP = "Start the web chat (Gradio) on 127.0.0.1."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=7860)


def run(args: argparse.Namespace, settings: Settings) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from assistant import Assistant

    from .app import ChatAdapter, create_app, launch

    print("Loading the model and the index…", file=sys.stderr, flush=True)
    assistant = Assistant(settings)
    sources = assistant.sources()
    adapter = ChatAdapter(assistant.answer, assistant.document, sources[0] if sources else None)
    app = create_app(adapter)
    url = launch(app, host=args.host, port=args.port, block=False)
    print(f"Web chat running at {url} (Ctrl+C to stop)", flush=True)  # printed once it listens
    try:
        app.block_thread()
    except KeyboardInterrupt:
        pass
    finally:
        app.close()
    return 0
