app_name = "registry_io"

urlpatterns = []
