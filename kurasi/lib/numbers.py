"""Numbers as the reader writes them, through Django's formats for the active language:
Rp 75.000.000 and 20,50 in Bahasa Indonesia, Rp 75,000,000 and 20.50 in English.

`number` and `rupiah` serve Python (messages, exports' human sheets) and, as template filters
available in every template (a builtin, see TEMPLATES in settings), the pages and letters:
`{{ product.price|rupiah }}`, `{{ row.mean|number:2 }}`. Never for values a machine reads back
(form values, SVG coordinates, CSV columns meant for import): those stay unlocalised.
"""

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def number(value, decimals=None) -> str:
    """`value` with the language's thousands and decimal separators; `decimals` fixes the
    number of decimal places (None: as many as the value has)."""
    if value is None or value == "":
        return ""
    if decimals is not None:
        decimals = int(decimals)
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def rupiah(value) -> str:
    """An amount in rupiah, without decimals: "Rp 75.000.000" (a no-break space after Rp)."""
    if value is None or value == "":
        return ""
    return f"Rp\N{NO-BREAK SPACE}{number(value, 0)}"
