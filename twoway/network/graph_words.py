"""The words the network graph script (static/network/graph.js) shows, in the reader's language.

The page hands them to the script as JSON (``json_script``); the script fills in the
``%(name)s`` placeholders and keeps English words of its own for a page without them.
"""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from twoway.network.schemas import KIND_LABELS


def graph_words() -> dict[str, object]:
    """Every sentence of the graph script, translated now (call it while rendering the page)."""
    return {
        "nothing": gettext("nothing logged yet"),
        "learning": gettext("learning"),
        "entry_one": ngettext("%(n)s entry", "%(n)s entries", 1),
        "entry_many": ngettext("%(n)s entry", "%(n)s entries", 2),
        "graph_one": ngettext("Network graph: %(n)s person", "Network graph: %(n)s people", 1),
        "graph_many": ngettext("Network graph: %(n)s person", "Network graph: %(n)s people", 2),
        "you": gettext("you"),
        "you_suffix": gettext("(you)"),
        "direct": gettext("direct connection"),
        "far": gettext("two steps away"),
        "teaches": gettext("Teaches %(skills)s"),
        "teaches_lower": gettext("teaches %(skills)s"),
        "with": gettext("With %(name)s: taught %(taught)s; learned %(learned)s"),
        "with_kinds": gettext("With %(name)s (%(kinds)s): taught %(taught)s; learned %(learned)s"),
        "people_one": ngettext("%(n)s person", "%(n)s people", 1),
        "people_many": ngettext("%(n)s person", "%(n)s people", 2),
        "connections_one": ngettext("%(n)s connection", "%(n)s connections", 1),
        "connections_many": ngettext("%(n)s connection", "%(n)s connections", 2),
        "summary": gettext("%(people)s, %(connections)s."),
        "empty": gettext("No connections yet: the list below explains how a network grows."),
        "failed": gettext("The network could not be loaded (%(status)s)."),
        "fallback": gettext("The list below shows the same people."),
        "kinds": {kind: str(label) for kind, label in KIND_LABELS.items()},
    }
