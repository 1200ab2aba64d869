# Annotated target of flask-secret-key: fake, well-formed values (generated), never real credentials.

# ruleid: flask-secret-key
app.secret_key = 'gldJkyS1UjwF80l5yA9GPWYsEUTJH5OF'

# ruleid: flask-secret-key
app.config['SECRET_KEY'] = "LL0W1nK4ApW60qyjpvDZoSlg"

# ruleid: flask-secret-key
app.config.update(DEBUG=False, SECRET_KEY='QwqA2eYZrCJoXEmhtfovNotT')

# ok: flask-secret-key
app.secret_key = os.environ['SECRET_KEY']

# ok: flask-secret-key
app.config['SECRET_KEY'] = secrets.token_hex(32)
