"""Every model field and every choice has a name in both languages.

Forms, the audit log, exports and the admin take their labels from the models: a field without a
translated verbose_name shows its English attribute name ("Group *") on an Indonesian page.
"""

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

# Words that are the same in Bahasa Indonesia and English. Keep this short: a word lands here only
# when the Indonesian catalogue translates it to itself on purpose.
SAME_IN_BOTH = {"email", "Email", "status", "WhatsApp", "Regional"}
# Language names are written in their own language whatever the interface language.
AUTONYMS = {"Bahasa Indonesia", "English"}


def _msgid(label):
    return label._args[0] if isinstance(label, Promise) else None


def _untranslated(label):
    """Why `label` is not a name in both languages, or None when it is."""
    msgid = _msgid(label)
    if msgid is None:
        return f"{label!r} is not wrapped in gettext_lazy"
    catalogue = translation.trans_real.translation("id")._catalog
    if msgid not in catalogue:
        return f"{msgid!r} is not in the Indonesian catalogue"
    with translation.override("id"):
        indonesian = str(label)
    if indonesian == msgid and msgid not in SAME_IN_BOTH:
        return f"{msgid!r} has the same Indonesian text"
    return None


def _our_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("kurasi."):
            continue
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                yield model, field


def test_every_model_field_has_an_indonesian_name():
    problems = [
        f"{model._meta.label}.{field.name}: {problem}"
        for model, field in _our_fields()
        if (problem := _untranslated(field.verbose_name))
    ]
    assert problems == []


def test_every_choice_has_an_indonesian_label():
    problems = [
        f"{model._meta.label}.{field.name}={value}: {problem}"
        for model, field in _our_fields()
        for value, label in field.flatchoices or []
        if label not in AUTONYMS and (problem := _untranslated(label))
    ]
    assert problems == []


def test_every_model_has_an_indonesian_name():
    problems = [
        f"{model._meta.label}: {problem}"
        for model in apps.get_models()
        if model.__module__.startswith("kurasi.")
        for label in (model._meta.verbose_name, model._meta.verbose_name_plural)
        if (problem := _untranslated(label))
    ]
    assert problems == []
