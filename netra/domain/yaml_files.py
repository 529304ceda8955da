"""YAML for Netra's configuration files, without aliases: an alias bomb (billion laughs) cannot
expand, and every value is written where it is used."""

from typing import Any

import yaml
from yaml.composer import ComposerError


class NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors' aliases (`*name`) with the line they are on."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse an alias before it is resolved."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, "aliases (*name) are not allowed in Netra's files",
                                event.start_mark)
        return super().compose_node(parent, index)
