"""Reading reports: a document in (text or PDF), candidate grades out, and confirmed grades appended."""
