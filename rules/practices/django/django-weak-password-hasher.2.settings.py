INSTALLED_APPS = ["django.contrib.auth"]
# ok: django-weak-password-hasher
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
