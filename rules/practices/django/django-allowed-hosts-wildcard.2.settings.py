INSTALLED_APPS = ["django.contrib.auth"]
# ok: django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["shop.example.com"]
