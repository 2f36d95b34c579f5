"""``core_user_*``: create (all or nothing), update (warnings per user), get."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lms_bridge.testing.errors import FakeMoodleException, invalid_parameter
from lms_bridge.testing.handlers.common import user_description
from lms_bridge.testing.params import Multiple, Single, Spec, Value, default, optional, validate
from lms_bridge.testing.state import User

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle

_TEXT_FIELDS = ("password", "maildisplay", "city", "country", "timezone", "description",
                "firstnamephonetic", "lastnamephonetic", "middlename", "alternatename",
                "interests", "institution", "department", "phone1", "phone2", "address",
                "theme", "calendartype")
_STORED = ("auth", "idnumber", "lang", "city", "country", "timezone", "department",
           "institution", "password", "firstname", "lastname", "email", "username")
_AUTHS = {"manual", "nologin", "email", "ldap", "cas", "oauth2", "db", "shibboleth", "saml2"}


def _pairs(key: str) -> Spec:
    return optional(Multiple(Single({key: Value("alphanumext" if key == "type" else "text"),
                                     "value": Value("text")})))


def _user_fields(create: bool) -> dict[str, Spec]:
    fields: dict[str, Spec] = {name: optional(Value("text")) for name in _TEXT_FIELDS}
    fields["mailformat"] = optional(Value("int"))
    fields["customfields"] = _pairs("type")
    fields["preferences"] = _pairs("type")
    if create:
        fields.update({
            "createpassword": optional(Value("bool")),
            "username": Value("username"), "auth": default(Value("alphanumext"), "manual"),
            "firstname": Value("text"), "lastname": Value("text"), "email": Value("email"),
            "idnumber": default(Value("text"), ""), "lang": optional(Value("alphanumext")),
        })
    else:
        fields.update({
            "id": Value("int"), "username": optional(Value("username")),
            "auth": optional(Value("alphanumext")), "suspended": optional(Value("bool")),
            "firstname": optional(Value("text")), "lastname": optional(Value("text")),
            "email": optional(Value("email")), "idnumber": optional(Value("text")),
            "lang": optional(Value("alphanumext")), "userpicture": optional(Value("int")),
        })
    return fields


def _password_problems(password: str) -> list[str]:
    rules = [
        (len(password) >= 8, "Passwords must be at least 8 characters long."),
        (re.search(r"\d", password) is not None, "Passwords must have at least 1 digit(s)."),
        (re.search(r"[a-z]", password) is not None,
         "Passwords must have at least 1 lower case letter(s)."),
        (re.search(r"[A-Z]", password) is not None,
         "Passwords must have at least 1 upper case letter(s)."),
        (re.search(r"[^A-Za-z0-9]", password) is not None,
         "The password must have at least 1 special character(s) such as *, -, or #."),
    ]
    return [message for ok, message in rules if not ok]


def create_users(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    pending: list[User] = []
    next_id = fake.state.next_ids.get("user", 3)
    # one pass over the site per call, not per row: a 10,000-user sync creates users in batches
    usernames = {u.username for u in fake.state.users.values()}
    emails = {u.email.lower() for u in fake.state.users.values()}
    for row in params["users"]:
        for name in ("username", "firstname", "lastname"):
            if row[name].strip() == "":
                raise invalid_parameter(f"The field {name} cannot be blank")
        if row["username"] in usernames:
            raise invalid_parameter(f"Username already exists: {row['username']}")
        if row["auth"] not in _AUTHS:
            raise invalid_parameter(f"Invalid authentication type: {row['auth']}")
        if row["auth"] == "manual" and not row.get("password") and not row.get("createpassword"):
            raise invalid_parameter("Invalid password: you must provide a password, or set "
                                    "createpassword.")
        if not row["email"]:
            raise invalid_parameter(f"Email address is invalid: {row['email']}")
        if not fake.allow_accounts_same_email and row["email"].lower() in emails:
            raise invalid_parameter(f"Email address already exists: {row['email']}")
        if row.get("password") and row["auth"] == "manual":
            problems = _password_problems(row["password"])
            if problems:
                text = "".join(f"<div>{p}</div>" for p in problems)
                raise FakeMoodleException(text, "error/" + text)
        user = User(id=next_id, **{k: row[k] for k in _STORED if row.get(k) is not None})
        user.customfields = {c["type"]: c["value"] for c in row.get("customfields", [])}
        user.preferences = {p["type"]: p["value"] for p in row.get("preferences", [])}
        pending.append(user)
        usernames.add(user.username)
        emails.add(user.email.lower())
        next_id += 1
    for user in pending:
        fake.state.users[user.id] = user
    fake.state.next_ids["user"] = next_id
    return [{"id": u.id, "username": u.username} for u in pending]


def update_users(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    warnings: list[dict[str, Any]] = []
    # who holds each address, kept current as rows change emails (a later row sees earlier ones)
    holders: dict[str, set[int]] = {}
    for existing in fake.state.users.values():
        holders.setdefault(existing.email.lower(), set()).add(existing.id)

    def warn(uid: int, code: str, message: str) -> None:
        warnings.append({"item": "user", "itemid": uid, "warningcode": code, "message": message})

    for row in params["users"]:
        user = fake.state.users.get(row["id"])
        if user is None:
            warn(row["id"], "invaliduserid", "Invalid user ID")
            continue
        if "email" in row:
            if not row["email"]:
                warn(user.id, "useremailinvalid", "Invalid email address")
                continue
            if not fake.allow_accounts_same_email \
                    and holders.get(row["email"].lower(), set()) - {user.id}:
                warn(user.id, "useremailduplicate", "Duplicate address")
                continue
            holders[user.email.lower()].discard(user.id)
            holders.setdefault(row["email"].lower(), set()).add(user.id)
        for key in (*_STORED, "suspended"):
            if key in row:
                setattr(user, key, row[key])
        user.customfields.update({c["type"]: c["value"] for c in row.get("customfields", [])})
        user.preferences.update({p["type"]: p["value"] for p in row.get("preferences", [])})
    return {"warnings": warnings}


_BY_FIELD_TYPES = {"id": "int", "idnumber": "text", "username": "username", "email": "email"}


def get_users_by_field(fake: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
    field = params["field"]
    if field not in _BY_FIELD_TYPES:
        raise invalid_parameter(f"The search field '{field}' is not supported, look at the web "
                                "service documentation")
    wanted: set[Any] = set()
    for value in params["values"]:
        try:
            wanted.add(validate(Value(_BY_FIELD_TYPES[field]), value))
        except FakeMoodleException:
            raise invalid_parameter(f"The field '{field}' value is invalid: {value}") from None
    users = [u for u in fake.state.users.values() if getattr(u, field) in wanted]
    return [user_description(fake, u) for u in sorted(users, key=lambda u: u.id)]


def get_users(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    seen: set[str] = set()
    matches = list(fake.state.users.values())
    for criterion in params["criteria"]:
        key, value = criterion["key"], criterion["value"]
        if key in seen:
            raise FakeMoodleException("keyalreadyset", f"Key {key} is already set")
        seen.add(key)
        if key not in ("id", "lastname", "firstname", "idnumber", "username", "email", "auth"):
            raise invalid_parameter(f"The search key '{key}' is not supported")
        pattern = re.compile("^" + ".*".join(map(re.escape, value.split("%"))) + "$", re.I)
        matches = [u for u in matches if pattern.match(str(getattr(u, key)))]
    return {"users": [user_description(fake, u) for u in sorted(matches, key=lambda u: u.id)],
            "warnings": []}


def register(fake: FakeMoodle) -> None:
    fake.register_function("core_user_create_users", create_users,
                           Single({"users": Multiple(Single(_user_fields(create=True)))}))
    fake.register_function("core_user_update_users", update_users,
                           Single({"users": Multiple(Single(_user_fields(create=False)))}))
    fake.register_function("core_user_get_users_by_field", get_users_by_field, Single({
        "field": Value("text"), "values": Multiple(Value("text"))}))
    fake.register_function("core_user_get_users", get_users, Single({
        "criteria": Multiple(Single({"key": Value("text"), "value": Value("text")}))}))
