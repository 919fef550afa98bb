"""Spreadsheet import/export helpers shared by the admin resources: formula-safe files, checked headers."""

from django.utils.translation import gettext as _
from import_export import widgets
from import_export.formats import base_formats

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell a spreadsheet would run as a formula, with an apostrophe in front."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_formulae(dataset):
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe.

    The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only drops a
    leading "="; this also covers "+", "-", "@" and keeps the text intact.
    """
    rows = [[safe_cell(cell) for cell in row] for row in dataset]
    del dataset[:]
    for row in rows:
        dataset.append(row)
    return dataset


class FormulaSafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralise_formulae(dataset), **kwargs)


class FormulaSafeXLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralise_formulae(dataset), **kwargs)


# The formats offered in the admin: spreadsheets (escaped) and JSON (plain data).
ADMIN_FORMATS = [FormulaSafeCSV, FormulaSafeXLSX, base_formats.JSON]


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's stored value or its (Chinese or English) label."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text == "":
            return None
        for stored, label in self.choices:
            if text in (str(stored), str(label)):
                return stored
        allowed = "、".join(str(stored) for stored, _label in self.choices)
        raise ValueError(
            _("“%(value)s”不是有效的类型,可选:%(allowed)s。") % {"value": text, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CheckedColumnsMixin:
    """Refuse a file whose header row is not ours before reading any row.

    Without this, a file with foreign columns imports as "nothing changed".
    """

    required_columns: tuple[str, ...] = ()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        known = [field.column_name for field in self.get_import_fields()]
        headers = [str(header).strip() for header in (dataset.headers or [])]
        missing = [name for name in self.required_columns if name not in headers]
        unknown = [name for name in headers if name not in known]
        if missing or unknown:
            problems = []
            if missing:
                problems.append(_("缺少列:%(columns)s") % {"columns": ", ".join(missing)})
            if unknown:
                problems.append(_("无法识别的列:%(columns)s") % {"columns": ", ".join(unknown)})
            raise ValueError(
                _("文件的表头不对(%(problems)s)。可用的列:%(known)s。")
                % {"problems": ";".join(problems), "known": ", ".join(known)}
            )
