from django.contrib import admin
from django.urls import path

admin.site.site_header = "卫健 weijian"
admin.site.site_title = "卫健"
admin.site.index_title = "乡镇卫生健康办公室"

urlpatterns = [
    path("admin/", admin.site.urls),
]
