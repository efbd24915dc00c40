"""ivr's own YAML format (version 1): located YAML, its JSON Schema, the loader."""
