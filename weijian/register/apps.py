from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "weijian.register"
    label = "register"
    verbose_name = "全员人口信息"
