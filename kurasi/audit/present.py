"""Events as people read them: who, when, what (a translated label), and each change from → to."""

from dataclasses import dataclass

from .labels import action_label, field_label, object_type_label, related_names, value_label


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    event: object
    action: str
    object_type: str
    changes: list


def entries(events) -> list[Entry]:
    """Readable entries for `events`: beyond fetching them, one query per kind of record their
    changes refer to (a band, a product group, a person), whatever the number of events."""
    events = list(events)
    names = related_names(events)
    return [entry(event, names) for event in events]


def entry(event, names=None) -> Entry:
    return Entry(
        event=event,
        action=action_label(event.action),
        object_type=object_type_label(event.object_type),
        changes=changes(event, names),
    )


def changes(event, names=None) -> list[Change]:
    rows = []
    for field, pair in (event.changes or {}).items():
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        rows.append(
            Change(
                field=field_label(event.object_type, field),
                before=value_label(event.object_type, field, before, names),
                after=value_label(event.object_type, field, after, names),
            )
        )
    return rows
