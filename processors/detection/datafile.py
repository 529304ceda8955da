"""YAML data files read as node trees, so every problem names its file and line."""

from pathlib import Path

import yaml

from netra.domain.problems import InputError, Problem


class DataFile:
    """One YAML file being decoded: its root node and the problems found so far."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        try:
            self.root: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError([Problem(source, mark.line + 1 if mark else 0,
                                      f"invalid YAML: {exc}")]) from None

    @classmethod
    def read(cls, path: Path) -> tuple["DataFile", str]:
        """The decoded file and its text (InputError when it cannot be read)."""
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError([Problem(str(path), 0, f"cannot read: {exc}")]) from None
        return cls(text, str(path)), text

    def problem(self, node: yaml.Node | None, reason: str) -> None:
        """Record a problem at `node`'s line (line 1 when there is no node)."""
        self.problems.append(Problem(self.source, node.start_mark.line + 1 if node else 1, reason))

    def pairs(self, node: yaml.Node | None, what: str) -> list[tuple[str, yaml.Node]]:
        """A mapping's keys and value nodes in order (a problem when it is no mapping)."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a mapping")
            return []
        return [(str(key.value), value) for key, value in node.value]

    def items(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        """A non-empty sequence's item nodes (a problem otherwise)."""
        if not (isinstance(node, yaml.SequenceNode) and node.value):
            self.problem(node, f"{what} must be a non-empty list")
            return []
        return list(node.value)

    def text(self, node: yaml.Node | None, what: str) -> str | None:
        """A non-empty scalar's text (a problem otherwise)."""
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            return str(node.value)
        self.problem(node, f"{what} must be non-empty text")
        return None

    def done(self) -> None:
        """Raise InputError with every problem, if any."""
        if self.problems:
            raise InputError(self.problems)
