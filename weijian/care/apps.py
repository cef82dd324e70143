from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "weijian.care"
    label = "care"
    verbose_name = "服务与任务"
