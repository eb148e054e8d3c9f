"""Heart arrhythmia (NORMAL / OTHER / AFIB / AFL) from single-lead ECG, behind a quality gate.

A demonstration model, not a medical device.
"""

from modules.spec import ModelSpec

SPEC = ModelSpec(
    cli_name="heart-arrhythmia",
    model_name="heart_arrhythmia",
    summary="Single-lead ECG rhythm: NORMAL / OTHER / AFIB / AFL behind a quality gate "
    "(demonstration, not a medical device)",
    pipeline="pipelines.heart_arrhythmia",
    data_cli="modules.heart_arrhythmia.data_cli:data_commands",
    write_default_data="modules.heart_arrhythmia.data_cli:write_default_data",
    predictor="modules.heart_arrhythmia.inference:load_predictor",
    frontend="ecg",
    check_data="modules.heart_arrhythmia.data_checks:check_data",
    default_data_version="modules.heart_arrhythmia.synthesis.dataset:GENERATOR_VERSION",
    benchmark="benchmarks/heart_arrhythmia.py",
    write_tiny_data="modules.heart_arrhythmia.fixtures:write_tiny_dataset",
    write_predict_inputs="modules.heart_arrhythmia.fixtures:write_predict_inputs",
    tiny_pipeline={"train_steps": 1200, "min_accuracy": 0.4, "min_class_recall": 0.0},
)
