from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def account_invite_send_task(account_id: int, by_id: int) -> int:
    from .services import account_invite_send  # imported here: services import tasks

    return account_invite_send(account_id=account_id, by_id=by_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_job_run_task(job_id: int) -> None:
    """An account list too large to export in a request (ocop.downloads.export_response), for the person who asked,
    in their scope and with their filters, as the list page gives it."""
    from ocop.services import export_job_run

    from .exports import account_workbook
    from .selectors import account_list

    export_job_run(
        job_id=job_id,
        builders={
            "accounts": lambda *, user, filters, progress: account_workbook(
                account_list(user=user, filters=filters).qs, progress=progress
            )
        },
    )
