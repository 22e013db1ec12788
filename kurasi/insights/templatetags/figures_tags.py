from django import template

register = template.Library()


@register.filter
def get_count(counts, key):
    """A count from a dict by a key held in a variable (0 when absent)."""
    return counts.get(key, 0)
