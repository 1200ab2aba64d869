from flask import Flask

app = Flask(__name__)
# ruleid: py-csrf-disabled
app.config["WTF_CSRF_ENABLED"] = False
# ok: py-csrf-disabled
app.config["WTF_CSRF_ENABLED"] = True
# ruleid: py-csrf-disabled
WTF_CSRF_ENABLED = False
# ruleid: py-csrf-disabled
app.config.WTF_CSRF_ENABLED = False
app.config.update(
    # ruleid: py-csrf-disabled
    WTF_CSRF_ENABLED=False,
    TESTING=True,
)
