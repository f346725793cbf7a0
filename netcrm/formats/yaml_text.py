"""YAML text in and out, readable for people: block text for multi-line notes, field
order kept, defaults dropped, and errors that name the file, the field and the line.

Text only: reading a file is `services.yaml_files.read_text`/`load_file`; `where` is whatever
names the text in messages (usually a path).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

import msgspec
import yaml

from netcrm.domain.model import Record
from netcrm.errors import NetcrmError

R = TypeVar("R", bound=Record)

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]  # the base is chosen at runtime (C loader when built)
    """The C loader where available, stricter where PyYAML is silent or crashes: a key given
    twice in one mapping is an error (PyYAML keeps the last), and an impossible date
    (2026-02-31) is an error at its line (PyYAML raises a bare ValueError)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag.endswith(":str"):
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"{key.value}: given twice in one record (keep one)", key.start_mark
                    )
                seen.add(key.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date | dt.datetime:
        try:
            value: dt.date | dt.datetime = super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"no such date {node.value!r}", node.start_mark
            ) from None
        return value


Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Dumper(_BaseDumper):  # type: ignore[misc, valid-type]  # the base is chosen at runtime (C dumper when built)
    """The C dumper where available: exporting 10,000 people stays quick."""


class PyDumper(yaml.SafeDumper):
    """libyaml counts characters beyond U+FFFF (emoji) as unprintable and writes
    them as "\\U0001F3C3" escapes in quoted text; the pure-Python emitter writes
    them as they are, so text holding them is dumped with this one."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        # Block style cannot carry trailing spaces on a line or some control
        # characters; PyYAML falls back to quoting then, which still round-trips.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


Dumper.add_representer(str, _str)
PyDumper.add_representer(str, _str)


class YamlError(NetcrmError):
    """A YAML file that cannot be read or does not describe a valid record."""


def dump(data: Any) -> str:
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    if "\\U" in text:  # an escaped emoji, probably
        readable = yaml.dump(data, Dumper=PyDumper, sort_keys=False, allow_unicode=True, width=100)
        # The Python emitter mangles a few rare line-break characters (U+0085)
        # that libyaml escapes correctly: keep its output only if it reads back.
        if yaml.load(readable, Loader=Loader) == data:
            text = readable
    if "\\U" in text:  # still escaped: both emitters escape them inside "double quotes" (a tab forces those)
        readable = _ASTRAL_ESCAPE.sub(_unescape, text)
        if readable != text and yaml.load(readable, Loader=Loader) == data:
            text = readable
    return text


# "\U0001F338" inside a double-quoted scalar, not preceded by an escaped backslash ("\\U..." is text).
_ASTRAL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\U(0001[0-9A-Fa-f]{4}|000[2-9A-Fa-f][0-9A-Fa-f]{4}|0010[0-9A-Fa-f]{4})")


def _unescape(match: re.Match[str]) -> str:
    """The character itself: YAML files are UTF-8 and meant to be read (and diffed) by people."""
    return match.group(1) + chr(int(match.group(2), 16))


def to_data(record: Record, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record as plain YAML-ready data: dates stay dates, defaults are left out."""
    data: dict[str, Any] = msgspec.to_builtins(record, builtin_types=(dt.datetime, dt.date))
    for key in drop:
        data.pop(key, None)
    return data


def load(text: str, where: str) -> Any:
    try:
        return yaml.load(text, Loader=Loader)
    except RecursionError:
        raise YamlError(f"{where}: nested too deeply to be a netcrm record") from None
    except yaml.YAMLError as exc:
        raise YamlError(syntax_error(exc, where)) from None


def syntax_error(exc: Exception, where: str) -> str:
    """Point at the line where the problem starts: an unclosed quote is reported by PyYAML at
    the end of the file (problem_mark), but it starts where the quote opened (context_mark)."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if start is not None and context and (mark is None or start.line < mark.line):
        return f"{where}: line {start.line + 1}: {problem} {context} that starts here"
    line = f": line {mark.line + 1}" if mark is not None else ""
    return f"{where}{line}: {problem}"


def to_record(data: Any, kind: type[R], where: str, text: str | None = None) -> R:
    """Validate one record; the error names the field, the bad value and, given the text, the line."""
    if not isinstance(data, dict):
        raise YamlError(f"{where}: expected a mapping of fields, got {type(data).__name__}")
    if kind.__name__ == "Contact" and isinstance(data.get("birthday"), dt.date):
        data = {**data, "birthday": data["birthday"].isoformat()}
    try:
        record = msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        raise YamlError(explain(exc, data, where, text)) from None
    if kind.__name__ == "Contact":
        _check_contact(record, where, text)
    return record


def _check_contact(contact: Any, where: str, text: str | None) -> None:
    """The field rules every entry point shares (domain.rules), reported with the line."""
    from netcrm.domain.bounds import clean_record
    from netcrm.domain.rules import contact_problems

    # Control characters are the caller's to judge: `import yaml` removes them and says so, `edit` refuses.
    contact = clean_record(contact)[0]

    for problem in contact_problems(contact)[:1]:
        steps: list[str | int] = [int(s) if s.isdigit() else s for s in re.findall(r"\w+", problem.path)]
        line = line_of(text, steps) if text else None
        at = f": line {line}" if line else ""
        raise YamlError(f"{where}{at}: {problem}", field=problem.field)


_AT = re.compile(r"^(.*?)(?: - at `\$(.*)`)?$")


def explain(exc: msgspec.ValidationError, data: Any, where: str, text: str | None = None) -> str:
    """Turn msgspec's "Expected `int`, got `str` - at `$.cadence`" into "where: line 4: cadence: ..."."""
    message, path = _AT.match(str(exc)).groups()  # type: ignore[union-attr]  # msgspec's messages always end in " - at `$...`"
    # "[...]" stands for a mapping key msgspec does not name: report the mapping itself.
    keys = re.findall(r"\.([^.\[]+)|\[(\d+)\]", (path or "").replace("[...]", ""))
    steps: list[str | int] = [k if k else int(i) for k, i in keys]
    unknown = re.match(r"Object contains unknown field `(.+)`", message)
    if unknown:
        steps.append(unknown.group(1))
        message = "unknown field (netcrm does not know it; check the spelling)"
    value = _follow(data, steps)
    field = ".".join(str(s) for s in steps) or "record"
    got = "" if value is _MISSING or unknown else f" (got {value!r})"
    line = line_of(text, steps) if text else None
    at = f": line {line}" if line else ""
    return f"{where}{at}: {field}: {message[0].lower()}{message[1:]}{got}"


_MISSING = object()


def field_of(exc: msgspec.ValidationError) -> str | None:
    """The top-level field a msgspec error is about ("`$.cadence`" -> "cadence")."""
    match = re.search(r"at `\$\.([A-Za-z_]+)", str(exc))
    return match.group(1) if match else None


def _follow(data: Any, steps: list[str | int]) -> Any:
    for step in steps:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return data


def line_of(text: str, steps: list[str | int]) -> int | None:
    """The 1-based line of the node at `steps` in a YAML document (best effort)."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    line = None
    for step in steps:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            match = next(((k, v) for k, v in node.value if k.value == step), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line
