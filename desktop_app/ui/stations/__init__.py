"""The stations page (代表之家 and 联络站)."""
