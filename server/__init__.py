"""kyhop — paperless sessions for People's Councils (HĐND)."""
