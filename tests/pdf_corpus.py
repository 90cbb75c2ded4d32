"""A generated corpus of hostile and broken PDFs: truncations, bit flips, random streams, lying lengths and
offsets, broken filters, deep nesting, huge and cyclic page trees, bombs. Deterministic (seeded)."""
from __future__ import annotations

import io
import random
import zlib

from pypdf import PdfWriter

from server.documents.samples import make_pdf

HEADER = b"%PDF-1.4\n"
CATALOG = b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]%s>>"


def _doc(*objects: bytes, trailer: bytes = b"<</Root 1 0 R>>") -> bytes:
    """A PDF from numbered object bodies (1, 2, ...) with a correct xref table unless the caller breaks it."""
    out, offsets = bytearray(HEADER), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer" + trailer.replace(b">>", b"/Size %d>>" % (len(objects) + 1), 1) + b"\nstartxref\n%d\n%%%%EOF" % xref
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    n = len(data) if length is None else length
    return b"<</Length %d%s>>stream\n" % (n, extra) + data + b"\nendstream"


def _one_page(contents: bytes, resources: bytes = b"") -> bytes:
    return _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                PAGE % (b"/Contents 4 0 R" + resources), contents)


def structural(rng: random.Random) -> list[tuple[str, bytes]]:
    """Hand-shaped attacks on the object graph, the page tree, streams and the cross-reference table."""
    bomb = zlib.compress(b" " * (200 * 1024 * 1024), 9)
    text = _stream(b"BT /F1 12 Tf 72 720 Td (Xin chao) Tj ET")
    out = [
        ("empty.pdf", b""), ("zip.pdf", b"PK\x03\x04" + bytes(200)), ("text.pdf", "Tờ trình".encode() * 50),
        ("only-header.pdf", HEADER), ("html.pdf", b"<!DOCTYPE html><html><body>PDF</body></html>"),
        ("header-late.pdf", bytes(2000) + _one_page(text)),
        ("bomb.pdf", _one_page(_stream(bomb, b"/Filter/FlateDecode"))),
        ("deep-array.pdf", _doc(b"[" * 100_000 + b"]" * 100_000)),
        ("deep-dict.pdf", _doc(b"<</A " * 50_000 + b"1" + b">>" * 50_000)),
        ("loop-kids.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[2 0 R]/Count 1>>")),
        ("loop-parent.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                 b"<</Type/Pages/Parent 2 0 R/Kids[2 0 R 3 0 R]/Count 1>>")),
        ("count-billion.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1000000000>>",
                                   PAGE % b"")),
        ("count-negative.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count -5>>",
                                    PAGE % b"")),
        ("kids-not-array.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids 7/Count 1>>")),
        ("pages-missing.pdf", _doc(b"<</Type/Catalog>>")),
        ("root-missing.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", trailer=b"<</Info 9 0 R>>")),
        ("root-is-number.pdf", _doc(b"42", trailer=b"<</Root 1 0 R>>")),
        ("wide-kids.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>",
                               b"<</Type/Pages/Kids[" + b"3 0 R " * 200_000 + b"]/Count 200000>>", PAGE % b"")),
        ("ref-chain.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                               PAGE % b"/Contents 4 0 R", *[b"%d 0 R" % (i + 1) for i in range(4, 3000)], text)),
        ("ref-self.pdf", _doc(b"1 0 R")),
        ("length-huge.pdf", _one_page(_stream(b"BT ET", length=2**62))),
        ("length-negative.pdf", _one_page(_stream(b"BT ET", length=-100))),
        ("length-ref-loop.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                     PAGE % b"/Contents 4 0 R", b"<</Length 4 0 R>>stream\nBT ET\nendstream")),
        ("unknown-filter.pdf", _one_page(_stream(b"garbage", b"/Filter/NoSuchDecode"))),
        ("bad-flate.pdf", _one_page(_stream(rng.randbytes(4000), b"/Filter/FlateDecode"))),
        ("bad-lzw.pdf", _one_page(_stream(rng.randbytes(4000), b"/Filter/LZWDecode"))),
        ("bad-ascii85.pdf", _one_page(_stream(b"<~" + rng.randbytes(500) + b"~>", b"/Filter/ASCII85Decode"))),
        ("bad-hex.pdf", _one_page(_stream(b"zzzz>", b"/Filter/ASCIIHexDecode"))),
        ("filter-chain.pdf", _one_page(_stream(b"x", b"/Filter[" + b"/FlateDecode " * 5000 + b"]"))),
        ("predictor.pdf", _one_page(_stream(zlib.compress(rng.randbytes(3000)),
                                            b"/Filter/FlateDecode/DecodeParms<</Predictor 15/Columns 100000000>>"))),
        ("bad-font.pdf", _one_page(text, b"/Resources<</Font<</F1 5 0 R>>>>")),
        ("bad-image.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                               PAGE % b"/Contents 4 0 R/Resources<</XObject<</I 5 0 R>>>>",
                               _stream(b"q 100 0 0 100 0 0 cm /I Do Q"),
                               _stream(rng.randbytes(2000), b"/Type/XObject/Subtype/Image/Width 100000/Height 100000"
                                                            b"/BitsPerComponent 8/ColorSpace/DeviceRGB/Filter/DCTDecode"))),
        ("objstm-bad.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", _stream(b"1 0 2 5 garbage", b"/Type/ObjStm/N 999999/First -4"))),
        ("xref-offsets-wrong.pdf", _one_page(text).replace(b"0000000009 00000 n", b"0009999999 00000 n")),
        ("startxref-wrong.pdf", _one_page(text).rsplit(b"startxref", 1)[0] + b"startxref\n999999999\n%%EOF"),
        ("startxref-negative.pdf", _one_page(text).rsplit(b"startxref", 1)[0] + b"startxref\n-1\n%%EOF"),
        ("prev-loop.pdf", _one_page(text).replace(b"/Root 1 0 R", b"/Root 1 0 R/Prev 0")),
        ("trailer-missing.pdf", _one_page(text).split(b"trailer")[0]),
        ("xref-huge-count.pdf", _one_page(text).replace(b"xref\n0 5", b"xref\n0 999999999")),
        ("mediabox-bad.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                                  b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 1e308 -1e308]/Rotate 45>>")),
        ("names-deep.pdf", _doc(b"<</Type/Catalog/Pages 2 0 R/Outlines 3 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>",
                                b"<</First 3 0 R/Last 3 0 R/Next 3 0 R/Title(loop)>>")),
        ("null-bytes.pdf", HEADER + bytes(100_000)),
        ("eof-only.pdf", b"%%EOF" * 10_000),
    ]
    good = io.BytesIO(make_pdf("Tài liệu gốc", 2))
    writer = PdfWriter(clone_from=good)
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    enc = io.BytesIO()
    writer.write(enc)
    out.append(("encrypted.pdf", enc.getvalue()))
    return out


def mutations(rng: random.Random, good: bytes, tag: str, truncations: int, flips: int) -> list[tuple[str, bytes]]:
    """Truncations at random points and random bit flips (1 to 60 bits) of a good file."""
    out = [(f"{tag}-truncated-{cut}.pdf", good[:cut])
           for cut in sorted(rng.sample(range(1, len(good) - 1), truncations))]
    for i in range(flips):
        data = bytearray(good)
        for _ in range(rng.randint(1, 60)):
            data[rng.randrange(9, len(data))] ^= 1 << rng.randrange(8)
        out.append((f"{tag}-bitflip-{i}.pdf", bytes(data)))
    # a run of random bytes written over the middle
    for i in range(flips // 4):
        at, n = rng.randrange(9, len(good) - 10), rng.randint(1, 400)
        out.append((f"{tag}-splat-{i}.pdf", good[:at] + rng.randbytes(n) + good[at + n:]))
    return out


def random_streams(rng: random.Random, count: int) -> list[tuple[str, bytes]]:
    """Random bytes, with and without a PDF header and trailer, and random PDF-ish tokens."""
    tokens = [b"obj", b"endobj", b"<<", b">>", b"[", b"]", b"/Type", b"/Page", b"/Pages", b"/Kids", b"/Count",
              b"stream\n", b"\nendstream", b"xref", b"trailer", b"startxref", b"R", b"0", b"1", b"-1", b"(", b")"]
    out = []
    for i in range(count):
        kind = i % 3
        if kind == 0:
            data = rng.randbytes(rng.randint(1, 20_000))
        elif kind == 1:
            data = HEADER + rng.randbytes(rng.randint(1, 20_000)) + b"\n%%EOF"
        else:
            data = HEADER + b" ".join(rng.choice(tokens) for _ in range(rng.randint(10, 5000))) + b"\n%%EOF"
        out.append((f"random-{i}.pdf", data))
    return out


def corpus(size: str = "full") -> list[tuple[str, bytes]]:
    """`full`: several hundred files; `small`: a few dozen for quick in-process tests."""
    rng = random.Random(7)
    small = size == "small"
    one = make_pdf("Tờ trình dự toán ngân sách", 3)
    many = make_pdf("Báo cáo kinh tế – xã hội", 12, extra="Phụ lục số liệu " * 40)
    out = structural(rng)
    out += mutations(rng, one, "a", 6 if small else 60, 8 if small else 120)
    if not small:
        out += mutations(rng, many, "b", 40, 60)
    out += random_streams(rng, 6 if small else 60)
    return out
