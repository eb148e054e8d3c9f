/*
 * Reset, vector table, semihosting argv and exit for the QEMU harness (see harness.h).
 *
 * Written for mps2-an386 under QEMU: the CMSDK APB timer 0 (25 MHz system clock) is the
 * instruction clock when QEMU runs with -icount shift=0 (1 instruction = 1 ns = 1/40 tick).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

extern int main(int argc, char **argv);
extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);

extern uint32_t __data_start__, __data_end__, __data_load__, __bss_start__, __bss_end__;
extern uint32_t __stack_top__;

/* ---- semihosting ------------------------------------------------------------------------- */

enum {
  SYS_GET_CMDLINE = 0x15,
  SYS_EXIT_EXTENDED = 0x20,
  ADP_STOPPED_APPLICATION_EXIT = 0x20026,
  ADP_STOPPED_RUNTIME_ERROR = 0x20023,
};

static int semihost(int op, void *arg) {
  register int r0 __asm__("r0") = op;
  register void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

/* ---- instruction clock (CMSDK APB timer 0, counting down from 0xFFFFFFFF) ----------------- */

#define TIMER0_CTRL (*(volatile uint32_t *)0x40000000u)
#define TIMER0_VALUE (*(volatile uint32_t *)0x40000004u)
#define TIMER0_RELOAD (*(volatile uint32_t *)0x40000008u)

static uint32_t s_reset_ticks;
static uint32_t s_region_start;
static uint64_t s_region_ticks;
static uint32_t s_regions;

static void timer_start(void) {
  TIMER0_CTRL = 0;
  TIMER0_RELOAD = 0xFFFFFFFFu;
  TIMER0_VALUE = 0xFFFFFFFFu;
  TIMER0_CTRL = 1u; /* enable, system clock, no interrupt */
  s_reset_ticks = TIMER0_VALUE;
}

static uint32_t ticks_since(uint32_t start) { return start - TIMER0_VALUE; /* down counter */ }

void harness_count_begin(void) { s_region_start = TIMER0_VALUE; }

void harness_count_end(void) {
  s_region_ticks += ticks_since(s_region_start);
  s_regions++;
}

/* ---- exit ---------------------------------------------------------------------------------- */

static void report_and_exit(int status) __attribute__((noreturn));
static void report_and_exit(int status) {
  uint32_t total = ticks_since(s_reset_ticks);
  fflush(stdout);
  fflush(stderr);
  printf("\n@harness ticks=%lu regions=%lu total_ticks=%lu\n", (unsigned long)s_region_ticks,
         (unsigned long)s_regions, (unsigned long)total);
  fflush(stdout);
  uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status};
  semihost(SYS_EXIT_EXTENDED, block);
  for (;;) {
  }
}

void harness_exit(int status) { report_and_exit(status); }

/* newlib's exit() ends here after atexit handlers: keep main's status (rdimon's _exit cannot). */
void _exit(int status) { report_and_exit(status); }

/* -nostartfiles drops crti/crtn; __libc_init_array still calls these. */
void _init(void) {}
void _fini(void) {}

/* ---- argv from the semihosting command line (run_elf passes no quoted arguments) ----------- */

#define HARNESS_CMDLINE_MAX 2048
#define HARNESS_ARGV_MAX 32

static char s_cmdline[HARNESS_CMDLINE_MAX];
static char *s_argv[HARNESS_ARGV_MAX + 1];

static int build_argv(void) {
  struct {
    char *buffer;
    int length;
  } block = {s_cmdline, HARNESS_CMDLINE_MAX - 1};
  int argc = 0;
  if (semihost(SYS_GET_CMDLINE, &block) != 0) {
    s_argv[0] = "app";
    s_argv[1] = NULL;
    return 1;
  }
  s_cmdline[block.length] = '\0';
  for (char *p = s_cmdline; *p && argc < HARNESS_ARGV_MAX;) {
    while (*p == ' ') *p++ = '\0';
    if (!*p) break;
    s_argv[argc++] = p;
    while (*p && *p != ' ') p++;
  }
  s_argv[argc] = NULL;
  return argc;
}

/* ---- reset and faults ---------------------------------------------------------------------- */

void Reset_Handler(void) {
  for (uint32_t *src = &__data_load__, *dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t *dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
  *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20); /* CPACR: CP10/CP11 full access (FPU) */
  __asm__ volatile("dsb\n isb" ::: "memory");
  timer_start();
  __libc_init_array();
  initialise_monitor_handles();
  int argc = build_argv();
  report_and_exit(main(argc, s_argv));
}

static void fault(const char *name) {
  fprintf(stderr, "harness: %s\n", name);
  uint32_t block[2] = {ADP_STOPPED_RUNTIME_ERROR, 0};
  semihost(SYS_EXIT_EXTENDED, block); /* QEMU exits with status 1 */
  for (;;) {
  }
}

void HardFault_Handler(void) { fault("HardFault"); }
void MemManage_Handler(void) { fault("MemManage fault"); }
void BusFault_Handler(void) { fault("BusFault"); }
void UsageFault_Handler(void) { fault("UsageFault (undefined instruction, unaligned or divide by 0)"); }
void Default_Handler(void) { fault("unexpected interrupt"); }

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used)) static const vector_t s_vectors[16 + 32] = {
    (vector_t)&__stack_top__, Reset_Handler,     Default_Handler,    HardFault_Handler,
    MemManage_Handler,        BusFault_Handler,  UsageFault_Handler, 0,
    0,                        0,                 0,                  Default_Handler, /* SVC */
    Default_Handler,          0,                 Default_Handler,    Default_Handler,
    [16 ... 47] = Default_Handler,
};
