"""Shared fixtures. Every test reads real documents from corpus/ (inside the repository)."""

from __future__ import annotations

import pytest

from paths import SEED_DOCX


@pytest.fixture(scope="session")
def seed_record():
    from report_miner import parse_file

    return parse_file(SEED_DOCX)
