"""Spreadsheet import/export helpers shared by the admin resources: formula-safe files, checked headers."""

import codecs

from django.db import models
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.formats import base_formats
from import_export.tmp_storages import TempFolderStorage

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def _needs_escape(text: str) -> bool:
    # Apostrophes already in front are escaped too, so that unescaping is exact ("'=x" -> "''=x").
    return text.lstrip(ESCAPE).startswith(FORMULA_TRIGGERS)


def safe_cell(value):
    """A text cell a spreadsheet would run as a formula, with an apostrophe in front."""
    if isinstance(value, str) and _needs_escape(value):
        return ESCAPE + value
    return value


def unsafe_cell(value):
    """The text before ``safe_cell``: exactly the apostrophe it added is taken off, nothing else."""
    if isinstance(value, str) and value.startswith(ESCAPE) and _needs_escape(value[1:]):
        return value[1:]
    return value


def _map_cells(dataset, change):
    rows = [[change(cell) for cell in row] for row in dataset]
    del dataset[:]
    for row in rows:
        dataset.append(row)
    return dataset


def neutralise_formulae(dataset):
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""
    return _map_cells(dataset, safe_cell)


def restore_formulae(dataset):
    return _map_cells(dataset, unsafe_cell)


class FormulaSafeFormat:
    """Spreadsheet formats escape formulas on export and unescape them on import, so that an
    export read back in changes nothing, however many times.

    Only CSV and XLSX are escaped: a spreadsheet program runs their cells as formulas. JSON is
    data for programs and is written as it is. The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT
    is bypassed: it drops a leading "=" for good (not reversible) and writes empty cells as "None".
    """

    def create_dataset(self, in_stream, **kwargs):
        return restore_formulae(super().create_dataset(in_stream, **kwargs))

    def export_data(self, dataset, **kwargs):
        return dataset.export(self.get_title(), **kwargs)


class FormulaSafeCSV(FormulaSafeFormat, base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralise_formulae(dataset), **kwargs)


class FormulaSafeXLSX(FormulaSafeFormat, base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        # The library's XLSX reader takes no keyword arguments.
        return restore_formulae(base_formats.XLSX.create_dataset(self, in_stream))

    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralise_formulae(dataset), **kwargs)


class PlainJSON(base_formats.JSON):
    """JSON written as it is: no formula escaping, empty values as null."""

    def export_data(self, dataset, **kwargs):
        return dataset.export(self.get_title(), **kwargs)


# The formats offered in the admin: spreadsheets (escaped) and JSON (plain data).
ADMIN_FORMATS = [FormulaSafeCSV, FormulaSafeXLSX, PlainJSON]


def decode_text(data: bytes) -> str:
    """The text of an uploaded CSV or JSON file, whatever Excel or WPS saved it as.

    UTF-8 (with or without a BOM) and UTF-16 (with its BOM: Excel's "Unicode text") are told
    by their bytes; anything else is read as GB18030, which covers GBK and GB2312 (Chinese
    Excel's "CSV").
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


class DecodingTempFolderStorage(TempFolderStorage):
    """The admin's upload store: text formats are decoded by ``decode_text``, not as UTF-8 only."""

    def read(self):
        if "b" in self.read_mode:
            return super().read()
        with open(self.get_full_path(), "rb") as file:
            return decode_text(file.read())


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


class BlankTextMixin:
    """Read an empty cell of a text field as "" (as CSV does), not as None.

    The library maps only CharField to its text widget; an empty XLSX cell of a TextField came
    back as None and failed on the NOT NULL column.
    """

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.TextField):
            return widgets.CharWidget
        return super().widget_from_django_field(f, default)


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
