"""FreeSWITCH IVR menus (mod_dptools ``ivr``): ``<menu>`` XML into the model.

Read from ``ivr_menus/*.xml`` (``<include><menu>``), inline in ``ivr.conf.xml``
(``<configuration name="ivr.conf"><menus><menu>``), or a bare ``<menu>``; phrase files
(``<macro>``, as ``conf/vanilla/lang/en/demo/demo-ivr.xml``) given among the sources
resolve ``phrase:`` prompts.

Semantics, as FreeSWITCH documents them (developer.signalwire.com, "Chapter 21: IVR Menus"
and "mod_dptools: IVR Menu"): a menu plays ``greet-long``, collects up to ``digit-len``
digits (``inter-digit-timeout`` between them) and runs the first ``<entry>`` whose
``digits`` match (a ``/regex/`` matches the digits dialled). No match: ``invalid-sound``
plays and the failure count grows; no digit within ``timeout`` ms: the timeout count
grows; the menu replays (``greet-short``) until ``max-failures`` or ``max-timeouts`` is
reached, then the menu exits and the call goes back to the dialplan after the ``ivr``
application (``exit-sound`` plays), or runs ``exec-on-max-failures`` /
``exec-on-max-timeouts`` when given. Menus share one namespace; ``menu-sub`` names a
menu, ``menu-top`` returns to the first menu of the stack, ``menu-back`` to the previous.
From the source (src/switch_ivr_menu.c): a pass whose sound is empty (no ``greet-long`` on the
first pass, no ``greet-short`` after it) collects no digit and counts as a failure
(``play_and_collect`` returns at once); an absent ``max-timeouts`` takes ``max-failures``'
value, a count or ``timeout`` not above 0 is the default; a ``menu-sub`` param naming no
menu ends the menu ("Invalid Menu!"); every entry whose digits match runs, in order (the
loop over the actions has no break): entries on one key are a sequence, not duplicates.

Mapping: each ``<menu>`` is a ``menu`` node with the menu's name as id; ``retries`` is the
smaller of ``max-failures`` and ``max-timeouts`` (ivr counts both kinds of failure
together; the notes say so where they differ); a wrong key or silence replays; ``on_fail``
leads to ``NAME/exit``, an ``external`` node (back to the dialplan) with ``exit-sound`` as
its prompt. ``menu-exec-app`` with ``transfer``, ``bridge``, ``callcenter`` or ``fifo`` is
a ``transfer`` (a person), ``voicemail`` voicemail, ``hangup`` a hangup, ``playback`` a
message back to the menu; any other application an ``external`` node with its text.
``$${variables}`` stay as text. Menus are joined into IVRs by :func:`link`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ivr.formats.api import Imported, Note
from ivr.formats.checks import MAX_RETRIES
from ivr.formats.detection.freeswitch import detect
from ivr.formats.freeswitch_dialplan import read_contexts
from ivr.formats.freeswitch_link import BACK, TOP, link_menus
from ivr.formats.semantics import AfterLast, Semantics, settle
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Duplicate, Fallback, Location, Menu, Node, Option, Prompt, Ref, Unread

if TYPE_CHECKING:
    from ivr.formats.xmltree import Element

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "freeswitch"
TITLE = "FreeSWITCH IVR menus (XML)"

#: FreeSWITCH's max-failures and max-timeouts when a menu leaves them out (mod_dptools: IVR Menu).
_TRIES = 3
#: FreeSWITCH menus (mod_dptools: IVR Menu; "Chapter 21: IVR Menus"): a wrong key plays ``invalid-sound`` and silence
#: waits ``timeout``, and either replays the menu (``greet-short``) until ``max-failures`` / ``max-timeouts``; then
#: the menu exits to the dialplan (``exit-sound``), or runs ``exec-on-max-*``: the reader names that as ``on_fail``.
FREESWITCH = Semantics("FreeSWITCH", tries=_TRIES, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                       after_last=AfterLast.DISCONNECT)
#: FreeSWITCH's defaults for attributes a menu leaves out (mod_dptools: IVR Menu).
_DEFAULTS = {"timeout": 10000, "max-failures": _TRIES, "max-timeouts": _TRIES}
#: Attributes read into the model; the others are counted and noted.
_READ = {"name", "greet-long", "greet-short", "invalid-sound", "exit-sound", "timeout", "inter-digit-timeout",
         "max-failures", "max-timeouts", "digit-len", "exec-on-max-failures", "exec-on-max-timeouts"}
#: The model's name of each attribute that sets one of its fields (Node.fields: where the file writes it); one dict
#: of every attribute per menu cost 12 MB on a 16 MiB file (benchmarks/reader_memory.py --no-limits)
_FIELDS = {"greet-long": "prompt", "timeout": "timeout", "max-failures": "retries", "max-timeouts": "retries",
           "digit-len": "max_digits"}
#: Attributes that change nothing the analysis sees (speech engine, confirmation of entries).
_IGNORED = {"tts-engine", "tts-voice", "confirm-macro", "confirm-key", "confirm-attempts", "transfer-sound"}
#: FreeSWITCH reads the numbers of a menu with atoi() into a C int (switch_ivr_menu.c,
#: switch_ivr_menu_stack_xml_build: ``atoi(timeout)``, ``atoi(max_failures)``, ...): a larger
#: number is no value it can hold.
_INT_MAX = 2**31 - 1
_PLAIN_DIGITS = re.compile(r"[0-9*#]+\Z")
_PERSON_APPS = {"transfer", "bridge", "callcenter", "fifo"}
#: Applications a menu entry runs that change nothing a caller hears or chooses (mod_dptools): an entry after one
#: on the same key is what the caller gets next.
_PASS = {"set", "export", "unset", "event", "log", "info", "hash", "db", "sleep", "answer", "pre_answer",
         "set_global", "multiset", "record_session", "stop_record_session"}
#: Dialplan applications (mod_dptools and the modules of the vanilla configuration) that a menu-exec-app param
#: starts with: a menu-sub param starting with one is a command written under the wrong action.
_APPS = _PERSON_APPS | {"voicemail", "hangup", "playback", "answer", "sleep", "set", "export", "lua", "javascript",
                        "ivr", "conference", "socket", "execute_extension", "playback_terminators", "phrase",
                        "speak", "say", "record", "valet_park", "park", "intercept", "log", "info",
                        "play_and_get_digits", "read", "enum", "redirect", "respond", "sched_hangup", "send_dtmf"}


#: An ``&`` that starts none of XML's own references (``&amp;``, ``&#38;`` ...), outside CDATA sections and
#: comments (group 1: those, kept as they are).
_BARE_AMPERSAND = re.compile(rb"(<!\[CDATA\[.*?\]\]>|<!--.*?-->)|&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)",
                             re.DOTALL)
#: What FreeSWITCH's preprocessor drops: every line holding one of these, whole (src/switch_xml.c, preprocess():
#: "we ignore <include> or </include> for the sake of validators as well as <?xml version="1.0"?> type stuff").
_DROPPED = (b"<include>", b"</include>", b"<?")
_COMMENT = re.compile(rb"<!--.*?-->")


def _shown(text: str, most: int = 60) -> str:
    return repr(text if len(text) <= most else text[:most] + "...")
_DECLARATION = re.compile(rb"\s*(?:\xef\xbb\xbf)?<\?xml\b[^>]*\?>\s*$")


def _as_freeswitch_reads(data: bytes, imported: Imported) -> bytes:
    """``data`` as FreeSWITCH's own XML reading leaves it, for a strict XML parser; lines stay where they are.

    FreeSWITCH does not read a configuration file with a validating parser. Its preprocessor
    (src/switch_xml.c, ``preprocess``), which joins every file into one document, drops each line that holds
    ``<include>``, ``</include>`` or ``<?``, whole: a file's ``<include>`` wrapper is not an element, so a
    ``</include>`` in the middle of a file does not end it (real files: benchmarks/field/freeswitch.json,
    ynigun/fs-conf-pub). Its parser (``switch_xml_parse_str``, from ezxml) then leaves an ``&`` that starts no
    reference as it is (``switch_xml_decode``), so ``greet-long="http://host/get?token=1&path=a.wav"`` plays
    that URL, where expat stops at the ``&``. Here: those lines are blanked (one ``<include>`` stands for the
    wrapper, closed at the end; a leading ``<?xml ...?>`` declaration is kept for its encoding), and such an
    ``&`` is written ``&amp;`` (a column after it on its line moves by 4; elements start before their
    attributes, so their places do not move). What else a dropped line held is a
    ``skipped-line`` finding; a note says how many ``&`` were read so."""
    if b"<include>" in data or b"</include>" in data or data.count(b"<?") > 1:
        lines = data.split(b"\n")
        wrapped, dropped = False, []
        for number, line in enumerate(lines):
            if not any(token in line for token in _DROPPED) or (number == 0 and _DECLARATION.match(line)):
                continue
            rest = line
            for token in (*_DROPPED[:2], b"\r"):
                rest = rest.replace(token, b"")
            rest = _COMMENT.sub(b"", rest).strip()  # a whole comment on it is no loss
            if rest and not _DECLARATION.match(rest):
                dropped.append((number + 1, rest.decode("utf-8", "replace")))
            if b"<include>" in line and not wrapped:
                lines[number], wrapped = b"<include>", True
            else:
                lines[number] = b""
        if wrapped:
            lines.append(b"</include>")
        data = b"\n".join(lines)
        # what else such a line held is never loaded: the skipped-line rule reports it where it is (link_menus)
        imported.resources["unread"] = [Unread(Location(imported.source, number, 1), (
            f"FreeSWITCH drops this whole line when it loads the file, as it holds <include>, </include> or <? "
            f"(switch_xml.c, preprocess): {_shown(rest)} on it is never read; put it on a line of its own"))
            for number, rest in dropped]
    if b"&" not in data:
        return data
    first: list[int] = []
    count = 0

    def escape(match: re.Match[bytes]) -> bytes:
        nonlocal count
        if match[1] is not None:
            return match[1]
        if not first:  # the first one's line, for the note (counted once: a file may hold thousands)
            first.append(data.count(b"\n", 0, match.start()) + 1)
        count += 1
        return b"&amp;"

    lenient = _BARE_AMPERSAND.sub(escape, data)
    if count:
        more = f" (and {count - 1:,} more)" if count > 1 else ""
        imported.notes.append(Note(Location(imported.source, first[0], 1),
                                   f"'&' that starts no XML reference{more} read as the character itself, as "
                                   "FreeSWITCH's parser reads it (switch_xml.c); a strict XML tool refuses the "
                                   "file: write it '&amp;'"))
    return lenient


def read(data: bytes, name: str) -> Imported:
    from ivr.formats.xmltree import parse_xml  # the XML parser (defusedxml): only when there is XML to read

    imported = Imported(name, NAME)
    data = _as_freeswitch_reads(data, imported)
    # what is read from each <macro>, <X-PRE-PROCESS> and <menu> as it ends, by its place in document order
    macros: list[tuple[int, str, tuple[str, str]]] = []
    pre_notes: list[tuple[int, Note]] = []
    menus: list[tuple[int, Imported, list[LoadError]]] = []

    def on_end(element: Element, ancestors: list[Element]) -> bool:
        """Read a macro, an X-PRE-PROCESS or a menu as it ends; True (take it out of the tree) when nothing read
        later looks inside it: the tree then holds one menu at a time, not the file's every menu beside their
        models (a menu or macro inside another stays, for the outer one to read as before)."""
        tag = element.tag
        if tag == "macro":
            if element.attrib.get("name"):
                macros.append((element.order, element.attrib["name"], _phrase(element, imported)))
        elif tag == "X-PRE-PROCESS":
            pre_notes.append((element.order, Note(
                element.location, f"<X-PRE-PROCESS cmd=\"{element.attrib.get('cmd', '')}\" "
                                  f"data=\"{element.attrib.get('data', '')}\"> not followed: FreeSWITCH expands it "
                                  "when it loads; give ivr the files it includes")))
        elif tag == "menu":
            part, errors = Imported(name, NAME), []
            try:
                part.menus.append(_menu(element, part))
            except InvalidMenu as exc:
                errors = exc.errors
            menus.append((element.order, part, errors))
        else:
            return False
        # a <context> inside stays too, for read_contexts below (it looks for them anywhere in the tree)
        return not any(a.tag in ("menu", "macro") for a in ancestors) and next(element.iter("context"), None) is None

    root = parse_xml(data, name, on_end)
    # in document order, as the tree was read before: phrases, then the X-PRE-PROCESS notes, then each menu
    phrases = {key: phrase for _, key, phrase in sorted(macros, key=lambda m: m[0])}
    if phrases:
        imported.resources["phrases"] = phrases
        imported.count("phrases", len(phrases))
    imported.notes.extend(note for _, note in sorted(pre_notes, key=lambda p: p[0]))
    contexts = read_contexts(root, imported)
    if contexts:
        imported.resources["dialplan"] = contexts
    errors: list[LoadError] = []
    for _, part, failed in sorted(menus, key=lambda m: m[0]):
        imported.menus.extend(part.menus)
        imported.notes.extend(part.notes)
        for kind, count in part.counts.items():
            imported.count(kind, count)
        errors.extend(failed)
    if errors:
        raise InvalidMenu(errors)
    if not imported.menus and not phrases and not contexts:
        raise InvalidMenu([LoadError(root.location, f"no FreeSWITCH <menu>, phrase <macro> or dialplan <context> in "
                                                    f"this <{root.tag}>; pass an ivr_menus/*.xml file, ivr.conf.xml, "
                                                    "a phrase file or a dialplan file")])
    imported.count("menus", len(imported.menus))
    return imported


def link(parts: Sequence[Imported]) -> list[Menu]:
    return link_menus(parts)


def _phrase(macro: Element, imported: Imported) -> tuple[str, str]:
    """(words, recordings) of a phrase macro: speak-text says words, play-file plays recordings."""
    words, files = [], []
    for action in macro.iter("action"):
        function, data = action.attrib.get("function", ""), action.attrib.get("data", "")
        if function == "speak-text" and data:
            words.append(data)
        elif function == "play-file" and data and not data.startswith("silence_stream://"):
            files.append(data)
        elif function == "say" and data:
            files.append(f"say {data}")
    return " ".join(words), ", ".join(files)


def _count(number: int | None) -> int:
    """A count of tries as switch_ivr_menu_init keeps it: one that is not above 0 is 3."""
    return number if number is not None and number > 0 else _TRIES


def _number(element: Element, attribute: str, imported: Imported, default: int | None) -> int | None:
    """A whole-number attribute; a ``$${variable}`` is kept out (noted) and the default used."""
    text = element.attrib.get(attribute, "").strip()
    if not text:
        return default
    if "$" in text:
        imported.notes.append(Note(element.location, f"{attribute}=\"{text}\" is set by a variable; "
                                                     f"ivr assumes {default}"))
        return default
    menu = element.attrib.get("name", "?")
    if not (text.isascii() and text.isdigit()):  # atoi() reads 0-9 only: not "²", nor "٣"
        raise InvalidMenu([LoadError(element.location, f"{attribute}=\"{text}\" of menu '{menu}' is not a whole "
                                                       "number; write it in digits (milliseconds for timeouts)")])
    if len(text.lstrip("0")) > len(str(_INT_MAX)) or int(text) > _INT_MAX:
        shown = f'"{text}"' if len(text) <= 20 else f'"{text[:10]}...{text[-4:]}" ({len(text):,} digits)'
        raise InvalidMenu([LoadError(element.location, f"{attribute}={shown} of menu '{menu}' is more than "
                                                       f"FreeSWITCH can read (a C int: at most {_INT_MAX}); write a "
                                                       "smaller number (milliseconds for timeouts)")])
    return int(text)


def prompt_of(text: str | None, location: Location) -> Prompt | None:
    """A FreeSWITCH sound: ``say:`` words, ``phrase:`` a macro (resolved when linked), else a recording."""
    if not text or not text.strip():
        return None
    text = text.strip()
    if text.startswith("say:"):
        return Prompt({"": text[4:].strip()}, location) if text[4:].strip() else None
    if text.startswith("silence_stream://"):
        return None
    return Prompt({}, location, audio=text)


def _menu(element: Element, imported: Imported) -> Menu:
    attrib, where = element.attrib, element.location
    name = attrib.get("name", "").strip()
    if not name:
        raise InvalidMenu([LoadError(where, "a <menu> without a name; add name=\"...\" (entries of other menus "
                                            "and the dialplan's ivr application call it by name)")])
    for attribute in sorted(set(attrib) - _READ):
        why = "it changes nothing the analysis sees" if attribute in _IGNORED else "ivr does not know it"
        imported.notes.append(Note(where, f"menu '{name}': {attribute}=\"{attrib[attribute]}\" not used ({why})"))
    # switch_ivr_menu.c: switch_ivr_menu_stack_xml_build gives an empty max-timeouts the text of max-failures, and
    # switch_ivr_menu_init takes 3 for a count that is not above 0 (so an absent max-failures is 3 as well)
    failures = _count(_number(element, "max-failures", imported, _DEFAULTS["max-failures"]))
    timeouts = _count(_number(element, "max-timeouts", imported, failures))
    # switch_ivr_menu_init: a timeout that is not above 0 is 10000 ms
    timeout = _number(element, "timeout", imported, _DEFAULTS["timeout"]) or _DEFAULTS["timeout"]
    digits = _number(element, "digit-len", imported, None)
    _number(element, "inter-digit-timeout", imported, None)
    assert failures is not None and timeouts is not None and timeout is not None
    if failures != timeouts:
        imported.notes.append(Note(where, f"menu '{name}': max-failures {failures} and max-timeouts {timeouts} "
                                          f"are counted together by ivr: the menu exits after {min(failures, timeouts)}"))
    tries = min(failures, timeouts)
    if tries > MAX_RETRIES:  # FreeSWITCH takes any int; the model follows at most MAX_RETRIES (formats/checks.py)
        hours = tries * (timeout / 1000 + 5) / 3600  # a silent caller's passes: the timeout and a short greeting each
        imported.notes.append(Note(where, f"menu '{name}' lets callers fail {tries:,} times (max-failures / "
                                          f"max-timeouts): a caller who cannot answer hears it for about "
                                          f"{hours:,.1f} hours; ivr follows its first {MAX_RETRIES} passes"))
        tries = MAX_RETRIES
        failures, timeouts = min(failures, MAX_RETRIES + 1), min(timeouts, MAX_RETRIES)
    greeting = attrib.get("greet-long", "")
    if not greeting:
        # switch_ivr_menu.c, switch_ivr_menu_execute: the first pass plays greet-long, later passes greet-short when
        # it is set; play_and_collect returns at once for an empty sound, collecting no digit, and the pass counts
        # as a failure ("no input detected"). Without greet-long, callers first get silence and one failure.
        greeting = attrib.get("greet-short", "")
        tries = min(failures - 1, timeouts) if greeting else 0
        if not greeting:
            said = (f"menu '{name}' has neither greet-long nor greet-short: FreeSWITCH plays nothing, takes no key "
                    f"and counts a failure on every pass, so no entry can be chosen; the menu exits after "
                    f"{failures} silent pass(es)")
        elif not tries:
            said = (f"menu '{name}' has no greet-long: FreeSWITCH plays nothing on the first pass, takes no key and "
                    f"counts a failure; with max-failures {failures} the menu exits before greet-short plays, so "
                    "no entry can be chosen")
        else:
            said = (f"menu '{name}' has no greet-long: FreeSWITCH plays nothing on the first pass, takes no key and "
                    f"counts a failure; then greet-short plays and the menu takes keys {tries} time(s)")
        imported.notes.append(Note(where, said))
    exit_id = f"{name}/exit"
    menu_node = Node(id=name, type="menu", location=where, format=NAME,
                     prompt=prompt_of(greeting, where) if tries else None,
                     timeout=timeout / 1000, max_digits=digits, on_fail=Ref(exit_id, where),
                     fields={field: where for attribute, field in _FIELDS.items() if attribute in attrib})
    exit_node = Node(id=exit_id, type="external", location=where, format=NAME,
                     prompt=prompt_of(attrib.get("exit-sound"), where),
                     target_text="the dialplan, after the ivr application (the call leaves the menu)")
    nodes = {name: menu_node, exit_id: exit_node}
    on_max = attrib.get("exec-on-max-failures") or attrib.get("exec-on-max-timeouts")
    if on_max:
        handler = _app(f"{name}/on-max", on_max, where, name)
        nodes[handler.id] = handler
        menu_node.on_fail = Ref(handler.id, where)
    # ivr counts both kinds together (the notes say so); a menu that never takes a key fails as often as it may
    settle(menu_node, FREESWITCH, tries or min(failures, timeouts))
    duplicates: list[Duplicate] = []
    for child in element.children:
        if child.tag != "entry":
            imported.notes.append(Note(child.location, f"menu '{name}': <{child.tag}> not read (a menu holds "
                                                       "<entry> elements)"))
    # switch_ivr_menu.c, switch_ivr_menu_execute: the loop over a menu's actions has no break, so every entry
    # whose digits match runs, in order: entries on one key are a sequence (raise an event, play a sound, exit)
    last: dict[str, Node | None] = {}
    for index, entry in enumerate(element.find_all("entry"), start=1):
        imported.count("entries")
        option = _entry(entry, index, name, exit_id, nodes, imported, again=option_key(entry) in last)
        if option is None:
            continue
        if option.key in last:
            _then(name, option, last, menu_node, nodes, imported)
            continue
        # kept even when no pass takes keys (a silent menu): the entries are written, and silent-menu says at the
        # menu, once, that none can be chosen (their targets reported unreachable one by one would say it N times)
        menu_node.options[option.key] = option
        last[option.key] = nodes.get(option.goto.target)
    return Menu(name=name, file=where.file, start=Ref(name, where), nodes=nodes, location=where,
                duplicates=duplicates, format=NAME, files=(where.file,))


def option_key(entry: Element) -> str:
    return entry.attrib.get("digits", "").strip()


def _then(menu: str, option: Option, last: dict[str, Node | None], menu_node: Node, nodes: dict[str, Node],
          imported: Imported) -> None:
    """A later entry on a key already taken runs after the entries before it (see _menu). An application that
    changes nothing a caller hears (set, event, log) before it is passed through; a sound before it goes on to
    it. After a transfer, a hand-off, a hang-up or a menu action, what follows is not followed (the notes say
    so), nor is a menu action after a sound (ivr joins menus by their options)."""
    before = last[option.key]
    target = option.goto.target
    first = menu_node.options[option.key]
    passed = before is not None and before.type == "external" and (before.target_text or "").split(" ")[0] in _PASS
    if before is not None and passed and first.goto.target == before.id:
        menu_node.options[option.key] = dataclasses.replace(first, goto=option.goto)
        del nodes[before.id]
    elif before is not None and passed and target in nodes:
        before.type, before.otherwise, before.target_text = "branch", option.goto, None
    elif before is not None and before.type == "message" and before.goto is not None and \
            before.goto.target == menu and target in nodes:
        before.goto = option.goto
    else:
        imported.notes.append(Note(option.location, f"menu '{menu}': the entry on {option.key} after another one "
                                                    "runs after it; ivr follows the one before"))
        if target in nodes and target.startswith(f"{menu}/entry"):
            del nodes[target]  # made for this entry alone: no way leads to it in the model
        last[option.key] = None
        return
    last[option.key] = nodes.get(target)


def _entry(entry: Element, index: int, menu: str, exit_id: str, nodes: dict[str, Node],
           imported: Imported, again: bool = False) -> Option | None:
    action = entry.attrib.get("action", "").strip()
    digits = entry.attrib.get("digits", "").strip()
    param = entry.attrib.get("param", "").strip()
    where = entry.location
    if not digits:
        imported.notes.append(Note(where, f"menu '{menu}': <entry action=\"{action}\"> without digits skipped: "
                                          "no caller can choose it"))
        return None
    plain = bool(_PLAIN_DIGITS.match(digits)) and not again
    node_id = f"{menu}/{digits}" if plain else f"{menu}/entry{index}"
    label = None if plain else "dialled digits" if digits.startswith("/") else None
    hint = None
    if action == "menu-sub":
        target = param or "?"
        if not param:
            # switch_ivr_menu.c: switch_ivr_menu_execute finds no menu named "" ("Invalid Menu!") and the menu ends
            hint = " (an empty param names no menu: FreeSWITCH logs \"Invalid Menu!\" and the menu ends)"
        elif param.split(" ")[0] in _APPS or any(c.isspace() for c in param):
            # switch_ivr_menu.c: menu-sub runs switch_ivr_menu_execute on the param as a menu name; a name no menu
            # has logs "Invalid Menu!" and ends the menu (back to the dialplan): a dialplan command is no menu name
            hint = (" (a dialplan command, not a menu name: did you mean action=\"menu-exec-app\", which runs "
                    "it?)")
    elif action == "menu-top":
        target = TOP
    elif action == "menu-back":
        target = BACK
    elif action == "menu-exit":
        target = exit_id
    elif action == "menu-play-sound":
        nodes[node_id] = Node(id=node_id, type="message", location=where, format=NAME, prompt=prompt_of(param, where),
                              goto=Ref(menu, where))
        target = node_id
    elif action == "menu-exec-app":
        node = _app(node_id, param, where, menu)
        nodes[node_id] = node
        target = node_id
    else:
        imported.notes.append(Note(where, f"menu '{menu}': action '{action}' is not one ivr knows; "
                                          "read as a hand-off it cannot follow"))
        nodes[node_id] = Node(id=node_id, type="external", location=where, format=NAME,
                              target_text=f"{action} {param}".strip())
        target = node_id
    return Option(digits, Ref(target, where, hint), where, label)


def _app(node_id: str, text: str, where: Location, menu: str) -> Node:
    """The node a dialplan application leads to: a person, voicemail, a hangup, a recording, or a hand-off."""
    app, _, args = text.strip().partition(" ")
    words = args.split()
    if app in _PERSON_APPS and words:
        queue = words[0] if app in ("callcenter", "fifo") else None
        number = None if queue else words[0]
        return Node(id=node_id, type="transfer", location=where, format=NAME, queue=queue, number=number,
                    description=text.strip())
    if app == "voicemail" and words:
        return Node(id=node_id, type="voicemail", location=where, format=NAME, mailbox=words[-1],
                    description=text.strip())
    if app == "hangup":
        return Node(id=node_id, type="hangup", location=where, format=NAME, description=text.strip())
    if app == "playback" and words:
        return Node(id=node_id, type="message", location=where, format=NAME, prompt=prompt_of(args, where),
                    goto=Ref(menu, where), description=text.strip())
    return Node(id=node_id, type="external", location=where, format=NAME, target_text=text.strip() or "(nothing)")
