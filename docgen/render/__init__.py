"""Rendering: docxtpl templates to deterministic .docx bytes (fast path, styles, zip)."""
