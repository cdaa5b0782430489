"""Textual's parsed CSS, kept between runs so a start does not parse it again.

Textual parses every CSS source (the app's stylesheet, each widget's ``DEFAULT_CSS``)
on every start: about 10 ms of the reader's first frame. The rule sets it builds
depend only on the CSS text, where it was read from and the theme's variables, so
they are kept in one pickle file beside the day cache and read back in about 1 ms.

The file is written by this app into its own cache folder, like Python's bytecode
cache, and is only read when it was made by the same Python and the same installed
Textual. Anything that does not read back cleanly is parsed again; rules with errors
are never kept.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import textual
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

from ..core.errors import CacheError
from ..core.store.jsonfile import write_bytes_atomic

FILE_NAME = "textual-css.pickle"
KEPT_LIMIT = 256  # parsed sources kept: every theme visited times every widget, and then some

Variables = tuple[tuple[str, str], ...]
Source = tuple[str, CSSLocation, bool, int, str]  # css, read from, defaults?, tie breaker, scope
RuleKey = tuple[Variables, Source]


def textual_stamp() -> tuple[object, ...] | None:
    """What the kept rules were parsed by: Python, and Textual's installed CSS code."""
    package = Path(textual.__file__).parent
    marks: list[object] = [sys.version, str(package)]
    try:
        for name in ("__init__.py", "css/model.py", "css/styles.py", "css/parse.py"):
            stat = (package / name).stat()
            marks.append((stat.st_size, stat.st_mtime_ns))
    except OSError:
        return None
    return tuple(marks)


class ParsedRules:
    """Rule sets parsed before, by theme variables and source; read on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = textual_stamp()
        self._rules: dict[RuleKey, list[RuleSet]] | None = None
        self._used: set[RuleKey] = set()
        self._grown = False

    def get(self, key: RuleKey) -> list[RuleSet] | None:
        """The rule sets kept for ``key``, or None."""
        rules = self._load().get(key)
        if rules is not None:
            self._used.add(key)
        return rules

    def put(self, key: RuleKey, rules: list[RuleSet]) -> None:
        """Keep ``rules`` (parsed without errors) for ``key``."""
        self._load()[key] = rules
        self._used.add(key)
        self._grown = True

    def save(self) -> None:
        """Write the file when rules were added since it was read (silently skipped when
        the cache folder is not writable: the rules are then just parsed next time)."""
        if not self._grown or self._rules is None or self._stamp is None:
            return
        kept = {key: rules for key, rules in self._rules.items() if key in self._used}
        for key, rules in self._rules.items():
            if len(kept) >= KEPT_LIMIT:
                break
            kept.setdefault(key, rules)
        try:
            data = pickle.dumps((self._stamp, kept), protocol=pickle.HIGHEST_PROTOCOL)
            write_bytes_atomic(self.path, data, durable=False)
        except (CacheError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return
        self._grown = False

    def _load(self) -> dict[RuleKey, list[RuleSet]]:
        if self._rules is None:
            self._rules = self._read()
        return self._rules

    def _read(self) -> dict[RuleKey, list[RuleSet]]:
        if self._stamp is None:
            return {}
        try:
            stamp, rules = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, torn, or from another Textual: all mean "parse again"
            return {}
        if stamp != self._stamp or not isinstance(rules, dict):
            return {}
        return rules


class CachedStylesheet(Stylesheet):
    """A Textual stylesheet that takes parsed rules from :class:`ParsedRules` first."""

    def __init__(self, kept: ParsedRules, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.kept = kept
        self._variables_key: Variables | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        """New theme variables: rules are looked up under them from now on."""
        super().set_variables(variables)
        self._variables_key = None

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        if self._variables_key is None:
            self._variables_key = tuple(sorted(self._variables.items()))
        key = (self._variables_key, (css, read_from, is_default_rules, tie_breaker, scope))
        rules = self.kept.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if not any(rule.errors for rule in rules):
                self.kept.put(key, rules)
        return rules

    def reparse(self) -> None:
        """Parse every source again under the current variables (a theme change), through
        the kept rules: Textual's own reparse builds a plain Stylesheet, which would not."""
        fresh = CachedStylesheet(self.kept, variables=self._variables)
        for read_from, source in self.source.items():
            fresh.add_source(
                source.content,
                read_from=read_from,
                is_default_css=source.is_defaults,
                tie_breaker=source.tie_breaker,
                scope=source.scope,
            )
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
