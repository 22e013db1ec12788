from django.urls import path

app_name = "nominations"

# The organiser's pages: o/<organiser>/nominations/…; an office's: o/<office>/nominations/asked/…
base = "o/<slug:slug>/nominations/"

urlpatterns: list = []
