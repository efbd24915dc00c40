"""A branch condition that no key and no plausible utterance can satisfy.

## What it does
Reads each branch condition written as `{{input}} operator "value"` (the way
Twilio Studio splits are imported) and reports one that can never hold:

* the input is lower-cased (`| downcase`) and compared with a value that has
  capitals (`"Yes"`), or upper-cased (`| upcase`) and compared with
  lower-case letters;
* the input is what the caller pressed (`Digits`) and the value has
  characters no keypad sends (`"sales"`): keys are 0-9, `*` and `#`;
* a number comparison (`less_than`, `greater_than`) with a value that is not
  a number.

The comparison is taken as written, letter case included.

Readers that know their platform's values say more: in VoiceXML a
`type="boolean"` field holds ECMAScript `true` or `false` (VoiceXML 2.0,
Appendix P), so `<if cond="confirm == 'true'">` never holds (`true == 'true'`
is false in ECMAScript), unless the document sets that variable itself.
Where a reader knows the case never holds, the analysis does not follow it:
what only that case leads to is reached by no call: `unreachable-node` says
so, naming the case, and `no-path-to-human` when the only transfer is there.

## Why is this bad?
The branch is dead: every caller who gives the answer it was meant for goes
down the no-match path instead, often a loop or a hangup, and nothing in a
test call with the "wrong" answer shows it.

## Example
```yaml
  confirm:
    type: branch
    branches:
      - {when: '{{widgets.ask.SpeechResult | downcase}} equal_to "Yes"', goto: agents}
    otherwise: goodbye
```

## Use instead
```yaml
      - {when: '{{widgets.ask.SpeechResult | downcase}} equal_to "yes"', goto: agents}
```

## Options
None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import json

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.words import quote

if TYPE_CHECKING:
    import networkx as nx

ID = "unsatisfiable-condition"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}

CONDITION = re.compile(r'^(?P<subject>\{\{.*?\}\})\s+(?P<op>[a-z_]+)\s+(?P<value>".*")$')
_MATCHING = frozenset({"equal_to", "contains", "starts_with", "matches_any_of"})
_NUMERIC = frozenset({"less_than", "greater_than"})
_KEYS = re.compile(r"^[0-9*#]*$")


def why_never(when: str) -> str | None:
    """Why the condition ``when`` can never hold, or None when it can (or is not of the form read)."""
    match = CONDITION.match(when.strip())
    if match is None:
        return None
    try:
        value = json.loads(match.group("value"))
    except ValueError:
        return None
    subject, op = match.group("subject"), match.group("op")
    if not isinstance(value, str) or "{{" in value or "{%" in value:
        return None  # a value the platform renders first (Liquid: {{widgets.x.parsed.size}}): not known here
    values = [v.strip() for v in value.split(",")] if op == "matches_any_of" else [value]
    if op in _NUMERIC:
        try:
            float(value)
        except ValueError:
            return f"it compares a number with the text {value!r}"
        return None
    if op not in _MATCHING:
        return None
    filters = [f.strip() for f in subject.strip("{} ").split("|")[1:]]
    if "downcase" in filters and any(v != v.lower() for v in values):
        return f"the input is lower-cased (| downcase) and compared with {value!r}, which has capitals"
    if "upcase" in filters and any(v != v.upper() for v in values):
        return f"the input is upper-cased (| upcase) and compared with {value!r}, which has lower-case letters"
    if re.search(r"\.Digits\b", subject) and not filters and not all(_KEYS.match(v.replace(" ", "")) for v in values):
        return f"the input is the keys pressed (0-9, * and #) and compared with the text {value!r}"
    return None


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id, model in index(graph).defined("branch"):
        for branch in model.branches:
            if branch.never is not None:  # the reader knows its platform: it says why, and what to write
                yield Problem(f"branch '{name_of(graph, node_id)}' can never take its case {quote(branch.when)} to "
                              f"'{name_of(graph, branch.goto.target)}': {branch.never}", branch.location, node_id)
                continue
            reason = why_never(branch.when)
            if reason is not None:
                yield Problem(
                    f"branch '{name_of(graph, node_id)}' can never take its case {quote(branch.when)} to "
                    f"'{name_of(graph, branch.goto.target)}': "
                    f"{reason}; change the value to one a caller can give",
                    branch.location,
                    node_id,
                )
