INSTALLED_APPS = ["django.contrib.auth"]
# ruleid: django-missing-security-middleware
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
