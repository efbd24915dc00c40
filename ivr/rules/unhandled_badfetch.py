"""A VoiceXML fetch that can fail with nothing to catch it: the call ends unexplained.

## What it does
Reports a VoiceXML document whose requests to a web service (`<data>`,
`<submit>`) have no `error.badfetch` handler in scope: none in the item, the
form, the document or its application root. One finding per document, at
its first such fetch, naming the others. A document that names an
application root not given is not judged: the root's handlers are not known.
A `<goto>`, `<choice>` or `<subdialog>` to another document is not counted:
a document served beside this one fails to load only when the application is
broken, which a test call shows.

## Why is this bad?
A fetch fails when a web service is down, slow or answers an error, or a
document has moved. VoiceXML then throws `error.badfetch` to the nearest
handler (VoiceXML 2.0, 5.2.4 and 5.2.6); with none, the platform's default
handler for an error exits (5.2.5): the caller is cut off with nothing said,
mid-call, and calls again. Nothing in a test call shows it while the
services answer.

## Example
```xml
<form id="balance">
  <block>
    <data name="account" src="https://example.com/account"/>
    <prompt>Your balance is <value expr="account.balance"/> dollars.</prompt>
  </block>
</form>
```

## Use instead
```xml
<catch event="error.badfetch">
  <prompt>Sorry, our systems are not answering. Let me put you through to an agent.</prompt>
  <goto next="#agent"/>
</catch>
<form id="balance">
  ...
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "unhandled-badfetch"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for uncaught in graph.graph.get("uncaught", ()):
        yield Problem(uncaught.message, uncaught.location)
