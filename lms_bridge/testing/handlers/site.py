"""``core_webservice_get_site_info``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms_bridge.testing.params import Multiple, Single, Value, default

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


def site_info(fake: FakeMoodle, params: dict[str, Any]) -> dict[str, Any]:
    names = sorted(fake.functions if fake.service_functions is None
                   else set(fake.service_functions) & set(fake.functions))
    admin = fake.state.users.get(fake.admin_id)
    return {
        "sitename": fake.sitename, "username": admin.username if admin else "admin",
        "firstname": "Admin", "lastname": "User", "fullname": "Admin User", "lang": "en",
        "userid": fake.admin_id, "siteurl": fake.url,
        "userpictureurl": f"{fake.url}/theme/image.php/boost/core/1/u/f1",
        "functions": [{"name": n, "version": fake.version} for n in names],
        "downloadfiles": int(fake.downloadfiles), "uploadfiles": int(fake.uploadfiles),
        "release": fake.release, "version": fake.version, "mobilecssurl": "",
        "advancedfeatures": [{"name": "enablecompletion", "value": 1}],
        "usercanmanageownfiles": True, "userquota": 0, "usermaxuploadfilesize": -1,
        "userhomepage": 1, "userprivateaccesskey": "0" * 32, "siteid": 1,
        "sitecalendartype": "gregorian", "usercalendartype": "gregorian",
        "userissiteadmin": True, "theme": "boost", "limitconcurrentlogins": 0,
        "policyagreed": 0,
    }


def register(fake: FakeMoodle) -> None:
    fake.register_function("core_webservice_get_site_info", site_info, Single({
        "serviceshortnames": default(Multiple(Value("text")), []),
    }))
    fake.add_user("admin", firstname="Admin", lastname="User", email="admin@example.org",
                  id=fake.admin_id)
