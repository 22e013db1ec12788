"""Keeping an uploaded file between the dry run and the confirmation.

The file goes to Django's default storage (local disk or S3-compatible, so any app server can
read it) under a random token, in a folder named by the organisation and the user: a token sent
back by another user or for another office names no file. Nothing about the file's content travels
through the form. Files are deleted after the run, and any left behind after 24 hours are swept on
the next upload.
"""

import datetime as dt
import re
import secrets

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
