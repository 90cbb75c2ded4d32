"""The guides name code: every `area/module.py name` they cite must exist, so they cannot quietly rot."""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CITE = re.compile(r"`([a-z_]+(?:/[a-z_]+)+\.(?:py|md))((?: [A-Za-z_][A-Za-z_0-9]*,?)*)`")


def citations(doc: str):
    for m in CITE.finditer((ROOT / "docs" / doc).read_text()):
        yield m.group(1), [n for n in m.group(2).replace(",", " ").split() if n]


@pytest.mark.parametrize("doc", ["domain.md", "architecture.md"])
def test_every_cited_file_and_name_exists(doc):
    cited = list(citations(doc))
    assert cited, "the walk finds the citations"
    for path, names in cited:
        full = ROOT / path if path.startswith(("server/", "tests/", "client/", "docs/", "bench/")) else ROOT / "server" / path
        assert full.exists(), path
        if path.endswith(".py") and names:
            module = importlib.import_module(".".join(full.relative_to(ROOT).with_suffix("").parts))
            for name in names:
                assert hasattr(module, name), f"{path} has no {name}"
