from django.urls import path

from . import (
    views,
    views_catalogue,
    views_certificates,
    views_exports,
    views_files,
    views_merge,
    views_owner,
    views_products,
)

app_name = "registry"

ORG = "o/<slug:org_slug>/registry/"

urlpatterns = [
    path(ORG, views.business_list, name="business_list"),
    path(f"{ORG}businesses/<int:pk>/", views.business_detail, name="business_detail"),
    path(f"{ORG}businesses/<int:pk>/edit/", views.business_edit, name="business_edit"),
    path(f"{ORG}businesses/<int:pk>/merge/<int:duplicate_pk>/", views_merge.merge, name="merge"),
    # The producer's account (kurasi/accounts/services_codes.py)
    path(f"{ORG}businesses/<int:pk>/claim-code/", views_owner.claim_code, name="owner_claim_code"),
    path(f"{ORG}businesses/<int:pk>/link-owner/", views_owner.link_owner, name="owner_link"),
    path(
        f"{ORG}businesses/<int:pk>/recovery-code/",
        views_owner.recovery_code,
        name="owner_recovery_code",
    ),
    path(f"{ORG}products/", views_products.product_list, name="product_list"),
    path(
        f"{ORG}products/export.<str:fmt>",
        views_exports.product_list_export,
        name="product_export",
    ),
    path(
        f"{ORG}businesses/<int:business_pk>/products/new/",
        views_products.product_add,
        name="product_add",
    ),
    path(f"{ORG}products/<int:pk>/edit/", views_products.product_edit, name="product_edit"),
    path(f"{ORG}photos/<int:pk>/remove/", views_products.photo_remove, name="photo_remove"),
    path(
        f"{ORG}businesses/<int:business_pk>/certificates/new/",
        views_certificates.certificate_add,
        name="certificate_add",
    ),
    path(
        f"{ORG}certificates/<int:pk>/edit/",
        views_certificates.certificate_edit,
        name="certificate_edit",
    ),
    path(
        f"{ORG}certificates/<int:pk>/verify/",
        views_certificates.certificate_verify,
        name="certificate_verify",
    ),
    # The office's catalogues (office admins)
    path(f"{ORG}product-groups/", views_catalogue.product_groups, name="product_groups"),
    path(f"{ORG}product-groups/new/", views_catalogue.product_group_add, name="product_group_add"),
    path(
        f"{ORG}product-groups/<int:pk>/edit/",
        views_catalogue.product_group_edit,
        name="product_group_edit",
    ),
    path(
        f"{ORG}product-groups/<int:pk>/remove/",
        views_catalogue.product_group_delete,
        name="product_group_delete",
    ),
    path(f"{ORG}certificate-types/", views_catalogue.certificate_types, name="certificate_types"),
    path(
        f"{ORG}certificate-types/new/",
        views_catalogue.certificate_type_add,
        name="certificate_type_add",
    ),
    path(
        f"{ORG}certificate-types/<int:pk>/edit/",
        views_catalogue.certificate_type_edit,
        name="certificate_type_edit",
    ),
    path(
        f"{ORG}certificate-types/<int:pk>/remove/",
        views_catalogue.certificate_type_delete,
        name="certificate_type_delete",
    ),
    path(f"{ORG}region-aliases/", views_catalogue.region_aliases, name="region_aliases"),
    path(f"{ORG}region-aliases/new/", views_catalogue.region_alias_add, name="region_alias_add"),
    path(
        f"{ORG}region-aliases/<int:pk>/edit/",
        views_catalogue.region_alias_edit,
        name="region_alias_edit",
    ),
    path(
        f"{ORG}region-aliases/<int:pk>/remove/",
        views_catalogue.region_alias_delete,
        name="region_alias_delete",
    ),
    path("files/photos/<str:token>/", views_files.product_photo, name="product_photo"),
    path(
        "files/certificates/<str:token>/",
        views_files.certificate_document,
        name="certificate_document",
    ),
]
