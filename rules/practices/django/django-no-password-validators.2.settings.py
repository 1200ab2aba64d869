INSTALLED_APPS = ["django.contrib.auth"]
# ok: django-no-password-validators
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
