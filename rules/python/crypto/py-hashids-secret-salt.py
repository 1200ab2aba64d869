from django.conf import settings
from flask import current_app
from hashids import Hashids


def short_id(pk):
    # ruleid: py-hashids-secret-salt
    return Hashids(salt=settings.SECRET_KEY, min_length=8).encode(pk)


def flask_ids():
    # ruleid: py-hashids-secret-salt
    return Hashids(current_app.config["SECRET_KEY"], min_length=8)


def own_salt():
    # ok: py-hashids-secret-salt
    return Hashids(salt=settings.HASHIDS_SALT, min_length=8)
