/*
 * io.h - one buffered connection, plaintext or TLS, with per-operation
 * timeouts and bounded line reads. Used by the SMTP server side (sessions)
 * and the SMTP client side (relay to the next hop).
 */
#ifndef OG_IO_H
#define OG_IO_H

#include <openssl/ssl.h>
#include <stddef.h>

#include "buf.h"

enum io_result {
	IO_OK = 1,	 /* a line (or the requested bytes) */
	IO_EOF = 0,	 /* peer closed */
	IO_ERROR = -1,	 /* socket or TLS error */
	IO_TIMEOUT = -2, /* no progress within the timeout */
	IO_TOOLONG = -3, /* max bytes without a newline: chunk returned */
};

struct io {
	int fd;
	SSL *ssl;
	unsigned timeout_ms; /* per operation (see below); 0: none */
	long long deadline_ms; /* CLOCK_MONOTONIC ms the running line read
				  or handshake must end by; 0: none */
	struct buf in;	     /* received, not yet consumed */
	struct buf out;	     /* queued for io_flush */
	int eof;
	const char *errstr;  /* last error, static text */
	unsigned long long bytes_in, bytes_out;
	/* asked every IO_RECHECK_MS of a wait with no traffic, with the ms
	 * the running operation has taken: 0 ends it as a timeout */
	int (*keep_waiting)(void *arg, long long waited_ms);
	void *keep_waiting_arg;
};

#define IO_RECHECK_MS 5000

/* io_init - take over fd (made non-blocking: all waits are polls) */
void io_init(struct io *io, int fd);
/* io_close - shut TLS down, close the socket, free buffers */
void io_close(struct io *io);
void io_set_timeout(struct io *io, unsigned seconds);
void io_set_timeout_ms(struct io *io, unsigned ms);
/* io_set_keep_waiting - fn (may be NULL) decides, during long waits,
 * whether the operation may go on waiting */
void io_set_keep_waiting(struct io *io, int (*fn)(void *, long long),
    void *arg);

/* io_readline - next line up to and including '\n' into line (replacing
 * its contents), at most max bytes. IO_TOOLONG: max bytes without '\n'
 * were moved into line; call again for the rest. Pending output is
 * flushed before blocking. The whole line must arrive within the timeout
 * (a deadline per line, as Postfix's smtpd_per_record_deadline), so a
 * peer that trickles a byte now and then cannot hold the connection; a
 * TLS handshake has one deadline too. Writes wait the timeout per wait. */
enum io_result io_readline(struct io *io, struct buf *line, size_t max);

/* io_pending - bytes already received but not consumed (pipelining) */
size_t io_pending(const struct io *io);
/* io_discard_pending - drop received, unconsumed bytes (STARTTLS) */
void io_discard_pending(struct io *io);

void io_write(struct io *io, const void *data, size_t len);
void io_printf(struct io *io, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* io_flush - send all queued output. IO_OK, IO_ERROR or IO_TIMEOUT */
enum io_result io_flush(struct io *io);

/* io_start_tls - TLS handshake on the connection as server (server != 0)
 * or client; unconsumed input is discarded first (CVE-2011-0411).
 * sni: client side only, may be NULL. IO_OK or an error. */
enum io_result io_start_tls(struct io *io, SSL_CTX *ctx, int server,
    const char *sni);
/* io_start_tls_verified - the client handshake, and the server's
 * certificate must chain to the context's trust store and match name (a
 * DNS name, or an IPv4/IPv6 address matched against the IP SANs); a
 * failure is IO_ERROR with io's error text saying why */
enum io_result io_start_tls_verified(struct io *io, SSL_CTX *ctx,
    const char *sni, const char *name);

/* io_tls_summary - "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256
 * bits)" for Received headers, or "" on a plaintext connection */
void io_tls_summary(const struct io *io, char *out, size_t outsz);
int io_is_tls(const struct io *io);

#endif
