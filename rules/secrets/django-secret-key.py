# Annotated target of django-secret-key: fake, well-formed values (generated), never real credentials.

# ruleid: django-secret-key
SECRET_KEY = 'django-insecure-()o(6)y7y4@r1=(mv15g-33f21!noq4g3ncp7yeo7#2^n)j7r7'

# ruleid: django-secret-key
SECRET_KEY = "qELjvwvTjj3U1RmHICR7OS0xGXkvXK81FiQiwQyJWfoyMltol3"

# ok: django-secret-key
SECRET_KEY = os.environ['DJANGO_SECRET_KEY']

# ok: django-secret-key
SECRET_KEY = env("SECRET_KEY")

# ok: django-secret-key
SECRET_KEY = 'change-me-in-production-please'
