import os
import secrets
import uuid

from flask import Flask

app = Flask(__name__)
# ruleid: py-secret-key-per-boot
app.secret_key = os.urandom(24)
# ruleid: py-secret-key-per-boot
app.config["SECRET_KEY"] = secrets.token_hex(32)
# ruleid: py-secret-key-per-boot
SECRET_KEY = uuid.uuid4().hex
# todoruleid: py-secret-key-per-boot
app.secret_key = str(uuid.uuid4())
# ok: py-secret-key-per-boot
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
# ok: py-secret-key-per-boot
CSRF_NONCE = secrets.token_hex(16)
