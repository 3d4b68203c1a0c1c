"""QR codes drawn fast enough for one per ballot: reportlab's encoder with a table-driven Reed–Solomon step,
drawn as one path of whole-module rectangles written as PDF operators.

reportlab's encoder recomputes the generator polynomial and divides by it with lists of lists for every
code, and formats every rectangle's floats: for 500 ballots that is seconds. The codes are the same QR
codes (the standard's version, level, data and mask placement are reportlab's own).
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode import qrencoder

VERSION = 3                                   # 29 modules: up to 61 alphanumeric characters at level M
LEVEL = qrencoder.QRErrorCorrectLevel.M

# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@lru_cache(maxsize=None)
def _generator(degree: int) -> tuple[int, ...]:
    """Coefficients (highest first, leading 1 dropped) of the product of (x - a^i), i < degree."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, c in enumerate(poly):
            nxt[j] ^= c
            if c:
                nxt[j + 1] ^= _EXP[_LOG[c] + i]
        poly = nxt
    return tuple(poly[1:])


def _remainder(data: list[int], degree: int) -> list[int]:
    """The error-correction codewords of one block: data * x^degree mod the generator."""
    gen = [_LOG[g] for g in _generator(degree)]
    rest = [0] * degree
    for byte in data:
        factor = byte ^ rest[0]
        rest = rest[1:] + [0]
        if factor:
            lf = _LOG[factor]
            rest = [r ^ _EXP[g + lf] for r, g in zip(rest, gen)]
    return rest


def _codewords(qr: qrencoder.QRCode) -> list[int]:
    """What reportlab's ``QRCode.createData`` returns: data and error-correction codewords, interleaved."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(qr.version, qr.errorCorrectLevel)
    buffer = qrencoder.QRBitBuffer()
    for data in qr.dataList:
        data.write(buffer, qr.version)
    capacity = sum(block.dataCount for block in blocks) * 8
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"QR data too long: {buffer.getLengthInBits()} > {capacity} bits")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pad = (0xEC, 0x11)
    i = 0
    while buffer.getLengthInBits() < capacity:
        buffer.put(pad[i % 2], 8)
        i += 1
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        chunk = list(buffer.buffer[offset:offset + block.dataCount])
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_remainder(chunk, block.totalCount - block.dataCount))
    out: list[int] = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out += [b[i] for b in group if i < len(b)]
    return out


def _qr(text: str) -> qrencoder.QRCode:
    qr = qrencoder.QRCode(VERSION, LEVEL)
    qr.addData(text)
    qr.dataCache = _codewords(qr)
    return qr


@lru_cache(maxsize=8)
def _template(mask: int) -> tuple[tuple[tuple[bool | None, ...], ...], tuple[tuple[int, int, bool], ...]]:
    """The modules every code of the version shares with this mask (finders, timing, format) and, in placing
    order, each data module's (row, col, mask bit)."""
    qr = _qr("0")
    qr.makeImpl(False, mask)
    mask_of = qrencoder.QRUtil.getMask(mask)
    places = tuple((row, col, bool(mask_of(row, col))) for col, row in qr.dataPosIterator())
    return tuple(tuple(row) for row in qr.modules), places


def modules(text: str, mask: int | None = None) -> tuple[list[list[bool]], int]:
    """The module matrix (rows top to bottom, True = dark) and the mask used (the best one when None)."""
    qr = _qr(text)
    if mask is None:
        mask = qr.getBestMaskPattern()
    fixed, places = _template(mask)
    matrix = [list(row) for row in fixed]
    bits = [(byte >> shift) & 1 == 1 for byte in qr.dataCache for shift in range(7, -1, -1)]
    bits += [False] * (len(places) - len(bits))   # the remainder bits
    for (row, col, flip), bit in zip(places, bits):
        matrix[row][col] = bit ^ flip
    return matrix, mask


def draw(canvas, text: str, rect: tuple[float, float, float, float], mask: int | None = None) -> int:
    """Draw the code of ``text`` filling the square ``rect`` (x0, y0, x1, y1 in points); returns the mask."""
    matrix, mask = modules(text, mask)
    count = len(matrix)
    x0, y0, x1, _y1 = rect
    unit = (x1 - x0) / count
    ops = []
    for row, dark in enumerate(matrix):
        y = count - 1 - row
        col = 0
        while col < count:
            if dark[col]:
                start = col
                while col < count and dark[col]:
                    col += 1
                # a hair taller than the module, so that no seam shows between rows when rasterised
                ops.append(f"{start} {y - 0.02:.2f} {col - start} 1.04 re")
            else:
                col += 1
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.transform(unit, 0, 0, unit, x0, y0)
    canvas.addLiteral("\n".join(ops) + "\nf")
    canvas.restoreState()
    return mask
