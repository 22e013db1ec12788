from django import forms
from django.utils.translation import gettext_lazy as _


class AssessmentForm(forms.Form):
    """One field set per criterion: a score from the rubric's scale, a note and a recommendation.

    Built from the rubric so the same form serves every rubric shape and version.
    """

    notes = forms.CharField(
        label=_("Overall notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendation = forms.CharField(
        label=_("Recommendation to the producer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # The revision this form was showing, so a save from a stale form cannot blank out newer values.
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, rubric, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self.criteria = criteria
        for criterion in criteria:
            anchors = {a.level: a.text for a in criterion.anchors.all()}
            choices = [
                (level, f"{level} — {anchors.get(level, '')}".rstrip(" —"))
                for level in range(rubric.scale_min, rubric.scale_max + 1)
            ]
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=criterion.guidance,
            )
            self.fields[f"note_{criterion.key}"] = forms.CharField(
                label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"advice_{criterion.key}"] = forms.CharField(
                label=_("How to improve"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self):
        """(criterion, score field, its levels, note field, advice field) for the template.

        The levels are (value, label, checked) triples: the template writes the radio buttons
        itself, which is several times quicker than rendering a widget template for each of
        the rubric's dozens of buttons on a page opened for every product of the day.
        """
        rows = []
        for criterion in self.criteria:
            score = self[f"score_{criterion.key}"]
            chosen = "" if score.value() is None else str(score.value())
            levels = [
                (str(value), label, str(value) == chosen) for value, label in score.field.choices
            ]
            rows.append(
                (
                    criterion,
                    score,
                    levels,
                    self[f"note_{criterion.key}"],
                    self[f"advice_{criterion.key}"],
                )
            )
        return rows

    def scores(self):
        data = self.cleaned_data
        return {
            c.key: {
                "value": data.get(f"score_{c.key}"),
                "note": data.get(f"note_{c.key}", ""),
                "recommendation": data.get(f"advice_{c.key}", ""),
            }
            for c in self.criteria
        }


def initial_from(assessment):
    initial = {
        "notes": assessment.notes,
        "recommendation": assessment.recommendation,
        "revision": assessment.revision,
    }
    for score in assessment.scores.select_related("criterion"):
        key = score.criterion.key
        initial[f"score_{key}"] = score.value
        initial[f"note_{key}"] = score.note
        initial[f"advice_{key}"] = score.recommendation
    return initial
