"""F9–F10: seeded byte-level fuzz of a tally workbook and of an exchange package's manifest.

Every damaged file ends in exit 2 with a Chinese message (or, when the damage happens to be harmless, is read
normally): never "程序内部错误" (exit 1) and never a traceback. The seeds are fixed, so a failure repeats.
"""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest

from desktop_app.cli import main
from desktop_app.domain.ballots import BallotEntry, ItemSpec
from desktop_app.exchange.package import MANIFEST, manifest_checksum
from desktop_app.reports.excel.tally_workbook import write_workbook
from package_tools import is_chinese, members

SEED = 15
RAW_CASES = 120        # bytes of the .xlsx itself (mostly caught by the zip's checksums)
MEMBER_CASES = 160     # bytes of one XML part, re-zipped with a correct CRC (reaches the XML readers)
MANIFEST_RAW_CASES = 80
MANIFEST_VALUE_CASES = 160


def outcome(argv, capsys) -> tuple[int, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as stop:
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.err


def assert_handled(code, err, what):
    assert code in (0, 2), f"{what}: exit {code}\n{err[-1500:]}"
    assert "程序内部错误" not in err and "Traceback" not in err, f"{what}\n{err[-1500:]}"
    if code == 2:
        assert is_chinese(err), f"{what}\n{err}"


@pytest.fixture(scope="module")
def tally_bytes(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "计票.xlsx"
    election = ItemSpec("1", "选举副乡长", "选举", 2, 45, 43, True, ("张三", "李四", "王五"))
    motion = ItemSpec("2", "关于预算的决议", "表决", None, 45, 43, False, ())
    rating = ItemSpec("3", "民生实事满意度测评", "测评", None, 45, 43, False, ("道路硬化", "饮水工程"))
    marks = "YN-"
    write_workbook(path, [
        (election, [BallotEntry(n, marks[n % 3] + marks[(n + 1) % 3] + "Y", ("赵六",) if n % 7 == 0 else (),
                                void=n == 5) for n in range(1, 41)]),
        (motion, [BallotEntry(n, marks[n % 3]) for n in range(1, 41)]),
        (rating, [BallotEntry(n, "SB"[n % 2] + "U") for n in range(1, 41)]),
    ])
    return path.read_bytes()


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random byte edits: overwrite, insert, delete, or cut the tail."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        choice = rng.random()
        at = rng.randrange(len(data)) if data else 0
        if choice < 0.55 and data:
            data[at] = rng.randrange(256)
        elif choice < 0.75:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        elif choice < 0.95 and data:
            del data[at:at + rng.randint(1, 8)]
        else:
            del data[at:]
    return bytes(data)


def mutate_xml(text: bytes, rng: random.Random) -> bytes:
    """Byte edits aimed at what the readers interpret: markup characters, digits of references, quotes."""
    interesting = [i for i, b in enumerate(text) if b in b'<>"/=0123456789:']
    data = bytearray(text)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        at = rng.choice(interesting) if interesting and rng.random() < 0.7 else rng.randrange(len(data))
        at = min(at, len(data) - 1)
        data[at] = rng.choice(b'<>"/&;9 \x00\xff' + bytes([rng.randrange(256)]))
    return bytes(data)


def rezip(original: bytes, name: str, new: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, new if info.filename == name else src.read(info.filename))
    return buffer.getvalue()


def test_byte_fuzz_of_a_tally_workbook(tally_bytes, tmp_path, capsys):
    rng = random.Random(SEED)
    path = tmp_path / "计票.xlsx"
    codes = []
    for case in range(RAW_CASES):
        path.write_bytes(mutate(tally_bytes, rng))
        code, err = outcome(["tally", path], capsys)
        assert_handled(code, err, f"raw case {case}")
        codes.append(code)
    assert codes.count(2) > RAW_CASES // 2   # the fuzz does damage: most cases are refused


def test_byte_fuzz_of_the_xml_inside_a_tally_workbook(tally_bytes, tmp_path, capsys):
    rng = random.Random(SEED + 1)
    with zipfile.ZipFile(io.BytesIO(tally_bytes)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist() if name.endswith((".xml", ".rels"))}
    sheets = [name for name in parts if name.startswith("xl/worksheets/")]
    path = tmp_path / "计票.xlsx"
    codes = []
    for case in range(MEMBER_CASES):
        name = rng.choice(sheets) if rng.random() < 0.6 else rng.choice(sorted(parts))
        path.write_bytes(rezip(tally_bytes, name, mutate_xml(parts[name], rng)))
        code, err = outcome(["tally", path], capsys)
        assert_handled(code, err, f"member case {case} ({name})")
        codes.append(code)
    assert codes.count(2) > MEMBER_CASES // 3


@pytest.fixture
def county_db(tmp_path):
    return tmp_path / "county.db"


def write_zip(path, files: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def test_byte_fuzz_of_a_package_manifest(package_path, tmp_path, county_db, capsys):
    rng = random.Random(SEED + 2)
    files = members(package_path)
    manifest = files[MANIFEST]
    path = tmp_path / "包.zip"
    codes = []
    for case in range(MANIFEST_RAW_CASES):
        write_zip(path, {**files, MANIFEST: mutate(manifest, rng)})
        code, err = outcome(["--db", county_db, "sync-import", path, "--dry-run"], capsys)
        assert_handled(code, err, f"manifest raw case {case}")
        codes.append(code)
    # Changes to the JSON's layout (spaces, line breaks) keep the checksum; every other change is refused.
    assert codes.count(2) > MANIFEST_RAW_CASES * 3 // 4


ODD_VALUES = (None, "", "x", "../../etc/passwd", "C:\\\\x", -1, 0, 3, 10 ** 30, 1.5, float("inf"), True,
              [], {}, ["x"], {"a": 1}, "2099-12-31", "9" * 400)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _replace(value, path, new):
    if not path:
        return new
    value = json.loads(json.dumps(value))
    target = value
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return value


def test_fuzz_of_manifest_values_signed_again(package_path, tmp_path, county_db, capsys):
    """A forger who recomputes the checksum: odd types and values anywhere in the manifest."""
    rng = random.Random(SEED + 3)
    files = members(package_path)
    manifest = json.loads(files[MANIFEST])
    path = tmp_path / "包.zip"
    folder = tmp_path / "县"
    folder.mkdir()
    for case in range(MANIFEST_VALUE_CASES):
        edited = manifest
        for _ in range(rng.randint(1, 3)):
            paths = [p for p in _paths(edited) if p and p[0] != "manifest_sha256"]
            if paths:
                edited = _replace(edited, rng.choice(paths), rng.choice(ODD_VALUES))
        if isinstance(edited, dict):
            edited["manifest_sha256"] = manifest_checksum(edited)
        body = json.dumps(edited, ensure_ascii=False, allow_nan=True).encode("utf-8")
        write_zip(path, {**files, MANIFEST: body})
        code, err = outcome(["--db", county_db, "sync-import", path, "--dry-run"], capsys)
        assert_handled(code, err, f"manifest value case {case}: {body[:300]!r}")
        if case % 8 == 0:
            write_zip(folder / "包.zip", {**files, MANIFEST: body})
            code, err = outcome(["county-report", folder, "--out", tmp_path / "汇总.xlsx"], capsys)
            assert_handled(code, err, f"county case {case}: {body[:300]!r}")
