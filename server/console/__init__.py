"""The chair's console: khai mạc with quorum, moving through the agenda, pause, messages, bế mạc."""
