/*
 * Runs a model's harness plan under QEMU (built by firmware_tools.model_image).
 *
 *   model.elf                 every golden vector: prints "out <i> <hex>" per vector and
 *                             "golden_mismatches <n>"; exits 1 if any output differs
 *   model.elf IN.bin OUT.bin  int8 inputs (back to back, input_bytes each) read from the host,
 *                             outputs written back; exits 0
 *
 * Instruction counting covers only zoo_plan_invoke (one region per inference).
 * zoo_model_binding.h (generated) names the plan and golden vectors; the arena is in TCM.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "zoo_model_binding.h"

static uint8_t s_arena[ZOO_PLAN_ARENA_BYTES] __attribute__((section(".arena"), aligned(16)));

/* Runs the plan on the input already in the arena's input slot; one counted region. */
static int invoke(void) {
  harness_count_begin();
  int status = zoo_plan_invoke(&ZOO_PLAN, s_arena);
  harness_count_end();
  if (status != 0) printf("plan failed at op %d\n", -status - 1);
  return status;
}

#define ZOO_INPUT ((int8_t *)(s_arena + ZOO_PLAN.input_offset))
#define ZOO_OUTPUT ((const int8_t *)(s_arena + ZOO_PLAN.output_offset))

static int run_golden(void) {
  int mismatches = 0;
  for (int g = 0; g < ZOO_GOLDEN_COUNT; ++g) {
    memcpy(ZOO_INPUT, ZOO_GOLDEN_INPUTS[g], (size_t)ZOO_PLAN.input_bytes);
    if (invoke() != 0) return 2;
    printf("out %d ", g);
    for (int32_t i = 0; i < ZOO_PLAN.output_bytes; ++i) printf("%02x", (uint8_t)ZOO_OUTPUT[i]);
    printf("\n");
    if (memcmp(ZOO_OUTPUT, ZOO_GOLDEN_OUTPUTS[g], ZOO_GOLDEN_OUTPUT_LEN) != 0) mismatches++;
  }
  printf("golden_mismatches %d\n", mismatches);
  return mismatches ? 1 : 0;
}

/* Reads each input straight into the arena's input slot, writes the output from its slot. */
static int run_files(const char *in_path, const char *out_path) {
  FILE *in = fopen(in_path, "rb");
  FILE *out = fopen(out_path, "wb");
  if (!in || !out) {
    printf("cannot open %s or %s\n", in_path, out_path);
    return 2;
  }
  int count = 0;
  while (fread(ZOO_INPUT, 1, (size_t)ZOO_PLAN.input_bytes, in) == (size_t)ZOO_PLAN.input_bytes) {
    if (invoke() != 0) return 2;
    fwrite(ZOO_OUTPUT, 1, (size_t)ZOO_PLAN.output_bytes, out);
    count++;
  }
  fclose(in);
  fclose(out);
  printf("inferences %d\n", count);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3) return run_files(argv[1], argv[2]);
  if (argc == 1) return run_golden();
  printf("usage: %s [IN.bin OUT.bin]\n", argv[0]);
  return 2;
}
