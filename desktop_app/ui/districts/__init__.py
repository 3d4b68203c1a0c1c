"""The terms and electoral districts page (届次与选区)."""
