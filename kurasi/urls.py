from django.urls import include, path
from django.views.i18n import set_language

from kurasi.accounts.admin import site as admin_site
from kurasi.lib.error_views import favicon

urlpatterns = [
    path("", include("kurasi.insights.urls")),
    path("", include("kurasi.programmes.urls")),
    path("", include("kurasi.registration.urls")),
    path("", include("kurasi.registry.urls")),
    path("", include("kurasi.registry.urls_io")),
    path("", include("kurasi.curation.urls")),
    path("", include("kurasi.facilitation.urls")),
    path("", include("kurasi.exhibitions.urls")),
    path("", include("kurasi.nominations.urls")),
    path("", include("kurasi.privacy.urls")),
    path("", include("kurasi.audit.urls")),
    path("", include("kurasi.outbox.urls")),
    path("", include("kurasi.accounts.urls_office")),
    path("accounts/", include("kurasi.accounts.urls")),
    path("operator/", include("kurasi.accounts.urls_operator")),
    path("accounts/", include("kurasi.api.urls_pages")),
    path("api/v1/", include("kurasi.api.urls")),
    path("language/", set_language, name="set_language"),
    path("admin/", admin_site.urls),
    path("favicon.ico", favicon, name="favicon"),
]

handler400 = "kurasi.lib.error_views.bad_request"
handler403 = "kurasi.lib.error_views.permission_denied"
handler404 = "kurasi.lib.error_views.page_not_found"
handler500 = "kurasi.lib.error_views.server_error"
