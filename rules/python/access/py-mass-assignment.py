from unittest.mock import patch

from django.shortcuts import render

from shop.models import Order


def create_order(request):
    # ruleid: py-mass-assignment
    Order.objects.create(**request.POST)
    return render(request, "created.html")


def update_orders(request, pk):
    orders = Order.objects.filter(pk=pk)
    # ruleid: py-mass-assignment
    orders.update(**request.POST.dict())
    return render(request, "saved.html")


def build_order(request):
    # ruleid: py-mass-assignment
    return Order(**request.POST)


def good_order(request):
    # ok: py-mass-assignment
    Order.objects.create(item=request.POST.get("item"), quantity=int(request.POST.get("quantity", 1)))
    options = {"gift": request.POST.get("gift") == "on"}
    # ok: py-mass-assignment
    Order.objects.create(**options)
    return render(request, "created.html")


@patch("shop.models.Order.save")
def test_copy_order(save_mock, order):
    # a test patched with unittest.mock: `@patch` is not a PATCH route, its parameters are fixtures
    # ok: py-mass-assignment
    return Order.objects.create(**order.as_data())
