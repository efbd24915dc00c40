"""A hangup ends the call without thanking the caller.

## What it does
Reads the last words callers hear before the IVR hangs up: the prompt of a
`hangup` node, or, when it has none, the prompts that lead straight to it
(through nodes without a prompt). Reports the hangup when those words do not
thank the caller ("Thank you for calling", "Vielen Dank", "Köszönjük"), in
each language of the prompt that has a word list (`ivr/phrases/<lang>.yaml`),
and a hangup without a prompt that callers can reach from the start
without hearing any prompt: silence, then a click. The system's own
disconnect after too many failed attempts is `disconnect-on-error`'s
business, not this rule's.

## Why is this bad?
Callers remember how a call ended more than most of what came before it.
Customer-service practice closes every call by thanking the caller; a line
that goes dead without a word leaves callers wondering whether they were
cut off, and some call back to find out.

## Example
```yaml
  bye:
    type: hangup
    prompt: Goodbye.
```

## Use instead
```yaml
  bye:
    type: hangup
    prompt: Thank you for calling Acme Bank. Goodbye.
```

## Options
None.
"""

from __future__ import annotations

from ivr import courtesy
from ivr.findings import Problem, Severity
from ivr.phrases import PhraseBook

ID = "missing-thanks"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {}

_FIX = "such as 'Thank you for calling, goodbye'"


def check(graph, options):
    for node_id in courtesy.hangups(graph):
        node = graph.nodes[node_id]["node"]
        heard = courtesy.last_words(graph, node_id, PhraseBook.thanks_caller)
        hangup = f"hangup '{node_id}' ends the call"
        languages = courtesy.language_list(heard.failed, heard.prompts)
        if heard.own and heard.failed:
            yield Problem(f"{hangup} without thanking the caller{languages}; add thanks {_FIX}",
                          node.prompt.location, node_id)
        elif heard.silent:
            yield Problem(f"{hangup} in silence: it has no prompt; give it a prompt {_FIX}", node.location, node_id)
        elif heard.failed:
            yield Problem(
                f"{hangup} without thanking the caller: it has no prompt and the prompt before it "
                f"({courtesy.node_list(heard.before)}) does not thank{languages}; give it a prompt {_FIX}",
                node.location,
                node_id,
            )
