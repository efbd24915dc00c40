"""Steps that pass the caller on unchanged (set a variable, log, start recording) leave the flow.

A reader adds them as steps of kind ``pass`` with a ``goto``; :func:`collapse_passes`
points every edge at a pass step to where the pass leads, then drops the pass
steps, so that menus and messages follow one another as the caller hears them.
A chain of passes that loops on itself with nothing else in it is kept as an
``external`` step: ivr cannot tell what ends it.
"""

from __future__ import annotations

from dataclasses import replace

from ivr.formats.cloud.flow import Edge, Flow

__all__ = ["collapse_passes"]


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
    for sid in [sid for sid, step in flow.steps.items() if step.kind == "pass"]:
        del flow.steps[sid]


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
        todo.extend(edge.target for edge in flow.steps[sid].edges())
    dropped = {sid for sid in flow.steps if sid in droppable and sid not in seen}
    kept_targets = {edge.target for sid, step in flow.steps.items() if sid not in dropped for edge in step.edges()}
    for sid in sorted(dropped - kept_targets):
        step = flow.steps.pop(sid)
        if why:
            flow.summary.skip(step.label or step.platform_type, why, step.pos)
