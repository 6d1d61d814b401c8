"""Issue 11.11: at least 12 characters, no common or name-like password, not the current one again."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db
CHANGE = "/accounts/password/change/"


def errors(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [e.code for e in exc.error_list]
    return []


def test_it_refuses_passwords_shorter_than_12_characters():
    assert "password_too_short" in errors("Ab-3xY!9qL")  # 10 characters, otherwise strong
    assert errors("Ab-3xY!9qLz#") == []  # 12


def test_it_refuses_common_and_numeric_passwords():
    assert "password_too_common" in errors("password1234")
    assert "password_entirely_numeric" in errors("839201748392")


def test_it_refuses_a_password_like_the_user_name(cast):
    assert "password_too_similar" in errors("province_officer", cast.province_officer)


def test_it_refuses_the_current_password(cast):
    assert "password_reused" in errors(cast.password, cast.province_officer)
    assert errors("Mot-mat-khau-moi-2026", cast.province_officer) == []


def test_the_change_page_refuses_the_current_password_with_a_message(cast, login):
    c = login(cast.province_officer)
    response = c.post(
        CHANGE, {"old_password": cast.password, "new_password1": cast.password, "new_password2": cast.password}
    )
    assert response.status_code == 200
    assert "khác mật khẩu hiện tại" in response.content.decode()


def test_the_change_page_refuses_a_short_password(cast, login):
    c = login(cast.province_officer)
    response = c.post(
        CHANGE, {"old_password": cast.password, "new_password1": "Ng4n-qua!", "new_password2": "Ng4n-qua!"}
    )
    assert response.status_code == 200
    cast.province_officer.refresh_from_db()
    assert cast.province_officer.check_password(cast.password)
