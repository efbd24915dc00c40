"""Join FreeSWITCH menus into IVRs across files, and resolve names: submenus, menu-top, menu-back, phrases.

All menus given on one command line share one namespace, as in FreeSWITCH. An IVR starts
at each menu no other menu calls with ``menu-sub`` (a menu only called by itself counts as
uncalled); when every menu is called by another (a cycle), the first menu read starts one.
Each IVR holds the menus reachable from its start, whichever file defines them, and each
node keeps its own file in its location.

- ``menu-top`` leads to the IVR's start ("the first menu of the stack").
- ``menu-back`` leads to the menu that called this one with ``menu-sub``; called from
  several, to the first of them in reading order (a note says so); at the start, the call
  leaves the menu (its exit).
- A ``menu-sub`` naming a menu in none of the files is an ``external`` node with that
  name: a hand-off to a menu not given. One whose param is a dialplan command (the reader
  gives its reference a hint) names no menu at all: it stays unknown (``unknown-target``).
- ``phrase:NAME`` prompts take the words (``speak-text``) and recordings (``play-file``)
  of a phrase macro from a phrase file given among the sources; otherwise they stay
  audio-only.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Sequence
from typing import cast

from ivr.formats.api import Imported, Note
from ivr.model.errors import InvalidMenu, LoadError
from ivr.formats.freeswitch_dialplan import Builder, Dialplan, Extension
from ivr.model.menu import Location, Menu, Node, Prompt, Ref, Unread

__all__ = ["TOP", "BACK", "link_menus"]

#: Targets written by the reader for ``menu-top`` and ``menu-back``; resolved here (never ids: ids hold no < >).
TOP = "<menu-top>"
BACK = "<menu-back>"


def _calls(menu: Menu, names: dict[str, Menu]) -> list[str]:
    """The names of other menus this menu's options lead to (menu-sub), in order."""
    found = []
    for option in menu.nodes[menu.name].options.values():
        target = option.goto.target
        if target in names and target != menu.name and target not in found:
            found.append(target)
    return found


def link_menus(parts: Sequence[Imported]) -> list[Menu]:
    phrases: dict[str, tuple[str, str]] = {}
    for part in parts:
        phrases.update(cast("dict[str, tuple[str, str]]", part.resources.get("phrases", {})))
    names: dict[str, Menu] = {}
    order: list[Menu] = []
    errors = []
    for part in parts:
        for menu in part.menus:
            first = names.get(menu.name)
            if first is not None:
                errors.append(LoadError(menu.location or menu.start.location,
                                        f"menu '{menu.name}' is defined twice (first at {first.location}); "
                                        "FreeSWITCH keeps only one: rename or remove one of them"))
                continue
            names[menu.name] = menu
            order.append(menu)
    if errors:
        raise InvalidMenu(errors)
    calls = {menu.name: _calls(menu, names) for menu in order}
    called = {name for targets in calls.values() for name in targets}
    notes = parts[0].notes if parts else []
    dialplan = Dialplan()
    for part in parts:
        for context, extensions in cast("dict[str, list[Extension]]", part.resources.get("dialplan", {})).items():
            dialplan.contexts.setdefault(context, []).extend(extensions)  # one context over several files, in order
    entries = [e for extensions in dialplan.contexts.values() for e in extensions if e.runs("ivr")]
    ivrs = [_entry(e, dialplan, names, calls, phrases, notes) for e in entries]
    entered = {m for ivr in ivrs for m in ivr[1]}
    roots = [menu for menu in order if menu.name not in called and menu.name not in entered]
    if not roots and not ivrs:
        roots = order[:1]
    linked = [ivr for ivr, _ in ivrs] + [_ivr(root, names, calls, phrases, notes) for root in roots]
    for part in parts:  # lines FreeSWITCH drops when it loads a file: on every IVR made of that file
        unread = cast("list[Unread]", part.resources.get("unread", []))
        if unread and linked:
            holders = [menu for menu in linked if part.source in (menu.files or (menu.file,))] or linked[:1]
            for menu in holders:
                menu.unread.extend(unread)
    return linked


def _entry(extension: Extension, dialplan: Dialplan, names: dict[str, Menu], calls: dict[str, list[str]],
           phrases: dict[str, tuple[str, str]], notes: list[Note]) -> tuple[Menu, set[str]]:
    """The IVR a call gets from a dialplan extension that runs ``ivr``, and the menus it enters."""
    nodes: dict[str, Node] = {}
    entered: set[str] = set()

    def enter_menu(name: str, after: str, where: Location) -> str:
        if name not in names:
            node_id = f"ivr {name}"
            nodes.setdefault(node_id, Node(id=node_id, type="external", location=where, format=extension_format,
                                           target_text=f"ivr {name} (a menu in none of the files given)"))
            return node_id
        if name in entered:
            return name  # entered before in this call: its exit already leads where the first entry goes on
        entered.add(name)
        for node_id, node in _menu_nodes(names[name], names, calls, phrases, notes).items():
            nodes.setdefault(node_id, node)
        exit_node = nodes.get(f"{name}/exit")
        if exit_node is not None:
            # the menu exits back to the dialplan, where the action after ``ivr`` runs (mod_dptools ivr_application)
            exit_node.type, exit_node.target_text, exit_node.goto = "message", None, Ref(after, exit_node.location)
            if exit_node.prompt is None:
                exit_node.type, exit_node.goto, exit_node.otherwise = "branch", None, Ref(after, exit_node.location)
        _follow_transfers(nodes, builder, extension.context)
        return name

    extension_format = "freeswitch"
    builder = Builder(dialplan, extension_format, nodes, notes, enter_menu, frozenset(names))
    start = builder.extension(extension)
    # the dialplan's end, made for a menu's way back that the menu turned out not to have (exec-on-max-failures,
    # a menu entered before): no node of the IVR when nothing leads there
    if start != "dialplan/end" and "dialplan/end" not in {r.target for n in nodes.values() for r in _refs(n)} | {
            b.goto.target for n in nodes.values() for b in n.branches} | {
            n.otherwise.target for n in nodes.values() if n.otherwise is not None}:
        nodes.pop("dialplan/end", None)
    where = extension.location
    notes.append(Note(where, f"the IVR of extension '{extension.name}' (context '{extension.context}') starts at "
                             "it: extensions hunted before it are not followed"))
    files = tuple(dict.fromkeys(n.location.file for n in nodes.values()))
    return Menu(name=extension.name, file=where.file, start=Ref(start, where), nodes=nodes, location=where,
                duplicates=[d for m in entered for d in names[m].duplicates], format=extension_format,
                files=(where.file, *[f for f in files if f != where.file])), entered


def _follow_transfers(nodes: dict[str, Node], builder: Builder, current: str) -> None:
    """Menu entries that run ``transfer DEST [XML [CONTEXT]]`` lead into the dialplan given, where it has them
    (``current``: the context of the call, where a transfer naming none hunts)."""
    for node in list(nodes.values()):
        if node.type != "transfer" or not node.description or not node.description.startswith("transfer "):
            continue
        words = node.description.split()[1:]
        context = words[2] if len(words) > 2 else current
        if len(words) > 1 and words[1].upper() != "XML":
            continue
        first = builder.hunt(context, words[0], node.location) if context in builder.dialplan.contexts else None
        if first is not None:
            node.type, node.number, node.otherwise = "branch", None, Ref(first, node.location)


def _members(root: Menu, names: dict[str, Menu], calls: dict[str, list[str]]) -> list[Menu]:
    seen, queue = {root.name: None}, deque([root.name])  # a dict: the order found, and a look-up in one step
    while queue:
        for target in calls[queue.popleft()]:
            if target not in seen:
                seen[target] = None
                queue.append(target)
    return [names[name] for name in seen]


def _ivr(root: Menu, names: dict[str, Menu], calls: dict[str, list[str]],
         phrases: dict[str, tuple[str, str]], notes: list[Note]) -> Menu:
    nodes = _menu_nodes(root, names, calls, phrases, notes)
    members = _members(root, names, calls)
    files = tuple(dict.fromkeys(n.location.file for n in nodes.values()))
    return Menu(name=root.name, file=root.file, start=root.start, nodes=nodes, location=root.location,
                duplicates=[d for m in members for d in m.duplicates], format=root.format,
                files=(root.file, *[f for f in files if f != root.file]))


def _menu_nodes(root: Menu, names: dict[str, Menu], calls: dict[str, list[str]],
                phrases: dict[str, tuple[str, str]], notes: list[Note]) -> dict[str, Node]:
    """The nodes of the menus reachable from ``root`` (its exit ``ROOT/exit``: back to the dialplan)."""
    members = _members(root, names, calls)
    inside = {m.name for m in members}
    parents: dict[str, list[str]] = {}
    for member in members:
        for target in calls[member.name]:
            parents.setdefault(target, []).append(member.name)
    nodes: dict[str, Node] = {}
    for member in members:
        back = parents.get(member.name, [])
        if len(back) > 1 and any(o.goto.target == BACK for o in member.nodes[member.name].options.values()):
            notes.append(Note(member.nodes[member.name].location,
                              f"menu '{member.name}' is called from {', '.join(back)}: menu-back is read as "
                              f"going to '{back[0]}'"))
        back_target = back[0] if back else f"{member.name}/exit"
        for node in member.nodes.values():
            options = dict(node.options)
            for key, option in node.options.items():
                target = option.goto.target
                resolved = root.name if target == TOP else back_target if target == BACK else target
                if resolved not in inside and resolved not in member.nodes and option.goto.hint is None:
                    nodes.setdefault(resolved, Node(id=resolved, type="external", location=option.location,
                                                    format=node.format,
                                                    target_text=f"menu-sub {resolved} (a menu in none of the "
                                                                "files given)"))
                if resolved != target:
                    options[key] = dataclasses.replace(option, goto=Ref(resolved, option.goto.location))
            prompt = _resolve(node.prompt, phrases)
            # a copy only where this IVR sees the node otherwise than its menu file does: the others are the same
            # objects in every IVR (nothing changes a node once linked), which halves the nodes held
            if options != node.options or prompt is not node.prompt:
                node = dataclasses.replace(node, options=options, fields=dict(node.fields), prompt=prompt)
            nodes[node.id] = node
    # a menu's exit exists for what leads there (failures, menu-exit, menu-back at the top): without any
    # (exec-on-max-failures handles failures), it is no node of the IVR, not an unreachable one
    targets = {ref.target for node in nodes.values() for ref in _refs(node)}
    for member in members:
        exit_id = f"{member.name}/exit"
        if exit_id not in targets:
            nodes.pop(exit_id, None)
    return nodes


def _refs(node: Node) -> list[Ref]:
    refs = [o.goto for o in node.options.values()]
    return refs + [r for r in (node.goto, node.on_fail, node.no_input, node.no_match) if r is not None]


def _resolve(prompt: Prompt | None, phrases: dict[str, tuple[str, str]]) -> Prompt | None:
    if prompt is None or not prompt.audio or not prompt.audio.startswith("phrase:"):
        return prompt
    name = prompt.audio[len("phrase:"):].split(":")[0].strip()
    if name not in phrases:
        return prompt
    words, files = phrases[name]
    if words:
        return Prompt({"": words}, prompt.location, audio=files or None)
    return Prompt({}, prompt.location, audio=f"{prompt.audio} ({files})" if files else prompt.audio)
