/*
 * notify.c - lock notifications: the administrator's mail and the
 * notify.command program (see notify.h for the contract).
 *
 * Owns: the notification jobs (one detached thread each, at most
 * NOTIFY_MAX_JOBS at a time; more are dropped with a warning rather than
 * queued without bound), the text of the mail, the JSON given to the
 * command, and running the command: fork + execve, never through a
 * shell; argv is [command, account] and the environment only
 * PATH=/usr/bin:/bin; its own process group, killed (the whole group)
 * after notify.command_timeout; its output (first NOTIFY_OUTPUT_MAX
 * bytes) and exit status logged.
 *
 * Does not own: when a lock happens (policy.c calls the hook once per new
 * lock), the next hop (relay.c), the config snapshot (config.c).
 *
 * Invariants: a job holds copies of everything it needs, the relay
 * pointer taken at the call and a reference on the current config for
 * the next hop's settings; nothing of the calling session is touched after
 * notify_lock returns. Between fork and execve the child calls only
 * async-signal-safe functions on data prepared before the fork.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "buf.h"
#include "config.h"
#include "json.h"
#include "lockstate.h"
#include "log.h"
#include "notify.h"
#include "relay.h"
#include "serve.h"
#include "timefmt.h"
#include "xmalloc.h"

#define NOTIFY_MAX_JOBS 32
#define NOTIFY_OUTPUT_MAX 512
#define NOTIFY_ENV_PATH "PATH=/usr/bin:/bin"

struct notify_job {
	char *account;
	struct lockstate ls;
	int64_t now;
	struct relay *relay;
	char *hostname;
	char *admin;	/* "" : no mail */
	char *from;
	char *command;	/* "" : no command */
	unsigned timeout;
};

static pthread_mutex_t jobs_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_done = PTHREAD_COND_INITIALIZER;
static unsigned jobs_running;

/* ---------------------------------------------------------- text */

/* put_ascii - s as printable ASCII (anything else becomes '?'), for a
 * mail body that declares us-ascii and must not break lines */
static void
put_ascii(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		buf_putc(b, (unsigned char)*s >= 0x20 &&
		    (unsigned char)*s < 0x7f ? *s : '?');
}

char *
notify_lock_json(const char *hostname, const char *account,
    const struct lockstate *ls)
{
	char when[32], *out;
	struct buf b;

	buf_init(&b);
	buf_puts(&b, "{\"account\":");
	json_escape(&b, account);
	buf_puts(&b, ",\"reason\":");
	json_escape(&b, ls->reason);
	buf_puts(&b, ",\"detail\":");
	json_escape(&b, ls->detail);
	buf_printf(&b, ",\"permanent\":%s", ls->permanent ? "true" : "false");
	timefmt_iso(ls->since, when);
	buf_printf(&b, ",\"since\":\"%s\"", when);
	if (ls->permanent)
		buf_puts(&b, ",\"until\":null");
	else {
		timefmt_iso(ls->until, when);
		buf_printf(&b, ",\"until\":\"%s\"", when);
	}
	buf_printf(&b, ",\"unlocks\":%u,\"hostname\":", ls->unlocks);
	json_escape(&b, hostname);
	buf_puts(&b, "}\n");
	out = buf_steal(&b, NULL);
	buf_free(&b);
	return out;
}

char *
notify_lock_mail(const char *hostname, const char *from, const char *to,
    const char *account, const struct lockstate *ls, int64_t now,
    size_t *len_r)
{
	unsigned char rnd[6];
	char when[32], *out;
	struct buf b;
	size_t i;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		memset(rnd, 0, sizeof(rnd));
	buf_init(&b);
	/* RFC 5322 §3.6: Date and From are required */
	buf_puts(&b, "Date: ");
	timefmt_rfc5322(now, &b);
	buf_printf(&b, "\r\nFrom: outguard <%s>\r\nTo: <%s>\r\n", from, to);
	buf_puts(&b, "Subject: outguard: account ");
	put_ascii(&b, account);
	buf_puts(&b, " locked (");
	put_ascii(&b, ls->reason);
	buf_puts(&b, ")\r\n");
	buf_printf(&b, "Message-ID: <outguard-lock.%lld.", (long long)now);
	for (i = 0; i < sizeof(rnd); i++)
		buf_printf(&b, "%02x", rnd[i]);
	buf_printf(&b, "@%s>\r\n", hostname);
	/* RFC 3834 §5: no automatic replies to this */
	buf_puts(&b, "Auto-Submitted: auto-generated\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=us-ascii\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n\r\n");

	buf_puts(&b, "outguard on ");
	put_ascii(&b, hostname);
	buf_puts(&b, " has locked the account ");
	put_ascii(&b, account);
	buf_puts(&b, ".\r\nIt cannot send mail until the lock ends.\r\n\r\n");
	buf_puts(&b, "Reason:  ");
	put_ascii(&b, ls->reason);
	buf_puts(&b, "\r\nDetail:  ");
	put_ascii(&b, ls->detail);
	timefmt_iso(ls->since, when);
	buf_printf(&b, "\r\nSince:   %s\r\n", when);
	if (ls->permanent)
		buf_puts(&b, "Until:   an administrator unlocks it "
		    "(permanent lock)\r\n");
	else {
		timefmt_iso(ls->until, when);
		buf_printf(&b, "Until:   %s (it unlocks by itself)\r\n", when);
	}
	buf_printf(&b, "Unlocks by timeout so far: %u\r\n\r\n", ls->unlocks);
	buf_puts(&b, "The evidence (last messages, counters, events):\r\n"
	    "    outguard user why ");
	put_ascii(&b, account);
	buf_puts(&b, "\r\nTo unlock the account:\r\n    outguard user unlock ");
	put_ascii(&b, account);
	buf_puts(&b, "\r\n\r\n-- \r\noutguard, ");
	put_ascii(&b, hostname);
	buf_puts(&b, "\r\n");
	out = buf_steal(&b, len_r);
	buf_free(&b);
	return out;
}

/* ---------------------------------------------------------- mail */

static int
reply_ok(const struct relay_reply *rep)
{
	return rep->code >= 200 && rep->code < 300;
}

static void
send_mail(const struct notify_job *job)
{
	struct config *cfg = config_acquire();
	struct relay_conn *conn = NULL;
	struct relay_reply rep;
	const char *step = "MAIL";
	size_t len;
	char *msg;

	if (cfg == NULL || job->relay == NULL) {
		log_warnx("notify: no next hop to mail %s about the lock of %s",
		    job->admin, job->account);
		config_release(&cfg);
		return;
	}
	msg = notify_lock_mail(job->hostname, job->from, job->admin,
	    job->account, &job->ls, job->now, &len);
	memset(&rep, 0, sizeof(rep));
	if (relay_begin(job->relay, cfg, &conn, job->from, NULL, &rep) < 0)
		goto fail;
	step = "RCPT";
	if (relay_rcpt(conn, job->admin, NULL, &rep) < 0 || !reply_ok(&rep))
		goto fail;
	step = "DATA";
	if (relay_data(conn, msg, len, &rep) < 0 || !reply_ok(&rep))
		goto fail;
	log_info("notify: mailed %s about the lock of %s (%d %s %s)",
	    job->admin, job->account, rep.code, rep.enh, rep.text);
	goto out;
fail:
	log_warnx("notify: cannot mail %s about the lock of %s: next hop "
	    "%s at %s: %d %s %s", job->admin, job->account, cfg->next_hop,
	    step, rep.code, rep.enh, rep.text);
	relay_reset(conn);
out:
	relay_end(job->relay, &conn);
	free(msg);
	config_release(&cfg);
}

/* ------------------------------------------------------- command */

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* child - in the forked process: only async-signal-safe calls */
static void __attribute__((noreturn))
child(int in_fd, int out_fd, char *const argv[], char *const envp[])
{
	struct sigaction sa;
	sigset_t none;
	int sig;

	(void)setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(in_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
	    dup2(out_fd, STDERR_FILENO) < 0)
		_exit(126);
	/* nothing of the daemon's (sockets, state files) goes along */
	if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) {
		long fd, max = sysconf(_SC_OPEN_MAX);

		for (fd = 3; fd < (max > 0 ? max : 1024); fd++)
			(void)close((int)fd);
	}
	if (chdir("/") < 0)
		_exit(126);
	execve(argv[0], argv, envp);
	_exit(127);
}

/* write_some - what of stdin's data fits now; -1 when the pipe is done */
static int
write_some(int fd, const char *data, size_t len, size_t *off)
{
	ssize_t n = write(fd, data + *off, len - *off);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	*off += (size_t)n;
	return *off == len ? -1 : 0;
}

static void
run_command(const struct notify_job *job)
{
	char *argv[3], *envp[2];
	char *input = notify_lock_json(job->hostname, job->account, &job->ls);
	char output[NOTIFY_OUTPUT_MAX + 1], esc[NOTIFY_OUTPUT_MAX * 4 + 8];
	size_t inlen = strlen(input), inoff = 0, outlen = 0;
	int in_pipe[2] = { -1, -1 }, out_pipe[2] = { -1, -1 };
	int64_t deadline = mono_ms() + (int64_t)job->timeout * 1000;
	int status = 0, killed = 0, exited = 0;
	pid_t pid;

	argv[0] = job->command;
	argv[1] = job->account;
	argv[2] = NULL;
	envp[0] = (char *)NOTIFY_ENV_PATH;
	envp[1] = NULL;
	if (pipe2(in_pipe, O_CLOEXEC) < 0 || pipe2(out_pipe, O_CLOEXEC) < 0) {
		log_warn("notify: cannot run %s for %s: pipe", job->command,
		    job->account);
		goto out;
	}
	if ((pid = fork()) < 0) {
		log_warn("notify: cannot run %s for %s: fork", job->command,
		    job->account);
		goto out;
	}
	if (pid == 0)
		child(in_pipe[0], out_pipe[1], argv, envp);
	(void)setpgid(pid, pid); /* no race with kill(-pid) below */
	close(in_pipe[0]);
	close(out_pipe[1]);
	in_pipe[0] = out_pipe[1] = -1;
	(void)fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
	(void)fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);

	while (!exited) {
		struct pollfd pfd[2];
		int64_t left = deadline - mono_ms();
		nfds_t n = 0;
		pid_t w;

		if ((w = waitpid(pid, &status, WNOHANG)) == pid ||
		    (w < 0 && errno != EINTR)) {
			exited = 1;
			break;
		}
		if (left <= 0) {
			(void)kill(-pid, SIGKILL);
			(void)kill(pid, SIGKILL);
			killed = 1;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			exited = 1;
			break;
		}
		if (out_pipe[0] >= 0) {
			pfd[n].fd = out_pipe[0];
			pfd[n++].events = POLLIN;
		}
		if (in_pipe[1] >= 0) {
			pfd[n].fd = in_pipe[1];
			pfd[n++].events = POLLOUT;
		}
		/* wake up now and then to reap a child that left its output
		 * open in a background process */
		(void)poll(pfd, n, left < 100 ? (int)left : 100);
		if (in_pipe[1] >= 0 &&
		    write_some(in_pipe[1], input, inlen, &inoff) < 0) {
			close(in_pipe[1]);
			in_pipe[1] = -1;
		}
		if (out_pipe[0] >= 0) {
			char tmp[1024];
			ssize_t r = read(out_pipe[0], tmp, sizeof(tmp));

			if (r == 0) {
				close(out_pipe[0]);
				out_pipe[0] = -1;
			} else if (r > 0 && outlen < NOTIFY_OUTPUT_MAX) {
				size_t k = (size_t)r;

				if (k > NOTIFY_OUTPUT_MAX - outlen)
					k = NOTIFY_OUTPUT_MAX - outlen;
				memcpy(output + outlen, tmp, k);
				outlen += k;
			}
		}
	}
	/* what the command printed before it ended */
	if (out_pipe[0] >= 0 && outlen < NOTIFY_OUTPUT_MAX) {
		ssize_t r = read(out_pipe[0], output + outlen,
		    NOTIFY_OUTPUT_MAX - outlen);

		if (r > 0)
			outlen += (size_t)r;
	}
	while (outlen > 0 && (output[outlen - 1] == '\n' ||
	    output[outlen - 1] == '\r'))
		outlen--;
	log_escape(esc, sizeof(esc), output, outlen);
	if (killed)
		log_warnx("notify: %s %s killed after %us output=\"%s\"",
		    job->command, job->account, job->timeout, esc);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		log_info("notify: %s %s exit=0%s%s%s", job->command,
		    job->account, outlen ? " output=\"" : "", esc,
		    outlen ? "\"" : "");
	else if (WIFEXITED(status))
		log_warnx("notify: %s %s exit=%d%s output=\"%s\"",
		    job->command, job->account, WEXITSTATUS(status),
		    WEXITSTATUS(status) == 127 ? " (cannot execute)" : "",
		    esc);
	else
		log_warnx("notify: %s %s killed by signal %d output=\"%s\"",
		    job->command, job->account,
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0, esc);
out:
	if (in_pipe[0] >= 0)
		close(in_pipe[0]);
	if (in_pipe[1] >= 0)
		close(in_pipe[1]);
	if (out_pipe[0] >= 0)
		close(out_pipe[0]);
	if (out_pipe[1] >= 0)
		close(out_pipe[1]);
	free(input);
}

/* ---------------------------------------------------------- jobs */

static void
job_free(struct notify_job **jp)
{
	struct notify_job *job = *jp;

	if (job == NULL)
		return;
	free(job->account);
	free(job->hostname);
	free(job->admin);
	free(job->from);
	free(job->command);
	free(job);
	*jp = NULL;
}

static void *
job_run(void *arg)
{
	struct notify_job *job = arg;
	sigset_t pipe_set;

	/* a command that does not read its stdin must not kill us */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, NULL);
	if (job->command[0] != '\0')
		run_command(job);
	if (job->admin[0] != '\0')
		send_mail(job);
	job_free(&job);
	pthread_mutex_lock(&jobs_mu);
	jobs_running--;
	pthread_cond_broadcast(&jobs_done);
	pthread_mutex_unlock(&jobs_mu);
	return NULL;
}

void
notify_lock(void *arg, const struct config *cfg, const char *account,
    const struct lockstate *ls)
{
	const struct server *srv = arg;
	struct notify_job *job;
	pthread_attr_t attr;
	pthread_t tid;
	int e;

	if (cfg->notify_admin[0] == '\0' && cfg->notify_command[0] == '\0')
		return;
	pthread_mutex_lock(&jobs_mu);
	if (jobs_running >= NOTIFY_MAX_JOBS) {
		pthread_mutex_unlock(&jobs_mu);
		log_warnx("notify: %u notifications running: the lock of %s "
		    "is not notified", NOTIFY_MAX_JOBS, account);
		return;
	}
	jobs_running++;
	pthread_mutex_unlock(&jobs_mu);

	job = xcalloc(1, sizeof(*job));
	job->account = xstrdup(account);
	job->ls = *ls;
	job->now = (int64_t)time(NULL);
	job->relay = srv != NULL ? srv->relay : NULL;
	job->hostname = xstrdup(cfg->hostname);
	job->admin = xstrdup(cfg->notify_admin);
	job->from = xstrdup(cfg->notify_from);
	job->command = xstrdup(cfg->notify_command);
	job->timeout = cfg->notify_command_timeout;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	e = pthread_create(&tid, &attr, job_run, job);
	pthread_attr_destroy(&attr);
	if (e != 0) {
		log_warnx("notify: cannot start a thread for the lock of %s: %s",
		    account, strerror(e));
		job_free(&job);
		pthread_mutex_lock(&jobs_mu);
		jobs_running--;
		pthread_cond_broadcast(&jobs_done);
		pthread_mutex_unlock(&jobs_mu);
	}
}

int
notify_drain(unsigned seconds)
{
	struct timespec until;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&jobs_mu);
	if (jobs_running > 0)
		log_info("waiting for %u lock notification%s", jobs_running,
		    jobs_running == 1 ? "" : "s");
	while (jobs_running > 0 && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&jobs_done, &jobs_mu, &until);
	r = jobs_running > 0 ? -1 : 0;
	if (r < 0)
		log_warnx("exiting with %u lock notification%s unfinished",
		    jobs_running, jobs_running == 1 ? "" : "s");
	pthread_mutex_unlock(&jobs_mu);
	return r;
}
