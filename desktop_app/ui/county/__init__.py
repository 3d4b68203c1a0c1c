"""The county page (县级汇总): township exchange packages merged into read-only consolidated statistics."""
