#!/usr/bin/env python3
"""Packs salt-marsh-year/ into the-salt-marsh-year.epub (mimetype first and
stored, the rest deflated, fixed times so the file is the same each run)."""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "salt-marsh-year")
OUT = os.path.join(HERE, "the-salt-marsh-year.epub")
STAMP = (2024, 3, 9, 0, 0, 0)

with zipfile.ZipFile(OUT, "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype", STAMP), "application/epub+zip",
               compress_type=zipfile.ZIP_STORED)
    names = []
    for root, _, files in os.walk(SRC):
        for f in files:
            path = os.path.relpath(os.path.join(root, f), SRC)
            if path != "mimetype":
                names.append(path)
    for path in sorted(names):
        with open(os.path.join(SRC, path), "rb") as fh:
            z.writestr(zipfile.ZipInfo(path, STAMP), fh.read(),
                       compress_type=zipfile.ZIP_DEFLATED)
print(OUT)
