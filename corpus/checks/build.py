#!/usr/bin/env python3
"""Build the cross-check corpus from manifest.yaml.

  src/<stem>.txt            the consistent reports, written by hand (light markdown, as the devset)
  src/<id>.txt              the planted copies, generated: a base with one error (manifest `replace`)
  docs/<stem>.docx|.pdf     every consistent report (+ -autonum variants with a header table)
  docs/<id>.docx            every planted copy

usage: /work/main/.venv/bin/python build.py [--no-pdf] [--check]
  --check  only verify that every planted replacement applies (no rendering)
The renderer is the shared /work/shared/tools/mkdocx.py; PDFs come from LibreOffice (`soffice`).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
MKDOCX = pathlib.Path("/work/shared/tools/mkdocx.py")


def load_manifest() -> dict:
    return yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))


def planted_text(entry: dict) -> str:
    """The base report with the entry's replacements; each old text must be found."""
    text = (HERE / "src" / f"{entry['base']}.txt").read_text(encoding="utf-8")
    for old, new in entry["replace"]:
        if old not in text:
            raise SystemExit(f"{entry['id']}: {old!r} is not in {entry['base']}.txt")
        text = text.replace(old, new)
    return text


def render(src: pathlib.Path, out: pathlib.Path, header: str | None = None) -> None:
    cmd = [sys.executable, str(MKDOCX), str(src), str(out)]
    if header:
        cmd += ["--autonum", "--header", header]
    subprocess.run(cmd, check=True)


def to_pdf(docs: list[pathlib.Path]) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(HERE / "docs")]
                   + [str(d) for d in docs], check=True, capture_output=True)


def main(argv: list[str]) -> int:
    manifest = load_manifest()
    (HERE / "docs").mkdir(exist_ok=True)
    planted = manifest["planted"]
    for entry in planted:
        text = planted_text(entry)
        if "--check" not in argv:
            (HERE / "src" / f"{entry['id']}.txt").write_text(text, encoding="utf-8")
    if "--check" in argv:
        print(f"{len(planted)} planted copies apply cleanly")
        return 0
    pdf_inputs = []
    for c in manifest["consistent"]:
        out = HERE / "docs" / f"{c['stem']}.docx"
        render(HERE / "src" / f"{c['stem']}.txt", out)
        pdf_inputs.append(out)
        if c.get("autonum"):
            auto = HERE / "docs" / f"{c['stem']}-autonum.docx"
            render(HERE / "src" / f"{c['stem']}.txt", auto, c["autonum"])
            pdf_inputs.append(auto)
    for entry in planted:
        render(HERE / "src" / f"{entry['id']}.txt", HERE / "docs" / f"{entry['id']}.docx")
    if "--no-pdf" not in argv:
        to_pdf(pdf_inputs)
    pdf = "" if "--no-pdf" in argv else " (+ pdf)"
    print(f"built {len(pdf_inputs)} consistent documents{pdf} and {len(planted)} planted copies")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
