"""Amazon Connect flows: the document (:mod:`.document`) and what its actions mean (:mod:`.actions`)."""
