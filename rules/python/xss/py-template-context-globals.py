from django.shortcuts import render


def page(request):
    user = request.user
    # ruleid: py-template-context-globals
    return render(request, "page.html", locals())


def page2(request):
    # ok: py-template-context-globals
    return render(request, "page.html", {"user": request.user})
