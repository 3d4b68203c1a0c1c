"""证书打印: 代表证, 荣誉证书 and 当选证书 from one template engine, with preview and per-printer offsets."""
