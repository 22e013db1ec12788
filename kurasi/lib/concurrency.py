"""No lost updates: optimistic concurrency for every edit form and PATCH.

Each editable record has a `revision` integer (as the scoring screen's assessments do). An edit
form carries, in a hidden field, the revision the person started from; the API takes it from
`If-Match`. The service that saves the record first claims that revision with one conditional
UPDATE (`UPDATE … SET revision = revision + 1 WHERE pk = … AND revision = <expected>`), inside
its transaction: when another save came in between, no row matches, nothing is written and
`StaleEdit` is raised with the record as stored now. The claim is atomic on every engine (no
read-then-compare), and the row stays locked until the transaction ends.

A form posted without a revision (old clients, tests) is checked against the revision the view
read at the start of the request: as before, the last write wins for the fields it sends.
"""

from datetime import date, datetime

from django import forms
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD = "revision"


class StaleEdit(Exception):
    """Someone else saved the record after the editor's form or GET: nothing was written.

    `current`: the record as stored now; `event`: the latest audit event about it (or None).
    """

    def __init__(self, current):
        super().__init__(f"{current._meta.label} {current.pk} changed since it was read")
        self.current = current
        self.event = last_event(current)

    @property
    def revision(self):
        return self.current.revision


def last_event(obj):
    from kurasi.audit.models import AuditEvent

    return AuditEvent.objects.for_object(obj).order_by("-created_at", "-pk").first()


def claim_revision(instance, expected=None):
    """Bump the stored revision from `expected` (default: the one `instance` was read with).

    Call it first inside the saving transaction. Raises StaleEdit when the stored revision moved
    on; otherwise `instance.revision` is the new one, so a later `instance.save()` keeps it.
    """
    expected = instance.revision if expected is None else expected
    manager = type(instance)._base_manager
    if not manager.filter(pk=instance.pk, revision=expected).update(revision=F(FIELD) + 1):
        raise StaleEdit(manager.get(pk=instance.pk))
    instance.revision = expected + 1
    return instance


class RevisionFormMixin:
    """A hidden `revision` field for a ModelForm: the revision the person started from.

    Put it first in the bases. The cleaned revision goes onto the instance, where the service's
    `claim_revision` reads it; `changed_data` never lists it (the audit trail has no use for it).
    """

    def __new__(cls, *args, **kwargs):
        form = super().__new__(cls)
        # The arguments as the caller gave them (a subclass's __init__ may consume some), to
        # show the stored record through this same form.
        form.made_with = (args, kwargs)
        return form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read_revision = getattr(self.instance, FIELD, 0) or 0
        self.fields[FIELD] = forms.IntegerField(
            required=False, min_value=0, widget=forms.HiddenInput, initial=self.read_revision
        )

    @property
    def changed_data(self):
        return [name for name in super().changed_data if name != FIELD]

    def _post_clean(self):
        super()._post_clean()
        sent = self.cleaned_data.get(FIELD)
        self.instance.revision = self.read_revision if sent is None else sent


def add_revision_field(form, revision):
    """The same hidden field for a plain Form (the view passes the sent value to the service)."""
    form.fields[FIELD] = forms.IntegerField(
        required=False, min_value=0, widget=forms.HiddenInput, initial=revision
    )


STALE_MESSAGE = gettext_lazy(
    "Someone else saved this record while you were editing (%(who)s, %(when)s). Your typing is "
    "kept; under each field that differs you see what is stored now. Save again to keep your "
    "values, or change them first."
)
STALE_MESSAGE_ANONYMOUS = gettext_lazy(
    "Someone else saved this record while you were editing. Your typing is kept; under each "
    "field that differs you see what is stored now. Save again to keep your values, or change "
    "them first."
)


def stale_message(stale):
    event = stale.event
    if event is None:
        return str(STALE_MESSAGE_ANONYMOUS)
    return str(STALE_MESSAGE) % who_when(event)


def who_when(event):
    when = formats.date_format(timezone.localtime(event.created_at), "DATETIME_FORMAT")
    return {"who": event.actor_label or _("system"), "when": when}


def display(field, value):
    """A stored value as the form would offer it: choice labels, Yes/No, local dates."""
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if hasattr(field, "choices"):
        prepared = field.prepare_value(value)
        wanted = {str(v) for v in (prepared if isinstance(prepared, list | tuple) else [prepared])}
        labels = []
        for key, label in field.choices:
            options = label if isinstance(label, list | tuple) else [(key, label)]
            labels += [str(text) for option, text in options if str(option) in wanted]
        return ", ".join(labels) or str(value)
    prepared = field.prepare_value(value)
    if isinstance(prepared, list | tuple):
        return ", ".join(str(item) for item in prepared) or "—"
    if isinstance(prepared, datetime):
        return formats.localize(
            timezone.localtime(prepared) if timezone.is_aware(prepared) else prepared
        )
    if isinstance(prepared, date):
        return formats.localize(prepared)
    return str(prepared) if prepared not in (None, "") else "—"


def stored_values(form, current):
    """{field name: initial value} of the stored record as this form would show it: an unbound
    form of the same class and arguments over `current` (its own initial conversions included)."""
    made_with = getattr(form, "made_with", None)
    if made_with is None:
        return model_to_dict(current, fields=list(form.fields))
    args, kwargs = made_with
    args = [None if arg is form.data or arg is form.files else arg for arg in args]
    kwargs = {k: v for k, v in kwargs.items() if k not in ("data", "files")}
    fresh = type(form)(*args, **{**kwargs, "instance": current})
    return {name: fresh[name].initial for name in fresh.fields}


def differing_fields(form, stored):
    """{field name: stored value shown} for each field whose typed value differs from `stored`."""
    differing = {}
    for name, field in form.fields.items():
        if name == FIELD or name not in stored or isinstance(field, forms.FileField):
            continue
        if field.has_changed(stored[name], form[name].data):
            differing[name] = display(field, stored[name])
    return differing


STORED_VALUE = gettext_lazy("Saved meanwhile by someone else: %(value)s")


def show_stale(form, stale, stored=None):
    """Prepare a bound form for showing again after StaleEdit: the typing kept, a message, the
    stored value beside each differing field (as that field's error, so every template shows it
    where the field is, linked by aria-describedby), and the hidden revision moved to the stored
    one, so the next submit saves deliberately.

    `stored`: the stored values by form field name, for forms that are not ModelForms of the
    record (default: read from `stale.current`)."""
    stored = stored_values(form, stale.current) if stored is None else stored
    differing = differing_fields(form, stored)
    data = form.data.copy()
    data[form.add_prefix(FIELD)] = str(stale.revision)
    form.data = data
    form.stale_fields = differing
    form.add_error(None, stale_message(stale))
    for name, shown in differing.items():
        form.add_error(name, str(STORED_VALUE) % {"value": shown})
    return form


ROW_MESSAGE = gettext_lazy(
    "Someone else changed this record while you were looking at it (%(who)s, %(when)s), so "
    "your change was not saved. The page shows it as stored now: check it and try again."
)
ROW_MESSAGE_ANONYMOUS = gettext_lazy(
    "Someone else changed this record while you were looking at it, so your change was not "
    "saved. The page shows it as stored now: check it and try again."
)


def stale_row_message(stale):
    """For the small forms on a list's rows (a status, a place): no form to show again."""
    event = stale.event
    if event is None:
        return str(ROW_MESSAGE_ANONYMOUS)
    return str(ROW_MESSAGE) % who_when(event)
