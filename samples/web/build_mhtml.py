#!/usr/bin/env python3
"""Builds tidepools.mhtml from tidepools.html and its _files folder, as
Chrome's "Save page as… single file" writes one: a multipart/related message
with the page (quoted-printable) and its image (base64), each named by its
address. Run from anywhere: python3 samples/web/build_mhtml.py"""
import base64
import quopri
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE = "https://coastal-notes.example.org/guides/tidepools"
BOUNDARY = "----MultipartBoundary--Marginalia0Tidepools0Sample----"

html = (HERE / "tidepools.html").read_bytes()
image = (HERE / "tidepools_files" / "anemone.png").read_bytes()
wrapped = base64.encodebytes(image).decode("ascii").replace("\n", "\r\n")
parts = [
    "From: <Saved by Blink>\r\n"
    f"Snapshot-Content-Location: {PAGE}\r\n"
    "Subject: A Field Guide to Tide Pools\r\n"
    "Date: Sat, 5 Dec 2026 10:00:00 -0000\r\n"
    "MIME-Version: 1.0\r\n"
    f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{BOUNDARY}"\r\n\r\n\r\n',
    f"--{BOUNDARY}\r\n"
    "Content-Type: text/html\r\n"
    "Content-ID: <frame-0@mhtml.blink>\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    f"Content-Location: {PAGE}\r\n\r\n"
    + quopri.encodestring(html).decode("ascii").replace("\n", "\r\n")
    + "\r\n\r\n",
    f"--{BOUNDARY}\r\n"
    "Content-Type: image/png\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-Location: https://coastal-notes.example.org/guides/tidepools_files/anemone.png\r\n\r\n"
    + wrapped
    + "\r\n",
    f"--{BOUNDARY}--\r\n",
]
(HERE / "tidepools.mhtml").write_bytes("".join(parts).encode("ascii"))
print(f"wrote {HERE / 'tidepools.mhtml'}")
