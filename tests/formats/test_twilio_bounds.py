"""The Twilio reader's walks over a flow stay linear on hostile files: counts of work, and one generous wall bound
that only a quadratic blow-up would cross (the speeds themselves are measured in benchmarks/)."""

from __future__ import annotations

import json
import time

from ivr.formats.twilio.document import parse_document
from ivr.formats.twilio.widgets import _FACTS, _UNSAID_WALK, _ends_unsaid, _fails_silently, _known_digits
from ivr.formats.twilio import read


def _flow(states: list[dict]) -> bytes:
    trigger = {"name": "Trigger", "type": "trigger", "properties": {},
               "transitions": [{"event": "incomingCall", "next": states[0]["name"]}]}
    return json.dumps({"description": "hostile", "initial_state": "Trigger", "states": [trigger, *states]}).encode()


def _functions(count: int) -> list[dict]:
    """A queue whose failure goes through ``count`` chained functions that say nothing."""
    queue = {"name": "queue", "type": "enqueue-call", "properties": {"queue_name": "q"},
             "transitions": [{"event": "callComplete"}, {"event": "failedToEnqueue", "next": "f0"},
                             {"event": "callFailure", "next": "f0"}]}
    chain = [{"name": f"f{i}", "type": "run-function", "properties": {"url": "https://example.com"},
              "transitions": [{"event": "success", "next": f"f{i + 1}" if i + 1 < count else None},
                              {"event": "fail", "next": f"f{i + 1}" if i + 1 < count else None}]}
             for i in range(count)]
    return [queue, *chain]


def _answers(count: int) -> list[dict]:
    """``count`` gathers, each answer fixed by a split (equal_to), one after the other."""
    states = []
    for i in range(count):
        after = f"g{i + 1}" if i + 1 < count else "end"
        states.append({"name": f"g{i}", "type": "gather-input-on-call", "properties": {"say": "Press 1."},
                       "transitions": [{"event": "keypress", "next": f"s{i}"}, {"event": "timeout"}]})
        states.append({"name": f"s{i}", "type": "split-based-on", "properties": {"input": f"{{{{widgets.g{i}.Digits}}}}"},
                       "transitions": [{"event": "noMatch"},
                                       {"event": "match", "next": after, "conditions": [
                                           {"type": "equal_to", "value": "1", "arguments": [f"{{{{widgets.g{i}.Digits}}}}"]}]}]})
    states.append({"name": "end", "type": "say-play", "properties": {"say": "Bye."},
                   "transitions": [{"event": "audioComplete"}]})
    return states


def test_a_failure_way_is_looked_through_for_a_bounded_number_of_widgets():
    short = parse_document(_flow(_functions(_UNSAID_WALK)), "short.json")
    assert len(_ends_unsaid(short, "f0")) == _UNSAID_WALK
    assert _fails_silently(short, short.states["queue"]) is not None
    long = parse_document(_flow(_functions(_UNSAID_WALK + 1)), "long.json")
    assert _ends_unsaid(long, "f0") is None  # past the bound: not judged, rather than walked again per widget
    assert _fails_silently(long, long.states["queue"]) is None


def test_the_answers_known_at_a_widget_are_bounded():
    document = parse_document(_flow(_answers(_FACTS + 10)), "answers.json")
    facts = _known_digits(document, "g0")
    assert max(len(known) for known in facts.values()) == _FACTS
    assert len(facts["end"]) == _FACTS


def test_long_chains_read_in_linear_time():
    started = time.perf_counter()
    read(_flow(_answers(3000) + _functions(3000)[1:]), "big.json")
    # about a second here; a generous bound against a blow-up far worse than quadratic (the counts above are the
    # guard of the bounds themselves)
    assert time.perf_counter() - started < 60
