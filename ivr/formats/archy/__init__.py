"""Genesys Cloud Architect flows in Archy YAML: the document (:mod:`.document`) and what it means (:mod:`.flow`)."""
