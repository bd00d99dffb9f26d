// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "client.h"

#include <QByteArray>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/tcp.h>
#include <random>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "procstats.h"
#include "wire/frameencoder.h"
#include "wire/handshake.h"

namespace Duplex::Load {

namespace {

constexpr std::size_t readChunk = 256 * 1024;

std::uint32_t randomKey()
{
    static std::mt19937 random {std::random_device {}()};
    return random();
}

std::uint64_t bigEndian(std::string_view bytes)
{
    std::uint64_t value = 0;
    for (const char c : bytes)
        value = value << 8 | std::uint8_t(c);
    return value;
}

} // namespace

Socket::Socket(Loop &loop, const sockaddr_in &server)
    : m_loop(loop)
{
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // requests are small and wait for answers
    epoll_event event {EPOLLIN | EPOLLOUT, {.ptr = this}};
    m_watchingWrites = true; // until connected
    epoll_ctl(m_loop.fd(), EPOLL_CTL_ADD, m_fd, &event);
    if (connect(m_fd, reinterpret_cast<const sockaddr *>(&server), sizeof server) != 0 && errno != EINPROGRESS)
        m_error = std::string("connect: ") + std::strerror(errno); // reported once the subclass is there
}

Socket::~Socket()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void Socket::close()
{
    if (m_fd < 0)
        return;
    ::close(m_fd); // also leaves the epoll set
    m_fd = -1;
}

void Socket::send(std::string_view bytes)
{
    if (isClosed())
        return;
    m_bytesSent += bytes.size();
    if (m_out.empty() && !m_connecting) {
        const ssize_t written = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (written < 0 && errno != EAGAIN)
            return fail(std::string("send: ") + std::strerror(errno));
        bytes.remove_prefix(std::size_t(std::max<ssize_t>(written, 0)));
        if (bytes.empty())
            return;
    }
    m_out.append(bytes);
    watch(true);
}

void Socket::flush()
{
    while (!m_out.empty()) {
        const ssize_t written = ::send(m_fd, m_out.data(), m_out.size(), MSG_NOSIGNAL);
        if (written < 0)
            return errno == EAGAIN ? void() : fail(std::string("send: ") + std::strerror(errno));
        m_out.erase(0, std::size_t(written));
    }
    watch(false);
}

void Socket::watch(bool writable)
{
    if (writable == m_watchingWrites || m_fd < 0)
        return;
    m_watchingWrites = writable;
    epoll_event event {EPOLLIN | (writable ? EPOLLOUT : 0u), {.ptr = this}};
    epoll_ctl(m_loop.fd(), EPOLL_CTL_MOD, m_fd, &event);
}

void Socket::onEvents(std::uint32_t events)
{
    if (m_connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0 || !m_error.empty())
            return fail(m_error.empty() ? std::string("connect: ") + std::strerror(error) : m_error);
        m_connecting = false;
        connected();
    }
    if (!isClosed() && (events & EPOLLOUT))
        flush();
    if (!isClosed() && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        readable();
}

void Socket::readable()
{
    static std::string chunk(readChunk, '\0'); // one loop, one thread
    for (;;) {
        const ssize_t got = ::recv(m_fd, chunk.data(), chunk.size(), 0);
        if (got == 0)
            return fail("the server closed the connection");
        if (got < 0)
            return errno == EAGAIN ? void() : fail(std::string("recv: ") + std::strerror(errno));
        m_bytesReceived += std::size_t(got);
        received(std::string_view(chunk.data(), std::size_t(got)));
        if (isClosed() || std::size_t(got) < chunk.size())
            return;
    }
}

void Socket::fail(const std::string &why)
{
    if (isClosed())
        return;
    close();
    m_error = why;
    closed(why);
}

Client::Client(Loop &loop, const sockaddr_in &server, std::string host, std::string path, Handlers handlers)
    : Socket(loop, server)
    , m_host(std::move(host))
    , m_path(std::move(path))
    , m_handlers(std::move(handlers))
{ }

std::string Client::frame(std::uint8_t opcode, std::string_view payload, std::uint32_t maskingKey)
{
    const QByteArray bytes = FrameEncoder::encode(
        QByteArrayView(payload.data(), qsizetype(payload.size())), {opcode, true, false, maskingKey});
    return bytes.toStdString();
}

void Client::connected()
{
    if (m_path.empty())
        return open();
    m_state = State::Upgrading;
    m_key = QByteArray::number(randomKey()).append("-duplex-load").first(16).toBase64().toStdString();
    send("GET " + m_path + " HTTP/1.1\r\nHost: " + m_host
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + m_key
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
}

void Client::open()
{
    m_state = State::Open;
    m_opened = true;
    if (m_handlers.opened)
        m_handlers.opened(*this);
}

void Client::received(std::string_view bytes)
{
    if (m_path.empty())
        return deliver(bytes);
    m_in.append(bytes);
    if (m_state == State::Upgrading && !takeHandshake())
        return;
    takeFrames();
}

void Client::closed(const std::string &why)
{
    if (m_handlers.closed)
        m_handlers.closed(*this, why);
}

bool Client::takeHandshake()
{
    const auto end = m_in.find("\r\n\r\n");
    if (end == std::string::npos)
        return m_in.size() < 16384 || (fail("a response head over 16 KiB"), false);
    const std::string head = m_in.substr(0, end + 4);
    m_in.erase(0, end + 4);
    if (!head.starts_with("HTTP/1.1 101")) {
        fail("upgrade refused: " + head.substr(0, head.find('\r')));
        return false;
    }
    const std::string accept = Handshake::acceptFor(QByteArray::fromStdString(m_key)).toStdString();
    if (head.find(accept) == std::string::npos) {
        fail("Sec-WebSocket-Accept does not match the key");
        return false;
    }
    open();
    return state() == State::Open;
}

// Server frames, read in place. They are unmasked and this client offers no extension, so the header is all there
// is to check (FrameDecoder, which checks everything, is what the server side uses).
void Client::takeFrames()
{
    std::size_t at = 0;
    while (state() == State::Open && m_in.size() - at >= 2) {
        const std::string_view rest(m_in.data() + at, m_in.size() - at);
        const bool fin = std::uint8_t(rest[0]) & 0x80;
        const std::uint8_t opcode = std::uint8_t(rest[0]) & 0x0f;
        if (std::uint8_t(rest[1]) & 0x80)
            return fail("a masked server frame");
        std::size_t header = 2;
        std::uint64_t length = std::uint8_t(rest[1]) & 0x7f;
        if (length >= 126) {
            const std::size_t bytes = length == 126 ? 2 : 8;
            if (rest.size() < 2 + bytes)
                break;
            length = bigEndian(rest.substr(2, bytes));
            header += bytes;
        }
        if (rest.size() - header < length)
            break;
        const std::string_view payload = rest.substr(header, std::size_t(length));
        at += header + std::size_t(length);
        switch (opcode) {
        case 0x8: // close
            return fail(payload.size() >= 2
                    ? "closed by the server with " + std::to_string(bigEndian(payload.substr(0, 2)))
                    : std::string("closed by the server"));
        case 0x9: // ping
            send(frame(0xA, payload, randomKey()));
            break;
        case 0xA: // pong
            break;
        default:
            if (fin && m_message.empty()) {
                deliver(payload);
            } else {
                m_message.append(payload);
                if (fin)
                    deliver(std::exchange(m_message, {}));
            }
        }
    }
    if (!isClosed())
        m_in.erase(0, at);
}

void Client::deliver(std::string_view message)
{
    if (m_handlers.message)
        m_handlers.message(*this, message);
}

Loop::Loop()
    : m_epoll(epoll_create1(EPOLL_CLOEXEC))
{ }

Loop::~Loop()
{
    ::close(m_epoll);
}

void Loop::run(std::int64_t deadlineNs, std::int64_t tickNs, const std::function<void()> &tick)
{
    m_stopped = false;
    epoll_event events[256];
    std::int64_t nextTick = nowNs() + tickNs;
    while (!m_stopped) {
        const std::int64_t now = nowNs();
        if (now >= deadlineNs)
            return;
        if (now >= nextTick) {
            nextTick = now + tickNs;
            if (tick)
                tick();
            continue;
        }
        const auto waitMs = int((std::min(deadlineNs, nextTick) - now + 999'999) / 1'000'000);
        const int count = epoll_wait(m_epoll, events, 256, waitMs);
        for (int i = 0; i < count; ++i)
            static_cast<Socket *>(events[i].data.ptr)->onEvents(events[i].events);
    }
}

Opened openClients(Loop &loop, int count, int concurrency, std::int64_t timeoutNs, const sockaddr_in &server,
    const std::string &host, const std::string &path, const Client::Handlers &handlers)
{
    Opened result;
    const auto topUp = [&] {
        const auto inFlight = std::count_if(result.clients.cbegin(), result.clients.cend(), [](const auto &client) {
            return client->state() == Client::State::Connecting || client->state() == Client::State::Upgrading;
        });
        auto started = inFlight;
        for (; started < concurrency && int(result.clients.size()) < count; ++started) {
            result.clients.push_back(std::make_unique<Client>(loop, server, host, path, handlers));
            result.clients.back()->index = result.clients.size() - 1;
        }
        if (int(result.clients.size()) == count && started == 0)
            loop.stop();
    };
    topUp();
    loop.run(nowNs() + timeoutNs, 1'000'000, topUp);
    for (const auto &client : result.clients) {
        if (client->wasOpened())
            continue;
        ++result.failed;
        if (result.firstError.empty())
            result.firstError = client->error().empty() ? "timed out" : client->error();
    }
    result.failed += count - int(result.clients.size());
    return result;
}

} // namespace Duplex::Load
