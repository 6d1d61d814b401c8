"""Issue 11.6: error pages were bare English ("403 Forbidden", Django's defaults for 404/500). Each is now in the
site's layout, in Vietnamese (English for those who chose it), with a way back; the 500 page needs no database."""

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

LAYOUT = 'class="navbar navbar-expand-xl navbar-dark navbar-ocop"'


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "ocop.tests.error_urls"
    settings.DEBUG = False


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_404_page_is_vietnamese_in_the_layout_with_a_way_back(client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in html and "<h1" in html and "Không tìm thấy trang" in html
    assert f'href="{reverse("home")}"' in html and "Not Found" not in html


def test_the_404_page_speaks_english_to_those_who_chose_it(client):
    html = _english(client).get("/no-such-page/").content.decode()
    assert "Page not found" in html and "Không tìm thấy trang" not in html


@pytest.mark.parametrize("role", ["producer_owner", "commune_officer"])
def test_the_403_page_is_vietnamese_in_the_layout_with_a_way_back(cast, login, role):
    response = login(getattr(cast, role)).get(reverse("certificates:decision_list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert LAYOUT in html and "Không có quyền truy cập" in html and "403 Forbidden" not in html
    assert f'href="{reverse("home")}"' in html


def test_the_403_page_speaks_english_to_those_who_chose_it(cast, login):
    html = _english(login(cast.producer_owner)).get(reverse("certificates:decision_list")).content.decode()
    assert "Access denied" in html


def test_the_csrf_failure_page_says_what_to_do_in_vietnamese(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.province_officer)
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 403
    assert LAYOUT in html and "Phiên làm việc của biểu mẫu đã hết hạn" in html
    assert "CSRF verification failed" not in html


def test_the_csrf_failure_page_speaks_english(cast):
    client = _english(Client(enforce_csrf_checks=True))
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403 and "The form has expired" in response.content.decode()


def test_the_500_page_is_vietnamese_in_the_layout_without_a_database_query(failing_site, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert LAYOUT in html and "Đã có lỗi xảy ra" in html and "Server Error" not in html
    assert f'href="{reverse("home")}"' in html


def test_the_500_page_needs_no_database_even_for_a_signed_in_user(cast, failing_site, rf, django_assert_num_queries):
    request = rf.get("/boom/")
    request.user = cast.province_officer
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500 and "Đã có lỗi xảy ra" in response.content.decode()


def test_the_500_page_speaks_english_to_those_who_chose_it(failing_site):
    client = _english(Client(raise_request_exception=False))
    html = client.get("/boom/").content.decode()
    assert "Something went wrong" in html


def test_the_400_page_is_in_the_layout(settings, client):
    settings.DEBUG = False
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()


def test_too_many_files_in_one_sending_says_to_send_them_in_several(client):
    # Django refuses a sending of more than DATA_UPLOAD_MAX_NUMBER_FILES files; the page only said it did not
    # understand the request.
    from django.core.files.uploadedfile import SimpleUploadedFile

    photos = [SimpleUploadedFile(f"anh-{n}.jpg", b"x", content_type="image/jpeg") for n in range(101)]
    response = client.post(reverse("login"), {"username": "x", "file": photos})
    html = response.content.decode()
    assert response.status_code == 400 and LAYOUT in html
    assert "Mỗi lần gửi được tối đa 100 tệp" in html and "Máy chủ không hiểu yêu cầu này" not in html


def test_too_many_ticked_boxes_says_to_send_fewer(client):
    response = client.post(reverse("login"), {"username": "x", "certificates": list(range(1001))})
    assert response.status_code == 400 and "Mỗi lần gửi được tối đa 1000 mục" in response.content.decode()


def test_any_other_bad_request_keeps_the_general_words(client):
    response = client.get("/", HTTP_HOST="not-allowed.example")  # DisallowedHost
    html = response.content.decode()
    assert response.status_code == 400 and "Máy chủ không hiểu yêu cầu này" in html and "tối đa" not in html
