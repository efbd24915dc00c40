"""How Amazon Connect's input blocks treat a caller who fails (both export forms: :mod:`.actions`, :mod:`.legacy`)."""

from __future__ import annotations

from ivr.formats.flow import AfterLast, Semantics
from ivr.model.menu import Fallback

__all__ = ["CONNECT"]

#: Amazon Connect (Admin Guide, "Flow block: Get customer input"; flow language reference, GetParticipantInput):
#: the block plays its prompt once and takes the branch of what happened: a condition, Timeout, Default (no
#: match) or Error; an action with no transition for what happened ends the contact. Connect counts no tries
#: ("Flow block: Loop" is how a flow gives the caller another opportunity): a branch back to the block asks again
#: for as long as the caller stays.
CONNECT = Semantics("Amazon Connect", tries=1, no_input=Fallback.DISCONNECT, no_match=Fallback.DISCONNECT,
                    after_last=AfterLast.OWN_WAY)
