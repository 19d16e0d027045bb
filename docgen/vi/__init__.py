"""Vietnamese text: Decree 30 dates and numbers, encodings, matching."""
