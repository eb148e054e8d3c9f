/* Declarations for the compile-only check, not neuralSPOT's header (see README.md):
 * ns-audio/includes-api/ns_audio.h, the members and calls the keyword-spotting app uses for PDM
 * capture (Apollo4 branch; the AUDADC-only members are left out). */
#ifndef NS_AUDIO
#define NS_AUDIO

#include "ns_core.h"

#ifdef __cplusplus
extern "C" {
#endif

extern const ns_core_api_t ns_audio_V2_0_0;
extern const ns_core_api_t ns_audio_V2_1_0;

/* AmbiqSuite's PDM gain setting (am_hal_pdm.h, 1.5 dB steps): the names the app uses only
 * (the enumerators' values here are not AmbiqSuite's). */
typedef enum {
    AM_HAL_PDM_GAIN_0DB,
    AM_HAL_PDM_GAIN_P105DB,
    AM_HAL_PDM_GAIN_P210DB,
} am_hal_pdm_gain_e;

/* AmbiqSuite's PDM DMA transfer descriptor (filled in by ns_audio_init). */
typedef struct {
    uint32_t ui32TargetAddr;
    uint32_t ui32TotalCount;
    uint32_t ui32TargetAddrReverse;
} am_hal_pdm_transfer_t;

typedef enum {
    NS_AUDIO_API_CALLBACK,
    NS_AUDIO_API_RINGBUFFER,
    NS_AUDIO_API_TASK,
} ns_audio_api_mode_e;

typedef enum {
    NS_AUDIO_SOURCE_AUDADC,
    NS_AUDIO_SOURCE_PDM,
} ns_audio_source_e;

typedef enum {
    NS_CLKSEL_XTHS,
    NS_CLKSEL_HFXTAL,
    NS_CLKSEL_HFRC,
    NS_CLKSEL_HFRC2,
    NS_CLKSEL_HFRC2_ADJ,
} ns_audio_clksel_e;

typedef enum {
    NS_AUDIO_PDM_CLK_750KHZ,
    NS_AUDIO_PDM_CLK_1_5MHZ,
} ns_audio_pdm_clock_e;

typedef enum {
    NS_AUDIO_PDM_MICBOARD_0 = 0,
    NS_AUDIO_PDM_MICBOARD_1 = 2,
    NS_AUDIO_PDM_MICBOARD_2 = 1,
} ns_audio_pdm_micsel_e;

typedef struct {
    ns_audio_clksel_e clock;
    ns_audio_pdm_clock_e clock_freq;
    ns_audio_pdm_micsel_e mic;
    uint8_t numBytes;
    am_hal_pdm_gain_e left_gain;
    am_hal_pdm_gain_e right_gain;
} ns_pdm_cfg_t;

struct ns_audio_cfg;
typedef void (*ns_audio_callback_cb)(struct ns_audio_cfg *, uint16_t);

typedef struct ns_audio_cfg {
    const ns_core_api_t *api;
    ns_audio_api_mode_e eAudioApiMode;
    ns_audio_callback_cb callback;
    void *audioBuffer;
    ns_audio_source_e eAudioSource;
    uint32_t *sampleBuffer;
    void *workingBuffer;
    uint8_t numChannels;
    uint16_t numSamples;
    uint16_t sampleRate;
    void *audadc_config;
    ns_pdm_cfg_t *pdm_config;
    am_hal_pdm_transfer_t sTransfer;
    void *audioSystemHandle;
    void *bufferHandle;
} ns_audio_config_t;

extern uint32_t ns_audio_init(ns_audio_config_t *);
extern uint32_t ns_start_audio(ns_audio_config_t *);
extern uint32_t ns_end_audio(ns_audio_config_t *);
extern void ns_audio_getPCM_v2(ns_audio_config_t *config, void *pcm);

#ifdef __cplusplus
}
#endif
#endif
