"""`weijian bench web`: its clients log in, browse, and count what is not 200 as an error."""

from urllib.parse import urlsplit

import pytest

from tests.web.conftest import PASSWORD
from weijian.web.bench import Sample, measure, percentile, report

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded catalogs


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def address(live_server) -> tuple[str, int]:
    parts = urlsplit(live_server.url)
    return parts.hostname, parts.port


def test_clients_log_in_and_browse(live_server, users):
    host, port = address(live_server)
    tally = measure(host, port, ("dashboard", "imports"), Sample(), clients=2, seconds=1,
                    login=("township", PASSWORD))
    assert len(tally.latencies["dashboard"]) >= 1 and len(tally.latencies["imports"]) >= 1
    assert sum(tally.errors.values()) == 0
    lines = report(tally, 1).splitlines()
    assert lines[0].split() == ["page", "requests", "req/s", "p50", "ms", "p95", "ms", "p99", "ms", "errors"]
    assert lines[-1].split()[0] == "all" and lines[-1].split()[-1] == "0"


def test_a_page_that_is_not_there_is_an_error(live_server, users):
    host, port = address(live_server)
    tally = measure(host, port, ("person",), Sample(persons=[987654321]), clients=1, seconds=0.3,
                    login=("township", PASSWORD))
    assert tally.errors["person"] == len(tally.latencies["person"]) > 0


def test_percentile_is_nearest_rank():
    values = [n / 1000 for n in range(100, 0, -1)]
    assert [percentile(values, q) for q in (50, 95, 99)] == [0.05, 0.095, 0.099]
    assert percentile([], 95) == 0.0
