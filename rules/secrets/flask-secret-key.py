# Annotated target of flask-secret-key: fake, well-formed values (generated), never real credentials.

# ruleid: flask-secret-key
app.secret_key = 'onITW2qRNdazJlgBfNufHTqIIESE3DoG'

# ruleid: flask-secret-key
app.config['SECRET_KEY'] = "jUUGIyrWt3wUrg9WYYaKv!GG"

# ruleid: flask-secret-key
app.config.update(DEBUG=False, SECRET_KEY='8W1OjAm00XLM3WFhanYp5f22')

# ok: flask-secret-key
app.secret_key = os.environ['SECRET_KEY']

# ok: flask-secret-key
app.config['SECRET_KEY'] = secrets.token_hex(32)
