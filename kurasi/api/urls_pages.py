from django.urls import path

from . import views_pages

app_name = "api_pages"

urlpatterns = [
    path("api-tokens/", views_pages.token_list, name="tokens"),
    path("api-tokens/<int:pk>/revoke/", views_pages.token_revoke, name="token_revoke"),
]
