// SPDX-FileCopyrightText: 2026 Duplex contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <string_view>
#include <vector>

// The load generator's clients: non-blocking sockets on one epoll loop, without Qt's event loop or QWebSocket in
// the way, so that the generator spends its core on system calls and not on itself.
namespace Duplex::Load {

class Loop;

// A non-blocking TCP connection on a Loop: it connects, writes what the kernel takes and keeps the rest for later,
// reads whatever arrives and counts the bytes both ways. What the bytes mean is the subclass's business.
class Socket
{
public:
    Socket(Loop &loop, const sockaddr_in &server);
    virtual ~Socket();
    Socket(const Socket &) = delete;
    Socket &operator=(const Socket &) = delete;

    bool isClosed() const { return m_fd < 0; }
    const std::string &error() const { return m_error; } // why it closed, when it did
    // Sends bytes as they are; before the connection is up they wait for it.
    void send(std::string_view bytes);
    void close(); // without a closing handshake: the benchmark is over
    std::uint64_t bytesSent() const { return m_bytesSent; }
    std::uint64_t bytesReceived() const { return m_bytesReceived; }

    std::uint64_t index = 0; // the caller's number for it

protected:
    virtual void connected() = 0;
    virtual void received(std::string_view bytes) = 0;
    virtual void closed(const std::string &why) = 0; // by the peer or by an error, not by close()
    void fail(const std::string &why);

private:
    friend class Loop;
    void onEvents(std::uint32_t events);
    void readable();
    void flush();
    void watch(bool writable);

    Loop &m_loop;
    int m_fd = -1;
    bool m_connecting = true;
    std::string m_error;
    std::string m_out; // bytes the kernel would not take yet
    bool m_watchingWrites = false;
    std::uint64_t m_bytesSent = 0, m_bytesReceived = 0;
};

// One WebSocket client connection (the upgrade, then messages) or, with an empty path, raw TCP bytes.
class Client : public Socket
{
public:
    enum class State { Connecting, Upgrading, Open, Closed };
    struct Handlers
    {
        std::function<void(Client &)> opened;
        // A whole message (fragments joined), or for raw TCP whatever bytes arrived.
        std::function<void(Client &, std::string_view payload)> message;
        std::function<void(Client &, const std::string &why)> closed;
    };

    Client(Loop &loop, const sockaddr_in &server, std::string host, std::string path, Handlers handlers);

    State state() const { return isClosed() ? State::Closed : m_state; }
    bool wasOpened() const { return m_opened; }

    // A masked client frame (§5.3), FIN set. The key is fixed per call site's choice: servers never check it.
    static std::string frame(std::uint8_t opcode, std::string_view payload, std::uint32_t maskingKey);

    std::int64_t sentAtNs = 0; // when the outstanding request left, for echo round trips

private:
    void connected() override;
    void received(std::string_view bytes) override;
    void closed(const std::string &why) override;
    bool takeHandshake();
    void takeFrames();
    void deliver(std::string_view message);
    void open();

    State m_state = State::Connecting;
    bool m_opened = false;
    std::string m_host, m_path, m_key;
    Handlers m_handlers;
    std::string m_in;      // bytes read and not yet a whole frame
    std::string m_message; // fragments of a message so far
};

// The epoll loop that drives every Socket.
class Loop
{
public:
    Loop();
    ~Loop();
    Loop(const Loop &) = delete;
    Loop &operator=(const Loop &) = delete;

    // Handles events until deadlineNs (CLOCK_MONOTONIC) or until stop(), calling tick() at least every tickNs.
    void run(std::int64_t deadlineNs, std::int64_t tickNs = 10'000'000, const std::function<void()> &tick = {});
    void stop() { m_stopped = true; }
    int fd() const { return m_epoll; }

private:
    int m_epoll;
    bool m_stopped = false;
};

// Opens count clients, at most concurrency of them connecting at once, until each has opened or failed or timeoutNs
// passed. Returns them all (some may not be Open), how many never opened, and the first reason.
struct Opened
{
    std::vector<std::unique_ptr<Client>> clients;
    int failed = 0;
    std::string firstError;
};
Opened openClients(Loop &loop, int count, int concurrency, std::int64_t timeoutNs, const sockaddr_in &server,
    const std::string &host, const std::string &path, const Client::Handlers &handlers);

} // namespace Duplex::Load
