"""Read an uploaded or shipped document as text: UTF-8/GB18030 .txt or .docx."""

import io
import zipfile

MAX_BYTES = 5 * 1024 * 1024


def read_document(name: str, data: bytes) -> str:
    """Return the text of a .txt or .docx document; ValueError with a clear message otherwise."""
    lower = name.lower()
    if len(data) > MAX_BYTES:
        raise ValueError("文件过大(上限 5 MB)。")
    if lower.endswith(".docx"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ValueError("不是有效的 .docx 文件。")
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several types for broken packages
            raise ValueError("无法读取该 .docx 文件,文件可能已损坏。") from exc
        return "\n".join(p.text for p in document.paragraphs)
    if not lower.endswith(".txt"):
        raise ValueError("只支持 .txt 或 .docx 文件。")
    if b"\x00" in data:
        raise ValueError("该文件是二进制文件,不是文本文档。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("无法识别文件编码(应为 UTF-8 或 GB18030)。")
    if not text.strip():
        raise ValueError("文件是空的。")
    return text
