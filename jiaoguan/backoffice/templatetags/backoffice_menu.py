from django import template

from jiaoguan.backoffice.menu import menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def backoffice_menu(context):
    """The menu entries the logged-in officer may see (``backoffice.menu``)."""
    request = context.get("request")
    return menu_for(request.user if request is not None else context["user"])
