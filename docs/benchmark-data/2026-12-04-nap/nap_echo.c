#define _GNU_SOURCE
/* nap_echo: the kit's epoll_echo.c, napping NAP_NS before handling a look that found fewer than SMALL ready
 * (timer slack SLACK ns when not 0). From epoll_echo: single-threaded raw TCP echo on one epoll loop — the ceiling
 * reference for a single event-loop-thread server (what Duplex is by default).
 * usage: epoll_echo [port]   (binds 127.0.0.1) */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <time.h>
#include <sys/prctl.h>
#ifndef NAP_NS
#define NAP_NS 20000
#endif
#ifndef SLACK
#define SLACK 0
#endif
#ifndef SMALL
#define SMALL 8
#endif

#define BUFSZ (256 * 1024)
#define MAXFD 65536

struct conn { char *pend; size_t off, len; };
static struct conn conns[MAXFD];
static char buf[BUFSZ];

static void drop(int ep, int fd) {
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(conns[fd].pend);
    memset(&conns[fd], 0, sizeof conns[fd]);
}

/* Try to flush pending bytes; returns 0 when nothing is left pending. */
static int flush(int ep, int fd) {
    struct conn *c = &conns[fd];
    while (c->off < c->len) {
        ssize_t w = write(fd, c->pend + c->off, c->len - c->off);
        if (w < 0) {
            if (errno == EAGAIN) return 1;
            drop(ep, fd);
            return -1;
        }
        c->off += (size_t)w;
    }
    c->off = c->len = 0;
    return 0;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 18080;
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 4096) < 0) {
        perror("bind/listen");
        return 1;
    }
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls}, evs[256];
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    fprintf(stderr, "epoll_echo listening on 127.0.0.1:%d\n", port);
    if (SLACK) prctl(PR_SET_TIMERSLACK, SLACK);
    for (;;) {
        int n = epoll_wait(ep, evs, 256, 0);
        if (n == 0) n = epoll_wait(ep, evs, 256, -1);
        else if (n < SMALL) { /* little work: let more gather without a waiter to wake */
            struct timespec t = {0, NAP_NS};
            nanosleep(&t, NULL);
        }
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == ls) {
                int cfd;
                while ((cfd = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (cfd >= MAXFD) { close(cfd); continue; }
                    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event ce = {.events = EPOLLIN, .data.fd = cfd};
                    epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ce);
                }
                continue;
            }
            struct conn *c = &conns[fd];
            if (c->len) { /* EPOLLOUT: finish the pending write, then read again */
                int r = flush(ep, fd);
                if (r == 0) {
                    struct epoll_event ce = {.events = EPOLLIN, .data.fd = fd};
                    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ce);
                }
                continue;
            }
            ssize_t r = read(fd, buf, BUFSZ);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                drop(ep, fd);
                continue;
            }
            ssize_t w = write(fd, buf, (size_t)r);
            if (w < 0) {
                if (errno != EAGAIN) { drop(ep, fd); continue; }
                w = 0;
            }
            if (w < r) { /* keep the rest, stop reading until it is written */
                c->pend = realloc(c->pend, (size_t)(r - w));
                memcpy(c->pend, buf + w, (size_t)(r - w));
                c->off = 0;
                c->len = (size_t)(r - w);
                struct epoll_event ce = {.events = EPOLLOUT, .data.fd = fd};
                epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ce);
            }
        }
    }
}
