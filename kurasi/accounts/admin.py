"""Django admin for platform operators (superusers) only; office admins use Kurasi's own pages.

Changes to people and their roles still go through the services, so they are atomic and written
to the audit log of every office concerned.
"""

from functools import partial
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurasi.audit.history import HISTORY_LIMIT, about
from kurasi.audit.models import AuditEvent
from kurasi.audit.present import entries
from kurasi.lib.form_fields import LowercaseEmailField, PhoneNumberField

from .models import Membership, Organisation, Role, User
from .services import grant_role, revoke_role, save_account


class KurasiAdminSite(admin.AdminSite):
    site_header = _("Kurasi administration")
    site_title = _("Kurasi")
    index_title = _("Platform administration")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        """One way in: Kurasi's login page, with its rate limits and the two-factor step."""
        if request.user.is_authenticated:
            raise PermissionDenied  # logged in without admin rights: a login would loop back
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return redirect(f"{reverse('accounts:login')}?{query}")


site = KurasiAdminSite(name="admin")


class JSONOrDefaultField(forms.JSONField):
    """A JSON box left empty stores the field's default ([] or {}), not NULL, which a NOT NULL
    column refuses with an error page."""

    def __init__(self, *, default, **kwargs):
        self.default = default
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.default() if value is None else value


class KurasiModelAdmin(admin.ModelAdmin):
    """A plain ModelAdmin whose history page reads Kurasi's audit trail."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.JSONField) and not db_field.null and db_field.has_default():
            kwargs.setdefault(
                "form_class", partial(JSONOrDefaultField, default=db_field.get_default)
            )
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        """The record's history from Kurasi's audit trail (Django's own log is not kept)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        events = AuditEvent.objects.filter(about(obj)).select_related("actor", "organisation")
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": obj},
            "opts": self.model._meta,
            "object": obj,
            "entries": entries(events.order_by("-created_at", "-id")[:HISTORY_LIMIT]),
        }
        return TemplateResponse(request, "audit/admin_history.html", context)


@admin.register(Organisation, site=site)
class OrganisationAdmin(KurasiModelAdmin):
    list_display = ["name", "kind", "region_code", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership, site=site)
class MembershipAdmin(KurasiModelAdmin):
    fields = ["user", "organisation", "role"]
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The model's fields carry no label of their own.
        labels = {"user": _("Person"), "organisation": _("Organisation")}
        if db_field.name in labels:
            kwargs["label"] = labels[db_field.name]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A membership is one person in one office: only its role changes.
        return ["user", "organisation"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        # Through the service, so the change is atomic and audited in the office's log.
        membership = grant_role(
            actor=request.user, organisation=obj.organisation, user=obj.user, role=obj.role
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        revoke_role(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("organisation"):
            revoke_role(actor=request.user, membership=membership)


class UserChangeForm(forms.ModelForm):
    email = LowercaseEmailField(label=_("Email"), required=False)
    phone = PhoneNumberField(label=_("Phone"), required=False)

    class Meta:
        model = User
        fields = ["email", "full_name", "phone", "is_active"]


class UserCreationForm(UserChangeForm):
    """A new staff account is created straight into an office, with a role there."""

    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    class Meta:
        model = User
        fields = ["email", "full_name", "phone"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


def concerned_offices(user):
    """The offices whose log records a change to `user`: where they work or hold a business."""
    return Organisation.objects.filter(
        Q(memberships__user=user) | Q(businesses__owner=user)
    ).distinct()


@admin.register(User, site=site)
class UserAdmin(KurasiModelAdmin):
    list_display = ["full_name", "email", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["full_name", "email"]
    fields = ["email", "full_name", "phone", "is_active", "last_login", "date_joined"]
    readonly_fields = ["last_login", "date_joined"]
    creation_fields = ["email", "full_name", "phone", "password", "organisation", "role"]
    form = UserChangeForm

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UserCreationForm
            kwargs["fields"] = ["email", "full_name", "phone"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return self.creation_fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Through the service, so the change is atomic and audited with before and after.
        if change:
            before = User.objects.get(pk=obj.pk)
            save_account(
                actor=request.user, user=obj, organisations=concerned_offices(obj), before=before
            )
            return
        organisation = form.cleaned_data["organisation"]
        save_account(actor=request.user, user=obj, organisations=[organisation])
        grant_role(
            actor=request.user,
            organisation=organisation,
            user=obj,
            role=form.cleaned_data["role"],
        )
