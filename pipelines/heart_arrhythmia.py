"""Heart arrhythmia: what its pipeline adds to the standard DAG (``pipelines/factory.py``).

WFDB records (``*.hea`` with their signal and rhythm-annotation files) become labelled 10 s
windows, hash-split by patient so that no patient is in training and evaluation both.
"""

from modules.heart_arrhythmia import SPEC, config, preprocessing
from pipelines.factory import ModelPipeline, PushSettings, RecordFiles

PIPELINE = ModelPipeline(
    spec=SPEC,
    records=RecordFiles(
        file_pattern="*.hea",
        record_fn="modules.heart_arrhythmia.windows.record_to_examples",
        split_feature=config.PATIENT_KEY,
    ),
    schema_file="modules/heart_arrhythmia/schema.pbtxt",
    label_feature=config.LABEL_KEY,
    preprocessing_fn="modules.heart_arrhythmia.preprocessing.preprocessing_fn",
    run_fn="modules.heart_arrhythmia.trainer.run_fn",
    push=PushSettings(
        feature_key=preprocessing.ECG_XF,
        label_key=preprocessing.LABEL_XF,
        class_names=config.CLASS_NAMES,
        extra_manifest=config.MANIFEST_EXTRAS,
        # Writes the firmware front end's tables header into the package.
        firmware_tables_fn="modules.heart_arrhythmia.fixed_point.write_firmware_tables",
    ),
    train_steps=12000,
    min_class_recall=config.MIN_CLASS_RECALL,
)

PIPELINE_NAME = PIPELINE.name
create_pipeline = PIPELINE.create_pipeline
data_components = PIPELINE.data_components
