from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect


# ruleid: py-csrf-exempt
@csrf_exempt
def change_email(request):
    return HttpResponse("ok")


# ok: py-csrf-exempt
@csrf_protect
def change_name(request):
    return HttpResponse("ok")
