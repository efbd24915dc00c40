"""VoiceXML 2.x documents: their dialogs (:mod:`.document`) walked into call-flow steps (:mod:`.flow`)."""
