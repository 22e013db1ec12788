from django.urls import path

from . import assisted, views

app_name = "registration"

PRODUCER = "register/<slug:org_slug>/<slug:programme_slug>/"
ASSISTED = "o/<slug:org_slug>/assisted/<slug:programme_slug>/"


def wizard_paths(prefix, module, name_prefix=""):
    """The same four steps for the producer and for the field officer."""
    return [
        path(f"{prefix}business/", module.business_new, name=f"{name_prefix}business_new"),
        path(f"{prefix}<int:business_id>/", module.business, name=f"{name_prefix}business"),
        path(
            f"{prefix}<int:business_id>/products/", module.products, name=f"{name_prefix}products"
        ),
        path(
            f"{prefix}<int:business_id>/products/<int:product_id>/",
            module.product,
            name=f"{name_prefix}product",
        ),
        path(
            f"{prefix}<int:business_id>/documents/",
            module.documents,
            name=f"{name_prefix}documents",
        ),
        path(f"{prefix}<int:business_id>/review/", module.review, name=f"{name_prefix}review"),
    ]


urlpatterns = [
    path("register/account/", views.sign_up, name="sign_up"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("my/applications/", views.status, name="status"),
    path(PRODUCER, views.start, name="start"),
    *wizard_paths(PRODUCER, views),
    path("o/<slug:org_slug>/assisted/", assisted.calls, name="assisted_calls"),
    path(ASSISTED, assisted.assisted_find, name="assisted_find"),
    *wizard_paths(ASSISTED, assisted, "assisted_"),
]
