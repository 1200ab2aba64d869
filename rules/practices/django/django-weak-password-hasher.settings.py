INSTALLED_APPS = ["django.contrib.auth"]
# ruleid: django-weak-password-hasher
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
