"""Reading any .docx or PDF into one outline of blocks and runs."""
