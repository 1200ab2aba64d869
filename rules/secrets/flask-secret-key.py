# Annotated target of flask-secret-key: fake, well-formed values (generated), never real credentials.

# ruleid: flask-secret-key
app.secret_key = 'OjAm00XLM3WFhanYp5f22rkVXK5NzjLJ'

# ruleid: flask-secret-key
app.config['SECRET_KEY'] = "isyRz1BlzNW!j666gvM6TkpK"

# ruleid: flask-secret-key
app.config.update(DEBUG=False, SECRET_KEY='80l5yA9GPWYsEUTJH5OFvFFg')

# ok: flask-secret-key
app.secret_key = os.environ['SECRET_KEY']

# ok: flask-secret-key
app.config['SECRET_KEY'] = secrets.token_hex(32)
