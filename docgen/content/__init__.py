"""Content: YAML loading with source positions, the models, placeholders, required fields."""
