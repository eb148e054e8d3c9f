/*
 * Compile-time settings of the heart-arrhythmia app. module.mk turns make variables
 * (ZOO_ECG_SOURCE=..., ZOO_PROFILE=1, ZOO_PRINT=itm) into these defines (ZOO_PROFILE and
 * ZOO_PRINT_ITM, shared by every app, are defaulted in common/app/zoo_app.h); see docs/firmware.md.
 */
#ifndef HA_CONFIG_H_
#define HA_CONFIG_H_

/* Where ECG comes from: AUTO uses a MAX86150 when one answers on I2C, else the built-in replay. */
#define ZOO_ECG_AUTO 0
#define ZOO_ECG_MAX86150 1
#define ZOO_ECG_REPLAY 2
#ifndef ZOO_ECG_SOURCE
#define ZOO_ECG_SOURCE ZOO_ECG_AUTO
#endif

/* Wake-up period. The MAX86150 FIFO holds 32 samples (160 ms at 200 Hz); draining it every
 * 60 ms (12 samples) leaves room for one late wake-up before samples are overwritten. */
#ifndef ZOO_WAKE_PERIOD_US
#define ZOO_WAKE_PERIOD_US 60000
#endif

/* Windows over which the rhythm tracker smooths the reported rhythm. */
#ifndef ZOO_SMOOTHING_WINDOWS
#define ZOO_SMOOTHING_WINDOWS 3
#endif

/* MAX86150: IO master its I2C bus is wired to, and its ECG sample rate (200 Hz: the sensor's
 * slowest ECG rate, register value 3, 52 Hz bandwidth). */
#ifndef ZOO_MAX86150_IOM
#define ZOO_MAX86150_IOM 1
#endif
#define ZOO_MAX86150_RATE_HZ 200
/* ECG counts per millivolt at the configured gains, if you have calibrated it; 0 leaves the
 * front end's standard-deviation floor at its tables' nominal gain (it only matters for
 * near-flat windows, e.g. electrodes off). */
#ifndef ZOO_MAX86150_COUNTS_PER_MV
#define ZOO_MAX86150_COUNTS_PER_MV 0
#endif

/* Largest number of sensor-rate samples one wake-up delivers (the MAX86150 FIFO depth). */
#define HA_MAX_SAMPLES_PER_WAKE 32

#if 2 * ZOO_MAX86150_RATE_HZ * ZOO_WAKE_PERIOD_US / 1000000 > HA_MAX_SAMPLES_PER_WAKE
#error "ZOO_WAKE_PERIOD_US is too long: one late wake-up would overflow the MAX86150 FIFO"
#endif

#endif /* HA_CONFIG_H_ */
