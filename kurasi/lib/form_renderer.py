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
"""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property


class Jinja2WithDjangoFallback(Jinja2):
    @cached_property
    def django_engine(self):
        return DjangoTemplates().engine

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.django_engine.get_template(template_name)
