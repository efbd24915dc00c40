"""ivr: analyze and simulate IVR phone menus before they go live."""

__version__ = "0.1.0"
