"""The background task that emails one outbox message and records what the mail server said."""

from django_tasks import task

from kurasi.lib.notify import send_email

from .models import Message, State
from .services import record_email_result


@task()
def send_message(*, message_id: int) -> str:
    """Email the message. Emailed only when the mail server took it; any exception while
    sending marks it failed with the exception's class (its text may hold the address, so it is
    neither stored nor raised into the task's traceback). The email carries the message's key,
    so a task run again after its worker was killed sends nothing twice (kurasi/worker)."""
    message = Message.objects.filter(pk=message_id, state=State.EMAIL_QUEUED).first()
    if message is None:
        return "not queued"
    try:
        send_email.call(
            to=message.to_email, subject=message.subject, body=message.body, key=message.email_key
        )
    except Exception as error:  # any failure of the mail server is "failed"
        record_email_result(message_id, error=type(error).__name__)
        return "failed"
    record_email_result(message_id)
    return "emailed"
