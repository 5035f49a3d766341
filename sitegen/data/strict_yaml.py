"""Reading a source file: `read_utf8` (bytes that are not UTF-8: file, line and byte) and
`parse_yaml` (`StrictLoader`: no key twice in a mapping, no alias of a list or mapping), each
refusal a `BuildError` with file, line and reason. Every file of data/ and every YAML text,
also a content page's front matter and the links lock, is read through them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sitegen.exceptions import BuildError


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that PyYAML would accept but the build refuses (Dutch reason, position).
    `{earlier}` in the reason is replaced by the line of `earlier` (as the file counts)."""

    def __init__(self, mark: yaml.Mark, reason: str, earlier: yaml.Mark | None = None) -> None:
        super().__init__(problem=reason, problem_mark=mark)
        self.earlier = earlier


class _LibyamlSafeLoader(
    yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """SafeLoader with libyaml's parser (C): the build's YAML in half the time. Unlike
    yaml.CSafeLoader it composes in Python (Composer comes first), because StrictLoader
    checks aliases while composing."""

    def __init__(self, stream: str) -> None:
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


# PyYAML's wheels include libyaml; a build without it uses the pure-Python parser.
_FastSafeLoader = _LibyamlSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class StrictLoader(_FastSafeLoader):
    """PyYAML's SafeLoader, refusing two things it accepts silently:

    - a key twice in one mapping: PyYAML keeps the last value, so the first one (a whole
      recommendation text) would vanish without a word;
    - an alias (`*name`) of a list or mapping. Nested aliases of collections expand
      exponentially downstream (an 'alias bomb' ran into MemoryError after 43 s). Aliases of
      a single value stay allowed: data/interventions.yml repeats table cells with
      `&bt-doel` / `*bt-doel`, and those cannot grow.
    """

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None and not isinstance(target, yaml.ScalarNode):
                raise YamlRefused(
                    event.start_mark,
                    f"de verwijzing *{event.anchor} herhaalt een lijst of mapping; met "
                    "&naam / *naam mag alleen een enkele waarde (tekst, getal) herhaald worden",
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                continue  # an unhashable key: PyYAML's own error follows
            if first is not key_node:
                raise YamlRefused(
                    key_node.start_mark,
                    f"de sleutel '{key}' staat twee keer in dezelfde mapping (eerst op regel "
                    "{earlier}); de eerste waarde zou verdwijnen",
                    first.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def read_utf8(path: Path, shown: str) -> str:
    """The text of a source file; BuildError naming line and byte if it is not UTF-8."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BuildError(f"{shown}: kan het bestand niet lezen: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BuildError(
            f"{shown}, regel {line}, teken {column} (byte {exc.start + 1} van het bestand): "
            f"geen geldige UTF-8 (byte 0x{raw[exc.start]:02X}). Sla het bestand op als UTF-8."
        ) from None


def parse_yaml(text: str, shown: str, first_line: int = 1) -> Any:
    """YAML text through StrictLoader; BuildError with file and line on any problem.
    `first_line`: the line of the file on which `text` starts (front matter: 2)."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # safe: SafeConstructor
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}, regel {mark.line + first_line}" if mark else shown
        if isinstance(exc, YamlRefused):
            earlier = exc.earlier.line + first_line if exc.earlier else "?"
            reason = str(exc.problem).replace("{earlier}", str(earlier))
            raise BuildError(f"{where}: {reason}") from None
        detail = "; ".join(str(part) for part in (exc.context, exc.problem) if part)
        column = f", kolom {mark.column + 1}" if mark else ""
        raise BuildError(f"{where}{column}: geen geldige YAML ({detail})") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"{shown}: geen geldige YAML ({exc})") from None
