"""Measures: the counts every indicator is built from, as SQL over the register.

A *source* is a derived table whose rows are the units counted — persons, births,
deliveries, deaths, persons marrying, persons served, couples, doses — each attributed
to exactly one village, so that counts add up along the division tree.  A *measure* is a
condition on the rows of one source.  The same condition serves both the aggregate query
(``COUNT(*) FILTER (WHERE condition)`` grouped by village) and the list of the
records behind a number, so the two can never disagree.  The rows of the activities source
are figures rather than units (a village's three meetings in a month are one row): its
measures sum their amounts.

Every value reaches the database as a query parameter; the SQL text holds only table
names and the constant fragments below.  Parameters (see ``engine.parameters``):

    S, E              the period's first and last day
    S1                the day before the period (population at the start)
    E_<n>y            the period end n years earlier: born after it = younger than n at E
    E_1y_after        the day after E_1y (contraception within the 12 months up to E)
    req_infant, req_toddler   child health checks required in the period at age 0 / 1–2
    svc_<code>        the primary key of a service catalog item
    prefix            the code prefix of the division asked for, with '%'

The data element codes of the activity figures are constant fragments too: they are the
catalog's own identifiers (``catalog.DATA_ELEMENTS``), checked to be plain words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.db import connection

from weijian.catalog import DATA_ELEMENTS
from weijian.indicators.sql import (
    add_days,
    age_years,
    compared_as_text,
    date_text,
    days_between,
    direction_value,
    event_direction,
    event_key,
    person_looked_up,
    records_looked_up,
)


@dataclass(frozen=True)
class Source:
    code: str
    name: str  # what one row is, in Chinese, for the record list
    sql: str  # columns: record_id, person_id, village_id, day, and what the conditions use
    services: tuple[str, ...] = ()  # service catalog codes the SQL refers to
    # A faster query giving the same counts, for sources over the whole register: its rows
    # carry village_id and the columns the conditions use; they may be of every village (the
    # count keeps those under the division asked for).  A tuple is parts whose rows
    # together are the rows counted: each part is counted by village on its own (so each
    # groups in the order of the index it reads, without sorting a million rows) and the
    # parts' counts are added.
    count_sql: str | tuple[str | Correction, ...] | None = None
    # The rows counted (count_sql, else sql) carry a weight ``w`` to sum instead of counting rows.
    weighted: bool = False
    # The rows of `sql` are figures, not persons: each carries the amount ``w`` it adds to a
    # count and a ``label`` saying what it is, listed where a person's name would be.
    amounts: bool = False
    # PostgreSQL planner methods turned off while the count query runs: its cost model would
    # hash a million rows where reading them in the order of an index is several times faster.
    planner_off: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correction:
    """A part of a source's count_sql whose rows the other parts count as the register says,
    wrongly: each row adds what it counts by its columns and takes away what it counts with
    the `columns` named here replaced by their register values, given as ``<column>_r``
    (see ``_as_registered``)."""
    sql: str
    columns: tuple[str, ...] = ("reg_e", "reg_s", "res_e")
    SUFFIX = "_r"

    def as_registered(self, measure: Measure) -> Measure:
        condition = re.sub(rf"\bx\.({'|'.join(self.columns)})\b", rf"x.\1{self.SUFFIX}", measure.condition)
        return Measure(measure.code, measure.source, condition)


@dataclass(frozen=True)
class Measure:
    code: str
    source: str
    condition: str = "1 = 1"

    def aggregate(self, weight: str = "1") -> str:
        """The rows meeting the condition, counted or their weights summed (0 when none do)."""
        if weight == "1":
            return f"COUNT(*) FILTER (WHERE {self.condition})"
        return f"COALESCE(SUM({weight}) FILTER (WHERE {self.condition}), 0)"


# The villages (and groups) under the division asked for.
VILLAGES = "(SELECT id FROM divisions_division WHERE code LIKE %(prefix)s)"

# Registration and residence at a date follow the person's migration events: the latest
# event on or before the date decides; before a person's first event the opposite of that
# event holds; a person without events keeps what the register says.  One pass over the
# migrations finds, per person and date, the latest event up to it and the first after it,
# as an event key (``sql.event_key``: events of one kind on one day, the later direction name wins).
_REGISTRATION = "('move_in', 'move_out')"
_RESIDENCE = "('flow_out', 'return', 'flow_in')"


def _migration_state(start: bool = True, residence: bool = True, of: str = "") -> str:
    """Per person with events: the events around the period end, and with `start` also around
    the day before the period (only the population is asked for its start). Without
    `residence`, the registration events alone, of the persons who have any. With `of`, a
    query of person ids, only theirs."""
    event, when = event_key("m.date", "m.direction"), compared_as_text("m.date")

    def pair(name: str, kinds: str, day: str) -> str:
        return (f"MAX(CASE WHEN m.direction IN {kinds} AND {when} <= %({day})s THEN {event} END) AS {name}_last, "
                f"MIN(CASE WHEN m.direction IN {kinds} AND {when} > %({day})s THEN {event} END) AS {name}_next")

    at_start = f", {pair('reg_s', _REGISTRATION, 'S1')}" if start else ""
    where = " AND ".join(([f"m.direction IN {_REGISTRATION}"] if not residence else [])
                         + ([f"m.person_id IN ({of})"] if of else []))
    at_residence = f", {pair('res_e', _RESIDENCE, 'E')}" if residence else ""
    return (f"SELECT m.person_id, {pair('reg_e', _REGISTRATION, 'E')}{at_start}{at_residence}"
            f" FROM register_migration m{' WHERE ' + where if where else ''} GROUP BY m.person_id")


def _registered(name: str) -> str:
    """Whether registered here at the state's date (a truth value: tested as it is)."""
    last, first = event_direction(f"st.{name}_last"), event_direction(f"st.{name}_next")
    return (f"CASE WHEN st.{name}_last IS NOT NULL THEN {last} = {direction_value('move_in')}"
            f" WHEN st.{name}_next IS NOT NULL THEN {first} = {direction_value('move_out')}"
            " ELSE p.registered_here END")


def _resident() -> str:
    """Residence at the period end: after the latest event, before the first one, or as the register says."""
    flow_out, back = direction_value("flow_out"), direction_value("return")
    after = (f"CASE {event_direction('st.res_e_last')} WHEN {flow_out} THEN 'away' WHEN {back} THEN 'resident'"
             " ELSE 'incomer' END")
    before = (f"CASE {event_direction('st.res_e_next')} WHEN {flow_out} THEN 'resident' WHEN {back} THEN 'away'"
              " ELSE 'elsewhere' END")
    return (f"CASE WHEN st.res_e_last IS NOT NULL THEN {after} WHEN st.res_e_next IS NOT NULL THEN {before}"
            " ELSE p.residence END")


def _dates() -> str:
    return f"{compared_as_text('p.birth_date')} AS birth_date, {compared_as_text('p.death_date')} AS death_date"


def _state_columns(start: bool = True) -> str:
    at_start = f"{_registered('reg_s')} AS reg_s, " if start else ""
    return (f"{_registered('reg_e')} AS reg_e, {at_start}{_resident()} AS res_e, "
            f"p.sex, {_dates()}, p.marital_status")


def _persons_where(extra: str = "", born_by: str = "E") -> str:
    """The persons of the villages born on or before the parameter `born_by` (the period end,
    or a tighter bound: the one bound the index range reads, not a second one tested per row)."""
    return f"WHERE p.village_id IN {VILLAGES} AND p.birth_date <= %({born_by})s{extra}"


def _population() -> str:
    """Everyone born by the period end, with registration and residence at its start and end."""
    return (
        "SELECT p.id AS record_id, p.id AS person_id, p.village_id, p.birth_date AS day, "
        f"{_state_columns()} FROM register_person p "
        f"LEFT JOIN ({_migration_state()}) st ON st.person_id = p.id {_persons_where()}"
    )


def _as_registered(suffix: str = "") -> str:
    """The state columns as the register says; with `suffix`, beside those by the events (a Correction's)."""
    return f"p.registered_here AS reg_e{suffix}, p.registered_here AS reg_s{suffix}, p.residence AS res_e{suffix}"


def _population_count(columns=lambda state, few: state) -> tuple[str, Correction]:
    """The same counts as ``_population`` without a join for each of a million persons: every
    person as the register says, corrected for the persons with migration events (what they
    count by their events, less what they count as the register says). `columns(state, few)`
    may add columns computed from ``p`` to the state columns of each part; `few` says the
    part's persons are the few with events, read first and looked up one by one."""
    return (
        f"SELECT p.village_id, {columns(f'{_as_registered()}, p.sex, {_dates()}, p.marital_status', False)}"
        f" FROM register_person p {_persons_where()}",
        Correction(f"SELECT p.village_id, {_as_registered(Correction.SUFFIX)}, {columns(_state_columns(), True)}"
                   f" FROM ({_migration_state()}) st {person_looked_up('st.person_id')} {_persons_where()}"),
    )


def _persons_with(service_columns: str, services: str | None, born: str, born_by: str = "E",
                  few: bool = False) -> str:
    """The persons born in a range (an index range, not the whole register), with their state
    at the period end and, per person, columns over their service records. For `few` persons
    (the children), the migration state is worked out for them alone, not for everyone with
    events (a county's children: 3,000 of the 48,000; for women or the elderly it is slower).

    `services` must be grouped by person (GROUP BY, not DISTINCT): SQLite then builds an
    index on the materialised rows for the join instead of scanning them once per person.
    Without `services`, `service_columns` look the records up themselves (see ``_having``)."""
    joined = f"LEFT JOIN ({services}) ps ON ps.person_id = p.id " if services else ""
    where = _persons_where(born and " AND " + born, born_by)
    state = _migration_state(start=False, of=f"SELECT p.id FROM register_person p {where}" if few else "")
    return (
        "SELECT p.id AS record_id, p.id AS person_id, p.village_id, p.birth_date AS day, "
        f"{_state_columns(start=False)}, {service_columns} FROM register_person p "
        f"LEFT JOIN ({state}) st ON st.person_id = p.id {joined}{where}"
    )


def _service_set(service: str, since: str, few: bool = False) -> str:
    """Whether the person has a record of `service` from the parameter `since` to the period
    end: one set of persons built once and probed per person (PostgreSQL hashes it, SQLite
    indexes it), with no grouping of the records. For `few` persons each looks its own
    records up in service_key instead (building PostgreSQL's hash table of a county's
    records of one service takes 25 ms, about as long as 15,000 look-ups)."""
    period = f"s.service_id = %(svc_{service})s AND s.date >= %({since})s AND s.date <= %(E)s"
    if few:
        return f"EXISTS (SELECT 1 FROM care_servicerecord s WHERE s.person_id = p.id AND {period})"
    return f"p.id IN (SELECT s.person_id FROM care_servicerecord s WHERE {period})"


def _having(service: str, since: str, name: str) -> str:
    return f"{_service_set(service, since)} AS {name}"


def _children() -> str:
    """Children under 7 at the period end, with their health checks in the period (the number
    and the latest one's result)."""
    checks = ("SELECT s.person_id, COUNT(*) AS checks, MAX(" + date_text("s.date") + " || s.result) AS last_check "
              "FROM care_servicerecord s WHERE s.service_id = %(svc_child_health_check)s "
              "AND s.date >= %(S)s AND s.date <= %(E)s GROUP BY s.person_id")
    return _persons_with("COALESCE(ps.checks, 0) AS checks, ps.last_check", checks, "p.birth_date > %(E_7y)s",
                         few=True)


def _women() -> str:
    """Women 15–49 at the period end; contracepting: a contraception service record in the 12
    months up to the period end."""
    contracepting = _having("contraception_service", "E_1y_after", "contracepting")
    return _persons_with(contracepting, None, "p.sex = 2 AND p.birth_date > %(E_50y)s", born_by="E_15y")


def _elderly() -> str:
    """Persons 60 and over at the period end; insured: an elderly insurance record in the period."""
    return _persons_with(_having("elderly_insurance", "S", "insured"), None, "", born_by="E_60y")


_WOMEN_AGES = "p.sex = 2 AND p.birth_date > %(E_50y)s AND p.birth_date <= %(E_15y)s"
_ELDERLY_AGES = "p.birth_date <= %(E_60y)s"


def _persons_count_postgresql() -> tuple[str, ...]:
    """The population, the women and the elderly counted in one pass over the register for
    PostgreSQL (see ``_groups``), in the parts of ``_population_count``: each row says whether
    it is a woman of 15–49 or a person of 60 and over (``in_women``, ``in_elderly``), and
    carries their services, looked up only for them."""
    def columns(state: str, few: bool) -> str:
        return (f"{state}, ({_WOMEN_AGES}) AS in_women, ({_ELDERLY_AGES}) AS in_elderly,"
                f" {_WOMEN_AGES} AND {_service_set('contraception_service', 'E_1y_after', few)} AS contracepting,"
                f" {_ELDERLY_AGES} AND {_service_set('elderly_insurance', 'S', few)} AS insured")

    return _population_count(columns)


def _first_marriages() -> str:
    """Women whose first marriage falls in the period: the register's first-marriage date, or
    else the earliest marriage recorded as a first marriage."""
    return (
        "SELECT p.id AS record_id, p.id AS person_id, p.village_id, p.first_marriage_date AS day "
        "FROM register_person p WHERE p.sex = 2 AND p.first_marriage_date >= %(S)s AND p.first_marriage_date <= %(E)s"
        # +village_id: the few of the period read off woman_first_marriage, not every person of
        # every village off the village index (which SQLite, without statistics, prefers).
        f" AND +p.village_id IN {VILLAGES} "
        "UNION ALL "
        "SELECT p.id, p.id, p.village_id, fm.day FROM (SELECT person_id, MIN(date) AS day FROM register_marriage"
        " WHERE event = 'marriage' AND first_marriage GROUP BY person_id) fm"
        f" {person_looked_up('fm.person_id')}"
        " WHERE p.sex = 2 AND p.first_marriage_date IS NULL AND fm.day >= %(S)s AND fm.day <= %(E)s"
        f" AND p.village_id IN {VILLAGES}"
    )


def _alive_at_end(alias: str) -> str:
    """The person `alias` is born by the period end and living at it."""
    return f"{alias}.birth_date <= %(E)s AND ({alias}.death_date IS NULL OR {alias}.death_date > %(E)s)"


_ALIVE_REGISTERED = _alive_at_end("p")


def _households() -> str:
    """Households of the villages with a member living and registered here at the period end."""
    return (
        "SELECT h.id AS record_id, MIN(p.id) AS person_id, h.village_id, NULL AS day "
        "FROM register_household h JOIN register_person p ON p.household_id = h.id "
        f"LEFT JOIN ({_migration_state(start=False)}) st ON st.person_id = p.id "
        f"WHERE h.village_id IN {VILLAGES} AND {_ALIVE_REGISTERED} AND {_registered('reg_e')} "
        "GROUP BY h.id, h.village_id"
    )


def _alive_registered_here(alias: str) -> str:
    """The person `alias` is living at the period end and registered here as the register says."""
    return f"{alias}.registered_here AND {_alive_at_end(alias)}"


def _households_count(vendor: str) -> tuple[str, str]:
    """The households of ``_households`` without working out every member's migration state,
    as two parts whose weights add up to them:

    - the households with a member living and registered here as the register says (1);
    - the households whose members with registration events (迁入, 迁出: flows do not change
      where one is registered) are living and registered here by their events (te) otherwise
      than by the register (tr): the difference te − tr (−1 or 1), unless a member without
      such events counts the household anyway.

    On PostgreSQL the first part reads the members of every village in household order off
    person_household_state (see ``Source.planner_off``), their households' villages chosen
    after counting; on SQLite each household of the villages looks its members up in that index.
    """
    if vendor == "postgresql":
        by_register = (
            "SELECT h.village_id, 1 AS w FROM (SELECT p.household_id FROM register_person p"
            f" WHERE p.household_id IS NOT NULL AND {_alive_registered_here('p')} GROUP BY p.household_id) q"
            " JOIN register_household h ON h.id = q.household_id"  # (of every village: see Source.count_sql)
        )
    else:
        by_register = (
            f"SELECT h.village_id, 1 AS w FROM register_household h WHERE h.village_id IN {VILLAGES} AND EXISTS"
            f" (SELECT 1 FROM register_person p WHERE p.household_id = h.id AND {_alive_registered_here('p')})"
        )
    by_events = f"{_ALIVE_REGISTERED} AND {_registered('reg_e')}"
    moved = (
        f"SELECT p.household_id, MAX(CASE WHEN {by_events} THEN 1 ELSE 0 END) AS te,"
        f" MAX(CASE WHEN {_alive_registered_here('p')} THEN 1 ELSE 0 END) AS tr"
        f" FROM ({_migration_state(start=False, residence=False)}) st {person_looked_up('st.person_id')}"
        " WHERE p.household_id IS NOT NULL GROUP BY p.household_id"
    )
    unmoved_counts = (
        f"EXISTS (SELECT 1 FROM register_person o WHERE o.household_id = h.id AND {_alive_registered_here('o')}"
        f" AND NOT EXISTS (SELECT 1 FROM register_migration m WHERE m.person_id = o.id AND m.direction IN {_REGISTRATION}))"
    )
    corrected = (
        f"SELECT h.village_id, CASE WHEN {unmoved_counts} THEN 0 ELSE g.te - g.tr END AS w"
        f" FROM ({moved}) g CROSS JOIN register_household h"
        f" WHERE h.id = g.household_id AND g.te <> g.tr AND h.village_id IN {VILLAGES}"
    )
    return by_register, corrected


def _births() -> str:
    limit = ("(SELECT pl.max_parity FROM indicators_policylimit pl WHERE pl.start <= b.birth_date"
             " ORDER BY pl.start DESC LIMIT 1)")
    return (
        "SELECT b.id AS record_id, b.mother_id AS person_id, b.village_id, b.birth_date AS day, b.report_date, "
        "b.sex, b.parity, b.live_birth, b.birth_weight_g, b.delivery_place, "
        f"COALESCE({limit}, 99) AS max_parity "
        "FROM register_birth b "
        f"WHERE b.village_id IN {VILLAGES} AND b.birth_date >= %(S)s AND b.birth_date <= %(E)s"
    )


PREGNANCY_DAYS = 42 * 7  # "the pregnancy": 42 weeks before the birth up to the birth
POSTPARTUM_DAYS = 28
PUERPERIUM_DAYS = 42  # high-risk management may continue to the end of the puerperium


def _deliveries() -> str:
    """One row per delivery with a live birth in the period (twins are one delivery), with
    the mother's services in the pregnancy window and after the birth."""
    services = ("pregnancy_registration", "prenatal_visit", "postpartum_visit", "high_risk_identified",
                "high_risk_managed")
    svc = {code: f"%(svc_{code})s" for code in services}
    born, window_start = "b.birth_date", add_days("b.birth_date", -PREGNANCY_DAYS)
    in_pregnancy = f"s.date <= {born}"
    return (
        "SELECT MIN(b.id) AS record_id, b.mother_id AS person_id, MIN(b.village_id) AS village_id, "
        f"{born} AS day, "
        f"MAX(CASE WHEN s.service_id = {svc['pregnancy_registration']} AND s.value < 13 AND {in_pregnancy}"
        " THEN 1 ELSE 0 END) AS early, "
        f"COUNT(DISTINCT CASE WHEN s.service_id = {svc['prenatal_visit']} AND {in_pregnancy} THEN s.id END)"
        " AS prenatal, "
        f"MAX(CASE WHEN s.service_id = {svc['postpartum_visit']} AND s.date > {born}"
        f" AND s.date <= {add_days(born, POSTPARTUM_DAYS)} THEN 1 ELSE 0 END) AS postpartum, "
        f"MAX(CASE WHEN s.service_id = {svc['high_risk_identified']} THEN 1 ELSE 0 END) AS risk_found, "
        f"MAX(CASE WHEN s.service_id = {svc['high_risk_managed']} THEN 1 ELSE 0 END) AS risk_managed "
        "FROM register_birth b "
        + records_looked_up("care_servicerecord", "s", "s.id, s.service_id, s.date, s.value",
                            f"s.person_id = b.mother_id AND s.service_id IN ({', '.join(svc.values())})"
                            f" AND s.date >= {window_start} AND s.date <= {add_days(born, PUERPERIUM_DAYS)}")
        + " WHERE b.live_birth AND b.birth_date >= %(S)s AND b.birth_date <= %(E)s "
        f"GROUP BY b.mother_id, {born} "
        f"HAVING MIN(b.village_id) IN {VILLAGES}"
    )


def _deaths() -> str:
    return (
        "SELECT d.id AS record_id, d.person_id, p.village_id, d.death_date AS day, d.maternal_death, d.report_date, "
        f"{days_between('d.death_date', 'p.birth_date')} AS age_days, "
        f"{age_years('p.birth_date', 'd.death_date')} AS age_years "
        # Events of a period are few beside the register: read them first, then look their
        # persons up (else SQLite walks a million persons by village, probing each for an
        # event, and PostgreSQL hashes them all).
        f"FROM register_death d {person_looked_up('d.person_id')} "
        f"WHERE p.village_id IN {VILLAGES} AND d.death_date >= %(S)s AND d.death_date <= %(E)s"
    )


def _marrying() -> str:
    """Persons with a marriage in the period; checked: a premarital check-up in the year up to it."""
    return (
        "SELECT MIN(m.id) AS record_id, m.person_id, p.village_id, MIN(m.date) AS day, "
        "MAX(CASE WHEN s.id IS NULL THEN 0 ELSE 1 END) AS checked "
        f"FROM register_marriage m {person_looked_up('m.person_id')} "  # events first: see _deaths
        "LEFT JOIN care_servicerecord s ON s.person_id = m.person_id "
        "AND s.service_id = %(svc_premarital_checkup)s "
        f"AND s.date <= m.date AND s.date > {add_days('m.date', -365)} "
        f"WHERE m.event = 'marriage' AND m.date >= %(S)s AND m.date <= %(E)s "
        f"AND p.village_id IN {VILLAGES} "
        "GROUP BY m.person_id, p.village_id"
    )


TASK_SERVICES = ("premarital_checkup", "cervical_cancer_screening", "breast_cancer_screening", "folic_acid",
                 "elderly_health_check", "elderly_insurance")


def _served(vendor: str, filtered: bool = True) -> str:
    """Distinct persons per service task in the period, each in the village of their first
    record of the task in the period (a person has one record of a task a day: ``service_key``).
    Not `filtered`, of every village: for counting, whose villages are chosen after grouping
    (a county's 361,000 first records each tested for their village took a fifth of the time)."""
    items = ", ".join(f"%(svc_{code})s" for code in TASK_SERVICES)
    in_period = f"s.service_id IN ({items}) AND s.date >= %(S)s AND s.date <= %(E)s"
    if vendor == "postgresql":
        first = ("SELECT DISTINCT ON (s.service_id, s.person_id) s.id AS record_id, s.person_id, s.village_id,"
                 f" s.date AS day, s.service_id FROM care_servicerecord s WHERE {in_period}"
                 " ORDER BY s.service_id, s.person_id, s.date")
        return f"SELECT f.* FROM ({first}) f" + (f" WHERE f.village_id IN {VILLAGES}" if filtered else "")
    # SQLite takes the bare columns of a query with a single MIN() from the row holding the minimum.
    return (
        "SELECT s.id AS record_id, s.person_id, s.village_id, MIN(s.date) AS day, s.service_id "
        f"FROM care_servicerecord s WHERE {in_period} GROUP BY s.service_id, s.person_id"
        + (f" HAVING s.village_id IN {VILLAGES}" if filtered else "")
    )


def _couples() -> str:
    """Distinct couples with a pre-pregnancy check-up (either spouse's record) in the period,
    each in the village of the couple's first record (the lower id of one day's)."""
    first = "CASE WHEN s.partner_id IS NULL OR s.person_id < s.partner_id THEN s.person_id ELSE s.partner_id END"
    second = "CASE WHEN s.partner_id IS NULL OR s.person_id < s.partner_id THEN s.partner_id ELSE s.person_id END"
    return (
        "SELECT c.record_id, c.person_id, c.village_id, c.day "
        f"FROM (SELECT s.id AS record_id, s.village_id, s.date AS day, {first} AS person_id,"
        f" ROW_NUMBER() OVER (PARTITION BY {first}, {second} ORDER BY s.date, s.id) AS n"
        " FROM care_servicerecord s WHERE s.service_id = %(svc_pre_pregnancy_checkup)s"
        " AND s.date >= %(S)s AND s.date <= %(E)s) c "
        f"WHERE c.n = 1 AND c.village_id IN {VILLAGES}"
    )


def _doses() -> str:
    return (
        "SELECT s.id AS record_id, s.person_id, s.village_id, s.date AS day, s.result "
        "FROM care_servicerecord s WHERE s.service_id = %(svc_immunization)s "
        f"AND s.date >= %(S)s AND s.date <= %(E)s AND s.village_id IN {VILLAGES}"
    )


def _activities() -> str:
    """The aggregate activity figures (汇总数据) whose span lies within the period, of every
    division under the one asked for.  A figure of a division above the villages (the
    township office's own meetings) is attributed to that division: it counts in its totals
    and in no village's row."""
    return (
        "SELECT v.id AS record_id, CAST(NULL AS INTEGER) AS person_id, v.org_id AS village_id, v.start AS day, "
        "e.code AS element, v.value AS w, e.name || '（' || v.period || '）' AS label "
        "FROM care_datavalue v JOIN care_dataelement e ON e.id = v.data_element_id "
        f'WHERE v.org_id IN {VILLAGES} AND v.start >= %(S)s AND v."end" <= %(E)s'
    )


# Conditions on the persons source, at the period end (E) and at its start (S1).
ALIVE_E = "x.death_date IS NULL OR x.death_date > %(E)s"
ALIVE_S = "x.birth_date <= %(S1)s AND (x.death_date IS NULL OR x.death_date > %(S1)s)"
RESIDENT_E = f"({ALIVE_E}) AND (x.reg_e AND x.res_e <> 'away' OR x.res_e = 'incomer')"
# (The sources of women, children and the elderly hold only persons of those ages.)
MARRIED_WOMEN_15_49 = f"{RESIDENT_E} AND x.marital_status IN ('first', 'remarried')"
UNDER_7 = RESIDENT_E
UNDER_3, UNDER_5 = (f"{RESIDENT_E} AND x.birth_date > %({n})s" for n in ("E_3y", "E_5y"))
MALNOURISHED = "('中度营养不良', '重度营养不良')"
LIVE = "x.live_birth"
# Reported late (DOMAIN.md §9): the report date more than 30 days after the event.
LATE_DAYS = 30
REPORTED_LATE = f"x.report_date IS NOT NULL AND x.report_date > {add_days('x.day', LATE_DAYS)}"
PARITY_2PLUS = f"{LIVE} AND x.parity >= 2"

@functools.cache
def _sources(vendor: str) -> dict[str, Source]:
    """The sources in the SQL of one database vendor (see ``sql.py``)."""
    sources = (
        Source("population", "人员", _population(), count_sql=_population_count(),
               planner_off=("enable_hashagg", "enable_hashjoin")),
        Source("households", "户", _households(), count_sql=_households_count(vendor), weighted=True,
               planner_off=("enable_hashagg",)),
        Source("children", "儿童", _children(), ("child_health_check",)),
        Source("women", "育龄妇女", _women(), ("contraception_service",)),
        Source("elderly", "老年人", _elderly(), ("elderly_insurance",)),
        Source("first_marriages", "初婚女性", _first_marriages()),
        Source("births", "出生", _births()),
        Source("deliveries", "分娩", _deliveries(),
               ("pregnancy_registration", "prenatal_visit", "postpartum_visit", "high_risk_identified",
                "high_risk_managed")),
        Source("deaths", "死亡", _deaths()),
        Source("marrying", "结婚登记", _marrying(), ("premarital_checkup",)),
        Source("served", "服务对象", _served(vendor), TASK_SERVICES, count_sql=_served(vendor, filtered=False)),
        Source("couples", "夫妇", _couples(), ("pre_pregnancy_checkup",)),
        Source("doses", "接种剂次", _doses(), ("immunization",)),
        Source("activities", "汇总数据", _activities(), weighted=True, amounts=True),
    )
    return {source.code: source for source in sources}


def source(code: str) -> Source:
    return _sources(connection.vendor)[code]


@dataclass(frozen=True)
class Group:
    """Sources counted together, in one pass, by the counting source `counted`: a member's
    measures count the rows meeting its condition (on the combined rows ``x``) and their own."""
    counted: Source
    members: dict[str, str]  # source code: the condition selecting its rows


@functools.cache
def _groups(vendor: str) -> dict[str, Group]:
    """On PostgreSQL the population, the women and the elderly are one pass over the register
    (each of their own queries is mostly the same read of person_state_cover: about 0.55 +
    0.25 + 0.3 s of work for a county's million persons, 0.85 s together). SQLite, which meets
    its speed goal with one query per source, keeps them."""
    if vendor != "postgresql":
        return {}
    counted = Source("persons", "人员", _population(), ("contraception_service", "elderly_insurance"),
                     count_sql=_persons_count_postgresql(),
                     planner_off=("enable_hashagg", "enable_hashjoin"))
    return {"persons": Group(counted, {"population": "", "women": "x.in_women", "elderly": "x.in_elderly"})}


def group_of(source_code: str) -> str | None:
    """The group a source is counted in on this database, if any."""
    return next((code for code, group in _groups(connection.vendor).items() if source_code in group.members), None)


def group(code: str) -> Group:
    return _groups(connection.vendor)[code]


def _served_measure(code: str, service: str) -> Measure:
    return Measure(code, "served", f"x.service_id = %(svc_{service})s")


def _activity_measure(element: str) -> Measure:
    """The sum of one data element's figures (a catalog code, written into the SQL as a constant)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", element):
        raise ValueError(f"not a data element code: {element!r}")
    return Measure(element, "activities", f"x.element = '{element}'")


_MEASURE_LIST = (
    # persons at the period end and start
    Measure("population_registered", "population", f"({ALIVE_E}) AND x.reg_e"),
    Measure("population_registered_start", "population", f"{ALIVE_S} AND x.reg_s"),
    Measure("population_resident", "population", RESIDENT_E),
    Measure("migrants_in", "population", f"({ALIVE_E}) AND x.res_e = 'incomer'"),
    Measure("migrants_out", "population", f"({ALIVE_E}) AND x.reg_e AND x.res_e = 'away'"),
    Measure("households", "households"),
    Measure("women_15_49", "women", RESIDENT_E),
    Measure("married_women_15_49", "women", MARRIED_WOMEN_15_49),
    Measure("contracepting_women_15_49", "women", f"{MARRIED_WOMEN_15_49} AND x.contracepting"),
    Measure("first_marriages_female", "first_marriages"),
    Measure("children_0_6", "children", UNDER_7),
    Measure("children_0_6_checked", "children", f"{UNDER_7} AND x.checks >= 1"),
    Measure("children_0_2", "children", UNDER_3),
    Measure("children_0_2_managed", "children",
            f"{UNDER_3} AND (x.birth_date > %(E_1y)s AND x.checks >= %(req_infant)s"
            " OR x.birth_date <= %(E_1y)s AND x.checks >= %(req_toddler)s)"),
    Measure("children_under5_checked", "children", f"{UNDER_5} AND x.checks >= 1"),
    Measure("children_under5_malnourished", "children",
            f"{UNDER_5} AND x.checks >= 1 AND substr(x.last_check, 11) IN {MALNOURISHED}"),
    Measure("persons_60plus", "elderly", RESIDENT_E),
    Measure("insured_60plus", "elderly", f"{RESIDENT_E} AND x.insured"),
    # births in the period
    Measure("births", "births", LIVE),
    Measure("births_male", "births", f"{LIVE} AND x.sex = 1"),
    Measure("births_female", "births", f"{LIVE} AND x.sex = 2"),
    Measure("births_parity_1", "births", f"{LIVE} AND x.parity = 1"),
    Measure("births_parity_2", "births", f"{LIVE} AND x.parity = 2"),
    Measure("births_parity_3plus", "births", f"{LIVE} AND x.parity >= 3"),
    Measure("births_parity_2plus_male", "births", f"{PARITY_2PLUS} AND x.sex = 1"),
    Measure("births_parity_2plus_female", "births", f"{PARITY_2PLUS} AND x.sex = 2"),
    Measure("births_policy", "births", f"{LIVE} AND x.parity <= x.max_parity"),
    Measure("births_institutional", "births", f"{LIVE} AND x.delivery_place IN ('hospital', 'health_centre')"),
    Measure("births_weighed", "births", f"{LIVE} AND x.birth_weight_g IS NOT NULL"),
    Measure("births_low_weight", "births", f"{LIVE} AND x.birth_weight_g < 2500"),
    Measure("stillbirths", "births", f"NOT {LIVE}"),
    Measure("births_reported_late", "births", REPORTED_LATE),
    # deliveries with a live birth in the period ("mothers")
    Measure("mothers_early_registered", "deliveries", "x.early = 1"),
    Measure("mothers_prenatal", "deliveries", "x.prenatal >= 1"),
    Measure("mothers_postpartum", "deliveries", "x.postpartum = 1"),
    Measure("mothers_systematic", "deliveries", "x.early = 1 AND x.prenatal >= 5 AND x.postpartum = 1"),
    Measure("mothers_high_risk", "deliveries", "x.risk_found = 1"),
    Measure("mothers_high_risk_managed", "deliveries", "x.risk_found = 1 AND x.risk_managed = 1"),
    # deaths in the period
    Measure("deaths", "deaths"),
    Measure("maternal_deaths", "deaths", "x.maternal_death"),
    Measure("deaths_neonatal", "deaths", "x.age_days <= 27"),
    Measure("deaths_infant", "deaths", "x.age_years < 1"),
    Measure("deaths_under5", "deaths", "x.age_years < 5"),
    Measure("deaths_reported_late", "deaths", REPORTED_LATE),
    # service tasks
    Measure("persons_marrying", "marrying"),
    Measure("persons_marrying_checked", "marrying", "x.checked = 1"),
    _served_measure("premarital_checkups", "premarital_checkup"),
    _served_measure("cervical_screenings", "cervical_cancer_screening"),
    _served_measure("breast_screenings", "breast_cancer_screening"),
    _served_measure("folic_acid_women", "folic_acid"),
    _served_measure("elderly_health_checks", "elderly_health_check"),
    _served_measure("elderly_insurance_enrolled", "elderly_insurance"),
    Measure("pre_pregnancy_checkup_couples", "couples"),
    Measure("immunizations", "doses"),
    # aggregate activity figures of the period
    *(_activity_measure(item.code) for item in DATA_ELEMENTS),
)
MEASURES: dict[str, Measure] = {measure.code: measure for measure in _MEASURE_LIST}

VACCINE_PREFIX = "immunizations:"


def measure(code: str) -> Measure:
    """A measure by code; ``immunizations:BCG`` is the doses of one vaccine."""
    if code in MEASURES:
        return MEASURES[code]
    if code.startswith(VACCINE_PREFIX):
        # The vaccine travels as a parameter named after the measure (see engine.parameters).
        return Measure(code, "doses", f"x.result = %({vaccine_parameter(code)})s")
    raise KeyError(code)


def vaccine_parameter(code: str) -> str:
    return "vaccine_" + code[len(VACCINE_PREFIX):].replace("-", "_")
