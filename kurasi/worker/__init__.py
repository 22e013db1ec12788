"""The background worker's safety net (`manage.py db_worker` runs the tasks).

A worker killed mid-task (SIGKILL, a lost machine, an out-of-memory kill) leaves its task marked
running for ever: django-tasks-db never looks at it again. `manage.py requeue_stalled_tasks`
(`stalled.py`) puts such a task back in the queue once; a second loss marks it failed. A task that
runs again must not repeat what it already did:

- `kurasi.lib.notify.send_email` records each email it sent under the key `queue_email` gave it
  (`TaskEffect`) and sends nothing when run again; its Message-ID is that key, so even a copy sent
  in the instant between the mail server's acceptance and the record is one message to mail
  programs.
- `kurasi.exhibitions.invitations.expire_invitations` runs in one transaction (a kill rolls it
  back) and picks only invitations still due; its emails leave only after its commit.
- `kurasi.privacy.tasks.enforce_retention` anonymises person by person, each in a transaction,
  and picks only people not yet anonymised.
- `kurasi.registry.importing.jobs.run_job` does nothing when its job is recorded done or failed,
  and the import is one transaction, so a kill before its commit leaves nothing to repeat. It
  records `import:<token>` here inside that transaction; a run that finds it (killed after the
  commit, before its job file said done) writes nothing, only checks the file again for the
  error file and records the job done (tests/registry_io/test_import_partial.py).
"""
