from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "weijian.web"
    label = "web"
    verbose_name = "网页"
