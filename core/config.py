"""Configuration: defaults, then ``config.toml``, then environment variables, then flags.

The API key is kept out of every repr so it cannot leak into a log or a screenshot.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .paths import AppPaths, app_paths
from .sources.names import source_kind

DEFAULT_ARXIV_CATEGORIES = ("cs.AI", "cs.CL", "cs.CV", "cs.LG")
DEFAULT_SOURCES = ("hf", "arxiv")
HF_API_URL = "https://huggingface.co/api/daily_papers"
ARXIV_RSS_URL = "https://rss.arxiv.org/rss"
ARXIV_API_URL = "https://export.arxiv.org/api/query"
LANGUAGES = ("ko", "en")
SOURCE_NAMES = ("hf", "arxiv", "sample")
SOURCE_USAGE = (
    "choose hf, arxiv, sample, an http(s):// feed URL, a .jsonl listing (URL or file)"
    " or a .json file saved from Hugging Face"
)
# Below this the prompt alone leaves no room for papers (see LLMWriter.plan).
MIN_INPUT_BUDGET_TOKENS = 1_000


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """An OpenAI-compatible endpoint. ``api_key`` never appears in a repr."""

    base_url: str = ""
    api_key: str = field(default="", repr=False)
    model: str = "gpt-4o-mini"
    summarizer: str = "auto"  # auto | offline | llm
    classify: bool = False
    input_budget_tokens: int = 12_000
    max_concurrency: int = 2
    first_token_timeout: float = 60.0
    token_timeout: float = 30.0
    max_retries: int = 3
    max_output_tokens: int = 1_500

    @property
    def configured(self) -> bool:
        """True when the user pointed the app at a model (an endpoint or a key)."""
        return bool(self.base_url or self.api_key)

    @property
    def use_llm(self) -> bool:
        """Whether briefings go to the model rather than the offline writer."""
        if self.summarizer == "offline":
            return False
        if self.summarizer == "llm":
            return True
        return self.configured


@dataclass(frozen=True, slots=True)
class ListsConfig:
    """``[lists]``: watched phrases and authors, muted phrases (matched as whole words)."""

    watch: tuple[str, ...] = ()
    watch_authors: tuple[str, ...] = ()
    mute: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when no list has an entry."""
        return not (self.watch or self.watch_authors or self.mute)


LIST_NAMES = ("watch", "watch_authors", "mute")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the app can be told. Build it with :func:`load_config`."""

    paths: AppPaths
    sources: tuple[str, ...] = DEFAULT_SOURCES
    arxiv_categories: tuple[str, ...] = DEFAULT_ARXIV_CATEGORIES
    include_replacements: bool = False
    hf_api_url: str = HF_API_URL
    arxiv_rss_url: str = ARXIV_RSS_URL
    arxiv_api_url: str = ARXIV_API_URL
    arxiv_api_delay: float = 3.0
    http_timeout: float = 30.0
    http_retries: int = 3
    offline: bool = False
    language: str = "ko"
    theme: str = "textual-dark"
    keymap: tuple[tuple[str, str], ...] = ()
    llm: LLMConfig = field(default_factory=LLMConfig)
    lists: ListsConfig = field(default_factory=ListsConfig)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _as_bool(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


# Allowed ranges of the numeric settings (inclusive).
_RANGES: dict[str, tuple[float, float]] = {
    "arxiv_api_delay": (0, 600),
    "http_timeout": (0.5, 3600),
    "http_retries": (0, 20),
    "input_budget_tokens": (0, 10_000_000),
    "max_concurrency": (1, 64),
    "first_token_timeout": (1, 3600),
    "token_timeout": (1, 3600),
    "max_retries": (0, 20),
    "max_output_tokens": (16, 1_000_000),
}


def _as_number(name: str, value: object, kind: type[int] | type[float], key: str = "") -> Any:
    shown = repr(value)[:40]
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConfigError(f"{name} must be a number, not {shown}")
    try:
        number = kind(value)
    except (TypeError, ValueError, OverflowError):
        raise ConfigError(f"{name} must be a number, not {shown}") from None
    if not math.isfinite(number):
        raise ConfigError(f"{name} must be a finite number, not {shown}")
    low, high = _RANGES.get(key, (0, math.inf))
    if not low <= number <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, not {shown}")
    return number


def _as_strings(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [part.strip() for part in value.replace("+", ",").split(",")]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        raise ConfigError(f"{name} must be a list of strings, not {value!r}")
    return tuple(item for item in items if item)


def _phrases(name: str, value: object) -> tuple[str, ...]:
    """A list of phrases (commas are part of a phrase, unlike :func:`_as_strings`)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{name} must be a list of strings, not {value!r}"[:200])
    from .text import clean_line

    return tuple(dict.fromkeys(p for item in value if (p := clean_line(item))))


def _lists(name: str, value: object) -> ListsConfig:
    if not isinstance(value, dict):
        raise ConfigError(f"{name} must be a table")
    found: dict[str, tuple[str, ...]] = {}
    for key, items in value.items():
        if key not in LIST_NAMES:
            raise ConfigError(f"{name}.{key} is not a known setting ({', '.join(LIST_NAMES)})")
        found[key] = _phrases(f"{name}.{key}", items)
    return ListsConfig(**found)


def _as_text(name: str, value: object, *, secret: bool = False) -> str:
    if not isinstance(value, str):
        # A secret's value is never echoed, even a mistyped one: it may still be the key.
        shown = f"not a {type(value).__name__}" if secret else f"not {value!r}"
        raise ConfigError(f"{name} must be a string, {shown}")
    return value.strip()


def is_source_name(text: str) -> bool:
    """True for a known source name, an http(s) URL, a ``.jsonl`` or a ``.json`` file (as
    ``make_source``)."""
    return source_kind(text) is not None


def _sources(name: str, value: object) -> tuple[str, ...]:
    items = _as_strings(name, value)
    for item in items:
        if not is_source_name(item):
            raise ConfigError(f"{name}: unknown source {item[:80]!r}; {SOURCE_USAGE}")
    return items


def _language(name: str, value: object) -> str:
    text = _as_text(name, value).lower()
    if text not in LANGUAGES:
        raise ConfigError(f"{name} must be one of {', '.join(LANGUAGES)}, not {value!r}")
    return text


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from None
    import tomllib  # only when there is a config file: most starts have none

    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply to be a config file") from None


_TOP_KEYS = {
    "sources": _sources,
    "arxiv_categories": _as_strings,
    "include_replacements": _as_bool,
    "hf_api_url": _as_text,
    "arxiv_rss_url": _as_text,
    "arxiv_api_url": _as_text,
    "offline": _as_bool,
    "language": _language,
    "theme": _as_text,
}
_TOP_NUMBERS: dict[str, type[int] | type[float]] = {
    "arxiv_api_delay": float,
    "http_timeout": float,
    "http_retries": int,
}
_LLM_NUMBERS: dict[str, type[int] | type[float]] = {
    "input_budget_tokens": int,
    "max_concurrency": int,
    "first_token_timeout": float,
    "token_timeout": float,
    "max_retries": int,
    "max_output_tokens": int,
}


def _apply_file(
    config: Config, data: dict[str, Any], origin: str, names: dict[str, str] | None = None
) -> Config:
    """``data`` (a config file's table) applied over ``config``.

    Errors name ``origin: key``, or ``names[key]`` (an environment variable) when given.
    """
    names = names or {}
    changes: dict[str, Any] = {}
    llm_changes: dict[str, Any] = {}
    for key, value in data.items():
        where = names.get(key, f"{origin}: {key}")
        if key in _TOP_KEYS:
            changes[key] = _TOP_KEYS[key](where, value)
        elif key in _TOP_NUMBERS:
            changes[key] = _as_number(where, value, _TOP_NUMBERS[key], key)
        elif key == "keymap":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise ConfigError(f'{where} must be a table of binding id = "keys"')
            changes["keymap"] = tuple(sorted(value.items()))
        elif key == "lists":
            changes["lists"] = _lists(where, value)
        elif key == "llm":
            if not isinstance(value, dict):
                raise ConfigError(f"{where} must be a table")
            for llm_key, llm_value in value.items():
                llm_where = names.get(f"llm.{llm_key}", f"{where}.{llm_key}")
                if llm_key in ("base_url", "api_key", "model"):
                    secret = llm_key == "api_key"
                    llm_changes[llm_key] = _as_text(llm_where, llm_value, secret=secret)
                elif llm_key == "summarizer":
                    mode = _as_text(llm_where, llm_value).lower()
                    if mode not in ("auto", "offline", "llm"):
                        raise ConfigError(f"{llm_where} must be auto, offline or llm")
                    llm_changes[llm_key] = mode
                elif llm_key == "classify":
                    llm_changes[llm_key] = _as_bool(llm_where, llm_value)
                elif llm_key in _LLM_NUMBERS:
                    number = _as_number(llm_where, llm_value, _LLM_NUMBERS[llm_key], llm_key)
                    if llm_key == "input_budget_tokens" and number < MIN_INPUT_BUDGET_TOKENS:
                        raise ConfigError(
                            f"{llm_where} must be at least {MIN_INPUT_BUDGET_TOKENS:,},"
                            f" not {number}"
                        )
                    llm_changes[llm_key] = number
                else:
                    raise ConfigError(f"{llm_where} is not a known setting")
        else:
            raise ConfigError(f"{where} is not a known setting")
    config = replace(config, **changes)
    if llm_changes:
        config = replace(config, llm=replace(config.llm, **llm_changes))
    return config


_ENV_TOP = {
    "INSIGHTS_HF_API_URL": "hf_api_url",
    "INSIGHTS_ARXIV_RSS_URL": "arxiv_rss_url",
    "INSIGHTS_ARXIV_API_URL": "arxiv_api_url",
    "INSIGHTS_ARXIV_API_DELAY": "arxiv_api_delay",
    "INSIGHTS_HTTP_TIMEOUT": "http_timeout",
    "INSIGHTS_OFFLINE": "offline",
    "INSIGHTS_LANGUAGE": "language",
    "INSIGHTS_SOURCES": "sources",
}
_ENV_LLM = {
    "OPENAI_BASE_URL": "base_url",
    "OPENAI_API_KEY": "api_key",
    "INSIGHTS_MODEL": "model",
    "INSIGHTS_SUMMARIZER": "summarizer",
}


def _apply_env(config: Config, env: dict[str, str] | os._Environ[str]) -> Config:
    top = {_ENV_TOP[name]: env[name] for name in _ENV_TOP if name in env}
    llm = {_ENV_LLM[name]: env[name] for name in _ENV_LLM if name in env and env[name].strip()}
    data: dict[str, Any] = dict(top)
    if llm:
        data["llm"] = llm
    names = {setting: variable for variable, setting in _ENV_TOP.items()}
    names.update({f"llm.{setting}": variable for variable, setting in _ENV_LLM.items()})
    return _apply_file(config, data, "environment", names)


def load_config(
    environ: dict[str, str] | None = None, *, config_file: Path | None = None
) -> Config:
    """Build the config from defaults, the config file and the environment."""
    env = os.environ if environ is None else environ
    paths = app_paths(dict(env))
    config = Config(paths=paths)
    path = config_file or paths.config_file
    config = _apply_file(config, _read_toml(path), str(path))
    return _apply_env(config, env)
