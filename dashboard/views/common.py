"""What the dashboard's pages share: the answer to an Excel import."""

from django.shortcuts import render


def import_result_page(request, template: str, context: dict, result_errors: list | None):
    status = 400 if result_errors else 200
    return render(request, template, context | {"errors": result_errors or []}, status=status)
