"""Read an uploaded or shipped document as text: .txt/.md (UTF-8, UTF-16, GB18030) or .docx."""

import codecs

from django.utils.translation import gettext as _

from importer.docx_reader import read_docx

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(_("无法识别文件编码(应为 UTF-8、UTF-16 或 GB18030)。")) from exc
    if b"\x00" in data:
        raise ValueError(_("该文件是二进制文件,不是文本文档。"))
    # Chinese Excel and Notepad save GB18030 (GBK); everything else here is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("无法识别文件编码(应为 UTF-8、UTF-16 或 GB18030)。"))


def read_document(name: str, data: bytes) -> str:
    """Return the text of a document; ValueError with a clear message otherwise."""
    lower = name.lower()
    if len(data) > MAX_BYTES:
        raise ValueError(_("文件过大(上限 5 MB)。"))
    if lower.endswith(".docx"):
        text = read_docx(data)
    elif lower.endswith(TEXT_SUFFIXES):
        text = _decode(data)
    else:
        raise ValueError(_("只支持 .txt、.md 或 .docx 文件。"))
    if not text.strip():
        raise ValueError(_("文件是空的。"))
    return text
