"""A locked rubric version never changes (an edit makes a new version, see
services.rubric_for_editing), so its criteria with their anchors and its legality checks are read
once per process and kept: the scoring form, opened for every product of the day, reads none of
them again. Kept by (family, version), which no other rubric ever shares."""

_KEPT = {}
_MOST = 100  # rubric versions in use at once are few; this only bounds a long-running process


def _read(rubric):
    criteria = list(rubric.criteria.prefetch_related("anchors"))
    checks = list(rubric.legality_checks.select_related("certificate_type"))
    return criteria, checks


def rubric_parts(rubric):
    """(criteria with anchors prefetched, legality checks with their certificate types)."""
    if rubric.locked_at is None:  # still editable: read it as it is now
        return _read(rubric)
    key = (rubric.family, rubric.version)
    parts = _KEPT.get(key)
    if parts is None:
        if len(_KEPT) >= _MOST:
            _KEPT.clear()
        parts = _KEPT[key] = _read(rubric)
    return parts
