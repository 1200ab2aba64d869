# Annotated target of django-secret-key: fake, well-formed values (generated), never real credentials.

# ruleid: django-secret-key
SECRET_KEY = 'django-insecure-icros)gx!=xkf8q8+qjw5%m@-%@%$itw&rn30j@6b5n_5ht&ii'

# ruleid: django-secret-key
SECRET_KEY = "ESE3DoGRKKDplkEZr24V95LW2bYyKVvQeuLMjMNF9XfmDoD8W1"

# ok: django-secret-key
SECRET_KEY = os.environ['DJANGO_SECRET_KEY']

# ok: django-secret-key
SECRET_KEY = env("SECRET_KEY")

# ok: django-secret-key
SECRET_KEY = 'change-me-in-production-please'
