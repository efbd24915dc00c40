"""Which prompts the courtesy rules read, and in which languages they can be checked.

Three moments decide how callers remember a call: the first prompt (were they
greeted?), the last words before a queue (were they told why and how long
they wait?) and the last words before the line goes dead (were they
thanked?). This module finds those prompts in the graph; :mod:`ivr.phrases`
says whether a text does the courteous thing in its language.

A prompt's texts are read in their own languages: the key ``""`` of
``Prompt.texts`` is the menu's ``language``. A text in a language without a
word list is not checked; :func:`unchecked_languages` names those languages
so that the summary can say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


from ivr.model.findings import Problem, Severity
from ivr.graph.build import FORWARD, Via, is_defined, name_of, once_per_graph
from ivr.model.menu import Prompt
from ivr.phrases import PhraseBook, phrasebook, primary
from ivr.graph.index import index
from ivr.graph.reach import nodes_of_kind

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "lacking",
    "RULES",
    "texts",
    "failing_languages",
    "first_prompts",
    "heard_before",
    "queue_transfers",
    "hangups",
    "LastWords",
    "last_words",
    "language_list",
    "node_list",
    "prompts_read",
    "unchecked_languages",
    "audio_prompts",
    "only_after_a_mistake",
    "speaks_to_nobody",
    "unsaid_failure",
    "FOR_EVERY_CHANNEL",
]

#: The rules that read prompts with the word lists of :mod:`ivr.phrases`.
RULES = frozenset({"missing-greeting", "unexplained-wait", "missing-thanks"})


def texts(prompt: Prompt, language: str) -> list[tuple[str, str]]:
    """(language code, text) of each text of ``prompt``; ``""`` becomes the menu's ``language``."""
    return [(code or language, text) for code, text in prompt.texts.items()]


def failing_languages(prompt: Prompt, language: str, test: Callable[[PhraseBook, str], bool]) -> list[str]:
    """The codes of the texts of ``prompt`` that fail ``test``, sorted; texts without a word list pass unread."""
    failed = set()
    for code, text in texts(prompt, language):
        book = phrasebook(code)
        if book is not None and not test(book, text):
            failed.add(code)
    return sorted(failed)


def _prompt(graph: nx.DiGraph, node_id: str) -> Prompt | None:
    node = index(graph).model[node_id]
    return node.prompt if node is not None else None


def first_prompts(graph: nx.DiGraph) -> list[str]:
    """The nodes whose prompt a caller hears first where the call enters: from ``start`` through nodes without a
    prompt.

    A branch without a prompt can lead to several; each counts that leads on into the call (a menu, an input or
    a transfer can be reached from it): a branch to "Sorry, we are closed" and a hangup, or a system error to
    "Sorry, you have encountered an error", is not where callers enter the IVR, and the greeting is judged on
    the way in (issue 24, item 3). When no first prompt leads on, each counts. Only the ways a call goes on by
    itself or by a key count (``FORWARD``), in file order.
    """
    found = _first_prompts(graph)
    if len(found) > 1:
        entering = [node_id for node_id in found if _leads_on(graph, node_id)]
        return entering or found
    return found


#: What a call that goes on into the IVR meets: a choice, an entry or a person.
_INTO_THE_CALL = frozenset({"menu", "input", "transfer"})


def _leads_on(graph: nx.DiGraph, node_id: str) -> bool:
    """Whether a menu, an input or a transfer can be reached from ``node_id`` (itself included), forward."""
    seen, stack = {node_id}, [node_id]
    while stack:
        current = stack.pop()
        if graph.nodes[current].get("kind") in _INTO_THE_CALL:
            return True
        for _, target, reasons in graph.out_edges(current, data="reasons"):
            if target not in seen and any(r.via in FORWARD for r in reasons):
                seen.add(target)
                stack.append(target)
    return False


def _first_prompts(graph: nx.DiGraph) -> list[str]:
    start = graph.graph["start"]
    if start not in graph or not is_defined(graph, start):
        return []
    found, seen, queue = [], {start}, deque([start])
    while queue:
        node_id = queue.popleft()
        if _prompt(graph, node_id) is not None:
            found.append(node_id)
            continue
        for _, target, reasons in graph.out_edges(node_id, data="reasons"):
            if target not in seen and is_defined(graph, target) and any(r.via in FORWARD for r in reasons):
                seen.add(target)
                queue.append(target)
    return found


def heard_before(graph: nx.DiGraph, node_id: str) -> tuple[list[str], bool]:
    """The prompts a caller last hears before arriving at ``node_id``, and whether one can arrive in silence.

    Walks back through nodes without a prompt (a branch) to the nearest nodes
    with one, along every way in but the system's disconnect. ``silent`` is
    true when the call can get there from ``start`` without any prompt. The
    walks back from nodes without a prompt are worked out once for the whole
    graph (:func:`_before_quiet`).
    """
    quiet = _before_quiet(graph)
    if node_id in quiet:
        found, silent = quiet[node_id]
    else:  # a node with a prompt: the nodes before it, and through those without one, the prompts before them
        found, silent = frozenset[str](), node_id == graph.graph["start"]
        for source, _, reasons in graph.in_edges(node_id, data="reasons"):
            if source == node_id or all(r.via is Via.DISCONNECT for r in reasons):
                continue
            if source in quiet:
                found = found | quiet[source][0]
                silent = silent or quiet[source][1]
            else:
                found = found | {source}
        found = found - {node_id}
    return sorted(found, key=lambda n: graph.nodes[n]["location"].order), silent


@once_per_graph
def _before_quiet(graph: nx.DiGraph) -> dict[str, tuple[frozenset[str], bool]]:
    """For every node without a prompt: the nodes with one that a caller hears last before it (walking back
    through nodes without a prompt, along every way in but the system's disconnect), and whether a call from
    the start can arrive there in silence.

    Worked out over the components of the nodes without a prompt, each after those that lead to it, in one
    pass: a walk back from each node made a menu of thousands of branches in a row quadratic (4,000 took
    three minutes to check).
    """
    quiet = {n for n, node in index(graph).model.items() if node is None or node.prompt is None}
    heard: dict[str, set[str]] = {n: set() for n in quiet}
    inner: list[tuple[str, str]] = []
    ways_in = index(graph).pred
    for target in quiet:
        for source, data in ways_in[target].items():
            if source == target or all(r.via is Via.DISCONNECT for r in data["reasons"]):
                continue
            if source in quiet:
                inner.append((source, target))
            else:
                heard[target].add(source)
    start = graph.graph["start"]
    if not inner:  # no node without a prompt leads to another: what each hears is what leads to it
        return {n: (frozenset(heard[n]), n == start) for n in quiet}
    import networkx as nx  # noqa: PLC0415 (loaded by the graph already; kept off the start-up path)

    quiet_graph = nx.DiGraph(inner)
    quiet_graph.add_nodes_from(quiet)
    components = nx.condensation(quiet_graph)
    before: dict[int, tuple[frozenset[str], bool]] = {}
    for component in nx.topological_sort(components):
        members = components.nodes[component]["members"]
        found: frozenset[str] = frozenset().union(*(heard[m] for m in members))
        silent = start in members
        for earlier in components.predecessors(component):
            found = found | before[earlier][0] if found else before[earlier][0]
            silent = silent or before[earlier][1]
        before[component] = (found, silent)
    return {n: before[components.graph["mapping"][n]] for n in quiet}


def queue_transfers(graph: nx.DiGraph) -> list[str]:
    """Transfers that put the caller in a queue (a transfer to a ``number`` alone is not one)."""
    return [n for n, node in index(graph).defined("transfer") if node.queue]


def hangups(graph: nx.DiGraph) -> list[str]:
    return nodes_of_kind(graph, {"hangup"})


@dataclass(frozen=True, slots=True)
class LastWords:
    """What callers last hear before a transfer or hangup, judged by a test.

    ``prompts`` is the node's own prompt when it has one (``own``), else the
    prompts of ``before``; ``failed`` the languages whose text fails the test;
    ``silent`` whether the node can be reached without any prompt.
    """

    own: bool
    before: list[str]
    prompts: list[Prompt]
    failed: list[str]
    silent: bool


def last_words(graph: nx.DiGraph, node_id: str, test: Callable[[PhraseBook, str], bool]) -> LastWords:
    """The node's own prompt if it has one, else the prompts heard just before it, judged by ``test``."""
    language = graph.graph["language"]
    own = _prompt(graph, node_id)
    if own is not None:
        return LastWords(True, [], [own], failing_languages(own, language, test), False)
    before, silent = heard_before(graph, node_id)
    prompts = [p for p in (_prompt(graph, n) for n in before) if p is not None]
    failed = sorted({code for prompt in prompts for code in failing_languages(prompt, language, test)})
    return LastWords(False, before, prompts, failed, silent)


def lacking(graph: nx.DiGraph, node_id: str, test: Callable[[PhraseBook, str], bool], subject: str, lacks: str,
            before_lacks: str, example: str, add: str) -> Problem | None:
    """The problem of a node whose last words (:func:`last_words`) fail ``test``, or None when they pass.

    ``subject`` names the node ("hangup 'bye' ends the call"), ``lacks`` what its
    prompt does not do ("without thanking the caller"), ``before_lacks`` the same
    of the prompt before it ("does not thank"), ``add`` what to add to a prompt
    ("thanks") and ``example`` a sentence that would do.
    """
    node = graph.nodes[node_id]["node"]
    heard = last_words(graph, node_id, test)
    languages = language_list(heard.failed, heard.prompts)
    if heard.own and heard.failed:
        return Problem(f"{subject} {lacks}{languages}; add {add} such as '{example}'", node.prompt.location, node_id)
    if heard.silent:
        return Problem(f"{subject} in silence: it has no prompt; give it a prompt such as '{example}'",
                       node.location, node_id)
    if heard.failed:
        return Problem(f"{subject} {lacks}: it has no prompt and the prompt before it "
                       f"({node_list([name_of(graph, n) for n in heard.before])}) {before_lacks}{languages}; give "
                       "it a prompt such as "
                       f"'{example}'", node.location, node_id)
    return None


def only_after_a_mistake(graph: nx.DiGraph, node_id: str) -> bool:
    """Whether every way to ``node_id`` starts with a caller's silence, wrong key or last failed try
    (``no_input``, ``no_match``, ``on_fail`` of a menu or input), or with a transfer failing (its ``if_failed``,
    through the branch a reader makes on the failure's outcome), and then goes through messages only.

    Such a hangup is what ``disconnect-on-error`` or ``transfer-failure-hangup`` reports ("callers who press a
    wrong key are cut off", "when the transfer fails, the call ends with nothing said"); the courtesy of its words
    is part of that one fault, not a second one (issue 24: one fault, one finding).
    """
    if node_id == graph.graph.get("start"):
        return False
    seen, todo, origins = {node_id}, [node_id], 0
    while todo:
        current = todo.pop()
        for source, _, reasons in graph.in_edges(current, data="reasons"):
            vias = {r.via for r in reasons}
            model = graph.nodes[source]["node"]
            if model is not None and ((model.type == "message" and vias == {Via.GOTO}) or
                                      (model.type == "branch" and _on_a_failure_way_only(graph, source))):
                if source == graph.graph.get("start"):
                    return False
                if source not in seen:
                    seen.add(source)
                    todo.append(source)
                continue
            if model is not None and model.type == "transfer" and vias == {Via.TRANSFER_FAILED}:
                origins += 1
                continue
            if model is None or model.type not in ("menu", "input") or not vias <= _MISTAKES:
                return False
            origins += 1
    return origins > 0


def _on_a_failure_way_only(graph: nx.DiGraph, node_id: str) -> bool:
    """Whether every way into ``node_id`` is a transfer failing (the branch a reader makes on the failure's
    outcome: busy, no answer; an error type)."""
    vias = [r.via for _, _, reasons in graph.in_edges(node_id, data="reasons") for r in reasons]
    return bool(vias) and all(via is Via.TRANSFER_FAILED for via in vias)


#: The ways a caller's mistake takes (``disconnect-on-error``'s fields; the system's own disconnect is not one).
_MISTAKES = frozenset({Via.NO_INPUT, Via.NO_MATCH, Via.ON_FAIL})


def language_list(codes: Sequence[str], prompts: Iterable[Prompt]) -> str:
    """`` (de, hu)`` for the failing languages of multilingual prompts; ``""`` for one-language ones."""
    if not any(len(p.texts) > 1 for p in prompts):
        return ""
    return f" ({', '.join(codes)})"


def node_list(node_ids: Sequence[str], most: int = 3) -> str:
    """``'a', 'b'`` or ``'a', 'b', 'c' and 2 more``."""
    named = ", ".join(f"'{n}'" for n in node_ids[:most])
    return named if len(node_ids) <= most else f"{named} and {len(node_ids) - most} more"


def _own_or_before(graph: nx.DiGraph, node_ids: Iterable[str]) -> Iterable[str]:
    for node_id in node_ids:
        if _prompt(graph, node_id) is not None:
            yield node_id
        else:
            yield from heard_before(graph, node_id)[0]


def prompts_read(graph: nx.DiGraph) -> set[str]:
    """Every node whose prompt a courtesy rule reads."""
    read = set(first_prompts(graph))
    read.update(_own_or_before(graph, queue_transfers(graph)))
    read.update(_own_or_before(graph, hangups(graph)))
    return read


def audio_prompts(graph: nx.DiGraph) -> int:
    """How many prompts are recordings without words (audio only): no rule can read them."""
    return sum(1 for _, node in graph.nodes(data="node")
               if node is not None and node.prompt is not None and node.prompt.audio_only)


def unchecked_languages(graph: nx.DiGraph) -> tuple[str, ...]:
    """Primary subtags of the prompts the courtesy rules read that have no word list, sorted."""
    language = graph.graph["language"]
    unchecked = {
        primary(code)
        for node_id in prompts_read(graph)
        if (prompt := _prompt(graph, node_id)) is not None
        for code, _ in texts(prompt, language)
        if phrasebook(code) is None
    }
    return tuple(sorted(unchecked))


#: Formats whose flows serve every channel alike: an Amazon Connect flow of type "contact flow" runs for voice
#: calls, chats and tasks (admin guide, create-contact-flow.html, "Flow types": Inbound flow, "for all channels";
#: tasks are routed by the same flows): one that says nothing and asks nothing may route only tasks or chats.
FOR_EVERY_CHANNEL = frozenset({"connect"})


@once_per_graph
def speaks_to_nobody(graph: nx.DiGraph) -> bool:
    """Whether no node of the flow says or asks anything (no prompt, no menu, no input, no voicemail): a flow that
    only routes, which may never meet a caller."""
    return not any(node is not None and (node.prompt is not None or node.type in ("menu", "input", "voicemail"))
                   for _, node in graph.nodes(data="node"))


def unsaid_failure(graph: nx.DiGraph, node_id: str, fix: str, said: str | None = None) -> Problem:
    """The problem of a transfer or system step whose failure ends the call with nothing said (``said``, else its
    reader's ``fails_silently``), ``fix`` saying what to lead the failure to ("a message and a way on (an agent)");
    an info where the flow may never meet a caller (:func:`speaks_to_nobody` in a format whose flows serve every
    channel)."""
    model = graph.nodes[node_id]["node"]
    subject = f"{model.type} '{name_of(graph, node_id)}': {said or model.fails_silently}"
    if model.format in FOR_EVERY_CHANNEL and speaks_to_nobody(graph):
        return Problem(f"{subject}, if calls reach this flow; it says and asks nothing, so it may route only tasks or "
                       f"chats (an Amazon Connect flow serves every channel): if calls do reach it, lead "
                       f"{fix.split(' (')[0]}", model.location, node_id, Severity.INFO)
    return Problem(f"{subject}; lead {fix}", model.location, node_id)
