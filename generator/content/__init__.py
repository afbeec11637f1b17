"""Stages 1-2: the content files -> a typed, located model (load, model), then checked (validate,
arithmetic); the JSON Schemas editors' IDEs read (schema)."""
