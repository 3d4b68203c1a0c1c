"""The roster page (代表名册): table, filters, edit form and undoable commands."""
