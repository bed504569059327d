"""The context manifest: safe loading with lines, the JSON Schema check, the checks beyond it, and the typed model."""
