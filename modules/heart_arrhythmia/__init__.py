"""Heart arrhythmia (AFIB / AFL) detection from single-lead ECG.

A demonstration model, not a medical device.
"""
