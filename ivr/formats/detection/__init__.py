"""How each reader recognises its files, kept apart from the reader so that detection imports no reader.

One small module per reader, holding only its ``detect(data, name)`` (a look at
the first bytes, no parsing); the reader re-exports it as its own ``detect``, so
there is one definition. :mod:`ivr.formats.registry` tries them in order and
imports a reader only when a source in its format is read: checking a YAML
menu loads no platform reader.
"""

import re

#: A JSON document's start: an object, or an array of objects or arrays (a dialplan's ``[context]`` header is
#: neither). The text readers' patterns look for lines no JSON flow has; told early, a long flow is not searched.
JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:\{|\[\s*[\[{])")
