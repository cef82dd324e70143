from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "weijian.interchange"
    label = "interchange"
    verbose_name = "数据导入导出"

    def ready(self):
        from weijian.interchange.bulk import register_sqlite_adapters

        register_sqlite_adapters()
