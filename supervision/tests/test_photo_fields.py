"""Every form that takes a photo checks it as the services store it (products.validators.validate_photo), so a file
that is no photo is refused beside its field in the same answer as the form's other errors. Checked only by the
service, which a form reaches once valid, it was answered "not saved because the form has errors: choose it again"
(ocop.forms.ask_to_choose_files_again) and refused only once chosen again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from products.forms import PhotoForm as ProductPhotoForm
from supervision.forms import OfficerComplaintForm, PhotoForm, PublicComplaintForm

from .factories import png

INVALID = "Tệp không phải là ảnh hợp lệ."


def fake():
    return SimpleUploadedFile("anh.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")


def forms_with(photo, *, user=None):
    too_long = "x" * 201  # a caption over its 200 characters: the form's own error beside the photo's
    return [
        (PublicComplaintForm({"text": ""}, MultiValueDict({"photo": [photo()]})), "photo"),
        (OfficerComplaintForm({"text": ""}, MultiValueDict({"photo": [photo()]}), user=user), "photo"),
        (ProductPhotoForm({"caption": too_long}, MultiValueDict({"image": [photo()]})), "image"),
        (PhotoForm({"caption": too_long}, MultiValueDict({"image": [photo()]})), "image"),
    ]


@pytest.mark.django_db
def test_a_file_that_is_no_photo_is_refused_with_the_forms_other_errors(cast):
    for form, field in forms_with(fake, user=cast.province_officer):
        assert not form.is_valid()
        assert form.errors[field] == [INVALID], type(form)
        assert len(form.errors) >= 2, (type(form), form.errors)  # the form's own error too, in the same answer


@pytest.mark.django_db
def test_a_real_photo_sent_with_another_error_is_asked_for_again(cast):
    for form, field in forms_with(png, user=cast.province_officer):
        assert not form.is_valid()
        assert "chọn lại tệp" in form.errors[field][0], (type(form), form.errors)
        assert form.files[field].tell() == 0  # read back to its start: the service reads it again
