"""Word to PDF through LibreOffice, where it is installed (`weijian summary --pdf`).

LibreOffice runs headless with a profile of its own in a temporary folder, so conversions
never meet a user's open LibreOffice or each other."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# Where the Windows installer puts it (it does not add itself to PATH).
WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
MISSING = ("未找到 LibreOffice，无法生成 PDF。请安装 LibreOffice（Debian/Ubuntu：apt install libreoffice-writer；"
           "Windows：从 libreoffice.org 安装），或设置环境变量 WEIJIAN_SOFFICE 为 soffice 程序的路径；"
           "Word 文档已可直接使用。")


class PdfError(RuntimeError):
    """Why no PDF was made; the message is for the user, in Chinese."""


def soffice() -> str | None:
    """The LibreOffice program, or None."""
    configured = os.environ.get("WEIJIAN_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in WINDOWS_PLACES if Path(place).exists()), None)


def to_pdf(docx: bytes, *, timeout: float = 180) -> bytes:
    program = soffice()
    if program is None:
        raise PdfError(MISSING)
    with tempfile.TemporaryDirectory(prefix="weijian-pdf-") as folder:
        source = Path(folder) / "summary.docx"
        source.write_bytes(docx)
        profile = (Path(folder) / "profile").as_uri()
        try:
            done = subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", folder, str(source)],
                capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise PdfError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒）") from error
        except OSError as error:
            raise PdfError(f"无法运行 LibreOffice（{program}）：{error}") from error
        result = Path(folder) / "summary.pdf"
        if not result.exists():
            said = (done.stderr or done.stdout).decode(errors="replace").strip()
            raise PdfError(f"LibreOffice 未能生成 PDF（退出码 {done.returncode}）：{said[:300]}")
        return result.read_bytes()
