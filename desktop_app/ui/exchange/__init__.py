"""数据交换 page: the county exchange package."""
