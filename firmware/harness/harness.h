/*
 * QEMU test harness for Apollo4-sized images on mps2-an386 (Cortex-M4F), with semihosting.
 *
 * startup.c provides the vector table and Reset_Handler: it copies .data, zeroes .bss, enables the
 * FPU, calls initialise_monitor_handles() (so printf/fopen go to the host), builds argc/argv from
 * the semihosting command line, calls the program's ordinary
 *
 *     int main(int argc, char **argv);
 *
 * and exits QEMU with main's return value as the process exit status. Files on the host can be
 * read and written with fopen() (paths relative to QEMU's working directory, or absolute).
 *
 * Instruction counting (firmware_tools.qemu.run_elf(count_instructions=True) runs QEMU with
 * -icount shift=0, so virtual time advances 1 ns per instruction): wrap the code to measure in
 * harness_count_begin()/harness_count_end(); at exit the harness prints one "@harness ..." line
 * that run_elf removes from stdout and turns into QemuResult.instructions. Without any region the
 * whole run from reset is counted.
 */
#ifndef ZOO_HARNESS_H_
#define ZOO_HARNESS_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Leaves QEMU with this exit status (flushes stdio first). Never returns. */
void harness_exit(int status) __attribute__((noreturn));

/* Start / stop a measured region; regions may repeat and their counts add up. */
void harness_count_begin(void);
void harness_count_end(void);

#ifdef __cplusplus
}
#endif

#endif /* ZOO_HARNESS_H_ */
