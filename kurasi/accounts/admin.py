"""Django admin for office admins, limited to their own organisations; superusers see all."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied
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


def administered_organisations(user):
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.ADMIN)


class KurasiAdminSite(admin.AdminSite):
    site_header = _("Kurasi administration")
    site_title = _("Kurasi")
    index_title = _("Office administration")

    def has_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def login(self, request, extra_context=None):
        """One way in: Kurasi's login page, with its rate limits and the two-factor step."""
        if request.user.is_authenticated:
            raise PermissionDenied  # logged in without admin rights: a login would loop back
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return redirect(f"{reverse('accounts:login')}?{query}")


site = KurasiAdminSite(name="admin")


class OrganisationScopedAdmin(admin.ModelAdmin):
    """Permissions come from the admin role in an organisation, not Django's per-model perms."""

    organisation_path = "organisation"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        orgs = administered_organisations(request.user)
        return queryset.filter(**{f"{self.organisation_path}__in": orgs}).distinct()

    def has_module_permission(self, request):
        return request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_staff

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def history_view(self, request, object_id, extra_context=None):
        """The record's history from Kurasi's audit trail (Django's own log is not kept)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        events = AuditEvent.objects.filter(
            organisation__in=administered_organisations(request.user)
        ).filter(about(obj))
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(record)s") % {"record": obj},
            "opts": self.model._meta,
            "object": obj,
            "entries": entries(events.order_by("-created_at", "-id")[:HISTORY_LIMIT]),
        }
        return TemplateResponse(request, "audit/admin_history.html", context)


@admin.register(Organisation, site=site)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = "pk"
    list_display = ["name", "kind", "region_code", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else administered_organisations(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role"]


@admin.register(Membership, site=site)
class MembershipAdmin(OrganisationScopedAdmin):
    form = MembershipForm
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_staff

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = administered_organisations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Through the service, so the change is atomic and audited.
        grant_role(actor=request.user, organisation=obj.organisation, user=obj.user, role=obj.role)

    def delete_model(self, request, obj):
        revoke_role(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            revoke_role(actor=request.user, membership=membership)


class UserChangeForm(forms.ModelForm):
    email = LowercaseEmailField(label=_("Email"), required=False)
    phone = PhoneNumberField(label=_("Phone"), required=False)

    class Meta:
        model = User
        fields = ["email", "full_name", "phone", "is_active"]


class UserCreationForm(UserChangeForm):
    """A new staff account is created straight into one of the admin's organisations."""

    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
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


@admin.register(User, site=site)
class UserAdmin(OrganisationScopedAdmin):
    organisation_path = "memberships__organisation"
    list_display = ["full_name", "email", "is_active", "last_login"]
    search_fields = ["full_name", "email"]
    fields = ["email", "full_name", "phone", "is_active", "last_login", "date_joined"]
    readonly_fields = ["last_login", "date_joined"]
    creation_fields = ["email", "full_name", "phone", "password", "organisation", "role"]
    form = UserChangeForm

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UserCreationForm
            kwargs["fields"] = ["email", "full_name", "phone"]
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form.base_fields["organisation"].queryset = administered_organisations(request.user)
        return form

    def get_fields(self, request, obj=None):
        return self.creation_fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Through the service, so the change is atomic and audited with before and after.
        before = User.objects.get(pk=obj.pk) if change else None
        if change:
            offices = (
                administered_organisations(request.user).filter(memberships__user=obj).distinct()
            )
        else:
            offices = [form.cleaned_data["organisation"]]
        save_account(actor=request.user, user=obj, organisations=offices, before=before)
        if not change:
            grant_role(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                user=obj,
                role=form.cleaned_data["role"],
            )
