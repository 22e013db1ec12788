from django import forms

from .phone import display_phone, normalise_phone


class PhoneNumberField(forms.CharField):
    """Accepts 0812-3456-7890, +62 812…, 62812…; cleans to +6281234567890; shows 0812-3456-7890."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def prepare_value(self, value):
        return display_phone(value) if value and str(value).startswith("+") else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return normalise_phone(value)


class LowercaseEmailField(forms.EmailField):
    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if value else None
