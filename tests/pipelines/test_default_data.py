"""The embedded default data set is written when missing, rewritten when its generator changed."""

import dataclasses

from modules.registry import MODELS
from pipelines import default_data

VERSION = "7"
WRITES = []


def write_fake(out):
    out.mkdir(parents=True)
    (out / "record.hea").write_text(f"written by {VERSION}\n")
    WRITES.append(out)


def _spec(versioned=True):
    return dataclasses.replace(
        MODELS["heart-arrhythmia"],
        write_default_data=f"{__name__}:write_fake",
        default_data_version=f"{__name__}:VERSION" if versioned else "",
    )


def test_written_when_missing_then_kept_while_the_generator_is_unchanged(tmp_path):
    said = []
    data = default_data.ensure_default_data(_spec(), tmp_path / "d", say=said.append)
    assert (data / "record.hea").read_text() == "written by 7\n"
    assert default_data.found_version(data) == "heart_arrhythmia 7"
    assert said == [f"No data at {data}: generating the embedded default data set."]
    said.clear()
    assert default_data.ensure_default_data(_spec(), data, say=said.append) == data
    assert said == [] and WRITES.count(data) == 1


def test_rewritten_when_the_generator_version_changed(tmp_path, monkeypatch):
    data = default_data.ensure_default_data(_spec(), tmp_path / "d", say=lambda _: None)
    (data / "stale.txt").write_text("left by the old generator")
    monkeypatch.setitem(globals(), "VERSION", "8")
    said = []
    default_data.ensure_default_data(_spec(), data, say=said.append)
    assert said == [
        f"Default data at {data} was written by heart_arrhythmia 7, the current one is "
        "heart_arrhythmia 8: rewriting it."
    ]
    assert not (data / "stale.txt").exists()
    assert (data / "record.hea").read_text() == "written by 8\n"
    assert default_data.found_version(data) == "heart_arrhythmia 8"


def test_unstamped_data_is_rewritten_only_for_a_versioned_model(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "old.hea").write_text("no stamp")
    said = []
    default_data.ensure_default_data(_spec(versioned=False), data, say=said.append)
    assert said == [] and (data / "old.hea").exists()
    default_data.ensure_default_data(_spec(), data, say=said.append)
    assert "written by an unstamped generator" in said[0]
    assert not (data / "old.hea").exists()


def test_the_heart_model_names_its_generator_version():
    from modules.heart_arrhythmia.synthesis.dataset import GENERATOR_VERSION

    assert default_data.wanted_version(MODELS["heart-arrhythmia"]) == (
        f"heart_arrhythmia {GENERATOR_VERSION}"
    )
