"""The one settings object, read from ASSISTANT_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

PREFIX = "ASSISTANT_"


def _default_root() -> Path:
    # The repository root when run from a checkout; the working directory otherwise.
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() else Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Where the documents and the store live, and the limits the assistant enforces."""

    seeds_dir: Path = field(default_factory=lambda: _default_root() / "seeds")
    store_dir: Path = field(default_factory=lambda: _default_root() / ".store")
    reports_dir: Path = field(default_factory=lambda: _default_root() / ".reports")
    chroma_url: str | None = None
    collection: str = "sentences"
    max_question_tokens: int = 512
    max_history_turns: int = 6
    auto_index: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        base = cls()
        get = lambda name: env.get(PREFIX + name) or None  # noqa: E731
        return replace(
            base,
            seeds_dir=Path(get("SEEDS_DIR") or base.seeds_dir).expanduser(),
            store_dir=Path(get("STORE_DIR") or base.store_dir).expanduser(),
            reports_dir=Path(get("REPORTS_DIR") or base.reports_dir).expanduser(),
            chroma_url=get("CHROMA_URL"),
            collection=get("COLLECTION") or base.collection,
            max_question_tokens=int(get("MAX_QUESTION_TOKENS") or base.max_question_tokens),
            max_history_turns=int(get("MAX_HISTORY_TURNS") or base.max_history_turns),
            auto_index=(get("AUTO_INDEX") or "1").lower() not in {"0", "false", "no"},
        )
