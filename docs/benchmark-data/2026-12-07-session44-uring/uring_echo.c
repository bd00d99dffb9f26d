// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#define _GNU_SOURCE
/* uring_echo: raw TCP echo on one io_uring: one io_uring_enter a pass for all reads and writes. */
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define BUFSZ (256*1024)
#define MAXFD 4096
enum { ACCEPT, RECV, SEND };
static char *bufs[MAXFD];
static unsigned long long tag(int kind, int fd) { return ((unsigned long long)kind << 32) | (unsigned)fd; }
static struct io_uring ring;
static struct io_uring_sqe *sqe(void) { struct io_uring_sqe *s = io_uring_get_sqe(&ring); if (!s) { io_uring_submit(&ring); s = io_uring_get_sqe(&ring);} return s; }
static void recv_on(int fd) { struct io_uring_sqe *s = sqe(); io_uring_prep_recv(s, fd, bufs[fd], BUFSZ, 0); io_uring_sqe_set_data64(s, tag(RECV, fd)); }
int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 18080, one = 1;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 4096) < 0) { perror("bind"); return 1; }
    struct io_uring_params p = {0};
    p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
    if (io_uring_queue_init_params(4096, &ring, &p) < 0) { perror("uring"); return 1; }
    struct io_uring_sqe *s = sqe(); io_uring_prep_multishot_accept(s, ls, NULL, NULL, 0); io_uring_sqe_set_data64(s, tag(ACCEPT, ls));
    for (;;) {
        io_uring_submit_and_wait(&ring, 1);
        struct io_uring_cqe *c; unsigned head, n = 0;
        io_uring_for_each_cqe(&ring, head, c) {
            n++;
            int kind = c->user_data >> 32, fd = (int)(c->user_data & 0xffffffff), res = c->res;
            if (kind == ACCEPT) {
                if (res >= 0 && res < MAXFD) { setsockopt(res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); if (!bufs[res]) bufs[res] = malloc(BUFSZ); recv_on(res); }
                else if (res >= 0) close(res);
            } else if (kind == RECV) {
                if (res <= 0) { close(fd); continue; }
                struct io_uring_sqe *w = sqe(); io_uring_prep_send(w, fd, bufs[fd], res, MSG_WAITALL); io_uring_sqe_set_data64(w, tag(SEND, fd));
            } else {
                if (res < 0) { close(fd); continue; }
                recv_on(fd);
            }
        }
        io_uring_cq_advance(&ring, n);
    }
}
