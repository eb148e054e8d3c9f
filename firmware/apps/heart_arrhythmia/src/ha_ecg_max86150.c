/*
 * ECG source for the MAX86150 (ECG + PPG sensor used on Ambiq's evaluation setups), read with
 * neuralSPOT's ns-i2c and its MAX86150 register driver. Only the ECG channel is used: FIFO
 * slot 0 = ECG, other slots off, 200 samples/s. The FIFO buffers 32 samples, so the app
 * drains it from its wake-up timer and the CPU deep-sleeps in between.
 */
#include "ha_config.h"
#include "ha_ecg_source.h"
#include "ns_core.h"
#include "ns_i2c.h"
#include "ns_max86150_driver.h"

#define MAX86150_I2C_ADDRESS 0x5E
#define MAX86150_PART_ID 0x1E
#define MAX86150_ECG_RATE_200HZ 3 /* ECG_CONFIG1 rate code: 200 Hz, 52 Hz bandwidth */
#define MAX86150_PGA_GAIN_8 3     /* PGA gain 2^3 V/V */
#define MAX86150_IA_GAIN_9_5 1    /* instrumentation amplifier 9.5 V/V */
#define MAX86150_RESET_US 10000
#define I2C_SPEED_HZ 400000
/* ECG samples are 18-bit two's complement. */
#define ECG_SIGN_BIT (1L << 17)

static ns_i2c_config_t g_i2c = {.api = &ns_i2c_V1_0_0, .iom = ZOO_MAX86150_IOM};
static max86150_slot_type g_slots[4] = {
    Max86150SlotEcg, Max86150SlotOff, Max86150SlotOff, Max86150SlotOff};

static int i2c_write_read(
    uint16_t addr, const void *write_buf, size_t num_write, void *read_buf, size_t num_read) {
    return (int)ns_i2c_write_read(&g_i2c, addr, write_buf, num_write, read_buf, num_read);
}

static int i2c_read(const void *buf, uint32_t num_bytes, uint16_t addr) {
    return (int)ns_i2c_read(&g_i2c, buf, num_bytes, addr);
}

static int i2c_write(const void *buf, uint32_t num_bytes, uint16_t addr) {
    return (int)ns_i2c_write(&g_i2c, buf, num_bytes, addr);
}

static const max86150_context_t g_sensor = {
    .addr = MAX86150_I2C_ADDRESS,
    .i2c_write_read = i2c_write_read,
    .i2c_read = i2c_read,
    .i2c_write = i2c_write,
};

static int max86150_start(void) {
    if (ns_i2c_interface_init(&g_i2c, I2C_SPEED_HZ) != NS_STATUS_SUCCESS) {
        return -1;
    }
    if (max86150_get_part_id(&g_sensor) != MAX86150_PART_ID) {
        return -2; /* nothing (or something else) at the MAX86150's address */
    }
    max86150_reset(&g_sensor);
    ns_delay_us(MAX86150_RESET_US);
    max86150_set_fifo_slots(&g_sensor, g_slots);
    max86150_set_almost_full_rollover(&g_sensor, 1);
    max86150_set_ecg_sample_rate(&g_sensor, MAX86150_ECG_RATE_200HZ);
    max86150_set_ecg_pga_gain(&g_sensor, MAX86150_PGA_GAIN_8);
    max86150_set_ecg_ia_gain(&g_sensor, MAX86150_IA_GAIN_9_5);
    max86150_clear_fifo(&g_sensor);
    max86150_set_fifo_enable(&g_sensor, 1);
    max86150_powerup(&g_sensor);
    return 0;
}

static size_t max86150_read(int32_t *out, size_t cap) {
    uint32_t raw[HA_MAX_SAMPLES_PER_WAKE];
    if (MAX86150_FIFO_DEPTH > HA_MAX_SAMPLES_PER_WAKE) {
        return 0; /* the driver writes up to a full FIFO: raw[] must hold it */
    }
    size_t n = max86150_read_fifo_samples(&g_sensor, raw, g_slots, 1);
    if (n > cap) {
        n = cap;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = (int32_t)((long)(raw[i] & 0x3FFFFu) ^ ECG_SIGN_BIT) - ECG_SIGN_BIT;
    }
    return n;
}

const ha_ecg_source_t ha_ecg_max86150 = {
    .name = "max86150",
    .rate_hz = ZOO_MAX86150_RATE_HZ,
    .counts_per_mv = ZOO_MAX86150_COUNTS_PER_MV,
    .start = max86150_start,
    .read = max86150_read,
};
