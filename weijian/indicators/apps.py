import sqlite3

from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The indicator SQL counts with aggregate FILTER clauses, which SQLite has since 3.30 (2019).
SQLITE_NEEDED = (3, 30, 0)


def check_sqlite(engine: str, version: tuple[int, ...] = sqlite3.sqlite_version_info) -> None:
    """Refuse to start on a SQLite older than the indicator SQL needs, saying what to do."""
    if engine.endswith("sqlite3") and tuple(version) < SQLITE_NEEDED:
        raise ImproperlyConfigured(
            f"SQLite {'.'.join(map(str, version))} 太旧：卫健需要 SQLite {'.'.join(map(str, SQLITE_NEEDED))} 或更新版本"
            "（请改用较新的 Python，或设置 DATABASE_URL 使用 PostgreSQL）"
        )


class IndicatorsConfig(AppConfig):
    name = "weijian.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        check_sqlite(settings.DATABASES["default"]["ENGINE"])
