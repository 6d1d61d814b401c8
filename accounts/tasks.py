from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def account_invite_send_task(account_id: int, by_id: int) -> int:
    from .services import account_invite_send  # imported here: services import tasks

    return account_invite_send(account_id=account_id, by_id=by_id)
