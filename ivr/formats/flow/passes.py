"""Passes over a flow, the same for every reader: steps reached, references moved, steps that say nothing dropped.

* :func:`reachable`: the steps a call can reach from a start, in the order a caller finds them;
  :func:`components`: the strongly connected components of the steps, for judging many starts at once;
* :func:`retarget`: references to steps that stand for others (a branch whose every way leads
  to one step, a ``<block>`` that only jumps) pointed at the step they stand for;
* :func:`collapse_passes`: steps of kind ``pass`` (set a variable, log, start recording) leave
  the flow, every edge into one pointed at where it leads, so that menus and messages follow
  one another as the caller hears them; a chain of passes that loops on itself with nothing
  else in it is kept as an ``external`` step: ivr cannot tell what ends it;
* :func:`drop_unreached` and :func:`drop_failure_paths`: steps made before the reader knew
  whether a call gets there (the end of a task that never runs out, what only a failed transfer
  reaches) leave the flow when no call does;
* :func:`silent_failure`: how the failure ways of a step (a transfer's, a function's) end the call
  with nothing said, for the readers whose platform connects those ways as blocks (Amazon Connect).
"""

from __future__ import annotations

from dataclasses import replace

from ivr.formats.flow.flow import Flow
from ivr.formats.flow.step import Edge, Step

__all__ = ["reachable", "components", "retarget", "collapse_passes", "drop_unreached", "drop_failure_paths",
           "ends_unsaid", "silent_failure"]


def _followed(step: Step) -> list[Edge]:
    """The ways out of ``step`` in the order a caller meets them: on, failures, otherwise, options, cases."""
    found = [step.goto, step.no_input, step.no_match, step.on_fail, step.otherwise, *step.options, *step.branches]
    return [edge for edge in found if edge is not None]


def reachable(steps: dict[str, Step], start: str | list[str]) -> dict[str, Step]:
    """The steps a call that starts at ``start`` (or at any of several starts) can reach, in the order found
    (depth first)."""
    found: dict[str, Step] = {}
    stack = [start] if isinstance(start, str) else list(reversed(start))
    while stack:
        sid = stack.pop()
        if sid in found or sid not in steps:
            continue
        step = found[sid] = steps[sid]
        stack.extend(edge.target for edge in reversed(_followed(step)))
    return found


def components(steps: dict[str, Step], starts: list[str]) -> tuple[dict[str, int], list[set[int]]]:
    """The strongly connected components of the steps reachable from ``starts``, found in one pass
    (Tarjan's algorithm, without recursion), so that what each start reaches can be judged for all
    starts at once rather than walked again from each.

    Returns each step's component and, per component, the other components it leads to directly.
    Components are numbered in the order they are completed: every way out of a component goes to
    one with a lower number, so counting up visits a component after all those it leads to.
    """
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    after: list[set[int]] = []
    open_steps: list[str] = []
    is_open: set[str] = set()

    def targets(sid: str) -> list[str]:
        return [edge.target for edge in _followed(steps[sid]) if edge.target in steps]

    def enter(sid: str) -> None:
        order[sid] = low[sid] = len(order)
        open_steps.append(sid)
        is_open.add(sid)

    for root in starts:
        if root in order or root not in steps:
            continue
        enter(root)
        work = [(root, iter(targets(root)))]
        while work:
            sid, ways = work[-1]
            for target in ways:
                if target not in order:
                    enter(target)
                    work.append((target, iter(targets(target))))
                    break
                if target in is_open:
                    low[sid] = min(low[sid], order[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[sid])
                if low[sid] == order[sid]:
                    number = len(after)
                    members: list[str] = []
                    while not members or members[-1] != sid:
                        member = open_steps.pop()
                        is_open.discard(member)
                        component[member] = number
                        members.append(member)
                    after.append({component[t] for m in members for t in targets(m)} - {number})
    return component, after


def retarget(steps: dict[str, Step], same: dict[str, str]) -> None:
    """Point every reference to an id in ``same`` at the step it stands for (followed to the end)."""
    for sid in same:
        seen = {sid}
        while same[sid] in same and same[sid] not in seen:
            seen.add(same[sid])
            same[sid] = same[same[sid]]

    def move(edge: Edge | None) -> Edge | None:
        return replace(edge, target=same[edge.target]) if edge is not None and edge.target in same else edge

    for step in steps.values():
        step.goto, step.no_input, step.no_match = move(step.goto), move(step.no_input), move(step.no_match)
        step.on_fail, step.otherwise = move(step.on_fail), move(step.otherwise)
        step.options = [move(e) or e for e in step.options]
        step.branches = [move(e) or e for e in step.branches]


def _final(flow: Flow, target: str) -> str:
    seen: list[str] = []
    while target in flow.steps and flow.steps[target].kind == "pass":
        if target in seen:
            step = flow.steps[target]
            step.kind, step.target_text, step.goto = "external", f"{step.platform_type} loop", None
            return target
        seen.append(target)
        goto = flow.steps[target].goto
        if goto is None:
            step = flow.steps[target]
            step.kind, step.target_text = "external", step.platform_type
            return target
        target = goto.target
    return target


def _through(flow: Flow, edge: Edge | None) -> Edge | None:
    if edge is None or edge.target not in flow.steps or flow.steps[edge.target].kind != "pass":
        return edge
    return replace(edge, target=_final(flow, edge.target))


#: The sets of a Flow where a way the analysis leaves out begins, and why what only they reach is left out.
_LEFT_OUT = {
    "failure_targets": "runs only after a failed transfer or hand-off, which is not analysed",
    "error_targets": "runs only after a block's own error (the platform failing, not the caller), which is not "
                     "analysed",
    "channel_targets": "runs only for contacts on another channel than voice (chat, task, email): ivr checks phone "
                       "calls",
    "after_targets": "runs only once the person or the mailbox the call reached is done with it, which is not "
                     "analysed",
}


def collapse_passes(flow: Flow) -> None:
    """Drop the ``pass`` steps, every edge into one pointed at where the passes lead."""
    flow.start = _through(flow, flow.start) or flow.start
    for step in list(flow.steps.values()):
        step.goto = _through(flow, step.goto)
        step.options = [_through(flow, e) or e for e in step.options]
        step.branches = [_through(flow, e) or e for e in step.branches]
        step.otherwise = _through(flow, step.otherwise)
        step.no_input = _through(flow, step.no_input)
        step.no_match = _through(flow, step.no_match)
        step.on_fail = _through(flow, step.on_fail)
    for name in _LEFT_OUT:  # the steps where what is left out begins, as the passes moved them
        setattr(flow, name, {_final(flow, t) if t in flow.steps else t for t in getattr(flow, name)})
    for sid in [sid for sid, step in flow.steps.items() if step.kind == "pass"]:
        del flow.steps[sid]


def _edges_followed(step: Step) -> list[Edge]:
    """The ways on that the analysis follows: a hand-off's failure path is not one of them."""
    return [e for e in step.edges() if not (step.kind == "handoff" and e is step.on_fail)]


def drop_unreached(flow: Flow, droppable: set[str], why: str | None = None) -> None:
    """Leave out the steps in ``droppable`` that no call reaches from the start.

    Readers create some steps before they know whether a call gets there (the end of a
    task that never runs out, the actions after a transfer that only a failed transfer
    reaches); those are no finding of the flow's author. With ``why``, each step left out
    is counted in the summary with that reason.
    """
    # kept: what the start reaches, and what a step that stays (not droppable, reached or not) leads to, all the
    # way on (a step after two dropped ones that a kept step also leads to stays)
    seen: set[str] = set()
    todo = [flow.start.target, *(sid for sid in flow.steps if sid not in droppable)]
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in flow.steps:
            continue
        seen.add(sid)
        todo.extend(edge.target for edge in _edges_followed(flow.steps[sid]))
    for sid in sorted(sid for sid in flow.steps if sid in droppable and sid not in seen):
        step = flow.steps.pop(sid)
        if why:
            flow.summary.skip(step.label or step.platform_type or step.kind, why, step.location)


def drop_failure_paths(flow: Flow) -> None:
    """Leave out what only a failed transfer or hand-off reaches (``flow.failure_targets`` onwards).

    ivr counts a caller put through to a queue, a number or another flow as
    arrived; the error paths after those blocks are not analysed, and a step that
    only they reach is no finding of the flow's author.
    """
    for name, why in _LEFT_OUT.items():
        targets: set[str] = getattr(flow, name)
        if not targets:
            continue
        seen: set[str] = set()
        todo = [t for t in targets if t in flow.steps]
        while todo:
            sid = todo.pop()
            if sid in seen or sid not in flow.steps:
                continue
            seen.add(sid)
            todo.extend(edge.target for edge in flow.steps[sid].edges())
        drop_unreached(flow, seen, why)


#: How many steps a way that says nothing is followed through before ivr stops judging it.
_UNSAID_WALK = 20


def ends_unsaid(flow: Flow, start: str) -> list[str] | None:
    """The steps a way from ``start`` goes through when every way on from there ends the call with nothing said:
    only steps that say nothing and decide or set something (``pass``, ``branch``, with no prompt), then a hangup
    with no prompt; in order. None when some way reaches a step that may speak, ask, transfer or hand the call on,
    a step not in the flow, or goes through more than :data:`_UNSAID_WALK` steps. Run before
    :func:`collapse_passes` or after it: passes are gone through either way."""
    seen: list[str] = []
    known: set[str] = set()
    todo = [start]
    while todo:
        sid = todo.pop()
        if sid in known:
            continue
        step = flow.steps.get(sid)
        if step is None or step.text or step.audio or step.kind not in ("pass", "branch", "hangup") or \
                len(seen) == _UNSAID_WALK:
            return None
        seen.append(sid)
        known.add(sid)
        if step.kind != "hangup":
            todo.extend(edge.target for edge in step.edges())
    return seen


def silent_failure(flow: Flow, when: str, ways: list[tuple[str, Edge]]) -> str | None:
    """How the failure ``ways`` of a step (each its name as the platform writes it, and its edge) end the call with
    nothing said, for ``Step.fails_silently``, or None when none does; ``when`` says when they are taken ("when
    the transfer fails")."""
    fates: dict[tuple[str, ...], list[str]] = {}
    for name, edge in ways:
        through = ends_unsaid(flow, edge.target)
        if through is not None:
            fates.setdefault(tuple(through), []).append(f"'{name}'")
    if not fates:
        return None
    said = []
    for path, names in fates.items():
        steps = ", ".join(f"'{flow.steps[sid].label or sid}'" for sid in path[:3])
        more = f" and {len(path) - 3} more" if len(path) > 3 else ""
        said.append(f"{' and '.join(names)} {'leads' if len(names) == 1 else 'lead'} only to {steps}{more}, which "
                    f"{'says' if len(path) == 1 else 'say'} nothing to the caller before the call ends")
    return f"{when}, the call ends with nothing said: {'; '.join(said)}"
