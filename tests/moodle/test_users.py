from __future__ import annotations

import pytest
from pydantic import ValidationError

from lms_bridge.moodle import errors as E
from lms_bridge.moodle.models import NameValue
from lms_bridge.moodle.users import NewUser, UserUpdate
from lms_bridge.testing import FakeMoodle


def _new(username: str, email: str | None = None) -> NewUser:
    return NewUser(username=username, firstname="Ana", lastname="Hoxha",
                   email=email or f"{username}@example.org", password="Pw#2026secret")


def test_create_then_get_many_by_field_in_one_call(fake_moodle: FakeMoodle) -> None:
    moodle = fake_moodle.client()
    created = moodle.users.create([
        _new("ana.hoxha").model_copy(update={"customfields": [NameValue(type="dept",
                                                                        value="Finance")]}),
        _new("ivan.petrov")])
    assert [u.username for u in created] == ["ana.hoxha", "ivan.petrov"]
    found = moodle.users.get_by_field("username", ["ana.hoxha", "ivan.petrov", "nobody"])
    assert [u.id for u in found] == [c.id for c in created]
    assert found[0].customfields[0].shortname == "dept"
    assert len(fake_moodle.calls_to("core_user_get_users_by_field")) == 1


def test_duplicate_username_rolls_back_the_whole_batch(fake_moodle: FakeMoodle) -> None:
    fake_moodle.add_user("ana.hoxha")
    moodle = fake_moodle.client()
    with pytest.raises(E.InvalidParameter, match="Invalid parameter value detected"):
        moodle.users.create([_new("besa.k"), _new("ana.hoxha", "other@example.org")])
    assert moodle.users.get_by_field("username", ["besa.k"]) == []


def test_duplicate_email_reason_only_with_debugging(fake_moodle: FakeMoodle) -> None:
    fake_moodle.add_user("ana.hoxha", email="ana@example.org")
    fake_moodle.debugging = True
    with pytest.raises(E.InvalidParameter, match=r"already exists: ANA@example\.org"):
        fake_moodle.client().users.create([_new("other", "ANA@example.org")])


def test_client_refuses_what_moodle_would_reject_before_sending() -> None:
    with pytest.raises(ValidationError, match="lower case"):
        _new("Ana.Hoxha")
    with pytest.raises(ValidationError, match="valid email"):
        _new("ana", "not-an-email")
    with pytest.raises(ValidationError, match="nosuchfield"):
        NewUser.model_validate({"username": "a", "firstname": "A", "lastname": "B",
                                "email": "a@b.org", "nosuchfield": "x"})


def test_fake_rejects_upper_case_username_and_unknown_key_like_moodle(
        fake_moodle: FakeMoodle) -> None:
    fake_moodle.debugging = True
    moodle = fake_moodle.client()
    user = {"username": "Lab.Upper", "firstname": "U", "lastname": "P",
            "email": "u@example.org", "password": "Pw#2026secret"}
    with pytest.raises(E.InvalidParameter, match='expecting "username" type'):
        moodle.call("core_user_create_users", users=[user])
    with pytest.raises(E.InvalidParameter, match=r"Unexpected keys \(bogus\)"):
        moodle.call("core_user_create_users", users=[{**user, "username": "ok", "bogus": 1}])
    with pytest.raises(E.InvalidParameter, match="Missing required key in single structure: "
                                                 "email"):
        moodle.call("core_user_create_users", users=[{"username": "x", "firstname": "X",
                                                      "lastname": "Y"}])


def test_update_suspends_and_reports_warnings(fake_moodle: FakeMoodle) -> None:
    ana = fake_moodle.add_user("ana.hoxha", email="ana@example.org")
    ivan = fake_moodle.add_user("ivan.petrov")
    moodle = fake_moodle.client()
    assert moodle.users.set_suspended([ana.id]) == []
    assert fake_moodle.state.users[ana.id].suspended is True
    warnings = moodle.users.update([UserUpdate(id=ivan.id, email="ana@example.org"),
                                    UserUpdate(id=999, firstname="Ghost")])
    assert [(w.itemid, w.warningcode) for w in warnings] == [(ivan.id, "useremailduplicate"),
                                                             (999, "invaliduserid")]
    assert fake_moodle.state.users[ivan.id].email == "ivan.petrov@example.org"


def test_update_sees_addresses_changed_by_earlier_rows(fake_moodle: FakeMoodle) -> None:
    """Moodle updates row by row: an address freed by one row can be taken by the next, and an
    address taken by one row is a duplicate for the next."""
    ana = fake_moodle.add_user("ana", email="ana@example.org")
    ivan = fake_moodle.add_user("ivan", email="ivan@example.org")
    besa = fake_moodle.add_user("besa", email="besa@example.org")
    warnings = fake_moodle.client().users.update([
        UserUpdate(id=ana.id, email="new@example.org"),
        UserUpdate(id=ivan.id, email="ANA@example.org"),
        UserUpdate(id=besa.id, email="new@example.org")])
    assert [(w.itemid, w.warningcode) for w in warnings] == [(besa.id, "useremailduplicate")]
    assert [fake_moodle.state.users[u.id].email for u in (ana, ivan, besa)] == [
        "new@example.org", "ANA@example.org", "besa@example.org"]


def test_search_with_wildcards(fake_moodle: FakeMoodle) -> None:
    fake_moodle.add_user("ana", email="ana@tirana.al")
    fake_moodle.add_user("besa", email="besa@prishtina.ks")
    found = fake_moodle.client().users.search(email="%@tirana.al")
    assert [u.username for u in found] == ["ana"]


def test_big_lookups_are_chunked_under_max_input_vars(fake_moodle: FakeMoodle) -> None:
    for i in range(120):
        fake_moodle.add_user(f"user{i}")
    moodle = fake_moodle.client(max_input_vars=54)
    found = moodle.users.get_by_field("username", [f"user{i}" for i in range(120)])
    assert len(found) == 120
    calls = fake_moodle.calls_to("core_user_get_users_by_field")
    assert len(calls) == 3 and all(c.fields <= 54 for c in calls)


def test_duplicates_inside_a_batch_are_refused_before_sending(fake_moodle: FakeMoodle) -> None:
    from lms_bridge.exceptions import InputError

    with pytest.raises(InputError) as info:
        fake_moodle.client().users.create([_new("ana"), _new("besa", "ANA@example.org"),
                                           _new("ana", "x@example.org")])
    assert [str(p) for p in info.value.problems] == [
        "users[2]: username: same username as users[0] (ana)",
        "users[1]: email: same email as users[0] (ANA@example.org)"]
    assert fake_moodle.calls == []
