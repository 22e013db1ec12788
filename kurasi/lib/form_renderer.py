"""The form renderer: Jinja2 for speed, Django templates for the widgets only they provide.

Kurasi's forms render their widgets through Jinja2's compiled templates (every select option is a
template include: 13 ms less per page on the registry list with its filter form, see bench/).
But Django's admin ships its widget templates (admin/widgets/related_widget_wrapper.html,
url.html, foreign_key_raw_id.html, ...) as Django templates only, so a Jinja2-only renderer cannot
draw an admin add or change form. Falling back per template keeps both: every template the Jinja2
environment has (all of Django's own widgets) stays on Jinja2, and only a name it cannot find is
loaded by a Django-template engine that sees the same places the built-in DjangoTemplates renderer
does (django/forms/templates and every app's templates/). Admin widget templates include the
plain widget by name from inside a Django template, so that include stays on the Django engine.

It also words the empty choice of every select: Django labels it "---------" (not translated, and
read out as "dash dash dash" by screen readers); Kurasi shows "— choose —" in the person's language.
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property
from django.utils.translation import gettext

DJANGO_BLANK = "---------"


class Jinja2WithDjangoFallback(Jinja2):
    @cached_property
    def django_engine(self):
        return DjangoTemplates().engine

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.django_engine.get_template(template_name)

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        for _group, options, _index in (widget or {}).get("optgroups") or ():
            for option in options:
                if option["label"] == DJANGO_BLANK and option["value"] in ("", None):
                    option["label"] = gettext("— choose —")
        return super().render(template_name, context, request=request)
