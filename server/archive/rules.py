"""Archive rules: resolution numbers."""
from __future__ import annotations


def resolution_code(number: int, year: int, normative: bool) -> str:
    """'Số: 12/NQ-HĐND' for an individual resolution, 'Số: 06/2025/NQ-HĐND' for a normative one."""
    return f"Số: {number:02d}/{year}/NQ-HĐND" if normative else f"Số: {number}/NQ-HĐND"
