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

// One client connection: a WebSocket (the upgrade, then messages) or, with an empty path, raw TCP bytes.
class Client
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
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    State state() const { return m_state; }
    bool wasOpened() const { return m_opened; }
    const std::string &error() const { return m_error; } // why it closed, when it did
    // Sends bytes as they are: a frame made with frame(), or raw TCP data.
    void send(std::string_view bytes);
    void close(); // without a closing handshake: the benchmark is over

    // A masked client frame (§5.3), FIN set. The key is fixed per call site's choice: servers never check it.
    static std::string frame(std::uint8_t opcode, std::string_view payload, std::uint32_t maskingKey);

    std::int64_t sentAtNs = 0; // when the outstanding request left, for echo round trips
    std::uint64_t index = 0;   // the caller's number for it

private:
    friend class Loop;
    void onEvents(std::uint32_t events);
    void readable();
    void flush();
    bool takeHandshake();
    void takeFrames();
    void deliver(std::string_view message);
    void fail(const std::string &why);
    void watch(bool writable);

    Loop &m_loop;
    int m_fd = -1;
    State m_state = State::Connecting;
    bool m_opened = false;
    std::string m_error;
    std::string m_host, m_path, m_key;
    Handlers m_handlers;
    std::string m_in;      // bytes read and not yet a whole frame
    std::string m_out;     // bytes the kernel would not take yet
    std::string m_message; // fragments of a message so far
    bool m_watchingWrites = false;
};

// The epoll loop that drives every Client.
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
