"""/api/v1/: office endpoints under o/<org_slug>/, the producer's own under me/."""

from django.urls import path, re_path

from . import views_docs, views_registry
from .errors import not_found_json

app_name = "api"

office = "o/<slug:org_slug>/"

urlpatterns = [
    path("openapi.json", views_docs.SchemaView.as_view(), name="schema"),
    path("docs/", views_docs.DocsView.as_view(), name="docs"),
    path(f"{office}businesses/", views_registry.BusinessList.as_view(), name="businesses"),
    path(
        f"{office}businesses/<int:pk>/",
        views_registry.BusinessDetail.as_view(),
        name="business",
    ),
    path(
        f"{office}businesses/<int:pk>/products/",
        views_registry.BusinessProductList.as_view(),
        name="business_products",
    ),
    path(
        f"{office}businesses/<int:pk>/certificates/",
        views_registry.BusinessCertificateList.as_view(),
        name="business_certificates",
    ),
    path(f"{office}products/", views_registry.ProductList.as_view(), name="products"),
    path(f"{office}products/<int:pk>/", views_registry.ProductDetail.as_view(), name="product"),
    path(
        f"{office}certificates/<int:pk>/",
        views_registry.CertificateDetail.as_view(),
        name="certificate",
    ),
    path(
        f"{office}certificates/<int:pk>/verify/",
        views_registry.CertificateVerify.as_view(),
        name="certificate_verify",
    ),
    # Last: anything else under /api/v1/ is a JSON 404, never the site's HTML page.
    re_path(r"^.*$", not_found_json),
]
