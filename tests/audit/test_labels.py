"""Every action the code records has a readable label: the log never shows a bare code."""

import re
from pathlib import Path

from kurasi.audit.labels import ACTION_LABELS
from kurasi.privacy.models import RequestKind

SOURCE = Path(__file__).resolve().parents[2] / "kurasi"
LITERAL_ACTION = re.compile(r'action="([a-z_]+\.[a-z_]+)"')


def recorded_actions():
    codes = set()
    for path in SOURCE.rglob("*.py"):
        codes.update(LITERAL_ACTION.findall(path.read_text(encoding="utf-8")))
    # kurasi/privacy/services.py builds these from the request's kind.
    for kind in RequestKind.values:
        codes.update({f"privacy.{kind}_requested", f"privacy.{kind}_refused"})
    return codes


def test_every_recorded_action_has_a_label():
    codes = recorded_actions()
    assert len(codes) > 50  # the scan found the code's actions
    assert sorted(codes - set(ACTION_LABELS)) == []
