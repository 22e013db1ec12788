"""The two rubric presets that ship with Kurasi (data/presets/*.json), built from DOMAIN.md §6."""

import json
from functools import cache
from pathlib import Path

PRESETS_DIR = Path(__file__).resolve().parent / "data" / "presets"


@cache
def presets() -> dict:
    return {
        data["code"]: data
        for data in (
            json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(PRESETS_DIR.glob("*.json"))
        )
    }
