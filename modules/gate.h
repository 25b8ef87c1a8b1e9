/*
 * gate.h - a counting gate: at most n holders at once; the others wait,
 * up to a deadline. It bounds what one costly step may take of the host
 * when many sessions reach it together (a yescrypt password check needs
 * 16 MiB and a CPU for a while).
 */
#ifndef OG_GATE_H
#define OG_GATE_H

struct gate;

/* gate_create - a gate for n holders (n >= 1) */
struct gate *gate_create(unsigned n);
void gate_destroy(struct gate **g);

/* gate_enter - 1 when entered (call gate_leave after), 0 when no place
 * came free within timeout_ms milliseconds. A NULL gate always admits. */
int gate_enter(struct gate *g, unsigned timeout_ms);
void gate_leave(struct gate *g);

#endif
