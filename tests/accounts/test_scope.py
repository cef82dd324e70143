"""Which divisions each role sees and may change."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.conftest import COUNTY, TOWNSHIP, VILLAGE_1, VILLAGE_2
from weijian.accounts import scope
from weijian.accounts.services import AccountError, user_create
from weijian.divisions.models import Division
from weijian.register.models import Person

pytestmark = pytest.mark.django_db


def codes(user) -> list[str]:
    return list(scope.visible_divisions(user).values_list("code", flat=True))


def test_each_role_sees_its_divisions_and_everything_below(users):
    assert codes(users.county) == [COUNTY, TOWNSHIP, VILLAGE_1, VILLAGE_2]
    assert codes(users.township) == [TOWNSHIP, VILLAGE_1, VILLAGE_2]
    assert codes(users.village) == [VILLAGE_1]
    assert codes(users.other) == [VILLAGE_2]
    assert codes(users.viewer) == [VILLAGE_1]


def test_records_are_scoped_by_their_village(township, users):
    names = lambda user: sorted(scope.scoped(Person.objects.all(), user).values_list("name", flat=True))  # noqa: E731
    assert names(users.township) == ["张伟", "张小明", "李娜", "王建国", "赵敏"]
    assert names(users.village) == ["张伟", "张小明", "李娜"]
    assert names(users.other) == ["王建国", "赵敏"]


def test_another_village_is_404(users):
    assert scope.division_or_404(users.village, VILLAGE_1).code == VILLAGE_1
    with pytest.raises(Http404):
        scope.division_or_404(users.village, VILLAGE_2)
    with pytest.raises(Http404):
        scope.division_or_404(users.village, TOWNSHIP)
    with pytest.raises(Http404):
        scope.division_or_404(users.village, "999999999999")


def test_viewers_see_but_never_change(users):
    village_1 = Division.objects.get(code=VILLAGE_1)
    assert scope.can_see(users.viewer, village_1)
    assert not scope.can_change(users.viewer, village_1)
    assert scope.can_change(users.village, village_1)
    assert not scope.can_change(users.other, village_1)


def test_no_role_sees_nothing(divisions, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x" * 10)
    assert codes(nobody) == []
    assert scope.home_division(nobody) is None
    boss = django_user_model.objects.create_superuser("boss", password="x" * 10)
    assert codes(boss) == sorted(Division.objects.values_list("code", flat=True))


def test_home_division_is_the_highest_assigned(users):
    assert scope.home_division(users.township).code == TOWNSHIP
    assert scope.home_division(users.village).code == VILLAGE_1


def test_role_must_match_the_division_level(divisions):
    with pytest.raises(AccountError, match="村专干应指定村级区划，511302101000（青山镇）是乡"):
        user_create(username="x", password="y" * 10, role="village", division_codes=[TOWNSHIP])
    with pytest.raises(AccountError, match="区划代码不存在：511302101299"):
        user_create(username="x", password="y" * 10, role="village", division_codes=["511302101299"])
    viewer = user_create(username="v", password="y" * 10, role="viewer", division_codes=[VILLAGE_1, VILLAGE_2])
    assert codes(viewer) == [VILLAGE_1, VILLAGE_2]
    with pytest.raises(AccountError, match="用户“v”已存在"):
        user_create(username="v", password="y" * 10, role="viewer", division_codes=[VILLAGE_1])
