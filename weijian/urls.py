from django.contrib import admin
from django.urls import include, path

from weijian.web.login import LoginView

admin.site.site_header = "卫健 weijian"
admin.site.site_title = "卫健"
admin.site.index_title = "乡镇卫生健康办公室"

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("weijian.api.urls")),
    path("", include("weijian.web.urls")),
]
