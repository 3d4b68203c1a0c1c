"""履职积分 page: annual scores, their records, adjustments and the 审核 freeze."""
