"""Which signing key belongs to which township: registered on first sight, a changed key refused.

The county keeps its registry in ``keys.json`` beside its report (``county-report --keys FILE``); a township
database keeps its own in the setting ``exchange_keys``. A township is registered from the key of its first
(oldest) package; afterwards a package signed by any other key is refused unless the reader accepts the new
key for that township by name (``--accept-new-key 乡镇名``), e.g. after a laptop was replaced without a backup.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .signing import fingerprint

FILE_NAME = "keys.json"
FORMAT = "xzrd-exchange-keys"

KNOWN, REGISTERED, REPLACED, REFUSED = "known", "registered", "replaced", "refused"


@dataclass
class KeyDecision:
    """What the registry says about one package's key: known / registered now / replaced now / refused."""

    status: str
    message: str = ""

    @property
    def accepted(self) -> bool:
        return self.status != REFUSED


@dataclass
class KeyRing:
    """township → {"public_key", "fingerprint", "registered_from", "registered_at"}; ``changed`` after a write."""

    entries: dict[str, dict] = field(default_factory=dict)
    changed: bool = False

    def expected(self, township: str) -> str | None:
        entry = self.entries.get(township)
        return entry.get("public_key") if isinstance(entry, dict) else None

    def judge(self, township: str, public_key: str, source: str, *, accept_new: bool = False,
              also_trusted: tuple[str, ...] = (), how_to_accept: str | None = None) -> KeyDecision:
        """Decide on ``public_key`` for ``township`` and register it when that is the decision.

        ``also_trusted`` are keys trusted without registration (a township database's own key);
        ``how_to_accept`` says in the refusal how to take a new key (the county's option by default).
        """
        expected = self.expected(township)
        trusted = {k for k in (expected, *also_trusted) if k}
        if public_key in trusted:
            return KeyDecision(KNOWN)
        if not trusted:
            self._put(township, public_key, source)
            return KeyDecision(REGISTERED, f"首次收到{township}的数据包，已登记其签名密钥（指纹 {fingerprint(public_key)}），"
                                           "请与乡镇核对指纹。")
        if accept_new:
            self._put(township, public_key, source)
            return KeyDecision(REPLACED, f"已按要求改用{township}的新签名密钥（指纹 {fingerprint(public_key)}，"
                                         f"原指纹 {fingerprint(sorted(trusted)[0])}）。")
        shown = "、".join(fingerprint(k) for k in sorted(trusted))
        return KeyDecision(REFUSED, (
            f"数据交换包“{source}”的签名密钥（指纹 {fingerprint(public_key)}）不是{township}登记的密钥（指纹 {shown}），"
            f"可能是伪造的，已拒绝。如果{township}确实更换了密钥（例如换了电脑又没有恢复备份），"
            f"请电话核对新指纹后{how_to_accept or f'用 --accept-new-key {township} '}重新登记。"))

    def _put(self, township: str, public_key: str, source: str) -> None:
        self.entries[township] = {"public_key": public_key, "fingerprint": fingerprint(public_key),
                                  "registered_from": source,
                                  "registered_at": dt.datetime.now().isoformat(timespec="seconds")}
        self.changed = True

    def as_json(self) -> dict:
        return {"format": FORMAT, "townships": self.entries}

    @classmethod
    def from_json(cls, data, where: str) -> "KeyRing":
        if data is None:
            return cls()
        entries = data.get("townships") if isinstance(data, dict) and data.get("format") == FORMAT else None
        if not isinstance(entries, dict) or not all(
                isinstance(k, str) and isinstance(v, dict) and isinstance(v.get("public_key"), str)
                for k, v in entries.items()):
            raise InputError(f"签名密钥登记（{where}）格式不对，无法使用。请检查该文件，或用 --keys 指定正确的文件。")
        return cls(dict(entries))


def load_file(path: str | Path) -> KeyRing:
    """The registry in ``path``; an empty one when the file does not exist yet."""
    path = Path(path)
    if not path.exists():
        return KeyRing()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"无法读取签名密钥登记文件 {path}（{err}）。请检查该文件，或用 --keys 指定正确的文件。") from None
    return KeyRing.from_json(data, str(path))


def save_file(ring: KeyRing, path: str | Path) -> Path:
    """Write the registry (temporary name, then rename)."""
    from ..fileio import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:
        Path(tmp).write_text(json.dumps(ring.as_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    ring.changed = False
    return path
