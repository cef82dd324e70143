"""Helpers of the tests that read or write Word documents (the summary and its page)."""

from __future__ import annotations

import io


def document(made_or_bytes):
    """A python-docx Document of a summary (`Made`) or of .docx bytes."""
    from docx import Document

    return Document(io.BytesIO(getattr(made_or_bytes, "docx", made_or_bytes)))


def custom_template(*lines: str) -> bytes:
    """A .docx of one paragraph per line (placeholders and all)."""
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
