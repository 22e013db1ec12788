"""Forms around the producers' one-time codes: the claim, the recovery, and the staff's check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.lib.form_fields import PhoneNumberField

from .forms_password import NewPasswordFields
from .models_codes import CODE_ALPHABET, CODE_LENGTH, canonical_code


class CodeField(forms.CharField):
    """ABCD-EFGH however it is typed (lower case, spaces, a hyphen); cleans to ABCDEFGH."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "autocapitalize": "characters",
                    "autocorrect": "off",
                    "spellcheck": "false",
                    "placeholder": "ABCD-EFGH",
                    "class": "code-input",
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        code = canonical_code(super().to_python(value))
        if code and (len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code)):
            raise forms.ValidationError(
                _("The code has 8 letters and numbers, like ABCD-EFGH."), code="code_shape"
            )
        return code


class ClaimForm(forms.Form):
    code = CodeField(
        label=_("Claim code"),
        help_text=_("The 8 letters and numbers on the office's letter or WhatsApp message."),
    )


class RecoveryForm(NewPasswordFields):
    """Phone, the code from the field officer, and the new password typed twice."""

    phone = PhoneNumberField(label=_("Phone number of your account"))
    code = CodeField(
        label=_("Recovery code"),
        help_text=_("The 8 letters and numbers the field officer gave you."),
    )
    field_order = ["phone", "code", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password again")

    def clean(self):
        cleaned = super().clean()
        # Checked as for a person known only by the typed phone: whether an account exists must
        # not change what the form says.
        self.check_new_password(cleaned, phone=cleaned.get("phone"))
        return cleaned


class IdentityCheckForm(forms.Form):
    """The field officer's word that they checked the person's identity card in front of them."""

    identity_checked = forms.BooleanField(
        label=_("I checked this person's identity card (KTP) in person."), required=False
    )
