"""How Amazon Connect's input blocks treat a caller who fails (both export forms: :mod:`.actions`, :mod:`.legacy`)."""

from __future__ import annotations

from ivr.formats.flow import AfterLast, Semantics
from ivr.model.menu import Fallback

__all__ = ["CONNECT", "RUN_INSIDE", "RESUMES"]

#: Amazon Connect (Admin Guide, "Flow block: Get customer input"; flow language reference, GetParticipantInput):
#: the block plays its prompt once and takes the branch of what happened: a condition, Timeout, Default (no
#: match) or Error; an action with no transition for what happened ends the contact. Connect counts no tries
#: ("Flow block: Loop" is how a flow gives the caller another opportunity): a branch back to the block asks again
#: for as long as the caller stays.
CONNECT = Semantics("Amazon Connect", tries=1, no_input=Fallback.DISCONNECT, no_match=Fallback.DISCONNECT,
                    after_last=AfterLast.OWN_WAY)

#: Flow types callers meet only inside a contact another flow handles (admin guide, create-contact-flow.html, flow
#: types; a customer queue flow is "the flow to invoke when a customer is transferred to a queue", Set customer queue
#: flow block, set-customer-queue-flow.html): not where a call enters (Menu.part_of).
RUN_INSIDE = {
    "CUSTOMER_QUEUE": "a customer queue flow, which runs while callers wait in a queue another flow put them in",
    "CUSTOMER_HOLD": "a customer hold flow, which runs while an agent holds the caller",
    "CUSTOMER_WHISPER": "a customer whisper flow, which runs as the caller is joined with an agent",
    "OUTBOUND_WHISPER": "an outbound whisper flow, which runs before the customer is connected with an agent on an "
                        "outbound call",
}
#: Flow types where EndFlowExecution (End flow / Resume; the legacy export's Resume) lets the call go on to a
#: person: "available only in whisper flows and customer queue flows" (API reference,
#: flow-control-actions-endflowexecution.html); "the flow doesn't end until the call is picked up by an agent" (admin
#: guide, end-flow-resume.html). After a customer queue flow the caller stays in the queue; after a whisper or hold
#: flow the call is connected to the agent.
RESUMES = {"CUSTOMER_QUEUE": "the caller stays in the queue until an agent answers",
           "CUSTOMER_WHISPER": "the caller is connected to the agent",
           "OUTBOUND_WHISPER": "the caller is connected to the agent",
           "AGENT_WHISPER": "the agent is connected to the caller",
           "CUSTOMER_HOLD": "the caller is back with the agent", "AGENT_HOLD": "the agent is back with the caller"}
