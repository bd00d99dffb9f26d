#define _GNU_SOURCE
/* uring_echo: the kit's epoll_echo on io_uring instead of epoll, to measure what batching a pass's waits, reads
 * and writes into one system call is worth on a host where a system call is dear. Each connection has one read
 * outstanding; a completed read queues its echo linked to the next read, so a pass is one io_uring_enter however
 * many connections it serves. Sends use MSG_WAITALL (the kernel retries a short send). A prototype for
 * docs/benchmarks.md, not a server: no error recovery beyond closing the connection.
 * usage: uring_echo [port]   (binds 127.0.0.1)
 * build: cc -O2 -Wall uring_echo.c -luring (liburing-dev); -DRING_FLAGS=0 for completions signalled at once */
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUFSZ 4096
#define MAXFD 8192
#ifndef RING_FLAGS
#define RING_FLAGS IORING_SETUP_COOP_TASKRUN /* completions handed over at the next io_uring_enter, no interrupt */
#endif
enum { ACCEPT, RECV, SEND };

static char bufs[MAXFD][BUFSZ];
static struct io_uring ring;

static uint64_t tag(int kind, int fd) { return (uint64_t)kind << 32 | (uint32_t)fd; }

static struct io_uring_sqe *sqe(void) {
    struct io_uring_sqe *s = io_uring_get_sqe(&ring);
    if (!s) { /* full: hand what is queued to the kernel first */
        io_uring_submit(&ring);
        s = io_uring_get_sqe(&ring);
    }
    return s;
}

static void recv_into(int fd) {
    struct io_uring_sqe *s = sqe();
    io_uring_prep_recv(s, fd, bufs[fd], BUFSZ, 0);
    io_uring_sqe_set_data64(s, tag(RECV, fd));
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 18080;
    int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 4096) < 0) {
        perror("bind/listen");
        return 1;
    }
    int err = io_uring_queue_init(4096, &ring, RING_FLAGS);
    if (err < 0) {
        fprintf(stderr, "io_uring_queue_init: %d\n", err);
        return 1;
    }
    struct io_uring_sqe *s = sqe();
    io_uring_prep_multishot_accept(s, ls, NULL, NULL, 0);
    io_uring_sqe_set_data64(s, tag(ACCEPT, ls));
    fprintf(stderr, "uring_echo listening on 127.0.0.1:%d\n", port);
    for (;;) {
        io_uring_submit_and_wait(&ring, 1);
        struct io_uring_cqe *cqe;
        unsigned head, seen = 0;
        io_uring_for_each_cqe(&ring, head, cqe) {
            ++seen;
            int kind = (int)(cqe->user_data >> 32), fd = (int)(uint32_t)cqe->user_data;
            if (kind == ACCEPT) {
                if (cqe->res >= MAXFD) {
                    close(cqe->res);
                } else if (cqe->res >= 0) {
                    setsockopt(cqe->res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    recv_into(cqe->res);
                }
                if (!(cqe->flags & IORING_CQE_F_MORE)) { /* the multishot accept ended: arm it again */
                    s = sqe();
                    io_uring_prep_multishot_accept(s, ls, NULL, NULL, 0);
                    io_uring_sqe_set_data64(s, tag(ACCEPT, ls));
                }
            } else if (kind == RECV) {
                if (cqe->res <= 0) {
                    close(fd);
                    continue;
                }
                s = sqe();
                io_uring_prep_send(s, fd, bufs[fd], (size_t)cqe->res, MSG_WAITALL);
                io_uring_sqe_set_data64(s, tag(SEND, fd));
                s->flags |= IOSQE_IO_LINK | IOSQE_CQE_SKIP_SUCCESS;
                recv_into(fd);
            } /* a failed send posts a completion too; its linked read is cancelled, and that closes */
        }
        io_uring_cq_advance(&ring, seen);
    }
}
