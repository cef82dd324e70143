"""The whole-population register: households, persons and their vital events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.IntegerChoices):
    """GB/T 2261.1 codes."""

    MALE = 1, _("男")
    FEMALE = 2, _("女")


class HukouType(models.TextChoices):
    RURAL = "rural", _("农村")
    URBAN = "urban", _("城镇")


class Residence(models.TextChoices):
    RESIDENT = "resident", _("常住")
    AWAY = "away", _("流出")
    INCOMER = "incomer", _("流入")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("未婚")
    FIRST = "first", _("初婚")
    REMARRIED = "remarried", _("再婚")
    DIVORCED = "divorced", _("离婚")
    WIDOWED = "widowed", _("丧偶")


class DeliveryPlace(models.TextChoices):
    HOSPITAL = "hospital", _("医院")
    HEALTH_CENTRE = "health_centre", _("卫生院")
    HOME = "home", _("家中")
    ON_THE_WAY = "on_the_way", _("途中")
    OTHER = "other", _("其他")


class MarriageEvent(models.TextChoices):
    MARRIAGE = "marriage", _("结婚")
    DIVORCE = "divorce", _("离婚")


class Direction(models.TextChoices):
    """DOMAIN.md §5: 迁入/迁出 move the 户籍; 流出/流入/返回 are where people live."""

    MOVE_IN = "move_in", _("迁入")
    MOVE_OUT = "move_out", _("迁出")
    FLOW_IN = "flow_in", _("流入")
    FLOW_OUT = "flow_out", _("流出")
    RETURN = "return", _("返回")


class Provenance(models.Model):
    """When a record was reported, who entered it, and which import row last wrote it."""

    report_date = models.DateField(_("报告日期"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_index=False,
    )
    entered_at = models.DateTimeField(_("录入时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), null=True, blank=True)
    batch = models.ForeignKey(
        "interchange.ImportBatch", verbose_name=_("导入批次"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_index=False,
    )
    batch_row = models.PositiveIntegerField(_("导入行号"), null=True, blank=True)

    class Meta:
        abstract = True


class Household(models.Model):
    number = models.CharField(_("户编号"), max_length=30, unique=True)
    village = models.ForeignKey("divisions.Division", verbose_name=_("村居"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("户")
        verbose_name_plural = _("户")

    def __str__(self) -> str:
        return self.number


class Person(Provenance):
    # Blank only for an infant registered through its birth before it has a number.
    id_number = models.CharField(_("公民身份号码"), max_length=18, unique=True, null=True, blank=True)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    sex = models.PositiveSmallIntegerField(_("性别"), choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    # Indexed together with birth_date below; a separate index would only slow imports.
    village = models.ForeignKey(
        "divisions.Division", verbose_name=_("村居"), on_delete=models.PROTECT, related_name="persons",
        db_index=False,
    )
    # Indexed by person_household_state below, which serves the foreign key too.
    household = models.ForeignKey(
        Household, verbose_name=_("户"), null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
        db_index=False,
    )
    relation = models.CharField(_("与户主关系"), max_length=20, blank=True)
    hukou_type = models.CharField(_("户口性质"), max_length=10, choices=HukouType.choices, blank=True)
    residence = models.CharField(
        _("居住状态"), max_length=10, choices=Residence.choices, default=Residence.RESIDENT
    )
    # False once the 户籍 has moved out (迁出); kept current by migration imports.
    registered_here = models.BooleanField(_("户籍在本地"), default=True)
    marital_status = models.CharField(_("婚姻状况"), max_length=10, choices=MaritalStatus.choices, blank=True)
    first_marriage_date = models.DateField(_("初婚日期"), null=True, blank=True)
    mother = models.ForeignKey(
        "self", verbose_name=_("母亲"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    father = models.ForeignKey(
        "self", verbose_name=_("父亲"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False,
    )
    disability_grade = models.PositiveSmallIntegerField(_("残疾等级"), null=True, blank=True)
    death_date = models.DateField(_("死亡日期"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        indexes = [
            # The indicator engine reads a person's state from this index alone (the persons
            # of a village born by a date, alive, registered, resident, married), never the
            # table: a million persons are counted in half the time. SQLite's index entries
            # carry the row id anyway; PostgreSQL's need it included, for the joins on it.
            models.Index(fields=["village", "birth_date", "registered_here", "residence", "sex", "death_date",
                                 "marital_status"], include=["id"], name="person_state_cover"),
            # The persons register's order: a page is read off the index, the register not sorted.
            models.Index(fields=["village", "household", "birth_date"], name="person_register_order"),
            # A household's members and whether any is living and registered here, read from the
            # index alone (the households indicator asks it of every household of a county).
            models.Index(fields=["household", "registered_here", "birth_date", "death_date"],
                         name="person_household_state"),
            # Women by first-marriage date: the few of a period, not a walk through the register.
            models.Index(fields=["first_marriage_date", "village"], name="woman_first_marriage",
                         condition=models.Q(sex=2, first_marriage_date__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.name or str(self.pk)


class Birth(Provenance):
    mother = models.ForeignKey(Person, verbose_name=_("母亲"), on_delete=models.PROTECT, related_name="births_given")
    father = models.ForeignKey(
        Person, verbose_name=_("父亲"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    child = models.OneToOneField(
        Person, verbose_name=_("婴儿"), null=True, blank=True, on_delete=models.SET_NULL, related_name="birth"
    )
    birth_date = models.DateField(_("出生日期"))
    sex = models.PositiveSmallIntegerField(_("性别"), choices=Sex.choices)
    birth_order = models.PositiveSmallIntegerField(_("胎序"), default=1)
    parity = models.PositiveSmallIntegerField(_("孩次"))
    live_birth = models.BooleanField(_("活产"), default=True)
    birth_weight_g = models.PositiveIntegerField(_("出生体重(克)"), null=True, blank=True)
    gestation_weeks = models.PositiveSmallIntegerField(_("孕周"), null=True, blank=True)
    delivery_place = models.CharField(_("分娩地点"), max_length=20, choices=DeliveryPlace.choices, blank=True)
    village = models.ForeignKey("divisions.Division", verbose_name=_("村居"), on_delete=models.PROTECT)
    birth_certificate_no = models.CharField(_("出生医学证明编号"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("出生")
        verbose_name_plural = _("出生")
        constraints = [
            models.UniqueConstraint(fields=["mother", "birth_date", "birth_order"], name="birth_key"),
        ]
        indexes = [models.Index(fields=["village", "birth_date"])]


class Death(Provenance):
    person = models.OneToOneField(Person, verbose_name=_("死者"), on_delete=models.PROTECT, related_name="death")
    death_date = models.DateField(_("死亡日期"))
    cause = models.CharField(_("死因"), max_length=100, blank=True)
    maternal_death = models.BooleanField(_("孕产妇死亡"), default=False)

    class Meta:
        verbose_name = _("死亡")
        verbose_name_plural = _("死亡")
        indexes = [models.Index(fields=["death_date"])]


class Marriage(Provenance):
    person = models.ForeignKey(Person, verbose_name=_("本人"), on_delete=models.PROTECT, related_name="marriages")
    spouse = models.ForeignKey(
        Person, verbose_name=_("配偶"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.CharField(_("事件"), max_length=10, choices=MarriageEvent.choices)
    date = models.DateField(_("日期"))
    first_marriage = models.BooleanField(_("初婚"), null=True, blank=True)

    class Meta:
        verbose_name = _("婚姻登记")
        verbose_name_plural = _("婚姻登记")
        constraints = [models.UniqueConstraint(fields=["person", "event", "date"], name="marriage_key")]
        indexes = [models.Index(fields=["date"])]


class Migration(Provenance):
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="migrations")
    direction = models.CharField(_("类型"), max_length=10, choices=Direction.choices)
    date = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    reason = models.CharField(_("原因"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("迁移流动")
        verbose_name_plural = _("迁移流动")
        constraints = [models.UniqueConstraint(fields=["person", "direction", "date"], name="migration_key")]
        indexes = [models.Index(fields=["date"])]
