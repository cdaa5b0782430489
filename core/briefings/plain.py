"""LaTeX in abstracts made plain text: ``\\textbf{X}`` is X, ``$\\alpha \\times 2$`` is α × 2.

A bounded rewrite by regular expressions, innermost braces first; nothing is parsed as
markup or run. Text without a backslash, a dollar or a backquote is returned as it is.
"""

from __future__ import annotations

import re

from ..text import has_markup

# Commands whose arguments are dropped with them: set-up, references, notes, spacing.
_DROP_TEXT = (
    "hypersetup footnote footnotemark footnotetext thanks cite citep citet citealp "
    "citeauthor citeyear nocite label ref eqref autoref cref vspace hspace setlength "
    "color definecolor newcommand renewcommand phantom hphantom vphantom includegraphics "
    "protect noindent smallskip medskip bigskip newline linebreak centering"
)
_DROP = frozenset(_DROP_TEXT.split())
# Commands with two arguments, shown as one text.
_TWO = {
    "href": "{1}", "frac": "{0}/{1}", "tfrac": "{0}/{1}", "dfrac": "{0}/{1}", "rule": " — "
}  # fmt: skip
# Argument-less commands with a plain reading (math symbols, Greek letters, shorthands).
_WORDS = {
    "times": "×", "pm": "±", "mp": "∓", "cdot": "·", "circ": "°", "sim": "~",
    "approx": "≈", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "leftrightarrow": "↔", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠",
    "ne": "≠", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪",
    "cap": "∩", "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π",
    "int": "∫", "ell": "ℓ", "star": "*", "ast": "*", "mid": "|", "langle": "⟨",
    "rangle": "⟩", "dots": "…", "ldots": "…", "cdots": "…", "forall": "∀",
    "exists": "∃", "propto": "∝", "gg": "≫", "ll": "≪", "top": "⊤", "prime": "′",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "eg": "e.g.", "ie": "i.e.",
    "etal": "et al.", "LaTeX": "LaTeX", "TeX": "TeX",
    "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "",
    "displaystyle": "", "textstyle": "", "limits": "", "quad": " ", "qquad": " ",
}  # fmt: skip
_ROOT = {"sqrt"}

# A command with its brace arguments, none holding braces (an optional [..] first).
_INNER = re.compile(r"\\([A-Za-z]+)\*?(?:\[[^\[\]{}]*\])?((?:\{[^{}]*\})+)")
# A bare brace group: not a command's argument (after its name, "*", "]" or "}").
_GROUP = re.compile(r"\{(?<![A-Za-z*\]}]\{)([^{}]*)\}")
_ARGUMENT = re.compile(r"\{([^{}]*)\}")
# Each pattern starts with a literal, which the regex engine looks for first.
_DOLLARS = re.compile(r"\$(?=\S)([^$]{1,300}?)(?<=\S)\$(?!\d)|\$\$([^$]{1,300}?)\$\$")
_BRACKETS = re.compile(r"\\\((.{1,300}?)\\\)|\\\[(.{1,300}?)\\\]")
_ENDS_IN_COMMAND = re.compile(r"\\[A-Za-z]+$")
_WORD_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
# Escaped characters, spacing commands, line breaks and accents (\'e is e).
_ESCAPE = re.compile(r"\\([%&#_\\ ,;:!'\"^`=.~])")
_ESCAPED = {" ": " ", ",": " ", ";": " ", ":": " ", "\\": " "}
# Escaped dollars and braces are kept apart (as private-use characters) until the end.
_KEPT = (("\\$", "\ue000", "$"), ("\\{", "\ue001", "{"), ("\\}", "\ue002", "}"))
_QUOTES = re.compile(r"``(.{0,300}?)''")
# TeX dashes: "--" is an en dash, "---" an em dash (longer runs are left alone).
_DASHES = re.compile(r"(?<!-)-{2,3}(?!-)")
_SPACES = re.compile(r" +(?=[ ,.;:)])")
# What _SPACES removes: looked for first, as most texts have none.
_LOOSE = ("  ", " ,", " .", " ;", " :", " )")
# Innermost-first rewriting ends after this many rounds: deeper nesting keeps its braces.
_ROUNDS = 8


def plain_text(text: str) -> str:
    """``text`` with LaTeX commands unwrapped or dropped and ``$...$`` math made readable."""
    if not has_markup(text):
        return text
    if "``" in text:
        text = _QUOTES.sub(r'"\1"', text)
    if "--" in text:
        text = _DASHES.sub(lambda dash: "—" if len(dash[0]) == 3 else "–", text)
    slash = "\\" in text
    if slash:
        for escaped, kept, _ in _KEPT:
            text = text.replace(escaped, kept)
    if "$" in text:
        text = _DOLLARS.sub(_math, text)
    if slash:
        if "\\(" in text or "\\[" in text:
            text = _BRACKETS.sub(_math, text)
        # "~" before a command is a non-breaking space.
        text = text.replace("~\\", " \\")
    for _ in range(_ROUNDS if "{" in text else 0):
        text, count = _INNER.subn(_command, text)
        text, groups = _GROUP.subn(r"\1", text)
        if not count + groups:
            break
    if slash:
        text = _ESCAPE.sub(_escaped, _WORD_COMMAND.sub(_word, text))
        for _, kept, char in _KEPT:
            text = text.replace(kept, char)
    if any(map(text.__contains__, _LOOSE)):
        text = _SPACES.sub("", text)
    return text.strip()


def _math(match: re.Match[str]) -> str:
    inside = next(group for group in match.groups() if group is not None)
    if _ENDS_IN_COMMAND.search(inside):
        inside += "{}"  # 1$\\to$N: the command ends here, not at "toN"
    # Superscript braces and degree signs read best without the markup around them.
    return inside.replace("^{\\circ}", "°").replace("^\\circ", "°")


def _command(match: re.Match[str]) -> str:
    name, arguments = match.groups()
    if name in _DROP:
        return " " if name in ("footnote", "thanks") else ""
    return _shown(name, arguments)


def _shown(name: str, arguments: str) -> str:
    found = _ARGUMENT.findall(arguments)
    if name in _TWO and len(found) >= 2:
        first, second = found[0], found[1]
        return _TWO[name].format(first, second or first)
    if name in _ROOT:
        return "√" + (found[0] if len(found[0]) <= 1 else f"({found[0]})")
    if name in _WORDS:
        return _WORDS[name] + "".join(found)
    if not any(found):
        return name  # an author's own macro, \ours{}: its name is all there is
    # \textbf, \emph, \texttt, \url, \mathrm, unknown ones: their text.
    return "".join(found)


def _word(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _DROP:
        return ""
    return _WORDS.get(name, name)


def _escaped(match: re.Match[str]) -> str:
    char = match.group(1)
    if char in "%&#_":
        return char
    return _ESCAPED.get(char, "")
