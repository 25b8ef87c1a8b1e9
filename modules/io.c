/*
 * io.c - buffered connection I/O over a socket or a TLS session.
 *
 * Owns: the receive and send buffers of one connection and the TLS object
 * once STARTTLS (or implicit TLS) has run. Every wait goes through poll()
 * with the connection's timeout; a line read or a TLS handshake has to
 * finish within one timeout as a whole (a deadline, not a timeout per
 * read), so no peer can hold a thread by trickling bytes. Line reads are bounded
 * by the caller's maximum; a longer line is handed back in chunks with
 * IO_TOOLONG so memory stays bounded whatever the peer sends.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "io.h"

#define IO_READ_CHUNK 16384

void
io_init(struct io *io, int fd)
{
	memset(io, 0, sizeof(*io));
	io->fd = fd;
	/* every wait is a poll() with the timeout: the socket never blocks */
	if (fd >= 0) {
		int fl = fcntl(fd, F_GETFL);

		if (fl >= 0 && !(fl & O_NONBLOCK))
			(void)fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	}
	buf_init(&io->in);
	buf_init(&io->out);
}

void
io_close(struct io *io)
{
	if (io->ssl != NULL) {
		/* one close_notify, no waiting for the peer's */
		if (!io->eof)
			(void)SSL_shutdown(io->ssl);
		SSL_free(io->ssl);
		io->ssl = NULL;
	}
	if (io->fd >= 0)
		close(io->fd);
	io->fd = -1;
	buf_free(&io->in);
	buf_free(&io->out);
}

void
io_set_timeout(struct io *io, unsigned seconds)
{
	io->timeout_ms = seconds > 4000000 ? 4000000000u : seconds * 1000;
}

void
io_set_timeout_ms(struct io *io, unsigned ms)
{
	io->timeout_ms = ms;
}

int
io_is_tls(const struct io *io)
{
	return io->ssl != NULL;
}

size_t
io_pending(const struct io *io)
{
	return io->in.len;
}

void
io_discard_pending(struct io *io)
{
	buf_reset(&io->in);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
io_set_keep_waiting(struct io *io, int (*fn)(void *, long long), void *arg)
{
	io->keep_waiting = fn;
	io->keep_waiting_arg = arg;
}

/* deadline_start - the operation beginning now has one timeout to end */
static void
deadline_start(struct io *io)
{
	io->deadline_ms = io->timeout_ms ? now_ms() + io->timeout_ms : 0;
}

static enum io_result
io_wait(struct io *io, short events)
{
	struct pollfd pfd;
	int n, timeout = io->timeout_ms ? (int)io->timeout_ms : -1;

	pfd.fd = io->fd;
	pfd.events = events;
	for (;;) {
		int slice;

		if (io->deadline_ms != 0) {
			long long left = io->deadline_ms - now_ms();

			timeout = left > 0 ? (int)left : 0;
		}
		slice = io->keep_waiting != NULL && io->deadline_ms != 0 &&
		    timeout > IO_RECHECK_MS ? IO_RECHECK_MS : timeout;
		n = poll(&pfd, 1, slice);
		if (n > 0)
			return IO_OK;
		if (n == 0 && slice != timeout && io->keep_waiting(
		    io->keep_waiting_arg, now_ms() - (io->deadline_ms -
		    io->timeout_ms)))
			continue;
		if (n == 0) {
			io->errstr = "timeout";
			return IO_TIMEOUT;
		}
		if (errno != EINTR) {
			io->errstr = "poll failed";
			return IO_ERROR;
		}
	}
}

/* io_fill - read more bytes into io->in; IO_OK, IO_EOF, IO_ERROR,
 * IO_TIMEOUT */
static enum io_result
io_fill(struct io *io)
{
	enum io_result r;
	ssize_t n;

	if (io->eof)
		return IO_EOF;
	buf_reserve(&io->in, IO_READ_CHUNK);
	for (;;) {
		if (io->ssl != NULL) {
			int rv, err;

			ERR_clear_error();
			rv = SSL_read(io->ssl, io->in.data + io->in.len,
			    IO_READ_CHUNK);
			if (rv > 0) {
				n = rv;
				break;
			}
			err = SSL_get_error(io->ssl, rv);
			if (err == SSL_ERROR_WANT_READ)
				r = io_wait(io, POLLIN);
			else if (err == SSL_ERROR_WANT_WRITE)
				r = io_wait(io, POLLOUT);
			else if (err == SSL_ERROR_ZERO_RETURN) {
				io->eof = 1;
				return IO_EOF;
			} else {
				io->errstr = err == SSL_ERROR_SYSCALL &&
					rv == 0 ? "connection closed without "
					"close_notify" : "TLS read error";
				io->eof = 1;
				return err == SSL_ERROR_SYSCALL && rv == 0 ?
				    IO_EOF : IO_ERROR;
			}
			if (r != IO_OK)
				return r;
			continue;
		}
		n = recv(io->fd, io->in.data + io->in.len, IO_READ_CHUNK, 0);
		if (n > 0)
			break;
		if (n == 0) {
			io->eof = 1;
			return IO_EOF;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if ((r = io_wait(io, POLLIN)) != IO_OK)
				return r;
			continue;
		}
		io->errstr = errno == ECONNRESET ? "connection reset" :
		    "read error";
		return IO_ERROR;
	}
	io->in.len += (size_t)n;
	io->in.data[io->in.len] = '\0';
	io->bytes_in += (unsigned long long)n;
	return IO_OK;
}

static enum io_result readline(struct io *, struct buf *, size_t);

enum io_result
io_readline(struct io *io, struct buf *line, size_t max)
{
	enum io_result r;

	deadline_start(io);
	r = readline(io, line, max);
	io->deadline_ms = 0;
	return r;
}

static enum io_result
readline(struct io *io, struct buf *line, size_t max)
{
	size_t scanned = 0;

	buf_reset(line);
	for (;;) {
		char *nl;
		size_t limit = io->in.len < max ? io->in.len : max;

		nl = memchr(io->in.data + scanned, '\n', limit - scanned);
		if (nl != NULL) {
			size_t n = (size_t)(nl - io->in.data) + 1;

			buf_append(line, io->in.data, n);
			buf_consume(&io->in, n);
			return IO_OK;
		}
		if (io->in.len >= max) {
			buf_append(line, io->in.data, max);
			buf_consume(&io->in, max);
			return IO_TOOLONG;
		}
		scanned = io->in.len;
		if (io->out.len > 0) {
			enum io_result fr = io_flush(io);

			if (fr != IO_OK)
				return fr;
		}
		enum io_result r = io_fill(io);
		if (r != IO_OK) {
			if (r == IO_EOF && io->in.len > 0) {
				/* a last line without newline */
				buf_append(line, io->in.data, io->in.len);
				buf_reset(&io->in);
				return IO_OK;
			}
			return r;
		}
	}
}

void
io_write(struct io *io, const void *data, size_t len)
{
	buf_append(&io->out, data, len);
}

void
io_printf(struct io *io, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&io->out, fmt, ap);
	va_end(ap);
}

enum io_result
io_flush(struct io *io)
{
	size_t off = 0;
	enum io_result r;

	while (off < io->out.len) {
		size_t left = io->out.len - off;
		ssize_t n;

		if (io->ssl != NULL) {
			int rv, err;

			ERR_clear_error();
			rv = SSL_write(io->ssl, io->out.data + off,
			    left > 1 << 30 ? 1 << 30 : (int)left);
			if (rv > 0) {
				off += (size_t)rv;
				continue;
			}
			err = SSL_get_error(io->ssl, rv);
			if (err == SSL_ERROR_WANT_WRITE)
				r = io_wait(io, POLLOUT);
			else if (err == SSL_ERROR_WANT_READ)
				r = io_wait(io, POLLIN);
			else {
				io->errstr = "TLS write error";
				r = IO_ERROR;
			}
			if (r != IO_OK)
				goto fail;
			continue;
		}
		n = send(io->fd, io->out.data + off, left, MSG_NOSIGNAL);
		if (n >= 0) {
			off += (size_t)n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if ((r = io_wait(io, POLLOUT)) != IO_OK)
				goto fail;
			continue;
		}
		io->errstr = errno == EPIPE || errno == ECONNRESET ?
		    "connection reset" : "write error";
		r = IO_ERROR;
		goto fail;
	}
	io->bytes_out += off;
	buf_reset(&io->out);
	return IO_OK;
fail:
	io->bytes_out += off;
	buf_reset(&io->out);
	return r;
}

/* tls_setup - io->ssl for the connection; what was received in plaintext
 * and not consumed is gone (CVE-2011-0411), what was queued is sent */
static enum io_result
tls_setup(struct io *io, SSL_CTX *ctx, int server, const char *sni)
{
	enum io_result r;

	io_discard_pending(io);
	if ((r = io_flush(io)) != IO_OK)
		return r;
	io->ssl = SSL_new(ctx);
	if (io->ssl == NULL || SSL_set_fd(io->ssl, io->fd) != 1) {
		io->errstr = "TLS setup failed";
		return IO_ERROR;
	}
	if (server)
		SSL_set_accept_state(io->ssl);
	else {
		SSL_set_connect_state(io->ssl);
		if (sni != NULL)
			SSL_set_tlsext_host_name(io->ssl, sni);
	}
	return IO_OK;
}

static enum io_result
tls_handshake(struct io *io)
{
	enum io_result r;
	int rv, err;

	for (;;) {
		ERR_clear_error();
		rv = SSL_do_handshake(io->ssl);
		if (rv == 1)
			return IO_OK;
		err = SSL_get_error(io->ssl, rv);
		if (err == SSL_ERROR_WANT_READ)
			r = io_wait(io, POLLIN);
		else if (err == SSL_ERROR_WANT_WRITE)
			r = io_wait(io, POLLOUT);
		else {
			unsigned long e = ERR_peek_error();

			io->errstr = e ? ERR_reason_error_string(e) : NULL;
			if (io->errstr == NULL)
				io->errstr = "TLS handshake failed";
			io->eof = 1;
			return IO_ERROR;
		}
		if (r != IO_OK)
			return r;
	}
}

enum io_result
io_start_tls(struct io *io, SSL_CTX *ctx, int server, const char *sni)
{
	enum io_result r;

	if ((r = tls_setup(io, ctx, server, sni)) != IO_OK)
		return r;
	deadline_start(io);
	r = tls_handshake(io);
	io->deadline_ms = 0;
	return r;
}

enum io_result
io_start_tls_verified(struct io *io, SSL_CTX *ctx, const char *sni,
    const char *name)
{
	unsigned char ip[16];
	enum io_result r;
	long vr;
	int ok;

	if ((r = tls_setup(io, ctx, 0, sni)) != IO_OK)
		return r;
	SSL_set_verify(io->ssl, SSL_VERIFY_PEER, NULL);
	if (inet_pton(AF_INET, name, ip) == 1 ||
	    inet_pton(AF_INET6, name, ip) == 1)
		ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(io->ssl),
		    name);
	else
		ok = SSL_set1_host(io->ssl, name);
	if (ok != 1) {
		io->errstr = "cannot set the name to verify";
		return IO_ERROR;
	}
	deadline_start(io);
	r = tls_handshake(io);
	io->deadline_ms = 0;
	vr = SSL_get_verify_result(io->ssl);
	if (r == IO_ERROR && vr != X509_V_OK)
		io->errstr = X509_verify_cert_error_string(vr);
	else if (r == IO_OK && SSL_get0_peer_certificate(io->ssl) == NULL) {
		io->errstr = "the server sent no certificate";
		io->eof = 1;
		return IO_ERROR;
	}
	return r;
}

void
io_tls_summary(const struct io *io, char *out, size_t outsz)
{
	const SSL_CIPHER *c;
	int alg_bits = 0, bits;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (io->ssl == NULL || (c = SSL_get_current_cipher(io->ssl)) == NULL)
		return;
	bits = SSL_CIPHER_get_bits(c, &alg_bits);
	snprintf(out, outsz, "%s with cipher %s (%d/%d bits)",
	    SSL_get_version(io->ssl), SSL_CIPHER_get_name(c), bits, alg_bits);
}
