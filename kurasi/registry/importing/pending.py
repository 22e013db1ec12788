"""Keeping an uploaded file between the dry run and the confirmation.

The file goes to Django's default storage (local disk or S3-compatible, so any app server can
read it) under a random token, in a folder named by the organisation and the user: a token sent
back by another user or for another office names no file. Nothing about the file's content travels
through the form. Files are deleted after the run, and any left behind after 24 hours are swept on
the next upload.
"""

import datetime as dt
import json
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

ROOT = "imports"
KEEP_FOR = dt.timedelta(hours=24)
TOKEN = re.compile(r"[0-9a-f]{32}")


def _path(organisation, user, token):
    return f"{ROOT}/{organisation.pk}/{user.pk}/{token}"


def keep_upload(upload, *, organisation, user) -> str:
    """Store the uploaded file; return its token."""
    sweep_expired()
    token = secrets.token_hex(16)
    upload.seek(0)
    default_storage.save(_path(organisation, user, token), upload)
    return token


def open_upload(token, *, organisation, user):
    """The kept file for this organisation and user, or None (unknown, expired, malformed)."""
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    path = _path(organisation, user, token)
    if not default_storage.exists(path):
        return None
    if timezone.now() - default_storage.get_modified_time(path) > KEEP_FOR:
        default_storage.delete(path)
        return None
    return default_storage.open(path, "rb")


def discard_upload(token, *, organisation, user):
    if isinstance(token, str) and TOKEN.fullmatch(token):
        default_storage.delete(_path(organisation, user, token))
        default_storage.delete(_path(organisation, user, token) + ".json")


def sweep_expired(now=None):
    """Delete kept files older than 24 hours, of every organisation and user."""
    now = now or timezone.now()
    if not default_storage.exists(ROOT):
        return
    for organisation_dir in default_storage.listdir(ROOT)[0]:
        for user_dir in default_storage.listdir(f"{ROOT}/{organisation_dir}")[0]:
            folder = f"{ROOT}/{organisation_dir}/{user_dir}"
            for name in default_storage.listdir(folder)[1]:
                path = f"{folder}/{name}"
                if now - default_storage.get_modified_time(path) > KEEP_FOR:
                    default_storage.delete(path)


# --- what a confirmed import leaves behind -------------------------------------------------------
# A job record (JSON: state, rows done of total, the result) and the error file of the rows left
# out, under the organisation's "jobs" folder and the run's token: any registry staff member of
# the office may follow the run and download the file; another office's token names nothing.
# Swept after 24 hours like the uploads.

JOBS = "jobs"


def _job_path(organisation, token, suffix):
    return f"{ROOT}/{organisation.pk}/{JOBS}/{token}{suffix}"


def _rewrite(path, content: bytes):
    # Storages never overwrite (save picks another name): delete, then save.
    default_storage.delete(path)
    default_storage.save(path, ContentFile(content))


def save_meta(token, *, organisation, user, **values):
    """Facts the dry run learnt about a kept file (its number of rows), for the confirmation."""
    if TOKEN.fullmatch(token):
        _rewrite(_path(organisation, user, token) + ".json", json.dumps(values).encode())


def load_meta(token, *, organisation, user) -> dict:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return {}
    return _read_json(_path(organisation, user, token) + ".json") or {}


def save_job(token, *, organisation, **values):
    """Write the job record (merged into what it says already)."""
    path = _job_path(organisation, token, ".json")
    _rewrite(path, json.dumps({**(_read_json(path) or {}), **values}).encode())


def load_job(token, *, organisation) -> dict | None:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    return _read_json(_job_path(organisation, token, ".json"))


def save_job_businesses(token, business_ids, *, organisation):
    """The ids of the businesses a finished import wrote, for "enter them into a call"."""
    path = _job_path(organisation, token, ".businesses.json")
    _rewrite(path, json.dumps(sorted(set(business_ids))).encode())


def load_job_businesses(token, *, organisation) -> list[int] | None:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    ids = _read_json(_job_path(organisation, token, ".businesses.json"))
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else None


def save_error_file(token, handle, *, organisation):
    _rewrite(_job_path(organisation, token, ".xlsx"), handle.read())


def open_error_file(token, *, organisation):
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    path = _job_path(organisation, token, ".xlsx")
    return default_storage.open(path, "rb") if default_storage.exists(path) else None


def _read_json(path):
    try:
        with default_storage.open(path, "rb") as handle:
            return json.loads(handle.read())
    except (FileNotFoundError, OSError, ValueError):
        return None  # missing, or caught between delete and save: the next poll reads it
