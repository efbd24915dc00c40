"""Which IVRs a dialplan holds: where calls enter, the flow each entry reaches, and what is left out.

Entries are FreePBX inbound routes (the extensions of ``ext-did*`` contexts: one IVR per
route that reaches a menu) when the files have them; otherwise every menu context with an
``s`` extension that no other menu leads to. Contexts no entry reaches are counted as
skipped, with why: phone macros and subroutines, outbound routes, feature codes, voicemail
administration, templates, or simply not reached.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace

from ivr.formats.asterisk import apps
from ivr.formats.asterisk.dialplan import Context, Dialplan, Extension, Skipped
from ivr.formats.asterisk.walker import ASTERISK, Walker
from ivr.formats.flow import Edge, Flow, Step, Summary, components, reachable, retarget
from ivr.model.errors import LoadError
from ivr.model.menu import Location

__all__ = ["Import", "read_flows"]

_OUTBOUND = re.compile(r"^_?(9|1NXX|NXX|0|00|011|\+)", re.IGNORECASE)


@dataclass(slots=True)
class Import:
    flows: list[Flow] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)
    #: lines Asterisk skips, each with what a caller then gets, and the context it stands in
    unread: list[tuple[LoadError, str | None]] = field(default_factory=list)
    #: Dial()/Queue() of the IVRs read that more priorities follow, which ivr does not walk: what
    failed_transfers: list[str] = field(default_factory=list)
    #: menu contexts left out as macros or subroutines: with no IVR, where the menus are
    menus_in_subroutines: list[str] = field(default_factory=list)


def _collapse(steps: dict[str, Step]) -> dict[str, str]:
    """Branches whose every way leads to one step (FreePBX's ``GotoIf(answered?skip)`` over an
    ``Answer``): each such id -> the step it always reaches."""
    same: dict[str, str] = {}
    for sid, step in steps.items():
        targets = {c.target for c in step.branches} | ({step.otherwise.target} if step.otherwise else set())
        if step.kind == "branch" and len(targets) == 1:
            same[sid] = targets.pop()
    return same


def _same_end(steps: dict[str, Step], one: str, other: str) -> bool:
    """Whether two ways play the same and lead to the same place (FreePBX's i and t 'final' copies)."""
    seen: set[tuple[str, str]] = set()
    while one != other and (one, other) not in seen:
        seen.add((one, other))
        a, b = steps.get(one), steps.get(other)
        if a is None or b is None or (a.kind, a.audio, a.description) != (b.kind, b.audio, b.description):
            return False
        if a.goto is None or b.goto is None:
            return a.goto is b.goto and a.kind in ("hangup", "transfer", "voicemail", "external")
        one, other = a.goto.target, b.goto.target
    return True


#: Applications that wait for the caller's answer: keys (Background, WaitExten, Read) or speech (apps.SPEECH)
_LISTENS = frozenset({"waitexten", "background", "read", *apps.SPEECH})


def _is_menu_context(context: Context) -> bool:
    for ext in context.extensions.values():
        for p in ext.priorities:
            app = p.app.lower()
            if app in _LISTENS or (app == "execif" and apps.execif_prompt(p.args)):
                return True
    return False


def _named_targets(plan: Dialplan) -> set[str]:
    """The contexts a Goto, GotoIf or Gosub of another context names (the extension may be computed)."""
    named: set[str] = set()
    for context in plan.contexts.values():
        for ext in context.extensions.values():
            for p in ext.priorities:
                app = p.app.lower()
                if app in ("gotoif", "gotoiftime"):
                    parts = apps.split_condition(p.args)
                    targets = [t for t in (parts[1:] if parts else ()) if t]
                elif app in ("goto", "gosub"):
                    targets = [p.args.partition("(")[0] if app == "gosub" else p.args]
                else:
                    continue
                for text in targets:
                    target = apps.goto_target(text, context.name, ext.name)
                    if target is not None and target[0] != context.name and not apps.is_dynamic(target[0]):
                        named.add(target[0])
    return named


def _is_menu_extension(ext: Extension) -> bool:
    return any(p.app.lower() in _LISTENS for p in ext.priorities)


_NOT_REACHED = "not reached from any entry"
#: FreePBX's and Issabel's IVR contexts (an IVR whose option is '*' looks like a feature code otherwise)
_FREEPBX_IVR = re.compile(r"ivr-\d+$")


def _why_skipped(context: Context) -> str:
    name = context.name.lower()
    apps_used = {p.app.lower() for e in context.extensions.values() for p in e.priorities}
    if context.template:
        return "template"
    if not context.extensions:
        return "no extensions (includes or switches only)"
    if name.startswith(("macro-", "sub-", "gosub-")) or "return" in apps_used or "macroexit" in apps_used:
        return "phone macro or subroutine"
    if "voicemailmain" in apps_used or "vmail" in name or "voicemail" in name:
        return "voicemail administration"
    if any(e.startswith("*") or e.startswith("_*") for e in context.extensions) or name.startswith("app-"):
        return "feature codes"
    if "outbound" in name or "outrt" in name or "trunk" in name or (
            "dial" in apps_used and all(_OUTBOUND.match(e) for e in context.extensions)):
        return "outbound route"
    return _NOT_REACHED


_NO_MENU, _SUBMENU = "no menu", "submenu"


def _left_out(steps: dict[str, Step], starts: list[str], *, submenus: bool) -> list[str | None]:
    """Per entry (by its first step): ``_NO_MENU`` when no menu or input can be reached from it, ``_SUBMENU``
    (with ``submenus``) when another entry reaches it, so that it is a part of that one's IVR, else None.
    Of entries that reach each other, the first is kept: it reaches the others.

    Judged on the components of the step graph (:func:`components`), in time linear in the steps and
    ways, rather than by walking from every entry: a dialplan of thousands of menu contexts each
    leading to the next made that quadratic in time and memory.
    """
    component, after = components(steps, starts)
    has_menu = [False] * len(after)
    for sid, number in component.items():
        # a Read() alone (data entry: a PIN, an account number) is the caller's input too: an IVR
        has_menu[number] = has_menu[number] or steps[sid].kind in ("menu", "input") or any(
            edge.target not in steps for edge in steps[sid].edges())
    for number, ways in enumerate(after):  # every component after those it leads to
        has_menu[number] = has_menu[number] or any(has_menu[other] for other in ways)
    entered = {component[start] for start in starts if start in component}
    # reached[c]: an entry's first step leads to component c through at least one way out of its own
    reached = [False] * len(after)
    for number in range(len(after) - 1, -1, -1):  # every component before those it leads to
        if number in entered or reached[number]:
            for other in after[number]:
                reached[other] = True
    left: list[str | None] = []
    first: set[int] = set()
    for start in starts:
        if start not in component or not has_menu[component[start]]:
            left.append(_NO_MENU)
        elif submenus and (reached[component[start]] or component[start] in first):
            left.append(_SUBMENU)
        else:
            # entries that reach each other (a ring of menus) are one IVR, entered at the first of them
            first.add(component[start])
            left.append(None)
    return left


def _effect(plan: Dialplan, walker: Walker, line: Skipped) -> str:
    """What a caller gets once Asterisk has skipped ``line`` (the dialplan as Asterisk loaded it)."""
    if line.extension is None or line.context is None:
        return "the context is loaded without it"
    name, context = line.extension, line.context
    found = walker.extension(context, name)
    ext = found[1] if found else None
    if ext is None or not ext.priorities or ext.priorities[0].number != 1:
        # main/pbx.c: an extension with no priority 1 does not exist for a caller
        fallback = walker.extension(context, "e") is not None
        if name == "i":
            return ("a caller who presses a key no option matches goes to 'e'" if fallback else
                    "the context has no wrong-key extension 'i': a caller who presses a key no option matches is "
                    "hung up on")
        if name == "t":
            return ("a caller who presses nothing goes to 'e'" if fallback else
                    "the context has no timeout extension 't': a caller who presses nothing is hung up on")
        if name == "s":
            return f"'{context}' has no 's' extension to start at: a call sent there is hung up on"
        if apps.KEYPAD_EXTENSION.match(name):
            return f"{name} is no option of '{context}': a caller who dials it gets the wrong-key handling"
        return f"'{context}' has no extension '{name}': a call sent there is hung up on"
    for before, after in zip(ext.priorities, ext.priorities[1:]):
        if after.number != before.number + 1:
            return (f"extension '{name}' runs without it and stops after priority {before.number}, where its "
                    "numbering breaks: Asterisk hangs up there")
    return f"extension '{name}' runs without it"


def _locate_at_goto(walker: Walker) -> None:
    """A way to a target no step has (unknown-target) is located at the one ``Goto()`` that names it, rather
    than at the step before it (a branch whose side runs on into the Goto)."""
    at = {target: next(iter(places)) for target, places in walker.landings.items()
          if len(places) == 1 and target not in walker.steps}
    if not at:
        return

    def move(edge: Edge | None) -> Edge | None:
        return replace(edge, location=at[edge.target]) if edge is not None and edge.target in at else edge

    for step in walker.steps.values():
        step.goto, step.no_input, step.no_match = move(step.goto), move(step.no_input), move(step.no_match)
        step.on_fail, step.otherwise = move(step.on_fail), move(step.otherwise)
        step.options = [move(e) or e for e in step.options]
        step.branches = [move(e) or e for e in step.branches]


#: Extensions no call is dialled to: Asterisk runs them itself (``h`` at hangup; ``i``, ``t``, ``e`` and ``T`` from
#: a context's menu, a timeout or an error: docs.asterisk.org, "Special Dialplan Extensions")
_SPECIAL = frozenset({"h", "i", "t", "e", "T", "a", "o", "fax", "talk"})


def _routing_entries(plan: Dialplan, walker: Walker) -> list[tuple[str, str, Edge]]:
    """Where calls enter a dialplan with no caller menu: every extension a call can be sent to (dialled, or sent by a
    Goto of a file not given) of each context that no other context given names, macros and subroutines aside (only
    a Macro() or Gosub() runs them)."""
    named = _named_targets(plan)
    entries: list[tuple[str, str, Edge]] = []
    for context in plan.contexts.values():
        if (context.template or context.name in named or context.name.lower() in ("general", "globals")
                or _why_skipped(context) in ("template", "phone macro or subroutine",
                                              "no extensions (includes or switches only)")):
            continue
        for name, ext in context.extensions.items():
            if name in _SPECIAL or not ext.priorities:
                continue
            entries.append((f"{context.name} {name}", context.name,
                            walker.ref(context.name, name, 0, None, ext.location)))
    return entries


def read_flows(plan: Dialplan, *, routing: bool = False) -> Import:
    """Every IVR in ``plan`` as a flow of steps, with the summary of what was read and left out. With ``routing``
    (a dialplan with no IVR in it), one flow of its routing instead: an invented step where every extension a call
    can be sent to is a way (:func:`_routing_entries`), for the rules of how a dialplan is written."""
    walker = Walker(plan)
    result = Import(errors=list(plan.errors), warnings=list(plan.warnings))
    if routing:
        return _routing(plan, walker, result)
    entries: list[tuple[str, str, Edge]] = []
    routes = [c for c in plan.contexts.values() if c.name.startswith("ext-did") and not c.template]
    for route in routes:
        for name, ext in route.extensions.items():
            if name in ("h", "fax", "i", "t") or not ext.priorities:
                continue
            label = "any number" if name in ("s", "_.", "_X.") else name
            entries.append((f"{route.name} {label}", route.name,
                            walker.ref(route.name, name, 0, None, ext.location)))
    routed_names = {route.name for route in routes}  # by name: 'in' a list compared whole contexts, quadratic
    menus = [c for c in plan.contexts.values()
             if not c.template and _is_menu_context(c) and "s" in c.extensions and c.name not in routed_names]
    # every menu no route (or other menu) leads to is an IVR of its own: FreePBX IVRs reached from a time
    # condition, a ring group's failover or a feature code are still IVRs callers hear
    routed = len(entries)
    for context in menus:
        if routes and not _FREEPBX_IVR.match(context.name) and _why_skipped(context) != _NOT_REACHED:
            continue  # FreePBX's feature codes, macros and voicemail contexts play and wait too: not IVRs
        if context.name.lower().startswith("macro-"):
            continue  # apps/app_macro.c: entered only by Macro(NAME) (macro-user-logon's Read() of a PIN): no call
            # starts there
        entries.append((context.name, context.name,
                        walker.ref(context.name, "s", 0, None, context.extensions["s"].location)))
    if not routes:
        # a menu context with no 's': Asterisk enters any extension that is dialled (a DID, an internal number), so
        # each of its extensions that plays a menu itself is an entry (hand-written dialplans: '555 => Read(...)')
        # (a context another one jumps into by name, even to a computed extension, is a part of that one's IVR)
        named = _named_targets(plan)
        for context in plan.contexts.values():
            if (context.template or "s" in context.extensions or not _is_menu_context(context)
                    or context.name in named):
                continue
            for name, ext in context.extensions.items():
                if not apps.KEYPAD_EXTENSION.match(name) or not _is_menu_extension(ext):  # dialled: digits, patterns
                    continue
                entries.append((f"{context.name} {name}", context.name,
                                walker.ref(context.name, name, 0, None, ext.location)))
    if not entries:
        # no menu context is entered of itself: a dialled extension (a DID's '_X.') that runs the menus of other
        # contexts through Gosub() is where calls come in (hand-written dialplans whose prompts and Read()s sit
        # in subroutines); one that reaches no menu is left out below, as every entry is
        named = _named_targets(plan)
        for context in plan.contexts.values():
            if context.template or context.name in named or _why_skipped(context) != _NOT_REACHED:
                continue
            for name, ext in context.extensions.items():
                if (name == "s" or apps.KEYPAD_EXTENSION.match(name)) and ext.priorities:
                    entries.append((f"{context.name} {name}" if name != "s" else context.name, context.name,
                                    walker.ref(context.name, name, 0, None, ext.location)))
    same, landing = _walked(walker)
    entries = [(name, ctx, Edge(same.get(ref.target, ref.target), ref.location)) for name, ctx, ref in entries]
    for number, (name, ctx, ref) in enumerate(entries):
        if ref.target not in walker.steps:
            # the entry runs straight into a target no step has (a route's Goto to a queue the dialplan does not
            # define): a step of its own leads there, so that the route is analysed and unknown-target reports it
            where = landing.get(ref.target, ref.location)
            sid = f"{ctx},{name.rsplit(' ', 1)[-1]},entry" if ctx != name else f"{ctx},entry"
            walker.steps[sid] = Step(sid, "message", where, goto=Edge(ref.target, where),
                                     description=f"{name}: the call goes to {ref.target}")
            entries[number] = (name, ctx, Edge(sid, ref.location))
    starts = [ref.target for _, _, ref in entries]
    # each route is an IVR of its own (two routes to one menu: two entries); a menu is one when nothing before it
    # in the list (a route, another menu) leads to it
    left_out = (_left_out(walker.steps, starts[:routed], submenus=False)
                + _left_out(walker.steps, starts, submenus=True)[routed:])
    for number, ((name, entry_context, ref), why) in enumerate(zip(entries, left_out)):
        if why == _NO_MENU:
            result.summary.skip(name, "inbound route with no menu" if number < routed else "no menu")
            continue
        if why == _SUBMENU:
            continue  # a submenu of another entry: read as part of that one
        steps = reachable(walker.steps, ref.target)
        files = _files_of(plan, steps)
        comment = plan.contexts[entry_context].comment
        result.flows.append(Flow(name, ref.location.file, ref, steps, ASTERISK, files=files,
                                 description=comment or None))
    _finish(plan, walker, result, {ctx for _, ctx, _ in entries})
    return result


def _routing(plan: Dialplan, walker: Walker, result: Import) -> Import:
    entries = _routing_entries(plan, walker)
    same, landing = _walked(walker)
    for number, (name, ctx, ref) in enumerate(entries):
        target = same.get(ref.target, ref.target)
        if target not in walker.steps:
            # the extension runs straight into a target no step has (a Goto to a context or label not defined): a
            # step of its own leads there, so that unknown-target reports it at that Goto
            where = landing.get(target, ref.location)
            sid = f"{ctx},{name.rsplit(' ', 1)[-1]},entry"
            walker.steps[sid] = Step(sid, "message", where, goto=Edge(target, where), label=f"extension {name}",
                                     description=f"{name}: the call goes to {target}")
            entries[number] = (name, ctx, Edge(sid, ref.location))
    if entries:
        first = entries[0][2].location
        sid = "dialplan,entry"
        ways = [Edge(same.get(ref.target, ref.target), ref.location, f"a call sent to {name}", at=ref.location)
                for name, _, ref in entries]
        walker.steps[sid] = Step(sid, "branch", first, branches=ways, invented=True,
                                 description="Asterisk runs the extension a call is sent to")
        steps = reachable(walker.steps, sid)
        files = _files_of(plan, steps)
        result.flows.append(Flow(f"routing of {os.path.basename(first.file)}", first.file, Edge(sid, first), steps, ASTERISK,
                                 files=files, routing=True))
    _finish(plan, walker, result, {ctx for _, ctx, _ in entries})
    return result


def _walked(walker: Walker) -> tuple[dict[str, str], dict[str, Location]]:
    """Walk the dialplan into steps, each Goto located, the steps that are one collapsed into one: the ids so merged
    (old -> kept), and the one place each target no step has is named from (where unknown-target reports it)."""
    walker.build()
    _locate_at_goto(walker)
    same = _collapse(walker.steps)
    retarget(walker.steps, same)
    landing = {target: next(iter(places)) for target, places in walker.landings.items()
               if len(places) == 1 and target not in walker.steps}
    return same, landing


def _files_of(plan: Dialplan, steps: dict[str, Step]) -> list[str]:
    """The files of the dialplan that ``steps`` come from, in the dialplan's order."""
    in_steps = {step.location.file for step in steps.values()}
    return [f for f in plan.files if f in in_steps]


def _finish(plan: Dialplan, walker: Walker, result: Import, entered: set[str]) -> None:
    """The summary of what was read and left out, and what the walk found, once the flows are made."""
    used = {sid.split(",", 1)[0] for flow in result.flows for sid in flow.steps if "," in sid}
    kept = {sid for flow in result.flows for sid in flow.steps}
    for sid in kept:
        used.update(walker.through.get(sid, ()))
    result.failed_transfers = list(dict.fromkeys(what for sid, what in sorted(
        walker.failed_transfers.items(), key=lambda item: (walker.steps[item[0]].location.file,
                                                           walker.steps[item[0]].location.line)) if sid in kept))
    readable = [c for c in plan.contexts.values() if c.name.lower() not in ("general", "globals")]
    result.summary.read = len(readable)
    for context in readable:
        if context.name in used or context.name in entered:
            result.summary.used += 1
        elif context.name.endswith("-custom") and not context.extensions:
            result.summary.skip(context.name, "empty *-custom context (FreePBX generates these)")
        else:
            why = _why_skipped(context)
            result.summary.skip(context.name, why)
            if why == "phone macro or subroutine" and _is_menu_context(context):
                result.menus_in_subroutines.append(context.name)
    result.summary.external = sorted(walker.unfollowed)
    for menu, wrong, silent in walker.split_ends:
        if _same_end(walker.steps, wrong.target, silent.target):
            continue  # FreePBX writes the same 'final' in i and t: one way out after all
        result.warnings.append(LoadError(silent.location, f"menu '{menu}': callers out of tries end at "
                                         f"'{wrong.target}' after wrong keys but at '{silent.target}' after silence; "
                                         "ivr has one way out of a menu and keeps the wrong keys'"))
    for call, location in walker.calls.items():
        result.warnings.append(LoadError(location, f"{call} not followed: its context is in none of the files "
                                                   "given; read as returning here"))
    result.errors.extend(walker.errors)
    result.warnings.extend(walker.warnings)
    for line in plan.skipped:
        message = f"{line.why}, so Asterisk skips this line (and loads the rest): {_effect(plan, walker, line)}; {line.fix}"
        result.unread.append((LoadError(line.location, message), line.context))
