"""Ed25519 signatures of exchange packages: the office's key pair, signing a manifest, verifying one.

The manifest lists every member's SHA-256, so signing the manifest signs the whole package. The signature
and the signer's public key travel in the manifest's ``signature`` field; ``verify`` proves only that the
package is unchanged since that key signed it. Whether the key is the township's is decided by the reader's
key registry (``keyring.py``): the county's ``keys.json``, a township database's own key and registrations.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from pathlib import Path

import sqlite_utils
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..db import signing_key_file
from ..db.backup import database_path
from ..errors import InputError, UserError

log = logging.getLogger(__name__)

ALGORITHM = "Ed25519"
FIELD = "signature"


class SignatureProblem(InputError):
    """The package is unsigned or its signature does not verify; the message says which, in Chinese."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, size: int) -> bytes | None:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError):
        return None
    return data if len(data) == size else None


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The public half as base64 of its 32 raw bytes (what manifests and keys.json hold)."""
    return _b64(_raw_public(key))


def fingerprint(public_key: str) -> str:
    """A short form a person can compare on paper: the first 16 hex digits of the key's SHA-256, in fours."""
    raw = _unb64(public_key, 32) or public_key.encode("utf-8", "replace")
    digest = hashlib.sha256(raw).hexdigest()[:16].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def _database_file(db: sqlite_utils.Database) -> Path:
    path = database_path(db)
    if not path.name:     # an in-memory database: PRAGMA database_list names no file (Path("") is ".")
        raise UserError("内存中的数据库没有签名密钥，无法生成数据交换包。")
    return path


def office_key(db: sqlite_utils.Database, *, create: bool = True) -> Ed25519PrivateKey | None:
    """The office's private key, made and stored beside the database on first need (``create``)."""
    database = _database_file(db)
    data = signing_key_file.read_key(database)
    if data is None:
        if not create:
            return None
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:
            signing_key_file.create_key(database, pem)
        except FileExistsError:   # another window made it a moment ago: use that one
            return office_key(db, create=False)
        return key
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(f"签名密钥文件 {signing_key_file.key_file(database)} 已损坏。请从备份文件夹中找回同名文件"
                        "放回数据文件夹；找不到时删除它，软件会生成新密钥（县里需用 --accept-new-key 重新登记）。")
    return key


def ensure_office_key(db: sqlite_utils.Database) -> str | None:
    """At first start (the GUI, a writing command): make the key pair when there is none; its fingerprint.

    The county may register the key from the fingerprint the clerk reads out of 设置, so it exists (and goes
    into the backups) before the first export. Idempotent: an existing key is never replaced. None when there
    is no usable key (in memory, a damaged key file, a folder that cannot be written): opening goes on, and
    设置 and the next export say what is wrong.
    """
    try:
        key = office_key(db, create=True)
    except (UserError, OSError) as err:
        log.warning("签名密钥不可用：%s", err)
        return None
    return fingerprint(public_key_text(key))


def office_public_key(db: sqlite_utils.Database) -> str | None:
    """This office's public key (base64), None when it has not signed anything yet."""
    key = office_key(db, create=False)
    return public_key_text(key) if key is not None else None


def signed_bytes(manifest: dict) -> bytes:
    """The manifest without its signature, as canonical JSON (sorted keys, no spaces, UTF-8)."""
    body = {k: v for k, v in manifest.items() if k != FIELD}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(manifest: dict, key: Ed25519PrivateKey) -> dict:
    """The ``signature`` field for ``manifest`` (which must already hold everything else)."""
    return {"algorithm": ALGORITHM, "public_key": public_key_text(key), "value": _b64(key.sign(signed_bytes(manifest)))}


def verify(manifest: dict, name: str) -> str:
    """The signer's public key when the signature verifies; SignatureProblem (naming the file) otherwise."""
    signature = manifest.get(FIELD)
    if signature is None:
        raise SignatureProblem(f"数据交换包“{name}”没有签名（可能由旧版本导出，或在导出后被改动过），已拒绝。"
                               "请对方用新版本重新导出。")
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM:
        raise SignatureProblem(f"数据交换包“{name}”的签名格式不对，已拒绝。")
    raw_key = _unb64(signature.get("public_key"), 32)
    value = _unb64(signature.get("value"), 64)
    if raw_key is None or value is None:
        raise SignatureProblem(f"数据交换包“{name}”的签名已损坏，已拒绝。")
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(value, signed_bytes(manifest))
    except (InvalidSignature, ValueError):
        raise SignatureProblem(f"数据交换包“{name}”的签名与内容不符：包在签名后被改动过，或签名是伪造的，已拒绝。") from None
    return signature["public_key"]
