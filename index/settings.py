"""The one settings object, read from ASSISTANT_* environment variables."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ConfigError

PREFIX = "ASSISTANT_"
ENGINES = ("extractive", "llm")
JUDGES = ("rules", "learned")
EMBEDDERS = ("minilm", "e5")  # index.embeddings says what each is and loads them


def _default_root() -> Path:
    # The repository root when run from a checkout; the working directory otherwise.
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() else Path.cwd()


@dataclass(frozen=True)
class Settings:
    """Where the documents and the store live, the limits the assistant enforces, and which
    engine writes the answers (the generative one needs an OpenAI-compatible server)."""

    seeds_dir: Path = field(default_factory=lambda: _default_root() / "seeds")
    store_dir: Path = field(default_factory=lambda: _default_root() / ".store")
    reports_dir: Path = field(default_factory=lambda: _default_root() / ".reports")
    chroma_url: str | None = None
    collection: str = "sentences"
    max_question_tokens: int = 512
    max_history_turns: int = 6
    auto_index: bool = True
    allow_uploads: bool = True  # readers may add and remove their own documents in the web chat
    engine: str = "extractive"
    judge: str = "rules"  # how the extractive engine decides: hand-set rules or the learned judge
    embedder: str = "minilm"  # the model questions meet sentences through
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)  # never printed
    llm_timeout: float = 60.0  # seconds for a whole reply; then the extractive answer is shown
    llm_prompt_tokens: int = 1500  # the whole prompt: rules, sentences, then as much conversation as fits
    # The web chat's login (`assistant serve`): both or neither; never printed.
    auth_user: str | None = field(default=None, repr=False)
    auth_password: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # Settings(store_dir="/tmp/store") is the natural call; the folders are used as Paths.
        for name in ("seeds_dir", "store_dir", "reports_dir"):
            value = getattr(self, name)
            if not isinstance(value, Path):
                if not isinstance(value, (str, os.PathLike)):
                    raise ConfigError(f"Settings({name}=...) must be a folder's path, not {type(value).__name__}.")
                object.__setattr__(self, name, Path(value))
        if bool(self.auth_user) != bool(self.auth_password):
            raise ConfigError(f"Set both {PREFIX}AUTH_USER and {PREFIX}AUTH_PASSWORD, or neither.")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        base = cls()
        get = lambda name: env.get(PREFIX + name) or None  # noqa: E731

        def number(name: str, default: float, kind: type = int, *, zero: bool = False) -> float:
            raw = get(name)
            if raw is None:
                return default
            try:
                value = kind(raw)
            except ValueError:
                raise ConfigError(f"{PREFIX}{name} must be a number, not {raw!r}.") from None
            if value < 0 or (value == 0 and not zero):
                raise ConfigError(f"{PREFIX}{name} must be {'0 or more' if zero else 'above 0'}, not {raw!r}.")
            return value

        settings = replace(
            base,
            seeds_dir=Path(get("SEEDS_DIR") or base.seeds_dir).expanduser(),
            store_dir=Path(get("STORE_DIR") or base.store_dir).expanduser(),
            reports_dir=Path(get("REPORTS_DIR") or base.reports_dir).expanduser(),
            chroma_url=_url(PREFIX + "CHROMA_URL", get("CHROMA_URL")),
            collection=_collection(get("COLLECTION") or base.collection),
            max_question_tokens=int(number("MAX_QUESTION_TOKENS", base.max_question_tokens)),
            max_history_turns=int(number("MAX_HISTORY_TURNS", base.max_history_turns, zero=True)),
            auto_index=_switch(PREFIX + "AUTO_INDEX", get("AUTO_INDEX"), default=True),
            allow_uploads=_switch(PREFIX + "ALLOW_UPLOADS", get("ALLOW_UPLOADS"), default=True),
            engine=(get("ENGINE") or base.engine).strip().lower(),
            judge=(get("JUDGE") or base.judge).strip().lower(),
            embedder=(get("EMBEDDER") or base.embedder).strip().lower(),
            llm_base_url=_url(PREFIX + "LLM_BASE_URL", get("LLM_BASE_URL")),
            llm_model=get("LLM_MODEL"),
            llm_api_key=get("LLM_API_KEY"),
            llm_timeout=float(number("LLM_TIMEOUT", base.llm_timeout, float)),
            llm_prompt_tokens=int(number("LLM_PROMPT_TOKENS", base.llm_prompt_tokens)),
            auth_user=get("AUTH_USER"),
            auth_password=get("AUTH_PASSWORD"),
        )
        settings.check_engine()
        return settings

    @property
    def added_dir(self) -> Path:
        """Where documents added by readers are kept: inside the store folder, so they go
        with the index (and a Chroma server's index keeps them on this machine)."""
        return self.store_dir / "added"

    @property
    def store_collection(self) -> str:
        """Each embedder's vectors live in a collection of their own, so switching models never
        mixes them (and switching back finds the old index ready)."""
        return self.collection if self.embedder == "minilm" else f"{self.collection}-{self.embedder}"

    @property
    def login(self) -> tuple[str, str] | None:
        """The web chat's user name and password, or None when it needs no login."""
        return (self.auth_user, self.auth_password) if self.auth_user and self.auth_password else None

    def check_engine(self) -> None:
        """Raise ConfigError unless the chosen engine has what it needs."""
        if self.embedder not in EMBEDDERS:
            raise ConfigError(f"{PREFIX}EMBEDDER must be one of {', '.join(EMBEDDERS)}, not {self.embedder!r}.")
        if self.judge not in JUDGES:
            raise ConfigError(f"{PREFIX}JUDGE must be one of {', '.join(JUDGES)}, not {self.judge!r}.")
        if self.engine not in ENGINES:
            raise ConfigError(f"{PREFIX}ENGINE must be one of {', '.join(ENGINES)}, not {self.engine!r}.")
        if self.engine == "llm" and not (self.llm_base_url and self.llm_model):
            raise ConfigError(
                f"{PREFIX}ENGINE=llm needs {PREFIX}LLM_BASE_URL (an OpenAI-compatible server, "
                f"e.g. http://127.0.0.1:8080/v1) and {PREFIX}LLM_MODEL."
            )


def _url(name: str, raw: str | None) -> str | None:
    """An http(s) address with a host (and a numeric port, if any), or None when unset."""
    if raw is None:
        return None
    try:
        parts = urlsplit(raw.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"{name} must be an http:// or https:// address such as http://127.0.0.1:8000, not {raw!r}.")
    return raw.strip()


# Chroma's own rule for collection names (3-512 characters, letters, digits, ".", "_" and "-",
# starting and ending with a letter or digit, no "..", not an IPv4 address), checked here so a bad name is one line,
# not Chroma's traceback; 500 leaves room for the "-e5" the e5 embedder's collection adds.
_COLLECTION = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{1,498})[A-Za-z0-9]")


def _collection(name: str) -> str:
    if not _COLLECTION.fullmatch(name) or ".." in name or re.fullmatch(r"\d+\.\d+\.\d+\.\d+", name):
        raise ConfigError(
            f"{PREFIX}COLLECTION must be 3-500 letters, digits, '.', '_' or '-', starting and ending with "
            f"a letter or digit (and not an IP address), not {name!r}."
        )
    return name


def _switch(name: str, raw: str | None, *, default: bool) -> bool:
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (or true/false, yes/no, on/off), not {raw!r}.")
