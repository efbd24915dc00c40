"""Twilio Studio flows: the document (:mod:`.document`) and what its widgets mean (:mod:`.widgets`)."""
