"""The rows of the results page and its print view as HTML, built here rather than in templates.

With "all" a page holds 2,000 rows of ten cells; drawn through Django's template engine (a
variable lookup, filter and escape per value, a translation per flag) the rows alone cost about
0.8 s of CPU, the whole page's budget being 500 ms right after a curator's save
(bench/bench_results_under_change.py). Here each label is translated once a page, each number is
formatted once (exactly as `floatformat` does: half up, the language's decimal separator) and each
row is joined from strings. The markup is the templates' own, character for character.

Everything not ours is escaped on the way in (`_escape`, Django's conditional escaping); only
translations (written by us, output unescaped by `{% translate %}` too), formatted numbers and
ids go in as they are.
"""

import html
import math
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext, ngettext

DASH = "–"
_PLACES = {1: Decimal("0.1"), 2: Decimal("0.01")}


def _escape(value):
    """As the template engine's autoescape: safe strings kept, anything else escaped."""
    if isinstance(value, SafeData):
        return value
    return html.escape(str(value))


class _Numbers:
    """`floatformat:1` and `floatformat:2` in the active language, each value formatted once."""

    def __init__(self):
        self.separator = get_format("DECIMAL_SEPARATOR")
        self.kept = {1: {}, 2: {}}

    def __call__(self, value, places):
        if value is None:
            return DASH  # floatformat gives "" and the templates' `default:"–"` follows
        kept = self.kept[places]
        text = kept.get(value)
        if text is None:
            text = kept[value] = self._format(value, places)
        return text

    def _format(self, value, places):
        if not math.isfinite(value):
            return str(floatformat(value, places))
        rounded = Decimal(str(value)).quantize(_PLACES[places], ROUND_HALF_UP)
        text = str(rounded)
        if text.startswith("-") and not rounded:
            text = text[1:]  # floatformat shows no sign on a zero
        return text.replace(".", self.separator)


class _Labels:
    """The rows' fixed words, translated once a page; flags that carry a value translated once
    and filled per row."""

    def __init__(self):
        self.select = gettext("Select")
        self.product = gettext("Product")
        self.final_score = gettext("Final score")
        self.raw_mean = gettext("Raw mean")
        self.curators = gettext("Curators")
        self.median = gettext("Median")
        self.flags = gettext("Flags")
        self.proposed = gettext("Proposed")
        self.decided = gettext("Decided")
        self.select_product = gettext("Select %(product)s")
        self.absent_did_not_come = gettext("Absent: did not come")
        self.not_scored = gettext("Not scored yet")
        self.disagree = gettext("Disagree (%(spread)s)")
        self.curators_disagree = gettext("Curators disagree")
        self.veto = gettext("Veto: %(criterion)s")
        self.no_permit = gettext("No %(permit)s")
        self.appeal = gettext("Appeal waiting")
        self.absent = gettext("Absent")
        self.capped = gettext("capped")
        self.changed = gettext("changed")
        self.letter = gettext("Letter")
        self.not_decided = gettext("Not decided")
        self._pending = {}

    def pending(self, count):
        text = self._pending.get(count)
        if text is None:
            text = self._pending[count] = ngettext(
                "%(counter)s still scoring", "%(counter)s still scoring", count
            ) % {"counter": count}
        return text


def _missing_permits(row):
    return [f for f in row.legality if f.is_gate and not f.held]


def page_rows(groups, *, can_decide, results_base):
    """[(product group, its rows as HTML)] for results.html. `results_base` is the results'
    address: a product's page is that address and the application's id (urls_results.py)."""
    labels, number = _Labels(), _Numbers()
    return [
        (
            group,
            SafeString(
                "".join([_page_row(r, labels, number, can_decide, results_base) for r in rows])
            ),
        )
        for group, rows in groups
    ]


def _page_row(row, labels, number, can_decide, results_base):
    application = row.application
    product = application.product
    decision = row.decision
    pk = str(application.pk)
    name = _escape(product.name)
    out = [
        '\n      \n      <tr id="row-',
        pk,
        '" class="is-absent">\n        ' if row.absent else '">\n        ',
    ]
    if can_decide:
        out += [
            '<td data-label="',
            labels.select,
            '"><input type="checkbox" name="applications" value="',
            pk,
            '" aria-label="',
            labels.select_product % {"product": name},
            '"></td>',
        ]
    out += [
        '\n        <td data-label="#">',
        DASH if row.rank is None else str(row.rank),
        "</td>",
        '\n        <td data-label="',
        labels.product,
        '"><a href="',
        results_base,
        pk,
        '/">',
        name,
        "</a><br><small>",
        _escape(product.business.name),
        "</small></td>",
        '\n        <td data-label="',
        labels.final_score,
        '" class="num final-score"><strong>',
        number(row.deciding_score, 2),
        "</strong></td>",
        '\n        <td data-label="',
        labels.raw_mean,
        '" class="num raw-mean">',
        number(row.mean, 2),
        "</td>",
        '\n        <td data-label="',
        labels.curators,
        '">\n          ',
    ]
    if row.absent:
        out += ['<span class="flag flag-absent">', labels.absent_did_not_come, "</span>"]
    out.append("\n          ")
    for score in row.scores:
        out += [
            '<span class="curator-score">',
            _escape(score.name),
            ": ",
            number(score.raw, 1),
            " → ",
            number(score.calibrated, 1),
            "</span>",
        ]
    if not row.scores and not row.absent:
        out += ['<span class="muted">', labels.not_scored, "</span>"]
    out.append("\n          ")
    if row.pending:
        out += ['<span class="flag flag-pending">', labels.pending(row.pending), "</span>"]
    out += [
        "\n        </td>",
        '\n        <td data-label="',
        labels.median,
        '" class="num">',
        number(row.median, 2),
        "</td>",
        '\n        <td data-label="',
        labels.flags,
        '">\n          ',
    ]
    if row.disagreement:
        out += [
            '<span class="flag flag-disagree">',
            labels.disagree % {"spread": number(row.spread, 1)},
            "</span>",
        ]
    out.append("\n          ")
    for veto in row.vetoes:
        out += [
            '<span class="flag flag-veto">',
            labels.veto % {"criterion": _escape(veto.criterion)},
            "</span>",
        ]
    out.append("\n          ")
    for finding in _missing_permits(row):
        out += [
            '<span class="flag flag-gate">',
            labels.no_permit % {"permit": _escape(finding.name)},
            "</span>",
        ]
    out.append("\n          ")
    if row.appeal_open:
        out += ['<span class="flag flag-appeal">', labels.appeal, "</span>"]
    out += ["\n        </td>", '\n        <td data-label="', labels.proposed, '">']
    out.append(labels.absent if row.absent else _band_label(row))
    if row.capped:
        out += [' <small class="capped">(', labels.capped, ")</small>"]
    out += ["</td>", '\n        <td data-label="', labels.decided, '" class="decided">']
    if decision:
        out += ["<strong>", _escape(decision.outcome_label), "</strong>"]
        if decision.overridden:
            out += [" <small>(", labels.changed, ")</small>"]
        if decision.letter_number:
            out += ["<br><small>", labels.letter, " ", _escape(decision.letter_number), "</small>"]
    else:
        out += ['<span class="muted">', labels.not_decided, "</span>"]
    out.append("</td>\n      </tr>\n      \n    ")
    return "".join(out)


def _band_label(row):
    label = row.proposed_band.label if row.proposed_band is not None else ""
    return _escape(label) if label else DASH


def print_rows(groups):
    """[(product group, its rows as HTML)] for print.html."""
    labels, number = _Labels(), _Numbers()
    return [
        (group, SafeString("".join([_print_row(r, labels, number) for r in rows])))
        for group, rows in groups
    ]


def _print_row(row, labels, number):
    product = row.application.product
    decision = row.decision
    out = [
        "\n    <tr>\n      <td>",
        DASH if row.rank is None else str(row.rank),
        "</td>",
        "\n      <td>",
        _escape(product.name),
        "<br><small>",
        _escape(product.business.name),
        "</small></td>",
        '\n      <td class="num"><strong>',
        number(row.deciding_score, 2),
        "</strong></td>",
        '\n      <td class="num">',
        number(row.mean, 2),
        "</td>",
        "\n      <td>",
    ]
    out.append(
        "<br>".join(
            f"{_escape(s.name)}: {number(s.raw, 1)} → {number(s.calibrated, 1)}" for s in row.scores
        )
    )
    if row.pending:
        if row.scores:
            out.append("<br>")
        out += ["<small>", labels.pending(row.pending), "</small>"]
    out.append('</td>\n      <td class="flags">')
    if row.absent:
        out += ["<span>", labels.absent, "</span>"]
    if row.disagreement:
        out += ["<span>", labels.curators_disagree, "</span>"]
    for veto in row.vetoes:
        out += ["<span>", labels.veto % {"criterion": _escape(veto.criterion)}, "</span>"]
    for finding in _missing_permits(row):
        out += ["<span>", labels.no_permit % {"permit": _escape(finding.name)}, "</span>"]
    if row.appeal_open:
        out += ["<span>", labels.appeal, "</span>"]
    out += ["</td>\n      <td>", labels.absent if row.absent else _band_label(row)]
    if row.capped:
        out += [" (", labels.capped, ")"]
    out.append("</td>\n      <td>")
    if decision:
        out.append(_escape(decision.outcome_label))
        if decision.letter_number:
            out += ["<br><small>", _escape(decision.letter_number), "</small>"]
    else:
        out.append(DASH)
    out.append("</td>\n    </tr>\n  ")
    return "".join(out)
