"""The product groups one curator assesses: the page's row and the API's body. Choices are the
office's own groups, read once for every row, so an id typed in cannot reach another office."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CuratorGroupsForm(forms.Form):
    groups = forms.TypedMultipleChoiceField(
        label=_("Product groups"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_id = {group.pk: group for group in groups}
        self.fields["groups"].choices = [(group.pk, group.name) for group in groups]

    def clean_groups(self):
        """The ProductGroup objects chosen, in the office's order."""
        chosen = set(self.cleaned_data["groups"])
        return [group for pk, group in self.by_id.items() if pk in chosen]
