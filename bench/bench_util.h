/*
 * bench_util.h - what the C benchmarks share: clocks, sorting timings and
 * removing a temporary folder.
 */
#ifndef OG_BENCH_UTIL_H
#define OG_BENCH_UTIL_H

/* bench_now_us - CLOCK_MONOTONIC in microseconds */
double bench_now_us(void);
/* bench_cpu_us - this thread's CPU time in microseconds: what a run costs,
 * whatever else the machine is doing */
double bench_cpu_us(void);
/* bench_sort - sort n timings in place, smallest first */
void bench_sort(double *t, unsigned long n);
/* bench_rm_tree - remove dir and everything below it (errors ignored) */
void bench_rm_tree(const char *dir);

#endif
