"""django-ninja names each schema in the OpenAPI document by its class name alone: two
routers' schemas of one name become one component, and the document then describes one
endpoint's body with the other's fields (schemathesis found it when two `DisputeIn`, two
`ConsentIn` met). Every schema class of the routers has its own name."""

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import jiaoguan.api.routers as routers


def test_no_two_router_schemas_share_a_name():
    where = defaultdict(list)
    for info in pkgutil.iter_modules(routers.__path__):
        module = importlib.import_module(f"{routers.__name__}.{info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module.__name__
            ):
                where[name].append(info.name)
    shared = {name: modules for name, modules in where.items() if len(modules) > 1}
    assert shared == {}
