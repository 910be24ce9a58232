"""Where the real documents the tests read live (all inside the repository)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
EDGE = CORPUS / "edge"
WRITTEN = CORPUS / "written"
SEED_DOCX = CORPUS / "son-nham-q2-2024.docx"
SEED_PDF = CORPUS / "son-nham-q2-2024.pdf"
SEED_AUTONUM = CORPUS / "son-nham-q2-2024-autonum.docx"
SEED_AUTONUM_PDF = CORPUS / "son-nham-q2-2024-autonum.pdf"
