/* Declarations for the compile-only check, not neuralSPOT's header (see README.md):
 * ns-i2c/includes-api/ns_i2c.h. */
#ifndef NS_I2C
#define NS_I2C

#include "ns_core.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const ns_core_api_t ns_i2c_V1_0_0;

/* AmbiqSuite's IOM configuration; its members are internal state the apps never touch. */
typedef struct {
    uint32_t opaque_;
} am_hal_iom_config_t;

typedef struct {
    const ns_core_api_t *api;
    int8_t iom;
    void *iomHandle;
    am_hal_iom_config_t sIomCfg;
} ns_i2c_config_t;

uint32_t ns_i2c_interface_init(ns_i2c_config_t *cfg, uint32_t speed);
uint32_t ns_i2c_read(ns_i2c_config_t *cfg, const void *buf, uint32_t size, uint16_t addr);
uint32_t ns_i2c_write(ns_i2c_config_t *cfg, const void *buf, uint32_t size, uint16_t addr);
uint32_t ns_i2c_write_read(
    ns_i2c_config_t *cfg, uint16_t addr, const void *writeBuf, size_t numWrite, void *readBuf,
    size_t numRead);

#ifdef __cplusplus
}
#endif
#endif
