INSTALLED_APPS = ["django.contrib.auth"]
AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
# ruleid: django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
