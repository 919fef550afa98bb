"""The coverage matrix (functions × positions) as CSV or XLSX, formula-escaped like every export."""

from urllib.parse import quote

import tablib
from django.utils.translation import gettext as _

from core.spreadsheets import neutralise_formulae, safe_cell

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def coverage_matrix(coverage, file_format: str) -> tuple[bytes, str]:
    """One row per function; per position the best score of its duties that carry it out
    ("确认" when HR confirmed it), empty when none does; the last column says if nobody does."""
    headers = [_("序号"), _("单元职能")]
    headers += [f"{p.title} ({p.unit.name})" for p in coverage.positions]
    headers.append(_("无人承担"))
    data = tablib.Dataset(headers=[safe_cell(h) for h in headers], title=_("职能覆盖")[:31])
    for function, cells in coverage.matrix():
        row = [function.order, function.text]
        for match in cells:
            if match is None:
                row.append("")
            elif match.verdict == "confirmed":
                row.append(_("确认"))
            else:
                row.append(match.score)
        row.append("" if any(cells) else _("是"))
        data.append(row)
    neutralise_formulae(data)
    content = data.export(file_format)
    if isinstance(content, str):
        content = ("\ufeff" + content).encode("utf-8")  # a BOM: spreadsheet programs then read UTF-8
    return content, FORMATS[file_format]


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII fallback name and the real name per RFC 6266."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
