"""One flow description for every platform reader, its passes, and its one mapping onto the model.

A platform reader describes what it understood of its sources in these terms, close to the
platform, and this package makes menus of it the same way for every reader:

- :mod:`.step`: :class:`Step` (one step a caller goes through: its kind, prompt, ways out) and
  :class:`Edge` (a way to another step: the key, the condition, where it is written);
- :mod:`.flow`: :class:`Flow` (where calls start, the steps, the platform's :class:`Semantics`),
  :class:`Summary` (what was read, used, left out and why), :class:`FlowError`;
- :mod:`.passes`: reachable steps, references moved, pass-through steps collapsed, steps no
  call reaches and failure paths after transfers dropped;
- :mod:`.estate`: flows that hand off to each other by name, id or ARN, linked into one IVR;
- :mod:`.tomodel`: flows (an estate of them) onto :class:`~ivr.model.menu.Menu`;
- :mod:`.reader`: what a reader of one flow per document adds to its parser (``read``, ``link``).

How a platform's menus fail is :class:`~ivr.formats.semantics.Semantics` (declared by each
reader from its documentation: tries, missing handlers, after the last try), written onto the
model by :func:`~ivr.formats.semantics.settle`, the one failure policy: it lives beside this
package, in :mod:`ivr.formats.semantics`, because the readers that build the model directly
(ivr's YAML, FreeSWITCH) apply it too; it is re-exported here.
"""

from ivr.formats.flow.estate import Estate, link
from ivr.formats.flow.flow import Flow, FlowError, Skipped, Summary
from ivr.formats.flow.passes import (collapse_passes, components, drop_failure_paths, drop_unreached, reachable,
                                    ends_unsaid, retarget, silent_failure)
from ivr.formats.semantics import UNCOUNTED, UNLIMITED, AfterLast, Semantics, Tries, settle
from ivr.formats.flow.step import FLOW_END, STEP_KINDS, Edge, Step
from ivr.formats.flow.tomodel import estate_menu, to_menu

__all__ = ["Step", "Edge", "STEP_KINDS", "FLOW_END", "Flow", "Summary", "Skipped", "FlowError", "Semantics",
           "AfterLast", "Tries", "UNLIMITED", "UNCOUNTED", "settle", "reachable", "components", "retarget",
           "collapse_passes", "drop_unreached", "drop_failure_paths", "ends_unsaid", "silent_failure", "Estate", "link", "to_menu",
           "estate_menu"]
