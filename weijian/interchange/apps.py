from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "weijian.interchange"
    label = "interchange"
    verbose_name = "数据导入导出"
