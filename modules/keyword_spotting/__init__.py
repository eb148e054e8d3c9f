"""Keyword spotting: 10 keywords, ``_silence_`` and ``_unknown_`` from 1 s of 16 kHz audio."""

from modules.spec import ModelSpec

SPEC = ModelSpec(
    cli_name="keyword-spotting",
    model_name="keyword_spotting",
    summary="Spoken keywords (yes/no/up/down/left/right/on/off/stop/go) from 1 s of audio",
    pipeline="pipelines.keyword_spotting",
    data_cli="modules.keyword_spotting.data_cli:data_commands",
    write_default_data="modules.keyword_spotting.data_cli:write_default_data",
    default_data_version="modules.keyword_spotting.synthesis:CORPUS_VERSION",
    predictor="modules.keyword_spotting.inference:load_predictor",
    frontend="audio",
    benchmark="benchmarks/keyword_spotting.py",
    write_tiny_data="modules.keyword_spotting.fixtures:write_tiny_dataset",
    write_predict_inputs="modules.keyword_spotting.fixtures:write_predict_inputs",
    write_app_settings="modules.keyword_spotting.firmware_app:write",
    tiny_pipeline={"train_steps": 300, "min_accuracy": 0.5, "min_class_recall": 0.0},
)
