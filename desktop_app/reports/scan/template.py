"""The blank ballot as the reader sees it: the first page of a ballot PDF at the reader's resolution."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium

from .reader import PX_PER_MM


def template_image(pdf_path: Path, page_mm: tuple[float, float]) -> np.ndarray:
    """Grey pixels of page 1, exactly ``page_mm`` × ``PX_PER_MM`` in size."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        image = document[0].render(scale=PX_PER_MM * 25.4 / 72, grayscale=True).to_numpy().copy()
    finally:
        document.close()
    size = (int(round(page_mm[0] * PX_PER_MM)), int(round(page_mm[1] * PX_PER_MM)))
    if (image.shape[1], image.shape[0]) != size:
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return image
