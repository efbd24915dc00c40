"""The JSON Schema of the menu format (package data)."""
