# Annotated target of django-secret-key: fake, well-formed values (generated), never real credentials.

# ruleid: django-secret-key
SECRET_KEY = 'django-insecure-^@!ez*vlw1ykv=q4_lm9mnfx5#d%dwo9a#xlmwf70$y^5*!vxk'

# ruleid: django-secret-key
SECRET_KEY = "5NzjLJRsWZIZaghs4AS5m1uZh5G5ws2yLpvflyRwddwdmQrrXG"

# ok: django-secret-key
SECRET_KEY = os.environ['DJANGO_SECRET_KEY']

# ok: django-secret-key
SECRET_KEY = env("SECRET_KEY")

# ok: django-secret-key
SECRET_KEY = 'change-me-in-production-please'
