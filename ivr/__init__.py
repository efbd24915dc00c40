"""ivr: analyze and simulate IVR phone menus before they go live."""

__version__ = "0.1.0"

#: Where ivr's documentation lives (its README): SARIF's informationUri, and each rule's helpUri with
#: the README's anchor. A copy published elsewhere changes this one line.
HOMEPAGE = "https://github.com/OWNER/ivr"
#: The README's section on the rules (every rule's summary; ``ivr rules ID`` prints its documentation).
RULES_URI = f"{HOMEPAGE}#rules"
