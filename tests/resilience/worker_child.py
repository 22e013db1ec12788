"""Run in a subprocess by test_task_worker_killed.py, against the database named by DATABASE_URL,
with the database task backend (KURASI_TASK_WORKER=1) and emails written to files in MAIL_DIR.

`clear`: forget every task. `enqueue KEY`: queue one email under KEY, print the task's id.
`worker [pause-in-send | pause-before-finish]`: `manage.py db_worker --batch`; with a pause, it
prints `sending` (in the middle of handing the email to the mail server) or `finishing` (the email
sent and recorded, the task not yet marked successful) to stderr and stops there until the test
kills it. `report`: the tasks' states and the recorded effects, as JSON.
"""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")


def pause(line):
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
    time.sleep(120)  # the test kills us long before this ends


def pause_in_send():
    from django.core.mail.backends.filebased import EmailBackend

    original = EmailBackend.send_messages

    def send_messages(self, messages):
        pause("sending")
        return original(self, messages)

    EmailBackend.send_messages = send_messages


def pause_before_finish():
    from django.db import connection
    from django.db.backends.signals import connection_created

    def finishing(execute, sql, params, many, context):
        marking = sql.lstrip().upper().startswith("UPDATE") and "SUCCESSFUL" in (params or ())
        if marking and "dbtaskresult" in sql:
            pause("finishing")
        return execute(sql, params, many, context)

    def hook(sender, connection, **kwargs):
        connection.execute_wrappers.append(finishing)

    connection_created.connect(hook, weak=False)
    if connection.connection is not None:
        hook(None, connection)


def main(command, *args):
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from kurasi.lib.notify import send_email
    from kurasi.worker.models import TaskEffect

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = os.environ["MAIL_DIR"]
    if command == "clear":
        DBTaskResult.objects.all().delete()
    elif command == "enqueue":
        result = send_email.enqueue(
            to="kurator@tangsel.test",
            subject="Jadwal kurasi",
            body="Besok pukul 08.00.",
            key=args[0],
        )
        print(result.id)
    elif command == "worker":
        if args and args[0] == "pause-in-send":
            pause_in_send()
        elif args and args[0] == "pause-before-finish":
            pause_before_finish()
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "-v0")
    elif command == "report":
        tasks = {
            str(row.id): {
                "status": row.status,
                "tries": len(row.worker_ids),
                "value": row.return_value,
            }
            for row in DBTaskResult.objects.all()
        }
        effects = list(TaskEffect.objects.values_list("key", flat=True))
        print(json.dumps({"tasks": tasks, "effects": effects}))


if __name__ == "__main__":
    main(*sys.argv[1:])
