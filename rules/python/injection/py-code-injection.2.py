import importlib

import pytest


@pytest.fixture(params=["app_a", "app_b"])
def module(request: pytest.FixtureRequest):
    # pytest's request: the fixture's parameters are the test's own
    # ok: py-code-injection
    return importlib.import_module(f"docs_src.{request.param}")


def load(request):
    # ruleid: py-code-injection
    return importlib.import_module(request.GET["module"])
