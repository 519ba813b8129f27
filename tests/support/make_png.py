#!/usr/bin/env python3
"""Writes a small solid-colour PNG (standard library only), for the image tests.

    make_png.py OUT WIDTH HEIGHT [RRGGBB]
"""
import struct
import sys
import zlib


def make_png(width, height, rgb=b"\xff\x00\x00"):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    colour = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 else b"\xff\x00\x00"
    with open(sys.argv[1], "wb") as f:
        f.write(make_png(int(sys.argv[2]), int(sys.argv[3]), colour))
