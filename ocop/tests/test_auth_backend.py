"""ocop.auth.UnitModelBackend: a signed-in user is read with their unit, in one query."""

from django.contrib.auth import load_backend
from django.urls import reverse

BACKEND = "ocop.auth.UnitModelBackend"


def test_the_user_comes_with_their_unit_in_one_query(cast, django_assert_num_queries):
    backend = load_backend(BACKEND)
    with django_assert_num_queries(1):
        user = backend.get_user(cast.province_officer.pk)
        assert user.unit == cast.province and user.province_id == cast.province.pk


def test_an_inactive_or_missing_user_is_nobody(cast):
    backend = load_backend(BACKEND)
    cast.viewer.is_active = False
    cast.viewer.save(update_fields=["is_active"])
    assert backend.get_user(cast.viewer.pk) is None
    assert backend.get_user(10**9) is None


def test_signing_in_stores_this_backend_and_a_page_reads_the_user_with_the_unit(cast, client):
    cast.province_officer.set_password("mật-khẩu-đủ-dài-2026")
    cast.province_officer.save()
    response = client.post(
        reverse("login"), {"username": cast.province_officer.username, "password": "mật-khẩu-đủ-dài-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == BACKEND
    page = client.get(reverse("products:product_list"))
    assert page.status_code == 200 and page.wsgi_request.user.unit == cast.province


def test_a_user_name_typed_in_another_case_signs_in(cast, client):
    response = client.post(reverse("login"), {"username": "Province_Officer", "password": cast.password})
    assert response.status_code == 302
    assert client.get(reverse("notification_list")).context["user"] == cast.province_officer


def test_a_user_name_with_capitals_of_its_own_is_matched_exactly(cast, client):
    from ocop.models import User

    lower = cast.viewer
    upper = User.objects.create_user(username="Viewer", password="mat-khau-rieng-2026", role="viewer")
    assert client.post(reverse("login"), {"username": "Viewer", "password": "mat-khau-rieng-2026"}).status_code == 302
    assert client.get(reverse("notification_list")).context["user"] == upper
    client.post(reverse("logout"))
    assert client.post(reverse("login"), {"username": "VIEWER", "password": cast.password}).status_code == 302
    assert client.get(reverse("notification_list")).context["user"] == lower


def test_failures_in_any_case_count_against_the_one_name(cast, client, settings):
    for typed in ["province_officer", "Province_officer", "PROVINCE_OFFICER", "province_Officer", "PROVINCE_officer"]:
        client.post(reverse("login"), {"username": typed, "password": "sai"})
    response = client.post(reverse("login"), {"username": "province_officer", "password": cast.password})
    assert response.status_code == 429
