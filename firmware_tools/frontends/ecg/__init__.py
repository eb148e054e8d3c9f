"""The ECG front end (``firmware/frontends/ecg/``): its bit-exact Python reference
(``reference``), the writer of a model's ``<model>_frontend_tables.h`` (``tables``) and the
firmware benchmark's measurement of it (``bench``)."""
