"""The year's lifecycle: next year's content (rollover), a Word plan imported."""
