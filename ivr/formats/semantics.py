"""How a platform treats a caller who fails at a menu or input, as its reader declares it, and the one policy
that writes it onto the model.

Every reader states its platform's behaviour as a :class:`Semantics` value, from the platform's
documentation (cited where the reader declares it): how many tries a caller gets, what a no-input or
no-match with no handler written does, what happens when the tries run out and the source names no
target, and how often one step may run in a row. :func:`settle` is the only place that turns such a
statement into the model's fields (``retries``, ``on_fail``, ``when_no_input``, ``when_no_match``,
``when_failed``); the flow mapping (:mod:`ivr.formats.flow.tomodel`) calls it for every menu and input of
every flow reader, and the readers that build the model directly (ivr's YAML, FreeSWITCH) call it too.

The model counts failures in a row at one node: a failure that leads back to the node (a replay) counts,
one that leads away starts the count again; after ``retries`` of them the caller goes to ``on_fail``.
So:

* ``tries=n``: the platform asks ``n`` times, then gives up (``on_fail``, else ``after_last``);
* ``tries=UNLIMITED``: the platform never gives up by itself (VoiceXML's default handlers, Asterisk
  without a counter): the model gets :data:`UNCOUNTED` tries and ``on_fail`` back to the node, so
  that only the handlers are ever taken and the caller is asked again for as long as they stay;
* ``tries=1`` with ``after_last=OWN_WAY`` (Twilio Studio, Amazon Connect): the platform asks once and
  each failure takes its own way (the block's timeout or no-match branch; none connected: the call
  ends). Nothing is counted but how often one step runs in a row (``repeats``), which is what the model
  counts: a branch that leads back to the step asks again, until the platform's limit, if it has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from ivr.formats.checks import MAX_RETRIES
from ivr.model.menu import Fallback, Node, Ref

__all__ = ["UNLIMITED", "Unlimited", "Tries", "UNCOUNTED", "AfterLast", "Semantics", "settle"]


class Unlimited:
    """The number of tries of a platform that never gives up on a caller by itself (one value: :data:`UNLIMITED`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNLIMITED"


#: Tries without end: the platform asks again for as long as the caller fails.
UNLIMITED: Final = Unlimited()
#: A number of tries, or :data:`UNLIMITED`.
Tries = int | Unlimited
#: The model's tries for a menu whose platform counts none: the most the model allows.
UNCOUNTED: Final = MAX_RETRIES


class AfterLast(StrEnum):
    """What happens when a caller's last try fails and the source names no ``on_fail`` target."""

    DISCONNECT = "disconnect"  # the platform ends the call
    REPLAY = "replay"  # the platform starts the step over
    OWN_WAY = "own way"  # one try: each failure takes its own way (its handler; none written: the call ends)


@dataclass(frozen=True, slots=True)
class Semantics:
    """What a platform does when a caller fails at a menu or input, as its documentation says.

    A reader declares one per platform (and, where one application of the platform behaves
    otherwise, per step), citing the documentation in a comment beside it.
    """

    #: the platform, in words, for messages and for a reader of the declaration
    platform: str
    #: how many times the caller is asked before the platform gives up: a number, or UNLIMITED
    tries: Tries
    #: what a no-input with no handler written does: REPLAY (asks again, a try) or DISCONNECT
    no_input: Fallback
    #: what a no-match (a wrong key, input not understood) with no handler written does
    no_match: Fallback
    #: what happens when the tries are used up and the source names no target
    after_last: AfterLast
    #: how many times in a row the platform runs one step (a way back to it included) before it ends the
    #: call; UNLIMITED where it sets no limit. Only a platform that asks once (OWN_WAY) has one that counts.
    repeats: Tries = UNLIMITED
    #: False where the platform takes any key as the answer, so that a key the source does not test for uses up
    #: no try (Node.counts_wrong_keys)
    wrong_keys_count: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.tries, int) and not 1 <= self.tries <= MAX_RETRIES:
            raise ValueError(f"{self.platform}: tries must be 1 to {MAX_RETRIES}, or UNLIMITED")
        if self.after_last is AfterLast.OWN_WAY and (self.tries != 1 or Fallback.REPLAY in (self.no_input,
                                                                                               self.no_match)):
            raise ValueError(f"{self.platform}: a platform whose failures take their own way asks once (tries=1) "
                             "and ends the call where no way is written (no_input and no_match DISCONNECT)")


def settle(node: Node, semantics: Semantics, tries: Tries | None = None) -> None:
    """Set how ``node`` (a menu or input, its ``no_input``, ``no_match`` and ``on_fail`` already set from the
    source) fails, as ``semantics`` says; ``tries`` is a count the source itself gives (a FreePBX counter, a
    VoiceXML ``count``, Architect's ``repeatCount``, FreeSWITCH's ``max-failures``), None: the platform's."""
    node.when_no_input = semantics.no_input
    node.when_no_match = semantics.no_match
    node.counts_wrong_keys = semantics.wrong_keys_count
    after = semantics.after_last
    count = semantics.tries if tries is None else tries
    if after is AfterLast.OWN_WAY:
        # one try, each failure its own way: what the model counts is how often the step runs in a row
        after = AfterLast.DISCONNECT
        if tries is None:
            count = semantics.repeats
            node.counts_tries = False  # the platform's limit on runs in a row, not a count of tries
    node.when_failed = Fallback(after.value)
    if isinstance(count, Unlimited):
        # the platform never gives up: only the handlers are ever taken, and the caller is asked again
        node.retries = UNCOUNTED
        node.on_fail = node.on_fail or Ref(node.id, node.location)
    else:
        node.retries = count
