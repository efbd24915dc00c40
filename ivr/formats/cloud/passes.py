"""Steps that pass the caller on unchanged (set a variable, log, start recording) leave the flow.

A reader adds them as steps of kind ``pass`` with a ``goto``; :func:`collapse_passes`
points every edge at a pass step to where the pass leads, then drops the pass
steps, so that menus and messages follow one another as the caller hears them.
A chain of passes that loops on itself with nothing else in it is kept as an
``external`` step: ivr cannot tell what ends it.
"""

from __future__ import annotations

from dataclasses import replace

from ivr.formats.cloud.flow import Edge, Flow, Step

__all__ = ["collapse_passes", "drop_unreached", "drop_failure_paths"]


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


def _retarget(flow: Flow, edge: Edge | None) -> Edge | None:
    if edge is None or edge.target not in flow.steps or flow.steps[edge.target].kind != "pass":
        return edge
    return replace(edge, target=_final(flow, edge.target))


def collapse_passes(flow: Flow) -> None:
    flow.start = _retarget(flow, flow.start) or flow.start
    for step in list(flow.steps.values()):
        step.goto = _retarget(flow, step.goto)
        step.options = [_retarget(flow, e) or e for e in step.options]
        step.branches = [_retarget(flow, e) or e for e in step.branches]
        step.otherwise = _retarget(flow, step.otherwise)
        step.no_input = _retarget(flow, step.no_input)
        step.no_match = _retarget(flow, step.no_match)
        step.on_fail = _retarget(flow, step.on_fail)
    flow.failure_targets = {_final(flow, t) if t in flow.steps else t for t in flow.failure_targets}
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
    seen: set[str] = set()
    todo = [flow.start.target]
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in flow.steps:
            continue
        seen.add(sid)
        todo.extend(edge.target for edge in _edges_followed(flow.steps[sid]))
    dropped = {sid for sid in flow.steps if sid in droppable and sid not in seen}
    kept_targets = {edge.target for sid, step in flow.steps.items() if sid not in dropped
                    for edge in _edges_followed(step)}
    for sid in sorted(dropped - kept_targets):
        step = flow.steps.pop(sid)
        if why:
            flow.summary.skip(step.label or step.platform_type, why, step.pos)


def drop_failure_paths(flow: Flow) -> None:
    """Leave out what only a failed transfer or hand-off reaches (``flow.failure_targets`` onwards).

    ivr counts a caller put through to a queue, a number or another flow as
    arrived; the error paths after those blocks are not analysed, and a step that
    only they reach is no finding of the flow's author.
    """
    if not flow.failure_targets:
        return
    seen: set[str] = set()
    todo = [t for t in flow.failure_targets if t in flow.steps]
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in flow.steps:
            continue
        seen.add(sid)
        todo.extend(edge.target for edge in flow.steps[sid].edges())
    drop_unreached(flow, seen, "runs only after a failed transfer or hand-off, which is not analysed")
