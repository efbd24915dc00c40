"""A VoiceXML variable used that nothing declares: the interpreter throws error.semantic there.

## What it does
Reports a plain variable name that a VoiceXML document uses where a declared
variable is needed (`<submit>`, `<exit>`, `<return>`, `<clear>`, `<data>` or
`<subdialog>` `namelist`, `<assign name>`, `<value expr="name">`) and that no
`<var>`, form item, `<data>` or `<foreach>` of the document or of its
application root declares, nor any `<script>` of them names. One finding per
name, where it is first used. A document with a script fetched from elsewhere,
or naming an application root that is not given, is not judged; scopes are not
followed (a name declared in another dialog counts as declared).

## Why is this bad?
VoiceXML 2.0 (5.1.1) makes it an error to use or assign a variable that was
not declared: `error.semantic` is thrown there, so the submit, the exit log
or the value is never sent or said, and with no handler the platform's
default one exits, cutting the call. A `<property>` is not a variable, and a
misspelt name is not the one declared.

## Example
```xml
<var name="account"/>
<form id="main">
  <block><submit next="https://example.com/log" namelist="acount"/></block>
</form>
```

## Use instead
```xml
  <block><submit next="https://example.com/log" namelist="account"/></block>
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

ID = "undeclared-variable"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for said in graph.graph.get("undeclared", ()):
        yield Problem(said.message, said.location)
