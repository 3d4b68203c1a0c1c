"""Reading scanned ballots: pages from PDF and image files, the QR codes on them, registration by the corner
marks and the ink in each box (docs/ballot-layout.md). Pure image work on NumPy arrays with OpenCV, no
database; imported only when a scan is read, so that start-up does not pay for OpenCV."""
