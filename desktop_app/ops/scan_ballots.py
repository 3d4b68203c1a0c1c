"""扫描计票 (``scan-ballots``), one function per user action: read scans (the dry run), write what was read,
the scrutineers' decisions on pending ballots, the ballot images, and deleting the kept scans.

The work lives in ``scan_reading``, ``scan_import`` and ``scan_decisions``; this module is the one name the
page and the command import them by (docs/ballot-layout.md).
"""

from __future__ import annotations

from .scan_decisions import decide_scanned, void_scanned
from .scan_images import IMAGES_DELETED, ballot_image, box_crop, delete_scan_images
from .scan_import import import_scan
from .scan_reading import CANCELLED, MULTIPLE, REVIEW, ScanCancelled, scan_ballots, skipped_lines

__all__ = ["CANCELLED", "IMAGES_DELETED", "MULTIPLE", "REVIEW", "ScanCancelled", "ballot_image", "box_crop",
           "decide_scanned", "delete_scan_images", "import_scan", "scan_ballots", "skipped_lines", "void_scanned"]
