"""ivr: analyze and simulate IVR phone menus before they go live."""

__version__ = "0.1.0"

#: Where ivr's documentation lives (its README): SARIF's informationUri, and each rule's helpUri with
#: the README's anchor. None until the project has a public address: a placeholder address sent every
#: user of code scanning to a page that does not exist (issue 26); the rules' help travels in the SARIF
#: itself. The one line to change when it has one (or in a copy published elsewhere).
HOMEPAGE: str | None = None
#: The README's section on the rules (every rule's summary; ``ivr rules ID`` prints its documentation).
RULES_URI: str | None = f"{HOMEPAGE}#rules" if HOMEPAGE else None
