"""The pages of the files an office scanner writes: multi-page PDFs (rasterised), JPEG, PNG and TIFF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np

from ...errors import InputError

PDF_DPI = 200
RED_DROPOUT = 2.0      # how much a pixel's redness (red over the larger of green and blue) lightens it
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")


@dataclass
class Page:
    """One scanned page: which file, which page of it (from 1), and its grey pixels."""

    file: Path
    index: int
    grey: np.ndarray


def _grey(image: np.ndarray) -> np.ndarray:
    """The page's grey as the reader wants it. A colour page is read as a red-dropout scanner reads a form:
    the lighter of its grey and its red channel (black and blue ink stay as dark as in a grey scan; a red
    channel alone would also darken the paper around blue ink, where a JPEG's halved colour resolution smears
    the ink's colour), lightened further by how much red outweighs green and blue, so the office's red seal
    (印章) drops out, even at the edges of its strokes where the smeared colour leaves the seal darker."""
    if image.dtype != np.uint8:  # 16-bit TIFF
        image = cv2.convertScaleAbs(image, alpha=255.0 / max(1, int(image.max())))
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 3:
        if image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
        blue, green, red = cv2.split(image)
        redness = cv2.subtract(red, cv2.max(green, blue))     # 0 where the pixel is not red (saturating)
        lighter = cv2.max(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), red)
        image = cv2.scaleAdd(redness, RED_DROPOUT, lighter)    # saturates at white
    return image


def _render(page, dpi: int) -> np.ndarray:
    """A PDF page's grey at ``dpi``, rendered in colour: a scanner's colour PDF carries a red seal that only
    the colours tell from ink."""
    return _grey(page.render(scale=dpi / 72).to_numpy())


def _pdf_pages(path: Path, dpi: int) -> Iterator[np.ndarray]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        raise InputError(f"无法读取扫描文件“{path.name}”：不是有效的 PDF（{err}）。") from None
    try:
        for page in document:
            yield _render(page, dpi)
    finally:
        document.close()


def _image_pages(path: Path) -> Iterator[np.ndarray]:
    data = np.fromfile(str(path), dtype=np.uint8)   # np.fromfile + imdecode: paths with Chinese on Windows
    if path.suffix.lower() in (".tif", ".tiff"):
        ok, images = cv2.imdecodemulti(data, cv2.IMREAD_UNCHANGED)
        if ok and images:
            for image in images:
                yield _grey(image)
            return
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise InputError(f"无法读取扫描文件“{path.name}”：图片已损坏或格式不支持。")
    yield _grey(image)


def check_files(paths: list[Path]) -> None:
    """InputError naming the first file that is missing or of a kind the reader does not take."""
    if not paths:
        raise InputError("请指定要读取的扫描文件（PDF、JPEG、PNG 或 TIFF）。")
    for path in paths:
        if not path.is_file():
            raise InputError(f"找不到扫描文件“{path}”。")
        if path.suffix.lower() != ".pdf" and path.suffix.lower() not in IMAGE_SUFFIXES:
            raise InputError(f"扫描文件“{path.name}”的类型不对，应为 PDF、JPEG、PNG 或 TIFF。")


def pages(paths: list[Path], dpi: int = PDF_DPI) -> Iterator[Page]:
    """Every page of the files, in the order given; PDFs are rasterised at ``dpi``."""
    check_files(paths)
    for path in paths:
        source = _pdf_pages(path, dpi) if path.suffix.lower() == ".pdf" else _image_pages(path)
        for index, grey in enumerate(source, start=1):
            yield Page(path, index, grey)


def page_from_bytes(data: bytes, suffix: str, index: int, dpi: int | None = None) -> np.ndarray:
    """Page ``index`` (from 1) of a file's bytes (a kept copy), grey, exactly as ``pages`` gave it when read."""
    if suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        try:
            if not 1 <= index <= len(document):
                raise InputError(f"扫描文件没有第 {index} 页。")
            return _render(document[index - 1], dpi or PDF_DPI)
        finally:
            document.close()
    buffer = np.frombuffer(data, dtype=np.uint8)
    if suffix.lower() in (".tif", ".tiff"):
        ok, images = cv2.imdecodemulti(buffer, cv2.IMREAD_UNCHANGED)
        if ok and images:
            if not 1 <= index <= len(images):
                raise InputError(f"扫描文件没有第 {index} 页。")
            return _grey(images[index - 1])
    image = cv2.imdecode(buffer, cv2.IMREAD_UNCHANGED)
    if image is None or index != 1:
        raise InputError("扫描文件已损坏，无法显示。")
    return _grey(image)
