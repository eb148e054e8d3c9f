"""The front-end registry: every entry's C and Python are where it says, and names are checked."""

from __future__ import annotations

import re

import pytest

from firmware_tools import frontends
from firmware_tools.frontends import FRONTENDS, UnknownFrontendError


@pytest.mark.parametrize("name", sorted(FRONTENDS))
def test_every_front_end_has_its_c_and_python(name, tmp_path):
    frontend = frontends.get(name)
    assert frontend.directory.name == name
    assert list(frontend.include_dir.glob("*.h")) and frontend.sources
    assert frontend.load("reference").__name__ == frontend.reference
    for attribute in ("write_tables", "external", "bench"):  # optional callables
        if getattr(frontend, attribute):
            assert callable(frontend.load(attribute)), attribute
    if frontend.tables_define:
        # No default tables: a source that includes them stops the build without the define.
        guard = re.compile(rf"#ifndef {frontend.tables_define}\n#error ")
        assert any(guard.search(source.read_text()) for source in frontend.sources)
        with pytest.raises(ValueError, match=frontend.tables_define):
            frontend.build(None)
        header = tmp_path / "m_tables.h"
        assert frontend.build(header).defines[frontend.tables_define] == '"m_tables.h"'


def test_the_ecg_tables_writer_names_the_header_after_the_model(tmp_path):
    from modules.heart_arrhythmia import fixed_point

    write = frontends.get("ecg").load("write_tables")
    path = write(tmp_path, "some-model", fixed_point.frontend_tables())
    assert path == tmp_path / "some_model_frontend_tables.h"
    assert '#define ZOO_ECG_TABLES_MODEL "some-model"' in path.read_text()


def test_an_unknown_name_is_one_line_listing_the_known_ones():
    with pytest.raises(UnknownFrontendError) as error:
        frontends.get("audio_v9")
    assert (
        str(error.value)
        == f"unknown firmware front end 'audio_v9'; known: {', '.join(sorted(FRONTENDS))}"
    )
