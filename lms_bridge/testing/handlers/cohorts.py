"""``core_cohort_*``: create (all or nothing), get, search, add/delete/list members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms_bridge.testing.errors import invalid_parameter, missing_record
from lms_bridge.testing.params import Multiple, Single, Spec, Value, default, optional
from lms_bridge.testing.state import Cohort, User

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


def describe(cohort: Cohort, *, customfields: bool) -> dict[str, Any]:
    """A cohort as Moodle returns it; ``customfields`` exist in get/search answers since 4.2."""
    out: dict[str, Any] = {
        "id": cohort.id, "name": cohort.name, "idnumber": cohort.idnumber,
        "description": cohort.description, "descriptionformat": cohort.descriptionformat,
        "visible": cohort.visible, "theme": cohort.theme}
    if customfields:
        out["customfields"] = []
    return out


def create_cohorts(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    taken = {c.idnumber for c in fake.state.cohorts.values()}
    for row in params["cohorts"]:
        if row["categorytype"]["type"] not in ("system", "id", "idnumber"):
            raise invalid_parameter("category type must be id, idnumber or system")
        if row["idnumber"] in taken:
            raise invalid_parameter(f"record already exists: idnumber={row['idnumber']}")
        taken.add(row["idnumber"])
    created = []
    for row in params["cohorts"]:
        cohort = fake.add_cohort(row["idnumber"], row["name"],
                                 description=row.get("description", ""),
                                 descriptionformat=row["descriptionformat"],
                                 visible=row.get("visible", True), theme=row.get("theme", ""))
        created.append(describe(cohort, customfields=False))
    return created


def get_cohorts(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    ids = params["cohortids"] or sorted(fake.state.cohorts)
    out = []
    for cid in ids:
        if cid not in fake.state.cohorts:
            raise missing_record("cohort")
        out.append(describe(fake.state.cohorts[cid], customfields=fake.release_at_least(4, 2)))
    return out


def search_cohorts(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    if params["includes"] not in ("parents", "self", "all"):
        raise invalid_parameter("Invalid parameter value detected")
    query = params["query"].lower()
    found = [c for c in sorted(fake.state.cohorts.values(), key=lambda c: c.name)
             if query in c.name.lower() or query in c.idnumber.lower()
             or query in c.description.lower()]
    start = params["limitfrom"]
    page = found[start:start + params["limitnum"]]
    return {"cohorts": [describe(c, customfields=fake.release_at_least(4, 2)) for c in page]}


def add_members(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    warnings: list[dict[str, Any]] = []
    users_by: dict[str, dict[str, User]] = {}
    for row in params["members"]:
        ctype, cvalue = row["cohorttype"]["type"], row["cohorttype"]["value"]
        utype, uvalue = row["usertype"]["type"], row["usertype"]["value"]
        if ctype not in ("id", "idnumber") or utype not in ("id", "username"):
            warnings.append({"warningcode": "1", "message": "invalid parameter: cohorttype or "
                                                            "usertype"})
            continue
        cohort = next((c for c in fake.state.cohorts.values()
                       if str(getattr(c, ctype)) == cvalue), None)
        if cohort is None:
            warnings.append({"warningcode": "2",
                             "message": f"cohort {ctype}={cvalue} not exists"})
            continue
        if utype not in users_by:  # built once per call: batches of members, 10,000 users
            users_by[utype] = {}
            for candidate in fake.state.users.values():
                users_by[utype].setdefault(str(getattr(candidate, utype)), candidate)
        user = users_by[utype].get(uvalue)
        if user is None:
            warnings.append({"warningcode": "2", "message": f"user {utype}={uvalue} not exists"})
            continue
        if user.id in cohort.members:
            warnings.append({"warningcode": "3", "message": f"record already exists: cohort("
                             f"{ctype}={cvalue} {utype}={uvalue})"})
            continue
        cohort.members.append(user.id)
    return {"warnings": warnings}


def delete_members(fake: FakeMoodle, params: dict[str, Any]) -> None:
    for row in params["members"]:
        if row["cohortid"] not in fake.state.cohorts:
            raise missing_record("cohort")
        if row["userid"] not in fake.state.users:
            raise missing_record("user")
    for row in params["members"]:
        members = fake.state.cohorts[row["cohortid"]].members
        if row["userid"] in members:
            members.remove(row["userid"])


def get_members(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for cid in params["cohortids"]:
        if cid not in fake.state.cohorts:
            raise missing_record("cohort")
        out.append({"cohortid": cid, "userids": list(fake.state.cohorts[cid].members)})
    return out


def _typed() -> Single:
    return Single({"type": Value("text"), "value": Value("text")})


def register(fake: FakeMoodle) -> None:
    row: dict[str, Spec] = {
        "categorytype": _typed(), "name": Value("text"), "idnumber": Value("text"),
        "description": optional(Value("text")), "descriptionformat": default(Value("int"), 1),
        "visible": optional(Value("bool")), "theme": optional(Value("text"))}
    if fake.release_at_least(4, 2):
        row["customfields"] = optional(Multiple(Single({"shortname": Value("text"),
                                                        "value": Value("text")})))
    fake.register_function("core_cohort_create_cohorts", create_cohorts, Single({
        "cohorts": Multiple(Single(row))}))
    fake.register_function("core_cohort_get_cohorts", get_cohorts, Single({
        "cohortids": default(Multiple(Value("int")), [])}))
    fake.register_function("core_cohort_search_cohorts", search_cohorts, Single({
        "query": Value("text"),
        "context": Single({"contextid": optional(Value("int")),
                           "contextlevel": optional(Value("text")),
                           "instanceid": optional(Value("int"))}),
        "includes": default(Value("text"), "parents"),
        "limitfrom": default(Value("int"), 0), "limitnum": default(Value("int"), 25)}))
    fake.register_function("core_cohort_add_cohort_members", add_members, Single({
        "members": Multiple(Single({"cohorttype": _typed(), "usertype": _typed()}))}))
    fake.register_function("core_cohort_delete_cohort_members", delete_members, Single({
        "members": Multiple(Single({"cohortid": Value("int"), "userid": Value("int")}))}))
    fake.register_function("core_cohort_get_cohort_members", get_members, Single({
        "cohortids": Multiple(Value("int"))}))
