INSTALLED_APPS = ["django.contrib.auth"]
# ruleid: django-no-password-validators
AUTH_PASSWORD_VALIDATORS = []
