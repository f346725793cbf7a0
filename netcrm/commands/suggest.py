""""Did you mean …?": the nearest command, option or value for a mistyped one (difflib, stdlib)."""

from __future__ import annotations

import argparse
import difflib
import re

_CHOICE = re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)$")
_UNKNOWN = re.compile(r"unrecognized arguments: (.*)$")


def nearest(word: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if not found:  # a prefix or a part ("snoo", "cold") is as good a hint
        found = [c for c in candidates if c.startswith(word) or (len(word) > 2 and word in c)][:1]
    return found[0] if found else None


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def invoked(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.ArgumentParser:
    """The (sub)command parser `argv` names: `netcrm touch edit ...` -> the `touch edit` parser."""
    for token in argv:
        choices = _subparsers(parser)
        if token in choices:
            parser = choices[token]
    return parser


def explain_usage_error(parser: argparse.ArgumentParser, message: str, argv: list[str]) -> str:
    choice = _CHOICE.search(message)
    if choice:
        word, listed = choice.group(1), re.findall(r"'([^']*)'", choice.group(2))
        guess = nearest(word, listed)
        head = message[: choice.start()] + f"invalid choice: {word!r}"
        return f"{head}; did you mean `{guess}`?" if guess else f"{head} (one of: {', '.join(listed)})"
    unknown = _UNKNOWN.search(message)
    if unknown:
        target = invoked(parser, argv)
        options = [o for action in target._actions for o in action.option_strings if o.startswith("--")]
        hints = []
        for token in unknown.group(1).split():
            guess = nearest(token.split("=")[0], options) if token.startswith("-") else None
            if guess:
                hints.append(f"`{guess}` for `{token}`")
        if hints:
            return f"{message}; did you mean {', '.join(hints)}?"
    return message
