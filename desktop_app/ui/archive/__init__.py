"""一人一档 page: one deputy's archive with its records, exports and batch PDFs."""
