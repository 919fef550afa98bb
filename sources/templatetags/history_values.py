"""Template filters for the admin's history lists (the lowest installed app, so every admin may load them)."""

from django import template

register = template.Library()


@register.filter
def history_value(record, column: str):
    """A history row's value as the interface names it: a choice's label, not its stored key."""
    display = getattr(record, f"get_{column}_display", None)
    if callable(display):
        return display()
    return getattr(record, column, None)
